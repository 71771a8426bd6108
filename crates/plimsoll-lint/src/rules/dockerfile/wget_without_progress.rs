use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `wget` without `--progress` or a quieter output option.
    ///
    /// ## Why is this bad?
    /// Without a terminal wget prints a progress line every few kilobytes:
    /// a large download floods the build log with thousands of lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// `-q`, `--quiet`, `-nv`, `--no-verbose`, `-o`/`--output-file` and
    /// `-a`/`--append-output` are accepted.
    ///
    /// ## Fix safety
    /// The fix adds `--progress=dot:giga`. It is safe: only the log changes.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3047.
    pub struct WgetWithoutProgress {
        code: "DF076",
        name: "wget-without-progress",
        summary: "wget without --progress floods the build log",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3047"],
        fix: Always,
        default: true,
    }
}

impl Rule for WgetWithoutProgress {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for wget in script.commands_named("wget") {
                let quiet = wget.has_flag(&[
                    "--progress",
                    "-q",
                    "--quiet",
                    "--no-verbose",
                    "-o",
                    "--output-file",
                    "-a",
                    "--append-output",
                ]) || wget.args.iter().any(|a| a.value == "-nv");
                if quiet {
                    continue;
                }
                out.add(
                    wget.name.span,
                    "`wget` without `--progress` prints thousands of progress lines",
                )
                .fix(Fix::safe(
                    "Add `--progress=dot:giga`",
                    vec![Edit::insert(wget.name.span.end, " --progress=dot:giga")],
                ));
            }
        }
    }
}
