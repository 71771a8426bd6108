//! `plimsoll detect` as text: the project, one block per service, the
//! delivery files already there, and notes. `--explain` adds the evidence
//! behind each value (file, field, what it says), the reason for every guess
//! and the runner-up language of each directory. Guessed values are marked
//! `(guessed)` in both modes so a user sees what to confirm.

use crate::model::{Fact, Layout, Origin, Project, Service, ServiceKind};
use std::fmt::Write as _;

/// The human-readable detection report.
pub fn render(project: &Project, explain: bool) -> String {
    let mut out = String::new();
    let layout = match &project.layout {
        _ if project.services.is_empty() => "nothing deployable found".to_owned(),
        Layout::Single => "single service".to_owned(),
        Layout::Monorepo { tool, .. } => format!("monorepo ({tool})"),
    };
    let count = project.services.len();
    let plural = if count == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "project {} — {layout}, {count} service{plural}",
        project.name
    );
    if explain && let Layout::Monorepo { evidence, .. } = &project.layout {
        let field = evidence
            .field
            .as_deref()
            .map(|f| format!(" {f}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  ← {}{field}: {}", evidence.file, evidence.detail);
    }
    if let (Some(host), Some(slug)) = (project.repository.host, &project.repository.slug) {
        let _ = writeln!(out, "repository {slug} ({})", host_label(host));
    }
    for s in &project.services {
        render_service(&mut out, s, explain);
    }
    render_existing(&mut out, project);
    if !project.notes.is_empty() {
        let _ = writeln!(out);
        for note in &project.notes {
            let _ = writeln!(out, "note: {note}");
        }
    }
    let guessed = project.services.iter().any(|s| {
        s.port.is_guessed()
            || s.health_path.is_guessed()
            || s.readiness_path.is_guessed()
            || s.start_command.is_guessed()
            || s.language_version.is_guessed()
            || s.package_manager.is_guessed()
            || [&s.build_command, &s.test_command, &s.lint_command]
                .into_iter()
                .flatten()
                .any(Fact::is_guessed)
    });
    if guessed && !explain {
        let _ = writeln!(
            out,
            "\nvalues marked (guessed) are defaults: `plimsoll detect --explain` says why; confirm them before `plimsoll init`"
        );
    }
    if project.services.is_empty() {
        let _ = writeln!(
            out,
            "\nno service detected: `plimsoll init` needs at least one (see the notes)"
        );
    }
    out
}

fn host_label(host: crate::model::GitHost) -> &'static str {
    match host {
        crate::model::GitHost::Github => "GitHub",
        crate::model::GitHost::Gitlab => "GitLab",
        crate::model::GitHost::Other => "other host",
    }
}

fn line<T>(out: &mut String, label: &str, fact: &Fact<T>, shown: &str, explain: bool) {
    let mark = if fact.is_guessed() { " (guessed)" } else { "" };
    let _ = writeln!(out, "  {label:<14} {shown}{mark}");
    if explain {
        match &fact.origin {
            Origin::Detected { evidence } => {
                for e in evidence {
                    let field = e
                        .field
                        .as_deref()
                        .map(|f| format!(" {f}"))
                        .unwrap_or_default();
                    let _ = writeln!(out, "  {:<14}   ← {}{field}: {}", "", e.file, e.detail);
                }
            }
            Origin::Default { reason } => {
                let _ = writeln!(out, "  {:<14}   ← default: {reason}", "");
            }
        }
    }
}

fn plain(out: &mut String, label: &str, shown: &str) {
    let _ = writeln!(out, "  {label:<14} {shown}");
}

/// Shell-like display of an argv: words with spaces or quotes are quoted.
fn show_argv(argv: &[String]) -> String {
    argv.iter()
        .map(|w| {
            if w.is_empty() || w.contains([' ', '"', '\'', ';', '$', '\\', '(', ')', '*', '&', '|'])
            {
                format!("'{}'", w.replace('\'', r"'\''"))
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_service(out: &mut String, s: &Service, explain: bool) {
    let kind = match s.kind {
        ServiceKind::Web => "web",
        ServiceKind::Static => "static site",
        ServiceKind::Worker => "worker",
    };
    let _ = writeln!(
        out,
        "\nservice {} — {kind} in {} (confidence {})",
        s.name,
        s.dir,
        format!("{:?}", s.confidence).to_ascii_lowercase()
    );
    if s.context != s.dir {
        plain(
            out,
            "build context",
            &format!(
                "{} (the workspace root: lockfile and shared packages)",
                s.context
            ),
        );
    }
    line(
        out,
        "language",
        &s.language,
        s.language.value.label(),
        explain,
    );
    line(
        out,
        "version",
        &s.language_version,
        &s.language_version.value,
        explain,
    );
    line(
        out,
        "package mgr",
        &s.package_manager,
        s.package_manager.value.label(),
        explain,
    );
    if let Some(f) = &s.framework {
        line(out, "framework", f, f.value.label(), explain);
    }
    line(out, "port", &s.port, &s.port.value.to_string(), explain);
    line(
        out,
        "liveness",
        &s.health_path,
        &s.health_path.value,
        explain,
    );
    line(
        out,
        "readiness",
        &s.readiness_path,
        &s.readiness_path.value,
        explain,
    );
    if let Some(m) = &s.metrics_path {
        line(out, "metrics", m, &m.value, explain);
    }
    line(
        out,
        "start",
        &s.start_command,
        &show_argv(&s.start_command.value),
        explain,
    );
    if let Some(b) = &s.build_command {
        line(out, "build", b, &b.value, explain);
    }
    if let Some(b) = &s.build_output {
        line(out, "build output", b, &b.value, explain);
    }
    if let Some(t) = &s.test_command {
        line(out, "test", t, &t.value, explain);
    }
    if let Some(l) = &s.lint_command {
        line(out, "lint", l, &l.value, explain);
    }
    for b in &s.backing_services {
        line(
            out,
            "needs",
            b,
            &format!("{} (${})", b.value.label(), b.value.url_env()),
            explain,
        );
    }
    if explain && let Some(r) = &s.runner_up {
        let _ = writeln!(
            out,
            "  {:<14} {} (confidence {}): {}",
            "runner-up",
            r.language,
            format!("{:?}", r.confidence).to_ascii_lowercase(),
            r.why_not
        );
    }
}

fn render_existing(out: &mut String, project: &Project) {
    let e = &project.existing;
    let mut rows: Vec<(&str, String)> = Vec::new();
    for (label, list) in [
        ("Dockerfiles", &e.dockerfiles),
        ("compose", &e.compose_files),
        ("charts", &e.charts),
        ("terraform", &e.terraform_dirs),
        ("workflows", &e.github_workflows),
    ] {
        if !list.is_empty() {
            rows.push((label, list.join(", ")));
        }
    }
    if e.gitlab_ci {
        rows.push(("GitLab CI", ".gitlab-ci.yml".to_owned()));
    }
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nalready in the project:");
    for (label, list) in rows {
        plain(out, label, &list);
    }
}
