use super::prelude::*;

/// Process supervisors that run several services in one container.
const SUPERVISORS: [&str; 6] = [
    "supervisord",
    "supervisor",
    "runsvdir",
    "s6-svscan",
    "circusd",
    "monit",
];

declare_rule! {
    /// ## What it does
    /// Reports a `CMD` or `ENTRYPOINT` that starts several processes: a
    /// process supervisor (`supervisord`, `runsvdir`, `s6-svscan`...), a
    /// command sent to the background with `&`, or `service ... start`.
    ///
    /// ## Why is this bad?
    /// The orchestrator watches one process. When a background process dies
    /// nobody notices, logs interleave, signals reach only PID 1, and the
    /// processes cannot be scaled, updated or restarted independently.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27-alpine
    /// CMD php-fpm & nginx -g 'daemon off;'
    /// ```
    ///
    /// ## Use instead
    /// Run nginx and php-fpm as two containers (two services in Compose,
    /// two containers in the pod), each with its own `CMD`.
    ///
    /// ## References
    /// - Practice D10 (one process per container).
    pub struct MultipleProcessesInCmd {
        code: "DF085",
        name: "multiple-processes-in-cmd",
        summary: "CMD or ENTRYPOINT starts several processes",
        severity: Warning,
        category: Reliability,
        practices: ["D10"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MultipleProcessesInCmd {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        if !matches!(inst.keyword, Keyword::Cmd | Keyword::Entrypoint) {
            return;
        }
        let Some(script) = inst.script() else { return };
        for cmd in &script.commands {
            let view = cmd.effective();
            if SUPERVISORS.contains(&view.name()) {
                out.add(
                    view.name.span,
                    format!("`{}` runs several services in one container", view.name()),
                )
                .help("run one process per container and let the orchestrator supervise them");
            } else if cmd.background {
                out.add(cmd.span, "this command runs in the background; the container's main process will not supervise it")
                    .help("run it as a separate container");
            } else if view.name() == "service"
                && view.args.get(1).is_some_and(|a| a.value == "start")
            {
                out.add(
                    cmd.span,
                    "`service ... start` starts a daemon next to the main process",
                )
                .help("run the daemon as its own container");
            }
        }
    }
}
