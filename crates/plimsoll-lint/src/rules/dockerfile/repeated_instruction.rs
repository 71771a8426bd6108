//! CMD, ENTRYPOINT and HEALTHCHECK take effect only once per stage (D15).

use super::prelude::*;

/// Reports every `keyword` of a stage except the last, which is the one that counts.
fn report_all_but_last(cx: &DockerfileContext<'_>, keyword: Keyword, out: &mut Diagnostics<'_>) {
    let df = cx.dockerfile;
    for stage in &df.stages {
        let found: Vec<&Instruction> = df
            .stage_instructions(stage)
            .iter()
            .filter(|i| i.keyword == keyword)
            .collect();
        let Some((last, earlier)) = found.split_last() else {
            continue;
        };
        for inst in earlier {
            out.add(
                inst.keyword_span,
                format!(
                    "this `{}` is overridden by a later one in the same stage",
                    inst.keyword_text
                ),
            )
            .related(last.keyword_span, "this one takes effect")
            .help(format!("keep a single {} per stage", keyword.as_str()));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `CMD` followed by another `CMD` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect; the earlier ones are dead
    /// code that misleads readers about what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["echo", "one"]
    /// CMD ["echo", "two"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["echo", "two"]
    /// ```
    ///
    /// ## References
    /// - Practice D15 (single CMD/ENTRYPOINT/HEALTHCHECK).
    /// - hadolint DL4003, BuildKit MultipleInstructionsDisallowed.
    pub struct MultipleCmd {
        code: "DF014",
        name: "multiple-cmd",
        summary: "More than one CMD in a stage",
        severity: Warning,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL4003", Buildkit "MultipleInstructionsDisallowed"],
        fix: None,
        default: true,
    }
}

impl Rule for MultipleCmd {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        report_all_but_last(cx, Keyword::Cmd, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `ENTRYPOINT` followed by another `ENTRYPOINT` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage takes effect; the earlier ones
    /// mislead readers about what the container runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/first"]
    /// ENTRYPOINT ["/bin/second"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/bin/second"]
    /// ```
    ///
    /// ## References
    /// - Practice D15 (single CMD/ENTRYPOINT/HEALTHCHECK).
    /// - hadolint DL4004, BuildKit MultipleInstructionsDisallowed.
    pub struct MultipleEntrypoint {
        code: "DF015",
        name: "multiple-entrypoint",
        summary: "More than one ENTRYPOINT in a stage",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL4004", Buildkit "MultipleInstructionsDisallowed"],
        fix: None,
        default: true,
    }
}

impl Rule for MultipleEntrypoint {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        report_all_but_last(cx, Keyword::Entrypoint, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `HEALTHCHECK` followed by another `HEALTHCHECK` in the same stage.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage takes effect; an earlier one
    /// suggests a check that never runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost/"]
    /// HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost/healthz"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost/healthz"]
    /// ```
    ///
    /// ## References
    /// - Practice D15 (single CMD/ENTRYPOINT/HEALTHCHECK), D04.
    /// - hadolint DL3012, BuildKit MultipleInstructionsDisallowed.
    pub struct MultipleHealthchecks {
        code: "DF016",
        name: "multiple-healthchecks",
        summary: "More than one HEALTHCHECK in a stage",
        severity: Error,
        category: Correctness,
        practices: ["D15", "D04"],
        peers: [Hadolint "DL3012", Buildkit "MultipleInstructionsDisallowed"],
        fix: None,
        default: true,
    }
}

impl Rule for MultipleHealthchecks {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        report_all_but_last(cx, Keyword::Healthcheck, out);
    }
}
