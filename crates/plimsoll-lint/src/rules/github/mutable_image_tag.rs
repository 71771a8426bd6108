use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports jobs that push container images only under mutable tags:
    /// `docker/build-push-action` with `push` whose `tags` are all
    /// `latest`, a branch-like name (`main`, `master`, `develop`, `dev`,
    /// `stable`, `edge`, `nightly`) or no tag at all; and `docker push`
    /// commands of a job that all push such tags. Tags built from
    /// expressions or shell variables (a SHA, a version, the output of
    /// `docker/metadata-action`) count as immutable, so a job is reported
    /// only when nothing it pushes can be pinned.
    ///
    /// ## Why is this bad?
    /// `latest` and branch tags move with every build: a deploy cannot say
    /// which build it runs, two nodes may pull different images, and a
    /// rollback to "the previous image" is impossible. Every pushed image
    /// should also carry its commit SHA or release version.
    ///
    /// ## Example
    /// ```yaml
    /// - uses: docker/build-push-action@v6
    ///   with:
    ///     push: true
    ///     tags: ghcr.io/org/app:latest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// - uses: docker/build-push-action@v6
    ///   with:
    ///     push: true
    ///     tags: |
    ///       ghcr.io/org/app:${{ github.sha }}
    ///       ghcr.io/org/app:latest
    /// ```
    ///
    /// ## References
    /// - Practice CI05 (build once, deploy the same immutable image: SHA or
    ///   semver tags, never `latest`).
    /// - Docker documentation: image tagging best practices.
    pub struct MutableImageTag {
        code: "GHA063",
        name: "mutable-image-tag-only",
        summary: "Image pushed only under mutable tags such as `latest`",
        severity: Warning,
        category: Reliability,
        practices: ["CI05"],
        peers: [],
        fix: None,
        default: true,
    }
}

const MUTABLE: &[&str] = &[
    "latest", "main", "master", "develop", "dev", "stable", "edge", "nightly",
];

/// Whether an image reference (no expressions, no variables) has a mutable
/// tag: none, or one of [`MUTABLE`]. `None` when it cannot be judged.
fn mutable(image: &str) -> Option<bool> {
    let image = image.trim();
    if image.is_empty() || image.contains("${{") || image.contains('$') {
        return None;
    }
    if image.contains('@') {
        return Some(false);
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    Some(match last.split_once(':') {
        None => true,
        Some((_, tag)) => MUTABLE.contains(&tag.to_ascii_lowercase().as_str()),
    })
}

impl Rule for MutableImageTag {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let mut pushes: Vec<(Span, String)> = Vec::new();
        let mut pinned = false;
        for step in &job.steps {
            if step
                .uses()
                .is_some_and(|u| u.is_action("docker/build-push-action"))
                && step.input("push").is_some_and(|p| {
                    y.str(p.value)
                        .is_some_and(|v| v == "true" || v.contains("${{"))
                })
            {
                let Some(tags) = step.input("tags") else {
                    continue;
                };
                let Some(value) = y.str(tags.value) else {
                    continue;
                };
                for t in value
                    .split(['\n', ','])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                {
                    match mutable(t) {
                        Some(true) => pushes.push((cx.span(tags.value), t.to_string())),
                        _ => pinned = true,
                    }
                }
            }
            if let Some(run) = &step.run
                && let Some(text) = cx.scalar_text(run.node)
            {
                for c in text.script().command_views() {
                    if !matches!(c.name(), "docker" | "podman") {
                        continue;
                    }
                    let pos = c.positionals(&[]);
                    if pos.first().map(|w| w.value.as_str()) != Some("push") {
                        continue;
                    }
                    if c.has_flag(&["--all-tags", "-a"]) {
                        pinned = true;
                        continue;
                    }
                    let Some(img) = pos.get(1) else {
                        continue;
                    };
                    match mutable(&img.raw) {
                        Some(true) => pushes.push((img.span, img.value.clone())),
                        _ => pinned = true,
                    }
                }
            }
        }
        if pinned {
            return;
        }
        for (span, image) in pushes {
            out.add(
                span,
                format!("job `{}` pushes `{image}`, and no immutable tag of it", job.id),
            )
            .help("also tag the image with the commit SHA or release version (`:${{ github.sha }}`) and deploy that tag");
        }
    }
}
