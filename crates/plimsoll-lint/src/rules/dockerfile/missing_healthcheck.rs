use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a service image (its final stage exposes a port) that declares
    /// no `HEALTHCHECK`.
    ///
    /// ## Why is this bad?
    /// Without a health check Docker and Compose only know whether the
    /// process is alive, not whether it serves: a deadlocked server stays
    /// "up", `depends_on: condition: service_healthy` cannot work, and
    /// restarts never happen.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// EXPOSE 80
    /// HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "-O", "/dev/null", "http://localhost/"]
    /// ```
    ///
    /// `HEALTHCHECK NONE` states deliberately that there is none (for
    /// example when Kubernetes probes do the job) and is accepted. Images
    /// that expose no port (tools, build images, base images) are not
    /// reported.
    ///
    /// ## References
    /// - Practice D04 (services declare a HEALTHCHECK).
    /// - hadolint DL3057, checkov CKV_DOCKER_2.
    pub struct MissingHealthcheck {
        code: "DF017",
        name: "missing-healthcheck",
        summary: "Service image exposes a port but declares no HEALTHCHECK",
        severity: Info,
        category: Reliability,
        practices: ["D04"],
        peers: [Hadolint "DL3057", Checkov "CKV_DOCKER_2"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingHealthcheck {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let Some(stage) = df.final_stage() else {
            return;
        };
        let image = helpers::final_image_instructions(df);
        let expose = image.iter().find(|i| i.keyword == Keyword::Expose);
        let has_healthcheck = image.iter().any(|i| i.keyword == Keyword::Healthcheck);
        let Some(expose) = expose else { return };
        if has_healthcheck {
            return;
        }
        out.add(helpers::from_instruction(df, stage).span, "this service image declares no HEALTHCHECK")
            .related(expose.span, "it exposes a port here")
            .help("add `HEALTHCHECK CMD [...]` that probes the service, or `HEALTHCHECK NONE` if the orchestrator probes it");
    }
}
