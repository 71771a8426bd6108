//! Comment-preserving edits by route: replace a value, insert a key (with
//! the missing parents), delete a key, append to a sequence. Each function
//! returns byte-range [`Edit`]s against the original text, so comments,
//! quoting and indentation elsewhere are untouched by construction; new text
//! follows the indentation of its siblings.

use super::{NodeId, NodeKind, Route, Segment, YamlFile};
use plimsoll_diagnostics::{Edit, Span};

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar written exactly as given (`false`, `"8080"`, `RuntimeDefault`).
    Raw(String),
    Map(Vec<(String, Value)>),
    Seq(Vec<Value>),
}

impl Value {
    pub fn raw(text: impl Into<String>) -> Value {
        Value::Raw(text.into())
    }

    /// A string, quoted when a plain scalar would read differently.
    pub fn string(text: &str) -> Value {
        let plain_ok = !text.is_empty()
            && !text.starts_with([
                ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'',
                '"', '%', '@', '`',
            ])
            && !text.contains(": ")
            && !text.contains(" #")
            && !text.ends_with([' ', ':'])
            && !text.contains('\n')
            && super::yaml11_hazard(text).is_none()
            && !matches!(
                text,
                "true"
                    | "false"
                    | "null"
                    | "~"
                    | "True"
                    | "False"
                    | "TRUE"
                    | "FALSE"
                    | "Null"
                    | "NULL"
            )
            && text.parse::<f64>().is_err();
        if plain_ok {
            Value::Raw(text.to_string())
        } else {
            Value::Raw(format!(
                "\"{}\"",
                text.replace('\\', "\\\\").replace('"', "\\\"")
            ))
        }
    }

    /// Nested mappings for the keys `path`, ending in `leaf`.
    pub fn nested(path: &[&str], leaf: Value) -> Value {
        path.iter()
            .rev()
            .fold(leaf, |acc, key| Value::Map(vec![((*key).to_string(), acc)]))
    }

    /// `key: value` lines at `indent`, the first line without indentation.
    fn entry(key: &str, value: &Value, indent: usize) -> String {
        match value {
            Value::Raw(raw) => format!("{key}: {raw}"),
            Value::Map(entries) if entries.is_empty() => format!("{key}: {{}}"),
            Value::Seq(items) if items.is_empty() => format!("{key}: []"),
            Value::Map(_) | Value::Seq(_) => {
                format!(
                    "{key}:\n{}{}",
                    " ".repeat(indent + 2),
                    value.block(indent + 2)
                )
            }
        }
    }

    /// The value in block style at `indent`, the first line without indentation.
    fn block(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        match self {
            Value::Raw(raw) => raw.clone(),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| Value::entry(k, v, indent))
                .collect::<Vec<_>>()
                .join(&format!("\n{pad}")),
            Value::Seq(items) => items
                .iter()
                .map(|v| format!("- {}", v.block(indent + 2)))
                .collect::<Vec<_>>()
                .join(&format!("\n{pad}")),
        }
    }

    /// The value in flow style.
    fn flow(&self) -> String {
        match self {
            Value::Raw(raw) => raw.clone(),
            Value::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.flow()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Seq(items) => format!(
                "[{}]",
                items.iter().map(Value::flow).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

fn line_end(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| offset + i)
}

fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Replaces a node's text.
pub fn replace(file: &YamlFile, node: NodeId, value: &Value) -> Edit {
    let n = file.node(node);
    let text = match (value, &n.kind) {
        (Value::Raw(raw), _) => raw.clone(),
        _ => value.flow(),
    };
    Edit::replace(n.span, text)
}

/// Inserts `key: value` at the end of a mapping.
pub fn insert_entry(
    file: &YamlFile,
    text: &str,
    map: NodeId,
    key: &str,
    value: &Value,
) -> Option<Edit> {
    // Edits go into the mapping as written, never through an alias.
    let node = file.node(map);
    let NodeKind::Mapping { entries, flow } = &node.kind else {
        return None;
    };
    if *flow {
        let close = node.span.end.checked_sub(1)?;
        let entry = format!("{key}: {}", value.flow());
        return Some(match entries.last() {
            None => Edit::insert(close, entry),
            Some((_, v)) => Edit::insert(file.node(*v).span.end, format!(", {entry}")),
        });
    }
    let (first_key, _) = entries.first()?;
    let indent = column(text, file.node(*first_key).span.start);
    let (_, last_value) = entries.last()?;
    let at = line_end(text, file.node(*last_value).span.end);
    Some(Edit::insert(
        at,
        format!(
            "\n{}{}",
            " ".repeat(indent),
            Value::entry(key, value, indent)
        ),
    ))
}

/// Sets the value at `route`: replaces it when it exists, otherwise inserts
/// it, creating missing parent mappings. `None` when the route crosses a
/// sequence index that does not exist or a node that is not a mapping.
pub fn set(file: &YamlFile, text: &str, route: &Route, value: Value) -> Option<Edit> {
    match file.find(route) {
        Ok(node) => Some(replace(file, node, &value)),
        Err(err) => {
            let parent = err.parent?;
            let keys: Vec<&str> = route.path[err.missing..]
                .iter()
                .map(|s| match s {
                    Segment::Key(k) => Some(k.as_str()),
                    Segment::Index(_) => None,
                })
                .collect::<Option<_>>()?;
            insert_nested(file, text, parent, &keys, value)
        }
    }
}

/// Sets the value at `keys` below the mapping `map`, like [`set`] but
/// relative to a node a rule already holds (a container, a pod spec).
pub fn set_at(
    file: &YamlFile,
    text: &str,
    map: NodeId,
    keys: &[&str],
    value: Value,
) -> Option<Edit> {
    let mut node = map;
    for (i, key) in keys.iter().enumerate() {
        match file.get(node, key) {
            Some(next) => node = next,
            None => return insert_nested(file, text, node, &keys[i..], value),
        }
    }
    Some(replace(file, node, &value))
}

/// Inserts `keys[0]: {keys[1]: ... value}` into `parent`. A mapping reached
/// through an alias is shared, so only a single key is added to it.
fn insert_nested(
    file: &YamlFile,
    text: &str,
    parent: NodeId,
    keys: &[&str],
    value: Value,
) -> Option<Edit> {
    let (first, rest) = keys.split_first()?;
    let map = file.resolve(parent);
    if map != parent && !rest.is_empty() {
        return None;
    }
    insert_entry(file, text, parent, first, &Value::nested(rest, value))
}

/// Deletes `key` and its value from a mapping.
pub fn delete_entry(file: &YamlFile, text: &str, map: NodeId, key: &str) -> Option<Edit> {
    let node = file.node(map);
    let NodeKind::Mapping { entries, flow } = &node.kind else {
        return None;
    };
    let index = entries
        .iter()
        .position(|(k, _)| file.str(*k) == Some(key))?;
    let (k, v) = entries[index];
    let key_span = file.node(k).span;
    let value_end = file.node(v).span.end.max(key_span.end);
    if *flow {
        // Take the separating comma on one side.
        let span = match entries.get(index + 1) {
            Some((next, _)) => Span::new(key_span.start, file.node(*next).span.start),
            None if index > 0 => Span::new(file.node(entries[index - 1].1).span.end, value_end),
            None => Span::new(key_span.start, value_end),
        };
        return Some(Edit::delete(span));
    }
    let start = line_start(text, key_span.start);
    let only_indent = text[start..key_span.start].chars().all(|c| c == ' ');
    if only_indent {
        // Whole lines, with the line break.
        let end = (line_end(text, value_end) + 1).min(text.len());
        Some(Edit::delete(Span::new(start, end)))
    } else if let Some((next, _)) = entries.get(index + 1) {
        // The first key of a `- key: value` item: the next key moves up.
        Some(Edit::delete(Span::new(
            key_span.start,
            file.node(*next).span.start,
        )))
    } else {
        None
    }
}

/// Appends an item to a sequence.
pub fn append_item(file: &YamlFile, text: &str, seq: NodeId, value: &Value) -> Option<Edit> {
    let node = file.node(seq);
    let NodeKind::Sequence { items, flow } = &node.kind else {
        return None;
    };
    if *flow {
        let close = node.span.end.checked_sub(1)?;
        return Some(match items.last() {
            None => Edit::insert(close, value.flow()),
            Some(last) => Edit::insert(file.node(*last).span.end, format!(", {}", value.flow())),
        });
    }
    let first = items.first()?;
    // The dash sits before the first item.
    let dash = text[..file.node(*first).span.start].rfind('-')?;
    let indent = column(text, dash);
    let at = line_end(text, file.node(*items.last()?).span.end);
    Some(Edit::insert(
        at,
        format!("\n{}- {}", " ".repeat(indent), value.block(indent + 2)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_diagnostics::Fix;

    fn apply(text: &str, edit: Edit) -> String {
        Fix::safe("t", vec![edit]).apply(text).unwrap()
    }

    fn root_route(path: &str) -> Route {
        Route::parse(path).unwrap()
    }

    const POD: &str = "apiVersion: v1\nkind: Pod # the kind\nspec:\n  containers:\n    - name: app   # main\n      image: \"nginx:1.27\"\n      ports: [80]\n    - name: side\n      image: busybox\n# trailing comment\n";

    #[test]
    fn replace_keeps_everything_else() {
        let f = YamlFile::parse(POD);
        let e = set(
            &f,
            POD,
            &root_route("spec.containers[1].image"),
            Value::string("busybox:1.36"),
        )
        .unwrap();
        let out = apply(POD, e);
        assert_eq!(out, POD.replace("image: busybox", "image: busybox:1.36"));
    }

    #[test]
    fn insert_creates_missing_parents_with_sibling_indentation() {
        let f = YamlFile::parse(POD);
        let e = set(
            &f,
            POD,
            &root_route("spec.containers[0].securityContext.allowPrivilegeEscalation"),
            Value::raw("false"),
        )
        .unwrap();
        let out = apply(POD, e);
        assert!(out.contains("      ports: [80]\n      securityContext:\n        allowPrivilegeEscalation: false\n    - name: side"), "{out}");
        assert!(
            out.contains("# main")
                && out.contains("# trailing comment")
                && out.contains("# the kind")
        );
        let g = YamlFile::parse(&out);
        let v = g
            .find(&root_route(
                "spec.containers[0].securityContext.allowPrivilegeEscalation",
            ))
            .unwrap();
        assert_eq!(g.bool(v), Some(false));
    }

    #[test]
    fn insert_into_flow_mapping_and_append_to_sequences() {
        let text = "a: {x: 1}\nb: []\nc:\n  - one\n  - two # c\n";
        let f = YamlFile::parse(text);
        let a = f.find(&root_route("a")).unwrap();
        let out = apply(
            text,
            insert_entry(&f, text, a, "y", &Value::raw("2")).unwrap(),
        );
        assert_eq!(out, text.replace("{x: 1}", "{x: 1, y: 2}"));
        let b = f.find(&root_route("b")).unwrap();
        assert_eq!(
            apply(text, append_item(&f, text, b, &Value::raw("z")).unwrap()),
            text.replace("[]", "[z]")
        );
        let c = f.find(&root_route("c")).unwrap();
        assert_eq!(
            apply(
                text,
                append_item(&f, text, c, &Value::raw("three")).unwrap()
            ),
            "a: {x: 1}\nb: []\nc:\n  - one\n  - two # c\n  - three\n"
        );
    }

    #[test]
    fn delete_removes_whole_lines_or_shifts_an_item_key() {
        let f = YamlFile::parse(POD);
        let c0 = f.find(&root_route("spec.containers[0]")).unwrap();
        let out = apply(POD, delete_entry(&f, POD, c0, "ports").unwrap());
        assert_eq!(out, POD.replace("      ports: [80]\n", ""));
        let out = apply(POD, delete_entry(&f, POD, c0, "name").unwrap());
        assert!(
            out.contains("    - image: \"nginx:1.27\"\n      ports"),
            "{out}"
        );
        let text = "m: {a: 1, b: 2, c: 3}\n";
        let g = YamlFile::parse(text);
        let m = g.find(&root_route("m")).unwrap();
        assert_eq!(
            apply(text, delete_entry(&g, text, m, "b").unwrap()),
            "m: {a: 1, c: 3}\n"
        );
        assert_eq!(
            apply(text, delete_entry(&g, text, m, "c").unwrap()),
            "m: {a: 1, b: 2}\n"
        );
    }

    #[test]
    fn set_at_is_relative_to_a_node() {
        let f = YamlFile::parse(POD);
        let c1 = f.find(&root_route("spec.containers[1]")).unwrap();
        let out = apply(
            POD,
            set_at(
                &f,
                POD,
                c1,
                &["resources", "limits", "memory"],
                Value::raw("128Mi"),
            )
            .unwrap(),
        );
        assert!(out.contains("      image: busybox\n      resources:\n        limits:\n          memory: 128Mi\n# trailing"), "{out}");
        let out = apply(
            POD,
            set_at(&f, POD, c1, &["image"], Value::raw("busybox:1")).unwrap(),
        );
        assert!(out.contains("image: busybox:1\n"));
    }

    #[test]
    fn strings_are_quoted_when_plain_would_change_meaning() {
        assert_eq!(Value::string("nginx:1.27"), Value::raw("nginx:1.27"));
        assert_eq!(Value::string("yes"), Value::raw("\"yes\""));
        assert_eq!(Value::string("8080"), Value::raw("\"8080\""));
        assert_eq!(Value::string("a: b"), Value::raw("\"a: b\""));
        assert_eq!(Value::string(""), Value::raw("\"\""));
    }
}
