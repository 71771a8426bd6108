//! Container requests and limits as Kubernetes resolves them: a request
//! defaults to the limit, and a LimitRange of the namespace may default
//! either (practice K01).

use super::prelude::*;
use crate::k8s::quantity;
use crate::parse::ParsedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Requests,
    Limits,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Requests => "requests",
            Field::Limits => "limits",
        }
    }
}

/// Whether `resources.<field>.<resource>` is set to a non-zero quantity
/// (or to something templated or unparseable, which other rules judge).
pub(super) fn is_set(yaml: &YamlFile, c: &Container, field: Field, resource: &str) -> bool {
    let Some(node) = c.path(yaml, &["resources", field.key(), resource]) else {
        return false;
    };
    match yaml.str(node) {
        Some(text) if helpers::is_templated(text) => true,
        Some(text) => quantity::parse(text).is_none_or(|q| q > 0.0),
        None => false,
    }
}

/// Whether a LimitRange related to `from` gives containers a default for
/// `resource`: `default` sets limits, and requests too when there is no
/// `defaultRequest`.
pub(super) fn limit_range_default(
    cluster: &Cluster<'_>,
    from: (&ParsedFile, &Object),
    field: Field,
    resource: &str,
) -> bool {
    cluster.of_kind("LimitRange").any(|r| {
        let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
            return false;
        };
        if !cluster.related(from, (r.file, r.object)) {
            return false;
        }
        let Some(limits) = r.object.spec(yaml).and_then(|s| yaml.get(s, "limits")) else {
            return false;
        };
        yaml.items(limits).iter().any(|&item| {
            let is_container =
                yaml.get(item, "type").and_then(|t| yaml.str(t)) == Some("Container");
            let fields: &[&str] = match field {
                Field::Limits => &["default"],
                Field::Requests => &["defaultRequest", "default"],
            };
            is_container
                && fields
                    .iter()
                    .any(|f| yaml.path(item, &[f, resource]).is_some())
        })
    })
}

/// Whether a container ends up with a request for `resource`: its own, its
/// limit's, or a LimitRange default.
pub(super) fn has_request(
    cluster: &Cluster<'_>,
    from: (&ParsedFile, &Object),
    yaml: &YamlFile,
    c: &Container,
    resource: &str,
) -> bool {
    is_set(yaml, c, Field::Requests, resource)
        || is_set(yaml, c, Field::Limits, resource)
        || limit_range_default(cluster, from, Field::Requests, resource)
}
