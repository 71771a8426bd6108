//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use plimsoll_diagnostics::Severity;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "plimsoll",
    version,
    about = "Keeps a delivery stack fit to ship: checks, fixes and generates Dockerfiles, Kubernetes manifests, Helm charts, compose files, CI pipelines, Terraform and monitoring.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files for problems (default path: the current directory).
    Check(CheckArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Show the documentation of one rule.
    Explain(ExplainArgs),
    /// Helm charts: render them natively.
    #[command(subcommand)]
    Helm(HelmCommand),
    /// Describe the project: services, languages, ports, health paths, and why.
    Detect(DetectArgs),
    /// Generate hardened delivery files for the detected project.
    Init(InitArgs),
    /// Generate the CI/CD pipeline only.
    Pipeline(PipelineArgs),
    /// Generate infrastructure scaffolds.
    #[command(subcommand)]
    Scaffold(ScaffoldCommand),
    /// Deploy progressively (rolling, blue-green, canary) with health gates,
    /// metric analysis and automatic rollback; `--dry-run` prints the plan.
    Deploy(DeployArgs),
    /// Show the target's image, replicas, the deploy in progress and the lock.
    Status(DeployTargetArgs),
    /// Skip the current pause of the running deploy (or accept a held gate).
    Promote(DeployTargetArgs),
    /// Roll the running or interrupted deploy back now.
    Abort(DeployTargetArgs),
    /// Roll back to the previous revision (or `--to REVISION`); blue-green
    /// switches back to the other colour.
    Rollback(RollbackArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeployFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnFailureArg {
    Rollback,
    Pause,
}

/// Which environment, in which cluster.
#[derive(Debug, Args)]
pub struct DeployTargetArgs {
    /// The environment: a `[deploy.<env>]` table (optional when there is one).
    #[arg(long, short = 'e')]
    pub env: Option<String>,

    /// Where to look for plimsoll.toml / plimsoll.deploy.yaml (default: the
    /// current directory, then upward).
    #[arg(long, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// A kubeconfig other than $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// text (default) or json: one JSON object per line.
    #[arg(long, value_enum, default_value_t = DeployFormat::Text)]
    pub format: DeployFormat,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub target: DeployTargetArgs,

    /// The image to deploy: a tag for the configured repository, or a full
    /// reference (registry/repo:tag or @sha256:...).
    #[arg(long)]
    pub image: Option<String>,

    /// Print the plan (every API change, step, gate, timeout and the
    /// rollback target); change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// What a failed gate does (overrides `on-failure`).
    #[arg(long, value_enum)]
    pub on_failure: Option<OnFailureArg>,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[command(flatten)]
    pub target: DeployTargetArgs,

    /// The Deployment revision to go back to (default: the previous one).
    #[arg(long, value_name = "REVISION")]
    pub to: Option<String>,

    /// Print the rollback plan; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetectFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// The project directory (default: the current directory).
    pub dir: Option<PathBuf>,

    /// Show the evidence behind every value and which values were guessed.
    #[arg(long)]
    pub explain: bool,

    #[arg(long, value_enum, default_value_t = DetectFormat::Text)]
    pub format: DetectFormat,
}

/// How generated files are written (shared by init, pipeline and scaffold).
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// List what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Show unified diffs against the existing files; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Overwrite files plimsoll did not write or that were changed since.
    #[arg(long)]
    pub force: bool,

    /// Write even if plimsoll's own checks find problems in the output.
    #[arg(long)]
    pub no_validate: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project directory (default: the current directory).
    pub dir: Option<PathBuf>,

    /// Only these artifact families.
    #[arg(long, value_delimiter = ',', value_name = "KIND",
          value_parser = ["dockerfile", "compose", "helm", "ci", "argocd", "monitoring", "docs", "terraform"])]
    pub only: Vec<String>,

    /// CI platform [default: from the Git host].
    #[arg(long, value_name = "PLATFORM", value_parser = ["github-actions", "gitlab-ci", "jenkins", "circleci"])]
    pub ci: Option<String>,

    /// Also scaffold Terraform for this cloud.
    #[arg(long, value_name = "CLOUD", value_parser = ["aws", "gcp", "azure"])]
    pub cloud: Option<String>,

    /// Image registry prefix [default: from the Git remote].
    #[arg(long, value_name = "REGISTRY")]
    pub registry: Option<String>,

    /// Environments in promotion order; the last is production.
    #[arg(long = "env", value_delimiter = ',', value_name = "ENV")]
    pub environments: Vec<String>,

    /// Base domain for ingress hosts.
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    /// How the pipeline deploys: `gitops` commits the image tag and ArgoCD
    /// (whose Applications init generates) applies it; `push` runs
    /// `helm upgrade` from CI and generates no ArgoCD Applications.
    #[arg(long, value_name = "MODE", value_parser = ["push", "gitops"], default_value = "gitops")]
    pub deploy: String,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// The project directory (default: the current directory).
    pub dir: Option<PathBuf>,

    /// The CI platform [default: from the Git host].
    #[arg(long, value_name = "PLATFORM", value_parser = ["github-actions", "gitlab-ci", "jenkins", "circleci"])]
    pub platform: Option<String>,

    /// How the pipeline deploys: `push` runs `helm upgrade` from CI; `gitops`
    /// commits the image tag for ArgoCD to apply (`plimsoll init --only argocd`
    /// generates the Applications).
    #[arg(long, value_name = "MODE", value_parser = ["push", "gitops"], default_value = "push")]
    pub deploy: String,

    /// Image registry prefix [default: from the Git remote].
    #[arg(long, value_name = "REGISTRY")]
    pub registry: Option<String>,

    /// Environments in promotion order; the last is production.
    #[arg(long = "env", value_delimiter = ',', value_name = "ENV")]
    pub environments: Vec<String>,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Subcommand)]
pub enum ScaffoldCommand {
    /// Terraform modules and per-environment roots with remote state.
    Terraform(ScaffoldTerraformArgs),
}

#[derive(Debug, Args)]
pub struct ScaffoldTerraformArgs {
    /// The project directory (default: the current directory).
    pub dir: Option<PathBuf>,

    #[arg(long, value_name = "CLOUD", value_parser = ["aws", "gcp", "azure"], default_value = "aws")]
    pub provider: String,

    /// Environments, one root (and state) each.
    #[arg(
        long = "env",
        value_delimiter = ',',
        value_name = "ENV",
        default_value = "staging,production"
    )]
    pub environments: Vec<String>,

    /// Modules to generate.
    #[arg(long, value_delimiter = ',', value_name = "MODULE",
          value_parser = ["network", "cluster", "database"], default_value = "network,cluster,database")]
    pub modules: Vec<String>,

    /// A Terragrunt live tree instead of plain roots.
    #[arg(long)]
    pub terragrunt: bool,

    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Subcommand)]
pub enum HelmCommand {
    /// Render a chart's templates like `helm template` (no cluster, no network).
    Template(HelmTemplateArgs),
    /// Run a chart's helm-unittest suites (`tests/*_test.yaml`) natively.
    Test(HelmTestArgs),
}

#[derive(Debug, Args)]
pub struct HelmTestArgs {
    /// The charts (directories).
    #[arg(required = true)]
    pub charts: Vec<PathBuf>,

    /// Suite files, as globs relative to the chart (default `tests/*_test.yaml`).
    #[arg(short = 'f', long = "file", value_name = "GLOB")]
    pub file: Vec<String>,

    /// Read the suites from this directory instead of the chart's
    /// (values files and snapshots stay relative to each suite).
    #[arg(long = "suites-dir", value_name = "DIR")]
    pub suites_dir: Option<PathBuf>,

    /// Rewrite the snapshots (`tests/__snapshot__/*.snap`) instead of comparing.
    #[arg(short = 'u', long = "update-snapshot")]
    pub update_snapshot: bool,

    /// Report format of `--output-file`.
    #[arg(
        short = 't',
        long = "output-type",
        value_name = "TYPE",
        default_value = "JUnit"
    )]
    pub output_type: String,

    /// Also write a report (JUnit XML) to this file.
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HelmTemplateArgs {
    /// The chart: a directory or a packaged `.tgz`.
    pub chart: PathBuf,

    /// Values files, later ones winning.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,

    /// Set values (`a.b=c,d[0]=x,e={x,y}`), typed like Helm.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Set values as strings.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,

    /// The release namespace.
    #[arg(short = 'n', long, default_value = "default")]
    pub namespace: String,

    /// The release name.
    #[arg(long, default_value = "release-name")]
    pub release_name: String,

    /// The Kubernetes version `.Capabilities.KubeVersion` reports.
    #[arg(long, value_name = "VERSION")]
    pub kube_version: Option<String>,

    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(short = 'a', long = "api-versions", value_name = "VERSION")]
    pub api_versions: Vec<String>,

    /// Also print the CRDs of the chart and its subcharts (`crds/`), first.
    #[arg(long)]
    pub include_crds: bool,

    /// Only print the manifests of these templates (`templates/x.yaml`, globs allowed).
    #[arg(short = 's', long = "show-only", value_name = "TEMPLATE")]
    pub show_only: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Each finding with its source lines and the span underlined.
    Full,
    /// One line per finding: `path:line:col: CODE [severity] message`.
    Concise,
    /// Versioned JSON document (see docs/output-formats.md).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning and other viewers.
    Sarif,
    /// JUnit XML for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations on the PR).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    pub paths: Vec<PathBuf>,

    /// Output format [default: full on a terminal, concise otherwise].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Write the report to a file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Rules to run, replacing the configured set: codes, prefixes, names or ALL.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,

    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// Rules not to run.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// Hide findings below this severity.
    #[arg(long, value_enum)]
    pub min_severity: Option<SeverityArg>,

    /// Exit with 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,

    /// Use this configuration file instead of discovering plimsoll.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,

    /// Apply safe fixes, then report what remains.
    #[arg(long)]
    pub fix: bool,

    /// Also apply fixes that may change behaviour (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Hide findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in a baseline file and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub write_baseline: Option<PathBuf>,

    /// Print the number of findings per rule after the report.
    #[arg(long)]
    pub statistics: bool,

    /// Never draw the progress spinner.
    #[arg(long)]
    pub no_progress: bool,

    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (DF009) or name (latest-base-image).
    pub rule: String,
}
