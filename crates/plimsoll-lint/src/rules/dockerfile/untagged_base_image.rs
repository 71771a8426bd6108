use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `FROM` images without a tag or digest.
    ///
    /// ## Why is this bad?
    /// An image without a tag means `latest`: whatever was pushed last. The
    /// same Dockerfile builds a different image from one day to the next, and
    /// a rebuild can silently pull a new major version.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22.11-bookworm-slim
    /// ```
    ///
    /// Build stages (`FROM builder`), `scratch` and images whose name comes
    /// from an `ARG` without default are not reported.
    ///
    /// ## References
    /// - Practice D03 (base images pinned).
    /// - hadolint DL3006, checkov CKV_DOCKER_7 (which reports untagged and `latest` alike).
    pub struct UntaggedBaseImage {
        code: "DF008",
        name: "untagged-base-image",
        summary: "Base image has no tag or digest",
        severity: Warning,
        category: Reliability,
        practices: ["D03"],
        peers: [Hadolint "DL3006", Checkov "CKV_DOCKER_7"],
        fix: None,
        default: true,
    }
}

impl Rule for UntaggedBaseImage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let Some(image) = helpers::base_image(stage) else {
                continue;
            };
            if image.tag.is_none() && image.digest.is_none() {
                let Body::From(from) = &helpers::from_instruction(df, stage).body else {
                    continue;
                };
                out.add(
                    from.image.span,
                    format!(
                        "base image `{}` has no tag, so it means `latest`",
                        from.image.value
                    ),
                )
                .help("pin a version tag (and ideally a digest), e.g. `image:1.2.3@sha256:...`");
            }
        }
    }
}
