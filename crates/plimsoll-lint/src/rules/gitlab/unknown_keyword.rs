use super::prelude::*;
use crate::gitlab::{GLOBAL_KEYWORDS, JOB_KEYWORDS};

declare_rule! {
    /// ## What it does
    /// Reports keys of a job that are not job keywords (`scirpt:`,
    /// `stages:`, `enviroment:`), and top-level keys that are neither a
    /// global keyword nor a job (a scalar or list where GitLab expects a
    /// job's mapping). Hidden jobs (`.name`) are not checked: GitLab
    /// ignores their content unless something extends them.
    ///
    /// ## Why is this bad?
    /// GitLab rejects the whole pipeline ("config contains unknown keys").
    /// A misspelt keyword is never a harmless extra.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   scirpt: make
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   script: make
    /// ```
    ///
    /// ## Fix safety
    /// When exactly one keyword is within two edits of the key and the job
    /// does not already use it, the key is renamed. The fix is unsafe: the
    /// renamed keyword starts to take effect.
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that GitLab accepts).
    pub struct UnknownKeyword {
        code: "GL007",
        name: "unknown-keyword",
        summary: "Job or top-level key that is not a GitLab CI keyword",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for UnknownKeyword {
    fn check_gitlab(&self, cx: &GitlabContext<'_>, out: &mut Diagnostics<'_>) {
        if cx.gitlab.templated {
            return;
        }
        for (name, key, _) in &cx.gitlab.stray {
            let hint = support::closest(name, &GLOBAL_KEYWORDS)
                .map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            out.add(
                cx.yaml.node(*key).span,
                format!("top-level key `{name}` is neither a keyword nor a job{hint}"),
            )
            .help("a job must be a mapping with `script:`; fix or remove the key");
        }
        for job in &cx.gitlab.jobs {
            self.check_gitlab_job(cx, job, out);
        }
    }

    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden {
            return;
        }
        let NodeKind::Mapping { entries, .. } = cx.yaml.kind(job.node) else {
            return;
        };
        let used: Vec<&str> = entries.iter().filter_map(|(k, _)| cx.str(*k)).collect();
        for &(k, _) in entries {
            let Some(name) = cx.str(k) else { continue };
            if JOB_KEYWORDS.contains(&name) || name == "<<" {
                continue;
            }
            let suggestion = support::closest(name, &JOB_KEYWORDS).filter(|c| !used.contains(c));
            let hint = suggestion.map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            let span = cx.yaml.node(k).span;
            out.add(
                span,
                format!("job `{}` has unknown key `{name}`{hint}", job.name),
            )
            .help("use a job keyword; GitLab rejects unknown keys")
            .fix_opt(
                suggestion.map(|c| {
                    Fix::unsafe_(format!("Rename to `{c}`"), vec![Edit::replace(span, c)])
                }),
            );
        }
    }
}
