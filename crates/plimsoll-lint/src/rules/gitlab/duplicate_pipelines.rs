use super::prelude::*;
use super::support::{normalize_expression, rule_field, rule_items};

declare_rule! {
    /// ## What it does
    /// Reports `rules:` lists that let both a merge request pipeline and a
    /// branch pipeline run for the same push, without the
    /// `$CI_OPEN_MERGE_REQUESTS` guard: a rule for
    /// `$CI_PIPELINE_SOURCE == "merge_request_event"` (or
    /// `$CI_MERGE_REQUEST_IID`), or a rule without `if:`, together with a
    /// rule for `$CI_PIPELINE_SOURCE == "push"`, a bare `$CI_COMMIT_BRANCH`
    /// or one without `if:`. `workflow: rules` are checked; a job's rules
    /// are checked when the pipeline has no workflow rules (and includes
    /// nothing unreadable that could add them). Earlier `when: never`
    /// rules for one kind of pipeline are taken into account.
    ///
    /// ## Why is this bad?
    /// Every push to a branch with an open merge request then starts two
    /// pipelines, a branch one and a merge request one: twice the runner
    /// time, two results on the merge request that can disagree, and jobs
    /// with side effects (deploys, publishing) that run twice.
    ///
    /// ## Example
    /// ```yaml
    /// workflow:
    ///   rules:
    ///     - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    ///     - if: $CI_PIPELINE_SOURCE == "push"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// workflow:
    ///   rules:
    ///     - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    ///     - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
    ///       when: never
    ///     - if: $CI_COMMIT_BRANCH
    /// ```
    ///
    /// ## References
    /// - Practice CI10 (no redundant concurrent runs for one change).
    /// - checkov `CKV_GITLABCI_2` reports any `rules:` list with two
    ///   rules starting with a `merge_request_event` or `push` source
    ///   test; this rule follows GitLab's rule order and the
    ///   `$CI_OPEN_MERGE_REQUESTS` guard.
    pub struct DuplicatePipelines {
        code: "GL028",
        name: "duplicate-pipelines",
        summary: "Rules run both a merge request and a branch pipeline for one push",
        severity: Warning,
        category: Efficiency,
        practices: ["CI10"],
        peers: [Checkov "CKV_GITLABCI_2"],
        fix: None,
        default: true,
    }
}

/// What pipelines a rule's `if:` can match.
#[derive(Default)]
struct Matches {
    merge_request: bool,
    branch: bool,
}

fn matches(expr: Option<&str>) -> Matches {
    let Some(expr) = expr else {
        return Matches {
            merge_request: true,
            branch: true,
        };
    };
    let e = normalize_expression(expr);
    if e.contains("||") || e.contains('(') {
        return Matches::default();
    }
    let first = e.split("&&").next().unwrap_or("").trim();
    Matches {
        merge_request: matches!(
            first,
            "$CI_PIPELINE_SOURCE == \"merge_request_event\""
                | "$CI_MERGE_REQUEST_IID"
                | "$CI_MERGE_REQUEST_ID"
        ),
        branch: matches!(
            first,
            "$CI_PIPELINE_SOURCE == \"push\"" | "$CI_COMMIT_BRANCH"
        ),
    }
}

/// Whether a rules list lets both kinds of pipeline run.
fn duplicates(cx: &GitlabContext<'_>, items: &[Src]) -> bool {
    if items.iter().any(|&r| {
        rule_field(cx, r, "if")
            .is_some_and(|e| e.contains("CI_OPEN_MERGE_REQUESTS") || e.contains("$[["))
    }) {
        return false;
    }
    let (mut mr_done, mut branch_done) = (false, false);
    let (mut mr, mut branch) = (false, false);
    for &rule in items {
        let m = matches(rule_field(cx, rule, "if"));
        let never = rule_field(cx, rule, "when") == Some("never");
        if m.merge_request && !mr_done {
            mr |= !never;
            mr_done = true;
        }
        if m.branch && !branch_done {
            branch |= !never;
            branch_done = true;
        }
    }
    mr && branch
}

impl Rule for DuplicatePipelines {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.gitlab.templated {
            return;
        }
        if let Some(workflow) = cx.gitlab.workflow
            && let Some(rules) = cx.yaml.get(workflow, "rules")
            && let Some(items) = rule_items(
                cx,
                Src {
                    unit: cx.unit,
                    node: rules,
                },
            )
            && duplicates(cx, &items)
        {
            out.add(
                cx.entry_span(workflow, "rules").unwrap_or_else(|| cx.span(rules)),
                "workflow rules start both a merge request pipeline and a branch pipeline for a push to a branch with an open merge request",
            )
            .help("add `- if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS` with `when: never` before the branch rule");
        }
        let scope = cx.index.scope(cx.unit);
        let has_workflow_rules = scope.units.iter().any(|&u| {
            cx.index
                .unit(u)
                .model()
                .workflow
                .is_some_and(|w| cx.index.yaml(u).get(w, "rules").is_some())
        });
        if has_workflow_rules || scope.open {
            return;
        }
        for job in cx.gitlab.jobs.iter().filter(|j| !j.hidden) {
            let Some(rules) = cx.value(job, "rules") else {
                continue;
            };
            let Some(items) = rule_items(cx, rules) else {
                continue;
            };
            if !duplicates(cx, &items) {
                continue;
            }
            let span = match cx.own(job, "rules") {
                Some(_) => cx
                    .entry_span(job.node, "rules")
                    .unwrap_or_else(|| cx.job_span(job)),
                None => cx.job_span(job),
            };
            out.add(
                span,
                format!(
                    "job `{}` runs in both the merge request pipeline and the branch pipeline of a push to a branch with an open merge request",
                    job.name
                ),
            )
            .help("add `workflow: rules` that skip branch pipelines when `$CI_OPEN_MERGE_REQUESTS` is set, or keep one kind of pipeline in the job's rules");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pipeline_kinds() {
        assert!(matches(Some("$CI_PIPELINE_SOURCE == 'merge_request_event'")).merge_request);
        assert!(matches(Some("${CI_COMMIT_BRANCH}")).branch);
        assert!(!matches(Some("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")).branch);
        let all = matches(None);
        assert!(all.branch && all.merge_request);
    }
}
