//! Helm's objects (`.Files`, `.Capabilities`), the render of a whole chart
//! (`engine.Render`), and `helm template`'s manifest sorting and output.

use crate::chart::{self, Chart, ChartError};
use crate::exec::{Exec, ExecError, Output, Trees};
use crate::funcs::FuncEnv;
use crate::serial;
use crate::value::{Map, Object, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

/// `gobwas/glob` with `/` as separator: `*` and `?` stay within a path
/// segment, `**` crosses them, `[...]` classes, `{a,b}` alternatives.
pub fn glob_match(pat: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match p.first() {
            None => t.is_empty(),
            Some('*') => {
                if p.get(1) == Some(&'*') {
                    (0..=t.len()).any(|i| go(&p[2..], &t[i..], depth + 1))
                } else {
                    for i in 0..=t.len() {
                        if go(&p[1..], &t[i..], depth + 1) {
                            return true;
                        }
                        if t.get(i) == Some(&'/') {
                            break;
                        }
                    }
                    false
                }
            }
            Some('?') => t.first().is_some_and(|c| *c != '/') && go(&p[1..], &t[1..], depth + 1),
            Some('{') => {
                let Some(close) = p.iter().position(|c| *c == '}') else {
                    return false;
                };
                let inner: String = p[1..close].iter().collect();
                inner.split(',').any(|alt| {
                    let mut np: Vec<char> = alt.chars().collect();
                    np.extend_from_slice(&p[close + 1..]);
                    go(&np, t, depth + 1)
                })
            }
            Some('[') => {
                let Some(close) = p.iter().skip(1).position(|c| *c == ']').map(|i| i + 1) else {
                    return false;
                };
                let Some(&c) = t.first() else { return false };
                let class = &p[1..close];
                let (neg, class) = if class.first() == Some(&'!') || class.first() == Some(&'^') {
                    (true, &class[1..])
                } else {
                    (false, class)
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != neg && go(&p[close + 1..], &t[1..], depth + 1)
            }
            Some('\\') if p.len() > 1 => {
                t.first() == Some(&p[1]) && go(&p[2..], &t[1..], depth + 1)
            }
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..], depth + 1),
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = text.chars().collect();
    go(&p, &t, 0)
}

/// `.Files`.
pub struct Files(pub Rc<BTreeMap<String, Vec<u8>>>);

impl Object for Files {
    fn type_name(&self) -> &'static str {
        "engine.files"
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let a0 = args.first().map(Value::to_str).unwrap_or_default();
        Some(Ok(match name {
            "Get" => Value::from(
                self.0
                    .get(&a0)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
            ),
            "GetBytes" => Value::Bytes(Rc::new(self.0.get(&a0).cloned().unwrap_or_default())),
            "Glob" => {
                let sub: BTreeMap<String, Vec<u8>> = self
                    .0
                    .iter()
                    .filter(|(k, _)| glob_match(&a0, k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Value::Object(Rc::new(Files(Rc::new(sub))))
            }
            "Lines" => match self.0.get(&a0) {
                None => Value::from(Vec::new()),
                Some(b) => {
                    let s = String::from_utf8_lossy(b);
                    let s = s.strip_suffix('\n').unwrap_or(&s);
                    Value::from(s.split('\n').map(Value::from).collect::<Vec<_>>())
                }
            },
            "AsConfig" | "AsSecrets" => {
                let mut m = Map::new();
                for (k, v) in self.0.iter() {
                    let base = k.rsplit('/').next().unwrap_or(k).to_string();
                    let val = if name == "AsSecrets" {
                        use base64::Engine as _;
                        base64::engine::general_purpose::STANDARD.encode(v)
                    } else {
                        String::from_utf8_lossy(v).into_owned()
                    };
                    m.insert(base, Value::from(val));
                }
                Value::from(
                    serial::to_yaml(&Value::from(m))
                        .trim_end_matches('\n')
                        .to_string(),
                )
            }
            _ => return None,
        }))
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "AsConfig" | "AsSecrets" => self.method(name, &[]).and_then(Result::ok),
            _ => None,
        }
    }
    fn entries(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.0
                .iter()
                .map(|(k, v)| (k.clone(), Value::Bytes(Rc::new(v.clone()))))
                .collect(),
        )
    }
    fn display(&self) -> String {
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{k}:{}", Value::Bytes(Rc::new(v.clone())).go_string()))
            .collect();
        format!("map[{}]", items.join(" "))
    }
}

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone)]
pub struct KubeVersion {
    pub version: String,
    pub major: String,
    pub minor: String,
}

impl KubeVersion {
    /// Parses `v1.30.0`, `1.30`, ...; `None` when not a version.
    pub fn parse(text: &str) -> Option<KubeVersion> {
        let v = crate::semver::Version::parse(text).ok()?;
        Some(KubeVersion {
            version: format!("v{}.{}.{}", v.major, v.minor, v.patch),
            major: v.major.to_string(),
            minor: v.minor.to_string(),
        })
    }
}

impl Default for KubeVersion {
    /// Helm 3.17's default (its client-go version).
    fn default() -> Self {
        KubeVersion {
            version: "v1.32.0".into(),
            major: "1".into(),
            minor: "32".into(),
        }
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> &'static str {
        "*chartutil.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::from(match name {
            "Version" | "GitVersion" | "String" => self.version.as_str(),
            "Major" => self.major.as_str(),
            "Minor" => self.minor.as_str(),
            _ => return None,
        }))
    }
    fn display(&self) -> String {
        self.version.clone()
    }
    fn to_data(&self) -> Value {
        let mut m = Map::new();
        m.insert("Version".into(), Value::from(self.version.as_str()));
        m.insert("Major".into(), Value::from(self.major.as_str()));
        m.insert("Minor".into(), Value::from(self.minor.as_str()));
        Value::from(m)
    }
}

/// Helm 3.17's default API versions (`chartutil.DefaultVersionSet`).
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `.Capabilities.APIVersions`.
pub struct ApiVersions(pub Vec<String>);

impl Object for ApiVersions {
    fn type_name(&self) -> &'static str {
        "chartutil.VersionSet"
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Has" => {
                let want = args.first().map(Value::to_str).unwrap_or_default();
                Some(Ok(Value::Bool(self.0.contains(&want))))
            }
            _ => None,
        }
    }
    fn display(&self) -> String {
        format!("[{}]", self.0.join(" "))
    }
    fn to_data(&self) -> Value {
        Value::from(
            self.0
                .iter()
                .map(|s| Value::from(s.as_str()))
                .collect::<Vec<_>>(),
        )
    }
}

pub const PLACEHOLDER_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nplimsoll-placeholder-key-not-generated-offline\n-----END RSA PRIVATE KEY-----\n";
const PLACEHOLDER_CERT: &str = "-----BEGIN CERTIFICATE-----\nplimsoll-placeholder-certificate-not-generated-offline\n-----END CERTIFICATE-----\n";

/// What `genCA`/`genSelfSignedCert` return: a fixed placeholder, not a real
/// certificate (renders stay deterministic and need no crypto).
pub fn placeholder_cert() -> Value {
    let mut m = Map::new();
    m.insert("Cert".into(), Value::from(PLACEHOLDER_CERT));
    m.insert("Key".into(), Value::from(PLACEHOLDER_KEY));
    Value::from(m)
}

/// Options of a render (`helm template` flags).
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub release_name: String,
    pub namespace: String,
    pub kube_version: KubeVersion,
    pub api_versions: Vec<String>,
    /// Record output → template segments (the source-map hook).
    pub record_segments: bool,
    /// Fixed clock and random seed; `None` for the real clock.
    pub fixed_env: Option<(i64, u64)>,
    /// Nested `template`/`include`/`tpl` calls allowed (Helm: 1000).
    pub max_depth: usize,
    /// Print the charts' `crds/` files first (`--include-crds`).
    pub include_crds: bool,
    /// `.Release.Revision` (Helm: 1).
    pub revision: i64,
    /// `.Release.IsUpgrade` (and not `IsInstall`).
    pub is_upgrade: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            release_name: "release-name".into(),
            namespace: "default".into(),
            kube_version: KubeVersion::default(),
            api_versions: Vec::new(),
            record_segments: false,
            fixed_env: None,
            max_depth: 1000,
            include_crds: false,
            revision: 1,
            is_upgrade: false,
        }
    }
}

/// One rendered template file.
#[derive(Debug)]
pub struct RenderedFile {
    /// `chart/templates/x.yaml` (subcharts: `chart/charts/sub/templates/x.yaml`).
    pub name: String,
    pub output: Output,
}

/// A render error: a chart problem, a parse error or an execution error.
#[derive(Debug, Clone)]
pub enum RenderError {
    Chart(String),
    Parse(String),
    Exec(ExecError),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Chart(m) | RenderError::Parse(m) => f.write_str(m),
            RenderError::Exec(e) => {
                // Helm's cleanupExecError: the outer location, the inner cause.
                if e.location.is_empty() {
                    f.write_str(&e.message)
                } else {
                    write!(
                        f,
                        "execution error at ({}): {}",
                        e.location,
                        innermost(&e.message)
                    )
                }
            }
        }
    }
}

impl std::error::Error for RenderError {}

fn innermost(message: &str) -> &str {
    // The cause after the last "error calling X: " of the chain.
    let mut rest = message;
    while let Some(i) = rest.find("error calling ") {
        let after = &rest[i + "error calling ".len()..];
        match after.find(": ") {
            Some(j) => rest = &after[j + 2..],
            None => break,
        }
    }
    if rest.starts_with("template: ") {
        // A nested exec error without a call: keep its own tail.
        return rest.rsplit(">: ").next().unwrap_or(rest);
    }
    rest
}

impl From<ChartError> for RenderError {
    fn from(e: ChartError) -> Self {
        RenderError::Chart(e.0)
    }
}

struct Renderable {
    chart_path: String,
    source: String,
    vals: Value,
    base_path: String,
    library: bool,
}

fn collect(
    chart: &Chart,
    parent_path: Option<&str>,
    vals_of_chart: &Value,
    top: &Map,
    out: &mut BTreeMap<String, Renderable>,
    depth: usize,
) -> Value {
    let path = match parent_path {
        None => chart.name.clone(),
        Some(p) => format!("{p}/charts/{}", chart.name),
    };
    let mut next = Map::new();
    next.insert("Chart".into(), chart.metadata_value(parent_path.is_none()));
    next.insert(
        "Files".into(),
        Value::Object(Rc::new(Files(chart.files.clone()))),
    );
    next.insert(
        "Release".into(),
        top.get("Release").cloned().unwrap_or_default(),
    );
    next.insert(
        "Capabilities".into(),
        top.get("Capabilities").cloned().unwrap_or_default(),
    );
    next.insert("Values".into(), vals_of_chart.clone());
    let subcharts = Value::new_map();
    next.insert("Subcharts".into(), subcharts.clone());
    let next = Value::from(next);
    if depth < 32 {
        for sub in &chart.subcharts {
            let sv = vals_of_chart
                .get(&sub.name)
                .filter(|v| matches!(v, Value::Map(_)))
                .unwrap_or_else(Value::new_map);
            let scope = collect(sub, Some(&path), &sv, top, out, depth + 1);
            if let Some(m) = subcharts.as_map() {
                m.borrow_mut().insert(sub.name.clone(), scope);
            }
        }
    }
    for (name, text) in &chart.templates {
        out.insert(
            format!("{path}/{name}"),
            Renderable {
                chart_path: path.clone(),
                source: text.clone(),
                vals: next.clone(),
                base_path: format!("{path}/templates"),
                library: chart.library,
            },
        );
    }
    next
}

/// Helm's `sortTemplates`: deepest paths first, then reverse alphabetical.
fn sort_templates(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

fn is_partial(name: &str) -> bool {
    name.rsplit('/').next().is_some_and(|b| b.starts_with('_'))
}

/// The values a render sees (`.Values` of the top chart), after
/// dependencies, coalescing, import-values and schema validation.
pub fn prepare(chart: &mut Chart, user: &Map) -> Result<Map, RenderError> {
    chart.check_dependencies()?;
    chart::process_dependencies(chart, user)?;
    let mut vals = chart::copy_map(user);
    chart::coalesce(chart, &mut vals, 0)?;
    chart::import_values(chart, &mut vals);
    let mut errs = Vec::new();
    chart::validate_schemas(chart, &vals, "", &mut errs, 0);
    if !errs.is_empty() {
        return Err(RenderError::Chart(format!(
            "values don't meet the specifications of the schema(s) in the following chart(s):\n{}",
            errs.join("\n")
        )));
    }
    Ok(vals)
}

/// Renders every template of `chart` (Helm's `engine.Render`): returns the
/// non-partial files with `<no value>` removed, in name order.
pub fn render_chart(
    chart: &Chart,
    values: Map,
    opts: &RenderOptions,
) -> Result<Vec<RenderedFile>, RenderError> {
    let mut caps = Map::new();
    caps.insert(
        "KubeVersion".into(),
        Value::Object(Rc::new(opts.kube_version.clone())),
    );
    let mut apis: Vec<String> = DEFAULT_API_VERSIONS
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    apis.extend(opts.api_versions.iter().cloned());
    caps.insert(
        "APIVersions".into(),
        Value::Object(Rc::new(ApiVersions(apis))),
    );
    let mut helm_version = Map::new();
    helm_version.insert("Version".into(), Value::from("v3.17.2"));
    helm_version.insert("GitCommit".into(), Value::from(""));
    helm_version.insert("GitTreeState".into(), Value::from("clean"));
    helm_version.insert("GoVersion".into(), Value::from("go1.23.7"));
    caps.insert("HelmVersion".into(), Value::from(helm_version));
    let mut release = Map::new();
    release.insert("Name".into(), Value::from(opts.release_name.as_str()));
    release.insert("Namespace".into(), Value::from(opts.namespace.as_str()));
    release.insert("IsUpgrade".into(), Value::Bool(opts.is_upgrade));
    release.insert("IsInstall".into(), Value::Bool(!opts.is_upgrade));
    release.insert("Revision".into(), Value::Int(opts.revision));
    release.insert("Service".into(), Value::from("Helm"));
    let mut top = Map::new();
    top.insert("Release".into(), Value::from(release));
    top.insert("Capabilities".into(), Value::from(caps));

    let mut tpls = BTreeMap::new();
    collect(chart, None, &Value::from(values), &top, &mut tpls, 0);
    let mut keys: Vec<String> = tpls.keys().cloned().collect();
    sort_templates(&mut keys);

    let mut trees: Trees = Trees::new();
    for k in &keys {
        let r = &tpls[k];
        // Library charts contribute only their partials.
        if r.library && !is_partial(k) {
            continue;
        }
        let parsed = crate::exec::parse_cached(k, &r.source).map_err(|e| {
            RenderError::Parse(format!("parse error at ({}): {}", e.location, e.detail))
        })?;
        trees.extend(parsed.iter().map(|(n, t)| (n.clone(), t.clone())));
    }
    let mut env = match opts.fixed_env {
        Some((now, seed)) => FuncEnv::fixed(now, seed),
        None => FuncEnv::default(),
    };
    let mut out = Vec::new();
    for k in &keys {
        let r = &tpls[k];
        if is_partial(k) || (r.library) {
            continue;
        }
        let _ = &r.chart_path;
        if let Some(m) = r.vals.as_map() {
            let mut t = Map::new();
            t.insert("Name".into(), Value::from(k.as_str()));
            t.insert("BasePath".into(), Value::from(r.base_path.as_str()));
            m.borrow_mut().insert("Template".into(), Value::from(t));
        }
        let mut exec = Exec::new(&trees, &mut env);
        exec.limits.max_depth = opts.max_depth;
        let mut output = Output::new(opts.record_segments);
        exec.execute(k, &r.vals, &mut output)
            .map_err(RenderError::Exec)?;
        output.remove_no_value();
        out.push(RenderedFile {
            name: k.clone(),
            output,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Helm 3.17's install order of kinds (webhook configurations are not in
/// it yet: they sort with the unknown kinds, alphabetically).
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// One manifest (a YAML document) of the output.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The template file it came from.
    pub source: String,
    pub content: String,
    pub kind: String,
    pub hook: bool,
}

/// Helm's `SplitManifests`.
pub fn split_manifests(text: &str) -> Vec<String> {
    static SEP: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let sep = SEP.get_or_init(|| {
        regex::Regex::new(r"(?:^|\s*\n)---\s*")
            .unwrap_or_else(|_| regex::Regex::new("^$").unwrap_or_else(|_| unreachable!()))
    });
    sep.split(text.trim())
        .filter(|d| !d.is_empty())
        .map(|d| d.trim().to_string())
        .collect()
}

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

fn sort_by_kind(list: &mut [Manifest]) {
    list.sort_by(|a, b| match (kind_rank(&a.kind), kind_rank(&b.kind)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kind.cmp(&b.kind),
    });
}

/// Helm's `SortManifests`: generic manifests and hooks, each sorted by kind.
pub fn sort_manifests(
    files: &[RenderedFile],
) -> Result<(Vec<Manifest>, Vec<Manifest>), RenderError> {
    let mut generic = Vec::new();
    let mut hooks = Vec::new();
    let mut sorted: Vec<&RenderedFile> = files
        .iter()
        .filter(|f| !f.name.ends_with("NOTES.txt"))
        .collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for f in sorted {
        if is_partial(&f.name) || f.output.text.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(&f.output.text) {
            let head = serial::from_yaml(&doc)
                .map_err(|e| RenderError::Chart(format!("YAML parse error on {}: {e}", f.name)))?;
            let (kind, annotations) = match &head {
                Value::Map(_) => (
                    head.get("kind").map(|k| k.to_str()).unwrap_or_default(),
                    head.get("metadata").and_then(|m| m.get("annotations")),
                ),
                Value::Nil => (String::new(), None),
                other => {
                    return Err(RenderError::Chart(format!(
                        "YAML parse error on {}: error unmarshaling JSON: json: cannot unmarshal {} into Go value of type releaseutil.SimpleHead",
                        f.name,
                        other.kind_name()
                    )));
                }
            };
            let hook = annotations
                .and_then(|a| a.get("helm.sh/hook"))
                .map(|h| h.to_str());
            match hook {
                None => generic.push(Manifest {
                    source: f.name.clone(),
                    content: doc,
                    kind,
                    hook: false,
                }),
                Some(h) => {
                    if h.split(',')
                        .all(|e| HOOK_EVENTS.contains(&e.trim().to_lowercase().as_str()))
                    {
                        hooks.push(Manifest {
                            source: f.name.clone(),
                            content: doc,
                            kind,
                            hook: true,
                        });
                    }
                }
            }
        }
    }
    sort_by_kind(&mut generic);
    sort_by_kind(&mut hooks);
    Ok((generic, hooks))
}

/// Helm's `CRDObjects`: `crds/*.yaml|yml|json` of the chart, then of its
/// subcharts, as (`chart/crds/x.yaml`, raw text).
pub fn crd_objects(chart: &Chart) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect_crds(chart, &chart.name, &mut out, 0);
    out
}

fn collect_crds(chart: &Chart, path: &str, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 32 {
        return;
    }
    for (name, data) in chart.files.iter() {
        let manifest = [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
        if name.starts_with("crds/") && manifest {
            out.push((
                format!("{path}/{name}"),
                String::from_utf8_lossy(data).into_owned(),
            ));
        }
    }
    for sub in &chart.subcharts {
        collect_crds(sub, &format!("{path}/charts/{}", sub.name), out, depth + 1);
    }
}

/// `helm template`'s standard output for rendered files (and CRDs first,
/// for `--include-crds`).
pub fn template_output(
    files: &[RenderedFile],
    crds: &[(String, String)],
    show_only: &[String],
) -> Result<String, RenderError> {
    let (generic, hooks) = sort_manifests(files)?;
    let mut manifest = String::new();
    for (name, text) in crds {
        let _ = write!(manifest, "---\n# Source: {name}\n{text}\n");
    }
    for m in &generic {
        let _ = write!(manifest, "---\n# Source: {}\n{}\n", m.source, m.content);
    }
    let mut out = String::new();
    out.push_str(manifest.trim());
    out.push('\n');
    for m in &hooks {
        let _ = write!(out, "---\n# Source: {}\n{}\n", m.source, m.content);
    }
    if show_only.is_empty() {
        return Ok(out);
    }
    let all: Vec<String> = split_manifests(&out);
    let mut shown = String::new();
    for f in show_only {
        let mut missing = true;
        for m in &all {
            let Some(rest) = m.strip_prefix("# Source: ") else {
                continue;
            };
            let name = rest.lines().next().unwrap_or("");
            let Some((_, path)) = name.split_once('/') else {
                continue;
            };
            if glob_match(f, path) {
                let _ = write!(shown, "---\n{m}\n");
                missing = false;
            }
        }
        if missing {
            return Err(RenderError::Chart(format!(
                "could not find template {f} in chart"
            )));
        }
    }
    Ok(shown)
}

/// Loads, prepares and renders a chart like `helm template`.
///
/// Runs on its own thread with a large stack (reserved, not committed), so
/// templates may nest `include` as deep as Helm allows (1000 levels).
pub fn template(
    chart_path: &std::path::Path,
    user: &Map,
    opts: &RenderOptions,
    show_only: &[String],
) -> Result<String, RenderError> {
    // Values cross the thread as `Plain` data: `Value` is `Rc`-based.
    let user_plain = crate::value::Plain::of(&Value::from(user.clone()));
    let path = chart_path.to_path_buf();
    let opts = opts.clone();
    let shown = show_only.to_vec();
    let worker = std::thread::Builder::new()
        .name("helm-render".into())
        .stack_size(RENDER_STACK)
        .spawn(move || {
            let user = match user_plain.to_value() {
                Value::Map(m) => m.borrow().clone(),
                _ => Map::new(),
            };
            template_here(&path, &user, &opts, &shown)
        });
    match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| Err(RenderError::Chart("the renderer crashed".into()))),
        Err(_) => template_here(chart_path, user, &opts_fallback(), show_only),
    }
}

fn opts_fallback() -> RenderOptions {
    RenderOptions {
        max_depth: 64,
        ..RenderOptions::default()
    }
}

/// Stack for [`template`]'s render thread.
const RENDER_STACK: usize = 1 << 30;

/// [`template`] on the current thread (mind `max_depth` against its stack).
pub fn template_here(
    chart_path: &std::path::Path,
    user: &Map,
    opts: &RenderOptions,
    show_only: &[String],
) -> Result<String, RenderError> {
    let mut chart = chart::load(chart_path)?;
    if chart.library {
        return Err(RenderError::Chart(
            "library charts are not installable".into(),
        ));
    }
    let vals = prepare(&mut chart, user)?;
    let files = render_chart(&chart, vals, opts)?;
    let crds = if opts.include_crds {
        crd_objects(&chart)
    } else {
        Vec::new()
    };
    template_output(&files, &crds, show_only)
}
