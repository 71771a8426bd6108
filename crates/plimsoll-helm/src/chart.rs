//! Charts: loading a directory or `.tgz`, `Chart.yaml`, values coalescing
//! with subchart scoping and globals, dependency conditions/tags and
//! `import-values`, and `values.schema.json` validation.

use crate::serial;
use crate::value::{Map, Value};
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;
use std::rc::Rc;

/// A chart error with a message like Helm's.
#[derive(Debug, Clone)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ChartError> {
    Err(ChartError(msg.into()))
}

/// One entry of `dependencies:`.
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub name: String,
    pub alias: Option<String>,
    pub repository: String,
    pub version: String,
    pub condition: Option<String>,
    pub tags: Vec<String>,
    pub import_values: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// The name templates see (`.Chart.Name`; an alias when aliased).
    pub name: String,
    /// Chart.yaml as read (lower-case keys).
    pub raw_meta: Map,
    pub values: Map,
    pub schema: Option<serde_json::Value>,
    /// `templates/...` paths and their text, sorted.
    pub templates: Vec<(String, String)>,
    /// Every other file (not Chart.yaml, values.yaml, templates/, charts/).
    pub files: Rc<BTreeMap<String, Vec<u8>>>,
    pub dependencies: Vec<Dependency>,
    pub subcharts: Vec<Chart>,
    pub library: bool,
}

/// Bytes of files a chart may hold in total (uncompressed).
const MAX_CHART_BYTES: u64 = 256 << 20;

/// Loads a chart from a directory or a `.tgz` archive.
pub fn load(path: &Path) -> Result<Chart, ChartError> {
    if path.is_dir() {
        let mut files = BTreeMap::new();
        let ignore = std::fs::read_to_string(path.join(".helmignore")).unwrap_or_default();
        let rules = ignore_rules(&ignore);
        let mut total = 0u64;
        read_dir(path, "", &rules, &mut files, &mut total, 0)?;
        let mut chart = from_files(files)?;
        resolve_file_dependencies(&mut chart, path, 0)?;
        Ok(chart)
    } else {
        let data =
            std::fs::read(path).map_err(|e| ChartError(format!("{}: {e}", path.display())))?;
        from_archive(&data)
    }
}

/// Loads `file://` dependencies that are not vendored in `charts/` from
/// their directory (relative to the chart), like `helm dependency build`
/// would copy them. Remote ones are never fetched.
fn resolve_file_dependencies(
    chart: &mut Chart,
    dir: &Path,
    depth: usize,
) -> Result<(), ChartError> {
    if depth > 16 {
        return err("file:// dependencies nested too deeply");
    }
    let missing: Vec<(String, String)> = chart
        .dependencies
        .iter()
        .filter(|d| !chart.subcharts.iter().any(|c| c.name == d.name))
        .filter_map(|d| {
            d.repository
                .strip_prefix("file://")
                .map(|p| (d.name.clone(), p.to_string()))
        })
        .collect();
    for (name, rel) in missing {
        let sub_dir = dir.join(&rel);
        if !sub_dir.join("Chart.yaml").is_file() {
            // Reported by `check_dependencies` in Helm's words.
            let _ = name;
            continue;
        }
        let mut files = BTreeMap::new();
        let mut total = 0u64;
        read_dir(&sub_dir, "", &[], &mut files, &mut total, 0)?;
        let mut sub = from_files(files)?;
        resolve_file_dependencies(&mut sub, &sub_dir, depth + 1)?;
        chart.subcharts.push(sub);
    }
    Ok(())
}

fn ignore_rules(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn ignored(rules: &[String], rel: &str, is_dir: bool) -> bool {
    let base = rel.rsplit('/').next().unwrap_or(rel);
    rules.iter().any(|r| {
        if r.starts_with('!') {
            return false;
        }
        let dir_only = r.ends_with('/');
        let pat = r.trim_end_matches('/');
        if dir_only && !is_dir {
            return false;
        }
        let pat = pat.trim_start_matches('/');
        if pat.contains('/') {
            crate::helm::glob_match(pat, rel)
        } else {
            crate::helm::glob_match(pat, base)
        }
    })
}

fn read_dir(
    root: &Path,
    rel: &str,
    rules: &[String],
    files: &mut BTreeMap<String, Vec<u8>>,
    total: &mut u64,
    depth: usize,
) -> Result<(), ChartError> {
    if depth > 32 {
        return err(format!("{}: directories nested too deeply", root.display()));
    }
    let dir = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    };
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| ChartError(format!("{}: {e}", dir.display())))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let Ok(ft) = entry.file_type() else { continue };
        let is_dir = ft.is_dir() || (ft.is_symlink() && entry.path().is_dir());
        if ignored(rules, &child, is_dir) {
            continue;
        }
        if is_dir {
            read_dir(root, &child, rules, files, total, depth + 1)?;
        } else {
            let data =
                std::fs::read(entry.path()).map_err(|e| ChartError(format!("{child}: {e}")))?;
            *total += data.len() as u64;
            if *total > MAX_CHART_BYTES {
                return err("chart is larger than 256 MiB");
            }
            files.insert(child, data);
        }
    }
    Ok(())
}

/// Loads a chart from a gzip-compressed tar (the chart directory at its root).
pub fn from_archive(data: &[u8]) -> Result<Chart, ChartError> {
    let gz = flate2::read::GzDecoder::new(data);
    let mut archive = tar::Archive::new(gz.take(MAX_CHART_BYTES));
    let mut files = BTreeMap::new();
    let entries = archive
        .entries()
        .map_err(|e| ChartError(format!("reading chart archive: {e}")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| ChartError(format!("reading chart archive: {e}")))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry
            .path()
            .map_err(|e| ChartError(e.to_string()))?
            .to_string_lossy()
            .replace('\\', "/");
        // Drop the top directory (`mychart/`).
        let Some((_, rel)) = path.split_once('/') else {
            continue;
        };
        if rel.split('/').any(|p| p == "..") {
            return err(format!("chart archive has an illegal path: {path}"));
        }
        let mut buf = Vec::new();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| ChartError(format!("reading chart archive: {e}")))?;
        files.insert(rel.to_string(), buf);
    }
    if files.is_empty() {
        return err("chart archive is empty or not a gzip tar");
    }
    from_files(files)
}

fn text(data: &[u8]) -> String {
    // Validating is several times faster than the lossy scan, and chart
    // files are nearly always valid UTF-8.
    match std::str::from_utf8(data) {
        Ok(valid) => valid.to_owned(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    }
}

fn yaml_map(name: &str, data: &[u8]) -> Result<Map, ChartError> {
    match serial::from_yaml(&text(data)) {
        Ok(Value::Map(m)) => Ok(m.borrow().clone()),
        Ok(Value::Nil) => Ok(Map::new()),
        Ok(_) => err(format!("{name}: not a mapping")),
        Err(e) => err(format!("{name}: {e}")),
    }
}

fn str_of(m: &Map, k: &str) -> String {
    m.get(k).map(Value::to_str).unwrap_or_default()
}

fn parse_dependencies(list: Option<&Value>) -> Vec<Dependency> {
    let Some(Value::List(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|d| {
            let m = d.as_map()?.borrow().clone();
            Some(Dependency {
                name: str_of(&m, "name"),
                alias: m.get("alias").map(Value::to_str).filter(|a| !a.is_empty()),
                repository: str_of(&m, "repository"),
                version: str_of(&m, "version"),
                condition: m
                    .get("condition")
                    .map(Value::to_str)
                    .filter(|c| !c.is_empty()),
                tags: m
                    .get("tags")
                    .and_then(Value::list_items)
                    .unwrap_or_default()
                    .iter()
                    .map(Value::to_str)
                    .collect(),
                import_values: m
                    .get("import-values")
                    .and_then(Value::list_items)
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Builds a chart from its files (paths relative to the chart root).
pub fn from_files(mut files: BTreeMap<String, Vec<u8>>) -> Result<Chart, ChartError> {
    let Some(meta_bytes) = files.remove("Chart.yaml") else {
        return err("Chart.yaml file is missing");
    };
    let raw_meta = yaml_map("Chart.yaml", &meta_bytes)?;
    let name = str_of(&raw_meta, "name");
    if name.is_empty() {
        return err("validation: chart.metadata.name is required");
    }
    let values = match files.remove("values.yaml") {
        Some(v) => yaml_map("values.yaml", &v)
            .map_err(|e| ChartError(format!("cannot load values.yaml: {e}")))?,
        None => Map::new(),
    };
    let schema = match files.remove("values.schema.json") {
        Some(s) => Some(
            serde_json::from_slice(&s)
                .map_err(|e| ChartError(format!("values.schema.json: {e}")))?,
        ),
        None => None,
    };
    let mut dependencies = parse_dependencies(raw_meta.get("dependencies"));
    // apiVersion v1 keeps dependencies in requirements.yaml.
    if let Some(req) = files.remove("requirements.yaml") {
        let m = yaml_map("requirements.yaml", &req)?;
        dependencies.extend(parse_dependencies(m.get("dependencies")));
    }
    let mut templates = Vec::new();
    let mut sub_dirs: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    let mut sub_archives = Vec::new();
    let mut rest = BTreeMap::new();
    for (path, data) in files {
        if let Some(t) = path.strip_prefix("templates/") {
            let _ = t;
            templates.push((path, text(&data)));
        } else if let Some(sub) = path.strip_prefix("charts/") {
            match sub.split_once('/') {
                Some((dir, inner)) => {
                    sub_dirs
                        .entry(dir.to_string())
                        .or_default()
                        .insert(inner.to_string(), data);
                }
                None if sub.ends_with(".tgz") || sub.ends_with(".tar.gz") => {
                    sub_archives.push((sub.to_string(), data));
                }
                None => {}
            }
        } else {
            rest.insert(path, data);
        }
    }
    let mut subcharts = Vec::new();
    for (dir, files) in sub_dirs {
        if !files.contains_key("Chart.yaml") {
            continue;
        }
        subcharts
            .push(from_files(files).map_err(|e| ChartError(format!("charts/{dir}: {}", e.0)))?);
    }
    for (file, data) in sub_archives {
        subcharts
            .push(from_archive(&data).map_err(|e| ChartError(format!("charts/{file}: {}", e.0)))?);
    }
    let library = str_of(&raw_meta, "type") == "library";
    Ok(Chart {
        name,
        raw_meta,
        values,
        schema,
        templates,
        files: Rc::new(rest),
        dependencies,
        subcharts,
        library,
    })
}

impl Chart {
    /// `.Chart`: Helm's `chart.Metadata` with Go field names, plus `IsRoot`.
    pub fn metadata_value(&self, is_root: bool) -> Value {
        let m = &self.raw_meta;
        let s = |k: &str| Value::from(str_of(m, k));
        let list = |k: &str| {
            m.get(k)
                .cloned()
                .filter(|v| matches!(v, Value::List(_)))
                .unwrap_or(Value::Nil)
        };
        let mut out = Map::new();
        out.insert("Name".into(), Value::from(self.name.as_str()));
        out.insert("Home".into(), s("home"));
        out.insert("Sources".into(), list("sources"));
        out.insert("Version".into(), s("version"));
        out.insert("Description".into(), s("description"));
        out.insert("Keywords".into(), list("keywords"));
        let maintainers = m
            .get("maintainers")
            .and_then(Value::list_items)
            .map(|items| {
                Value::from(
                    items
                        .iter()
                        .map(|x| {
                            let mut mm = Map::new();
                            mm.insert(
                                "Name".into(),
                                Value::from(x.get("name").map(|v| v.to_str()).unwrap_or_default()),
                            );
                            mm.insert(
                                "Email".into(),
                                Value::from(x.get("email").map(|v| v.to_str()).unwrap_or_default()),
                            );
                            mm.insert(
                                "URL".into(),
                                Value::from(x.get("url").map(|v| v.to_str()).unwrap_or_default()),
                            );
                            Value::from(mm)
                        })
                        .collect::<Vec<_>>(),
                )
            });
        out.insert("Maintainers".into(), maintainers.unwrap_or(Value::Nil));
        out.insert("Icon".into(), s("icon"));
        out.insert("APIVersion".into(), s("apiVersion"));
        out.insert("Condition".into(), s("condition"));
        out.insert("Tags".into(), s("tags"));
        out.insert("AppVersion".into(), s("appVersion"));
        out.insert(
            "Deprecated".into(),
            Value::Bool(m.get("deprecated").is_some_and(Value::truthy)),
        );
        out.insert(
            "Annotations".into(),
            m.get("annotations")
                .cloned()
                .filter(|v| matches!(v, Value::Map(_)))
                .unwrap_or(Value::Nil),
        );
        out.insert("KubeVersion".into(), s("kubeVersion"));
        out.insert(
            "Dependencies".into(),
            m.get("dependencies").cloned().unwrap_or(Value::Nil),
        );
        out.insert("Type".into(), s("type"));
        out.insert("IsRoot".into(), Value::Bool(is_root));
        Value::from(out)
    }

    /// Helm's `CheckDependencies`: every declared dependency must be present.
    pub fn check_dependencies(&self) -> Result<(), ChartError> {
        let missing: Vec<String> = self
            .dependencies
            .iter()
            .filter(|d| !self.subcharts.iter().any(|c| c.name == d.name))
            .map(|d| {
                if d.repository.is_empty() || d.repository.starts_with("file://") {
                    d.name.clone()
                } else {
                    format!("{} ({})", d.name, d.repository)
                }
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            err(format!(
                "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
                missing.join(", ")
            ))
        }
    }
}

// ------------------------------------------------------------ values

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn table(v: &Value) -> Option<Map> {
    v.as_map().map(|m| m.borrow().clone())
}

/// Deep copy of a map into fresh (unshared) maps.
pub fn copy_map(m: &Map) -> Map {
    m.iter().map(|(k, v)| (k.clone(), v.deep_copy())).collect()
}

/// `coalesceTablesFullKey`: fills `dst` from `src`; `dst` wins.
fn coalesce_tables(dst: &mut Map, src: &Map, merge: bool, depth: usize) {
    if depth > 100 {
        return;
    }
    for (k, sv) in src {
        match dst.get(k) {
            Some(Value::Nil) if !merge => {
                dst.remove(k);
            }
            None => {
                dst.insert(k.clone(), sv.deep_copy());
            }
            Some(dv) => {
                if let (Some(mut dm), Some(sm)) = (table(dv), table(sv)) {
                    coalesce_tables(&mut dm, &sm, merge, depth + 1);
                    dst.insert(k.clone(), Value::from(dm));
                }
            }
        }
    }
}

/// `coalesceValues`: the chart's defaults under the user's values.
fn coalesce_values(chart: &Chart, v: &mut Map, merge: bool) {
    for (k, default) in &chart.values {
        match v.get(k) {
            Some(Value::Nil) if !merge => {
                v.remove(k);
            }
            Some(user) => {
                if let (Some(mut dm), Some(sm)) = (table(user), table(default)) {
                    let child_merge = merge || chart.subcharts.iter().any(|c| &c.name == k);
                    coalesce_tables(&mut dm, &sm, child_merge, 0);
                    v.insert(k.clone(), Value::from(dm));
                }
            }
            None => {
                v.insert(k.clone(), default.deep_copy());
            }
        }
    }
}

fn coalesce_globals(dest: &mut Map, src: &Map) {
    let mut dg = match dest.get("global") {
        None => Map::new(),
        Some(v) => match table(v) {
            Some(m) => m,
            None => return,
        },
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(v) => match table(v) {
            Some(m) => m,
            None => return,
        },
    };
    for (k, val) in &sg {
        if let Some(vv) = table(val) {
            let mut vv = copy_map(&vv);
            match dg.get(k) {
                None => {
                    dg.insert(k.clone(), Value::from(vv));
                }
                Some(dv) => {
                    if let Some(dm) = table(dv) {
                        coalesce_tables(&mut vv, &dm, true, 0);
                        dg.insert(k.clone(), Value::from(vv));
                    }
                }
            }
        } else if dg.get(k).is_some_and(is_table) {
            // A table is not replaced by a scalar.
        } else {
            dg.insert(k.clone(), val.clone());
        }
    }
    dest.insert("global".into(), Value::from(dg));
}

/// Helm's `CoalesceValues`: user values over chart defaults, recursively
/// for subcharts, with globals pushed down.
pub fn coalesce(chart: &Chart, v: &mut Map, depth: usize) -> Result<(), ChartError> {
    if depth > 32 {
        return err("subcharts nested too deeply");
    }
    coalesce_values(chart, v, false);
    for sub in &chart.subcharts {
        let mut dv = match v.get(&sub.name) {
            None | Some(Value::Nil) => Map::new(),
            Some(x) => match table(x) {
                Some(m) => m,
                None => return err(format!("type mismatch on {}: {}", sub.name, x.go_string())),
            },
        };
        coalesce_globals(&mut dv, v);
        coalesce(sub, &mut dv, depth + 1)?;
        v.insert(sub.name.clone(), Value::from(dv));
    }
    Ok(())
}

/// Merges value files: later files win, maps merge (Helm's `mergeMaps`).
pub fn merge_maps(a: &mut Map, b: &Map) {
    for (k, v) in b {
        if let (Some(Value::Map(am)), Value::Map(bm)) = (a.get(k), v) {
            let mut am2 = am.borrow().clone();
            merge_maps(&mut am2, &bm.borrow());
            a.insert(k.clone(), Value::from(am2));
            continue;
        }
        a.insert(k.clone(), v.clone());
    }
}

fn lookup_path(v: &Map, path: &str) -> Option<Value> {
    let mut parts = path.split('.');
    let mut cur = v.get(parts.next()?)?.clone();
    for p in parts {
        cur = cur.get(p)?;
    }
    Some(cur)
}

/// Helm's `processDependencyEnabled`: drops subcharts whose `condition` or
/// `tags` turn them off, and applies aliases.
pub fn process_dependencies(chart: &mut Chart, user: &Map) -> Result<(), ChartError> {
    let mut top = copy_map(user);
    coalesce(chart, &mut top, 0)?;
    enable(chart, &top, "", 0);
    Ok(())
}

fn enable(chart: &mut Chart, cvals: &Map, path: &str, depth: usize) {
    if depth > 32 {
        return;
    }
    // Aliases: a dependency with an alias gets a renamed copy of its chart.
    let mut kept: Vec<Chart> = Vec::new();
    let mut used = vec![false; chart.subcharts.len()];
    for dep in &chart.dependencies {
        if let Some(i) = chart.subcharts.iter().position(|c| c.name == dep.name) {
            used[i] = true;
            let mut c = chart.subcharts[i].clone();
            if let Some(a) = &dep.alias {
                c.name.clone_from(a);
            }
            kept.push(c);
        }
    }
    for (i, c) in chart.subcharts.iter().enumerate() {
        if !used[i] {
            kept.push(c.clone());
        }
    }
    let tags = cvals.get("tags").and_then(table).unwrap_or_default();
    let mut disabled: Vec<String> = Vec::new();
    for dep in &chart.dependencies {
        let name = dep.alias.clone().unwrap_or_else(|| dep.name.clone());
        let mut enabled = true;
        // Tags: any true enables; all false disables.
        let mut has_true = false;
        let mut has_false = false;
        for t in &dep.tags {
            match tags.get(t) {
                Some(Value::Bool(true)) => has_true = true,
                Some(Value::Bool(false)) => has_false = true,
                _ => {}
            }
        }
        if has_false && !has_true {
            enabled = false;
        }
        if let Some(cond) = &dep.condition {
            for c in cond.split(',') {
                let c = c.trim();
                if c.is_empty() {
                    continue;
                }
                if let Some(Value::Bool(b)) = lookup_path(cvals, &format!("{path}{c}")) {
                    enabled = b;
                    break;
                }
            }
        }
        if !enabled {
            disabled.push(name);
        }
    }
    kept.retain(|c| !disabled.contains(&c.name));
    for c in &mut kept {
        let sub_path = format!("{path}{}.", c.name);
        enable(c, cvals, &sub_path, depth + 1);
    }
    chart.subcharts = kept;
}

/// Helm's `processImportValues` for the forms charts use: `child: x,
/// parent: y` maps and `"data"` strings (child's `exports.data`).
pub fn import_values(chart: &Chart, values: &mut Map) {
    for dep in &chart.dependencies {
        let name = dep.alias.clone().unwrap_or_else(|| dep.name.clone());
        if !chart.subcharts.iter().any(|c| c.name == name) {
            continue;
        }
        let child_vals = values.get(&name).and_then(table).unwrap_or_default();
        for iv in &dep.import_values {
            let (child, parent) = match iv {
                Value::Map(m) => {
                    let m = m.borrow();
                    (str_of(&m, "child"), str_of(&m, "parent"))
                }
                other => (format!("exports.{}", other.to_str()), String::new()),
            };
            let Some(v) = lookup_path(&child_vals, &child) else {
                continue;
            };
            let Some(src) = table(&v) else { continue };
            let mut dst = if parent.is_empty() || parent == "." {
                values.clone()
            } else {
                lookup_path(values, &parent)
                    .and_then(|x| table(&x))
                    .unwrap_or_default()
            };
            merge_maps(&mut dst, &src);
            if parent.is_empty() || parent == "." {
                *values = dst;
            } else {
                set_path(values, &parent, Value::from(dst));
            }
        }
    }
}

fn set_path(m: &mut Map, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            m.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let mut sub = m.get(head).and_then(table).unwrap_or_default();
            set_path(&mut sub, rest, v);
            m.insert(head.to_string(), Value::from(sub));
        }
    }
}

/// Validates each chart's values against its `values.schema.json`.
pub fn validate_schemas(
    chart: &Chart,
    values: &Map,
    prefix: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    if let Some(schema) = &chart.schema {
        let instance = serial::to_serde(&Value::from(values.clone()), 0);
        match jsonschema::validator_for(schema) {
            Ok(validator) => {
                let mut errs: Vec<String> = validator
                    .iter_errors(&instance)
                    .map(|e| format!("- {}: {}", display_path(&e.instance_path().to_string()), e))
                    .collect();
                if !errs.is_empty() {
                    errs.sort();
                    out.push(format!(
                        "{}:\n{}",
                        if prefix.is_empty() {
                            chart.name.as_str()
                        } else {
                            prefix
                        },
                        errs.join("\n")
                    ));
                }
            }
            Err(e) => out.push(format!("{}: invalid values.schema.json: {e}", chart.name)),
        }
    }
    for sub in &chart.subcharts {
        let sv = values.get(&sub.name).and_then(table).unwrap_or_default();
        let p = if prefix.is_empty() {
            format!("{}.{}", chart.name, sub.name)
        } else {
            format!("{prefix}.{}", sub.name)
        };
        validate_schemas(sub, &sv, &p, out, depth + 1);
    }
}

fn display_path(p: &str) -> String {
    if p.is_empty() {
        "(root)".into()
    } else {
        p.trim_start_matches('/').replace('/', ".")
    }
}
