use super::labels;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports label values that do not have the format
    /// `[dockerfile.label-schema]` requires: `url`, `email`, `rfc3339`
    /// (timestamps), `semver`, `spdx` (licence expressions) or `hash` (git
    /// commit).
    ///
    /// ## Why is this bad?
    /// Labels feed automation: a registry links `…source` to the
    /// repository, scanners read `…licenses`, release tooling compares
    /// `…version`. A malformed value silently breaks those links.
    ///
    /// ## Example
    /// With `"org.opencontainers.image.created" = "rfc3339"`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.created="yesterday"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG CREATED
    /// LABEL org.opencontainers.image.created="${CREATED}"
    /// ```
    ///
    /// Values built from variables are not checked.
    ///
    /// ## Options
    /// `[dockerfile.label-schema]`: label key to `text`, `url`, `email`,
    /// `rfc3339`, `semver`, `spdx` or `hash`.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3052, DL3053, DL3054, DL3055, DL3056, DL3058.
    pub struct InvalidLabelValue {
        code: "DF046",
        name: "invalid-label-value",
        summary: "Label value does not match its schema type",
        severity: Warning,
        category: Correctness,
        practices: ["D15"],
        peers: [
            Hadolint "DL3052", Hadolint "DL3053", Hadolint "DL3054",
            Hadolint "DL3055", Hadolint "DL3056", Hadolint "DL3058",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidLabelValue {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let schema = &cx.settings.dockerfile.label_schema;
        if schema.is_empty() {
            return;
        }
        for pair in labels::all_labels(cx.dockerfile) {
            let Some(&kind) = schema.get(&pair.key.value) else {
                continue;
            };
            let value = &pair.value.value;
            if value.contains('$') || value.is_empty() || labels::matches_type(kind, value) {
                continue;
            }
            out.add(
                pair.value.span,
                format!(
                    "label `{}` is not {} (label-schema: {})",
                    pair.key.value,
                    kind.describe(),
                    kind.as_str()
                ),
            );
        }
    }
}
