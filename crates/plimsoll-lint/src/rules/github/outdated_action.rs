use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports steps using an old major version of a well-known action
    /// whose runtime or backing service GitHub retired: versions built
    /// for Node 12 or Node 16 (`actions/checkout@v3`, `setup-node@v3`,
    /// `setup-python@v3`, `setup-go@v3`, `setup-java@v3`,
    /// `github-script@v6`, `docker/build-push-action@v3`...), as a
    /// warning; and `actions/upload-artifact`/`download-artifact` v1-v3
    /// and `actions/cache` v1-v2, whose service was shut down, as an
    /// error. Only tag refs (`@v3`, `@v3.5.2`) are judged; SHA pins are
    /// not resolved.
    ///
    /// ## Why is this bad?
    /// Retired-service versions fail the step outright. Node 12 and 16
    /// actions are forced onto a newer Node by the runner, print
    /// deprecation warnings, and break when their dependencies do; they
    /// also no longer receive fixes.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: actions/checkout@v2
    /// - uses: actions/upload-artifact@v3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - uses: actions/checkout@v4
    /// - uses: actions/upload-artifact@v4
    /// ```
    ///
    /// ## Fix safety
    /// The fix moves the ref to the first maintained major version; it is
    /// unsafe because major versions change inputs and defaults (read the
    /// action's release notes).
    ///
    /// ## References
    /// - Practice CI09 (actions pinned to maintained versions).
    /// - actionlint action (retired runtimes).
    /// - GitHub changelog: Node 12 and Node 16 actions deprecation;
    ///   deprecation of v3 of the artifact actions; new cache service.
    pub struct OutdatedAction {
        code: "GHA067",
        name: "outdated-action-version",
        summary: "Action version on a retired runtime or service",
        severity: Warning,
        category: Reliability,
        practices: ["CI09"],
        peers: [Actionlint "action"],
        fix: Sometimes,
        default: true,
    }
}

/// Action, last retired major, first maintained major, service retired.
const OUTDATED: &[(&str, u32, u32, bool)] = &[
    ("actions/checkout", 3, 4, false),
    ("actions/setup-node", 3, 4, false),
    ("actions/setup-python", 3, 4, false),
    ("actions/setup-go", 3, 4, false),
    ("actions/setup-java", 3, 4, false),
    ("actions/setup-dotnet", 3, 4, false),
    ("actions/github-script", 6, 7, false),
    ("actions/upload-artifact", 3, 4, true),
    ("actions/download-artifact", 3, 4, true),
    ("actions/cache", 2, 4, true),
    ("actions/cache", 3, 4, false),
    ("docker/build-push-action", 3, 5, false),
    ("docker/login-action", 2, 3, false),
    ("docker/setup-buildx-action", 2, 3, false),
    ("docker/setup-qemu-action", 2, 3, false),
    ("docker/metadata-action", 4, 5, false),
];

/// The major version of a tag ref (`v3`, `v3.5.2`, `3`).
fn major(git_ref: &str) -> Option<u32> {
    let r = git_ref.strip_prefix('v').unwrap_or(git_ref);
    r.split('.').next()?.parse().ok()
}

fn check(step: &Step, yaml: &YamlFile, span: impl Fn(NodeId) -> Span, out: &mut Diagnostics<'_>) {
    let Some((u, parsed)) = &step.uses else {
        return;
    };
    let Some(slug) = parsed.slug() else {
        return;
    };
    let Some(git_ref) = parsed.git_ref() else {
        return;
    };
    if !matches!(parsed, Uses::Repo { path: None, .. }) {
        return;
    }
    let Some(m) = major(git_ref) else {
        return;
    };
    let Some(&(action, _, next, service)) = OUTDATED
        .iter()
        .find(|(a, last, ..)| *a == slug && m <= *last)
    else {
        return;
    };
    let why = if service {
        "backed by a service GitHub shut down"
    } else {
        "built for a Node.js runtime GitHub retired"
    };
    let new = format!("{}@v{next}", u.value.split('@').next().unwrap_or(action));
    let edit = patch::replace(yaml, u.node, &Value::raw(new.clone()));
    let b = out
        .add(span(u.node), format!("`{action}@{git_ref}` is {why}"))
        .help(format!("use `{new}`"))
        .fix(Fix::unsafe_(format!("Use `{new}`"), vec![edit]));
    if service {
        let _ = b.severity(Severity::Error);
    }
}

impl Rule for OutdatedAction {
    fn check_step(
        &self,
        cx: &WorkflowContext<'_>,
        _job: &Job,
        step: &Step,
        out: &mut Diagnostics<'_>,
    ) {
        check(step, cx.yaml, |n| cx.span(n), out);
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        check(step, cx.yaml, |n| cx.span(n), out);
    }
}
