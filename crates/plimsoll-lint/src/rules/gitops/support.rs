//! What the ArgoCD, Argo Rollouts, External Secrets and Grafana rules share
//! (practices O02-O05): kinds, the Application spec of an Application or
//! an ApplicationSet template, sources, "production" hints, and a walk
//! over dashboard panels.

use crate::grafana::Seg;
use crate::k8s::Object;
use plimsoll_syntax::yaml::{NodeId, YamlFile};
use serde_json::Value as Json;

pub const ARGO_GROUP: &str = "argoproj.io";
pub const ESO_GROUP: &str = "external-secrets.io";

/// At most this many findings of one dashboard rule per dashboard: each
/// finding locates its path by scanning the JSON text.
pub const MAX_REPORTS: usize = 20;

/// An Argo (CD or Rollouts) object of `kind`.
pub fn is_argo(o: &Object, kind: &str) -> bool {
    o.kind == kind && o.group() == ARGO_GROUP
}

/// An External Secrets Operator object of `kind`.
pub fn is_eso(o: &Object, kind: &str) -> bool {
    o.kind == kind && o.group() == ESO_GROUP
}

/// The Application spec of an Application, or of an ApplicationSet's
/// `spec.template` (generator-level template overrides are partial and
/// not judged), with a label for messages.
pub fn app_spec(yaml: &YamlFile, o: &Object) -> Option<(NodeId, String)> {
    if is_argo(o, "Application") {
        return Some((o.spec(yaml)?, o.display()));
    }
    if is_argo(o, "ApplicationSet") {
        let spec = yaml.path(o.spec(yaml)?, &["template", "spec"])?;
        return yaml
            .is_mapping(spec)
            .then(|| (spec, format!("the template of {}", o.display())));
    }
    None
}

/// Whether an ApplicationSet may fill in fields its `spec.template`
/// leaves out: a `templatePatch`, or a generator with its own `template`.
/// Rules then do not report a field as missing.
pub fn appset_may_override(yaml: &YamlFile, o: &Object) -> bool {
    if !is_argo(o, "ApplicationSet") {
        return false;
    }
    let Some(spec) = o.spec(yaml) else {
        return false;
    };
    yaml.get(spec, "templatePatch").is_some()
        || yaml.get(spec, "generators").is_some_and(|g| {
            yaml.items(g).iter().any(|&gen_| {
                yaml.entries(yaml.resolve(gen_))
                    .iter()
                    .any(|&(_, v)| yaml.get(v, "template").is_some())
            })
        })
}

/// The sources of an Application spec: `source` and each of `sources`.
pub fn sources(yaml: &YamlFile, spec: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    if let Some(s) = yaml.get(spec, "source").filter(|s| yaml.is_mapping(*s)) {
        out.push(s);
    }
    if let Some(list) = yaml.get(spec, "sources") {
        out.extend(
            yaml.items(list)
                .iter()
                .map(|&i| yaml.resolve(i))
                .filter(|&i| yaml.is_mapping(i)),
        );
    }
    out
}

/// A string at `keys` below `node`.
pub fn str_at<'y>(yaml: &'y YamlFile, node: NodeId, keys: &[&str]) -> Option<&'y str> {
    yaml.path(node, keys).and_then(|n| yaml.str(n))
}

/// Whether an Application looks like production: its name, destination
/// (namespace, cluster name or server) or a source path has a `prod` or
/// `production` segment.
pub fn is_production(yaml: &YamlFile, o: &Object, spec: NodeId) -> bool {
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(o.name.as_deref());
    texts.extend(
        yaml.path(spec, &["template", "metadata", "name"])
            .and_then(|n| yaml.str(n)),
    );
    for key in ["namespace", "name", "server"] {
        texts.extend(str_at(yaml, spec, &["destination", key]));
    }
    for s in sources(yaml, spec) {
        texts.extend(str_at(yaml, s, &["path"]));
    }
    texts.iter().any(|t| has_prod_segment(t))
}

/// `prod`, `production`, `prd` as a segment of a name or path
/// (`payments-prod`, `envs/production/api`), not inside a word
/// (`product`, `prodigy`).
pub fn has_prod_segment(text: &str) -> bool {
    text.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "prod" | "production" | "prd"))
}

/// Every panel of a dashboard with its path: top-level `panels`, panels
/// nested in collapsed rows, and legacy `rows[].panels`.
pub fn panels(dashboard: &serde_json::Map<String, Json>) -> PanelList<'_> {
    let mut out = Vec::new();
    push_panels(dashboard.get("panels"), &[Seg::key("panels")], &mut out);
    let top = out.len();
    for j in 0..top {
        let (mut prefix, p) = (out[j].0.clone(), out[j].1);
        prefix.push(Seg::key("panels"));
        push_panels(p.get("panels"), &prefix, &mut out);
    }
    for (r, row) in dashboard
        .get("rows")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        push_panels(
            row.get("panels"),
            &[Seg::key("rows"), Seg::Index(r), Seg::key("panels")],
            &mut out,
        );
    }
    out
}

type PanelList<'a> = Vec<(Vec<Seg>, &'a serde_json::Map<String, Json>)>;

fn push_panels<'a>(list: Option<&'a Json>, prefix: &[Seg], out: &mut PanelList<'a>) {
    for (i, p) in list
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if let Some(p) = p.as_object() {
            let mut path = prefix.to_vec();
            path.push(Seg::Index(i));
            out.push((path, p));
        }
    }
}

/// The names of the dashboard's template variables (`templating.list[].name`).
pub fn variables(dashboard: &serde_json::Map<String, Json>) -> Vec<&str> {
    dashboard
        .get("templating")
        .and_then(|t| t.get("list"))
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("name").and_then(Json::as_str))
        .collect()
}

/// The variable a `$name`, `${name}` or `[[name]]` reference names (with
/// `${name:format}` reduced to the name).
pub fn variable_ref(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = if let Some(r) = t.strip_prefix("${") {
        r.strip_suffix('}')?
    } else if let Some(r) = t.strip_prefix("[[") {
        r.strip_suffix("]]")?
    } else {
        t.strip_prefix('$')?
    };
    let name = inner.split(':').next().unwrap_or(inner);
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// The `spec.strategy.canary` or `spec.strategy.blueGreen` mapping of an
/// Argo Rollout.
pub fn rollout_strategy(yaml: &YamlFile, o: &Object, name: &str) -> Option<NodeId> {
    if !is_argo(o, "Rollout") {
        return None;
    }
    yaml.path(o.spec(yaml)?, &["strategy", name])
        .filter(|n| yaml.is_mapping(*n))
}

/// The canary steps (resolved mappings).
pub fn canary_steps(yaml: &YamlFile, canary: NodeId) -> Vec<NodeId> {
    yaml.get(canary, "steps")
        .map(|s| {
            yaml.items(s)
                .iter()
                .map(|&i| yaml.resolve(i))
                .filter(|&i| yaml.is_mapping(i))
                .collect()
        })
        .unwrap_or_default()
}

/// Every `{templateName, clusterScope}` a Rollout refers to: background
/// and step analyses, blue-green pre/post-promotion analyses, experiment
/// analyses. Returns the `templateName` node and whether it names a
/// ClusterAnalysisTemplate.
pub fn analysis_template_refs(yaml: &YamlFile, o: &Object) -> Vec<(NodeId, bool)> {
    let mut analyses: Vec<NodeId> = Vec::new();
    if let Some(c) = rollout_strategy(yaml, o, "canary") {
        analyses.extend(yaml.get(c, "analysis"));
        for step in canary_steps(yaml, c) {
            analyses.extend(yaml.get(step, "analysis"));
            if let Some(exp) = yaml.get(step, "experiment")
                && let Some(list) = yaml.get(exp, "analyses")
            {
                analyses.extend(yaml.items(list).iter().map(|&i| yaml.resolve(i)));
            }
        }
    }
    if let Some(b) = rollout_strategy(yaml, o, "blueGreen") {
        analyses.extend(yaml.get(b, "prePromotionAnalysis"));
        analyses.extend(yaml.get(b, "postPromotionAnalysis"));
    }
    let mut out = Vec::new();
    for a in analyses {
        // Experiment analyses name one template directly.
        let mut refs: Vec<NodeId> = vec![a];
        if let Some(list) = yaml.get(a, "templates") {
            refs = yaml.items(list).iter().map(|&i| yaml.resolve(i)).collect();
        }
        for r in refs {
            if let Some(name) = yaml.get(r, "templateName") {
                let cluster = yaml.get(r, "clusterScope").and_then(|n| yaml.bool(n)) == Some(true);
                out.push((name, cluster));
            }
        }
    }
    out
}

/// The ExternalSecret spec of an ExternalSecret, or of a
/// ClusterExternalSecret's `externalSecretSpec`, with a label for messages.
pub fn external_secret_spec(yaml: &YamlFile, o: &Object) -> Option<(NodeId, String)> {
    if is_eso(o, "ExternalSecret") {
        return Some((o.spec(yaml)?, o.display()));
    }
    if is_eso(o, "ClusterExternalSecret") {
        let spec = yaml.get(o.spec(yaml)?, "externalSecretSpec")?;
        return yaml.is_mapping(spec).then(|| (spec, o.display()));
    }
    None
}

/// The `data` and `dataFrom` items of an ExternalSecret spec.
pub fn secret_data_items(yaml: &YamlFile, spec: NodeId) -> Vec<NodeId> {
    ["data", "dataFrom"]
        .iter()
        .filter_map(|k| yaml.get(spec, k))
        .flat_map(|l| yaml.items(l).iter().map(|&i| yaml.resolve(i)))
        .filter(|&i| yaml.is_mapping(i))
        .collect()
}

/// Every store reference of an ExternalSecret spec: `secretStoreRef` and
/// the items' `sourceRef.storeRef`, as (ref mapping, name node, kind).
pub fn store_refs(yaml: &YamlFile, spec: NodeId) -> Vec<(NodeId, NodeId, &str)> {
    let mut refs: Vec<NodeId> = yaml.get(spec, "secretStoreRef").into_iter().collect();
    for item in secret_data_items(yaml, spec) {
        refs.extend(yaml.path(item, &["sourceRef", "storeRef"]));
    }
    refs.into_iter()
        .filter_map(|r| {
            let name = yaml.get(r, "name")?;
            let kind = yaml
                .get(r, "kind")
                .and_then(|k| yaml.str(k))
                .unwrap_or("SecretStore");
            Some((r, name, kind))
        })
        .collect()
}

/// Whether a reference to `name` that matches none of the defined
/// `candidates` (name, defined in the referring file) is worth reporting:
/// a definition of the kind sits in the same file, or a defined name is a
/// near miss (at most two edits away). A flat directory of unrelated
/// examples otherwise reads as one scope and floods "not defined"
/// findings. Returns the end of the message: "; did you mean `x`?" for a
/// near miss, else nothing.
pub fn worth_reporting(name: &str, candidates: &[(&str, bool)]) -> Option<String> {
    let near = candidates
        .iter()
        .map(|&(c, _)| c)
        .filter(|c| name.len() >= 3 && edit_distance(name, c) <= 2)
        .min_by_key(|c| edit_distance(name, c));
    (near.is_some() || candidates.iter().any(|&(_, same_file)| same_file))
        .then(|| did_you_mean(near))
}

/// Levenshtein distance over bytes (names are short ASCII), capped at 64
/// bytes per side.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// "; did you mean `x`?" or nothing.
fn did_you_mean(near: Option<&str>) -> String {
    near.map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prod_segments() {
        assert!(has_prod_segment("payments-prod"));
        assert!(has_prod_segment("envs/production/api"));
        assert!(!has_prod_segment("product-catalog"));
        assert!(!has_prod_segment("staging"));
    }

    #[test]
    fn variable_refs() {
        assert_eq!(variable_ref("${DS_PROM}"), Some("DS_PROM"));
        assert_eq!(variable_ref("$datasource"), Some("datasource"));
        assert_eq!(variable_ref("${ds:text}"), Some("ds"));
        assert_eq!(variable_ref("[[ds]]"), Some("ds"));
        assert_eq!(variable_ref("Prometheus"), None);
    }

    #[test]
    fn near_misses() {
        assert_eq!(edit_distance("payment", "payments"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
        assert_eq!(
            worth_reporting("payment", &[("payments", false)]).as_deref(),
            Some("; did you mean `payments`?")
        );
        assert_eq!(worth_reporting("backend", &[("vault", false)]), None);
        assert_eq!(
            worth_reporting("backend", &[("vault", true)]).as_deref(),
            Some("")
        );
    }
}
