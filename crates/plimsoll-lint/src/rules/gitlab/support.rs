//! Shared helpers of the GitLab CI rules (no rules here).

use crate::gitlab::{Job, Src, UnitId};
use crate::rule::GitlabContext;

/// Whether `cx`'s pipeline may define names this file cannot see
/// (remote/project/template includes, unresolved local includes, inputs).
pub fn open(cx: &GitlabContext<'_>) -> bool {
    cx.index.scope(cx.unit).open
}

/// A resolved scalar's text.
#[allow(dead_code)]
pub fn text_of<'a>(cx: &'a GitlabContext<'_>, src: Src) -> Option<&'a str> {
    cx.index.yaml(src.unit).str(src.node)
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
