//! Image references: `[registry/][namespace/]name[:tag][@digest]`.

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host when given (`ghcr.io`, `localhost:5000`).
    pub registry: Option<String>,
    /// Repository path without registry: `library/nginx` is written `nginx`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses a reference; `None` for empty text or text with whitespace.
    pub fn parse(text: &str) -> Option<ImageRef> {
        if text.is_empty() || text.contains(char::is_whitespace) {
            return None;
        }
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (text, None),
        };
        // A tag is after the last ':' that comes after the last '/'.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (
                &rest[..last_slash + i],
                Some(rest[last_slash + i + 1..].to_string()),
            ),
            None => (rest, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, tail))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (Some(first.to_string()), tail.to_string())
            }
            _ => (None, name.to_string()),
        };
        if repository.is_empty() {
            return None;
        }
        Some(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The registry, with Docker Hub spelled out.
    pub fn registry_or_default(&self) -> &str {
        self.registry.as_deref().unwrap_or("docker.io")
    }

    /// The last path component: `nginx` for `docker.io/library/nginx`.
    pub fn short_name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    pub fn is_latest(&self) -> bool {
        self.tag.as_deref() == Some("latest")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_registry_tag_and_digest() {
        let r = ImageRef::parse("localhost:5000/team/app:1.0@sha256:abc").unwrap();
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.0"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));

        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(
            (r.registry_or_default(), r.tag.as_deref()),
            ("docker.io", None)
        );

        let r = ImageRef::parse("library/nginx:latest").unwrap();
        assert!(r.is_latest());
        assert_eq!(r.short_name(), "nginx");
        assert_eq!(r.registry, None);
    }

    #[test]
    fn registry_port_is_not_a_tag() {
        let r = ImageRef::parse("registry:5000/app").unwrap();
        assert_eq!(r.registry.as_deref(), Some("registry:5000"));
        assert_eq!(r.tag, None);
    }
}
