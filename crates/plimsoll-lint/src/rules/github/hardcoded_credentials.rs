use super::prelude::*;
use super::support::credential_format;

declare_rule! {
    /// ## What it does
    /// Reports credentials written into a workflow:
    /// - a literal `password` under `credentials` of a job `container` or
    ///   of a service (anything without a `${{ }}` expression);
    /// - an `env:` or `with:` value that has the format of a real
    ///   credential: AWS access key IDs, GitHub, GitLab, Slack, npm and
    ///   PyPI tokens, Stripe live keys, Google API keys, private keys;
    /// - `docker login` with a literal `-p`/`--password` in a `run:` script.
    ///
    /// Passwords of throwaway service databases set through `env:`
    /// (`POSTGRES_PASSWORD: postgres`) are not reported: only the formats
    /// above are.
    ///
    /// ## Why is this bad?
    /// Workflow files are read by everyone who can read the repository,
    /// forks and clones included, and stay in its history after the value
    /// is removed. The credential must be revoked.
    ///
    /// ## Example
    /// ```yaml
    /// container:
    ///   image: ghcr.io/org/build:1
    ///   credentials:
    ///     username: bot
    ///     password: hunter2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// container:
    ///   image: ghcr.io/org/build:1
    ///   credentials:
    ///     username: ${{ github.actor }}
    ///     password: ${{ secrets.GITHUB_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - Practice S01 (no secrets in files) and CI13 (secrets never exposed).
    /// - zizmor hardcoded-container-credentials; actionlint credentials.
    pub struct HardcodedCredentials {
        code: "GHA008",
        name: "hardcoded-credentials",
        summary: "Credential written into the workflow",
        severity: Error,
        category: Security,
        practices: ["S01", "CI13"],
        peers: [Zizmor "hardcoded-container-credentials", Actionlint "credentials"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedCredentials {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let w = cx.workflow;
        env_values(cx.yaml, &w.env, "workflow `env`", |n| cx.span(n), out);
        for job in &w.jobs {
            env_values(
                cx.yaml,
                &job.env,
                &format!("job `{}` env", job.id),
                |n| cx.span(n),
                out,
            );
            env_values(
                cx.yaml,
                &job.with,
                &format!("job `{}` input", job.id),
                |n| cx.span(n),
                out,
            );
            for c in job.container.iter().chain(&job.services) {
                let who = c.name.as_ref().map_or_else(
                    || format!("job `{}` container", job.id),
                    |n| format!("service `{n}` of job `{}`", job.id),
                );
                if let Some(creds) = c.credentials
                    && let Some(pw) = cx.yaml.get(creds, "password")
                    && let Some(v) = cx.str(pw)
                    && !v.is_empty()
                    && !v.contains("${{")
                {
                    let span = cx
                        .entry_span(creds, "password")
                        .unwrap_or_else(|| cx.span(pw));
                    out.add(span, format!("{who} has a literal registry password"))
                        .help(
                            "read it from a secret: `password: ${{ secrets.REGISTRY_PASSWORD }}`",
                        );
                }
                env_values(cx.yaml, &c.env, &format!("{who} env"), |n| cx.span(n), out);
            }
            for step in &job.steps {
                check_step(
                    cx.yaml,
                    cx.text(),
                    step,
                    |n| cx.span(n),
                    |n| cx.scalar_text(n),
                    out,
                );
            }
        }
    }

    fn check_action_step(&self, cx: &ActionContext<'_>, step: &Step, out: &mut Diagnostics<'_>) {
        check_step(
            cx.yaml,
            cx.text(),
            step,
            |n| cx.span(n),
            |n| cx.scalar_text(n),
            out,
        );
    }
}

fn check_step(
    yaml: &YamlFile,
    text: &str,
    step: &Step,
    span: impl Fn(NodeId) -> Span,
    scalar: impl Fn(NodeId) -> Option<ScalarText>,
    out: &mut Diagnostics<'_>,
) {
    let who = format!("step {}", step.label());
    env_values(yaml, &step.env, &format!("{who} env"), &span, out);
    env_values(yaml, &step.with, &format!("{who} input"), &span, out);
    let Some(run) = step.run.as_ref().and_then(|r| scalar(r.node)) else {
        return;
    };
    let script = run.script();
    for c in script.commands_named("docker") {
        if c.subcommand(&[
            "-H",
            "--host",
            "--config",
            "--context",
            "-c",
            "-l",
            "--log-level",
        ])
        .is_none_or(|w| w.value != "login")
        {
            continue;
        }
        let mut args = c.args.iter();
        while let Some(a) = args.next() {
            let value = if a.value == "-p" || a.value == "--password" {
                args.next()
            } else if a.value.starts_with("--password=") {
                Some(a)
            } else {
                None
            };
            let Some(v) = value else { continue };
            let raw = text.get(v.span.start..v.span.end).unwrap_or("");
            let literal = raw.trim_start_matches("--password=");
            if !literal.is_empty() && !literal.contains('$') {
                out.add(
                    v.span,
                    format!("{who} runs `docker login` with a literal password"),
                )
                .help("pipe a secret into `docker login --password-stdin` instead");
            }
        }
    }
}

fn env_values(
    yaml: &YamlFile,
    entries: &[Entry],
    where_: &str,
    span: impl Fn(NodeId) -> Span,
    out: &mut Diagnostics<'_>,
) {
    for e in entries {
        let Some(v) = yaml.str(e.value) else { continue };
        if v.contains("${{") {
            continue;
        }
        if let Some(what) = credential_format(v) {
            out.add(span(e.value), format!("{where_} `{}` holds {what}", e.name))
                .help("revoke it, store it as a secret and use `${{ secrets.NAME }}`");
        }
    }
}
