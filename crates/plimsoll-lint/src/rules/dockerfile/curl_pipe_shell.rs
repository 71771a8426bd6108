use super::prelude::*;

const DOWNLOADERS: [&str; 2] = ["curl", "wget"];
const INTERPRETERS: [&str; 11] = [
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node",
];

declare_rule! {
    /// ## What it does
    /// Reports scripts downloaded and run in one go: `curl ... | sh`,
    /// `wget -O- ... | bash`, `sh -c "$(curl ...)"`.
    ///
    /// ## Why is this bad?
    /// Whatever the server returns runs with the build's privileges, with no
    /// checksum and no record of what ran. A compromised or changed script
    /// silently changes every image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh
    /// ```
    /// or install the tool from a package repository.
    ///
    /// ## References
    /// - Practice S02 (supply chain), CI13.
    pub struct CurlPipeShell {
        code: "DF083",
        name: "curl-pipe-shell",
        summary: "Downloaded script piped straight into a shell",
        severity: Warning,
        category: Security,
        practices: ["S02", "CI13"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CurlPipeShell {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (inst, script) in helpers::run_scripts(cx.dockerfile) {
            // `bash <(curl ...)`: process substitutions are not arguments, so look at the text.
            let text = cx.text(inst.full_span);
            if let Some(at) = DOWNLOADERS
                .iter()
                .find_map(|d| text.find(&format!("<({d} ")))
            {
                let start = inst.full_span.start + at;
                out.add(
                    Span::new(start, start + 6),
                    "a process substitution runs a downloaded script unchecked",
                )
                .help("download to a file, verify its checksum, then run it");
            }
            for (id, pipeline) in script.pipelines.iter().enumerate() {
                let stages: Vec<_> = script
                    .commands
                    .iter()
                    .filter(|c| c.pipeline.is_some_and(|p| p.pipeline == id))
                    .map(|c| c.effective())
                    .collect();
                let downloads = stages.iter().position(|c| DOWNLOADERS.contains(&c.name()));
                // The interpreter reads the script from stdin: no script file
                // argument (`-` means stdin), or `-s`.
                let reads_stdin = |c: &plimsoll_syntax::shell::CommandView<'_>| {
                    c.has_flag(&["-s"]) || c.positionals(&["-c"]).iter().all(|w| w.value == "-")
                };
                let runs = stages
                    .iter()
                    .rposition(|c| INTERPRETERS.contains(&c.name()) && reads_stdin(c));
                if let (Some(d), Some(r)) = (downloads, runs)
                    && d < r
                {
                    out.add(
                        pipeline.span,
                        format!(
                            "`{} | {}` runs a downloaded script unchecked",
                            stages[d].name(),
                            stages[r].name()
                        ),
                    )
                    .help("download to a file, verify its checksum, then run it");
                }
            }
            for cmd in script.command_views() {
                if !INTERPRETERS.contains(&cmd.name()) {
                    continue;
                }
                if let Some(arg) = cmd.args.iter().find(|a| {
                    DOWNLOADERS.iter().any(|d| {
                        a.raw.contains(&format!("$({d} ")) || a.raw.contains(&format!("<({d} "))
                    })
                }) {
                    out.add(
                        arg.span,
                        format!("`{}` runs a downloaded script unchecked", cmd.name()),
                    )
                    .help("download to a file, verify its checksum, then run it");
                }
            }
        }
    }
}
