use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Dockerfile syntax that BuildKit rejects: a `FROM` without an
    /// image, `COPY` without a destination, `ENV` pairs without `=`, unknown
    /// flags, `SHELL` not in JSON form, an unterminated heredoc, an invalid
    /// `# escape=` directive.
    ///
    /// ## Why is this bad?
    /// The build fails at this instruction. plimsoll reports the problem and
    /// keeps checking the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.tar.gz /opt/app/
    /// ```
    ///
    /// ## References
    /// - Practice D15 (instruction correctness).
    /// - hadolint DL1000 (parse errors).
    pub struct SyntaxError {
        code: "DF001",
        name: "dockerfile-syntax-error",
        summary: "Dockerfile syntax that the builder rejects",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL1000"],
        fix: None,
        default: true,
    }
}

impl Rule for SyntaxError {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for e in &cx.dockerfile.errors {
            out.add(e.span, e.message.clone());
        }
    }
}
