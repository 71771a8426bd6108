use super::prelude::*;
use crate::github::exprs::ScalarText;
use crate::shellcheck::{ALWAYS_EXCLUDED, Dialect, Script};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Runs [ShellCheck](https://www.shellcheck.net) on the
    /// `before_script`, `script` and `after_script` lines of jobs (hidden
    /// ones included) and of `default:`, and reports its comments as
    /// `SC2086: Double quote to prevent globbing and word splitting`, at
    /// the flagged text, with ShellCheck's level (error, warning, info and
    /// style as Info).
    ///
    /// Only when `shellcheck` is on `PATH` (looked up once per run): without
    /// it the rule reports nothing. Off by default since it starts one
    /// ShellCheck process per script (about 10 ms each); enable it with
    /// `--select GL029` or `extend-select`.
    ///
    /// The lines a job writes itself are joined into one script, as the
    /// runner runs them in one shell: `before_script` then `script`, and
    /// `after_script` apart; `!reference` items are checked where they are
    /// written. The image's shell is unknown, so ShellCheck reads POSIX
    /// `sh`, and its portability comments (SC3xxx: bash features in `sh`)
    /// are dropped, since runners use bash when the image has it. Left
    /// out as well: SC1090 and SC1091 (sourced files are not followed),
    /// SC2154 (GitLab and `variables:` set variables the script does not),
    /// SC2164 (the runner stops at the first failing command, so a failing
    /// `cd` stops the job) and SC2034 (a variable set in `before_script`
    /// may be read by an inherited `script`). `$[[ inputs ]]` are replaced
    /// by `X`s of the same length; ShellCheck's `.shellcheckrc` is not
    /// read. `# shellcheck disable=...` lines in the script work as usual.
    ///
    /// ## Why is this bad?
    /// Unquoted expansions split and glob, a failing command in a pipeline
    /// goes unnoticed, a typo in a variable name expands to nothing: the
    /// job does something else than intended, sometimes only on the inputs
    /// that matter (a path with a space, an empty variable before `rm -rf`).
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   script:
    ///     - cp $ARTIFACTS dist/
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   script:
    ///     - cp "$ARTIFACTS" dist/
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a job that misbehaves on some inputs should fail
    ///   fast, in review, not in production).
    /// - gitlab-ci-verify runs ShellCheck on scripts too (`SC-2086` codes,
    ///   bash dialect, at the script item's first line).
    /// - ShellCheck wiki: <https://www.shellcheck.net/wiki/>.
    pub struct ShellcheckFindingInScript {
        code: "GL029",
        name: "script-shellcheck-finding",
        summary: "ShellCheck finds a problem in a job's script",
        severity: Warning,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: false,
    }
}

/// [`ALWAYS_EXCLUDED`] and SC2034 (variables used across keywords).
const EXCLUDED: [u32; 5] = [
    ALWAYS_EXCLUDED[0],
    ALWAYS_EXCLUDED[1],
    ALWAYS_EXCLUDED[2],
    ALWAYS_EXCLUDED[3],
    2034,
];

impl Rule for ShellcheckFindingInScript {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if crate::shellcheck::binary().is_none() {
            return;
        }
        let mut seen = HashSet::new();
        let mut scripts: Vec<Vec<NodeId>> = Vec::new();
        let mut owners = cx.gitlab.jobs.iter().map(|j| j.node).collect::<Vec<_>>();
        owners.extend(cx.gitlab.default);
        for owner in owners {
            if !cx.yaml.is_mapping(owner) {
                continue;
            }
            let lines = |key: &str| {
                cx.yaml
                    .get(owner, key)
                    .map(|n| script_lines(cx.yaml, n))
                    .unwrap_or_default()
            };
            let mut main = lines("before_script");
            main.extend(lines("script"));
            scripts.push(main);
            scripts.push(lines("after_script"));
        }
        for nodes in scripts {
            check(cx, &nodes, &mut seen, out);
        }
    }
}

fn check(
    cx: &GitlabContext<'_>,
    nodes: &[NodeId],
    seen: &mut HashSet<(usize, usize, u32)>,
    out: &mut Diagnostics<'_>,
) {
    let mut script = Script::default();
    for &node in nodes {
        if let Some(scalar) = ScalarText::new(cx.yaml, cx.text(), node) {
            let blanked = blank_inputs(&scalar.value);
            script.push(scalar, &blanked, cx.text());
        }
    }
    for (span, comment) in script.check(cx.text(), Dialect::Sh, &EXCLUDED) {
        // Portability: the shell may well be bash.
        if (3000..4000).contains(&comment.code)
            || !seen.insert((span.start, span.end, comment.code))
        {
            continue;
        }
        out.add(span, comment.title())
            .severity(comment.severity())
            .help(format!("see {}", comment.wiki()));
    }
}

/// `text` with each `$[[ ... ]]` replaced by as many `X`s.
fn blank_inputs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("$[[") {
        let Some(end) = rest[at..].find("]]").map(|i| at + i + 2) else {
            break;
        };
        out.push_str(&rest[..at]);
        // Keep the length in bytes (inputs may hold non-ASCII text).
        out.extend(std::iter::repeat_n('X', end - at));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn blanks_inputs_keeping_length() {
        assert_eq!(
            super::blank_inputs("echo $[[ inputs.é ]] $X"),
            "echo XXXXXXXXXXXXXXXX $X"
        );
        assert_eq!(super::blank_inputs("a $[[ b"), "a $[[ b");
    }
}
