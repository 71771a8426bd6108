use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a stage that uses both `curl` and `wget`.
    ///
    /// ## Why is this bad?
    /// Both do the same job; needing both means two tools (and their
    /// dependencies and CVEs) in the image where one would do.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSLO https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSLO https://example.com/a.tgz && curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## References
    /// - Practice D13 (minimal images).
    /// - hadolint DL4001.
    pub struct CurlAndWget {
        code: "DF077",
        name: "curl-and-wget",
        summary: "Both curl and wget used in one stage",
        severity: Info,
        category: Efficiency,
        practices: ["D13"],
        peers: [Hadolint "DL4001"],
        fix: None,
        default: true,
    }
}

impl Rule for CurlAndWget {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let mut first: [Option<Span>; 2] = [None, None];
            for inst in df.stage_instructions(stage) {
                let (Keyword::Run, Some(script)) = (inst.keyword, inst.script()) else {
                    continue;
                };
                for cmd in script.command_views() {
                    let i = match cmd.name() {
                        "curl" => 0,
                        "wget" => 1,
                        _ => continue,
                    };
                    let other = first[1 - i];
                    first[i].get_or_insert(cmd.name.span);
                    if let Some(other) = other {
                        out.add(
                            cmd.name.span,
                            format!(
                                "`{}` is used although this stage also uses `{}`",
                                cmd.name(),
                                if i == 0 { "wget" } else { "curl" }
                            ),
                        )
                        .related(other, "the other tool is used here")
                        .help("use one download tool per stage");
                    }
                }
            }
        }
    }
}
