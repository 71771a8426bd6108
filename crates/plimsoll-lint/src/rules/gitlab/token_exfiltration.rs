use super::prelude::*;

/// Predefined variables that hold credentials of the job or project.
const SECRET_VARIABLES: [&str; 8] = [
    "CI_JOB_TOKEN",
    "CI_BUILD_TOKEN",
    "CI_REGISTRY_PASSWORD",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPENDENCY_PROXY_PASSWORD",
    "CI_JOB_JWT",
    "CI_JOB_JWT_V1",
    "CI_JOB_JWT_V2",
];

/// Predefined variables naming the GitLab instance or its registry.
const GITLAB_URL_VARIABLES: [&str; 10] = [
    "CI_API_V4_URL",
    "CI_API_GRAPHQL_URL",
    "CI_SERVER_URL",
    "CI_SERVER_HOST",
    "CI_SERVER_FQDN",
    "CI_REGISTRY",
    "CI_PROJECT_URL",
    "CI_PAGES_URL",
    "CI_DEPENDENCY_PROXY_SERVER",
    "CI_REPOSITORY_URL",
];

declare_rule! {
    /// ## What it does
    /// Reports `curl` and `wget` commands in scripts that send a
    /// credential GitLab gives the job (`$CI_JOB_TOKEN`,
    /// `$CI_REGISTRY_PASSWORD`, `$CI_DEPLOY_PASSWORD`,
    /// `$CI_DEPENDENCY_PROXY_PASSWORD`, the legacy `$CI_JOB_JWT`) in a
    /// header, form, body or URL to a host that is not the GitLab
    /// instance: a literal URL whose host does not contain `gitlab`.
    /// Requests to `$CI_API_V4_URL`, `$CI_SERVER_URL`, `$CI_REGISTRY`...
    /// and to hosts named by other variables are not reported.
    ///
    /// ## Why is this bad?
    /// These tokens act as the job (and through it the user who ran the
    /// pipeline) on the GitLab API and registry. Only GitLab needs them;
    /// sent to another server they can be logged, stolen and replayed
    /// while the job runs, and a script edited in a merge request can
    /// exfiltrate them this way.
    ///
    /// ## Example
    /// ```yaml
    /// notify:
    ///   script:
    ///     - 'curl -H "JOB-TOKEN: $CI_JOB_TOKEN" https://hooks.example.com/build'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// notify:
    ///   script:
    ///     - 'curl -H "Authorization: Bearer $HOOK_TOKEN" https://hooks.example.com/build'
    /// ```
    /// Give the external service its own masked, protected variable, or an
    /// `id_tokens:` token with that service as the audience.
    ///
    /// ## References
    /// - Practice CI13 (secrets never leak from scripts).
    /// - checkov `CKV_GITLABCI_1` flags every script line starting with
    ///   `curl` that mentions a `$CI...` variable; this rule reports only
    ///   credentials sent to another host.
    pub struct CiTokenSentToExternalHost {
        code: "GL027",
        name: "ci-token-sent-to-external-host",
        summary: "`curl`/`wget` sends a GitLab job credential to another host",
        severity: Warning,
        category: Security,
        practices: ["CI13"],
        peers: [Checkov "CKV_GITLABCI_1"],
        fix: None,
        default: true,
    }
}

/// Variable names in a word (`$X`, `${X}`).
fn variables(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let body = rest.strip_prefix('{').unwrap_or(rest);
        let end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// A URL argument's host: `Some(host)` for a literal host, `None` when it
/// is a variable or absent.
fn literal_host(word: &str) -> Option<&str> {
    let rest = word.split_once("://").map(|(_, r)| r)?;
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
    (!host.is_empty() && !host.contains('$')).then_some(host)
}

/// Whether a URL argument names the GitLab instance.
fn is_gitlab(word: &str) -> bool {
    variables(word)
        .iter()
        .any(|v| GITLAB_URL_VARIABLES.contains(v))
        || literal_host(word).is_some_and(|h| h.to_ascii_lowercase().contains("gitlab"))
}

impl Rule for CiTokenSentToExternalHost {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if !cx.yaml.is_mapping(job.node) {
            return;
        }
        for key in ["before_script", "script", "after_script"] {
            let Some(node) = cx.own(job, key) else {
                continue;
            };
            for line in script_lines(cx.yaml, node) {
                let Some(parsed) = ScriptLine::parse(cx.yaml, cx.text(), line) else {
                    continue;
                };
                for cmd in parsed.script.command_views() {
                    if !matches!(cmd.name(), "curl" | "wget") {
                        continue;
                    }
                    let Some(secret) = cmd.args.iter().find_map(|a| {
                        variables(&a.value)
                            .into_iter()
                            .find(|v| SECRET_VARIABLES.contains(v))
                    }) else {
                        continue;
                    };
                    let urls: Vec<&str> = cmd
                        .args
                        .iter()
                        .map(|a| a.value.as_str())
                        .filter(|v| {
                            v.contains("://")
                                || variables(v)
                                    .iter()
                                    .any(|n| GITLAB_URL_VARIABLES.contains(n))
                        })
                        .filter(|v| !v.starts_with('-'))
                        .collect();
                    let Some(host) = urls
                        .iter()
                        .filter(|u| !is_gitlab(u))
                        .find_map(|u| literal_host(u))
                    else {
                        continue;
                    };
                    out.add(
                        parsed.span(cmd.span()),
                        format!(
                            "{} sends `${secret}` to `{host}` with `{}`: GitLab job credentials belong to GitLab only",
                            support::describe(job),
                            cmd.name()
                        ),
                    )
                    .help("give the other service its own masked variable or an `id_tokens:` token, never the job's credentials");
                }
            }
        }
    }
}
