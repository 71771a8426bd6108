//! What the Prometheus rules share: spans inside `expr` and template
//! values, the scrape interval assumed for ranges, and metric naming
//! (practice O01: alert rules with valid PromQL and the metadata that
//! routes and explains them).

use crate::prometheus::PromRule;
use crate::rule::PrometheusContext;
use plimsoll_diagnostics::Span;
use plimsoll_syntax::yaml::NodeId;
use std::ops::Range;

/// The scrape interval assumed when ranges are judged: Prometheus'
/// default `scrape_interval` is 1m.
pub const ASSUMED_SCRAPE_INTERVAL_MS: u64 = 60_000;

/// Where a rule's `expr` is reported: the value, or the rule's name.
pub fn expr_span(cx: &PrometheusContext<'_>, rule: &PromRule) -> Span {
    rule.expr
        .map_or_else(|| cx.span(rule.name_node()), |e| cx.span(e))
}

/// A byte range of a scalar's value as a span of the file (the whole
/// scalar when the value cannot be mapped).
pub fn value_span(cx: &PrometheusContext<'_>, node: NodeId, range: Range<usize>) -> Span {
    match cx.scalar_text(node) {
        Some(st) if range.end <= st.value.len() => st.span(Span::new(range.start, range.end)),
        _ => cx.span(node),
    }
}

/// Where to report something about a part of the expression: the first
/// occurrence of the first of `needles` found in it, else the whole `expr`.
pub fn locate_in_expr(cx: &PrometheusContext<'_>, rule: &PromRule, needles: &[&str]) -> Span {
    let Some(node) = rule.expr else {
        return cx.span(rule.name_node());
    };
    if let Some(st) = cx.scalar_text(node) {
        for needle in needles.iter().filter(|n| !n.is_empty()) {
            if let Some(i) = st.value.find(needle) {
                return st.span(Span::new(i, i + needle.len()));
            }
        }
    }
    cx.span(node)
}

/// A valid metric or label name in Prometheus' classic character set.
pub fn is_legacy_name(name: &str, colons: bool) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || (colons && c == ':'))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (colons && c == ':'))
}

/// The file span of `needle` when it occurs exactly once in the scalar's
/// value and the file holds it verbatim there (no escapes, one line): a
/// span an edit can replace.
pub fn exact_span(cx: &PrometheusContext<'_>, node: NodeId, needle: &str) -> Option<Span> {
    let st = cx.scalar_text(node)?;
    let mut hits = st.value.match_indices(needle);
    let (Some((i, _)), None) = (hits.next(), hits.next()) else {
        return None;
    };
    let span = st.span(Span::new(i, i + needle.len()));
    (span.slice(cx.text()) == needle).then_some(span)
}
