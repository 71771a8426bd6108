use super::prelude::*;

/// Predefined variables whose value the author of a merge request or a
/// commit chooses.
const UNTRUSTED: [&str; 10] = [
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_DESCRIPTION",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_DESCRIPTION",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_REF_SLUG",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
];

/// Of those, the free-text ones (spaces, quotes, newlines allowed).
const FREE_TEXT: [&str; 5] = [
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_DESCRIPTION",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_DESCRIPTION",
];

const SHELLS: [&str; 6] = ["sh", "bash", "dash", "zsh", "ash", "ksh"];

declare_rule! {
    /// ## What it does
    /// Reports script lines that hand a merge-request- or commit-controlled
    /// predefined variable (`$CI_MERGE_REQUEST_TITLE`, `$CI_COMMIT_MESSAGE`,
    /// `$CI_COMMIT_BRANCH`, `$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME`...) to
    /// code that re-parses it: inside `eval` or the code string of
    /// `sh -c`/`bash -c` (error). Free-text variables (titles, messages,
    /// descriptions) used unquoted as arguments are reported as warnings:
    /// word splitting and globbing apply to them. Branch names cannot hold
    /// spaces, so their unquoted use is not reported.
    ///
    /// ## Why is this bad?
    /// Anyone who can open a merge request (from a fork too) picks these
    /// values. Text that a shell parses again runs as commands in the job,
    /// with its CI/CD variables and tokens.
    ///
    /// ## Example
    /// ```yaml
    /// notify:
    ///   script:
    ///     - eval "echo Building $CI_COMMIT_BRANCH"
    ///     - sh -c "notify '$CI_MERGE_REQUEST_TITLE'"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// notify:
    ///   script:
    ///     - echo "Building $CI_COMMIT_BRANCH"
    ///     - notify "$CI_MERGE_REQUEST_TITLE"
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (no script injection from untrusted input).
    pub struct UntrustedVariableInScript {
        code: "GL014",
        name: "untrusted-variable-in-script",
        summary: "Merge-request-controlled variable re-parsed by a shell",
        severity: Error,
        category: Security,
        practices: ["CI13"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The untrusted variables a word mentions (`$X`, `${X}`).
fn mentioned(word: &str) -> Vec<&'static str> {
    UNTRUSTED
        .iter()
        .filter(|v| {
            [format!("${v}"), format!("${{{v}}}")].iter().any(|p| {
                word.match_indices(p.as_str()).any(|(i, _)| {
                    // `$CI_COMMIT_BRANCH` but not `$CI_COMMIT_BRANCH_X`.
                    !word[i + p.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
            })
        })
        .copied()
        .collect()
}

impl Rule for UntrustedVariableInScript {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        for key in ["before_script", "script", "after_script"] {
            let Some(node) = cx.own(job, key) else {
                continue;
            };
            for line in script_lines(cx.yaml, node) {
                let Some(parsed) = ScriptLine::parse(cx.yaml, cx.text(), line) else {
                    continue;
                };
                for cmd in parsed.script.command_views() {
                    let name = cmd.name();
                    let code_args: Vec<_> = if name == "eval" {
                        cmd.args.iter().collect()
                    } else if SHELLS.contains(&name) {
                        cmd.find_flag(&["-c"])
                            .and_then(|flag| {
                                let i = cmd.arg_index(flag)?;
                                cmd.args.get(i + 1)
                            })
                            .into_iter()
                            .collect()
                    } else {
                        Vec::new()
                    };
                    let mut reported = false;
                    for arg in code_args {
                        if let Some(var) = mentioned(&arg.raw).first() {
                            out.add(
                                parsed.span(arg.span),
                                format!(
                                    "job `{}` lets `{name}` run `${var}` as code: whoever names the branch or writes the merge request runs commands",
                                    job.name
                                ),
                            )
                            .help("pass the value as a quoted argument or environment variable, never inside code that is parsed again");
                            reported = true;
                        }
                    }
                    if reported {
                        continue;
                    }
                    for arg in std::iter::once(cmd.name).chain(cmd.args.iter()) {
                        // Unquoted free text: `$VAR` outside double quotes.
                        if arg.raw.starts_with('"') || arg.raw.starts_with('\'') {
                            continue;
                        }
                        if let Some(var) = mentioned(&arg.raw)
                            .into_iter()
                            .find(|v| FREE_TEXT.contains(v))
                        {
                            out.add(
                                parsed.span(arg.span),
                                format!(
                                    "job `{}` expands `${var}` unquoted: the author's text is split into words and globbed",
                                    job.name
                                ),
                            )
                            .help(format!("quote it: \"${var}\""))
                            .severity(Severity::Warning);
                        }
                    }
                }
            }
        }
    }
}
