use crate::{Category, Severity};
use std::fmt;

/// Where the rule pages live; a finding's docs link is this plus `<CODE>.md`.
pub const DOCS_BASE_URL: &str = "https://github.com/plimsoll-dev/plimsoll/blob/main/docs/rules/";

/// The family of files a rule checks. Each has its own code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Domain {
    /// Findings about plimsoll's own inputs: suppressions, unreadable files.
    General,
    Dockerfile,
    Kubernetes,
    Helm,
    Compose,
    GithubActions,
    GitlabCi,
    Terraform,
    Prometheus,
    Argo,
    Observability,
    Secrets,
    CrossFile,
}

impl Domain {
    pub fn prefix(self) -> &'static str {
        match self {
            Domain::General => "PL",
            Domain::Dockerfile => "DF",
            Domain::Kubernetes => "K8S",
            Domain::Helm => "HELM",
            Domain::Compose => "DC",
            Domain::GithubActions => "GHA",
            Domain::GitlabCi => "GL",
            Domain::Terraform => "TF",
            Domain::Prometheus => "PROM",
            Domain::Argo => "ARGO",
            Domain::Observability => "OBS",
            Domain::Secrets => "SEC",
            Domain::CrossFile => "XF",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Domain::General => "General",
            Domain::Dockerfile => "Dockerfile",
            Domain::Kubernetes => "Kubernetes",
            Domain::Helm => "Helm",
            Domain::Compose => "Docker Compose",
            Domain::GithubActions => "GitHub Actions",
            Domain::GitlabCi => "GitLab CI",
            Domain::Terraform => "Terraform",
            Domain::Prometheus => "Prometheus",
            Domain::Argo => "Argo",
            Domain::Observability => "Observability",
            Domain::Secrets => "Secrets",
            Domain::CrossFile => "Cross-file",
        }
    }
}

/// A peer tool whose rule IDs we map to ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeerTool {
    Hadolint,
    Checkov,
    Buildkit,
    KubeLinter,
    KubeScore,
    Polaris,
    Zizmor,
    Actionlint,
    /// Trivy misconfiguration checks, by AVD id (`AVD-AWS-0086`).
    Trivy,
    Yamllint,
    Dclint,
    ComposeLint,
    Gitleaks,
    Pint,
    Promtool,
    /// `helm lint` messages (chart metadata, render errors).
    HelmLint,
}

impl PeerTool {
    pub fn as_str(self) -> &'static str {
        match self {
            PeerTool::Hadolint => "hadolint",
            PeerTool::Checkov => "checkov",
            PeerTool::Buildkit => "buildkit",
            PeerTool::KubeLinter => "kube-linter",
            PeerTool::KubeScore => "kube-score",
            PeerTool::Polaris => "polaris",
            PeerTool::Zizmor => "zizmor",
            PeerTool::Actionlint => "actionlint",
            PeerTool::Trivy => "trivy",
            PeerTool::Yamllint => "yamllint",
            PeerTool::Dclint => "dclint",
            PeerTool::ComposeLint => "compose-lint",
            PeerTool::Gitleaks => "gitleaks",
            PeerTool::Pint => "pint",
            PeerTool::Promtool => "promtool",
            PeerTool::HelmLint => "helm-lint",
        }
    }
}

impl fmt::Display for PeerTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One peer rule this rule corresponds to, e.g. hadolint `DL3007`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerRule {
    pub tool: PeerTool,
    pub id: &'static str,
}

impl PeerRule {
    pub const fn new(tool: PeerTool, id: &'static str) -> Self {
        PeerRule { tool, id }
    }
}

impl fmt::Display for PeerRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.tool, self.id)
    }
}

/// Whether, and how safely, a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FixAvailability {
    None,
    /// Some findings have a fix (for instance only the simple cases).
    Sometimes,
    Always,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        }
    }
}

/// Everything known about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `DF007`. Never reused.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern, e.g. `latest-base-image`.
    pub name: &'static str,
    /// One sentence, shown in listings and as the SARIF short description.
    pub summary: &'static str,
    pub domain: Domain,
    pub severity: Severity,
    pub category: Category,
    /// Practice IDs from practices.md this rule enforces (D03, K02...).
    pub practices: &'static [&'static str],
    pub peers: &'static [PeerRule],
    pub fix: FixAvailability,
    /// Off by default; enabled by `select`/`extend-select`.
    pub default_enabled: bool,
    /// The rule page in Markdown (What it does / Why is this bad? / ...).
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn docs_url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.code)
    }

    pub fn peer_ids(&self, tool: PeerTool) -> impl Iterator<Item = &'static str> + '_ {
        self.peers
            .iter()
            .filter(move |p| p.tool == tool)
            .map(|p| p.id)
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}
