//! Validation of built-in kinds against the embedded Kubernetes OpenAPI
//! definitions (one file per minor version, see `data/k8s-schema`).
//!
//! Values are typed the way `kubectl` types them: YAML is read with YAML
//! 1.1 rules (`yes` is a boolean, `0755` an octal integer) and sent as JSON,
//! and the API server decodes that JSON strictly: a number in a string
//! field, an unknown field or a missing required field is an error.

use plimsoll_syntax::yaml::{GoYamlType, NodeId, NodeKind, ScalarStyle, YamlFile, go_yaml_v2_type};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The oldest and newest embedded minor versions of Kubernetes 1.x.
pub const OLDEST_MINOR: u32 = 30;
pub const NEWEST_MINOR: u32 = 37;

macro_rules! embedded {
    ($($minor:literal),*) => {
        &[$(($minor, include_bytes!(concat!("../../data/k8s-schema/v1.", $minor, ".json.deflate")))),*]
    };
}

static EMBEDDED: &[(u32, &[u8])] = embedded!(30, 31, 32, 33, 34, 35, 36, 37);

static LOADED: [OnceLock<Option<Schema>>; 8] = [const { OnceLock::new() }; 8];

/// The definitions of one Kubernetes version.
#[derive(Debug)]
pub struct Schema {
    pub minor: u32,
    defs: Map<String, Value>,
    /// `(group, version, kind)` to definition name.
    by_gvk: HashMap<(String, String, String), String>,
    /// `(group, kind)` pairs the version knows in any API version.
    kinds: HashMap<(String, String), Vec<String>>,
}

/// The schema for Kubernetes 1.`minor`, or the nearest embedded one.
pub fn for_minor(minor: u32) -> Option<&'static Schema> {
    let minor = minor.clamp(OLDEST_MINOR, NEWEST_MINOR);
    let index = EMBEDDED.iter().position(|(m, _)| *m == minor)?;
    LOADED[index]
        .get_or_init(|| Schema::load(minor, EMBEDDED[index].1))
        .as_ref()
}

impl Schema {
    fn load(minor: u32, deflated: &[u8]) -> Option<Schema> {
        let bytes = miniz_oxide::inflate::decompress_to_vec(deflated).ok()?;
        let Value::Object(defs) = serde_json::from_slice(&bytes).ok()? else {
            return None;
        };
        let mut by_gvk = HashMap::new();
        let mut kinds: HashMap<(String, String), Vec<String>> = HashMap::new();
        for (name, def) in &defs {
            let Some(gvks) = def
                .get("x-kubernetes-group-version-kind")
                .and_then(Value::as_array)
            else {
                continue;
            };
            // Only definitions whose `apiVersion`/`kind` enums name themselves
            // are objects one writes (not shared option types like DeleteOptions).
            let own_kind = def
                .pointer("/properties/kind/enum")
                .and_then(Value::as_array)
                .is_some();
            if !own_kind {
                continue;
            }
            for gvk in gvks {
                let field = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let (group, version, kind) = (field("group"), field("version"), field("kind"));
                kinds
                    .entry((group.clone(), kind.clone()))
                    .or_default()
                    .push(version.clone());
                by_gvk.insert((group, version, kind), name.clone());
            }
        }
        Some(Schema {
            minor,
            defs,
            by_gvk,
            kinds,
        })
    }

    /// The definition of a top-level kind.
    pub fn kind_definition(&self, group: &str, version: &str, kind: &str) -> Option<&Value> {
        let name = self
            .by_gvk
            .get(&(group.to_string(), version.to_string(), kind.to_string()))?;
        self.defs.get(name)
    }

    /// The API versions in which this Kubernetes version serves `group`/`kind`;
    /// empty for kinds it does not know (custom resources).
    pub fn versions_of(&self, group: &str, kind: &str) -> &[String] {
        self.kinds
            .get(&(group.to_string(), kind.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..8 {
            if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
                match r.rsplit('/').next().and_then(|n| self.defs.get(n)) {
                    Some(def) => schema = def,
                    None => return schema,
                }
            } else if let Some([single]) = schema
                .get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                schema = single;
            } else {
                return schema;
            }
        }
        schema
    }
}

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A key the schema does not have; `known` lists the valid keys.
    UnknownField { field: String, known: Vec<String> },
    /// A required key is absent from the mapping.
    MissingField { field: String },
    /// The value has the wrong type.
    WrongType { expected: String, found: Found },
    /// A plain scalar of the right type for `kubectl` (YAML 1.1 rules) that
    /// YAML 1.2 tools read differently; `canonical` means the same to both.
    Yaml11 {
        hazard: plimsoll_syntax::yaml::Yaml11Hazard,
        canonical: String,
    },
}

/// What a value turned out to be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Found {
    Scalar(GoYamlType),
    Mapping,
    Sequence,
}

impl Found {
    pub fn describe(self) -> &'static str {
        match self {
            Found::Scalar(t) => t.json_name(),
            Found::Mapping => "mapping",
            Found::Sequence => "list",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// The node at fault: the unknown key, the mapping missing a field, the
    /// value of the wrong type.
    pub node: NodeId,
    /// Where, as a route below the object (`spec.template.spec.containers[0].ports`).
    pub path: String,
    pub problem: Problem,
}

/// Bounds the walk: YAML nesting is limited by the parser, and this keeps a
/// pathological schema-and-document pair from running away.
const MAX_DEPTH: usize = 128;

/// Validates the object at `node` against the definition of its kind.
/// `None` when the schema does not know the kind in that API version.
pub fn validate(
    schema: &Schema,
    yaml: &YamlFile,
    node: NodeId,
    group: &str,
    version: &str,
    kind: &str,
) -> Option<Vec<Issue>> {
    let def = schema.kind_definition(group, version, kind)?;
    let mut issues = Vec::new();
    let mut walker = Walker {
        schema,
        yaml,
        issues: &mut issues,
    };
    walker.walk(node, def, &mut String::new(), 0);
    Some(issues)
}

struct Walker<'a> {
    schema: &'a Schema,
    yaml: &'a YamlFile,
    issues: &'a mut Vec<Issue>,
}

/// A `{{placeholder}}` written for a template engine, which YAML reads as
/// a flow mapping whose only key is another flow mapping.
fn is_placeholder(yaml: &YamlFile, node: NodeId) -> bool {
    match yaml.kind(node) {
        NodeKind::Mapping {
            entries,
            flow: true,
        } => {
            entries.len() == 1
                && matches!(
                    yaml.kind(entries[0].0),
                    NodeKind::Mapping { flow: true, .. }
                )
        }
        _ => false,
    }
}

/// The type of a node as the API server receives it.
fn found(yaml: &YamlFile, node: NodeId) -> Found {
    if is_placeholder(yaml, node) {
        return Found::Scalar(GoYamlType::Null);
    }
    match yaml.kind(node) {
        NodeKind::Mapping { .. } => Found::Mapping,
        NodeKind::Sequence { .. } => Found::Sequence,
        NodeKind::Scalar { value, style } => match style {
            ScalarStyle::Plain => {
                // A `!!str` tag forces a string.
                if yaml.node(yaml.resolve(node)).tag.as_deref() == Some("!!str") {
                    Found::Scalar(GoYamlType::String)
                } else {
                    Found::Scalar(go_yaml_v2_type(value))
                }
            }
            _ => Found::Scalar(GoYamlType::String),
        },
        // An unresolved alias: the parser already reported it.
        NodeKind::Alias { .. } => Found::Scalar(GoYamlType::Null),
    }
}

/// The JSON types a schema allows (without `null`), empty for "anything".
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

fn accepts(ty: &str, found: Found) -> bool {
    // An integral float (`1e3`, `2.0`) reaches the API server as a JSON
    // integer: `sigs.k8s.io/yaml` encodes it without a fraction.
    if let ("integer", Found::Scalar(GoYamlType::Float(f))) = (ty, found) {
        return f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15;
    }
    matches!(
        (ty, found),
        ("object", Found::Mapping)
            | ("array", Found::Sequence)
            | ("string", Found::Scalar(GoYamlType::String))
            | ("integer", Found::Scalar(GoYamlType::Int(_)))
            | (
                "number",
                Found::Scalar(GoYamlType::Int(_) | GoYamlType::Float(_))
            )
            | ("boolean", Found::Scalar(GoYamlType::Bool(_)))
    )
}

fn push_key(path: &mut String, key: &str) -> usize {
    let len = path.len();
    if !path.is_empty() {
        path.push('.');
    }
    if key.contains(['.', '[', ']', ' ']) {
        path.push('"');
        path.push_str(key);
        path.push('"');
    } else {
        path.push_str(key);
    }
    len
}

impl Walker<'_> {
    fn issue(&mut self, node: NodeId, path: &str, problem: Problem) {
        self.issues.push(Issue {
            node,
            path: path.to_string(),
            problem,
        });
    }

    fn walk(&mut self, node: NodeId, schema: &Value, path: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.schema.resolve(schema);
        let node = self.yaml.resolve(node);
        let found = found(self.yaml, node);
        if found == Found::Scalar(GoYamlType::Null) {
            return;
        }
        if schema.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true))
            && schema.get("properties").is_none()
        {
            return;
        }
        if schema.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
            if !matches!(
                found,
                Found::Scalar(GoYamlType::Int(_) | GoYamlType::String)
            ) {
                self.issue(
                    node,
                    path,
                    Problem::WrongType {
                        expected: "integer or string".into(),
                        found,
                    },
                );
            }
            return;
        }
        if let Some(alternatives) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            // Int-or-string and quantities: a shallow type check. Richer
            // unions (custom resource schemas) are not checked.
            let alt_types: Vec<&str> = alternatives
                .iter()
                .flat_map(|a| types(self.schema.resolve(a)))
                .collect();
            if !alt_types.is_empty()
                && alternatives.iter().all(|a| a.get("properties").is_none())
                && !alt_types.iter().any(|t| accepts(t, found))
            {
                self.issue(
                    node,
                    path,
                    Problem::WrongType {
                        expected: alt_types.join(" or "),
                        found,
                    },
                );
            }
            return;
        }
        let allowed = types(schema);
        if allowed.is_empty() && schema.get("properties").is_none() {
            return;
        }
        if !allowed.is_empty() && !allowed.iter().any(|t| accepts(t, found)) {
            self.issue(
                node,
                path,
                Problem::WrongType {
                    expected: allowed.join(" or "),
                    found,
                },
            );
            return;
        }
        if let Found::Scalar(ty) = found {
            self.check_yaml11(node, path, ty);
        }
        match found {
            Found::Mapping => self.walk_mapping(node, schema, path, depth),
            Found::Sequence => {
                if let Some(items) = schema.get("items") {
                    for (i, &item) in self.yaml.items(node).iter().enumerate() {
                        let len = path.len();
                        let _ = write!(path, "[{i}]");
                        self.walk(item, items, path, depth + 1);
                        path.truncate(len);
                    }
                }
            }
            Found::Scalar(_) => {
                if let (Some(Value::Array(values)), Some(text)) =
                    (schema.get("enum"), self.yaml.str(node))
                    && !values.iter().any(|v| v.as_str() == Some(text))
                {
                    let expected = values
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    self.issue(node, path, Problem::WrongType { expected, found });
                }
            }
        }
    }

    /// A plain scalar whose YAML 1.1 reading (which the value already
    /// passed) differs from its YAML 1.2 reading.
    fn check_yaml11(&mut self, node: NodeId, path: &str, ty: GoYamlType) {
        use plimsoll_syntax::yaml::{Yaml11Hazard, yaml11_hazard};
        let NodeKind::Scalar {
            value,
            style: ScalarStyle::Plain,
        } = self.yaml.kind(node)
        else {
            return;
        };
        let Some(hazard) = yaml11_hazard(value) else {
            return;
        };
        let canonical = match (hazard, ty) {
            (Yaml11Hazard::Boolean(b), GoYamlType::Bool(_)) => b.to_string(),
            (Yaml11Hazard::Octal, GoYamlType::Int(i)) => i.to_string(),
            #[allow(clippy::cast_possible_truncation)]
            (Yaml11Hazard::ExponentWithoutDot, GoYamlType::Float(f)) if f.fract() == 0.0 => {
                (f as i64).to_string()
            }
            _ => return,
        };
        self.issue(node, path, Problem::Yaml11 { hazard, canonical });
    }

    fn walk_mapping(&mut self, node: NodeId, schema: &Value, path: &mut String, depth: usize) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let entries = self.yaml.entries(node);
        for &(k, v) in &entries {
            let Some(key) = self.yaml.str(k) else {
                continue;
            };
            let len = push_key(path, key);
            if let Some(prop) = properties.and_then(|p| p.get(key)) {
                self.walk(v, prop, path, depth + 1);
            } else if let Some(extra @ Value::Object(_)) = additional {
                self.walk(v, extra, path, depth + 1);
            } else if additional == Some(&Value::Bool(false)) && properties.is_some() {
                let known = properties
                    .map(|p| p.keys().cloned().collect())
                    .unwrap_or_default();
                self.issue(
                    k,
                    path,
                    Problem::UnknownField {
                        field: key.to_string(),
                        known,
                    },
                );
            }
            path.truncate(len);
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for field in required.iter().filter_map(Value::as_str) {
                // An empty value (`name:` or `name: ~`) is as good as missing,
                // unless the field is a placeholder for a template engine.
                let present = entries.iter().any(|&(k, v)| {
                    self.yaml.str(k) == Some(field)
                        && (found(self.yaml, v) != Found::Scalar(GoYamlType::Null)
                            || is_placeholder(self.yaml, v))
                });
                if !present {
                    self.issue(
                        node,
                        path,
                        Problem::MissingField {
                            field: field.to_string(),
                        },
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<(String, Problem)> {
        let yaml = YamlFile::parse(text);
        let root = yaml.documents[0].root.unwrap();
        let api = yaml.str(yaml.get(root, "apiVersion").unwrap()).unwrap();
        let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
        let kind = yaml.str(yaml.get(root, "kind").unwrap()).unwrap();
        let schema = for_minor(NEWEST_MINOR).unwrap();
        validate(schema, &yaml, root, group, version, kind)
            .unwrap()
            .into_iter()
            .map(|i| (i.path, i.problem))
            .collect()
    }

    #[test]
    fn every_embedded_version_loads() {
        for minor in OLDEST_MINOR..=NEWEST_MINOR {
            let s = for_minor(minor).unwrap_or_else(|| panic!("1.{minor}"));
            assert!(s.kind_definition("apps", "v1", "Deployment").is_some());
            assert_eq!(s.versions_of("", "Pod"), ["v1"]);
        }
        assert_eq!(for_minor(99).unwrap().minor, NEWEST_MINOR);
        assert!(
            for_minor(30)
                .unwrap()
                .kind_definition("extensions", "v1beta1", "Ingress")
                .is_none()
        );
    }

    #[test]
    fn reports_types_unknown_and_missing_fields_like_the_api_server() {
        let issues = check(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {enabled: yes, tier: 1}\nspec:\n  replicas: \"3\"\n  revisionHistoryLimit: 1e1\n  paused: off\n  template:\n    spec:\n      containers:\n      - image: nginx\n        imagePullPolicy: Always\n        env:\n        - {name: PORT, value: 8080}\n        ports:\n        - containerPort: 80\n          protocl: TCP\n        resources:\n          limits: {cpu: 1, memory: 1Gi}\n",
        );
        let summary: Vec<String> = issues
            .iter()
            .map(|(p, problem)| match problem {
                Problem::UnknownField { field, .. } => format!("{p}: unknown {field}"),
                Problem::MissingField { field } => format!("{p}: missing {field}"),
                Problem::WrongType { expected, found } => {
                    format!("{p}: expected {expected}, found {}", found.describe())
                }
                Problem::Yaml11 { canonical, .. } => format!("{p}: ambiguous, means {canonical}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "metadata.labels.enabled: expected string, found boolean",
                "metadata.labels.tier: expected string, found integer",
                "spec.replicas: expected integer, found string",
                "spec.revisionHistoryLimit: ambiguous, means 10",
                "spec.paused: ambiguous, means false",
                "spec.template.spec.containers[0].env[0].value: expected string, found integer",
                "spec.template.spec.containers[0].ports[0].protocl: unknown protocl",
                "spec.template.spec.containers[0]: missing name",
                "spec: missing selector",
            ]
        );
    }

    #[test]
    fn accepts_valid_objects_and_null_values() {
        assert_eq!(
            check(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  creationTimestamp: null\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n  - port: 443\n    targetPort: 8443\n  selector: {app: web}\n"
            ),
            []
        );
    }
}
