//! Shared helpers of the GitLab CI rules (no rules here): name lookups for
//! the correctness rules of practice CI02 (a pipeline GitLab accepts), and
//! environments and `rules:` gates for CI07 (gated production deploys).

use crate::gitlab::{Job, Src, UnitId};
use crate::rule::GitlabContext;

/// Whether `cx`'s pipeline may define names this file cannot see
/// (remote/project/template includes, unresolved local includes, inputs).
pub fn open(cx: &GitlabContext<'_>) -> bool {
    cx.index.scope(cx.unit).open
}

/// The stage job `name` runs in (`test` when none is set), with where it
/// is written.
pub fn stage_of(cx: &GitlabContext<'_>, unit: UnitId, name: &str) -> (String, Option<Src>) {
    match cx.index.value(unit, name, "stage") {
        Some(src) => (
            cx.index
                .yaml(src.unit)
                .str(src.node)
                .unwrap_or("")
                .to_string(),
            Some(src),
        ),
        None => ("test".to_string(), None),
    }
}

/// The position of a stage in the pipeline (`.pre` first, `.post` last).
pub fn stage_position(stages: &[String], stage: &str) -> Option<usize> {
    match stage {
        ".pre" => Some(0),
        ".post" => Some(usize::MAX),
        _ => stages.iter().position(|s| s == stage).map(|i| i + 1),
    }
}

/// Whether a visible job of this name exists in the scope.
pub fn visible_job_exists(cx: &GitlabContext<'_>, name: &str) -> bool {
    cx.index
        .find_job(cx.unit, name)
        .iter()
        .any(|r| !cx.index.job(*r).hidden)
}

/// Levenshtein distance, for "did you mean" hints.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The one candidate within two edits of `word` (none when ambiguous).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, _)| *d <= 2 && *d < word.len().max(1))
        .collect();
    best.sort_unstable();
    match best.as_slice() {
        [only] => Some(only.1),
        [first, second, ..] if first.0 < second.0 => Some(first.1),
        _ => None,
    }
}

/// `job` `name` for messages.
pub fn describe(job: &Job) -> String {
    if job.hidden {
        format!("template `{}`", job.name)
    } else {
        format!("job `{}`", job.name)
    }
}

/// Whether a name or value depends on variables or inputs.
pub fn dynamic(s: &str) -> bool {
    s.contains('$')
}

/// A job's `environment:` after `extends` and `!reference`.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The `environment:` value.
    pub src: Src,
    /// The name, when written as a scalar.
    pub name: Option<String>,
    pub name_src: Option<Src>,
    /// `deployment_tier:`.
    pub tier: Option<String>,
    /// `action:` (`start` when absent).
    pub action: String,
}

impl Environment {
    /// Whether the environment is production: tier `production`, or a
    /// name whose first segment is `production` or `prod`.
    pub fn is_production(&self) -> bool {
        if let Some(tier) = &self.tier {
            return tier == "production";
        }
        let Some(name) = &self.name else { return false };
        let first = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        first == "production" || first == "prod"
    }

    /// Whether the job deploys (`action: start`, GitLab's default).
    pub fn deploys(&self) -> bool {
        self.action == "start"
    }
}

/// The environment job `job` deploys to, if any.
pub fn environment(cx: &GitlabContext<'_>, job: &Job) -> Option<Environment> {
    let src = cx.value(job, "environment")?;
    let yaml = cx.yaml_of(src);
    if yaml.is_null(src.node) {
        return None;
    }
    let name_node = crate::gitlab::environment_name(yaml, src.node);
    let field = |key: &str| {
        yaml.get(src.node, key)
            .and_then(|n| yaml.str(n))
            .map(ToString::to_string)
    };
    Some(Environment {
        src,
        name: name_node.and_then(|n| yaml.str(n)).map(ToString::to_string),
        name_src: name_node.map(|node| Src {
            unit: src.unit,
            node,
        }),
        tier: field("deployment_tier"),
        action: field("action").unwrap_or_else(|| "start".to_string()),
    })
}

/// The items of a `rules:` list, `!reference`s expanded (a reference to a
/// list splices its items). `None` when some reference does not resolve.
pub fn rule_items(cx: &GitlabContext<'_>, src: Src) -> Option<Vec<Src>> {
    let src = cx.index.resolve_reference(src);
    let yaml = cx.yaml_of(src);
    if crate::gitlab::is_reference(yaml, src.node) || !yaml.is_sequence(src.node) {
        return None;
    }
    let mut out = Vec::new();
    for &item in yaml.items(src.node) {
        let item = Src {
            unit: src.unit,
            node: item,
        };
        let resolved = cx.index.resolve_reference(item);
        let ryaml = cx.yaml_of(resolved);
        if crate::gitlab::is_reference(ryaml, resolved.node) {
            return None;
        }
        if ryaml.is_sequence(resolved.node) {
            out.extend(ryaml.items(resolved.node).iter().map(|&node| Src {
                unit: resolved.unit,
                node,
            }));
        } else {
            out.push(resolved);
        }
    }
    Some(out)
}

/// A scalar field of a rule (`if`, `when`).
pub fn rule_field<'a>(cx: &'a GitlabContext<'_>, rule: Src, key: &str) -> Option<&'a str> {
    let yaml = cx.yaml_of(rule);
    yaml.get(rule.node, key).and_then(|n| yaml.str(n))
}

/// A `rules: if:` expression with quotes unified and spaces squeezed, and
/// `${VAR}` written `$VAR`.
pub fn normalize_expression(expr: &str) -> String {
    let mut s = expr.replace('\'', "\"");
    while let Some(start) = s.find("${") {
        let Some(len) = s[start..].find('}') else {
            break;
        };
        let name = s[start + 2..start + len].to_string();
        s.replace_range(start..=start + len, &format!("${name}"));
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Variables whose positive test limits a pipeline to the default branch,
/// tags, protected refs or a named branch.
const PROTECTED_ATOMS: [&str; 5] = [
    "$CI_DEFAULT_BRANCH",
    "$CI_COMMIT_TAG",
    "$CI_COMMIT_REF_PROTECTED",
    "$CI_COMMIT_BRANCH",
    "$CI_COMMIT_REF_NAME",
];

/// Whether one conjunction (no `||`) of a `rules: if:` expression tests
/// for the default branch, a tag, a protected ref or a named branch.
fn restrictive_term(term: &str) -> bool {
    term.split("&&").any(|atom| {
        let atom = atom.trim();
        if atom.contains("$CI_DEFAULT_BRANCH") {
            return atom.contains("==") || atom.contains("=~");
        }
        if let Some(rest) = atom.strip_prefix("$CI_COMMIT_TAG") {
            let rest = rest.trim();
            return rest.is_empty() || rest.starts_with("=~") || rest.starts_with("!= null");
        }
        if let Some(rest) = atom.strip_prefix("$CI_COMMIT_REF_PROTECTED") {
            let rest = rest.trim();
            return rest.is_empty() || rest == "== \"true\"";
        }
        ["$CI_COMMIT_BRANCH", "$CI_COMMIT_REF_NAME"]
            .iter()
            .any(|v| {
                atom.strip_prefix(v).is_some_and(|rest| {
                    let rest = rest.trim();
                    (rest.starts_with("==") || rest.starts_with("=~")) && !rest.contains('$')
                })
            })
    })
}

/// Whether a `rules: if:` expression only holds on the default branch,
/// tags, protected refs or named branches. With parentheses, any such
/// test counts (the expression is not taken apart).
pub fn restricts_to_protected(expr: &str) -> bool {
    let e = normalize_expression(expr);
    if e.contains('(') {
        return PROTECTED_ATOMS.iter().any(|a| e.contains(a));
    }
    e.split("||").all(restrictive_term)
}

/// Whether a `rules:` list only runs its job (or pipeline) manually or on
/// protected refs: every rule that runs is `when: manual` (its own or
/// `job_when`) or tests for protected refs, and a `when: never` rule on
/// refs counts as excluding the others.
pub fn rules_gate(cx: &GitlabContext<'_>, items: &[Src], job_when: Option<&str>) -> bool {
    for &rule in items {
        let when = rule_field(cx, rule, "when").or(job_when).unwrap_or("");
        let expr = rule_field(cx, rule, "if");
        if when == "never" {
            if expr.is_some_and(|e| {
                let e = normalize_expression(e);
                let negated = ["!=", "!~", "== null", "== \"\"", "== \"false\"", "!$"]
                    .iter()
                    .any(|n| e.contains(n));
                negated && PROTECTED_ATOMS.iter().any(|a| e.contains(a))
            }) {
                return true;
            }
            continue;
        }
        if when == "manual" {
            continue;
        }
        match expr {
            Some(e) if restricts_to_protected(e) || e.contains("$[[") => {}
            _ => return false,
        }
    }
    true
}

/// Refs of `only:` that let any branch or merge request run the job.
const OPEN_REFS: [&str; 4] = [
    "branches",
    "merge_requests",
    "pushes",
    "external_pull_requests",
];

/// Whether an `only:` value limits the job to named refs, tags or
/// conditions (`variables`, `kubernetes`).
pub fn only_gates(cx: &GitlabContext<'_>, only: Src) -> bool {
    let yaml = cx.yaml_of(only);
    let refs = if yaml.is_mapping(only.node) {
        match yaml.get(only.node, "refs") {
            Some(r) => r,
            None => return true,
        }
    } else {
        only.node
    };
    let names: Vec<&str> = if let Some(s) = yaml.str(refs) {
        vec![s]
    } else {
        yaml.items(refs)
            .iter()
            .filter_map(|&n| yaml.str(n))
            .collect()
    };
    !names.is_empty() && !names.iter().any(|n| OPEN_REFS.contains(n))
}

/// Whether the workflow rules of the pipeline limit it to protected refs.
pub fn workflow_gates(cx: &GitlabContext<'_>) -> bool {
    cx.index.scope(cx.unit).units.iter().any(|&u| {
        let Some(workflow) = cx.index.unit(u).model().workflow else {
            return false;
        };
        let Some(rules) = cx.index.yaml(u).get(workflow, "rules") else {
            return false;
        };
        rule_items(
            cx,
            Src {
                unit: u,
                node: rules,
            },
        )
        .is_some_and(|items| !items.is_empty() && rules_gate(cx, &items, None))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_expressions() {
        assert_eq!(
            normalize_expression("${CI_COMMIT_BRANCH}  ==  'main'"),
            "$CI_COMMIT_BRANCH == \"main\""
        );
    }

    #[test]
    fn reads_protected_ref_tests() {
        for yes in [
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
            "$CI_DEFAULT_BRANCH == $CI_COMMIT_REF_NAME",
            "$CI_COMMIT_TAG",
            "$CI_COMMIT_TAG =~ /^v/",
            "$CI_COMMIT_REF_PROTECTED == \"true\"",
            "$CI_COMMIT_BRANCH == 'main' || $CI_COMMIT_TAG",
            "$CI_PIPELINE_SOURCE == \"push\" && $CI_COMMIT_BRANCH == \"release\"",
            "($CI_COMMIT_TAG || $CI_PIPELINE_SOURCE == \"web\")",
        ] {
            assert!(restricts_to_protected(yes), "{yes}");
        }
        for no in [
            "$CI_PIPELINE_SOURCE == \"merge_request_event\"",
            "$CI_COMMIT_BRANCH",
            "$CI_COMMIT_TAG == null",
            "$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH",
            "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH || $CI_MERGE_REQUEST_IID",
            "$CI_COMMIT_BRANCH == $BRANCH",
        ] {
            assert!(!restricts_to_protected(no), "{no}");
        }
    }
}
