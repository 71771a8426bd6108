use super::package_managers::{self, Tool};
use super::prelude::*;
use plimsoll_syntax::shell::word_matches_flag;

declare_rule! {
    /// ## What it does
    /// Reports dependency installs that ignore the lockfile: `npm install`
    /// (use `npm ci`), `yarn install` without `--frozen-lockfile` or
    /// `--immutable`, `pnpm install` without `--frozen-lockfile`, `uv sync`
    /// without `--frozen` or `--locked`, and `pipenv install` without
    /// `--deploy`.
    ///
    /// ## Why is this bad?
    /// These commands resolve versions again and may update the lockfile, so
    /// the image contains dependencies nobody reviewed, and two builds of the
    /// same commit differ.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm install
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// ```
    ///
    /// Installing named packages (`npm install pm2@5`) is covered by the
    /// pinning rules instead.
    ///
    /// ## Fix safety
    /// The fixes (`npm install` → `npm ci`, adding `--frozen-lockfile`,
    /// `--frozen` or `--deploy`) are unsafe: they fail the build when the
    /// lockfile is missing or out of date, which is the point, but it is a
    /// change in behaviour.
    ///
    /// ## References
    /// - Practice D08 (lockfile installs), CI04.
    pub struct NonReproducibleInstall {
        code: "DF075",
        name: "non-reproducible-install",
        summary: "Dependency install that ignores the lockfile",
        severity: Warning,
        category: Reliability,
        practices: ["D08", "CI04"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for NonReproducibleInstall {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::commands(script, Tool::Npm) {
                let Some(action) = cmd
                    .action
                    .filter(|a| matches!(a.value.as_str(), "install" | "i"))
                else {
                    continue;
                };
                if !cmd.packages.is_empty() {
                    continue;
                }
                out.add(
                    cmd.view.name.span.cover(action.span),
                    "`npm install` may update package-lock.json; use `npm ci`",
                )
                .fix(Fix::unsafe_(
                    "Use `npm ci`",
                    vec![Edit::replace(action.span, "ci")],
                ));
            }
            for cmd in package_managers::commands(script, Tool::Yarn) {
                let installing =
                    cmd.action.is_none_or(|a| a.value == "install") && cmd.packages.is_empty();
                if !installing
                    || cmd.has_flag(&["--frozen-lockfile", "--immutable", "--pure-lockfile"])
                {
                    continue;
                }
                out.add(cmd.view.span(), "`yarn install` may update yarn.lock")
                    .help("add `--frozen-lockfile` (yarn 1) or `--immutable` (yarn 2+)");
            }
            for cmd in package_managers::commands(script, Tool::Pnpm) {
                let Some(action) = cmd
                    .action
                    .filter(|a| matches!(a.value.as_str(), "install" | "i"))
                else {
                    continue;
                };
                if !cmd.packages.is_empty()
                    || cmd.has_flag(&["--frozen-lockfile", "--prefer-frozen-lockfile"])
                {
                    continue;
                }
                out.add(
                    cmd.view.name.span.cover(action.span),
                    "`pnpm install` may update pnpm-lock.yaml",
                )
                .fix(Fix::unsafe_(
                    "Add `--frozen-lockfile`",
                    vec![Edit::insert(action.span.end, " --frozen-lockfile")],
                ));
            }
            for view in script.command_views() {
                let sub = view.args.first().map(|w| w.value.as_str());
                let flags = |f: &[&str]| view.args.iter().any(|w| word_matches_flag(&w.value, f));
                match (view.name(), sub) {
                    ("uv", Some("sync")) if !flags(&["--frozen", "--locked"]) => {
                        let sync = &view.args[0];
                        out.add(
                            view.name.span.cover(sync.span),
                            "`uv sync` may update uv.lock",
                        )
                        .fix(Fix::unsafe_(
                            "Add `--frozen`",
                            vec![Edit::insert(sync.span.end, " --frozen")],
                        ));
                    }
                    ("pipenv", Some("install"))
                        if !flags(&["--deploy", "--ignore-pipfile"])
                            && view.positionals(&[]).len() == 1 =>
                    {
                        let install = &view.args[0];
                        out.add(
                            view.name.span.cover(install.span),
                            "`pipenv install` may update Pipfile.lock",
                        )
                        .fix(Fix::unsafe_(
                            "Add `--deploy`",
                            vec![Edit::insert(install.span.end, " --deploy")],
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
}
