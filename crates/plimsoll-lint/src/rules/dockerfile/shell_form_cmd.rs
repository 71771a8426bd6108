use super::prelude::*;
use plimsoll_syntax::dockerfile::ShellForm;

/// Characters that give a shell command a meaning exec form would lose.
const SHELL_SYNTAX: &[char] = &[
    '$', '`', '*', '?', '[', ']', '{', '}', '~', '<', '>', '|', '&', ';', '(', ')', '\\', '\n',
    '#', '!', '=',
];

/// The exec form of a plain command, when converting keeps its meaning.
fn exec_form(shell: &ShellForm) -> Option<String> {
    let script = &shell.script;
    if script.parse_error.is_some()
        || script.commands.len() != 1
        || shell.text.contains(SHELL_SYNTAX)
    {
        return None;
    }
    let cmd = &script.commands[0];
    if !cmd.assignments.is_empty() || cmd.background {
        return None;
    }
    let mut words: Vec<&str> = std::iter::once(cmd.name.value.as_str())
        .chain(cmd.args.iter().map(|w| w.value.as_str()))
        .collect();
    // `exec` is a shell builtin: exec form execs directly.
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    if words.is_empty() || words.iter().any(|w| w.is_empty()) {
        return None;
    }
    let quoted: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).unwrap_or_default())
        .collect();
    Some(format!("[{}]", quoted.join(", ")))
}

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` written in shell form (`CMD node app.js`)
    /// instead of exec form (`CMD ["node", "app.js"]`).
    ///
    /// ## Why is this bad?
    /// Shell form runs the command under `/bin/sh -c`, so the shell is PID 1:
    /// `docker stop` and Kubernetes send SIGTERM to the shell, which does not
    /// forward it, and the application is killed after the grace period
    /// instead of shutting down cleanly. A shell-form `ENTRYPOINT` also
    /// ignores `CMD` and `docker run` arguments.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// When the stage (or a stage it builds on) sets `SHELL`, shell form is
    /// taken as a deliberate choice (Windows images) and not reported.
    ///
    /// ## Fix safety
    /// The fix is offered only for a single plain command (no variables,
    /// globs, redirections, pipes or other shell syntax), where exec form
    /// runs the same program with the same arguments. It is safe.
    ///
    /// ## References
    /// - Practice D11 (exec form for CMD and ENTRYPOINT), D10.
    /// - hadolint DL3025, BuildKit JSONArgsRecommended.
    pub struct ShellFormCmd {
        code: "DF013",
        name: "shell-form-cmd",
        summary: "CMD or ENTRYPOINT in shell form",
        severity: Warning,
        category: Reliability,
        practices: ["D11", "D10"],
        peers: [Hadolint "DL3025", Buildkit "JSONArgsRecommended"],
        fix: Sometimes,
        default: true,
    }
}

/// Whether a `SHELL` instruction comes before `inst` in its stage or the
/// stages it builds on: shell form then runs a shell the author chose.
fn shell_chosen(df: &plimsoll_syntax::dockerfile::Dockerfile, inst: &Instruction) -> bool {
    let Some(stage) = inst.stage else {
        return false;
    };
    df.stage_ancestry(stage).into_iter().any(|s| {
        df.stage_instructions(&df.stages[s])
            .iter()
            .take_while(|i| s != stage || i.span.start < inst.span.start)
            .any(|i| i.keyword == Keyword::Shell)
    })
}

impl Rule for ShellFormCmd {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        if shell_chosen(cx.dockerfile, inst) {
            return;
        }
        let inst = inst.effective();
        let (Body::Cmd(Command::Shell(shell)) | Body::Entrypoint(Command::Shell(shell))) =
            &inst.body
        else {
            return;
        };
        let extra = if inst.keyword == Keyword::Entrypoint {
            "; a shell-form ENTRYPOINT also ignores CMD and `docker run` arguments"
        } else {
            ""
        };
        let fix = exec_form(shell).map(|json| {
            Fix::safe(
                format!("Use exec form: `{json}`"),
                vec![Edit::replace(inst.args_span, json)],
            )
        });
        out.add(
            inst.args_span,
            format!("`{}` in shell form runs under /bin/sh, which does not forward signals{extra}", inst.keyword_text),
        )
        .help("use the JSON exec form, e.g. [\"executable\", \"arg\"]; if you need a shell, write [\"sh\", \"-c\", \"...\"] explicitly")
        .fix_opt(fix);
    }
}
