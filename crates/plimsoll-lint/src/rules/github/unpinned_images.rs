use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports container images without a version: no tag and no digest
    /// (`image: postgres`), or the `latest` tag. Checked: job `container`
    /// (string or `image`), `services.*.image`, `uses: docker://...` steps
    /// and the `docker://` image of a Docker action's `runs.image`. Images
    /// built from expressions are not judged; a tag without a digest is
    /// accepted.
    ///
    /// ## Why is this bad?
    /// The job runs whatever the tag points to on the day: a new major
    /// version breaks the build without any change to the repository, and
    /// a compromised or replaced image runs with the job's token and
    /// secrets. Runs stop being reproducible.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16.4@sha256:<digest>
    /// ```
    ///
    /// ## References
    /// - Practice CI09 (actions and images pinned) and CI05 (never `latest`).
    /// - zizmor unpinned-images.
    pub struct UnpinnedImages {
        code: "GHA014",
        name: "unpinned-images",
        summary: "Container image without a version",
        severity: Warning,
        category: Reliability,
        practices: ["CI09", "CI05"],
        peers: [Zizmor "unpinned-images"],
        fix: None,
        default: true,
    }
}

/// What is wrong with an image reference, if anything.
fn problem(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() || image.contains("${{") || image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("has no tag or digest"),
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some(_) => None,
    }
}

impl Rule for UnpinnedImages {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        for c in job.container.iter().chain(&job.services) {
            let Some(image) = &c.image else { continue };
            if let Some(p) = problem(&image.value) {
                let who = c.name.as_ref().map_or_else(
                    || format!("job `{}` container", job.id),
                    |n| format!("service `{n}` of job `{}`", job.id),
                );
                out.add(
                    cx.span(image.node),
                    format!("{who} image `{}` {p}", image.value),
                )
                .help("pin a version tag, ideally with its digest (`image:1.2.3@sha256:...`)");
            }
        }
        for step in &job.steps {
            if let Some((s, Uses::Docker { image })) = &step.uses
                && let Some(p) = problem(image)
            {
                out.add(cx.span(s.node), format!("step {} image `{image}` {p}", step.label()))
                    .help("pin a version tag, ideally with its digest (`docker://image:1.2.3@sha256:...`)");
            }
        }
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(image) = &cx.action.image
            && let Some(reference) = image.value.strip_prefix("docker://")
            && let Some(p) = problem(reference)
        {
            out.add(
                cx.span(image.node),
                format!("action image `{reference}` {p}"),
            )
            .help("pin a version tag, ideally with its digest");
        }
        for step in &cx.action.steps {
            if let Some((s, Uses::Docker { image })) = &step.uses
                && let Some(p) = problem(image)
            {
                out.add(
                    cx.span(s.node),
                    format!("step {} image `{image}` {p}", step.label()),
                )
                .help("pin a version tag, ideally with its digest");
            }
        }
    }
}
