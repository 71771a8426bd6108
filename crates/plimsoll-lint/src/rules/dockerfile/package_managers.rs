//! What package managers look like in `RUN` scripts: which command installs,
//! which words are packages, which options take a value. Shared by the
//! pinning (D08, D15), cache (D12) and non-interactive (D15) rules.

use plimsoll_syntax::shell::{CommandView, Script, ShellWord};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    AptGet,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    Pipx,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
}

impl Tool {
    fn of(view: &CommandView<'_>) -> Option<(Tool, usize)> {
        let name = view.name();
        let tool = match name {
            "apt-get" => Tool::AptGet,
            "apt" => Tool::Apt,
            "apk" => Tool::Apk,
            "yum" => Tool::Yum,
            "dnf" | "dnf5" => Tool::Dnf,
            "microdnf" => Tool::Microdnf,
            "zypper" => Tool::Zypper,
            "npm" => Tool::Npm,
            "yarn" => Tool::Yarn,
            "pnpm" => Tool::Pnpm,
            "gem" => Tool::Gem,
            "pipx" => Tool::Pipx,
            "go" => Tool::Go,
            _ if is_pip(name) => Tool::Pip,
            // `python3 -m pip install x`
            _ if name.starts_with("python") => {
                let a = view.args;
                if a.len() >= 2 && a[0].value == "-m" && is_pip(&a[1].value) {
                    return Some((Tool::Pip, 2));
                }
                return None;
            }
            _ => return None,
        };
        Some((tool, 0))
    }

    /// Subcommands that install packages.
    fn install_actions(self) -> &'static [&'static str] {
        match self {
            Tool::AptGet
            | Tool::Apt
            | Tool::Yum
            | Tool::Dnf
            | Tool::Microdnf
            | Tool::Pip
            | Tool::Pipx => &["install"],
            Tool::Gem => &["install", "i"],
            Tool::Go => &["install", "get"],
            Tool::Zypper => &["install", "in"],
            Tool::Apk => &["add"],
            Tool::Npm => &["install", "i", "add"],
            Tool::Yarn => &["add", "install"],
            Tool::Pnpm => &["add", "install", "i"],
        }
    }

    /// Options that take a separate value, so the value is not a package.
    pub fn options_with_value(self) -> &'static [&'static str] {
        match self {
            Tool::AptGet | Tool::Apt => &[
                "-o",
                "--option",
                "-t",
                "--target-release",
                "--default-release",
                "-c",
                "--config-file",
                "-a",
                "--host-architecture",
            ],
            Tool::Apk => &[
                "-X",
                "--repository",
                "-p",
                "--root",
                "-t",
                "--virtual",
                "--arch",
                "--cache-dir",
                "--keys-dir",
                "--repositories-file",
            ],
            Tool::Yum | Tool::Dnf | Tool::Microdnf => &[
                "--enablerepo",
                "--disablerepo",
                "--setopt",
                "--installroot",
                "--releasever",
                "-x",
                "--exclude",
                "--repo",
                "--repoid",
                "-c",
                "--config",
                "--nodocs=",
                "--setopt=",
                "-e",
                "--errorlevel",
                "-d",
                "--debuglevel",
                "--forcearch",
                "--config",
            ],
            Tool::Zypper => &[
                "-r",
                "--repo",
                "--from",
                "-t",
                "--type",
                "--root",
                "-R",
                "--releasever",
            ],
            Tool::Pip | Tool::Pipx => &[
                "-r",
                "--requirement",
                "-c",
                "--constraint",
                "-e",
                "--editable",
                "-i",
                "--index-url",
                "--extra-index-url",
                "-f",
                "--find-links",
                "-t",
                "--target",
                "--prefix",
                "--root",
                "--trusted-host",
                "--platform",
                "--python-version",
                "--implementation",
                "--abi",
                "--src",
                "--upgrade-strategy",
                "--progress-bar",
                "--cache-dir",
                "--log",
                "--proxy",
                "--retries",
                "--timeout",
                "--exists-action",
                "--cert",
                "--client-cert",
                "--only-binary",
                "--no-binary",
                "-C",
                "--config-settings",
                "--global-option",
                "--python",
                "--report",
            ],
            Tool::Npm => &[
                "--prefix",
                "--registry",
                "--tag",
                "-w",
                "--workspace",
                "--cache",
                "--loglevel",
                "--userconfig",
                "--omit",
                "--include",
                "--install-strategy",
            ],
            Tool::Yarn | Tool::Pnpm => &[
                "--cwd",
                "--registry",
                "--cache-folder",
                "--modules-folder",
                "--network-timeout",
                "--mutex",
                "-C",
                "--dir",
                "--filter",
                "-F",
                "--store-dir",
            ],
            Tool::Gem => &[
                "-v",
                "--version",
                "-i",
                "--install-dir",
                "-n",
                "--bindir",
                "--source",
                "-s",
                "-P",
                "--trust-policy",
                "--platform",
                "--build-root",
                "-g",
                "--file",
            ],
            Tool::Go => &[
                "-ldflags",
                "-gcflags",
                "-tags",
                "-o",
                "-p",
                "-mod",
                "-modfile",
                "-overlay",
                "-pkgdir",
                "-toolexec",
                "-asmflags",
                "-buildmode",
                "-compiler",
                "-installsuffix",
            ],
        }
    }
}

fn is_pip(name: &str) -> bool {
    name == "pip"
        || name
            .strip_prefix("pip")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// A package manager invocation found in a script.
#[derive(Debug, Clone)]
pub struct PackageCommand<'a> {
    pub view: CommandView<'a>,
    pub tool: Tool,
    /// The subcommand (`install`, `add`), when there is one.
    pub action: Option<&'a ShellWord>,
    /// Positional words after the subcommand, with variables set earlier in
    /// the script (`deps='a b'; apk add $deps`) expanded.
    pub packages: Vec<Package>,
    /// Arguments of the tool (after `python -m pip` for pip).
    pub args: &'a [ShellWord],
}

impl PackageCommand<'_> {
    pub fn is_install(&self) -> bool {
        self.action
            .is_some_and(|a| self.tool.install_actions().contains(&a.value.as_str()))
    }

    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.args
            .iter()
            .any(|w| plimsoll_syntax::shell::word_matches_flag(&w.value, flags))
    }
}

/// A package argument. A word like `$deps` expands to one per package, all
/// pointing at the variable reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub value: String,
    pub span: plimsoll_diagnostics::Span,
    /// The variable this package came from.
    pub via: Option<String>,
}

impl Package {
    /// "`curl`", or "`curl` (from `$deps`)".
    pub fn describe(&self) -> String {
        match &self.via {
            Some(var) => format!("`{}` (from `${var}`)", self.value),
            None => format!("`{}`", self.value),
        }
    }
}

/// Expands a positional word into packages, through a variable the script
/// assigned earlier; words with unknown variables stay as they are.
fn packages_of(script: &Script, word: &ShellWord) -> Vec<Package> {
    let name = word
        .value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| word.value.strip_prefix('$'))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if let Some(value) = name.and_then(|n| script.variable(n, word.span.start)) {
        return value
            .split_whitespace()
            .map(|v| Package {
                value: v.to_string(),
                span: word.span,
                via: name.map(str::to_string),
            })
            .collect();
    }
    vec![Package {
        value: word.value.clone(),
        span: word.span,
        via: None,
    }]
}

/// Every invocation of `tool` in `script`.
pub fn commands(script: &Script, tool: Tool) -> Vec<PackageCommand<'_>> {
    script
        .command_views()
        .filter_map(|view| {
            let (t, skip) = Tool::of(&view)?;
            if t != tool {
                return None;
            }
            let args = &view.args[skip..];
            let sub = CommandView {
                command: view.command,
                name: view.name,
                args,
            };
            let positionals = sub.positionals(tool.options_with_value());
            let (action, packages) = match positionals.split_first() {
                Some((a, rest)) => (
                    Some(*a),
                    rest.iter().flat_map(|w| packages_of(script, w)).collect(),
                ),
                None => (None, Vec::new()),
            };
            Some(PackageCommand {
                view,
                tool,
                action,
                packages,
                args,
            })
        })
        .collect()
}

/// Install invocations of `tool` in `script`.
pub fn installs(script: &Script, tool: Tool) -> Vec<PackageCommand<'_>> {
    commands(script, tool)
        .into_iter()
        .filter(PackageCommand::is_install)
        .collect()
}

/// Whether a word is a variable expansion we cannot judge (`$PKGS`).
pub fn is_dynamic(package: &Package) -> bool {
    package.value.starts_with('$') || package.value.starts_with('`')
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_syntax::SourceMap;

    fn script(s: &str) -> Script {
        Script::parse(s, &SourceMap::identity(0, s.len()))
    }

    #[test]
    fn finds_installs_and_packages() {
        let s = script(
            "apt-get -o A=B install -y -t bookworm curl=7 git && python3 -m pip install -r req.txt flask==3 && apk add --virtual .deps gcc",
        );
        let apt = installs(&s, Tool::AptGet);
        assert_eq!(
            apt[0]
                .packages
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            ["curl=7", "git"]
        );
        let pip = installs(&s, Tool::Pip);
        assert_eq!(
            pip[0]
                .packages
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            ["flask==3"]
        );
        let apk = installs(&s, Tool::Apk);
        assert_eq!(
            apk[0]
                .packages
                .iter()
                .map(|w| w.value.as_str())
                .collect::<Vec<_>>(),
            ["gcc"]
        );
        assert!(installs(&s, Tool::Yum).is_empty());
    }

    #[test]
    fn pip_versions_are_recognised() {
        for name in ["pip", "pip3", "pip3.12"] {
            assert!(is_pip(name));
        }
        assert!(!is_pip("pipx"));
    }
}

/// Shared checks used by the per-tool rules (each rule keeps its own page
/// and code; the mechanics are the same).
pub mod checks {
    use super::{PackageCommand, Tool, installs};
    use crate::rule::{Diagnostics, DockerfileContext};
    use crate::rules::dockerfile::helpers;
    use plimsoll_diagnostics::{Edit, Fix};
    use plimsoll_syntax::shell::Script;

    /// Reports installs of `tool` that lack every flag in `accepted`;
    /// the fix inserts `insert` after the subcommand.
    pub fn assume_yes(
        cx: &DockerfileContext<'_>,
        out: &mut Diagnostics<'_>,
        tool: Tool,
        accepted: &[&str],
        insert: &str,
    ) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in installs(script, tool) {
                if cmd.has_flag(accepted) {
                    continue;
                }
                let Some(action) = cmd.action else { continue };
                let name = cmd.view.name();
                out.add(
                    action.span,
                    format!(
                        "`{name} {}` without `{insert}` aborts when it asks for confirmation",
                        action.value
                    ),
                )
                .fix(Fix::safe(
                    format!("Add `{insert}`"),
                    vec![Edit::insert(action.span.end, format!(" {insert}"))],
                ));
            }
        }
    }

    /// Reports `RUN`s in the final image that install with `tools` but
    /// neither clean (`cleaned`) nor mount a cache on one of `cache_dirs`.
    pub fn cache_cleaned(
        cx: &DockerfileContext<'_>,
        out: &mut Diagnostics<'_>,
        tools: &[Tool],
        cleaned: &dyn Fn(&Script) -> bool,
        cache_dirs: &[&str],
        help: &str,
    ) {
        let df = cx.dockerfile;
        for (inst, script) in helpers::run_scripts(df) {
            if !helpers::is_in_final_image(df, inst) {
                continue;
            }
            let found: Vec<PackageCommand<'_>> =
                tools.iter().flat_map(|t| installs(script, *t)).collect();
            let Some(first) = found.first() else { continue };
            if cleaned(script)
                || cache_dirs
                    .iter()
                    .any(|d| helpers::script_removes(script, d))
                || helpers::has_cache_mount(inst, cache_dirs)
            {
                continue;
            }
            let span = first
                .action
                .map_or(first.view.name.span, |a| first.view.name.span.cover(a.span));
            out.add(
                span,
                format!("the `{}` cache stays in this layer", first.view.name()),
            )
            .help(help.to_string());
        }
    }

    /// Whether a script runs `<tool> clean <what>` (or `clean` alone when `what` is empty).
    pub fn runs_clean(script: &Script, names: &[&str], subcommands: &[&str]) -> bool {
        script.command_views().any(|c| {
            names.contains(&c.name())
                && c.positionals(&[])
                    .first()
                    .is_some_and(|w| subcommands.contains(&w.value.as_str()))
        })
    }

    /// Reports packages of `tool` installs that `is_pinned` rejects.
    pub fn pinned(
        cx: &DockerfileContext<'_>,
        out: &mut Diagnostics<'_>,
        tools: &[Tool],
        is_pinned: &dyn Fn(&str) -> bool,
        how: &str,
    ) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in tools.iter().flat_map(|t| installs(script, *t)) {
                for pkg in &cmd.packages {
                    if super::is_dynamic(pkg) || is_pinned(&pkg.value) {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(how.replace("{pkg}", &pkg.value));
                }
            }
        }
    }
}

/// `name-1.2.3` as yum and dnf pin versions; `.rpm` files, URLs and `@groups` count as pinned.
pub fn rpm_pinned(pkg: &str) -> bool {
    if pkg.ends_with(".rpm") || pkg.contains("://") || pkg.starts_with('@') || pkg.contains('=') {
        return true;
    }
    pkg.rsplit_once('-')
        .is_some_and(|(_, version)| version.starts_with(|c: char| c.is_ascii_digit()))
}
