use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `timeout`, `artifacts:expire_in` and `start_in` values that
    /// GitLab's duration parser rejects (`1 hour 30 minuts`, `1hr30`
    /// written as `90 min.`). `expire_in: never` is accepted; values with
    /// variables are not judged. `default:` values are checked too.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline ("timeout config should be a duration").
    ///
    /// ## Example
    /// ```yaml
    /// test:
    ///   script: make test
    ///   timeout: 1 hour 30 minuts
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// test:
    ///   script: make test
    ///   timeout: 1h 30m
    /// ```
    ///
    /// ## References
    /// - Practice CI14 (job timeouts that take effect).
    pub struct InvalidDuration {
        code: "GL011",
        name: "unparsable-duration",
        summary: "Duration GitLab cannot parse",
        severity: Error,
        category: Correctness,
        practices: ["CI14"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn check(cx: &GitlabContext<'_>, map: NodeId, place: &str, out: &mut Diagnostics<'_>) {
    let fields = [
        (cx.yaml.get(map, "timeout"), "timeout"),
        (cx.yaml.get(map, "start_in"), "start_in"),
        (cx.yaml.path(map, &["artifacts", "expire_in"]), "expire_in"),
    ];
    for (node, key) in fields {
        let Some(node) = node else { continue };
        let Some(value) = cx.str(node) else { continue };
        if support::dynamic(value) || (key == "expire_in" && value.trim() == "never") {
            continue;
        }
        if duration::parse(value).is_none() {
            out.add(
                cx.span(node),
                format!("{place} has `{key}: {value}`, which GitLab cannot read as a duration"),
            )
            .help("write a duration such as `30 minutes`, `1h 30m` or `2 days`");
        }
    }
}

impl Rule for InvalidDuration {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if let Some(d) = cx.gitlab.default {
            check(cx, d, "`default:`", out);
        }
        for job in &cx.gitlab.jobs {
            check(cx, job.node, &support::describe(job), out);
        }
    }
}
