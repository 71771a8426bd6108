use super::prelude::*;
use plimsoll_syntax::dockerfile::ImageRef;

/// Docker Hub's other host names.
fn canonical_host(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    match host.as_str() {
        "index.docker.io"
        | "registry-1.docker.io"
        | "hub.docker.com"
        | "registry.hub.docker.com" => "docker.io".to_string(),
        _ => host,
    }
}

/// `host/path` of an image, in the forms a trusted entry may name it
/// (`docker.io/nginx` and `docker.io/library/nginx` for `nginx`).
fn names(image: &ImageRef) -> Vec<String> {
    let host = canonical_host(image.registry_or_default());
    let mut out = vec![format!("{host}/{}", image.repository)];
    if host == "docker.io" {
        match image.repository.strip_prefix("library/") {
            Some(rest) if !rest.contains('/') => out.push(format!("{host}/{rest}")),
            None if !image.repository.contains('/') => {
                out.push(format!("{host}/library/{}", image.repository));
            }
            _ => {}
        }
    }
    out
}

/// Whether an entry of `trusted-registries` (`registry.example.com`,
/// `ghcr.io/acme`) covers the image: the registry itself or a path prefix.
fn trusted(image: &ImageRef, allowed: &[String]) -> bool {
    let names = names(image);
    allowed.iter().any(|entry| {
        let entry = entry.trim().trim_end_matches('/');
        let (host, path) = entry.split_once('/').unwrap_or((entry, ""));
        let prefix = if path.is_empty() {
            canonical_host(host)
        } else {
            format!("{}/{path}", canonical_host(host))
        };
        names.iter().any(|n| {
            n.strip_prefix(&prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    })
}

declare_rule! {
    /// ## What it does
    /// Reports container images (main, init, sidecar and ephemeral
    /// containers) that do not come from a registry listed in
    /// `[kubernetes] trusted-registries`. Without that setting the rule
    /// reports nothing. When a kustomize `images:` entry renames the image
    /// (`newName`), the new name is judged. Templated images are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Organisations mirror, scan and sign approved images in registries
    /// they control. An image pulled from anywhere else skipped that review,
    /// may vanish or change upstream, and is subject to Docker Hub's rate
    /// limits.
    ///
    /// ## Example
    /// With `trusted-registries = ["registry.example.com"]`:
    /// ```yaml
    /// image: quay.io/someone/tool:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// image: registry.example.com/mirror/tool:1.0
    /// ```
    ///
    /// ## Options
    /// `[kubernetes] trusted-registries`: registries (hosts, optionally with
    /// a path: `ghcr.io/acme`) images may come from. An entry covers itself
    /// and every path below it. Images without a registry are Docker Hub's:
    /// `docker.io` covers them (`docker.io/library` only the official ones);
    /// `index.docker.io` and `registry-1.docker.io` are the same registry.
    /// Host names are compared without regard to case.
    ///
    /// ## References
    /// - Practices K04 (images) and D13 (trusted images, configurable
    ///   registries).
    pub struct UntrustedImageRegistry {
        code: "K8S034",
        name: "untrusted-image-registry",
        summary: "Container image comes from a registry outside the trusted list",
        severity: Warning,
        category: Security,
        practices: ["K04", "D13"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UntrustedImageRegistry {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let allowed = &cx.settings.kubernetes.trusted_registries;
        if allowed.is_empty() {
            return;
        }
        let Some(node) = c.get(cx.yaml, "image") else {
            return;
        };
        let Some(text) = cx.yaml.str(node).map(str::trim).filter(|s| !s.is_empty()) else {
            return;
        };
        if helpers::is_templated(text) {
            return;
        }
        let renamed = cx
            .cluster
            .image_override(cx.parsed, text)
            .and_then(|o| o.new_name.clone());
        let effective = renamed.as_deref().unwrap_or(text);
        if helpers::is_templated(effective) {
            return;
        }
        let Some(image) = ImageRef::parse(effective) else {
            return;
        };
        if trusted(&image, allowed) {
            return;
        }
        let via = if renamed.is_some() {
            format!(" (renamed to `{effective}` by kustomize)")
        } else {
            String::new()
        };
        out.add(
            cx.span(node),
            format!(
                "{} of {} pulls `{text}`{via} from `{}`, which is not a trusted registry",
                c.display(),
                o.display(),
                canonical_host(image.registry_or_default())
            ),
        )
        .help(format!("trusted registries: {}", allowed.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(image: &str, allowed: &[&str]) -> bool {
        let allowed: Vec<String> = allowed.iter().map(|s| (*s).to_string()).collect();
        trusted(&ImageRef::parse(image).unwrap(), &allowed)
    }

    #[test]
    fn registries_and_paths() {
        assert!(ok("registry.example.com/a/b:1", &["registry.example.com"]));
        assert!(ok("Registry.Example.com/a:1", &["registry.example.com/"]));
        assert!(!ok(
            "registry.example.com.evil.io/a:1",
            &["registry.example.com"]
        ));
        assert!(ok("ghcr.io/acme/tool:1", &["ghcr.io/acme"]));
        assert!(!ok("ghcr.io/acme-evil/tool:1", &["ghcr.io/acme"]));
        assert!(ok("nginx:1.27", &["docker.io"]));
        assert!(ok("nginx:1.27", &["docker.io/library"]));
        assert!(ok("docker.io/library/nginx:1.27", &["docker.io/nginx"]));
        assert!(!ok("bitnami/redis:7", &["docker.io/library"]));
        assert!(ok("bitnami/redis:7", &["index.docker.io/bitnami"]));
        assert!(!ok("quay.io/x/y:1", &["docker.io"]));
        assert!(ok("localhost:5000/app:1", &["localhost:5000"]));
    }
}
