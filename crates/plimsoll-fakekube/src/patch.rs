//! Patches (merge, strategic/apply, JSON patch) and label/field selectors.

use serde_json::{Map, Value};

/// RFC 7386 JSON merge patch.
pub(crate) fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Value::Object(t) = target else { return };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// The merge key of a list field, as the strategic merge patch and
/// server-side apply schemas of the built-in types declare it.
fn list_key(field: &str, item: &Value) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "ports" => {
            if item.get("containerPort").is_some() {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

fn keyed<'a>(field: &str, list: &'a [Value]) -> Option<Vec<(&'static str, &'a Value)>> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let key = list_key(field, item)?;
        out.push((key, item.get(key)?));
    }
    Some(out)
}

fn find_keyed<'a>(
    field: &str,
    list: &'a mut [Value],
    key: &str,
    val: &Value,
) -> Option<&'a mut Value> {
    list.iter_mut()
        .find(|i| list_key(field, i) == Some(key) && i.get(key) == Some(val))
}

/// Strategic merge: maps merge recursively, lists of objects with a known
/// merge key merge item by item, every other list replaces; `null` deletes.
pub(crate) fn strategic_merge(target: &mut Value, patch: &Value) {
    strategic_field(target, patch, "");
}

fn strategic_field(target: &mut Value, patch: &Value, field: &str) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let Value::Object(t) = target else { return };
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    strategic_field(t.entry(k.clone()).or_insert(Value::Null), v, k);
                }
            }
        }
        Value::Array(items) => {
            let (Some(_), Value::Array(cur)) = (keyed(field, items), &mut *target) else {
                *target = patch.clone();
                return;
            };
            if keyed(field, cur).is_none() {
                *target = patch.clone();
                return;
            }
            for item in items {
                let Some(key) = list_key(field, item) else {
                    continue;
                };
                let Some(val) = item.get(key) else { continue };
                if let Some(existing) = find_keyed(field, cur, key, val) {
                    strategic_field(existing, item, "");
                } else {
                    let mut fresh = Value::Null;
                    strategic_field(&mut fresh, item, "");
                    cur.push(fresh);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// Removes from `target` what a field manager applied before (`prev`) and no
/// longer applies (`new`): the part of server-side apply that makes omitted
/// fields disappear.
pub(crate) fn remove_unapplied(target: &mut Value, prev: &Value, new: &Value, field: &str) {
    match (prev, &mut *target) {
        (Value::Object(p), Value::Object(t)) => {
            for (k, pv) in p {
                match new.get(k) {
                    None | Some(Value::Null) => {
                        if field.is_empty() && k == "metadata" {
                            continue;
                        }
                        if !(field == "metadata" && matches!(k.as_str(), "name" | "namespace")) {
                            t.remove(k);
                        }
                    }
                    Some(nv) => {
                        if let Some(tv) = t.get_mut(k) {
                            remove_unapplied(tv, pv, nv, k);
                        }
                    }
                }
            }
        }
        (Value::Array(p), Value::Array(t)) => {
            let Value::Array(n) = new else { return };
            if keyed(field, p).is_none() {
                return;
            }
            for pitem in p {
                let Some(key) = list_key(field, pitem) else {
                    continue;
                };
                let Some(val) = pitem.get(key) else { continue };
                let in_new = n
                    .iter()
                    .find(|i| list_key(field, i) == Some(key) && i.get(key) == Some(val));
                match in_new {
                    None => {
                        t.retain(|i| !(list_key(field, i) == Some(key) && i.get(key) == Some(val)));
                    }
                    Some(nitem) => {
                        if let Some(titem) = find_keyed(field, t, key, val) {
                            remove_unapplied(titem, pitem, nitem, "");
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// RFC 6902 JSON patch (add, remove, replace, test, move, copy).
pub(crate) fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops
        .as_array()
        .ok_or("a JSON patch must be an array of operations")?;
    for op in ops {
        let name = op
            .get("op")
            .and_then(Value::as_str)
            .ok_or("operation without \"op\"")?;
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("operation without \"path\"")?;
        match name {
            "add" => add(target, path, value_of(op)?)?,
            "remove" => {
                remove(target, path)?;
            }
            "replace" => {
                let slot = target
                    .pointer_mut(path)
                    .ok_or_else(|| format!("replace: path {path} does not exist"))?;
                *slot = value_of(op)?;
            }
            "test" => {
                let have = target.pointer(path);
                if have != Some(&value_of(op)?) {
                    return Err(format!("test failed at {path}"));
                }
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("operation without \"from\"")?;
                let v = if name == "move" {
                    remove(target, from)?
                } else {
                    target
                        .pointer(from)
                        .cloned()
                        .ok_or_else(|| format!("copy: path {from} does not exist"))?
                };
                add(target, path, v)?;
            }
            other => return Err(format!("unknown JSON patch operation {other:?}")),
        }
    }
    Ok(())
}

fn value_of(op: &Value) -> Result<Value, String> {
    op.get("value")
        .cloned()
        .ok_or_else(|| "operation without \"value\"".to_string())
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn split_parent(path: &str) -> Result<(&str, String), String> {
    let idx = path
        .rfind('/')
        .ok_or_else(|| format!("invalid JSON pointer {path:?}"))?;
    Ok((&path[..idx], unescape(&path[idx + 1..])))
}

fn add(target: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *target = v;
        return Ok(());
    }
    let (parent, last) = split_parent(path)?;
    let p = target
        .pointer_mut(parent)
        .ok_or_else(|| format!("add: parent of {path} does not exist"))?;
    match p {
        Value::Object(m) => {
            m.insert(last, v);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(v);
            } else {
                let i: usize = last
                    .parse()
                    .map_err(|_| format!("add: bad index in {path}"))?;
                if i > a.len() {
                    return Err(format!("add: index out of range in {path}"));
                }
                a.insert(i, v);
            }
        }
        _ => return Err(format!("add: parent of {path} is not a container")),
    }
    Ok(())
}

fn remove(target: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_parent(path)?;
    let p = target
        .pointer_mut(parent)
        .ok_or_else(|| format!("remove: path {path} does not exist"))?;
    match p {
        Value::Object(m) => m
            .remove(&last)
            .ok_or_else(|| format!("remove: path {path} does not exist")),
        Value::Array(a) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("remove: bad index in {path}"))?;
            if i >= a.len() {
                return Err(format!("remove: index out of range in {path}"));
            }
            Ok(a.remove(i))
        }
        _ => Err(format!("remove: path {path} does not exist")),
    }
}

/// One requirement of a label selector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Req {
    Eq(String, String),
    Ne(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// Parses a label selector (`a=b,c!=d,e in (f,g),h notin (i),j,!k`).
pub(crate) fn parse_label_selector(s: &str) -> Result<Vec<Req>, String> {
    let mut terms = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                terms.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    terms.push(&s[start..]);
    let mut out = Vec::new();
    for t in terms {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        out.push(parse_term(t).ok_or_else(|| format!("unable to parse requirement: {t:?}"))?);
    }
    Ok(out)
}

fn parse_term(t: &str) -> Option<Req> {
    let set = |rest: &str| -> Option<Vec<String>> {
        let rest = rest.trim();
        let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
        Some(
            inner
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        )
    };
    if let Some((k, v)) = t.split_once("!=") {
        return Some(Req::Ne(k.trim().to_string(), v.trim().to_string()));
    }
    if let Some((k, v)) = t.split_once("==") {
        return Some(Req::Eq(k.trim().to_string(), v.trim().to_string()));
    }
    if let Some((k, v)) = t.split_once('=') {
        return Some(Req::Eq(k.trim().to_string(), v.trim().to_string()));
    }
    if let Some((k, rest)) = t.split_once(" notin ") {
        return Some(Req::NotIn(k.trim().to_string(), set(rest)?));
    }
    if let Some((k, rest)) = t.split_once(" in ") {
        return Some(Req::In(k.trim().to_string(), set(rest)?));
    }
    if let Some(k) = t.strip_prefix('!') {
        return valid_key(k.trim()).then(|| Req::NotExists(k.trim().to_string()));
    }
    valid_key(t).then(|| Req::Exists(t.to_string()))
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

pub(crate) fn labels_match(reqs: &[Req], labels: &Map<String, Value>) -> bool {
    let get = |k: &str| labels.get(k).and_then(Value::as_str);
    reqs.iter().all(|r| match r {
        Req::Eq(k, v) => get(k) == Some(v.as_str()),
        Req::Ne(k, v) => get(k) != Some(v.as_str()),
        Req::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
        Req::NotIn(k, vs) => get(k).is_none_or(|x| vs.iter().all(|v| v != x)),
        Req::Exists(k) => labels.contains_key(k),
        Req::NotExists(k) => !labels.contains_key(k),
    })
}

/// Field selector with `=`, `==`, `!=` on any dotted field path
/// (`metadata.name`, `involvedObject.name`, `status.phase`, ...).
pub(crate) fn parse_field_selector(s: &str) -> Result<Vec<(String, bool, String)>, String> {
    let mut out = Vec::new();
    for t in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let (k, eq, v) = if let Some((k, v)) = t.split_once("!=") {
            (k, false, v)
        } else if let Some((k, v)) = t.split_once("==") {
            (k, true, v)
        } else if let Some((k, v)) = t.split_once('=') {
            (k, true, v)
        } else {
            return Err(format!("invalid selector: {t:?}"));
        };
        let k = k.trim();
        if k.is_empty()
            || k.split('.')
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err(format!("field label not supported: {k}"));
        }
        out.push((k.to_string(), eq, v.trim().to_string()));
    }
    Ok(out)
}

pub(crate) fn fields_match(reqs: &[(String, bool, String)], obj: &Value) -> bool {
    reqs.iter().all(|(k, eq, v)| {
        let mut cur = Some(obj);
        for part in k.split('.') {
            cur = cur.and_then(|c| c.get(part));
        }
        let have = match cur {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        (have == *v) == *eq
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_rfc7386() {
        let mut t = json!({"a": "b", "c": {"d": "e", "f": "g"}});
        merge_patch(&mut t, &json!({"a": "z", "c": {"f": null}}));
        assert_eq!(t, json!({"a": "z", "c": {"d": "e"}}));
        let mut t = json!({"a": [1, 2]});
        merge_patch(&mut t, &json!({"a": [3]}));
        assert_eq!(t, json!({"a": [3]}));
    }

    #[test]
    fn strategic_merges_containers_by_name() {
        let mut t = json!({"containers": [{"name": "a", "image": "x:1", "env": [{"name": "E", "value": "1"}]},
                                           {"name": "b", "image": "y:1"}],
                           "args": ["1", "2"]});
        strategic_merge(
            &mut t,
            &json!({"containers": [{"name": "a", "image": "x:2", "env": [{"name": "F", "value": "2"}]},
                                   {"name": "c", "image": "z"}],
                    "args": ["3"]}),
        );
        assert_eq!(
            t,
            json!({"containers": [{"name": "a", "image": "x:2", "env": [{"name": "E", "value": "1"}, {"name": "F", "value": "2"}]},
                                  {"name": "b", "image": "y:1"}, {"name": "c", "image": "z"}],
                   "args": ["3"]})
        );
    }

    #[test]
    fn apply_removes_what_the_manager_stopped_applying() {
        let prev = json!({"metadata": {"name": "n", "labels": {"a": "1", "b": "2"}},
                          "spec": {"containers": [{"name": "c", "image": "i", "env": [{"name": "X", "value": "1"}]}]}});
        let new = json!({"metadata": {"name": "n", "labels": {"a": "1"}},
                         "spec": {"containers": [{"name": "c", "image": "i"}]}});
        let mut cur = prev.clone();
        cur["metadata"]["uid"] = json!("u");
        remove_unapplied(&mut cur, &prev, &new, "");
        strategic_merge(&mut cur, &new);
        assert_eq!(
            cur,
            json!({"metadata": {"name": "n", "uid": "u", "labels": {"a": "1"}},
                   "spec": {"containers": [{"name": "c", "image": "i"}]}})
        );
    }

    #[test]
    fn json_patch_ops() {
        let mut t = json!({"a": {"b": [1, 2]}});
        json_patch(
            &mut t,
            &json!([{"op": "add", "path": "/a/b/-", "value": 3},
                    {"op": "replace", "path": "/a/b/0", "value": 0},
                    {"op": "remove", "path": "/a/b/1"},
                    {"op": "test", "path": "/a/b", "value": [0, 3]},
                    {"op": "add", "path": "/a/c~1d", "value": true}]),
        )
        .unwrap();
        assert_eq!(t, json!({"a": {"b": [0, 3], "c/d": true}}));
        assert!(json_patch(&mut t, &json!([{"op": "test", "path": "/a/b", "value": 1}])).is_err());
        assert!(json_patch(&mut t, &json!([{"op": "remove", "path": "/nope"}])).is_err());
        assert!(json_patch(&mut t, &json!({"op": "add"})).is_err());
    }

    #[test]
    fn label_selectors() {
        let l = json!({"app": "web", "tier": "front"});
        let l = l.as_object().unwrap();
        let m = |s: &str| labels_match(&parse_label_selector(s).unwrap(), l);
        assert!(m("app=web"));
        assert!(m("app==web,tier"));
        assert!(!m("app!=web"));
        assert!(m("app in (api, web),!track"));
        assert!(!m("app notin (web)"));
        assert!(m("track notin (canary)"));
        assert!(!m("track"));
        assert!(m(""));
        assert!(parse_label_selector("app in web").is_err());
        assert!(parse_field_selector("=1").is_err());
        assert!(parse_field_selector("metadata.name").is_err());
        let phase = parse_field_selector("status.phase=Running,spec.replicas=2").unwrap();
        assert!(fields_match(
            &phase,
            &json!({"status": {"phase": "Running"}, "spec": {"replicas": 2}})
        ));
        let f = parse_field_selector("metadata.name=a,metadata.namespace!=b").unwrap();
        assert!(fields_match(
            &f,
            &json!({"metadata": {"name": "a", "namespace": "c"}})
        ));
    }
}
