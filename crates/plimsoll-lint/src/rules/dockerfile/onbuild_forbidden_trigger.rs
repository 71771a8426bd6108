use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// These triggers are not allowed: the builder rejects the Dockerfile, or
    /// the child image fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// ONBUILD COPY . /app
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3043.
    pub struct OnbuildForbiddenTrigger {
        code: "DF030",
        name: "onbuild-forbidden-trigger",
        summary: "ONBUILD triggers ONBUILD, FROM or MAINTAINER",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3043"],
        fix: None,
        default: true,
    }
}

impl Rule for OnbuildForbiddenTrigger {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::Onbuild(inner) = &inst.body else {
            return;
        };
        if matches!(
            inner.keyword,
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer
        ) {
            out.add(
                inner.keyword_span,
                format!("`ONBUILD {}` is not allowed", inner.keyword.as_str()),
            );
        }
    }
}
