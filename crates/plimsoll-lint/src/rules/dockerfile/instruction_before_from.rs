use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports instructions other than `ARG` before the first `FROM`, and
    /// Dockerfiles with no `FROM` at all.
    ///
    /// ## Why is this bad?
    /// Only `ARG` (and parser directives and comments) may come before the
    /// first `FROM`; BuildKit rejects anything else. A Dockerfile without
    /// `FROM` builds nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="https://example.com/app"
    /// ```
    ///
    /// ## References
    /// - Practice D15 (instruction correctness).
    /// - hadolint DL3061.
    pub struct InstructionBeforeFrom {
        code: "DF003",
        name: "instruction-before-from",
        summary: "Instruction other than ARG before the first FROM",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3061"],
        fix: None,
        default: true,
    }
}

impl Rule for InstructionBeforeFrom {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        if df.instructions.is_empty() {
            if df.errors.is_empty() {
                out.add(Span::empty(0), "the Dockerfile has no instructions")
                    .help("a Dockerfile starts with `FROM <image>`");
            }
            return;
        }
        let has_from = df.instructions.iter().any(|i| i.keyword == Keyword::From);
        for inst in df
            .instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
        {
            if matches!(inst.keyword, Keyword::Arg | Keyword::Unknown) {
                continue;
            }
            let message = if has_from {
                format!(
                    "`{}` before the first `FROM`: only `ARG` may come first",
                    inst.keyword_text
                )
            } else {
                format!("`{}` but the Dockerfile has no `FROM`", inst.keyword_text)
            };
            out.add(inst.keyword_span, message);
        }
    }
}
