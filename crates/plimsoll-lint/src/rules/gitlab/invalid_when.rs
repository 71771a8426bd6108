use super::prelude::*;
use crate::gitlab::JOB_WHEN;

declare_rule! {
    /// ## What it does
    /// Reports `when:` values GitLab does not accept: on a job and in its
    /// `rules` (`on_success`, `on_failure`, `always`, `manual`, `delayed`,
    /// `never`), and in `workflow:rules` (`always`, `never`). Also reports
    /// `when: delayed` without `start_in`.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline. A typo such as `when: manaul` does not
    /// fall back to a default.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   script: ./deploy.sh
    ///   when: manaul
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// deploy:
    ///   script: ./deploy.sh
    ///   when: manual
    /// ```
    ///
    /// ## References
    /// - Practice CI07 (manual gates that actually gate).
    pub struct InvalidWhen {
        code: "GL009",
        name: "invalid-when",
        summary: "`when:` value GitLab does not accept",
        severity: Error,
        category: Correctness,
        practices: ["CI07"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn check_value(
    cx: &GitlabContext<'_>,
    node: NodeId,
    allowed: &[&str],
    place: &str,
    out: &mut Diagnostics<'_>,
) {
    let Some(value) = cx.str(node) else { return };
    if allowed.contains(&value) || support::dynamic(value) {
        return;
    }
    let hint = support::closest(value, allowed)
        .map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
    out.add(
        cx.span(node),
        format!("{place} has `when: {value}`, which GitLab does not accept{hint}"),
    )
    .help(format!("use one of: {}", allowed.join(", ")));
}

impl Rule for InvalidWhen {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(rules) = cx.gitlab.workflow.and_then(|w| cx.yaml.get(w, "rules")) {
            for &rule in cx.yaml.items(rules) {
                if let Some(w) = cx.yaml.get(rule, "when") {
                    check_value(cx, w, &["always", "never"], "a `workflow:rules` entry", out);
                }
            }
        }
        for job in &cx.gitlab.jobs {
            self.check_gitlab_job(cx, job, out);
        }
    }

    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let place = support::describe(job);
        if let Some(w) = cx.own(job, "when") {
            check_value(cx, w, &JOB_WHEN, &place, out);
            if !job.hidden && cx.str(w) == Some("delayed") && cx.value(job, "start_in").is_none() {
                out.add(
                    cx.entry_span(job.node, "when")
                        .unwrap_or_else(|| cx.span(w)),
                    format!("{place} is `when: delayed` without `start_in`"),
                )
                .help("add `start_in:` (for example `start_in: 30 minutes`)");
            }
        }
        if let Some(rules) = cx.own(job, "rules") {
            for &rule in cx.yaml.items(rules) {
                if let Some(w) = cx.yaml.get(rule, "when") {
                    check_value(cx, w, &JOB_WHEN, &format!("a rule of {place}"), out);
                }
            }
        }
    }
}
