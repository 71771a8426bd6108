//! The rules, one module per domain and one file per rule.

pub mod compose;
pub mod dockerfile;
pub mod general;
pub mod github;
pub mod gitlab;
pub mod gitops;
pub mod helm;
pub mod kubernetes;
pub mod prometheus;
pub mod secrets;
pub mod terraform;
pub mod terraform_cloud;

use plimsoll_diagnostics::Domain;

/// The domain of a code, from its prefix (evaluated at compile time by
/// [`declare_rule!`](crate::declare_rule)).
pub const fn domain_of(code: &str) -> Domain {
    let b = code.as_bytes();
    match (b[0], b[1]) {
        (b'P', b'L') => Domain::General,
        (b'D', b'F') => Domain::Dockerfile,
        (b'K', b'8') => Domain::Kubernetes,
        (b'H', b'E') => Domain::Helm,
        (b'D', b'C') => Domain::Compose,
        (b'G', b'H') => Domain::GithubActions,
        (b'G', b'L') => Domain::GitlabCi,
        (b'T', b'F') => Domain::Terraform,
        (b'P', b'R') => Domain::Prometheus,
        (b'A', b'R') => Domain::Argo,
        (b'O', b'B') => Domain::Observability,
        (b'S', b'E') => Domain::Secrets,
        (b'X', b'F') => Domain::CrossFile,
        _ => panic!("unknown rule code prefix"),
    }
}
