use super::prelude::*;
use crate::kind::FileKind;

declare_rule! {
    /// ## What it does
    /// Reports, once per run, Terraform configuration whose CI never looks
    /// for drift: the run holds Terraform files and CI pipelines (GitHub
    /// Actions workflows or GitLab CI files), but no GitHub workflow with a
    /// `schedule` trigger runs `plan` with `-detailed-exitcode`, and no
    /// GitLab CI file runs it at all (GitLab schedules are set in the UI,
    /// so any job running it counts). `terraform`, `tofu` and
    /// `terragrunt` plans count. Nothing is reported when the run holds no
    /// CI file: the pipelines may live elsewhere. The finding points at the
    /// first root module's `terraform` or `provider` block.
    ///
    /// ## Why is this bad?
    /// Changes made in a console, by another tool or by an expired default
    /// go unnoticed until the next `apply` reverts or trips over them.
    /// `plan -detailed-exitcode` exits with 2 when real infrastructure
    /// differs from the code, which makes a scheduled job a drift alarm.
    ///
    /// ## Example
    /// ```hcl
    /// # .github/workflows/terraform.yml runs `terraform plan` on pull
    /// # requests only.
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// # .github/workflows/drift.yml
    /// # on:
    /// #   schedule:
    /// #     - cron: "0 6 * * 1-5"
    /// # jobs:
    /// #   drift:
    /// #     steps:
    /// #       - run: terraform plan -detailed-exitcode -lock=false
    /// ```
    ///
    /// ## References
    /// - Practice T13 (drift detection scheduled in CI).
    /// - <https://developer.hashicorp.com/terraform/cli/commands/plan#detailed-exitcode>
    pub struct NoDriftDetection {
        code: "TF022",
        name: "no-drift-detection",
        summary: "No scheduled `plan -detailed-exitcode` in CI",
        severity: Info,
        category: Reliability,
        practices: ["T13"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Whether a pipeline text runs a plan with `-detailed-exitcode`.
fn runs_drift_plan(text: &str) -> bool {
    text.lines().any(|l| {
        l.contains("-detailed-exitcode")
            && (l.contains("plan") || l.contains("terraform") || l.contains("tofu"))
    }) || (text.contains("-detailed-exitcode") && text.contains("plan"))
}

impl Rule for NoDriftDetection {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        let mut any_ci = false;
        for f in cx.files {
            match f.kind {
                FileKind::GithubWorkflow => {
                    any_ci = true;
                    let scheduled = f
                        .yaml()
                        .and_then(|y| y.workflow.as_ref())
                        .is_some_and(|w| w.trigger("schedule").is_some());
                    if scheduled && runs_drift_plan(f.source.text()) {
                        return;
                    }
                }
                FileKind::GitlabCi => {
                    any_ci = true;
                    if runs_drift_plan(f.source.text()) {
                        return;
                    }
                }
                _ => {}
            }
        }
        if !any_ci {
            return;
        }
        // The first Terraform file with a `terraform` or `provider` block.
        let anchor = cx
            .files
            .iter()
            .filter(|f| f.kind == FileKind::Terraform)
            .find_map(|f| {
                let hcl = f.hcl()?;
                let b = hcl
                    .body
                    .blocks
                    .iter()
                    .find(|b| b.ident == "terraform" || b.ident == "provider")?;
                Some((f, b.header_span()))
            });
        if let Some((f, span)) = anchor {
            out.add(
                f,
                span,
                "no CI pipeline runs a scheduled `plan -detailed-exitcode`: drift goes unnoticed",
            )
            .help("add a scheduled CI job running `terraform plan -detailed-exitcode` that alerts on exit code 2");
        }
    }
}
