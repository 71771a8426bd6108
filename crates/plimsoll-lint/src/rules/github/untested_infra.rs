use super::practice_support::workflows_by_repo;
use super::prelude::*;
use crate::rule::{ProjectContext, ProjectDiagnostics};
use crate::settings::Settings;
use std::path::{Path, PathBuf};

declare_rule! {
    /// ## What it does
    /// Reports a repository (a `.github/workflows` directory of the run)
    /// that holds a Helm chart (`Chart.yaml`) but whose workflows never
    /// run `helm lint`, `helm unittest`, `helm template`, `plimsoll helm
    /// test`/`template` or chart-testing (`ct`,
    /// `helm/chart-testing-action`); and one that holds Terraform
    /// (`*.tf`) but never runs `terraform`/`tofu`/`terragrunt` `plan`,
    /// `validate` or `test`, or `tflint`. The repository is searched from
    /// the directory holding `.github/` (hidden directories,
    /// `node_modules` and `vendor` skipped, eight levels deep at most).
    /// Reported once per kind, on the first workflow of the repository.
    ///
    /// ## Why is this bad?
    /// Charts and infrastructure code change with the application but
    /// break differently: a template error or a plan that destroys a
    /// database is found at deploy time instead of in the pull request.
    ///
    /// ## Example
    /// A repository with `charts/app/Chart.yaml` whose only workflow runs
    /// `npm test`.
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   chart:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///       - run: helm lint charts/app && helm unittest charts/app
    /// ```
    ///
    /// ## References
    /// - Practice CI11 (when the repository has charts or Terraform, pull
    ///   requests run `helm unittest` and `terraform plan`) and X05 (charts
    ///   or Terraform present imply CI runs their tests).
    pub struct UntestedInfra {
        code: "GHA065",
        name: "untested-charts-or-terraform",
        summary: "Helm chart or Terraform in the repository, but no workflow tests it",
        severity: Info,
        category: BestPractice,
        practices: ["CI11", "X05"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The first `Chart.yaml` and the first `*.tf` below `root`, walking as
/// discovery does (ignore files, `exclude`, default excludes; eight levels,
/// 20,000 entries at most).
fn find_infra(root: &Path, settings: &Settings) -> (Option<PathBuf>, Option<PathBuf>) {
    let (mut chart, mut tf) = (None, None);
    let Ok(mut builder) = crate::discovery::walk_builder(root, settings) else {
        return (chart, tf);
    };
    builder
        .max_depth(Some(8))
        .sort_by_file_name(std::cmp::Ord::cmp);
    for entry in builder.build().take(20_000).flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if chart.is_none() && name == "Chart.yaml" {
            chart = Some(entry.path().to_path_buf());
        } else if tf.is_none() && name.ends_with(".tf") {
            tf = Some(entry.path().to_path_buf());
        }
        if chart.is_some() && tf.is_some() {
            break;
        }
    }
    (chart, tf)
}

/// What a repository's workflows test: (charts, terraform).
fn tested(yaml: &YamlFile, text: &str, w: &Workflow) -> (bool, bool) {
    let (mut charts, mut terraform) = (false, false);
    for job in &w.jobs {
        for step in &job.steps {
            if let Some(slug) = step.uses().and_then(Uses::slug) {
                charts |= slug == "helm/chart-testing-action" || slug.contains("helm-unittest");
                terraform |= slug.starts_with("dflook/terraform-plan")
                    || slug.starts_with("dflook/terraform-validate")
                    || slug.contains("tflint");
            }
            let Some(run) = &step.run else {
                continue;
            };
            let Some(st) = ScalarText::new(yaml, text, run.node) else {
                continue;
            };
            for c in st.script().command_views() {
                let first = c.subcommand(&[]).map_or("", |w| w.value.as_str());
                match c.name() {
                    "helm" => charts |= matches!(first, "lint" | "unittest" | "template"),
                    "ct" => charts |= matches!(first, "lint" | "install" | "lint-and-install"),
                    "plimsoll" => charts |= first == "helm",
                    "terraform" | "tofu" | "terragrunt" => {
                        terraform |= matches!(first, "plan" | "validate" | "test" | "run-all");
                    }
                    "tflint" => terraform = true,
                    _ => {}
                }
            }
        }
    }
    (charts, terraform)
}

impl Rule for UntestedInfra {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for (root, workflows) in workflows_by_repo(cx.files) {
            let Some((first, _)) = workflows.first() else {
                continue;
            };
            let (chart, tf) = find_infra(&root, &first.settings);
            if chart.is_none() && tf.is_none() {
                continue;
            }
            let (mut charts_ok, mut tf_ok) = (false, false);
            for (f, w) in &workflows {
                if let Some(m) = f.yaml() {
                    let (c, t) = tested(&m.yaml, f.source.text(), w);
                    charts_ok |= c;
                    tf_ok |= t;
                }
            }
            let Some((file, w)) = workflows.first() else {
                continue;
            };
            let span = w
                .on_key
                .and_then(|k| file.yaml().map(|m| m.yaml.node(k).span))
                .unwrap_or(Span::empty(0));
            let shown = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
            if let Some(c) = chart.filter(|_| !charts_ok) {
                out.add(
                    file,
                    span,
                    format!(
                        "the repository has a Helm chart (`{}`) but no workflow lints or tests it",
                        shown(&c)
                    ),
                )
                .help("run `helm lint` and `helm unittest` (or chart-testing) on pull requests");
            }
            if let Some(t) = tf.filter(|_| !tf_ok) {
                out.add(
                    file,
                    span,
                    format!("the repository has Terraform (`{}`) but no workflow runs `terraform plan` or `validate`", shown(&t)),
                )
                .help("run `terraform validate` and `terraform plan` on pull requests");
            }
        }
    }
}
