//! `plimsoll detect` as text: one block per service; `--explain` adds the
//! evidence behind each value and marks guesses.

use crate::model::{Fact, Layout, Origin, Project, Service};
use std::fmt::Write as _;

/// The human-readable detection report.
pub fn render(project: &Project, explain: bool) -> String {
    let mut out = String::new();
    let layout = match &project.layout {
        Layout::Single => "single service".to_owned(),
        Layout::Monorepo { tool, .. } => format!("monorepo ({tool})"),
    };
    let _ = writeln!(
        out,
        "project {} — {layout}, {} service(s)",
        project.name,
        project.services.len()
    );
    for s in &project.services {
        render_service(&mut out, s, explain);
    }
    for note in &project.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
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

fn render_service(out: &mut String, s: &Service, explain: bool) {
    let _ = writeln!(
        out,
        "\nservice {} ({}, confidence {:?})",
        s.name, s.dir, s.confidence
    );
    line(
        out,
        "language",
        &s.language,
        &format!("{} {}", s.language.value, s.language_version.value),
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
    line(out, "health", &s.health_path, &s.health_path.value, explain);
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
        &s.start_command.value.join(" "),
        explain,
    );
    if let Some(b) = &s.build_command {
        line(out, "build", b, &b.value, explain);
    }
    for b in &s.backing_services {
        line(out, "needs", b, b.value.label(), explain);
    }
    if let Some(r) = &s.runner_up {
        let _ = writeln!(
            out,
            "  {:<14} {} ({:?}): {}",
            "runner-up", r.language, r.confidence, r.why_not
        );
    }
}
