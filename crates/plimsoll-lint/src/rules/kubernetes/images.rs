//! K8S030–K8S032: how container images are pinned, and whether the pull
//! policy refreshes a moving tag.

use super::prelude::*;
use plimsoll_syntax::dockerfile::ImageRef;

/// A container's image as written, when it can be judged: not templated,
/// parseable.
struct Image {
    node: NodeId,
    text: String,
    parsed: ImageRef,
}

fn image(cx: &K8sContext<'_>, c: &Container) -> Option<Image> {
    let node = c.get(cx.yaml, "image")?;
    let text = cx.yaml.str(node)?.trim();
    if text.is_empty() || helpers::is_templated(text) {
        return None;
    }
    Some(Image {
        node,
        parsed: ImageRef::parse(text)?,
        text: text.to_string(),
    })
}

/// How a moving image reference moves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Moving {
    Latest,
    Untagged,
    /// A kustomize `images:` entry sets `newTag: latest`.
    KustomizeLatest,
}

/// Whether the image follows a moving tag: `latest` or no tag, no digest,
/// and no kustomize `images:` override that pins it (a `digest`, or a
/// `newTag` other than `latest`: `newTag: latest` keeps it moving).
fn moving(cx: &K8sContext<'_>, image: &Image) -> Option<Moving> {
    if image.parsed.digest.is_some() {
        return None;
    }
    if let Some(o) = cx.cluster.image_override(cx.parsed, &image.text) {
        if o.digest.is_some() {
            return None;
        }
        match o.new_tag.as_deref() {
            Some("latest") => return Some(Moving::KustomizeLatest),
            Some(_) => return None,
            None => {}
        }
    }
    match image.parsed.tag.as_deref() {
        None => Some(Moving::Untagged),
        Some("latest") => Some(Moving::Latest),
        Some(_) => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports container images with the tag `latest` or with no tag and no
    /// digest (which pulls `latest`), in main, init, sidecar and ephemeral
    /// containers. Images with a digest, templated images (`{{ .Values.image
    /// }}`, `${IMAGE}`) and images that a kustomize `images:` entry of a
    /// kustomization including the file pins with a `digest` or a `newTag`
    /// are not reported; `newTag: latest` is reported.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last: two pods of one Deployment can
    /// run different code, a rollback redeploys the same broken image, and
    /// nothing records which version ran when an incident happened.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// containers:
    ///   - name: api
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## References
    /// - Practice K04 (images pinned, no `latest`).
    /// - checkov CKV_K8S_14, kube-linter latest-tag, kube-score
    ///   container-image-tag, Polaris tagNotSpecified.
    pub struct LatestImageTag {
        code: "K8S030",
        name: "latest-image-tag",
        summary: "Container image uses `latest` or no tag",
        severity: Warning,
        category: Reliability,
        practices: ["K04"],
        peers: [Checkov "CKV_K8S_14", KubeLinter "latest-tag", KubeScore "container-image-tag", Polaris "tagNotSpecified"],
        fix: None,
        default: true,
    }
}

impl Rule for LatestImageTag {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(image) = image(cx, c) else {
            return;
        };
        let Some(how) = moving(cx, &image) else {
            return;
        };
        let text = &image.text;
        let message = match how {
            Moving::Latest => format!("{} of {} uses `{text}`", c.display(), o.display()),
            Moving::Untagged => format!(
                "{} of {} uses `{text}` without a tag, which pulls `latest`",
                c.display(),
                o.display()
            ),
            Moving::KustomizeLatest => format!(
                "{} of {} uses `{text}`, which a kustomization retags `latest`",
                c.display(),
                o.display()
            ),
        };
        let help = if how == Moving::KustomizeLatest {
            "set the kustomization's `newTag` to a version, or pin a `digest`"
        } else {
            "pin a version tag, ideally with its digest (`name:1.2.3@sha256:...`)"
        };
        out.add(cx.span(image.node), message).help(help);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports container images without an `@sha256:` digest (main, init,
    /// sidecar and ephemeral containers). Templated images and images a
    /// kustomize `images:` entry pins with a `digest` are not reported.
    ///
    /// This rule is off by default: it suits repositories whose images are
    /// updated by a bot (Renovate, Dependabot) or a release pipeline.
    ///
    /// ## Why is this bad?
    /// A tag can be moved or overwritten in the registry, by mistake or by
    /// an attacker. A digest names exactly the bytes that were tested:
    /// every node runs the same image, and a registry compromise cannot
    /// swap it.
    ///
    /// ## Example
    /// ```yaml
    /// image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: registry.example.com/api:1.4.2@sha256:3f1c9a8e6b0d4f2a7c5e9b1d3a6f8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a
    /// ```
    ///
    /// ## References
    /// - Practice K04 (images pinned).
    /// - checkov CKV_K8S_43.
    pub struct ImageNotPinnedByDigest {
        code: "K8S031",
        name: "image-not-pinned-by-digest",
        summary: "Container image is not pinned by digest",
        severity: Info,
        category: Reliability,
        practices: ["K04"],
        peers: [Checkov "CKV_K8S_43"],
        fix: None,
        default: false,
    }
}

impl Rule for ImageNotPinnedByDigest {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(image) = image(cx, c) else {
            return;
        };
        if image.parsed.digest.is_some()
            || cx
                .cluster
                .image_override(cx.parsed, &image.text)
                .is_some_and(|o| o.digest.is_some())
        {
            return;
        }
        out.add(
            cx.span(image.node),
            format!(
                "{} of {} uses `{}` without a digest",
                c.display(),
                o.display(),
                image.text
            ),
        )
        .help("append the digest of the tested image: `name:tag@sha256:...`");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers whose image follows `latest` (the tag `latest`, or
    /// no tag and no digest) while `imagePullPolicy` is `IfNotPresent` or
    /// `Never`. Images pinned by a tag or digest, templated images and
    /// images pinned by a kustomize `images:` entry are not reported.
    ///
    /// checkov, kube-score and Polaris want `imagePullPolicy: Always`
    /// everywhere; plimsoll does not. With a pinned version tag or a digest
    /// the image never changes, so `IfNotPresent` is right: it avoids a
    /// registry round trip on every start and keeps pods starting when the
    /// registry is down. Only a moving tag needs `Always`, which is also
    /// what Kubernetes defaults to for `latest` when the policy is unset.
    ///
    /// ## Why is this bad?
    /// With `IfNotPresent`, each node keeps running whatever `latest` was
    /// when it first pulled it: pods of one workload run different code
    /// depending on their node, and pushing a new `latest` changes nothing
    /// until the node's cache is evicted.
    ///
    /// ## Example
    /// ```yaml
    /// image: registry.example.com/api:latest
    /// imagePullPolicy: IfNotPresent
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: registry.example.com/api:1.4.2
    /// imagePullPolicy: IfNotPresent
    /// ```
    /// Pin the image (K8S030); if it must follow `latest`, use `Always`.
    ///
    /// ## Fix safety
    /// The fix sets `imagePullPolicy: Always`. It is unsafe: every start
    /// then contacts the registry, and images loaded into the node by hand
    /// (`kind load`, with `Never`) can no longer be found.
    ///
    /// ## References
    /// - Practice K04 (pull policy consistent with the tag).
    pub struct StaleImagePullPolicy {
        code: "K8S032",
        name: "stale-image-pull-policy",
        summary: "Moving image tag with a pull policy that keeps stale images",
        severity: Warning,
        category: Reliability,
        practices: ["K04"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for StaleImagePullPolicy {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(policy_node) = c.get(cx.yaml, "imagePullPolicy") else {
            return;
        };
        let Some(policy) = cx
            .yaml
            .str(policy_node)
            .filter(|p| matches!(*p, "IfNotPresent" | "Never"))
        else {
            return;
        };
        let Some(image) = image(cx, c) else {
            return;
        };
        if moving(cx, &image).is_none() {
            return;
        }
        let span = cx
            .entry_span(c.node, "imagePullPolicy")
            .unwrap_or_else(|| cx.span(policy_node));
        let fix = Fix::unsafe_(
            "Set `imagePullPolicy: Always`",
            vec![plimsoll_syntax::yaml::patch::replace(
                cx.yaml,
                policy_node,
                &Value::raw("Always"),
            )],
        );
        out.add(
            span,
            format!(
                "{} of {} follows `{}` with `imagePullPolicy: {policy}`: nodes keep running the image they cached",
                c.display(),
                o.display(),
                image.text
            ),
        )
        .help("pin the image to a version or digest; otherwise use `imagePullPolicy: Always`")
        .fix(fix);
    }
}
