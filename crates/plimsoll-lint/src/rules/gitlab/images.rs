use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports job, `default:` and service images without a tag or with
    /// `latest` (an image pinned by digest is fine whatever its tag).
    /// Images named through variables are not judged.
    ///
    /// ## Why is this bad?
    /// An untagged image is `latest`: the job runs whatever was pushed last,
    /// so the same commit can pass today and fail tomorrow, and a
    /// compromised upstream image reaches the pipeline at once.
    ///
    /// ## Example
    /// ```yaml
    /// test:
    ///   image: python
    ///   services: [postgres:latest]
    ///   script: pytest
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// test:
    ///   image: python:3.12-slim
    ///   services: [postgres:16.4]
    ///   script: pytest
    /// ```
    ///
    /// ## References
    /// - Practice CI09 (images pinned; digests recognised as stronger) and CI05.
    pub struct UnpinnedJobImage {
        code: "GL015",
        name: "unpinned-job-image",
        summary: "Job image or service without a tag, or `latest`",
        severity: Warning,
        category: Reliability,
        practices: ["CI09", "CI05"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// `Some(reason)` when an image reference is unpinned.
pub(super) fn unpinned(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() || image.contains('$') || image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => Some("has no tag, so it is `latest`"),
        Some((_, "latest")) => Some("uses the `latest` tag"),
        Some(_) => None,
    }
}

fn check_images(cx: &GitlabContext<'_>, map: NodeId, place: &str, out: &mut Diagnostics<'_>) {
    let mut nodes = Vec::new();
    if let Some(image) = cx
        .yaml
        .get(map, "image")
        .and_then(|i| image_name(cx.yaml, i))
    {
        nodes.push(("image", image));
    }
    if let Some(services) = cx.yaml.get(map, "services") {
        nodes.extend(
            service_images(cx.yaml, services)
                .into_iter()
                .map(|n| ("service", n)),
        );
    }
    for (what, node) in nodes {
        let Some(name) = cx.str(node) else { continue };
        if let Some(reason) = unpinned(name) {
            out.add(cx.span(node), format!("{place} {what} `{name}` {reason}"))
                .help("pin a version tag, or better a digest (`name:tag@sha256:...`)");
        }
    }
}

impl Rule for UnpinnedJobImage {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(root) = cx.gitlab.root {
            check_images(cx, root, "global", out);
        }
        if let Some(d) = cx.gitlab.default {
            check_images(cx, d, "`default:`", out);
        }
        for job in &cx.gitlab.jobs {
            check_images(cx, job.node, &support::describe(job), out);
        }
    }
}
