use super::prelude::*;

/// Directory names that hold installed dependencies, with the lockfile
/// that usually keys them.
const DEPENDENCY_DIRS: [(&str, &str); 17] = [
    ("node_modules", "package-lock.json"),
    (".npm", "package-lock.json"),
    (".yarn", "yarn.lock"),
    (".yarn-cache", "yarn.lock"),
    (".pnpm-store", "pnpm-lock.yaml"),
    (".m2", "pom.xml"),
    (".gradle", "gradle/wrapper/gradle-wrapper.properties"),
    (".pip-cache", "requirements.txt"),
    ("pip-cache", "requirements.txt"),
    (".venv", "poetry.lock"),
    ("venv", "requirements.txt"),
    ("vendor", "composer.lock"),
    (".bundle", "Gemfile.lock"),
    (".composer", "composer.lock"),
    (".composer-cache", "composer.lock"),
    (".cargo", "Cargo.lock"),
    (".gomodcache", "go.sum"),
];

/// Paths below a cache directory (`.cache/pip`) that hold dependencies.
const DEPENDENCY_SUBPATHS: [(&str, &str); 5] = [
    (".cache/pip", "requirements.txt"),
    (".cache/pypoetry", "poetry.lock"),
    (".cache/uv", "uv.lock"),
    ("pkg/mod", "go.sum"),
    (".go/pkg", "go.sum"),
];

/// Variables that name the branch, job or project: a key made of them is
/// the same whatever the dependencies are.
const REF_VARIABLES: [&str; 12] = [
    "CI_COMMIT_REF_SLUG",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_BRANCH",
    "CI_DEFAULT_BRANCH",
    "CI_JOB_NAME",
    "CI_JOB_NAME_SLUG",
    "CI_JOB_STAGE",
    "CI_PROJECT_NAME",
    "CI_PROJECT_PATH_SLUG",
    "CI_PROJECT_ID",
    "CI_PROJECT_DIR",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
];

declare_rule! {
    /// ## What it does
    /// Reports caches of installed dependencies (`node_modules`, `.npm`,
    /// `.m2`, `.gradle`, `.cache/pip`, `.venv`, `vendor`...) whose `key`
    /// is missing, a constant, or made only of branch, job or project
    /// variables (`$CI_COMMIT_REF_SLUG`, `$CI_JOB_NAME`). Keys built with
    /// `key: files:` or from other variables are not judged, nor caches
    /// of build outputs.
    ///
    /// ## Why is this bad?
    /// Such a key stays the same when the lockfile changes: jobs restore
    /// dependencies of an older lockfile and either reinstall on top of
    /// them or run with stale packages, and a per-branch key starts every
    /// new branch cold. A key from the lockfile changes exactly when the
    /// dependencies do and is shared by every branch with the same ones.
    ///
    /// ## Example
    /// ```yaml
    /// test:
    ///   cache:
    ///     key: $CI_COMMIT_REF_SLUG
    ///     paths: [node_modules/]
    ///   script: [npm ci, npm test]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// test:
    ///   cache:
    ///     key:
    ///       files: [package-lock.json]
    ///     paths: [.npm/]
    ///   script: [npm ci --cache .npm, npm test]
    /// ```
    ///
    /// ## References
    /// - Practice CI03 (dependency caching keyed on lockfile hashes).
    pub struct CacheKeyNotFromLockfile {
        code: "GL024",
        name: "cache-key-not-from-lockfile",
        summary: "Dependency cache whose key does not come from a lockfile",
        severity: Info,
        category: Efficiency,
        practices: ["CI03"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The lockfile that goes with a cached path, when it holds dependencies.
fn dependency_lockfile(path: &str) -> Option<&'static str> {
    let path = path
        .trim_start_matches("$CI_PROJECT_DIR/")
        .trim_start_matches("${CI_PROJECT_DIR}/")
        .trim_start_matches("./");
    if path.starts_with('$') {
        return None;
    }
    let trimmed = path.trim_end_matches(['/', '*']);
    if let Some((_, lock)) = DEPENDENCY_SUBPATHS
        .iter()
        .find(|(sub, _)| trimmed.ends_with(sub) || trimmed.contains(&format!("{sub}/")))
    {
        return Some(lock);
    }
    trimmed.split('/').find_map(|part| {
        DEPENDENCY_DIRS
            .iter()
            .find(|(dir, _)| *dir == part)
            .map(|(_, lock)| *lock)
    })
}

/// Variable names used in a string (`$X`, `${X}`).
fn variable_names(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let body = rest.strip_prefix('{').unwrap_or(rest);
        let end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

fn check_cache(cx: &GitlabContext<'_>, owner: NodeId, place: &str, out: &mut Diagnostics<'_>) {
    let Some(cache) = cx.yaml.get(owner, "cache") else {
        return;
    };
    if is_reference(cx.yaml, cache) {
        return;
    }
    let items: Vec<NodeId> = if cx.yaml.is_sequence(cache) {
        cx.yaml.items(cache).to_vec()
    } else {
        vec![cache]
    };
    for item in items {
        if !cx.yaml.is_mapping(item) {
            continue;
        }
        let Some(paths) = cx.yaml.get(item, "paths") else {
            continue;
        };
        let Some((path, lockfile)) = script_lines(cx.yaml, paths)
            .into_iter()
            .filter_map(|p| cx.str(p))
            .find_map(|p| Some((p, dependency_lockfile(p)?)))
        else {
            continue;
        };
        let (span, problem) = match cx.yaml.get(item, "key") {
            None => (
                cx.entry_span(item, "paths")
                    .unwrap_or_else(|| cx.span(item)),
                "no `key` (GitLab's shared `default`)".to_string(),
            ),
            Some(key) => {
                let Some(text) = cx.str(key) else { continue };
                let names = variable_names(text);
                if names.iter().any(|n| !REF_VARIABLES.contains(n)) || text.contains("$[[") {
                    continue;
                }
                let problem = if names.is_empty() {
                    format!("the constant key `{text}`")
                } else {
                    format!("the branch or job key `{text}`")
                };
                (
                    cx.entry_span(item, "key").unwrap_or_else(|| cx.span(key)),
                    problem,
                )
            }
        };
        out.add(
            span,
            format!(
                "{place} caches dependencies (`{path}`) under {problem}, not a key from a lockfile"
            ),
        )
        .help(format!(
            "key the cache on the lockfile, e.g. `key: {{files: [{lockfile}]}}`"
        ));
    }
}

impl Rule for CacheKeyNotFromLockfile {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(root) = cx.gitlab.root {
            check_cache(cx, root, "the global cache", out);
        }
        if let Some(d) = cx.gitlab.default {
            check_cache(cx, d, "the `default:` cache", out);
        }
        for job in &cx.gitlab.jobs {
            if cx.yaml.is_mapping(job.node) {
                check_cache(cx, job.node, &support::describe(job), out);
            }
        }
    }
}
