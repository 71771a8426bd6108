use super::labels;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `[dockerfile] strict-labels = true`, reports labels that are not
    /// listed in `[dockerfile.label-schema]`.
    ///
    /// ## Why is this bad?
    /// Teams that define a label schema want every label to be one of
    /// theirs: a typo such as `org.opencontainers.image.sorce` otherwise
    /// goes unnoticed.
    ///
    /// ## Example
    /// With a schema listing only `org.opencontainers.image.source`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.sorce="https://github.com/org/app"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/org/app"
    /// ```
    ///
    /// ## Options
    /// `[dockerfile] strict-labels` (default false) and `[dockerfile.label-schema]`.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3050.
    pub struct SuperfluousLabel {
        code: "DF047",
        name: "superfluous-label",
        summary: "Label not in the configured label schema",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3050"],
        fix: None,
        default: true,
    }
}

impl Rule for SuperfluousLabel {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let settings = &cx.settings.dockerfile;
        if !settings.strict_labels {
            return;
        }
        for pair in labels::all_labels(cx.dockerfile) {
            if !settings.label_schema.contains_key(&pair.key.value) {
                out.add(
                    pair.key.span,
                    format!("label `{}` is not in the label schema", pair.key.value),
                );
            }
        }
    }
}
