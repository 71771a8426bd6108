//! Deprecated and removed API versions of built-in kinds, from the
//! Kubernetes deprecation guide and the `prerelease-lifecycle` tags of
//! k8s.io/api (minor versions of Kubernetes 1.x).

/// What moving to the replacement takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migration {
    /// Only `apiVersion` changes.
    Rename,
    /// Same shape, but a default or meaning differs (said in `note`).
    RenameWithSemantics,
    /// Some fields are renamed, moved or newly required.
    Fields,
    /// The structure changes.
    Structural,
    /// No replacement.
    None,
}

#[derive(Debug, Clone, Copy)]
pub struct Deprecation {
    pub api_version: &'static str,
    pub kinds: &'static [&'static str],
    pub deprecated_in: u32,
    pub removed_in: u32,
    /// The apiVersion to use instead (empty when there is none).
    pub replacement: &'static str,
    pub migration: Migration,
    pub note: &'static str,
}

use Migration::{Fields, Rename, RenameWithSemantics, Structural};

const APPS_NOTE: &str =
    "`spec.selector` becomes required (copy the template labels) and some defaults change";
const INGRESS_NOTE: &str = "`serviceName`/`servicePort` become `service.name` and `service.port.number|name`, `backend` becomes `defaultBackend`, and every path needs a `pathType`";

pub static DEPRECATIONS: &[Deprecation] = &[
    // Removed in 1.16.
    Deprecation {
        api_version: "extensions/v1beta1",
        kinds: &["Deployment", "DaemonSet", "ReplicaSet"],
        deprecated_in: 8,
        removed_in: 16,
        replacement: "apps/v1",
        migration: Fields,
        note: APPS_NOTE,
    },
    Deprecation {
        api_version: "apps/v1beta1",
        kinds: &["Deployment", "StatefulSet", "ReplicaSet"],
        deprecated_in: 8,
        removed_in: 16,
        replacement: "apps/v1",
        migration: Fields,
        note: APPS_NOTE,
    },
    Deprecation {
        api_version: "apps/v1beta2",
        kinds: &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"],
        deprecated_in: 9,
        removed_in: 16,
        replacement: "apps/v1",
        migration: Fields,
        note: APPS_NOTE,
    },
    Deprecation {
        api_version: "apps/v1beta1",
        kinds: &["ControllerRevision"],
        deprecated_in: 8,
        removed_in: 16,
        replacement: "apps/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "apps/v1beta2",
        kinds: &["ControllerRevision"],
        deprecated_in: 9,
        removed_in: 16,
        replacement: "apps/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "extensions/v1beta1",
        kinds: &["NetworkPolicy"],
        deprecated_in: 9,
        removed_in: 16,
        replacement: "networking.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "extensions/v1beta1",
        kinds: &["PodSecurityPolicy"],
        deprecated_in: 11,
        removed_in: 16,
        replacement: "",
        migration: Migration::None,
        note: "PodSecurityPolicy itself was removed in 1.25; use Pod Security Admission (`pod-security.kubernetes.io/*` namespace labels)",
    },
    // Removed in 1.22.
    Deprecation {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kinds: &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
        ],
        deprecated_in: 16,
        removed_in: 22,
        replacement: "admissionregistration.k8s.io/v1",
        migration: Fields,
        note: "`sideEffects` and `admissionReviewVersions` become required and the default failurePolicy becomes Fail",
    },
    Deprecation {
        api_version: "apiextensions.k8s.io/v1beta1",
        kinds: &["CustomResourceDefinition"],
        deprecated_in: 16,
        removed_in: 22,
        replacement: "apiextensions.k8s.io/v1",
        migration: Structural,
        note: "schemas, subresources and printer columns move under `spec.versions[*]` and a structural `openAPIV3Schema` is required",
    },
    Deprecation {
        api_version: "apiregistration.k8s.io/v1beta1",
        kinds: &["APIService"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "apiregistration.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "authentication.k8s.io/v1beta1",
        kinds: &["TokenReview"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "authentication.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "authorization.k8s.io/v1beta1",
        kinds: &[
            "SubjectAccessReview",
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
        ],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "authorization.k8s.io/v1",
        migration: Fields,
        note: "`spec.group` becomes `spec.groups`",
    },
    Deprecation {
        api_version: "certificates.k8s.io/v1beta1",
        kinds: &["CertificateSigningRequest"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "certificates.k8s.io/v1",
        migration: Fields,
        note: "`spec.signerName` and `spec.usages` become required",
    },
    Deprecation {
        api_version: "coordination.k8s.io/v1beta1",
        kinds: &["Lease"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "coordination.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "extensions/v1beta1",
        kinds: &["Ingress"],
        deprecated_in: 14,
        removed_in: 22,
        replacement: "networking.k8s.io/v1",
        migration: Structural,
        note: INGRESS_NOTE,
    },
    Deprecation {
        api_version: "networking.k8s.io/v1beta1",
        kinds: &["Ingress"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "networking.k8s.io/v1",
        migration: Structural,
        note: INGRESS_NOTE,
    },
    Deprecation {
        api_version: "networking.k8s.io/v1beta1",
        kinds: &["IngressClass"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "networking.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kinds: &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        deprecated_in: 17,
        removed_in: 22,
        replacement: "rbac.authorization.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "rbac.authorization.k8s.io/v1alpha1",
        kinds: &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        deprecated_in: 17,
        removed_in: 22,
        replacement: "rbac.authorization.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "scheduling.k8s.io/v1beta1",
        kinds: &["PriorityClass"],
        deprecated_in: 14,
        removed_in: 22,
        replacement: "scheduling.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "scheduling.k8s.io/v1alpha1",
        kinds: &["PriorityClass"],
        deprecated_in: 14,
        removed_in: 17,
        replacement: "scheduling.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["CSIDriver", "StorageClass", "VolumeAttachment"],
        deprecated_in: 19,
        removed_in: 22,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["CSINode"],
        deprecated_in: 17,
        removed_in: 22,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    // Removed in 1.25.
    Deprecation {
        api_version: "batch/v1beta1",
        kinds: &["CronJob"],
        deprecated_in: 21,
        removed_in: 25,
        replacement: "batch/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "discovery.k8s.io/v1beta1",
        kinds: &["EndpointSlice"],
        deprecated_in: 21,
        removed_in: 25,
        replacement: "discovery.k8s.io/v1",
        migration: Fields,
        note: "per-endpoint `topology` becomes `nodeName` and `zone`",
    },
    Deprecation {
        api_version: "events.k8s.io/v1beta1",
        kinds: &["Event"],
        deprecated_in: 22,
        removed_in: 25,
        replacement: "events.k8s.io/v1",
        migration: Fields,
        note: "`type` must be Normal or Warning and several fields are renamed",
    },
    Deprecation {
        api_version: "autoscaling/v2beta1",
        kinds: &["HorizontalPodAutoscaler"],
        deprecated_in: 22,
        removed_in: 25,
        replacement: "autoscaling/v2",
        migration: Structural,
        note: "metric targets move into `target: {type, averageUtilization|averageValue|value}` and `metric: {name, selector}`",
    },
    Deprecation {
        api_version: "policy/v1beta1",
        kinds: &["PodDisruptionBudget"],
        deprecated_in: 21,
        removed_in: 25,
        replacement: "policy/v1",
        migration: RenameWithSemantics,
        note: "an empty `spec.selector: {}` selects every pod of the namespace in policy/v1 but none in v1beta1",
    },
    Deprecation {
        api_version: "policy/v1beta1",
        kinds: &["PodSecurityPolicy"],
        deprecated_in: 21,
        removed_in: 25,
        replacement: "",
        migration: Migration::None,
        note: "use Pod Security Admission (`pod-security.kubernetes.io/*` namespace labels) or a policy engine",
    },
    Deprecation {
        api_version: "node.k8s.io/v1beta1",
        kinds: &["RuntimeClass"],
        deprecated_in: 22,
        removed_in: 25,
        replacement: "node.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    // Removed in 1.26 to 1.32.
    Deprecation {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta1",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        deprecated_in: 23,
        removed_in: 26,
        replacement: "flowcontrol.apiserver.k8s.io/v1",
        migration: Fields,
        note: "`assuredConcurrencyShares` becomes `nominalConcurrencyShares`",
    },
    Deprecation {
        api_version: "autoscaling/v2beta2",
        kinds: &["HorizontalPodAutoscaler"],
        deprecated_in: 23,
        removed_in: 26,
        replacement: "autoscaling/v2",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["CSIStorageCapacity"],
        deprecated_in: 24,
        removed_in: 27,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta2",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        deprecated_in: 26,
        removed_in: 29,
        replacement: "flowcontrol.apiserver.k8s.io/v1",
        migration: Fields,
        note: "`assuredConcurrencyShares` becomes `nominalConcurrencyShares`",
    },
    Deprecation {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta3",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        deprecated_in: 29,
        removed_in: 32,
        replacement: "flowcontrol.apiserver.k8s.io/v1",
        migration: RenameWithSemantics,
        note: "an explicit `nominalConcurrencyShares: 0` is kept instead of becoming 30",
    },
    // Alpha and newer beta APIs.
    Deprecation {
        api_version: "flowcontrol.apiserver.k8s.io/v1alpha1",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        deprecated_in: 20,
        removed_in: 21,
        replacement: "flowcontrol.apiserver.k8s.io/v1",
        migration: Fields,
        note: "`assuredConcurrencyShares` becomes `nominalConcurrencyShares`",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1alpha1",
        kinds: &["VolumeAttachment", "CSIStorageCapacity"],
        deprecated_in: 21,
        removed_in: 24,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1alpha1",
        kinds: &["VolumeAttributesClass"],
        deprecated_in: 32,
        removed_in: 35,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["VolumeAttributesClass"],
        deprecated_in: 34,
        removed_in: 37,
        replacement: "storage.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "admissionregistration.k8s.io/v1alpha1",
        kinds: &[
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
        ],
        deprecated_in: 29,
        removed_in: 32,
        replacement: "admissionregistration.k8s.io/v1",
        migration: Fields,
        note: "the alpha API changed on its way to v1",
    },
    Deprecation {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kinds: &[
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
        ],
        deprecated_in: 31,
        removed_in: 34,
        replacement: "admissionregistration.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "networking.k8s.io/v1alpha1",
        kinds: &["ServiceCIDR", "IPAddress"],
        deprecated_in: 30,
        removed_in: 33,
        replacement: "networking.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "networking.k8s.io/v1beta1",
        kinds: &["ServiceCIDR", "IPAddress"],
        deprecated_in: 34,
        removed_in: 37,
        replacement: "networking.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "resource.k8s.io/v1beta1",
        kinds: &[
            "ResourceClaim",
            "ResourceClaimTemplate",
            "DeviceClass",
            "ResourceSlice",
        ],
        deprecated_in: 35,
        removed_in: 38,
        replacement: "resource.k8s.io/v1",
        migration: Structural,
        note: "device request fields move under `exactly:` and ResourceSlice devices are flattened",
    },
    Deprecation {
        api_version: "resource.k8s.io/v1beta2",
        kinds: &[
            "ResourceClaim",
            "ResourceClaimTemplate",
            "DeviceClass",
            "ResourceSlice",
        ],
        deprecated_in: 36,
        removed_in: 39,
        replacement: "resource.k8s.io/v1",
        migration: Rename,
        note: "",
    },
    Deprecation {
        api_version: "certificates.k8s.io/v1alpha1",
        kinds: &["ClusterTrustBundle"],
        deprecated_in: 34,
        removed_in: 37,
        replacement: "certificates.k8s.io/v1beta1",
        migration: Rename,
        note: "",
    },
];

/// The deprecation entry for an object's `apiVersion` and `kind`.
pub fn lookup(api_version: &str, kind: &str) -> Option<&'static Deprecation> {
    DEPRECATIONS
        .iter()
        .find(|d| d.api_version == api_version && d.kinds.contains(&kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_consistent() {
        for d in DEPRECATIONS {
            assert!(d.deprecated_in < d.removed_in, "{}", d.api_version);
            assert_eq!(
                d.replacement.is_empty(),
                d.migration == Migration::None,
                "{}",
                d.api_version
            );
            assert_ne!(d.replacement, d.api_version);
        }
        assert_eq!(
            lookup("batch/v1beta1", "CronJob").map(|d| d.removed_in),
            Some(25)
        );
        assert!(lookup("batch/v1", "CronJob").is_none());
        assert!(
            lookup("extensions/v1beta1", "Ingress")
                .is_some_and(|d| d.migration == Migration::Structural)
        );
    }
}
