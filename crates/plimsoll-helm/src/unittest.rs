//! A native runner for helm-unittest suites (`tests/*_test.yaml`): renders
//! the chart once per test with the test's values, release and
//! capabilities, and checks the assertions against the rendered documents.
//!
//! Suites are read as plain data (`serde_json::Value`); the rendered
//! documents too. Nothing here panics on a malformed suite: it becomes a
//! failed suite with a message naming the file.

use crate::chart::{self, Chart};
use crate::helm::{self, KubeVersion, RenderOptions};
use crate::{Map, Value, serial};
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// helm-unittest's default suite glob, relative to the chart.
pub const DEFAULT_GLOB: &str = "tests/*_test.yaml";

/// One assertion's failure.
#[derive(Debug, Clone)]
pub struct Failure {
    /// `asserts[0] \`equal\``.
    pub title: String,
    /// Detail lines (Template, DocumentIndex, Path, Expected, Actual).
    pub details: Vec<String>,
}

/// One test (`it`) of a suite.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub name: String,
    pub failures: Vec<Failure>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// One suite file.
#[derive(Debug, Clone)]
pub struct SuiteResult {
    pub name: String,
    pub file: PathBuf,
    /// A suite that could not be read or run at all.
    pub error: Option<String>,
    pub tests: Vec<TestResult>,
    pub snapshots_passed: usize,
    pub snapshots_total: usize,
    pub snapshots_created: usize,
}

impl SuiteResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.tests.iter().all(TestResult::passed)
    }
}

/// One chart and its suites.
#[derive(Debug, Clone)]
pub struct ChartResult {
    pub name: String,
    pub path: PathBuf,
    pub error: Option<String>,
    pub suites: Vec<SuiteResult>,
}

impl ChartResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.suites.iter().all(SuiteResult::passed)
    }
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Suite globs relative to the chart (empty: [`DEFAULT_GLOB`]).
    pub globs: Vec<String>,
    /// Read suites from this directory (`*_test.yaml`) instead of the
    /// chart's own (values and snapshots stay relative to the suite file).
    pub suites_dir: Option<PathBuf>,
    /// Rewrite snapshots instead of comparing.
    pub update_snapshots: bool,
}

/// Finds the suite files of a chart.
pub fn find_suites(chart_path: &Path, opts: &RunOptions) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = &opts.suites_dir {
        walk(dir, dir, &mut |rel, p| {
            if glob_any(&opts.globs, rel, "*_test.yaml") {
                out.push(p.to_path_buf());
            }
        });
    } else {
        walk(chart_path, chart_path, &mut |rel, p| {
            if glob_any(&opts.globs, rel, DEFAULT_GLOB) {
                out.push(p.to_path_buf());
            }
        });
    }
    out.sort();
    out
}

fn glob_any(globs: &[String], rel: &str, default: &str) -> bool {
    if globs.is_empty() {
        return helm::glob_match(default, rel);
    }
    globs.iter().any(|g| helm::glob_match(g, rel))
}

fn walk(root: &Path, dir: &Path, f: &mut dyn FnMut(&str, &Path)) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if p.is_dir() {
            // Subcharts and snapshots hold no suites of this chart.
            if rel == "charts" || rel.ends_with("__snapshot__") || rel.matches('/').count() > 8 {
                continue;
            }
            walk(root, &p, f);
        } else {
            f(&rel, &p);
        }
    }
}

/// Runs the suites of one chart on a thread with a large stack (templates
/// may nest deeply).
pub fn run_chart(chart_path: &Path, opts: &RunOptions) -> ChartResult {
    let path = chart_path.to_path_buf();
    let o = opts.clone();
    let worker = std::thread::Builder::new()
        .name("helm-unittest".into())
        .stack_size(1 << 30)
        .spawn(move || run_chart_here(&path, &o));
    let fallback = |e: String| ChartResult {
        name: chart_path.display().to_string(),
        path: chart_path.to_path_buf(),
        error: Some(e),
        suites: Vec::new(),
    };
    match worker {
        Ok(h) => h
            .join()
            .unwrap_or_else(|_| fallback("the test runner crashed".into())),
        Err(e) => fallback(format!("cannot start the test runner: {e}")),
    }
}

/// [`run_chart`] on the current thread.
pub fn run_chart_here(chart_path: &Path, opts: &RunOptions) -> ChartResult {
    let mut result = ChartResult {
        name: chart_path.display().to_string(),
        path: chart_path.to_path_buf(),
        error: None,
        suites: Vec::new(),
    };
    let chart = match chart::load(chart_path) {
        Ok(c) => c,
        Err(e) => {
            result.error = Some(if e.0.contains(&*chart_path.to_string_lossy()) {
                e.0
            } else {
                format!("{}: {}", chart_path.display(), e.0)
            });
            return result;
        }
    };
    result.name.clone_from(&chart.name);
    for file in find_suites(chart_path, opts) {
        result
            .suites
            .push(run_suite(chart_path, &chart, &file, opts.update_snapshots));
    }
    result
}

// ---------------------------------------------------------------- suites

struct Ctx<'a> {
    chart_path: &'a Path,
    chart: &'a Chart,
    suite_dir: PathBuf,
}

fn obj<'a>(v: &'a J, key: &str) -> Option<&'a J> {
    v.as_object().and_then(|m| m.get(key))
}

fn str_list(v: Option<&J>) -> Vec<String> {
    match v {
        Some(J::String(s)) => vec![s.clone()],
        Some(J::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Runs one suite file.
pub fn run_suite(chart_path: &Path, chart: &Chart, file: &Path, update: bool) -> SuiteResult {
    let mut res = SuiteResult {
        name: file.display().to_string(),
        file: file.to_path_buf(),
        error: None,
        tests: Vec::new(),
        snapshots_passed: 0,
        snapshots_total: 0,
        snapshots_created: 0,
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            res.error = Some(format!("{}: {e}", file.display()));
            return res;
        }
    };
    let suite = match serial::from_yaml(&text) {
        Ok(v) => serial::to_serde(&v, 0),
        Err(e) => {
            res.error = Some(format!("{}: {e}", file.display()));
            return res;
        }
    };
    if !suite.is_object() {
        res.error = Some(format!("{}: a suite must be a mapping", file.display()));
        return res;
    }
    if let Some(n) = obj(&suite, "suite").and_then(J::as_str) {
        res.name = n.to_string();
    }
    let Some(tests) = obj(&suite, "tests").and_then(J::as_array) else {
        res.error = Some(format!(
            "{}: `tests` is missing or not a list",
            file.display()
        ));
        return res;
    };
    let ctx = Ctx {
        chart_path,
        chart,
        suite_dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let snap_path = snapshot_path(file);
    let mut snaps = Snapshots::load(&snap_path, update);
    let lines = SuiteLines::new(&text);
    for (i, test) in tests.iter().enumerate() {
        let name = obj(test, "it")
            .and_then(J::as_str)
            .map_or_else(|| format!("tests[{i}]"), str::to_string);
        let loc = |a: Option<usize>| {
            let line = lines.line(i, a);
            format!("{}:{line}", file.display())
        };
        let failures = match run_test(&ctx, &suite, test, &name, &mut snaps, &loc) {
            Ok(f) => f,
            Err(e) => vec![Failure {
                title: format!("tests[{i}]"),
                details: vec![format!("Error: {}: {e}", loc(None))],
            }],
        };
        res.tests.push(TestResult { name, failures });
    }
    res.snapshots_passed = snaps.passed;
    res.snapshots_total = snaps.total;
    res.snapshots_created = snaps.created;
    if let Err(e) = snaps.save(&snap_path) {
        res.error = Some(format!("{}: {e}", snap_path.display()));
    }
    res
}

/// `<dir>/__snapshot__/<file>.snap`.
pub fn snapshot_path(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or_else(|| Path::new("."));
    let base = file
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    dir.join("__snapshot__").join(format!("{base}.snap"))
}

fn normalize_template(t: &str) -> String {
    if t.starts_with("templates/") || t.starts_with("charts/") {
        t.to_string()
    } else {
        format!("templates/{t}")
    }
}

/// Builds the user values: files (relative to the suite), then `set`.
fn add_values(ctx: &Ctx, node: &J, user: &mut Map) -> Result<(), String> {
    for f in str_list(obj(node, "values")) {
        let p = ctx.suite_dir.join(&f);
        let text = std::fs::read_to_string(&p).map_err(|e| format!("values file {f}: {e}"))?;
        match serial::from_yaml(&text) {
            Ok(Value::Map(m)) => chart::merge_maps(user, &m.borrow()),
            Ok(Value::Nil) => {}
            Ok(_) => return Err(format!("values file {f} is not a mapping")),
            Err(e) => return Err(format!("values file {f}: {e}")),
        }
    }
    if let Some(set) = obj(node, "set") {
        let Some(m) = set.as_object() else {
            return Err("`set` must be a mapping".into());
        };
        for (k, v) in m {
            let mut val = serial::from_serde(v, 0);
            for part in k.rsplit('.') {
                // `hosts[1]`: a list with the value at that index.
                let mut name = part;
                let mut indexes = Vec::new();
                while let Some(open) = name.rfind('[')
                    && name.ends_with(']')
                {
                    let Some(n) = name
                        .get(open + 1..name.len() - 1)
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|&n| n < 10_000)
                    else {
                        return Err(format!("`set` key {k:?}: bad list index"));
                    };
                    indexes.push(n);
                    name = &name[..open];
                }
                for n in indexes {
                    let mut list = vec![Value::Nil; n];
                    list.push(val);
                    val = Value::from(list);
                }
                if name.is_empty() {
                    continue;
                }
                let mut m = Map::new();
                m.insert(name.to_string(), val);
                val = Value::from(m);
            }
            if let Value::Map(m) = val {
                chart::merge_maps(user, &m.borrow());
            }
        }
    }
    Ok(())
}

fn apply_release(node: &J, opts: &mut RenderOptions) {
    let Some(r) = obj(node, "release") else {
        return;
    };
    if let Some(n) = obj(r, "name").and_then(J::as_str) {
        opts.release_name = n.to_string();
    }
    if let Some(n) = obj(r, "namespace").and_then(J::as_str) {
        opts.namespace = n.to_string();
    }
    if let Some(n) = obj(r, "revision").and_then(J::as_i64) {
        opts.revision = n;
    }
    if let Some(b) = obj(r, "upgrade").and_then(J::as_bool) {
        opts.is_upgrade = b;
    }
}

fn apply_capabilities(node: &J, opts: &mut RenderOptions) {
    let Some(c) = obj(node, "capabilities") else {
        return;
    };
    let num = |k: &str| {
        obj(c, k).and_then(|v| match v {
            J::String(s) => Some(s.clone()),
            J::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let major = num("majorVersion");
    let minor = num("minorVersion");
    if major.is_some() || minor.is_some() {
        let d = KubeVersion::default();
        let major = major.unwrap_or(d.major);
        let minor = minor.unwrap_or(d.minor);
        if let Some(kv) = KubeVersion::parse(&format!("v{major}.{minor}.0")) {
            opts.kube_version = kv;
        }
    }
    match obj(c, "apiVersions") {
        // An explicit null drops the suite's API versions.
        Some(J::Null) => opts.api_versions.clear(),
        v => opts.api_versions.extend(str_list(v)),
    }
}

fn apply_chart(node: &J, chart: &mut Chart) {
    let Some(c) = obj(node, "chart") else {
        return;
    };
    for (key, field) in [("version", "version"), ("appVersion", "appVersion")] {
        if let Some(v) = obj(c, key).and_then(J::as_str) {
            chart.raw_meta.insert(field.into(), Value::from(v));
        }
    }
}

/// The rendered documents of one template file.
struct Rendered {
    /// Path relative to the chart (`templates/x.yaml`).
    rel: String,
    /// Full name (`chart/templates/x.yaml`).
    full: String,
    docs: Vec<J>,
}

fn render(
    ctx: &Ctx,
    suite: &J,
    test: &J,
    keep: &[String],
    excluded: &[String],
) -> Result<Vec<Rendered>, String> {
    let mut chart = ctx.chart.clone();
    apply_chart(suite, &mut chart);
    apply_chart(test, &mut chart);
    if !keep.is_empty() {
        chart.templates.retain(|(name, _)| {
            name.rsplit('/').next().is_some_and(|b| b.starts_with('_'))
                || keep.iter().any(|k| helm::glob_match(k, name))
        });
    }
    if !excluded.is_empty() {
        chart
            .templates
            .retain(|(name, _)| !excluded.iter().any(|k| helm::glob_match(k, name)));
    }
    let mut user = Map::new();
    add_values(ctx, suite, &mut user)?;
    add_values(ctx, test, &mut user)?;
    let mut opts = RenderOptions {
        release_name: "RELEASE-NAME".into(),
        namespace: "NAMESPACE".into(),
        fixed_env: Some((0, 1)),
        ..RenderOptions::default()
    };
    apply_release(suite, &mut opts);
    apply_release(test, &mut opts);
    apply_capabilities(suite, &mut opts);
    apply_capabilities(test, &mut opts);
    let _ = ctx.chart_path;
    let mut run = || -> Result<Vec<helm::RenderedFile>, helm::RenderError> {
        let vals = helm::prepare(&mut chart, &user)?;
        helm::render_chart(&chart, vals, &opts)
    };
    let files = run().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for f in files {
        let rel = f
            .name
            .split_once('/')
            .map_or(f.name.as_str(), |(_, r)| r)
            .to_string();
        let mut docs = Vec::new();
        if rel.ends_with(".txt") {
            let mut m = serde_json::Map::new();
            m.insert("raw".into(), J::String(f.output.text.clone()));
            docs.push(J::Object(m));
        } else {
            for d in helm::split_manifests(&f.output.text) {
                match serial::from_yaml(&d) {
                    Ok(Value::Nil) => {}
                    Ok(v) => docs.push(serial::to_serde(&v, 0)),
                    Err(e) => {
                        return Err(format!("{}: {e}", f.name));
                    }
                }
            }
        }
        out.push(Rendered {
            rel,
            full: f.name,
            docs,
        });
    }
    Ok(out)
}

/// Line numbers of the tests and assertions of a suite file.
struct SuiteLines {
    /// Per test: its line and its assertions' lines.
    tests: Vec<(usize, Vec<usize>)>,
}

impl SuiteLines {
    fn new(text: &str) -> SuiteLines {
        let file = plimsoll_syntax::yaml::YamlFile::parse(text);
        let line = |id: plimsoll_syntax::yaml::NodeId| {
            let at = file.node(id).span.start;
            text.get(..at).map_or(1, |t| t.matches('\n').count() + 1)
        };
        let mut tests = Vec::new();
        if let Some(root) = file.documents.first().and_then(|d| d.root)
            && let Some(list) = file.get(root, "tests")
        {
            for &t in file.items(list) {
                let asserts = file
                    .get(t, "asserts")
                    .map(|a| file.items(a).iter().map(|&x| line(x)).collect())
                    .unwrap_or_default();
                tests.push((line(t), asserts));
            }
        }
        SuiteLines { tests }
    }

    /// The line of test `t` (or of its assertion `a`); 1 when unknown.
    fn line(&self, t: usize, a: Option<usize>) -> usize {
        let Some((tl, al)) = self.tests.get(t) else {
            return 1;
        };
        a.and_then(|a| al.get(a).copied()).unwrap_or(*tl)
    }
}

const KNOWN_ASSERTS: &[&str] = &[
    "equal",
    "notEqual",
    "equalRaw",
    "matchRegex",
    "notMatchRegex",
    "matchRegexRaw",
    "notMatchRegexRaw",
    "contains",
    "notContains",
    "isNull",
    "isNotNull",
    "isEmpty",
    "isNotEmpty",
    "isKind",
    "isAPIVersion",
    "hasDocuments",
    "lengthEqual",
    "notLengthEqual",
    "exists",
    "notExists",
    "isSubset",
    "isNotSubset",
    "failedTemplate",
    "notFailedTemplate",
    "matchSnapshot",
    "matchSnapshotRaw",
    "isNullOrEmpty",
    "isNotNullOrEmpty",
    "containsDocument",
    "isType",
    "isNotType",
    "greaterOrEqual",
    "notGreaterOrEqual",
    "lessOrEqual",
    "notLessOrEqual",
];

fn run_test(
    ctx: &Ctx,
    suite: &J,
    test: &J,
    name: &str,
    snaps: &mut Snapshots,
    loc: &dyn Fn(Option<usize>) -> String,
) -> Result<Vec<Failure>, String> {
    if !test.is_object() {
        return Err("a test must be a mapping".into());
    }
    let excluded: Vec<String> = str_list(obj(suite, "excludeTemplates"))
        .iter()
        .map(|t| normalize_template(t))
        .collect();
    let suite_tpls: Vec<String> = str_list(obj(suite, "templates"))
        .iter()
        .map(|t| normalize_template(t))
        .collect();
    let mut test_tpls: Vec<String> = str_list(obj(test, "template"))
        .into_iter()
        .chain(str_list(obj(test, "templates")))
        .map(|t| normalize_template(&t))
        .collect();
    if test_tpls.is_empty() {
        test_tpls.clone_from(&suite_tpls);
    }
    let Some(asserts) = obj(test, "asserts").and_then(J::as_array) else {
        return Err(format!("test `{name}`: `asserts` is missing or not a list"));
    };
    // Render the suite's templates (one may include another), the test's
    // and the assertions'; partials always.
    let mut keep = suite_tpls.clone();
    keep.extend(test_tpls.iter().cloned());
    for a in asserts {
        keep.extend(
            str_list(obj(a, "template"))
                .iter()
                .map(|t| normalize_template(t)),
        );
    }
    if suite_tpls.is_empty() && test_tpls.is_empty() {
        keep.clear();
    }
    let rendered = render(ctx, suite, test, &keep, &excluded);
    let mut failures = Vec::new();
    let mut snap_index = 0usize;
    for (i, a) in asserts.iter().enumerate() {
        let Some((kind, params)) = a
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| !ASSERT_META.contains(&k.as_str())))
        else {
            failures.push(Failure {
                title: format!("asserts[{i}]"),
                details: vec![format!(
                    "Error: {}: the assertion has no type",
                    loc(Some(i))
                )],
            });
            continue;
        };
        let title = format!("asserts[{i}] `{kind}`");
        if !KNOWN_ASSERTS.contains(&kind.as_str()) {
            failures.push(Failure {
                title,
                details: vec![format!(
                    "Error: {}: unknown assertion type `{kind}`",
                    loc(Some(i))
                )],
            });
            continue;
        }
        let mut not = obj(a, "not").and_then(J::as_bool).unwrap_or(false);
        // Aliases and negated forms of helm-unittest.
        let kind: &str = match kind.as_str() {
            "isNullOrEmpty" => "isEmpty",
            "isNotNullOrEmpty" => "isNotEmpty",
            "notFailedTemplate" => {
                not = !not;
                "failedTemplate"
            }
            "notGreaterOrEqual" => {
                not = !not;
                "greaterOrEqual"
            }
            "notLessOrEqual" => {
                not = !not;
                "lessOrEqual"
            }
            k => k,
        };
        let rendered = match &rendered {
            Ok(r) => r,
            Err(e) => {
                if kind == "failedTemplate" {
                    let (ok, details) = check_failed(params, Some(e));
                    if ok == not {
                        failures.push(Failure { title, details });
                    }
                } else {
                    failures.push(Failure {
                        title,
                        details: vec![format!("Error: {e}")],
                    });
                }
                continue;
            }
        };
        if kind == "failedTemplate" {
            let (ok, details) = check_failed(params, None);
            if ok == not {
                failures.push(Failure { title, details });
            }
            continue;
        }
        let tpls: Vec<String> = {
            let own: Vec<String> = str_list(obj(a, "template"))
                .iter()
                .map(|t| normalize_template(t))
                .collect();
            if own.is_empty() {
                test_tpls.clone()
            } else {
                own
            }
        };
        let selected: Vec<&Rendered> = rendered
            .iter()
            .filter(|r| tpls.is_empty() || tpls.iter().any(|t| helm::glob_match(t, &r.rel)))
            .collect();
        if selected.is_empty() {
            failures.push(Failure {
                title,
                details: vec![format!(
                    "Error: template {} not exists or not selected in test suite",
                    tpls.join(", ")
                )],
            });
            continue;
        }
        let mut details = Vec::new();
        for r in selected {
            if let Err(d) =
                check_template(kind, params, a, test, r, not, name, &mut snap_index, snaps)
            {
                details.push(format!("Template:\t{}", r.full));
                details.extend(d);
            }
        }
        if !details.is_empty() {
            failures.push(Failure { title, details });
        }
    }
    Ok(failures)
}

const ASSERT_META: &[&str] = &["not", "template", "documentIndex", "documentSelector"];

fn check_failed(params: &J, err: Option<&String>) -> (bool, Vec<String>) {
    let Some(err) = err else {
        return (
            false,
            vec![
                "Expected to fail, but rendered successfully".into(),
                "Actual:".into(),
                "\tno error".into(),
            ],
        );
    };
    if let Some(msg) = obj(params, "errorMessage").and_then(J::as_str) {
        let ok = err == msg || err.ends_with(&format!(": {msg}")) || err.contains(msg);
        return (
            ok,
            vec![
                "Expected error message:".into(),
                format!("\t{msg}"),
                "Actual:".into(),
                format!("\t{err}"),
            ],
        );
    }
    if let Some(pat) = obj(params, "errorPattern").and_then(J::as_str) {
        return match regex::Regex::new(pat) {
            Ok(re) => (
                re.is_match(err),
                vec![
                    "Expected error to match:".into(),
                    format!("\t{pat}"),
                    "Actual:".into(),
                    format!("\t{err}"),
                ],
            ),
            Err(e) => (false, vec![format!("Error: invalid pattern {pat:?}: {e}")]),
        };
    }
    (
        true,
        vec!["Expected not to fail".into(), format!("\t{err}")],
    )
}

/// Selects the documents of one template for an assertion.
fn select_docs<'r>(a: &J, test: &J, r: &'r Rendered) -> Result<Vec<(usize, &'r J)>, String> {
    let idx = obj(a, "documentIndex").or_else(|| obj(test, "documentIndex"));
    if let Some(idx) = idx {
        let Some(i) = idx.as_u64().and_then(|i| usize::try_from(i).ok()) else {
            return Err(format!("documentIndex {idx} is not an index"));
        };
        return r
            .docs
            .get(i)
            .map(|d| vec![(i, d)])
            .ok_or_else(|| format!("document index {i} is out of range"));
    }
    let sel = obj(a, "documentSelector").or_else(|| obj(test, "documentSelector"));
    if let Some(sel) = sel {
        let path = obj(sel, "path").and_then(J::as_str).unwrap_or("");
        let want = obj(sel, "value").cloned().unwrap_or(J::Null);
        let many = obj(sel, "matchMany").and_then(J::as_bool).unwrap_or(false);
        let mut out = Vec::new();
        for (i, d) in r.docs.iter().enumerate() {
            let got = eval_path(d, path)?;
            if got.first().is_some_and(|g| json_eq(g, &want)) {
                out.push((i, d));
            }
        }
        if out.len() > 1 && !many {
            return Err(format!(
                "multiple indexes found for documentSelector {path} = {want}"
            ));
        }
        return Ok(out);
    }
    Ok(r.docs.iter().enumerate().collect())
}

#[allow(clippy::too_many_arguments)]
fn check_template(
    kind: &str,
    params: &J,
    a: &J,
    test: &J,
    r: &Rendered,
    not: bool,
    test_name: &str,
    snap_index: &mut usize,
    snaps: &mut Snapshots,
) -> Result<(), Vec<String>> {
    let skip_empty = obj(a, "documentSelector")
        .or_else(|| obj(test, "documentSelector"))
        .and_then(|d| obj(d, "skipEmptyTemplates"))
        .and_then(J::as_bool)
        .unwrap_or(false);
    if skip_empty && r.docs.is_empty() {
        return Ok(());
    }
    if kind == "containsDocument" {
        let fields = ["kind", "apiVersion", "name", "namespace"];
        let want: Vec<(&str, &str)> = fields
            .iter()
            .filter_map(|f| obj(params, f).and_then(J::as_str).map(|v| (*f, v)))
            .collect();
        let matches = |d: &J| {
            want.iter().all(|(f, v)| {
                let got = match *f {
                    "name" | "namespace" => obj(d, "metadata").and_then(|m| obj(m, f)),
                    _ => obj(d, f),
                };
                got.and_then(J::as_str) == Some(*v)
            })
        };
        // helm-unittest: with `any`, one document must match; without,
        // every document must.
        let any = obj(params, "any").and_then(J::as_bool).unwrap_or(false);
        let ok = if any {
            r.docs.iter().any(matches)
        } else {
            !r.docs.is_empty() && r.docs.iter().all(matches)
        };
        if ok == not {
            return Err(vec![
                format!(
                    "Expected{} to contain document:",
                    if not { " NOT" } else { "" }
                ),
                format!(
                    "\t{}",
                    want.iter()
                        .map(|(f, v)| format!("{f}: {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ]);
        }
        return Ok(());
    }
    if kind == "hasDocuments" {
        let want = obj(params, "count").and_then(J::as_u64);
        // `filterAware`: count what documentIndex/documentSelector select.
        let n = if obj(params, "filterAware").and_then(J::as_bool) == Some(true) {
            select_docs(a, test, r).map_or(0, |d| d.len()) as u64
        } else {
            r.docs.len() as u64
        };
        let ok = want.map_or(n > 0, |w| w == n);
        if ok == not {
            return Err(vec![
                format!(
                    "Expected documents count{}:",
                    if not { " NOT to be" } else { " to be" }
                ),
                format!("\t{}", want.map_or_else(|| "> 0".into(), |w| w.to_string())),
                "Actual:".into(),
                format!("\t{n}"),
            ]);
        }
        return Ok(());
    }
    if r.docs.is_empty() && !kind.starts_with("matchSnapshot") {
        return Err(vec![format!(
            "Error: template {} renders no documents",
            r.full
        )]);
    }
    let docs = select_docs(a, test, r).map_err(|e| vec![format!("Error: {e}")])?;
    let mut out = Vec::new();
    for (i, doc) in docs {
        let res = if kind == "matchSnapshot" || kind == "matchSnapshotRaw" {
            *snap_index += 1;
            let value = if kind == "matchSnapshotRaw" {
                J::String(raw_of(doc))
            } else {
                doc.clone()
            };
            check_snapshot(params, &value, test_name, *snap_index, snaps)
        } else {
            check_doc(kind, params, doc, not)
        };
        if let Err(d) = res {
            out.push(format!("DocumentIndex:\t{i}"));
            out.extend(d);
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

fn yaml_of(v: &J) -> String {
    let text = serial::to_yaml(&serial::from_serde(v, 0));
    let text = text.trim_end();
    text.lines()
        .map(|l| format!("\t{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn param_str<'a>(params: &'a J, key: &str) -> Result<&'a str, Vec<String>> {
    obj(params, key)
        .and_then(J::as_str)
        .ok_or_else(|| vec![format!("Error: `{key}` is missing or not a string")])
}

fn get_regex(params: &J) -> Result<regex::Regex, Vec<String>> {
    let pat = param_str(params, "pattern")?;
    regex::Regex::new(pat).map_err(|e| vec![format!("Error: invalid pattern {pat:?}: {e}")])
}

fn expect(not: bool, what: &str) -> String {
    if not {
        format!("Expected NOT to {what}:")
    } else {
        format!("Expected to {what}:")
    }
}

/// Checks one document. `Ok` when the assertion (with `not`) holds.
fn check_doc(kind: &str, params: &J, doc: &J, not: bool) -> Result<(), Vec<String>> {
    let path = obj(params, "path").and_then(J::as_str).unwrap_or("");
    let found = |p: &str| eval_path(doc, p).map_err(|e| vec![format!("Error: {e}")]);
    let decode = obj(params, "decodeBase64")
        .and_then(J::as_bool)
        .unwrap_or(false);
    let actual_one = |p: &str| -> Result<Option<J>, Vec<String>> {
        let v = found(p)?.into_iter().next();
        if decode && let Some(J::String(s)) = &v {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map_err(|e| vec![format!("Error: cannot decode base64: {e}")])?;
            return Ok(Some(J::String(String::from_utf8_lossy(&bytes).into())));
        }
        Ok(v)
    };
    let path_line = format!("Path:\t{path}");
    let (ok, details): (bool, Vec<String>) = match kind {
        "equal" | "notEqual" => {
            let want = obj(params, "value").cloned().unwrap_or(J::Null);
            let got = actual_one(path)?.unwrap_or(J::Null);
            let neg = not ^ (kind == "notEqual");
            let eq = json_eq(&got, &want);
            (
                eq != (kind == "notEqual"),
                vec![
                    path_line,
                    expect(neg, "equal"),
                    yaml_of(&want),
                    "Actual:".into(),
                    yaml_of(&got),
                ],
            )
        }
        "equalRaw" => {
            let want = param_str(params, "value")?;
            let got = raw_of(doc);
            (
                got == want,
                vec![
                    expect(not, "equal"),
                    format!("\t{want}"),
                    "Actual:".into(),
                    format!("\t{got}"),
                ],
            )
        }
        "matchRegex" | "notMatchRegex" => {
            let re = get_regex(params)?;
            let got = actual_one(path)?;
            let Some(J::String(s)) = got else {
                return Err(vec![
                    path_line,
                    format!(
                        "Error: expected value at {path} to be a string, got {}",
                        got.map_or_else(|| "nothing".into(), |g| g.to_string())
                    ),
                ]);
            };
            let m = re.is_match(&s);
            let neg = not ^ (kind == "notMatchRegex");
            (
                m != (kind == "notMatchRegex"),
                vec![
                    path_line,
                    format!("Expected{} to match:", if neg { " NOT" } else { "" }),
                    format!("\t{}", re.as_str()),
                    "Actual:".into(),
                    format!("\t{s}"),
                ],
            )
        }
        "matchRegexRaw" | "notMatchRegexRaw" => {
            let re = get_regex(params)?;
            let s = raw_of(doc);
            let m = re.is_match(&s);
            (
                m != (kind == "notMatchRegexRaw"),
                vec![
                    format!("Expected{} to match:", if not { " NOT" } else { "" }),
                    format!("\t{}", re.as_str()),
                    "Actual:".into(),
                    format!("\t{s}"),
                ],
            )
        }
        "contains" | "notContains" => {
            let content = obj(params, "content").cloned().unwrap_or(J::Null);
            let any = obj(params, "any").and_then(J::as_bool).unwrap_or(false);
            let count = obj(params, "count").and_then(J::as_u64);
            let got = actual_one(path)?;
            let Some(J::Array(items)) = &got else {
                return Err(vec![
                    path_line,
                    format!(
                        "Error: expected {path} to be an array, got {}",
                        got.as_ref().map_or_else(|| "nothing".into(), J::to_string)
                    ),
                ]);
            };
            let n = items
                .iter()
                .filter(|it| {
                    if any {
                        json_subset(it, &content)
                    } else {
                        json_eq(it, &content)
                    }
                })
                .count() as u64;
            let has = count.map_or(n > 0, |c| c == n);
            (
                has != (kind == "notContains"),
                vec![
                    path_line,
                    expect(not ^ (kind == "notContains"), "contain"),
                    yaml_of(&content),
                    "Actual:".into(),
                    yaml_of(got.as_ref().unwrap_or(&J::Null)),
                ],
            )
        }
        "isNull" | "isNotNull" => {
            let got = actual_one(path)?.unwrap_or(J::Null);
            (
                got.is_null() == (kind == "isNull"),
                vec![
                    path_line,
                    expect(not ^ (kind == "isNotNull"), "be null"),
                    "Actual:".into(),
                    yaml_of(&got),
                ],
            )
        }
        "isEmpty" | "isNotEmpty" => {
            let got = actual_one(path)?.unwrap_or(J::Null);
            (
                is_empty(&got) == (kind == "isEmpty"),
                vec![
                    path_line,
                    expect(not ^ (kind == "isNotEmpty"), "be empty"),
                    "Actual:".into(),
                    yaml_of(&got),
                ],
            )
        }
        "isKind" | "isAPIVersion" => {
            let want = param_str(params, "of")?;
            let key = if kind == "isKind" {
                "kind"
            } else {
                "apiVersion"
            };
            let got = obj(doc, key).and_then(J::as_str).unwrap_or("");
            (
                got == want,
                vec![
                    expect(
                        not,
                        if kind == "isKind" {
                            "be kind"
                        } else {
                            "be apiVersion"
                        },
                    ),
                    format!("\t{want}"),
                    "Actual:".into(),
                    format!("\t{got}"),
                ],
            )
        }
        "exists" | "notExists" => {
            let got = found(path)?;
            (
                got.is_empty() == (kind == "notExists"),
                vec![path_line, expect(not ^ (kind == "notExists"), "exist")],
            )
        }
        "isSubset" | "isNotSubset" => {
            let content = obj(params, "content").cloned().unwrap_or(J::Null);
            let got = actual_one(path)?.unwrap_or(J::Null);
            (
                json_subset(&got, &content) == (kind == "isSubset"),
                vec![
                    path_line,
                    expect(not ^ (kind == "isNotSubset"), "contain"),
                    yaml_of(&content),
                    "Actual:".into(),
                    yaml_of(&got),
                ],
            )
        }
        "lengthEqual" | "notLengthEqual" => {
            let mut paths = str_list(obj(params, "paths"));
            if paths.is_empty() {
                paths.push(path.to_string());
            }
            let count = obj(params, "count").and_then(J::as_u64);
            let mut lens = Vec::new();
            for p in &paths {
                let got = actual_one(p)?;
                let n = match &got {
                    Some(J::Array(a)) => a.len(),
                    Some(J::Object(m)) => m.len(),
                    _ => {
                        return Err(vec![
                            format!("Path:\t{p}"),
                            format!(
                                "Error: expected {p} to be an array or a mapping, got {}",
                                got.as_ref().map_or_else(|| "nothing".into(), J::to_string)
                            ),
                        ]);
                    }
                };
                lens.push(n as u64);
            }
            let same = lens.windows(2).all(|w| w[0] == w[1]);
            let ok = same && count.is_none_or(|c| lens.iter().all(|&n| n == c));
            (
                ok == (kind == "lengthEqual"),
                vec![
                    format!("Paths:\t{}", paths.join(", ")),
                    expect(not ^ (kind == "notLengthEqual"), "have length"),
                    format!(
                        "\t{}",
                        count.map_or_else(|| "equal lengths".into(), |c| c.to_string())
                    ),
                    "Actual:".into(),
                    format!(
                        "\t{}",
                        lens.iter()
                            .map(u64::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ],
            )
        }
        "isType" | "isNotType" => {
            let want = param_str(params, "type")?;
            let got = actual_one(path)?.unwrap_or(J::Null);
            let t = go_type(&got);
            (
                (t == want) != (kind == "isNotType"),
                vec![
                    path_line,
                    expect(not ^ (kind == "isNotType"), "be of type"),
                    format!("\t{want}"),
                    "Actual:".into(),
                    format!("\t{t}"),
                ],
            )
        }
        "greaterOrEqual" | "lessOrEqual" if not => return check_order_negated(kind, params, doc),
        "greaterOrEqual" | "lessOrEqual" => {
            let want = obj(params, "value").cloned().unwrap_or(J::Null);
            let got = actual_one(path)?.unwrap_or(J::Null);
            let Some(ord) = compare(&got, &want) else {
                return Err(vec![
                    path_line,
                    format!("Error: cannot compare {got} with {want}"),
                ]);
            };
            let ok = if kind == "greaterOrEqual" {
                ord.is_ge()
            } else {
                ord.is_le()
            };
            (
                ok,
                vec![
                    path_line,
                    expect(
                        not,
                        if kind == "greaterOrEqual" {
                            "be greater or equal to"
                        } else {
                            "be less or equal to"
                        },
                    ),
                    yaml_of(&want),
                    "Actual:".into(),
                    yaml_of(&got),
                ],
            )
        }
        other => {
            return Err(vec![format!("Error: unknown assertion type `{other}`")]);
        }
    };
    if ok == not { Err(details) } else { Ok(()) }
}

/// `greaterOrEqual`/`lessOrEqual` negated (`notGreaterOrEqual`,
/// `notLessOrEqual`, or `not: true`), as helm-unittest's operator validator
/// evaluates them:
/// a path that matches nothing passes; a value that cannot be compared with
/// the expected one fails; otherwise `notLessOrEqual` holds when the value
/// is greater, while `notGreaterOrEqual` always holds (its comparison is
/// `(greater && actual >= expected) || (less && actual <= expected) == negative`,
/// which Go reads as `... || (false == false)`). Matching that keeps suites
/// passing and failing as they do with the plugin.
fn check_order_negated(kind: &str, params: &J, doc: &J) -> Result<(), Vec<String>> {
    // `kind` is the positive form.
    let path = obj(params, "path").and_then(J::as_str).unwrap_or("");
    let path_line = format!("Path:\t{path}");
    let want = obj(params, "value").cloned().unwrap_or(J::Null);
    let found = eval_path(doc, path).map_err(|e| vec![format!("Error: {e}")])?;
    let mut failures = Vec::new();
    for got in &found {
        let Some(ord) = compare(got, &want) else {
            failures.push(path_line.clone());
            failures.push(format!("Error: cannot compare {got} with {want}"));
            continue;
        };
        if kind == "lessOrEqual" && ord.is_le() {
            failures.extend([
                path_line.clone(),
                expect(true, "be less or equal to"),
                yaml_of(&want),
                "Actual:".into(),
                yaml_of(got),
            ]);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

/// The Go type name helm-unittest's `isType` compares with.
fn go_type(v: &J) -> &'static str {
    match v {
        J::Null => "<nil>",
        J::Bool(_) => "bool",
        J::Number(n) if n.is_i64() || n.is_u64() => "int",
        J::Number(_) => "float64",
        J::String(_) => "string",
        J::Array(_) => "[]interface {}",
        J::Object(_) => "map[string]interface {}",
    }
}

/// Orders numbers, numeric strings and Kubernetes quantities (`100m`,
/// `1Gi`), or else strings.
fn compare(a: &J, b: &J) -> Option<std::cmp::Ordering> {
    fn num(v: &J) -> Option<f64> {
        match v {
            J::Number(n) => n.as_f64(),
            J::String(s) => quantity(s),
            _ => None,
        }
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return x.partial_cmp(&y);
    }
    match (a, b) {
        (J::String(x), J::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn quantity(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().ok()?;
    let mult = match unit {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some(n * mult)
}

fn raw_of(doc: &J) -> String {
    match doc {
        J::String(s) => s.clone(),
        _ => obj(doc, "raw")
            .and_then(J::as_str)
            .map_or_else(|| doc.to_string(), str::to_string),
    }
}

fn is_empty(v: &J) -> bool {
    match v {
        J::Null => true,
        J::Bool(b) => !b,
        J::Number(n) => n.as_f64() == Some(0.0),
        J::String(s) => s.is_empty(),
        J::Array(a) => a.is_empty(),
        J::Object(m) => m.is_empty(),
    }
}

/// Equality with numbers compared by value (`443` == `443.0`).
pub fn json_eq(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// `sub` is contained in `v` (maps: every key of `sub` matches; else equal).
fn json_subset(v: &J, sub: &J) -> bool {
    match (v, sub) {
        (J::Object(x), J::Object(y)) => y
            .iter()
            .all(|(k, w)| x.get(k).is_some_and(|u| json_subset(u, w))),
        _ => json_eq(v, sub),
    }
}

// ---------------------------------------------------------------- paths

#[derive(Debug)]
enum Seg {
    Key(String),
    Index(usize),
    Wild,
    Filter(String, J),
}

fn parse_path(path: &str) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    let chars: Vec<char> = path.chars().collect();
    let mut i = 0;
    let bad = |why: &str| format!("invalid path `{path}`: {why}");
    while i < chars.len() {
        match chars[i] {
            '.' => i += 1,
            '[' => {
                i += 1;
                let q = chars.get(i).copied();
                if q == Some('"') || q == Some('\'') {
                    let q = q.unwrap_or('"');
                    let start = i + 1;
                    let mut j = start;
                    while j < chars.len() && chars[j] != q {
                        j += 1;
                    }
                    if j >= chars.len() {
                        return Err(bad("unterminated quote"));
                    }
                    segs.push(Seg::Key(chars[start..j].iter().collect()));
                    i = j + 1;
                    if chars.get(i) != Some(&']') {
                        return Err(bad("expected `]`"));
                    }
                    i += 1;
                } else {
                    let start = i;
                    let mut depth = 0;
                    while i < chars.len() && !(chars[i] == ']' && depth == 0) {
                        match chars[i] {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            _ => {}
                        }
                        i += 1;
                    }
                    if i >= chars.len() {
                        return Err(bad("expected `]`"));
                    }
                    let inner: String = chars[start..i].iter().collect();
                    i += 1;
                    let inner = inner.trim();
                    if inner == "*" {
                        segs.push(Seg::Wild);
                    } else if let Some(f) =
                        inner.strip_prefix("?(@.").and_then(|f| f.strip_suffix(')'))
                    {
                        let Some((field, value)) = f.split_once("==") else {
                            return Err(bad("only `==` filters are supported"));
                        };
                        let value = value.trim();
                        let v = serial::from_yaml(value).map_or_else(
                            |_| J::String(value.to_string()),
                            |v| serial::to_serde(&v, 0),
                        );
                        segs.push(Seg::Filter(field.trim().to_string(), v));
                    } else {
                        let n = inner.parse::<usize>().map_err(|_| bad("bad index"))?;
                        segs.push(Seg::Index(n));
                    }
                }
            }
            _ => {
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                segs.push(Seg::Key(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(segs)
}

/// Evaluates a helm-unittest path; empty when it does not exist.
pub fn eval_path(doc: &J, path: &str) -> Result<Vec<J>, String> {
    let segs = parse_path(path)?;
    let mut cur = vec![doc.clone()];
    for s in &segs {
        let mut next = Vec::new();
        for v in &cur {
            match s {
                Seg::Key(k) => {
                    if let Some(x) = obj(v, k) {
                        next.push(x.clone());
                    }
                }
                Seg::Index(n) => {
                    if let Some(x) = v.as_array().and_then(|a| a.get(*n)) {
                        next.push(x.clone());
                    }
                }
                Seg::Wild => match v {
                    J::Array(a) => next.extend(a.iter().cloned()),
                    J::Object(m) => next.extend(m.values().cloned()),
                    _ => {}
                },
                Seg::Filter(field, want) => {
                    if let Some(a) = v.as_array() {
                        for x in a {
                            let got = eval_path(x, field).unwrap_or_default();
                            if got.first().is_some_and(|g| json_eq(g, want)) {
                                next.push(x.clone());
                            }
                        }
                    }
                }
            }
        }
        cur = next;
    }
    Ok(cur)
}

// ---------------------------------------------------------------- snapshots

struct Snapshots {
    old: BTreeMap<String, BTreeMap<String, String>>,
    new: BTreeMap<String, BTreeMap<String, String>>,
    update: bool,
    passed: usize,
    total: usize,
    created: usize,
}

impl Snapshots {
    fn load(path: &Path, update: bool) -> Snapshots {
        let mut old = BTreeMap::new();
        if let Some(J::Object(m)) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serial::from_yaml(&t).ok())
            .map(|v| serial::to_serde(&v, 0))
        {
            for (test, entries) in m {
                if let J::Object(e) = entries {
                    let e = e
                        .into_iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
                        .collect();
                    old.insert(test, e);
                }
            }
        }
        Snapshots {
            old,
            new: BTreeMap::new(),
            update,
            passed: 0,
            total: 0,
            created: 0,
        }
    }

    fn save(&self, path: &Path) -> Result<(), String> {
        if self.new.is_empty() {
            return Ok(());
        }
        let mut all = if self.update {
            BTreeMap::new()
        } else {
            self.old.clone()
        };
        for (t, e) in &self.new {
            all.entry(t.clone()).or_default().extend(e.clone());
        }
        if all == self.old {
            return Ok(());
        }
        let mut text = String::new();
        for (t, e) in &all {
            let _ = writeln!(text, "{}:", J::String(t.clone()));
            let mut keys: Vec<&String> = e.keys().collect();
            keys.sort_by_key(|k| (k.parse::<u64>().unwrap_or(u64::MAX), (*k).clone()));
            for k in keys {
                let body = &e[k];
                let _ = writeln!(text, "  {k}: |");
                for l in body.lines() {
                    if l.is_empty() {
                        text.push('\n');
                    } else {
                        let _ = writeln!(text, "    {l}");
                    }
                }
            }
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, text).map_err(|e| e.to_string())
    }
}

fn check_snapshot(
    params: &J,
    doc: &J,
    test: &str,
    index: usize,
    snaps: &mut Snapshots,
) -> Result<(), Vec<String>> {
    let value = match obj(params, "path").and_then(J::as_str) {
        Some(p) if !p.is_empty() => eval_path(doc, p)
            .map_err(|e| vec![format!("Error: {e}")])?
            .into_iter()
            .next()
            .unwrap_or(J::Null),
        _ => doc.clone(),
    };
    let mut text = serial::to_yaml_pretty(&serial::from_serde(&value, 0));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let key = index.to_string();
    snaps.total += 1;
    let known = snaps.old.get(test).is_some_and(|e| e.contains_key(&key));
    if snaps.update || !known {
        snaps
            .new
            .entry(test.to_string())
            .or_default()
            .insert(key.clone(), text.clone());
    }
    match snaps.old.get(test).and_then(|e| e.get(&key)) {
        Some(old) if !snaps.update => {
            if old.trim_end() == text.trim_end() {
                snaps.passed += 1;
                Ok(())
            } else {
                Err(vec![
                    "Expected to match snapshot ".to_string() + &key + ":",
                    old.lines()
                        .map(|l| format!("\t{l}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    "Actual:".into(),
                    text.lines()
                        .map(|l| format!("\t{l}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ])
            }
        }
        _ => {
            snaps.created += 1;
            snaps.passed += 1;
            Ok(())
        }
    }
}

// ---------------------------------------------------------------- report

/// helm-unittest's text report.
pub fn report(charts: &[ChartResult], elapsed: std::time::Duration) -> String {
    let mut out = String::new();
    let (mut cp, mut sp, mut st, mut tp, mut tt, mut np, mut nt) = (0, 0, 0, 0, 0, 0, 0);
    for c in charts {
        let _ = writeln!(out, "\n### Chart [ {} ] {}\n", c.name, c.path.display());
        if let Some(e) = &c.error {
            let _ = writeln!(out, " FAIL  {e}");
        }
        if c.passed() {
            cp += 1;
        }
        for s in &c.suites {
            st += 1;
            if s.passed() {
                sp += 1;
            }
            np += s.snapshots_passed;
            nt += s.snapshots_total;
            let _ = writeln!(
                out,
                " {}  {}\t{}",
                if s.passed() { "PASS" } else { "FAIL" },
                s.name,
                s.file.display()
            );
            if let Some(e) = &s.error {
                let _ = writeln!(out, "\t- {e}");
            }
            for t in &s.tests {
                tt += 1;
                if t.passed() {
                    tp += 1;
                    continue;
                }
                let _ = writeln!(out, "\t- {}\n", t.name);
                for f in &t.failures {
                    let _ = writeln!(out, "\t\t- {} fail", f.title);
                    for d in &f.details {
                        for l in d.lines() {
                            let _ = writeln!(out, "\t\t\t{l}");
                        }
                    }
                    out.push('\n');
                }
            }
        }
    }
    let _ = writeln!(out);
    let line = |label: &str, p: usize, t: usize| {
        let failed = t - p;
        if failed > 0 {
            format!("{label:<13}{failed} failed, {p} passed, {t} total\n")
        } else {
            format!("{label:<13}{p} passed, {t} total\n")
        }
    };
    out.push_str(&line("Charts:", cp, charts.len()));
    out.push_str(&line("Test Suites:", sp, st));
    out.push_str(&line("Tests:", tp, tt));
    out.push_str(&line("Snapshot:", np, nt));
    let _ = writeln!(out, "Time:        {:.1}ms", elapsed.as_secs_f64() * 1000.0);
    out
}
