use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `!reference [job, key, ...]` tags whose job is not defined
    /// in the pipeline (across local includes), or whose keys do not exist
    /// in that job (after `extends`). Pipelines that include files
    /// plimsoll cannot read are not judged.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the pipeline: "!reference could not be found".
    ///
    /// ## Example
    /// ```yaml
    /// .setup:
    ///   before_script: [apt-get update]
    /// test:
    ///   before_script: !reference [.set-up, before_script]
    ///   script: make test
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// .setup:
    ///   before_script: [apt-get update]
    /// test:
    ///   before_script: !reference [.setup, before_script]
    ///   script: make test
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that GitLab accepts).
    pub struct UnknownReference {
        code: "GL013",
        name: "unknown-reference",
        summary: "`!reference` to a job or key that does not exist",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnknownReference {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if support::open(cx) || cx.gitlab.templated {
            return;
        }
        for (i, node) in cx.yaml.nodes.iter().enumerate() {
            if node.doc != cx.gitlab.doc || node.tag.as_deref() != Some("!reference") {
                continue;
            }
            let Ok(raw) = u32::try_from(i) else { break };
            let id = NodeId(raw);
            let parts: Option<Vec<&str>> = cx.yaml.items(id).iter().map(|&n| cx.str(n)).collect();
            let Some(parts) = parts else { continue };
            let Some(job) = parts.first() else { continue };
            if parts.iter().any(|p| support::dynamic(p)) {
                continue;
            }
            let path = parts.join(", ");
            if cx.index.find_job(cx.unit, job).is_empty() {
                out.add(
                    cx.span(id),
                    format!(
                        "`!reference [{path}]` names `{job}`, which the pipeline does not define"
                    ),
                )
                .help("reference an existing job or hidden template");
            } else if parts.len() > 1
                && cx
                    .index
                    .reference_target(Src {
                        unit: cx.unit,
                        node: id,
                    })
                    .is_none()
            {
                out.add(
                    cx.span(id),
                    format!(
                        "`!reference [{path}]`: `{job}` has no `{}`",
                        parts[1..].join(".")
                    ),
                )
                .help("reference a key the job defines");
            }
        }
    }
}
