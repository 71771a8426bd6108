//! Grafana dashboards as code: standalone JSON files
//! ([`FileKind::GrafanaDashboard`](crate::kind::FileKind)) and JSON values
//! inside Kubernetes objects (ConfigMaps labelled `grafana_dashboard`,
//! `*.json` ConfigMap keys that hold a dashboard, grafana-operator's
//! `GrafanaDashboard` `spec.json`).
//!
//! The JSON is parsed with `serde_json` (strict, recursion-limited) into a
//! [`Value`]; positions are found on demand by [`locate`], a small
//! iterative scanner over the JSON text that follows a path of keys and
//! indices and returns the key's and the value's byte spans. Nothing is
//! indexed up front: rules ask for a span only when they report. JSON held
//! in a YAML scalar is mapped back to the file through the scalar's
//! [`ScalarText`](crate::github::exprs::ScalarText) map (literal, folded and
//! quoted scalars alike).

use crate::github::exprs::ScalarText;
use crate::k8s::Object;
use plimsoll_diagnostics::Span;
use plimsoll_syntax::SourceMap;
use plimsoll_syntax::yaml::{NodeId, YamlFile};
use serde_json::Value;
use std::fmt::Write as _;

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl Seg {
    pub fn key(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}

/// `panels[2].targets[0]`, for messages.
pub fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// A JSON syntax error: where (an offset into the JSON text) and what.
#[derive(Debug, Clone)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// A parsed dashboard document with the way back to the file.
#[derive(Debug)]
pub struct Dashboard {
    /// The JSON text when it is not the file's own text (a YAML scalar's
    /// value); `None` for a JSON file.
    text: Option<String>,
    /// JSON offsets to file offsets for embedded text; `None`: the file's
    /// text shifted by `base` (a byte-order mark).
    map: Option<SourceMap>,
    base: usize,
    /// The document; `None` when the JSON is invalid.
    pub value: Option<Value>,
    pub error: Option<JsonError>,
    /// The dashboard is wrapped as `{"dashboard": {...}}` (the HTTP API's
    /// and some exporters' shape).
    pub wrapped: bool,
}

impl Dashboard {
    /// A standalone JSON file.
    pub fn from_file(text: &str) -> Dashboard {
        let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut d = Dashboard::parse(text.get(base..).unwrap_or(""));
        d.base = base;
        d
    }

    /// The JSON of a YAML scalar; `None` when the node is not a scalar.
    pub fn from_scalar(yaml: &YamlFile, text: &str, node: NodeId) -> Option<Dashboard> {
        let st = ScalarText::new(yaml, text, node)?;
        let mut d = Dashboard::parse(&st.value);
        d.text = Some(st.value);
        d.map = Some(st.map);
        Some(d)
    }

    fn parse(json: &str) -> Dashboard {
        let (value, error) = match serde_json::from_str::<Value>(json) {
            Ok(v) => (Some(v), None),
            Err(e) => (
                None,
                Some(JsonError {
                    offset: offset_of(json, e.line(), e.column()),
                    message: e.to_string(),
                }),
            ),
        };
        let wrapped = value.as_ref().is_some_and(|v| {
            v.get("dashboard").is_some_and(Value::is_object)
                && v.get("panels").is_none()
                && v.get("rows").is_none()
        });
        Dashboard {
            text: None,
            map: None,
            base: 0,
            value,
            error,
            wrapped,
        }
    }

    /// The JSON text, given the file's text.
    pub fn json_text<'t>(&'t self, file_text: &'t str) -> &'t str {
        match &self.text {
            Some(t) => t,
            None => file_text.get(self.base..).unwrap_or(""),
        }
    }

    /// A span of the JSON text as a span of the file.
    pub fn to_file(&self, span: Span) -> Span {
        match &self.map {
            Some(map) => map.span_to_source(span),
            None => Span::new(span.start + self.base, span.end + self.base),
        }
    }

    /// The dashboard object (inside the wrapper when wrapped).
    pub fn object(&self) -> Option<&serde_json::Map<String, Value>> {
        let v = self.value.as_ref()?;
        if self.wrapped {
            v.get("dashboard")?.as_object()
        } else {
            v.as_object()
        }
    }

    /// Whether the parsed document is a dashboard: an object with `panels`
    /// or `rows`, and `title` or `schemaVersion`.
    pub fn is_dashboard(&self) -> bool {
        self.object().is_some_and(is_dashboard_object)
    }

    /// The full path of `path` (relative to the dashboard object).
    pub fn full_path(&self, path: &[Seg]) -> Vec<Seg> {
        let mut full = Vec::with_capacity(path.len() + 1);
        if self.wrapped {
            full.push(Seg::key("dashboard"));
        }
        full.extend_from_slice(path);
        full
    }
}

/// Whether a JSON object is a dashboard (see [`Dashboard::is_dashboard`]).
pub fn is_dashboard_object(o: &serde_json::Map<String, Value>) -> bool {
    (o.contains_key("panels") || o.contains_key("rows"))
        && (o.contains_key("title") || o.contains_key("schemaVersion"))
}

/// The byte offset of serde_json's 1-based line and column (a byte count
/// within the line; 0 before the first byte) in `text`, on a character
/// boundary.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    if column == 0 {
        // Reported after a line break: the token before it is at fault.
        at = start.saturating_sub(1);
    }
    // Whitespace or the end: step back to the last byte of the token before.
    let trimmed = text[..at.min(text.len())].trim_end().len();
    if at >= text.len() || text[at..].starts_with(char::is_whitespace) {
        at = trimmed.saturating_sub(1);
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where a path is in a JSON text: the key (for object members) and the
/// value, as byte spans of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub key: Option<Span>,
    pub value: Span,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `i` at a `"`: the offset after the closing quote.
fn skip_string(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// The offset after the value starting at `i` (no recursion: nesting is
/// counted).
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

fn key_eq(raw: &str, key: &str) -> bool {
    if raw.contains('\\') {
        serde_json::from_str::<String>(raw).is_ok_and(|k| k == key)
    } else {
        raw.len() >= 2 && &raw[1..raw.len() - 1] == key
    }
}

/// Finds `path` in a JSON text. For duplicate keys the last one wins, as
/// in the parsed value. `None` when the path is not there.
pub fn locate(text: &str, path: &[Seg]) -> Option<Located> {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    let mut key = None;
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if b.get(pos) != Some(&b'{') {
                    return None;
                }
                let mut i = pos + 1;
                let mut found = None;
                loop {
                    i = skip_ws(b, i);
                    if b.get(i) != Some(&b'"') {
                        break;
                    }
                    let ks = i;
                    let ke = skip_string(b, i);
                    let raw = text.get(ks..ke)?;
                    i = skip_ws(b, ke);
                    if b.get(i) != Some(&b':') {
                        break;
                    }
                    i = skip_ws(b, i + 1);
                    let vs = i;
                    if key_eq(raw, k) {
                        found = Some((Span::new(ks, ke), vs));
                    }
                    i = skip_ws(b, skip_value(b, vs));
                    if b.get(i) == Some(&b',') {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let (ks, vs) = found?;
                key = Some(ks);
                pos = vs;
            }
            Seg::Index(n) => {
                if b.get(pos) != Some(&b'[') {
                    return None;
                }
                let mut i = skip_ws(b, pos + 1);
                let mut idx = 0;
                loop {
                    if matches!(b.get(i), None | Some(b']')) {
                        return None;
                    }
                    if idx == *n {
                        break;
                    }
                    i = skip_ws(b, skip_value(b, i));
                    if b.get(i) == Some(&b',') {
                        i = skip_ws(b, i + 1);
                    } else {
                        return None;
                    }
                    idx += 1;
                }
                key = None;
                pos = i;
            }
        }
    }
    if pos >= b.len() {
        return None;
    }
    Some(Located {
        key,
        value: Span::new(pos, skip_value(b, pos)),
    })
}

/// Where to report a located path: the `"key": value` member when it fits
/// on one line, else the key; an array item whole when it is one line,
/// else its first line.
pub fn report_span(text: &str, at: Located) -> Span {
    let first_line = |s: Span| {
        let slice = text.get(s.start..s.end).unwrap_or("");
        match slice.find('\n') {
            Some(i) => Span::new(s.start, s.start + slice[..i].trim_end().len()),
            None => s,
        }
    };
    match at.key {
        Some(k) => {
            let whole = Span::new(k.start, at.value.end);
            if text
                .get(whole.start..whole.end)
                .is_some_and(|t| !t.contains('\n'))
            {
                whole
            } else {
                k
            }
        }
        None => first_line(at.value),
    }
}

/// A dashboard held in a Kubernetes object of a YAML file.
#[derive(Debug)]
pub struct Embedded {
    /// Index of the object among the file's objects.
    pub object: usize,
    /// The key node naming the dashboard (a `data` key, or `json`).
    pub key: NodeId,
    /// The scalar holding the JSON.
    pub node: NodeId,
    /// The data key (`node-exporter.json`), or `spec.json`.
    pub name: String,
    /// The object is a ConfigMap labelled `grafana_dashboard` (or a
    /// grafana-operator `GrafanaDashboard`): Grafana's sidecar loads it.
    pub labelled: bool,
    pub dashboard: Dashboard,
}

/// The label Grafana's dashboard sidecar (kube-prometheus-stack, the
/// Grafana Helm chart) watches by default.
pub const SIDECAR_LABEL: &str = "grafana_dashboard";

/// Dashboards inside the objects of a YAML file: every data value of a
/// ConfigMap labelled `grafana_dashboard` that is named `*.json` or starts
/// with `{`; a `*.json` value of any other ConfigMap whose text reads as a
/// dashboard; a `GrafanaDashboard` (grafana.integreatly.org) `spec.json`.
pub fn embedded_in(yaml: &YamlFile, text: &str, objects: &[Object]) -> Vec<Embedded> {
    let mut out = Vec::new();
    for o in objects {
        let candidates: Vec<(NodeId, NodeId, String, bool)> =
            if o.kind == "ConfigMap" && o.api_version == "v1" {
                let labelled = o.labels.contains_key(SIDECAR_LABEL);
                let Some(data) = yaml.get(o.node, "data") else {
                    continue;
                };
                yaml.entries(data)
                    .into_iter()
                    .filter_map(|(k, v)| {
                        let name = yaml.str(k)?;
                        let value = yaml.str(v)?;
                        let json_name = crate::kind::is_json_name(std::path::Path::new(name));
                        let take = if labelled {
                            json_name || value.trim_start().starts_with('{')
                        } else {
                            json_name && crate::kind::looks_like_dashboard(head(value))
                        };
                        take.then(|| (k, v, name.to_string(), labelled))
                    })
                    .collect()
            } else if o.kind == "GrafanaDashboard" && o.group() == "grafana.integreatly.org" {
                let Some(spec) = o.spec(yaml) else {
                    continue;
                };
                match (yaml.key_node(spec, "json"), yaml.get(spec, "json")) {
                    (Some(k), Some(v)) if yaml.str(v).is_some() => {
                        vec![(k, v, "spec.json".to_string(), true)]
                    }
                    _ => continue,
                }
            } else {
                continue;
            };
        for (key, node, name, labelled) in candidates {
            if let Some(dashboard) = Dashboard::from_scalar(yaml, text, node) {
                out.push(Embedded {
                    object: o.index,
                    key,
                    node,
                    name,
                    labelled,
                    dashboard,
                });
            }
        }
    }
    out
}

fn head(s: &str) -> &str {
    let mut end = s.len().min(crate::kind::DASHBOARD_SNIFF_BYTES);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Seg {
        Seg::key(s)
    }

    #[test]
    fn locates_keys_and_indices() {
        let text = "{\n  \"a\": 1,\n  \"panels\": [\n    {\"id\": 1, \"t\": \"x,]}\"},\n    {\"id\": 2,\n     \"q\\\"\": [1, {\"z\": null}]}\n  ],\n  \"a\": 3\n}";
        let at = locate(text, &[k("panels"), Seg::Index(1), k("id")]).unwrap();
        assert_eq!(&text[at.value.start..at.value.end], "2");
        let at = locate(
            text,
            &[k("panels"), Seg::Index(1), k("q\""), Seg::Index(1), k("z")],
        )
        .unwrap();
        assert_eq!(&text[at.value.start..at.value.end], "null");
        // The last duplicate wins.
        let at = locate(text, &[k("a")]).unwrap();
        assert_eq!(&text[at.value.start..at.value.end], "3");
        assert_eq!(
            report_span(text, at),
            Span::new(at.key.unwrap().start, at.value.end)
        );
        let at = locate(text, &[k("panels"), Seg::Index(0)]).unwrap();
        assert_eq!(
            &text[at.value.start..at.value.end],
            "{\"id\": 1, \"t\": \"x,]}\"}"
        );
        assert!(locate(text, &[k("panels"), Seg::Index(2)]).is_none());
        assert!(locate(text, &[k("b")]).is_none());
        assert!(locate("{\"a\": [1,", &[k("a"), Seg::Index(3)]).is_none());
        assert!(locate("", &[]).is_none());
    }

    #[test]
    fn errors_point_at_the_offending_byte() {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}\n";
        let e = Dashboard::from_file(text).error.unwrap();
        assert_eq!(&text[e.offset - 2..=e.offset], "tru", "{}", e.message);
        let e = Dashboard::from_file("{\"a\": [1,\n").error.unwrap();
        assert_eq!(e.offset, 8, "{}", e.message);
        let e = Dashboard::from_file("{\"a\": é}").error.unwrap();
        assert_eq!(e.offset, 6, "{}", e.message);
        let d = Dashboard::from_file("\u{feff}{\"panels\": [], \"title\": \"x\"}");
        assert!(d.is_dashboard());
        assert_eq!(d.to_file(Span::new(1, 2)), Span::new(4, 5));
        let d = Dashboard::from_file("{\"dashboard\": {\"rows\": [], \"title\": \"x\"}}");
        assert!(d.wrapped && d.is_dashboard());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let d = Dashboard::from_file(&deep);
        assert!(d.error.is_some());
        let _ = locate(&deep, &[Seg::Index(0), Seg::Index(0), Seg::key("a")]);
    }

    #[test]
    fn maps_json_in_block_scalars() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  labels:\n    grafana_dashboard: \"1\"\ndata:\n  a.json: |\n    {\n      \"title\": \"A\",\n      \"panels\": [}\n    }\n";
        let yaml = YamlFile::parse(text);
        let objects = crate::k8s::objects_in(&yaml, false);
        let e = embedded_in(&yaml, text, &objects);
        assert_eq!(e.len(), 1);
        let err = e[0].dashboard.error.as_ref().unwrap();
        let at = e[0]
            .dashboard
            .to_file(Span::new(err.offset, err.offset + 1));
        assert_eq!(&text[at.start..at.end], "}");
        assert_eq!(text[..at.start].lines().count(), 11);
    }

    #[test]
    fn maps_json_in_quoted_scalars_and_grafana_operator_objects() {
        let text = "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nmetadata:\n  name: d\nspec:\n  json: \"{\\\"title\\\": \\\"A\\\", \\\"panels\\\": [1 2]}\"\n";
        let yaml = YamlFile::parse(text);
        let objects = crate::k8s::objects_in(&yaml, false);
        let e = embedded_in(&yaml, text, &objects);
        assert_eq!(e.len(), 1, "{text}");
        assert_eq!(e[0].name, "spec.json");
        let d = &e[0].dashboard;
        let err = d.error.as_ref().unwrap();
        let at = d.to_file(Span::new(err.offset, err.offset + 1));
        assert_eq!(&text[at.start..at.end], "2", "{}", err.message);
        let json = d.json_text(text);
        let title = locate(json, &[k("title")]).unwrap();
        let span = d.to_file(title.value);
        // The escape's backslash stays outside: the span starts at the quote.
        assert_eq!(&text[span.start..span.end], "\"A\\\"");
    }
}
