use super::prelude::*;

use plimsoll_syntax::shell::downloads::{DOWNLOADERS, unchecked_runs};

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
            for run in unchecked_runs(script) {
                let message = match &run.downloader {
                    Some(d) => format!(
                        "`{d} | {}` runs a downloaded script unchecked",
                        run.interpreter
                    ),
                    None => format!("`{}` runs a downloaded script unchecked", run.interpreter),
                };
                out.add(run.span, message)
                    .help("download to a file, verify its checksum, then run it");
            }
        }
    }
}
