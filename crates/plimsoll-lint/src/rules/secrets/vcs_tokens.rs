use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports GitHub tokens by their documented prefixes: `ghp_` (classic
    /// personal access token), `gho_` (OAuth), `ghu_` and `ghs_` (GitHub App user
    /// and installation tokens), `ghr_` (refresh) followed by 36 alphanumerics,
    /// and `github_pat_` (fine-grained) followed by 82 word characters. Placeholders (`changeme`, `xxxx…`, `${VAR}`, `{{ .Values.x }}`, `<token>`, values containing `example`, `dummy`, `test`, repeated characters) are never reported.
    ///
    /// ## Why is this bad?
    /// A personal access token acts as its owner on every repository and
    /// organisation it was granted, often with write access; GitHub revokes
    /// tokens it finds in public repositories, but private repositories, forks and
    /// clones keep them.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   GH_TOKEN: ghp_…  # 40 characters
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `github-pat`, `github-oauth`, `github-app-token`, `github-refresh-token`, `github-fine-grained-pat`.
    /// - Trivy secret rule: `github-pat`, `github-oauth`, `github-fine-grained-pat`.
    pub struct HardcodedGithubToken {
        code: "SEC004",
        name: "hardcoded-github-token",
        summary: "GitHub token written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "github-pat", Gitleaks "github-oauth", Gitleaks "github-app-token", Gitleaks "github-refresh-token", Gitleaks "github-fine-grained-pat", Trivy "github-pat", Trivy "github-oauth", Trivy "github-fine-grained-pat"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedGithubToken {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::GithubToken, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports GitLab tokens by prefix: `glpat-` (personal, project and group
    /// access tokens), `gldt-` (deploy tokens), `glrt-` (runner authentication
    /// tokens) with at least 20 URL-safe characters, `glptt-` (pipeline trigger
    /// tokens, 40 hex digits) and `GR1348941` runner registration tokens. Placeholders (`changeme`, `xxxx…`, `${VAR}`, `{{ .Values.x }}`, `<token>`, values containing `example`, `dummy`, `test`, repeated characters) are never reported.
    ///
    /// ## Why is this bad?
    /// These tokens read or write repositories and registries, trigger
    /// pipelines or register runners that receive jobs and their secrets.
    ///
    /// ## Example
    /// ```yaml
    /// variables:
    ///   GITLAB_TOKEN: glpat-…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # Settings > CI/CD > Variables, masked and protected
    /// variables:
    ///   GITLAB_TOKEN: $RELEASE_TOKEN
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `gitlab-pat`, `gitlab-ptt`, `gitlab-rrt`, `gitlab-runner-authentication-token`.
    /// - Trivy secret rule: `gitlab-pat`.
    pub struct HardcodedGitlabToken {
        code: "SEC005",
        name: "hardcoded-gitlab-token",
        summary: "GitLab token written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "gitlab-pat", Gitleaks "gitlab-ptt", Gitleaks "gitlab-rrt", Gitleaks "gitlab-runner-authentication-token", Trivy "gitlab-pat"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedGitlabToken {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::GitlabToken, out);
    }
}
