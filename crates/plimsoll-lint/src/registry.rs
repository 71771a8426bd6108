//! Every rule, in code order.

use crate::rule::Rule;
use crate::rules;
use std::collections::HashMap;
use std::sync::LazyLock;

/// All rules, sorted by code. A rule's index here is its identity in settings.
pub static RULES: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    let mut all: Vec<&'static dyn Rule> = Vec::new();
    all.extend_from_slice(rules::general::RULES);
    all.extend_from_slice(rules::dockerfile::RULES);
    all.extend_from_slice(rules::kubernetes::RULES);
    all.extend_from_slice(rules::compose::RULES);
    all.extend_from_slice(rules::gitlab::RULES);
    all.extend_from_slice(rules::helm::RULES);
    all.extend_from_slice(rules::github::RULES);
    all.extend_from_slice(rules::secrets::RULES);
    all.extend_from_slice(rules::gitops::RULES);
    all.extend_from_slice(rules::prometheus::RULES);
    all.extend_from_slice(rules::terraform::RULES);
    all.extend_from_slice(rules::terraform_cloud::RULES);
    all.sort_by_key(|r| r.meta().code);
    all
});

static BY_CODE: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().code, i))
        .collect()
});

/// Index of a rule by exact code.
pub fn rule_index(code: &str) -> Option<usize> {
    BY_CODE.get(code).copied()
}

/// A rule by code (case-insensitive) or name.
pub fn rule_by_code(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const PRACTICE_PREFIXES: [&str; 11] = ["D", "K", "H", "C", "CI", "T", "O", "G", "R", "S", "X"];

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in RULES.iter() {
            let m = r.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            let prefix = m.domain.prefix();
            let digits = m
                .code
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("{} lacks prefix {prefix}", m.code));
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                m.code
            );
            assert!(
                m.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                m.name
            );
            assert!(
                !m.summary.is_empty() && !m.summary.ends_with('.'),
                "{} summary",
                m.code
            );
        }
    }

    #[test]
    fn trivy_and_checkov_ids_are_well_formed() {
        use plimsoll_diagnostics::PeerTool;
        for r in RULES.iter() {
            for p in r.meta().peers {
                match p.tool {
                    // `AVD-AWS-0086`, `AVD-KSV-0001`; secret rules are
                    // kebab-case names (`aws-access-key-id`).
                    PeerTool::Trivy => {
                        let parts: Vec<&str> = p.id.split('-').collect();
                        let secret_rule = !p.id.is_empty()
                            && p.id
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                        assert!(
                            secret_rule
                                || parts.len() == 3
                                    && parts[0] == "AVD"
                                    && parts[1].bytes().all(|b| b.is_ascii_uppercase())
                                    && parts[2].len() == 4
                                    && parts[2].bytes().all(|b| b.is_ascii_digit()),
                            "{}: bad Trivy id {}",
                            r.meta().code,
                            p.id
                        );
                    }
                    // `CKV_AWS_20`, `CKV2_AWS_6`, `CKV_TF_1`
                    PeerTool::Checkov => assert!(
                        (p.id.starts_with("CKV_") || p.id.starts_with("CKV2_"))
                            && p.id.rsplit('_').next().is_some_and(
                                |n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
                            ),
                        "{}: bad checkov id {}",
                        r.meta().code,
                        p.id
                    ),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn every_rule_cites_practice_ids() {
        for r in RULES.iter() {
            let m = r.meta();
            assert!(!m.practices.is_empty(), "{} cites no practice", m.code);
            for p in m.practices {
                let letters: String = p.chars().take_while(char::is_ascii_alphabetic).collect();
                let digits = &p[letters.len()..];
                assert!(
                    PRACTICE_PREFIXES.contains(&letters.as_str())
                        && digits.len() == 2
                        && digits.bytes().all(|b| b.is_ascii_digit()),
                    "{}: bad practice ID {p}",
                    m.code
                );
            }
        }
    }

    #[test]
    fn every_rule_page_has_the_fixed_headings() {
        let mut problems = Vec::new();
        for r in RULES.iter() {
            let m = r.meta();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## References",
            ] {
                if !m.docs.contains(heading) {
                    problems.push(format!("{} docs lack `{heading}`", m.code));
                }
            }
            let references = m.docs.split("## References").nth(1).unwrap_or("");
            for p in m.practices {
                if !references.contains(p) {
                    problems.push(format!("{} References do not cite practice {p}", m.code));
                }
            }
            for peer in m.peers {
                if !references.contains(peer.id) {
                    problems.push(format!("{} References do not cite peer {peer}", m.code));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
