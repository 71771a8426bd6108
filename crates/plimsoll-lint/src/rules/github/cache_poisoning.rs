use super::prelude::*;
use super::support::pinned_version;

declare_rule! {
    /// ## What it does
    /// Reports steps that restore a GitHub Actions cache in a workflow
    /// that publishes: one triggered by `release`, by pushed tags
    /// (`push.tags`), or by pushes to `release` branches, or a job that
    /// uses a publishing action (`pypa/gh-action-pypi-publish`,
    /// `goreleaser/goreleaser-action`, `softprops/action-gh-release`,
    /// `docker/build-push-action` with `push: true`...).
    ///
    /// Cache steps: `actions/cache` and `actions/cache/restore` (unless
    /// `lookup-only: true`), `setup-go` (caches by default; `cache: false`
    /// turns it off), `setup-node` with `cache:` or from v5 on (which
    /// caches npm by itself unless `package-manager-cache: false`; a SHA
    /// pin is judged by its `# vX.Y.Z` comment), `setup-python`, `setup-java`
    /// with `cache:`, `setup-dotnet` with `cache: true`, `Swatinem/rust-cache`,
    /// `ruby/setup-ruby` with `bundler-cache: true`, `astral-sh/setup-uv`
    /// with `enable-cache: true`, `oven-sh/setup-bun` (unless
    /// `no-cache: true`), `gradle/actions/setup-gradle` (unless
    /// `cache-disabled: true`) and `Mozilla-Actions/sccache-action`.
    /// Controls given as expressions count as on.
    ///
    /// ## Why is this bad?
    /// Caches are shared across workflows of the repository, and any
    /// workflow run on the default branch can write entries, including one
    /// that runs code from a pull request or an injected script. A poisoned
    /// dependency or compiler cache restored by the release job ends up in
    /// the published artifact.
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   push:
    ///     tags: ['v*']
    /// jobs:
    ///   release:
    ///     steps:
    ///       - uses: actions/setup-go@v5
    ///       - run: goreleaser release
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///       - uses: actions/setup-go@v5
    ///         with:
    ///           cache: false
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain in CI) and CI03 (caching, which must
    ///   not reach releases).
    /// - zizmor cache-poisoning.
    /// - Adnan Khan: "The Monsters in Your Build Cache: GitHub Actions
    ///   Cache Poisoning".
    pub struct CachePoisoning {
        code: "GHA012",
        name: "cache-poisoning",
        summary: "Release workflow restores a shared cache",
        severity: Warning,
        category: Security,
        practices: ["S02", "CI03"],
        peers: [Zizmor "cache-poisoning"],
        fix: None,
        default: true,
    }
}

/// How a cache-aware action turns caching on.
enum Control {
    /// Always caches.
    Always,
    /// Caches unless the input is true (`lookup-only`, `no-cache`).
    UnlessTrue(&'static str),
    /// Caches unless the input is false (`cache` of setup-go).
    UnlessFalse(&'static str),
    /// Caches when the input is set to anything but false/empty.
    WhenSet(&'static str),
    /// Caches when the input is true.
    WhenTrue(&'static str),
    /// `setup-node`: caches with `cache:`, and from v5 on by itself unless
    /// `package-manager-cache: false`.
    Node,
}

const CACHE_ACTIONS: &[(&str, Control)] = &[
    ("actions/cache", Control::UnlessTrue("lookup-only")),
    ("actions/cache/restore", Control::UnlessTrue("lookup-only")),
    ("actions/setup-go", Control::UnlessFalse("cache")),
    ("actions/setup-node", Control::Node),
    ("actions/setup-python", Control::WhenSet("cache")),
    ("actions/setup-java", Control::WhenSet("cache")),
    ("actions/setup-dotnet", Control::WhenTrue("cache")),
    ("swatinem/rust-cache", Control::UnlessTrue("lookup-only")),
    ("ruby/setup-ruby", Control::WhenTrue("bundler-cache")),
    ("astral-sh/setup-uv", Control::WhenTrue("enable-cache")),
    ("oven-sh/setup-bun", Control::UnlessTrue("no-cache")),
    (
        "gradle/actions/setup-gradle",
        Control::UnlessTrue("cache-disabled"),
    ),
    ("mozilla-actions/sccache-action", Control::Always),
];

const PUBLISHERS: &[&str] = &[
    "pypa/gh-action-pypi-publish",
    "rubygems/release-gem",
    "goreleaser/goreleaser-action",
    "softprops/action-gh-release",
    "jreleaser/release-action",
    "redhat-actions/push-to-registry",
];

/// `owner/repo[/path]`, lower-cased.
fn action_path(u: &Uses) -> Option<String> {
    let Uses::Repo { path, .. } = u else {
        return None;
    };
    let slug = u.slug()?;
    Some(match path {
        Some(p) => format!("{slug}/{}", p.to_ascii_lowercase()),
        None => slug,
    })
}

fn input<'a>(yaml: &'a YamlFile, step: &Step, name: &str) -> Option<&'a str> {
    step.input(name)
        .and_then(|e| yaml.str(e.value))
        .map(str::trim)
}

fn caches(yaml: &YamlFile, text: &str, step: &Step) -> bool {
    let Some(path) = step.uses().and_then(action_path) else {
        return false;
    };
    let Some((_, control)) = CACHE_ACTIONS.iter().find(|(a, _)| *a == path) else {
        return false;
    };
    let is = |v: Option<&str>, want: bool| {
        v.is_some_and(|v| v.eq_ignore_ascii_case(if want { "true" } else { "false" }))
    };
    let expr = |v: Option<&str>| v.is_some_and(|v| v.contains("${{"));
    match control {
        Control::Always => true,
        Control::UnlessTrue(i) => !is(input(yaml, step, i), true),
        Control::UnlessFalse(i) => !is(input(yaml, step, i), false),
        Control::WhenSet(i) => {
            input(yaml, step, i).is_some_and(|v| !v.is_empty() && !v.eq_ignore_ascii_case("false"))
        }
        Control::WhenTrue(i) => {
            let v = input(yaml, step, i);
            is(v, true) || expr(v)
        }
        Control::Node => {
            let explicit = input(yaml, step, "cache")
                .is_some_and(|v| !v.is_empty() && !v.eq_ignore_ascii_case("false"));
            let version = step.uses().and_then(Uses::git_ref).and_then(|r| {
                if crate::github::is_full_sha(r) {
                    step.uses
                        .as_ref()
                        .and_then(|(u, _)| pinned_version(yaml, text, u.node))
                } else {
                    Some(r)
                }
            });
            let major = version
                .and_then(|r| r.strip_prefix(['v', 'V']))
                .and_then(|r| r.split('.').next())
                .and_then(|m| m.parse::<u32>().ok());
            explicit
                || (major.is_some_and(|m| m >= 5)
                    && !is(input(yaml, step, "package-manager-cache"), false))
        }
    }
}

/// Why a workflow or job publishes, if it does.
fn publishes(cx: &WorkflowContext<'_>, job: &Job) -> Option<String> {
    let w = cx.workflow;
    if w.has_trigger("release") {
        return Some("its workflow is triggered by releases".into());
    }
    if let Some(push) = w.trigger("push") {
        let has = |k: &str| push.config.and_then(|c| cx.yaml.get(c, k)).is_some();
        if has("tags") || has("tags-ignore") {
            return Some("its workflow is triggered by pushed tags".into());
        }
        if push
            .filter(cx.yaml, "branches")
            .iter()
            .any(|b| b.value.to_ascii_lowercase().contains("release"))
        {
            return Some("its workflow is triggered by pushes to release branches".into());
        }
    }
    job.steps.iter().find_map(|s| {
        let u = s.uses()?;
        let path = action_path(u)?;
        let publisher = PUBLISHERS.contains(&path.as_str())
            || (path == "docker/build-push-action"
                && input(cx.yaml, s, "push").is_some_and(|v| v.eq_ignore_ascii_case("true")));
        publisher.then(|| format!("the job publishes with `{path}`"))
    })
}

impl Rule for CachePoisoning {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let cached: Vec<&Step> = job
            .steps
            .iter()
            .filter(|s| caches(cx.yaml, cx.text(), s))
            .collect();
        if cached.is_empty() {
            return;
        }
        let Some(why) = publishes(cx, job) else {
            return;
        };
        for step in cached {
            out.add(
                cx.step_span(step),
                format!(
                    "job `{}` restores a shared cache with `{}` while {why}",
                    job.id,
                    step.uses.as_ref().map_or("", |(u, _)| u.value.as_str())
                ),
            )
            .help("turn caching off in release jobs (`cache: false`, `lookup-only: true`) and build them from clean inputs");
        }
    }
}
