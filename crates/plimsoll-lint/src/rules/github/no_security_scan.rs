use super::practice_support::workflows_by_repo;
use super::prelude::*;
use crate::rule::{ProjectContext, ProjectDiagnostics};

declare_rule! {
    /// ## What it does
    /// Reports a repository (a `.github/workflows` directory of the run)
    /// none of whose workflows runs a security scan: no CodeQL,
    /// Trivy, Grype/Anchore, Snyk, Docker Scout, Checkov, Semgrep, gosec,
    /// zizmor, OpenSSF Scorecard or dependency-review action, and no
    /// `trivy`, `grype`, `snyk`, `zizmor`, `checkov`, `semgrep`, `gosec`,
    /// `govulncheck`, `osv-scanner`, `npm audit`, `pip-audit`, `cargo
    /// audit`/`deny`, `bandit`, `gitleaks` or `trufflehog` command. A call
    /// of a reusable workflow whose path names a scan (`codeql`,
    /// `security`, `scan`, `audit`) counts. Reported once, on the first
    /// workflow of the repository. Workflows outside `.github/workflows`
    /// are not considered.
    ///
    /// ## Why is this bad?
    /// Vulnerable dependencies, base images and insecure code reach
    /// production unnoticed when nothing looks for them on each change;
    /// a scan in CI turns a known CVE into a failed check before the merge.
    ///
    /// ## Example
    /// A repository whose only workflow builds and tests.
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   scan:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///       - uses: aquasecurity/trivy-action@0.28.0
    ///         with:
    ///           scan-type: fs
    ///           severity: HIGH,CRITICAL
    ///           exit-code: "1"
    /// ```
    ///
    /// ## References
    /// - Practice CI06 (security scanning in CI) and S02 (supply chain in
    ///   CI: image scanning).
    /// - GitHub: About code scanning; dependency review.
    pub struct NoSecurityScan {
        code: "GHA064",
        name: "no-security-scan",
        summary: "Repository workflows run no security scan",
        severity: Info,
        category: Security,
        practices: ["CI06", "S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// Scanning actions, by lower-case `owner/repo` prefix.
const SCAN_ACTIONS: &[&str] = &[
    "github/codeql-action",
    "aquasecurity/trivy-action",
    "aquasecurity/setup-trivy",
    "anchore/scan-action",
    "snyk/actions",
    "docker/scout-action",
    "bridgecrewio/checkov-action",
    "returntocorp/semgrep-action",
    "semgrep/semgrep-action",
    "securego/gosec",
    "golang/govulncheck-action",
    "zizmorcore/zizmor-action",
    "ossf/scorecard-action",
    "actions/dependency-review-action",
    "google/osv-scanner-action",
    "gitleaks/gitleaks-action",
    "trufflesecurity/trufflehog",
    "pypa/gh-action-pip-audit",
    "rustsec/audit-check",
    "embarkstudios/cargo-deny-action",
    "sonarsource/sonarqube-scan-action",
    "sonarsource/sonarcloud-github-action",
];

const SCAN_COMMANDS: &[&str] = &[
    "trivy",
    "grype",
    "snyk",
    "zizmor",
    "checkov",
    "semgrep",
    "gosec",
    "govulncheck",
    "osv-scanner",
    "pip-audit",
    "bandit",
    "gitleaks",
    "trufflehog",
    "kubescape",
    "tfsec",
    "plimsoll",
];

fn step_scans(yaml: &YamlFile, text: &str, step: &Step) -> bool {
    if let Some(slug) = step.uses().and_then(Uses::slug)
        && SCAN_ACTIONS
            .iter()
            .any(|a| slug == *a || slug.starts_with(&format!("{a}/")))
    {
        return true;
    }
    let Some(run) = &step.run else {
        return false;
    };
    let Some(st) = ScalarText::new(yaml, text, run.node) else {
        return false;
    };
    st.script().command_views().any(|c| {
        let first = c.subcommand(&[]).map(|w| w.value.as_str());
        SCAN_COMMANDS.contains(&c.name())
            || (matches!(c.name(), "npm" | "yarn" | "pnpm") && first == Some("audit"))
            || (c.name() == "cargo" && matches!(first, Some("audit" | "deny")))
    })
}

fn job_scans(yaml: &YamlFile, text: &str, job: &Job) -> bool {
    if let Some((u, _)) = &job.uses {
        let v = u.value.to_ascii_lowercase();
        if ["codeql", "security", "scan", "audit", "trivy", "snyk"]
            .iter()
            .any(|k| v.contains(k))
        {
            return true;
        }
    }
    job.steps.iter().any(|s| step_scans(yaml, text, s))
}

impl Rule for NoSecurityScan {
    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut ProjectDiagnostics<'_>) {
        for (root, workflows) in workflows_by_repo(cx.files) {
            let scans = workflows.iter().any(|(f, w)| {
                let Some(model) = f.yaml() else {
                    return false;
                };
                w.jobs
                    .iter()
                    .any(|j| job_scans(&model.yaml, f.source.text(), j))
            });
            if scans {
                continue;
            }
            let Some((file, w)) = workflows.first() else {
                continue;
            };
            let span = w
                .on_key
                .and_then(|k| file.yaml().map(|m| m.yaml.node(k).span))
                .unwrap_or(Span::empty(0));
            let repo = root.file_name().map_or_else(
                || root.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            out.add(
                file,
                span,
                format!(
                    "no workflow of `{repo}` runs a security scan ({} workflow{} checked)",
                    workflows.len(),
                    if workflows.len() == 1 { "" } else { "s" }
                ),
            )
            .help("add a job that scans dependencies and images (Trivy, CodeQL, dependency-review) and fails on HIGH/CRITICAL findings");
        }
    }
}
