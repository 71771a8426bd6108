use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `CI_DEBUG_TRACE` or `CI_DEBUG_SERVICES` set to `true` in
    /// `variables:` (global or a job's).
    ///
    /// ## Why is this bad?
    /// Debug tracing prints every command with its expanded variables:
    /// masked CI/CD variables, tokens and keys end up in the job log that
    /// everyone with access to the project can read.
    ///
    /// ## Example
    /// ```yaml
    /// variables:
    ///   CI_DEBUG_TRACE: "true"
    /// ```
    ///
    /// ## Use instead
    /// Remove it; enable it briefly on a manual re-run of one job when
    /// debugging, and delete that job's log afterwards.
    ///
    /// ## Fix safety
    /// The fix deletes the entry (unless it is the only variable of its
    /// mapping). It is unsafe: logs stop being verbose.
    ///
    /// ## References
    /// - Practice CI13 (secrets never echoed) and S01.
    pub struct DebugTraceEnabled {
        code: "GL020",
        name: "debug-trace-enabled",
        summary: "`CI_DEBUG_TRACE` enabled: secrets leak into job logs",
        severity: Error,
        category: Security,
        practices: ["CI13", "S01"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

fn check(cx: &GitlabContext<'_>, vars: NodeId, out: &mut Diagnostics<'_>) {
    let all = crate::gitlab::variables(cx.yaml, vars);
    // Deleting the only entry would leave `variables:` empty (null).
    let deletable = all.len() > 1;
    for var in all {
        if !matches!(var.name.as_str(), "CI_DEBUG_TRACE" | "CI_DEBUG_SERVICES") {
            continue;
        }
        let Some(value) = var.value.and_then(|v| cx.str(v)) else {
            continue;
        };
        if !value.eq_ignore_ascii_case("true") {
            continue;
        }
        let span = cx
            .entry_span(vars, &var.name)
            .unwrap_or_else(|| cx.span(var.key));
        out.add(
            span,
            format!(
                "`{}` is enabled: masked variables and tokens are printed to the job log",
                var.name
            ),
        )
        .help("remove it; enable tracing only on a one-off manual run")
        .fix_opt(
            deletable
                .then(|| patch::delete_entry(cx.yaml, cx.text(), vars, &var.name))
                .flatten()
                .map(|e| Fix::unsafe_(format!("Remove `{}`", var.name), vec![e])),
        );
    }
}

impl Rule for DebugTraceEnabled {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        let root_vars = cx.gitlab.root.and_then(|r| cx.yaml.get(r, "variables"));
        for vars in root_vars
            .into_iter()
            .chain(cx.gitlab.jobs.iter().filter_map(|j| cx.own(j, "variables")))
        {
            check(cx, vars, out);
        }
    }
}
