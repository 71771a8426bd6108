use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports workflow commands that GitHub deprecated, written in `run:`
    /// scripts of workflows and composite actions: `::set-output` and
    /// `::save-state` (warnings: replaced by the `$GITHUB_OUTPUT` and
    /// `$GITHUB_STATE` files), and `::set-env` and `::add-path` (errors:
    /// GitHub disabled them, and the step fails unless
    /// `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables them).
    ///
    /// ## Why is this bad?
    /// Commands printed to the log can be forged by anything else the step
    /// prints (a test name, a file's content), which is why GitHub moved to
    /// environment files; the disabled commands break the step, and the
    /// deprecated ones print warnings and are due to stop working.
    ///
    /// ## Example
    /// ```yaml
    /// - id: version
    ///   run: echo "::set-output name=version::$(cat VERSION)"
    /// - run: echo "::add-path::$HOME/.local/bin"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - id: version
    ///   run: echo "version=$(cat VERSION)" >> "$GITHUB_OUTPUT"
    /// - run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (no log-command injection in scripts).
    /// - actionlint deprecated-commands.
    /// - GitHub changelog: "Deprecating save-state and set-output commands"
    ///   (2022) and "Deprecating set-env and add-path commands" (2020).
    pub struct DeprecatedCommand {
        code: "GHA054",
        name: "deprecated-workflow-command",
        summary: "Deprecated or disabled workflow command in a script",
        severity: Warning,
        category: Reliability,
        practices: ["CI13"],
        peers: [Actionlint "deprecated-commands"],
        fix: None,
        default: true,
    }
}

/// Command, whether disabled, replacement.
const COMMANDS: &[(&str, bool, &str)] = &[
    (
        "::set-output ",
        false,
        "echo \"name=value\" >> \"$GITHUB_OUTPUT\"",
    ),
    (
        "::save-state ",
        false,
        "echo \"name=value\" >> \"$GITHUB_STATE\"",
    ),
    ("::set-env ", true, "echo \"NAME=value\" >> \"$GITHUB_ENV\""),
    (
        "::add-path::",
        true,
        "echo \"/some/dir\" >> \"$GITHUB_PATH\"",
    ),
];

fn check(step: &Step, scalar: impl Fn(NodeId) -> Option<ScalarText>, out: &mut Diagnostics<'_>) {
    let Some(run) = &step.run else {
        return;
    };
    let Some(text) = scalar(run.node) else {
        return;
    };
    for (cmd, disabled, instead) in COMMANDS {
        let mut from = 0;
        while let Some(i) = text.value.get(from..).and_then(|t| t.find(cmd)) {
            let at = from + i;
            from = at + cmd.len();
            let name = cmd.trim_matches(|c| c == ':' || c == ' ');
            let span = text.span(Span::new(at, at + 2 + name.len()));
            let b = out
                .add(
                    span,
                    if *disabled {
                        format!(
                            "step {} uses `::{name}`, which GitHub disabled",
                            step.label()
                        )
                    } else {
                        format!(
                            "step {} uses the deprecated `::{name}` command",
                            step.label()
                        )
                    },
                )
                .help(format!(
                    "write to the environment file instead: `{instead}`"
                ));
            if *disabled {
                let _ = b.severity(Severity::Error);
            }
        }
    }
}

impl Rule for DeprecatedCommand {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        _job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        check(step, |n| cx.scalar_text(n), out);
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        check(step, |n| cx.scalar_text(n), out);
    }
}
