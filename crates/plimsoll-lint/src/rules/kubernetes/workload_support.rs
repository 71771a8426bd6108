//! Workload knowledge shared by K8S073, K8S089, K8S090 and K8S091
//! (practices K16, K18 and K20).

use super::prelude::*;

/// Whether a workload is a fragment rather than a whole object (see
/// [`helpers::is_fragment`]). Checks that need the whole pod stay quiet on
/// fragments.
pub(super) fn is_partial(cx: &K8sContext<'_>, o: &Object, _w: &Workload) -> bool {
    helpers::is_fragment(cx, o)
}
