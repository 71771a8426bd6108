use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `actions/cache` (and `actions/cache/save`,
    /// `actions/cache/restore`) steps whose `key` does not change with the
    /// dependencies: no `hashFiles(...)` of a lockfile or manifest, only
    /// literals and contexts such as `runner.os`, `github.ref` or
    /// `matrix.*`; or a key that changes on every run (`github.run_id`,
    /// `github.sha`) without `restore-keys`, which never hits (except on
    /// `actions/cache/save`). Keys that
    /// read `steps`, `needs`, `env`, `inputs` or `vars` (which may carry a
    /// hash computed elsewhere) are not judged, nor per-run keys with
    /// `restore-keys` (a rolling cache).
    ///
    /// ## Why is this bad?
    /// A cache entry is never overwritten: with a constant key the first
    /// run's dependencies are restored forever, so builds test stale
    /// packages (or spend time fixing them up), and a poisoned entry
    /// persists until it expires. A key derived from the run id or SHA
    /// never hits at all.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: actions/cache@v4
    ///   with:
    ///     path: ~/.npm
    ///     key: ${{ runner.os }}-npm
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - uses: actions/cache@v4
    ///   with:
    ///     path: ~/.npm
    ///     key: ${{ runner.os }}-npm-${{ hashFiles('**/package-lock.json') }}
    ///     restore-keys: ${{ runner.os }}-npm-
    /// ```
    ///
    /// Or let `actions/setup-node` (`cache: npm`) and its siblings key
    /// the cache on the lockfile.
    ///
    /// ## References
    /// - Practice CI03 (dependency caching keyed on lockfile hashes).
    /// - GitHub: Caching dependencies to speed up workflows.
    pub struct CacheKeyWithoutHash {
        code: "GHA061",
        name: "cache-key-without-lockfile-hash",
        summary: "`actions/cache` key not derived from a lockfile hash",
        severity: Warning,
        category: Efficiency,
        practices: ["CI03"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn check(step: &Step, scalar: impl Fn(NodeId) -> Option<ScalarText>, out: &mut Diagnostics<'_>) {
    let Some(u) = step.uses() else {
        return;
    };
    let is_cache = match u {
        Uses::Repo { path, .. } => {
            u.slug().as_deref() == Some("actions/cache")
                && path
                    .as_deref()
                    .is_none_or(|p| matches!(p, "save" | "restore"))
        }
        _ => false,
    };
    if !is_cache {
        return;
    }
    let Some(key) = step.input("key") else {
        return;
    };
    let Some(text) = scalar(key.value) else {
        return;
    };
    let mut volatile = None;
    for t in text.templates() {
        let Some(e) = t.expr() else {
            return;
        };
        if e.calls().iter().any(|c| matches!(&c.kind, ExprKind::Call { name, .. } if name.eq_ignore_ascii_case("hashFiles"))) {
            return;
        }
        for p in e.context_paths() {
            let ctx = p.context().to_ascii_lowercase();
            if ["steps", "needs", "env", "inputs", "vars", "secrets"].contains(&ctx.as_str()) {
                return;
            }
            if p.matches("github.run_id")
                || p.matches("github.sha")
                || p.matches("github.run_number")
            {
                volatile = Some(p.to_string());
            }
        }
    }
    // A per-run key with `restore-keys` is the rolling-cache pattern: each
    // run saves a fresh entry and restores the latest by prefix.
    // `actions/cache/save` has no lookup: a per-run key is what it needs.
    let save = matches!(u, Uses::Repo { path: Some(p), .. } if p == "save");
    if volatile.is_some() && (save || step.input("restore-keys").is_some()) {
        return;
    }
    let msg = match &volatile {
        Some(p) => format!(
            "cache key of step {} changes on every run (`{p}`) and never hits",
            step.label()
        ),
        None => format!(
            "cache key of step {} does not change with the dependencies",
            step.label()
        ),
    };
    out.add(text.span(Span::new(0, text.value.len())), msg)
        .help("add `${{ hashFiles('<lockfile>') }}` to the key and put the stable prefix in `restore-keys`");
}

impl Rule for CacheKeyWithoutHash {
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
