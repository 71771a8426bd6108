//! DC010, DC011 and DC047: images are pinned, and built services say
//! whether they are built or pulled.

use super::prelude::*;

/// Tags that name a moving target.
const MUTABLE_TAGS: [&str; 9] = [
    "latest", "stable", "edge", "nightly", "dev", "test", "beta", "canary", "lts",
];

/// What an `image` reference pins.
#[derive(Debug, PartialEq, Eq)]
enum Pin {
    Digest,
    Tag(String),
    NoTag,
    /// The name or tag reads a variable.
    Unknown,
}

fn pin_of(image: &str) -> Pin {
    if let Some((_, digest)) = image.rsplit_once('@') {
        return if interpolation::is_interpolated(digest) {
            Pin::Unknown
        } else {
            Pin::Digest
        };
    }
    // The registry may carry a port (`host:5000/app`): the tag is in the
    // last path segment, after the last `/` outside a variable.
    let Ok(template) = interpolation::parse(image) else {
        return Pin::Unknown;
    };
    let slash = template
        .segments
        .iter()
        .filter_map(|seg| match seg {
            interpolation::Segment::Literal(r) => {
                image.get(r.clone())?.rfind('/').map(|i| r.start + i + 1)
            }
            _ => None,
        })
        .next_back()
        .unwrap_or(0);
    let reads_variable = template
        .segments
        .iter()
        .any(|seg| matches!(seg, interpolation::Segment::Variable(v) if v.range.end > slash));
    if reads_variable {
        return Pin::Unknown;
    }
    let last = &image[slash..];
    match last.split_once(':') {
        Some((_, tag)) if !tag.is_empty() => Pin::Tag(tag.to_string()),
        _ => Pin::NoTag,
    }
}

/// Whether the service's image is only built locally, never pulled.
fn built_not_pulled(s: &Service) -> bool {
    s.build.is_some()
        && s.pull_policy
            .as_ref()
            .is_some_and(|p| matches!(p.value.as_str(), "build" | "never"))
}

declare_rule! {
    /// ## What it does
    /// Reports a service `image` without a tag (Docker pulls `latest`) or
    /// with a tag that moves: `latest`, `stable`, `edge`, `nightly`, `dev`,
    /// `test`, `beta`, `canary`, `lts` (any case). A digest (`@sha256:...`)
    /// pins the image whatever the tag. A registry port (`host:5000/app`)
    /// is not a tag. Not reported: references whose name or tag reads a
    /// variable (`${IMAGE}`, `app:${TAG}`), and services that build their
    /// image with `pull_policy: build` or `never` (the image is then a
    /// local name). A service that builds without such a `pull_policy` is
    /// reported as advice only, since Compose may pull that name.
    ///
    /// ## Why is this bad?
    /// The image changes under the same name: two hosts, or the same host
    /// a week apart, run different software, and a rollback has nothing to
    /// roll back to.
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
    ///     image: postgres:16.4
    /// ```
    ///
    /// ## References
    /// - Practice C05 (images pinned).
    /// - dclint service-image-require-explicit-tag, compose-lint CL-0004.
    pub struct UnpinnedServiceImage {
        code: "DC010",
        name: "unpinned-service-image",
        summary: "Service image has no tag or a moving tag",
        severity: Warning,
        category: Reliability,
        practices: ["C05"],
        peers: [Dclint "service-image-require-explicit-tag", ComposeLint "CL-0004"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedServiceImage {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(image) = &s.image else { return };
        if built_not_pulled(s) {
            return;
        }
        let message = match pin_of(&image.value) {
            Pin::NoTag => format!(
                "{} uses image `{}` without a tag, which pulls `latest`",
                s.display(),
                image.value
            ),
            Pin::Tag(tag) if MUTABLE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(&tag)) => format!(
                "{} uses image `{}`, whose tag `{tag}` moves",
                s.display(),
                image.value
            ),
            _ => return,
        };
        let builds = s.build.is_some();
        out.add(cx.span(image.node), message)
            .help(if builds {
                "tag the image the service builds with a version, or set `pull_policy: build`"
            } else {
                "pin a version tag (`name:1.2.3`) or a digest"
            })
            .severity(if builds {
                Severity::Info
            } else {
                Severity::Warning
            });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service `image` pinned by tag only, without a digest
    /// (`@sha256:...`). Images without a tag or with a moving tag are left
    /// to DC010; references that read a variable and images the service
    /// builds are not reported. Off by default: digests need tooling (such
    /// as Renovate) to stay current.
    ///
    /// ## Why is this bad?
    /// A tag can be pushed again: `postgres:16.4` today need not be the
    /// image reviewed yesterday, and a compromised registry account can
    /// replace it. A digest names exactly one image.
    ///
    /// ## Example
    /// ```yaml
    /// image: postgres:16.4
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: postgres:16.4@sha256:4aea012537edfad80f98d870a36e6b90b4c09b27be7f4b4759d72db863baeebb
    /// ```
    ///
    /// ## References
    /// - Practice C05 (images pinned).
    /// - compose-lint CL-0019.
    pub struct ServiceImageWithoutDigest {
        code: "DC011",
        name: "service-image-without-digest",
        summary: "Service image is pinned by tag, not by digest",
        severity: Info,
        category: Security,
        practices: ["C05"],
        peers: [ComposeLint "CL-0019"],
        fix: None,
        default: false,
    }
}

impl Rule for ServiceImageWithoutDigest {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(image) = &s.image else { return };
        if s.build.is_some() {
            return;
        }
        if let Pin::Tag(tag) = pin_of(&image.value)
            && !MUTABLE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(&tag))
        {
            out.add(
                cx.span(image.node),
                format!("{} pins image `{}` by tag only", s.display(), image.value),
            )
            .help("append the digest: `name:tag@sha256:...`");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service with both `build` and `image` but no
    /// `pull_policy`.
    ///
    /// ## Why is this bad?
    /// `image` then plays two roles: the name of the image Compose builds,
    /// and an image it may pull. Without `pull_policy`, Compose pulls
    /// `image` first and builds only when the pull fails, so local changes
    /// are silently replaced by whatever the registry holds under that
    /// name.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     build: .
    ///     image: registry.example.com/api:dev
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     build: .
    ///     image: registry.example.com/api:dev
    ///     pull_policy: build
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `pull_policy: build`. It is unsafe: the image is then
    /// always built, never pulled.
    ///
    /// ## References
    /// - Practice C05 (built services are explicit about what they run).
    /// - dclint no-build-and-image (with its default `checkPullPolicy`).
    pub struct BuildAndImageWithoutPullPolicy {
        code: "DC047",
        name: "build-and-image-without-pull-policy",
        summary: "Service has `build` and `image` but no `pull_policy`",
        severity: Info,
        category: BestPractice,
        practices: ["C05"],
        peers: [Dclint "no-build-and-image"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for BuildAndImageWithoutPullPolicy {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let (Some(build), Some(_)) = (&s.build, &s.image) else {
            return;
        };
        if cx.yaml.get(s.node, "pull_policy").is_some() {
            return;
        }
        let fix = cx
            .set(s.node, &["pull_policy"], Value::raw("build"))
            .map(|e| Fix::unsafe_("Add `pull_policy: build`", vec![e]));
        let span = cx
            .yaml
            .key_node(s.node, "build")
            .map_or_else(|| cx.span(build.node), |k| cx.yaml.node(k).span);
        out.add(
            span,
            format!(
                "{} has `build` and `image` without `pull_policy`: Compose may pull `image` instead of building it",
                s.display()
            ),
        )
        .help("set `pull_policy: build` (always build) or `missing`/`always` (prefer the registry)")
        .fix_opt(fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins() {
        assert_eq!(pin_of("postgres"), Pin::NoTag);
        assert_eq!(pin_of("postgres:16"), Pin::Tag("16".into()));
        assert_eq!(pin_of("host:5000/app"), Pin::NoTag);
        assert_eq!(pin_of("host:5000/app:1.2"), Pin::Tag("1.2".into()));
        assert_eq!(pin_of("app@sha256:abc"), Pin::Digest);
        assert_eq!(pin_of("app:1@sha256:abc"), Pin::Digest);
        assert_eq!(pin_of("${IMAGE}"), Pin::Unknown);
        assert_eq!(pin_of("$IMAGE_NAME:$IMAGE_TAG"), Pin::Unknown);
        assert_eq!(pin_of("${REGISTRY:-docker.io}/app"), Pin::NoTag);
        assert_eq!(pin_of("app:"), Pin::NoTag);
        assert_eq!(pin_of("${IMAGE:-nginx/x}"), Pin::Unknown);
        assert_eq!(pin_of("${REG}/team/app:${TAG:-1}"), Pin::Unknown);
    }
}
