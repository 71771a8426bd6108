use super::prelude::*;

/// GitLab templates that add security scanners (matched on the path).
const SCAN_TEMPLATES: [&str; 10] = [
    "Security/",
    "Jobs/SAST",
    "Jobs/Secret-Detection",
    "Jobs/Dependency-Scanning",
    "Jobs/Container-Scanning",
    "Jobs/DAST",
    "Auto-DevOps",
    "SAST",
    "Secret-Detection",
    "Container-Scanning",
];

/// Component names of GitLab's scanners (`gitlab.com/components/sast/sast@1`).
const SCAN_COMPONENTS: [&str; 6] = [
    "/sast",
    "/secret-detection",
    "/dependency-scanning",
    "/container-scanning",
    "/dast",
    "/trivy",
];

/// Commands and images of scanners; a script line or image naming one
/// counts as scanning.
const SCANNERS: [&str; 22] = [
    "trivy",
    "grype",
    "snyk",
    "semgrep",
    "gitleaks",
    "trufflehog",
    "checkov",
    "zizmor",
    "osv-scanner",
    "bandit",
    "pip-audit",
    "govulncheck",
    "tfsec",
    "kics",
    "dependency-check",
    "bearer",
    "horusec",
    "sonar-scanner",
    "detect-secrets",
    "clair-scanner",
    "anchore",
    "retire",
];

/// Two-word scanner commands.
const SCAN_COMMANDS: [&str; 7] = [
    "npm audit",
    "yarn audit",
    "pnpm audit",
    "cargo audit",
    "cargo deny",
    "docker scout",
    "bundle audit",
];

/// Report types of scanners under `artifacts: reports:`.
const SCAN_REPORTS: [&str; 6] = [
    "sast",
    "secret_detection",
    "dependency_scanning",
    "container_scanning",
    "dast",
    "cyclonedx",
];

declare_rule! {
    /// ## What it does
    /// Reports a root `.gitlab-ci.yml` whose pipeline (with its local
    /// includes) runs no security scanner: it includes none of GitLab's
    /// security templates or components (`Security/SAST.gitlab-ci.yml`,
    /// `Jobs/Secret-Detection.gitlab-ci.yml`, `gitlab.com/components/sast/...`)
    /// and no job runs a scanner (Trivy, Grype, Snyk, Semgrep, Gitleaks,
    /// Checkov, zizmor, osv-scanner, `npm audit`...), uploads a security
    /// report, or is named after one (`sast`, `*-scan`). Included
    /// fragments are not reported, nor pipelines with remote, project or
    /// other unreadable includes (the scanner may be there).
    ///
    /// ## Why is this bad?
    /// Vulnerable dependencies, committed secrets and known CVEs in the
    /// image then reach production unnoticed: nothing in the pipeline
    /// looks for them.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   script: make
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// include:
    ///   - template: Jobs/SAST.gitlab-ci.yml
    ///   - template: Jobs/Secret-Detection.gitlab-ci.yml
    ///
    /// build:
    ///   script: make
    /// ```
    ///
    /// ## References
    /// - Practice CI06 (security scanning) and S02 (supply chain).
    pub struct NoSecurityScanning {
        code: "GL025",
        name: "no-security-scanning",
        summary: "Pipeline runs no security scanner",
        severity: Info,
        category: Security,
        practices: ["CI06", "S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn is_root_name(cx: &GitlabContext<'_>) -> bool {
    cx.file
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == ".gitlab-ci.yml" || n == ".gitlab-ci.yaml")
}

fn scanning_include(yaml: &YamlFile, include: &Include) -> bool {
    let Some(location) = include.location.and_then(|l| yaml.str(l)) else {
        return false;
    };
    match include.kind {
        IncludeKind::Template => SCAN_TEMPLATES.iter().any(|t| location.contains(t)),
        IncludeKind::Component => {
            let path = location.split('@').next().unwrap_or(location);
            SCAN_COMPONENTS.iter().any(|c| path.contains(c))
        }
        _ => false,
    }
}

fn mentions_scanner(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    SCAN_COMMANDS.iter().any(|c| lower.contains(c))
        || lower
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .any(|word| SCANNERS.contains(&word))
}

fn job_scans(yaml: &YamlFile, job: &Job) -> bool {
    let name = job.name.to_ascii_lowercase();
    if [
        "sast",
        "scan",
        "secret_detection",
        "secret-detection",
        "audit",
    ]
    .iter()
    .any(|w| name.contains(w))
        || mentions_scanner(&name)
    {
        return true;
    }
    if !yaml.is_mapping(job.node) {
        return false;
    }
    if let Some(reports) = yaml.path(job.node, &["artifacts", "reports"])
        && yaml
            .entries(reports)
            .iter()
            .any(|(k, _)| yaml.str(*k).is_some_and(|k| SCAN_REPORTS.contains(&k)))
    {
        return true;
    }
    if let Some(image) = yaml
        .get(job.node, "image")
        .and_then(|i| image_name(yaml, i))
        && yaml.str(image).is_some_and(mentions_scanner)
    {
        return true;
    }
    ["before_script", "script", "after_script"]
        .iter()
        .any(|key| {
            yaml.get(job.node, key).is_some_and(|node| {
                script_lines(yaml, node)
                    .into_iter()
                    .filter_map(|l| yaml.str(l))
                    .any(mentions_scanner)
            })
        })
}

impl Rule for NoSecurityScanning {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if !is_root_name(cx) || cx.index.unit(cx.unit).included || cx.gitlab.templated {
            return;
        }
        let scope = cx.index.scope(cx.unit);
        let mut any_job = false;
        for &u in &scope.units {
            let yaml = cx.index.yaml(u);
            let model = cx.index.unit(u).model();
            if model.includes.iter().any(|i| scanning_include(yaml, i)) {
                return;
            }
            if model.jobs.iter().any(|j| job_scans(yaml, j)) {
                return;
            }
            any_job |= model.jobs.iter().any(|j| !j.hidden);
        }
        if scope.open || !any_job {
            return;
        }
        let Some(root) = cx.gitlab.root else { return };
        let Some(&(first, _)) = cx.yaml.entries(root).first() else {
            return;
        };
        out.add(
            cx.yaml.node(first).span,
            "the pipeline runs no security scanner (no SAST, dependency, secret or image scanning)",
        )
        .help("include `template: Jobs/SAST.gitlab-ci.yml` and `Jobs/Secret-Detection.gitlab-ci.yml`, or add a scanner job (e.g. `trivy`)");
    }
}
