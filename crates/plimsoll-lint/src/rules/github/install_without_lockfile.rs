use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports dependency installs in `run:` scripts that may resolve
    /// versions afresh instead of installing the lockfile:
    /// - `npm install` / `npm i` without package arguments (`npm ci`
    ///   installs `package-lock.json` exactly);
    /// - `pnpm install --no-frozen-lockfile` and `yarn install
    ///   --no-immutable` (both tools freeze the lockfile on CI unless told
    ///   not to, so plain `pnpm install` and `yarn` are not reported);
    /// - `uv sync` without `--frozen` or `--locked`;
    /// - `pipenv install` without `--deploy` or `--ignore-pipfile`;
    /// - `composer update` without package arguments.
    ///
    /// Installing named packages (`npm install -g foo`) is not reported.
    ///
    /// ## Why is this bad?
    /// The build then tests and ships dependency versions nobody reviewed:
    /// a release published minutes ago, or a compromised one, goes straight
    /// into the artifact, and two runs of one commit can differ.
    ///
    /// ## Example
    /// ```yaml
    /// - run: npm install && npm test
    /// - run: uv sync
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - run: npm ci && npm test
    /// - run: uv sync --frozen
    /// ```
    ///
    /// ## Fix safety
    /// `npm install` is rewritten to `npm ci`, `uv sync` gets `--frozen`:
    /// unsafe, because the step now fails when the lockfile is missing or
    /// out of date.
    ///
    /// ## References
    /// - Practice CI04 (lockfile installs in CI: `npm ci`,
    ///   `--frozen-lockfile`, `uv sync --frozen`).
    /// - npm ci, pnpm, Yarn, uv and Pipenv documentation on CI installs.
    pub struct InstallWithoutLockfile {
        code: "GHA060",
        name: "install-without-lockfile",
        summary: "Dependency install that does not enforce the lockfile",
        severity: Warning,
        category: Reliability,
        practices: ["CI04"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

fn check(step: &Step, scalar: impl Fn(NodeId) -> Option<ScalarText>, out: &mut Diagnostics<'_>) {
    let Some(run) = &step.run else {
        return;
    };
    let Some(text) = scalar(run.node) else {
        return;
    };
    let script = text.script();
    for c in script.command_views() {
        let pos = c.positionals(&[
            "--prefix",
            "-C",
            "--dir",
            "--project",
            "--directory",
            "-d",
            "-w",
            "--workspace",
        ]);
        let first = pos.first().map(|w| w.value.as_str());
        let more = pos.len() > 1;
        let (msg, help, fix) = match (c.name(), first) {
            ("npm", Some(sub @ ("install" | "i"))) if !more && !c.has_flag(&["-g", "--global"]) => {
                let word = pos.first().map(|w| w.span);
                (
                    format!("`npm {sub}` may update `package-lock.json` instead of installing it"),
                    "use `npm ci`",
                    word.map(|w| Fix::unsafe_("Use `npm ci`", vec![Edit::replace(w, "ci")])),
                )
            }
            ("pnpm", Some("install" | "i")) if c.has_flag(&["--no-frozen-lockfile"]) => (
                "`pnpm install --no-frozen-lockfile` may resolve new versions".to_string(),
                "drop `--no-frozen-lockfile` (pnpm freezes the lockfile on CI)",
                None,
            ),
            ("yarn", None | Some("install")) if c.has_flag(&["--no-immutable"]) => (
                "`yarn install --no-immutable` may resolve new versions".to_string(),
                "drop `--no-immutable` (Yarn freezes the lockfile on CI)",
                None,
            ),
            ("uv", Some("sync")) if !c.has_flag(&["--frozen", "--locked"]) => {
                let end = c.span().end;
                (
                    "`uv sync` may update `uv.lock` instead of installing it".to_string(),
                    "use `uv sync --frozen` (or `--locked` to fail on a stale lockfile)",
                    Some(Fix::unsafe_(
                        "Add `--frozen`",
                        vec![Edit::insert(end, " --frozen")],
                    )),
                )
            }
            ("pipenv", Some("install"))
                if !more && !c.has_flag(&["--deploy", "--ignore-pipfile"]) =>
            {
                (
                    "`pipenv install` may re-lock instead of installing `Pipfile.lock`".to_string(),
                    "use `pipenv install --deploy` or `pipenv sync`",
                    None,
                )
            }
            ("composer", Some("update")) if !more => (
                "`composer update` ignores `composer.lock`".to_string(),
                "use `composer install`",
                None,
            ),
            _ => continue,
        };
        out.add(c.span(), format!("step {}: {msg}", step.label()))
            .help(help)
            .fix_opt(fix);
    }
}

impl Rule for InstallWithoutLockfile {
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
