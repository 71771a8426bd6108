use super::prelude::*;

/// Instructions users mistype, with what they meant.
const SUGGESTIONS: [(&str, &str); 8] = [
    ("COPPY", "COPY"),
    ("WORKDIRECTORY", "WORKDIR"),
    ("ENTRY", "ENTRYPOINT"),
    ("EXPOSES", "EXPOSE"),
    ("LABELS", "LABEL"),
    ("ARGS", "ARG"),
    ("RUNS", "RUN"),
    ("VOLUMES", "VOLUME"),
];

declare_rule! {
    /// ## What it does
    /// Reports lines that start with a word that is not a Dockerfile
    /// instruction.
    ///
    /// ## Why is this bad?
    /// BuildKit stops with "unknown instruction". This often comes from a
    /// continuation line that lost its trailing backslash, so the next line
    /// is read as a new instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    ///     apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update \
    ///     && apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// - Practice D15 (instruction correctness).
    /// - hadolint DL1000 (parse errors).
    pub struct UnknownInstruction {
        code: "DF002",
        name: "unknown-instruction",
        summary: "Line starts with a word that is not a Dockerfile instruction",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL1000"],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownInstruction {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        if inst.keyword != Keyword::Unknown {
            return;
        }
        let word = inst.keyword_text.to_ascii_uppercase();
        let suggestion = SUGGESTIONS
            .iter()
            .find(|(typo, _)| *typo == word)
            .map(|(_, s)| *s);
        let previous_ends_without_continuation = cx
            .dockerfile
            .instructions
            .iter()
            .take_while(|i| i.span.start < inst.span.start)
            .last()
            .is_some_and(|prev| {
                prev.keyword == Keyword::Run
                    && inst.span.start > 0
                    && cx.file.text()[..inst.span.start].ends_with([' ', '\t'])
            });
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None if previous_ends_without_continuation => {
                "if this line continues the previous RUN, end that line with `\\`".to_string()
            }
            None => "instructions are FROM, RUN, COPY, ADD, CMD, ENTRYPOINT, ENV, ARG, LABEL, EXPOSE, USER, WORKDIR, VOLUME, HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD".to_string(),
        };
        out.add(
            inst.keyword_span,
            format!("`{}` is not a Dockerfile instruction", inst.keyword_text),
        )
        .help(help);
    }
}
