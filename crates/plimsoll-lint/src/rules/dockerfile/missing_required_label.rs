use super::labels;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports labels listed in `[dockerfile] required-labels` that the
    /// Dockerfile never sets.
    ///
    /// ## Why is this bad?
    /// Organisations rely on labels to trace an image back to its source
    /// repository, licence and owners (`org.opencontainers.image.source`
    /// links a GHCR package to its repository). An image without them is an
    /// orphan in the registry.
    ///
    /// ## Example
    /// With `required-labels = ["org.opencontainers.image.source"]`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://github.com/org/app"
    /// ```
    ///
    /// ## Options
    /// `[dockerfile] required-labels`: label keys every Dockerfile must set.
    /// With no list, nothing is reported.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3049.
    pub struct MissingRequiredLabel {
        code: "DF044",
        name: "missing-required-label",
        summary: "A label the configuration requires is not set",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3049"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingRequiredLabel {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let required = &cx.settings.dockerfile.required_labels;
        let df = cx.dockerfile;
        let Some(stage) = df.final_stage() else {
            return;
        };
        if required.is_empty() {
            return;
        }
        let set: Vec<&str> = labels::all_labels(df)
            .map(|p| p.key.value.as_str())
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .map(String::as_str)
            .filter(|r| !set.contains(r))
            .collect();
        if missing.is_empty() {
            return;
        }
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.add(
            helpers::from_instruction(df, stage).span,
            format!("required label(s) {list} not set"),
        )
        .help(format!("add `LABEL {}=\"...\"`", missing[0]));
    }
}
