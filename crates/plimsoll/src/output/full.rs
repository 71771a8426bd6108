//! Each finding with its source lines, the span underlined, help and fix.

use super::{RenderOptions, summary_line};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use plimsoll_diagnostics::{Finding, Severity, Span};
use plimsoll_lint::CheckResult;
use plimsoll_syntax::SourceFile;
use std::fmt::Write as _;

pub fn render(result: &CheckResult, options: &RenderOptions) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    let secrets = super::secrets_by_file(result);
    for finding in &result.findings {
        let source = result.source(&finding.location.path);
        let hidden = secrets
            .get(finding.location.path.as_path())
            .map_or(&[][..], Vec::as_slice);
        out.push_str(&render_one(finding, source, hidden, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(result, options));
    out
}

/// The lines covering `span`, as (text, first line number, offset of the text in the file).
fn excerpt(source: &SourceFile, span: Span) -> (&str, usize, usize) {
    let first = source.line_of(span.start);
    let last = source.line_of(span.end.saturating_sub(1).max(span.start));
    let start = source.line_span(first).start;
    let end = source
        .line_span(last)
        .end
        .max(span.end.min(source.text().len()));
    (&source.text()[start..end], first, start)
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(
    finding: &Finding,
    source: Option<&SourceFile>,
    secrets: &[Span],
    renderer: &Renderer,
) -> String {
    let title = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.rule.code);
    let path = finding.location.display_path();
    let mut groups: Vec<Group<'_>> = Vec::new();
    let Some(source) = source.filter(|s| !s.text().is_empty()) else {
        groups.push(Group::with_title(title));
        let mut s = renderer.render(&groups).clone();
        let _ = write!(s, "\n --> {path}");
        return s;
    };
    let span = finding.location.span;
    let (text, line, offset) = excerpt(source, span);
    // Every excerpt this finding may show: its own, its related spans',
    // its fix's, masked where they hold a secret.
    let fix_whole = finding
        .fixes
        .first()
        .map(|fix| fix.span().unwrap_or(span).cover(span));
    let masked: Vec<std::borrow::Cow<'_, str>> = std::iter::once((text, offset))
        .chain(finding.related.iter().map(|r| {
            let (t, _, o) = excerpt(source, r.location.span);
            (t, o)
        }))
        .chain(fix_whole.map(|w| {
            let (t, _, o) = excerpt(source, w);
            (t, o)
        }))
        .map(|(t, o)| super::mask_excerpt(t, o, source.text(), secrets))
        .collect();
    let text = &*masked[0];
    let rel = |s: Span| {
        (s.start.saturating_sub(offset)).min(text.len())
            ..(s.end.saturating_sub(offset)).min(text.len())
    };
    let mut snippet = Snippet::source(text)
        .line_start(line)
        .path(path.clone())
        .annotation(AnnotationKind::Primary.span(rel(span)));
    for related in &finding.related {
        let r = related.location.span;
        if related.location.path == finding.location.path
            && r.start >= offset
            && r.end <= offset + text.len()
        {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(rel(r))
                    .label(related.message.as_str()),
            );
        }
    }
    groups.push(title.element(snippet));

    for (i, related) in finding.related.iter().enumerate() {
        let r = related.location.span;
        let same_excerpt = related.location.path == finding.location.path
            && r.start >= offset
            && r.end <= offset + text.len();
        if same_excerpt {
            continue;
        }
        let (_, rline, roff) = excerpt(source, r);
        let rtext = &*masked[1 + i];
        if related.location.path == finding.location.path {
            let rel_r =
                (r.start - roff).min(rtext.len())..(r.end.saturating_sub(roff)).min(rtext.len());
            groups.push(
                Level::NOTE
                    .secondary_title(related.message.as_str())
                    .element(
                        Snippet::source(rtext)
                            .line_start(rline)
                            .path(path.clone())
                            .annotation(AnnotationKind::Context.span(rel_r)),
                    ),
            );
        } else {
            groups.push(Group::with_title(Level::NOTE.secondary_title(format!(
                "{} ({}:{})",
                related.message,
                related.location.display_path(),
                related.location.start.line
            ))));
        }
    }
    if let Some(help) = &finding.help {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    if let Some(fix) = finding.fixes.first() {
        let title = Level::HELP.with_name(Some("fix")).secondary_title(format!(
            "{} ({})",
            fix.message,
            fix.applicability.as_str()
        ));
        let fix_span = fix.span().unwrap_or(span);
        let whole = fix_span.cover(span);
        let (_, fline, foff) = excerpt(source, whole);
        let ftext = &*masked[1 + finding.related.len()];
        let in_excerpt = fix
            .edits
            .iter()
            .all(|e| e.span.start >= foff && e.span.end <= foff + ftext.len());
        if in_excerpt && !fix.edits.is_empty() {
            let mut snippet = Snippet::source(ftext).line_start(fline).path(path.clone());
            for e in &fix.edits {
                snippet = snippet.patch(Patch::new(
                    e.span.start - foff..e.span.end - foff,
                    e.replacement.as_str(),
                ));
            }
            groups.push(title.element(snippet));
        } else {
            groups.push(Group::with_title(title));
        }
    }
    let mut rendered = renderer.render(&groups).clone();
    let _ = write!(rendered, "\n  = see {}", finding.docs_url());
    rendered
}
