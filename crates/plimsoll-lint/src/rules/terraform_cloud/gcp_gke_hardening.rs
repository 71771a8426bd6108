//! TF073-TF075: GKE clusters without Workload Identity, without network
//! policy enforcement, or without a release channel.

use super::prelude::*;

const CLUSTER: &str = "google_container_cluster";

fn autopilot(cx: &TerraformContext<'_>, r: &Resource<'_>) -> bool {
    r.attr("enable_autopilot")
        .is_some_and(|a| cx.eval(a.value).as_bool() != Some(false))
}

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources without a
    /// `workload_identity_config` block. Autopilot clusters (always with
    /// Workload Identity) are not reported.
    ///
    /// ## Why is this bad?
    /// Without Workload Identity, pods call Google APIs with the node's
    /// service account (often the Compute Engine default account with the
    /// Editor role), so every pod has the permissions any of them needs and
    /// can read the node's metadata. Workload Identity maps each Kubernetes
    /// service account to its own Google service account.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    ///   workload_identity_config {
    ///     workload_pool = "${var.project}.svc.id.goog"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T09 (pod-level identity over node identities).
    pub struct GkeWorkloadIdentityDisabled {
        code: "TF073",
        name: "gke-workload-identity-disabled",
        summary: "GKE cluster without Workload Identity",
        severity: Warning,
        category: Security,
        practices: ["T09"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for GkeWorkloadIdentityDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || is_set(r, "workload_identity_config") || autopilot(cx, r) {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no `workload_identity_config`, so pods use the node's service account",
                subject(r)
            ),
        )
        .help("add `workload_identity_config { workload_pool = \"<project>.svc.id.goog\" }`");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources that enforce no network
    /// policy: `network_policy.enabled` unset or `false`, without
    /// `datapath_provider = "ADVANCED_DATAPATH"` (GKE Dataplane V2, which
    /// enforces policies itself). Autopilot clusters are not reported.
    ///
    /// ## Why is this bad?
    /// Without an enforcing network plugin, Kubernetes NetworkPolicy
    /// objects are accepted and silently ignored: every pod can reach every
    /// other pod, so one compromised workload can probe databases and
    /// internal APIs across namespaces.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name              = "prod"
    ///   location          = "europe-west1"
    ///   datapath_provider = "ADVANCED_DATAPATH"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_GCP_12; Trivy AVD-GCP-0056.
    pub struct GkeNetworkPolicyDisabled {
        code: "TF074",
        name: "gke-network-policy-disabled",
        summary: "GKE cluster that does not enforce network policies",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [Checkov "CKV_GCP_12", Trivy "AVD-GCP-0056"],
        fix: None,
        default: true,
    }
}

impl Rule for GkeNetworkPolicyDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || autopilot(cx, r) {
            return;
        }
        match setting(cx, r, "datapath_provider") {
            Setting::Unknown => return,
            Setting::Known(_, v) if v.as_str() == Some("ADVANCED_DATAPATH") => return,
            _ => {}
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "network_policy.enabled",
                want: true,
                default: false,
                problem: "NetworkPolicy objects are not enforced",
                help: "use `datapath_provider = \"ADVANCED_DATAPATH\"` (Dataplane V2) or `network_policy { enabled = true }`",
            },
            out,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_container_cluster` resources without a
    /// `release_channel` block or with `channel = "UNSPECIFIED"`.
    ///
    /// ## Why is this bad?
    /// Outside a release channel the cluster's version is managed by hand:
    /// clusters drift to unsupported versions and miss security patches
    /// until GKE forces an upgrade at its own schedule. A channel (usually
    /// `REGULAR` or `STABLE`) keeps control plane and nodes patched within
    /// maintenance windows.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_container_cluster" "main" {
    ///   name     = "prod"
    ///   location = "europe-west1"
    ///   release_channel {
    ///     channel = "REGULAR"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T08 (cluster hardening).
    /// - checkov CKV_GCP_70.
    pub struct GkeReleaseChannelUnset {
        code: "TF075",
        name: "gke-release-channel-unset",
        summary: "GKE cluster outside a release channel",
        severity: Info,
        category: Reliability,
        practices: ["T08"],
        peers: [Checkov "CKV_GCP_70"],
        fix: None,
        default: true,
    }
}

impl Rule for GkeReleaseChannelUnset {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != CLUSTER || r.has_dynamic("release_channel") {
            return;
        }
        let help = "add `release_channel { channel = \"REGULAR\" }`";
        if r.block("release_channel").is_none() {
            out.add(
                r.header_span(),
                format!(
                    "{} has no `release_channel`, so its upgrades are managed by hand",
                    subject(r)
                ),
            )
            .help(help);
            return;
        }
        if let Some((a, v, c)) = known_str(cx, r, "release_channel.channel")
            && c.eq_ignore_ascii_case("UNSPECIFIED")
        {
            out.add(
                a.span,
                format!(
                    "{} sets `release_channel.channel` to {}, so its upgrades are managed by hand",
                    subject(r),
                    shown(cx, &a, &v)
                ),
            )
            .help(help);
        }
    }
}
