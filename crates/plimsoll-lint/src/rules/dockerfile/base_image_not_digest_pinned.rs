use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports external base images pinned by tag but not by digest.
    ///
    /// ## Why is this bad?
    /// Tags can be moved: `alpine:3.20` today is not the same bytes as next
    /// month, and a compromised registry account can repoint a tag. A digest
    /// (`@sha256:...`) names exactly one image, so builds are reproducible
    /// and tamper-evident. Tools such as Renovate keep digests up to date.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
    /// ```
    ///
    /// This rule is off by default; select `DF010` to require digests.
    ///
    /// ## References
    /// - Practice D03 (digest pinning recognised as stronger).
    pub struct BaseImageNotDigestPinned {
        code: "DF010",
        name: "base-image-not-digest-pinned",
        summary: "Base image is pinned by tag but not by digest",
        severity: Info,
        category: Security,
        practices: ["D03"],
        peers: [],
        fix: None,
        default: false,
    }
}

impl Rule for BaseImageNotDigestPinned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let Some(image) = helpers::base_image(stage) else {
                continue;
            };
            // Untagged and `latest` images have their own rules.
            if image.digest.is_some() || image.tag.is_none() || image.is_latest() {
                continue;
            }
            let Body::From(from) = &helpers::from_instruction(df, stage).body else {
                continue;
            };
            out.add(
                from.image.span,
                format!("`{}` is pinned by tag only", from.image.value),
            )
            .help("append the image digest: `image:tag@sha256:<digest>`");
        }
    }
}
