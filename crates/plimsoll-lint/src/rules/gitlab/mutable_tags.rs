use super::prelude::*;
use plimsoll_syntax::shell::{CommandView, ShellWord};

/// Variables that name a commit, tag or pipeline: a tag with one is immutable.
const IMMUTABLE_VARIABLES: [&str; 7] = [
    "CI_COMMIT_SHA",
    "CI_COMMIT_SHORT_SHA",
    "CI_COMMIT_TAG",
    "CI_PIPELINE_ID",
    "CI_PIPELINE_IID",
    "CI_JOB_ID",
    "CI_COMMIT_TIMESTAMP",
];

/// Variables that name a branch: a tag made of them moves.
const BRANCH_VARIABLES: [&str; 4] = [
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_REF_SLUG",
    "CI_COMMIT_BRANCH",
    "CI_DEFAULT_BRANCH",
];

/// Image names without a tag that GitLab predefines.
const UNTAGGED_IMAGE_VARIABLES: [&str; 2] = ["CI_REGISTRY_IMAGE", "CI_PROJECT_PATH"];

declare_rule! {
    /// ## What it does
    /// Reports jobs that push container images (`docker push`, `docker
    /// buildx build --push`, kaniko `--destination`, `crane push`/`copy`,
    /// `podman`/`buildah push`, `skopeo copy`) where every pushed tag is
    /// mutable: `latest` (or no tag), a branch name (`$CI_COMMIT_REF_SLUG`,
    /// `$CI_COMMIT_BRANCH`...) or a word such as `main`. A job that also
    /// pushes a commit, tag or version tag (`$CI_COMMIT_SHA`,
    /// `$CI_COMMIT_TAG`, `1.4.2`) or a digest is fine. Jobs whose tags come
    /// from other variables are not judged.
    ///
    /// ## Why is this bad?
    /// A mutable tag points at a different image after every push: a
    /// deploy cannot say which build it runs, a rollback has nothing to
    /// go back to, and two environments "on the same tag" can run
    /// different code.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   script:
    ///     - docker build -t $CI_REGISTRY_IMAGE:latest .
    ///     - docker push $CI_REGISTRY_IMAGE:latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   script:
    ///     - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
    ///     - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
    /// ```
    ///
    /// ## References
    /// - Practice CI05 (build once, deploy the same immutable image; never
    ///   deploy `latest`).
    pub struct MutableImageTagsOnly {
        code: "GL026",
        name: "mutable-image-tags-only",
        summary: "Job pushes images only under mutable tags (`latest`, branch names)",
        severity: Warning,
        category: Reliability,
        practices: ["CI05"],
        peers: [],
        fix: None,
        default: true,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Tag {
    Immutable,
    Mutable,
    Unknown,
}

/// Variable names in a word (`$X`, `${X}`, `${X:-y}`).
fn variables(s: &str) -> Vec<&str> {
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

/// Splits an image reference into name and tag at the last `:` after the
/// last `/`, outside `${...}`.
fn split_tag(reference: &str) -> (&str, Option<&str>) {
    let mut depth = 0usize;
    let mut slash = None;
    let mut colon = None;
    for (i, c) in reference.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                slash = Some(i);
                colon = None;
            }
            ':' if depth == 0 && slash.is_none_or(|s| s < i) => colon = Some(i),
            _ => {}
        }
    }
    match colon {
        Some(i) => (&reference[..i], Some(&reference[i + 1..])),
        None => (reference, None),
    }
}

fn classify(reference: &str) -> Tag {
    let reference = reference.trim_start_matches("docker://");
    if reference.contains('@') {
        return Tag::Immutable;
    }
    let (name, tag) = split_tag(reference);
    let Some(tag) = tag else {
        // No tag pushes `latest`, when the name itself cannot hold one.
        let names = variables(name);
        return if names.iter().all(|v| UNTAGGED_IMAGE_VARIABLES.contains(v)) {
            Tag::Mutable
        } else {
            Tag::Unknown
        };
    };
    let names = variables(tag);
    if names.iter().any(|v| IMMUTABLE_VARIABLES.contains(v)) {
        return Tag::Immutable;
    }
    if names.iter().any(|v| !BRANCH_VARIABLES.contains(v)) {
        return Tag::Unknown;
    }
    let literal: String = tag.chars().filter(|c| *c != '$').collect();
    if names.is_empty() && literal.chars().any(|c| c.is_ascii_digit()) {
        Tag::Immutable
    } else {
        Tag::Mutable
    }
}

/// Values of `-t X`, `--tag X`, `--tag=X` (or other option names).
fn option_values<'a>(cmd: &CommandView<'a>, short: &str, long: &str) -> Vec<&'a ShellWord> {
    let mut out = Vec::new();
    let mut args = cmd.args.iter();
    while let Some(a) = args.next() {
        let v = a.value.as_str();
        if v == short || v == long {
            if let Some(next) = args.next() {
                out.push(next);
            }
        } else if v.starts_with(&format!("{long}=")) {
            out.push(a);
        }
    }
    out
}

/// The value of a word that may be `--option=value`.
fn word_value(w: &ShellWord) -> &str {
    if w.value.starts_with("--") {
        w.value.split_once('=').map_or("", |(_, v)| v)
    } else {
        &w.value
    }
}

/// The references a command pushes: `Some(refs)` for a push command
/// (empty when they cannot be read), `None` for other commands.
fn pushed(cmd: &CommandView<'_>) -> Option<Vec<String>> {
    let name = cmd.name();
    let positionals = cmd.positionals(&[]);
    let sub = positionals.first().map(|w| w.value.as_str());
    let words = |ws: Vec<&ShellWord>| ws.iter().map(|w| word_value(w).to_string()).collect();
    match name {
        "docker" | "podman" | "buildah" | "nerdctl" => {
            let second = positionals.get(1).map(|w| w.value.as_str());
            let is_push = sub == Some("push") || (sub == Some("image") && second == Some("push"));
            if is_push {
                if cmd.has_flag(&["--all-tags", "-a"]) {
                    return Some(Vec::new());
                }
                let rest: Vec<&ShellWord> = positionals
                    .iter()
                    .skip(if sub == Some("image") { 2 } else { 1 })
                    .copied()
                    .collect();
                // `podman push SRC DEST` pushes to DEST.
                return Some(
                    rest.last()
                        .map(|w| vec![w.value.clone()])
                        .unwrap_or_default(),
                );
            }
            let builds = matches!(sub, Some("build" | "buildx"))
                && positionals.iter().any(|w| w.value == "build")
                && cmd.has_flag(&["--push"]);
            builds.then(|| words(option_values(cmd, "-t", "--tag")))
        }
        "executor" if cmd.name.value.contains("kaniko") || cmd.has_flag(&["--destination"]) => {
            if cmd.has_flag(&["--no-push"]) {
                return None;
            }
            Some(words(option_values(cmd, "-d", "--destination")))
        }
        "crane" if matches!(sub, Some("push" | "copy" | "cp")) => Some(
            positionals
                .get(2)
                .map(|w| vec![w.value.clone()])
                .unwrap_or_default(),
        ),
        "skopeo" if sub == Some("copy") => Some(
            positionals
                .last()
                .filter(|_| positionals.len() >= 3)
                .map(|w| vec![w.value.clone()])
                .unwrap_or_default(),
        ),
        _ => None,
    }
}

impl Rule for MutableImageTagsOnly {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if cx.gitlab.templated || !cx.yaml.is_mapping(job.node) {
            return;
        }
        let mut refs: Vec<String> = Vec::new();
        let mut first: Option<Span> = None;
        for key in ["before_script", "script", "after_script"] {
            let Some(node) = cx.own(job, key) else {
                continue;
            };
            for line in script_lines(cx.yaml, node) {
                let Some(parsed) = ScriptLine::parse(cx.yaml, cx.text(), line) else {
                    continue;
                };
                for cmd in parsed.script.command_views() {
                    let Some(pushed) = pushed(&cmd) else { continue };
                    if pushed.is_empty() {
                        // A push whose target cannot be read.
                        return;
                    }
                    first.get_or_insert(parsed.span(cmd.span()));
                    refs.extend(pushed);
                }
            }
        }
        let Some(span) = first else { return };
        let mut tags = refs.iter().map(|r| classify(r));
        if !tags.all(|t| t == Tag::Mutable) {
            return;
        }
        let mut shown: Vec<&str> = Vec::new();
        for r in &refs {
            if !shown.contains(&r.as_str()) {
                shown.push(r);
            }
        }
        let list = shown
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.add(
            span,
            format!(
                "{} pushes images only under mutable tags ({list}): deploys cannot name the build they run",
                support::describe(job)
            ),
        )
        .help("also push an immutable tag (`$CI_COMMIT_SHA`, `$CI_COMMIT_TAG` or a version) and deploy that");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_tags() {
        assert_eq!(classify("$CI_REGISTRY_IMAGE:latest"), Tag::Mutable);
        assert_eq!(classify("$CI_REGISTRY_IMAGE"), Tag::Mutable);
        assert_eq!(
            classify("${CI_REGISTRY_IMAGE}/api:${CI_COMMIT_REF_SLUG}"),
            Tag::Mutable
        );
        assert_eq!(classify("registry.example.com:5000/app"), Tag::Mutable);
        assert_eq!(
            classify("registry.example.com:5000/app:1.2.3"),
            Tag::Immutable
        );
        assert_eq!(
            classify("$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"),
            Tag::Immutable
        );
        assert_eq!(classify("$IMAGE"), Tag::Unknown);
        assert_eq!(classify("$CI_REGISTRY_IMAGE:$TAG"), Tag::Unknown);
        assert_eq!(classify("${IMAGE:-app}:latest"), Tag::Mutable);
        assert_eq!(classify("app@sha256:abc"), Tag::Immutable);
    }
}
