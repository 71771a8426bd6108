use super::prelude::*;

/// A double-quoted Dockerfile string.
pub(crate) fn dockerfile_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

declare_rule! {
    /// ## What it does
    /// Reports the deprecated `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated; the author belongs in a label, where
    /// registries and scanners look for it
    /// (`org.opencontainers.image.authors`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces the instruction with the label. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL4000, checkov CKV_DOCKER_6, BuildKit MaintainerDeprecated.
    pub struct MaintainerDeprecated {
        code: "DF029",
        name: "maintainer-deprecated",
        summary: "MAINTAINER is deprecated",
        severity: Warning,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL4000", Checkov "CKV_DOCKER_6", Buildkit "MaintainerDeprecated"],
        fix: Always,
        default: true,
    }
}

impl Rule for MaintainerDeprecated {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let Body::Maintainer(who) = &inst.body else {
            return;
        };
        let label = format!(
            "LABEL org.opencontainers.image.authors={}",
            dockerfile_quote(&who.value)
        );
        out.add(inst.keyword_span, "`MAINTAINER` is deprecated")
            .fix(Fix::safe(
                "Replace with `LABEL org.opencontainers.image.authors`",
                vec![Edit::replace(
                    Span::new(inst.keyword_span.start, inst.span.end),
                    label,
                )],
            ));
    }
}
