use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a final image that never sets `USER` and whose base image is
    /// not known to run as non-root.
    ///
    /// ## Why is this bad?
    /// Without `USER` the container runs as root (UID 0), so any bug in the
    /// application runs with root's powers inside the container and against
    /// the host kernel.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN useradd --uid 10001 --no-create-home app
    /// COPY app.py /app/
    /// USER 10001
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// Bases that already run as non-root are accepted: tags containing
    /// `nonroot` (distroless) and Chainguard images (`cgr.dev`).
    ///
    /// ## References
    /// - Practice D02 (final stage runs as a non-root user).
    /// - checkov CKV_DOCKER_3.
    pub struct MissingUser {
        code: "DF006",
        name: "missing-user",
        summary: "The final image never sets USER, so it runs as root",
        severity: Warning,
        category: Security,
        practices: ["D02"],
        peers: [Checkov "CKV_DOCKER_3"],
        fix: None,
        default: true,
    }
}

impl Rule for MissingUser {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let Some(stage) = df.final_stage() else {
            return;
        };
        if helpers::final_user(df).is_some() || helpers::base_is_nonroot(df) {
            return;
        }
        let from = helpers::from_instruction(df, stage);
        out.add(
            from.span,
            "the final image sets no `USER`, so it runs as root",
        )
        .help(
            "create an unprivileged user and end with `USER <uid>:<gid>` (numeric, 10001 or above)",
        );
    }
}
