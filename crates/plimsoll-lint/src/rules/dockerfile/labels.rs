//! Label values and schemas shared by the label rules (D15).

use crate::config::LabelType;
use plimsoll_syntax::dockerfile::{Body, Dockerfile, KeyValue};
use regex::Regex;
use std::sync::LazyLock;

static SPDX_IDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../../data/spdx-license-ids.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$").expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^<>]*<)?[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>?$").expect("valid regex")
});
static RFC3339: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        .expect("valid regex")
});
static SEMVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
        .expect("valid regex")
});
static GIT_HASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$").expect("valid regex"));

/// An SPDX license expression: identifiers joined by AND, OR, WITH and parentheses.
fn is_spdx_expression(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let mut expect_id = true;
    let mut depth = 0i32;
    let mut after_with = false;
    for token in spaced.split_whitespace() {
        match token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => depth -= 1,
            "AND" | "OR" if !expect_id => expect_id = true,
            "WITH" if !expect_id => {
                expect_id = true;
                after_with = true;
            }
            id if expect_id => {
                let id = id.trim_end_matches('+');
                // Exception names after WITH are not license ids; accept any word.
                if !after_with
                    && !id.starts_with("LicenseRef-")
                    && !SPDX_IDS.iter().any(|s| s.eq_ignore_ascii_case(id))
                {
                    return false;
                }
                after_with = false;
                expect_id = false;
            }
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    !expect_id && depth == 0
}

/// Whether `value` has the format `kind` asks for.
pub fn matches_type(kind: LabelType, value: &str) -> bool {
    match kind {
        LabelType::Text => true,
        LabelType::Url => URL.is_match(value),
        LabelType::Email => EMAIL.is_match(value),
        LabelType::Rfc3339 => RFC3339.is_match(value),
        LabelType::Semver => SEMVER.is_match(value),
        LabelType::Spdx => is_spdx_expression(value),
        LabelType::Hash => GIT_HASH.is_match(value),
    }
}

/// Every LABEL pair of a Dockerfile.
pub fn all_labels(df: &Dockerfile) -> impl Iterator<Item = &KeyValue> {
    df.instructions
        .iter()
        .filter_map(|i| match &i.effective().body {
            Body::Label(kv) => Some(kv.pairs.iter()),
            _ => None,
        })
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(matches_type(LabelType::Url, "https://github.com/org/repo"));
        assert!(!matches_type(LabelType::Url, "github.com/org/repo"));
        assert!(matches_type(
            LabelType::Email,
            "Jane Doe <jane@example.com>"
        ));
        assert!(!matches_type(LabelType::Email, "jane"));
        assert!(matches_type(LabelType::Rfc3339, "2024-11-02T10:00:00Z"));
        assert!(!matches_type(LabelType::Rfc3339, "2024-11-02"));
        assert!(matches_type(LabelType::Semver, "1.2.3-rc.1+build.5"));
        assert!(!matches_type(LabelType::Semver, "1.2"));
        assert!(matches_type(LabelType::Spdx, "MIT OR Apache-2.0"));
        assert!(matches_type(
            LabelType::Spdx,
            "(GPL-2.0-only WITH Classpath-exception-2.0) AND MIT"
        ));
        assert!(!matches_type(LabelType::Spdx, "MIT-ish"));
        assert!(!matches_type(LabelType::Spdx, "MIT OR"));
        assert!(matches_type(
            LabelType::Hash,
            "0123456789abcdef0123456789abcdef01234567"
        ));
        assert!(!matches_type(LabelType::Hash, "abc123"));
    }
}
