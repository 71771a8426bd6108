use super::labels;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports labels with an empty value.
    ///
    /// ## Why is this bad?
    /// An empty label looks set to tools that only check for its presence
    /// while carrying no information; it usually comes from a build argument
    /// that was never passed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.revision=""
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG REVISION=unknown
    /// LABEL org.opencontainers.image.revision="${REVISION}"
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3051.
    pub struct EmptyLabel {
        code: "DF045",
        name: "empty-label",
        summary: "Label with an empty value",
        severity: Warning,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3051"],
        fix: None,
        default: true,
    }
}

impl Rule for EmptyLabel {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for pair in labels::all_labels(cx.dockerfile) {
            if pair.value.value.trim().is_empty() {
                out.add(pair.span, format!("label `{}` is empty", pair.key.value));
            }
        }
    }
}
