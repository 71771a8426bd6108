use super::prelude::*;
use plimsoll_syntax::dockerfile::ImageRef;

declare_rule! {
    /// ## What it does
    /// Reports base images and `COPY --from` images from registries that are
    /// not listed in `[dockerfile] trusted-registries`.
    ///
    /// ## Why is this bad?
    /// Organisations mirror and scan approved images in their own
    /// registries. An image pulled from anywhere else bypasses that review.
    ///
    /// ## Example
    /// With `trusted-registries = ["registry.example.com"]`:
    /// ```dockerfile
    /// FROM quay.io/someone/tool:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/mirror/tool:1.0
    /// ```
    ///
    /// ## Options
    /// `[dockerfile] trusted-registries`: registry hosts allowed. `docker.io`
    /// covers unqualified images such as `nginx`. With no list, nothing is
    /// reported.
    ///
    /// ## References
    /// - Practice D13 (trusted base images, configurable registries).
    /// - hadolint DL3026.
    pub struct UntrustedRegistry {
        code: "DF011",
        name: "untrusted-registry",
        summary: "Image comes from a registry outside the trusted list",
        severity: Error,
        category: Security,
        practices: ["D13"],
        peers: [Hadolint "DL3026"],
        fix: None,
        default: true,
    }
}

fn trusted(image: &ImageRef, allowed: &[String]) -> bool {
    let registry = image.registry_or_default();
    allowed.iter().any(|a| {
        a.eq_ignore_ascii_case(registry)
            || (registry == "docker.io"
                && matches!(
                    a.as_str(),
                    "hub.docker.com" | "index.docker.io" | "registry-1.docker.io"
                ))
    })
}

impl Rule for UntrustedRegistry {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let allowed = &cx.settings.dockerfile.trusted_registries;
        if allowed.is_empty() {
            return;
        }
        let df = cx.dockerfile;
        let help = format!("trusted registries: {}", allowed.join(", "));
        for stage in &df.stages {
            let Some(image) = helpers::base_image(stage) else {
                continue;
            };
            if trusted(&image, allowed) {
                continue;
            }
            let Body::From(from) = &helpers::from_instruction(df, stage).body else {
                continue;
            };
            out.add(
                from.image.span,
                format!(
                    "`{}` comes from `{}`, which is not a trusted registry",
                    from.image.value,
                    image.registry_or_default()
                ),
            )
            .help(help.clone());
        }
        for inst in &df.instructions {
            let Some(flag) = inst.effective().flag("from") else {
                continue;
            };
            let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
                continue;
            };
            if helpers::is_stage_name(df, value)
                || value.parse::<usize>().is_ok()
                || value.contains('$')
            {
                continue;
            }
            let Some(image) = ImageRef::parse(value) else {
                continue;
            };
            if !trusted(&image, allowed) {
                out.add(
                    span,
                    format!(
                        "`COPY --from={value}` pulls from `{}`, which is not a trusted registry",
                        image.registry_or_default()
                    ),
                )
                .help(help.clone());
            }
        }
    }
}
