//! Downloads run without a look: `curl … | sh`, `sh -c "$(curl …)"`,
//! `bash <(curl …)` — shared by the Dockerfile `RUN`, GitHub Actions `run:`
//! and GitLab `script` rules.

use super::Script;
use plimsoll_diagnostics::Span;

/// Commands that fetch a URL.
pub const DOWNLOADERS: [&str; 2] = ["curl", "wget"];
/// Commands that run a script given on stdin or as an argument.
pub const INTERPRETERS: [&str; 11] = [
    "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node",
];

/// A download that runs as soon as it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedRun {
    /// The pipeline, or the interpreter's argument that downloads (in the
    /// script's coordinates).
    pub span: Span,
    /// `Some(downloader)` for a pipe into the interpreter; `None` when the
    /// download is a substitution in the interpreter's argument.
    pub downloader: Option<String>,
    pub interpreter: String,
}

/// Every download piped into an interpreter reading stdin, and every
/// interpreter whose argument is a `$(curl …)` or `<(curl …)` substitution.
pub fn unchecked_runs(script: &Script) -> Vec<UncheckedRun> {
    let mut out = Vec::new();
    for (id, pipeline) in script.pipelines.iter().enumerate() {
        let stages: Vec<_> = script
            .commands
            .iter()
            .filter(|c| c.pipeline.is_some_and(|p| p.pipeline == id))
            .map(|c| c.effective())
            .collect();
        let download = stages.iter().position(|c| DOWNLOADERS.contains(&c.name()));
        // The interpreter reads the script from stdin: `-s`, or no script
        // argument (`-` means stdin) and no `-c` program.
        let runs = stages.iter().rposition(|c| {
            INTERPRETERS.contains(&c.name())
                && (c.has_flag(&["-s"]) || c.positionals(&["-c"]).iter().all(|w| w.value == "-"))
                && !c.has_flag(&["-c"])
        });
        if let (Some(d), Some(r)) = (download, runs)
            && d < r
        {
            out.push(UncheckedRun {
                span: pipeline.span,
                downloader: Some(stages[d].name().to_string()),
                interpreter: stages[r].name().to_string(),
            });
        }
    }
    for cmd in script.command_views() {
        if !INTERPRETERS.contains(&cmd.name()) {
            continue;
        }
        if let Some(arg) = cmd.args.iter().find(|a| {
            DOWNLOADERS
                .iter()
                .any(|d| a.raw.contains(&format!("$({d} ")) || a.raw.contains(&format!("<({d} ")))
        }) {
            out.push(UncheckedRun {
                span: arg.span,
                downloader: None,
                interpreter: cmd.name().to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<(Option<String>, String)> {
        unchecked_runs(&Script::parse(
            text,
            &crate::SourceMap::identity(0, text.len()),
        ))
        .into_iter()
        .map(|r| (r.downloader, r.interpreter))
        .collect()
    }

    #[test]
    fn pipes_and_substitutions() {
        let some = |d: &str, i: &str| (Some(d.to_string()), i.to_string());
        assert_eq!(runs("curl -fsSL https://x | sh"), vec![some("curl", "sh")]);
        assert_eq!(
            runs("wget -qO- https://x | sudo bash -s -- -y"),
            vec![some("wget", "bash")]
        );
        assert_eq!(
            runs("curl https://x | python3 -"),
            vec![some("curl", "python3")]
        );
        assert_eq!(
            runs("sh -c \"$(curl -fsSL https://x)\""),
            vec![(None, "sh".to_string())]
        );
        assert_eq!(runs("curl -o i.sh https://x && sh i.sh"), vec![]);
        assert_eq!(runs("curl https://x | bash -c 'cat > f'"), vec![]);
        assert_eq!(runs("curl https://x | tee f"), vec![]);
    }
}
