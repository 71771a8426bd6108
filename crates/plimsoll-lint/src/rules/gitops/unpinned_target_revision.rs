use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD Application (or the template of an ApplicationSet)
    /// whose source follows a moving revision: a Git source with no
    /// `targetRevision`, an empty one, `HEAD`, or a well-known branch name
    /// (`main`, `master`, `develop`, `dev`, `trunk`, `staging`, `release/*`,
    /// `refs/heads/*`...); a Helm chart source (`chart:`) with no version, `*`,
    /// or a range (`1.x`, `^1.2`, `~1.2`, `>=1.0`). Other names are taken
    /// as tags and not reported; templated values (`{{ }}`) are skipped.
    ///
    /// The finding is a warning when the Application looks like production
    /// (a `prod`/`production`/`prd` segment in its name, destination
    /// namespace, cluster name or server, or source path) and advice
    /// otherwise.
    ///
    /// ## Why is this bad?
    /// ArgoCD syncs whatever the revision points to now: a merge to the
    /// branch (or a new chart release matching the range) goes to the
    /// cluster without a review of what changed in the environment, and
    /// the same Application can deploy different things on two syncs.
    /// Rolling back means changing the branch, not the Application.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: argoproj.io/v1alpha1
    /// kind: Application
    /// metadata:
    ///   name: payments-prod
    /// spec:
    ///   source:
    ///     repoURL: https://github.com/acme/deploy.git
    ///     path: apps/payments
    ///     targetRevision: HEAD
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   source:
    ///     repoURL: https://github.com/acme/deploy.git
    ///     path: apps/payments
    ///     targetRevision: v1.42.0
    /// ```
    ///
    /// ## References
    /// - Practice O03 (pinned `targetRevision` for production).
    /// - No peer: checkov's `CKV_ARGO_*` checks cover Argo Workflows only.
    /// - [Argo CD: tracking strategies](https://argo-cd.readthedocs.io/en/stable/user-guide/tracking_strategies/)
    pub struct UnpinnedTargetRevision {
        code: "ARGO001",
        name: "unpinned-target-revision",
        summary: "ArgoCD source follows a branch, HEAD or a chart version range",
        severity: Warning,
        category: Reliability,
        practices: ["O03"],
        peers: [],
        fix: None,
        default: true,
    }
}

const BRANCHES: [&str; 12] = [
    "main",
    "master",
    "develop",
    "development",
    "dev",
    "trunk",
    "staging",
    "stage",
    "production",
    "prod",
    "stable",
    "default",
];

/// Why a Git revision is a moving one, if it is.
fn moving_git(rev: &str) -> Option<&'static str> {
    let lower = rev.to_ascii_lowercase();
    if lower == "head" {
        return Some("`HEAD`");
    }
    if lower.starts_with("refs/heads/") {
        return Some("a branch");
    }
    if BRANCHES.contains(&lower.as_str())
        || ["release/", "releases/", "feature/", "hotfix/"]
            .iter()
            .any(|p| lower.starts_with(p))
    {
        return Some("a branch");
    }
    None
}

/// Why a chart version is unpinned, if it is.
fn moving_chart(rev: &str) -> Option<&'static str> {
    let t = rev.trim();
    if t == "*" || t.eq_ignore_ascii_case("latest") {
        return Some("any version");
    }
    let ranged = t.starts_with(['^', '~', '>', '<', '='])
        || t.contains("||")
        || t.contains(" - ")
        || t.split(['.', '-', '+'])
            .any(|p| matches!(p, "x" | "X" | "*"));
    ranged.then_some("a version range")
}

impl Rule for UnpinnedTargetRevision {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::app_spec(yaml, o) else {
            return;
        };
        let prod = support::is_production(yaml, o, spec);
        for source in support::sources(yaml, spec) {
            let rev_node = yaml.get(source, "targetRevision");
            let rev = rev_node.and_then(|n| yaml.str(n)).unwrap_or("").trim();
            if is_templated(rev) {
                continue;
            }
            let chart = support::str_at(yaml, source, &["chart"]);
            if chart.is_some_and(is_templated)
                || support::str_at(yaml, source, &["repoURL"]).is_some_and(is_templated)
            {
                continue;
            }
            let message = match (chart, rev.is_empty()) {
                (Some(c), true) => {
                    format!(
                        "{label}: chart `{c}` has no version: every sync deploys the newest release"
                    )
                }
                (Some(c), false) => match moving_chart(rev) {
                    Some(why) => format!(
                        "{label}: chart `{c}` accepts `{rev}` ({why}): every sync deploys the newest matching release"
                    ),
                    None => continue,
                },
                (None, true) if support::appset_may_override(yaml, o) => continue,
                (None, true) => format!(
                    "{label}: the source has no `targetRevision`, so it follows the default branch: every sync deploys its newest commit"
                ),
                (None, false) => match moving_git(rev) {
                    Some("`HEAD`") => format!(
                        "{label}: the source tracks `{rev}`: every sync deploys the newest commit"
                    ),
                    Some(_) => format!(
                        "{label}: the source tracks branch `{rev}`: every sync deploys its newest commit"
                    ),
                    None => continue,
                },
            };
            let span = match rev_node {
                Some(_) => cx
                    .entry_span(source, "targetRevision")
                    .unwrap_or_else(|| cx.span(source)),
                None => cx
                    .entry_span(source, "repoURL")
                    .unwrap_or_else(|| cx.span(source)),
            };
            out.add(span, message)
                .help(if chart.is_some() {
                    "pin `targetRevision` to an exact chart version"
                } else {
                    "pin `targetRevision` to a tag or a commit SHA, and promote by changing it"
                })
                .severity(if prod {
                    Severity::Warning
                } else {
                    Severity::Info
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions() {
        assert!(moving_git("HEAD").is_some());
        assert!(moving_git("main").is_some());
        assert!(moving_git("release/1.2").is_some());
        assert!(moving_git("v1.2.3").is_none());
        assert!(moving_git("3f2a9c1").is_none());
        assert!(moving_chart("*").is_some());
        assert!(moving_chart("1.x").is_some());
        assert!(moving_chart("^1.2.0").is_some());
        assert!(moving_chart(">=1.0 <2.0").is_some());
        assert!(moving_chart("1.2.3").is_none());
        assert!(moving_chart("1.2.3-rc.1").is_none());
    }
}
