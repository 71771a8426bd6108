//! Workload knowledge shared by K8S073, K8S089, K8S090 and K8S091.

use super::prelude::*;

/// Whether a workload is a fragment rather than a whole object: a file a
/// kustomization lists as a patch, a file named like a patch
/// (`repo-server-patch.yaml`, applied with `kubectl patch` or an overlay
/// outside the run), or an `apps` controller without the `spec.selector`
/// the API requires. Checks that need the whole pod stay quiet on
/// fragments.
pub(super) fn is_partial(cx: &K8sContext<'_>, o: &Object, w: &Workload) -> bool {
    let named_patch = cx
        .parsed
        .fs_path
        .file_stem()
        .is_some_and(|s| s.to_string_lossy().to_ascii_lowercase().contains("patch"));
    named_patch
        || cx.cluster.is_patch(cx.parsed)
        || (o.group() == "apps"
            && matches!(
                w.kind,
                WorkloadKind::Deployment
                    | WorkloadKind::StatefulSet
                    | WorkloadKind::DaemonSet
                    | WorkloadKind::ReplicaSet
            )
            && w.selector_node.is_none())
}
