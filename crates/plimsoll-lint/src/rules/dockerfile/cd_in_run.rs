use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `cd` in `RUN` scripts.
    ///
    /// ## Why is this bad?
    /// The directory change lasts only for that `RUN`, which surprises
    /// readers who expect the next instruction to run there too. `WORKDIR`
    /// states the directory once, for every following instruction, and
    /// creates it if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN cd /src && go build -o /app .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// RUN go build -o /app .
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3003.
    pub struct CdInRun {
        code: "DF050",
        name: "cd-in-run",
        summary: "cd used in a RUN script instead of WORKDIR",
        severity: Warning,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3003"],
        fix: None,
        default: true,
    }
}

impl Rule for CdInRun {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.commands_named("cd") {
                out.add(
                    cmd.span(),
                    "`cd` changes directory for this RUN only; use `WORKDIR`",
                );
            }
        }
    }
}
