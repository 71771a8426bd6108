use super::labels;
use super::prelude::*;

/// Namespaces Docker reserves for itself.
const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];

/// What is wrong with a label key, if anything (Docker's label key guidelines).
fn problem(key: &str) -> Option<&'static str> {
    if key.contains('$') {
        return None;
    }
    if RESERVED.iter().any(|r| key.starts_with(r)) {
        return Some("is in a namespace reserved by Docker");
    }
    if key.is_empty()
        || !key.starts_with(|c: char| c.is_ascii_lowercase())
        || !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Some("must start with a lower-case letter and end with a letter or digit");
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '/'))
    {
        return Some("may only contain lower-case letters, digits, `.`, `-`, `_` and `/`");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not contain consecutive `.` or `-`");
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports label keys that break Docker's guidelines: upper case,
    /// characters other than letters, digits, `.`, `-`, `_` and `/`, consecutive
    /// separators, or the reserved namespaces `com.docker.*`, `io.docker.*`
    /// and `org.dockerproject.*`.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, `docker inspect`
    /// filters) expect reverse-DNS keys such as
    /// `org.opencontainers.image.source`; odd keys are missed or clash.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Version="1.0" com.docker.thing="x" app:name="api"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version="1.0" com.example.app-name="api"
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3048.
    pub struct InvalidLabelKey {
        code: "DF043",
        name: "invalid-label-key",
        summary: "Label key breaks Docker's key guidelines",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3048"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidLabelKey {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for pair in labels::all_labels(cx.dockerfile) {
            if let Some(why) = problem(&pair.key.value) {
                out.add(
                    pair.key.span,
                    format!("label key `{}` {why}", pair.key.value),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn key_guidelines() {
        for ok in [
            "org.opencontainers.image.source",
            "maintainer",
            "com.example.app-name",
            "v1",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "Version",
            "app:name",
            "com.docker.x",
            "a..b",
            "a-",
            "-a",
            "1abc",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
