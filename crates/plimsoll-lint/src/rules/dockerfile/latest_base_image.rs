use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `FROM` images tagged `latest`.
    ///
    /// ## Why is this bad?
    /// `latest` moves. Builds stop being reproducible, a rebuild can pull a
    /// new major version with breaking changes, and a rollback to an old
    /// commit no longer gives the old image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim-bookworm
    /// ```
    ///
    /// A digest (`python:latest@sha256:...`) pins the image, so it is not
    /// reported.
    ///
    /// ## References
    /// - Practice D03 (base images pinned).
    /// - hadolint DL3007, checkov CKV_DOCKER_7.
    pub struct LatestBaseImage {
        code: "DF009",
        name: "latest-base-image",
        summary: "Base image uses the `latest` tag",
        severity: Warning,
        category: Reliability,
        practices: ["D03"],
        peers: [Hadolint "DL3007", Checkov "CKV_DOCKER_7"],
        fix: None,
        default: true,
    }
}

impl Rule for LatestBaseImage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let Some(image) = helpers::base_image(stage) else {
                continue;
            };
            if image.is_latest() && image.digest.is_none() {
                let Body::From(from) = &helpers::from_instruction(df, stage).body else {
                    continue;
                };
                out.add(
                    from.image.span,
                    format!(
                        "base image `{}` uses the moving `latest` tag",
                        from.image.value
                    ),
                )
                .help("pin a version tag, e.g. `alpine:3.20`, and ideally its digest");
            }
        }
    }
}
