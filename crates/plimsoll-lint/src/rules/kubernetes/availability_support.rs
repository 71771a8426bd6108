//! Cross-resource knowledge for the availability rules: which Services
//! route to a workload, what a PodDisruptionBudget selects, integer-or-
//! percent values, and where to point at objects in other files
//! (practices K06, K09 and K10).

use super::prelude::*;
use crate::parse::ParsedFile;

/// Where a node of another file is: its first line for block collections.
pub(super) fn span_in(r: &ObjRef<'_>, node: NodeId) -> Span {
    match r.file.yaml() {
        Some(model) => crate::rule::head_span(&model.yaml, r.file.source.text(), node),
        None => Span::empty(0),
    }
}

/// Where an object of another file is reported: its name, else its kind.
pub(super) fn object_span_in(r: &ObjRef<'_>) -> Span {
    let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
        return Span::empty(0);
    };
    let node = r
        .object
        .metadata
        .and_then(|m| yaml.get(m, "name"))
        .or_else(|| yaml.get(r.object.node, "kind"))
        .unwrap_or(r.object.node);
    span_in(r, node)
}

/// Where a workload of another file is reported: its `replicas` entry when
/// it has one, else its name.
pub(super) fn replicas_span_in(r: &ObjRef<'_>) -> Span {
    match r.object.workload.as_ref().and_then(|w| w.replicas_node) {
        Some(n) => span_in(r, n),
        None => object_span_in(r),
    }
}

/// Whether an object is probably partial: in a kustomize patch (see
/// [`Cluster::looks_like_patch`]), or an `apps/v1` controller without the
/// `selector` the API requires and with a container without an image (a
/// strategic-merge patch of containers by name; a kustomization's
/// `labels` may add the selector to a complete object, never the image).
/// Rules about missing fields skip it.
pub(super) fn is_partial(cluster: &Cluster<'_>, file: &ParsedFile, o: &Object) -> bool {
    cluster.is_patch(file)
        || o.workload.as_ref().is_some_and(|w| {
            o.api_version == "apps/v1"
                && w.selector_node.is_none()
                && w.regular_containers().any(|c| c.image.is_none())
                && matches!(
                    w.kind,
                    WorkloadKind::Deployment
                        | WorkloadKind::StatefulSet
                        | WorkloadKind::DaemonSet
                        | WorkloadKind::ReplicaSet
                )
        })
}

/// Whether a Service only exposes metrics for scraping: named `*-metrics`,
/// or all its ports named for metrics. Such Services carry no user traffic.
fn metrics_only(yaml: &YamlFile, o: &Object, spec: NodeId) -> bool {
    if o.name.as_deref().is_some_and(|n| n.ends_with("-metrics")) {
        return true;
    }
    let names: Vec<Option<&str>> = yaml
        .get(spec, "ports")
        .map(|p| {
            yaml.items(p)
                .iter()
                .map(|&i| yaml.get(i, "name").and_then(|n| yaml.str(n)))
                .collect()
        })
        .unwrap_or_default();
    !names.is_empty()
        && names
            .iter()
            .all(|n| n.is_some_and(|n| n.to_ascii_lowercase().contains("metric")))
}

/// A Service of the run related to a workload whose selector matches its
/// pods, and the selector node.
pub(super) struct SelectingService<'a> {
    pub obj: ObjRef<'a>,
    pub selector: NodeId,
}

/// The Services related to `object` that select its pods. Services without
/// a selector, `ExternalName` Services, metrics-only Services and
/// templated selectors count for nothing here.
pub(super) fn services_selecting<'a>(
    cluster: &Cluster<'a>,
    file: &ParsedFile,
    object: &Object,
    w: &Workload,
) -> Vec<SelectingService<'a>> {
    // The cluster's index yields the Services whose selector matches.
    cluster
        .services_selecting((file, object), &w.pod_labels)
        .filter_map(|s| {
            let r = s.service;
            let yaml = &r.file.yaml()?.yaml;
            let spec = r.object.spec(yaml)?;
            if yaml.get(spec, "type").and_then(|t| yaml.str(t)) == Some("ExternalName")
                || metrics_only(yaml, r.object, spec)
            {
                return None;
            }
            let templated = s
                .selector
                .match_labels
                .iter()
                .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v));
            (!templated).then_some(SelectingService {
                obj: r,
                selector: s.node,
            })
        })
        .collect()
}

pub(super) fn is_pdb(o: &Object) -> bool {
    o.is("policy", "PodDisruptionBudget")
}

/// What a PodDisruptionBudget's selector selects.
pub(super) enum PdbSelector {
    /// No selector: no pods (both API versions).
    Missing,
    /// `selector: {}` in policy/v1beta1: no pods.
    EmptyV1beta1(NodeId),
    /// `selector: {}` in policy/v1: every pod of the namespace.
    All,
    /// Template syntax in the selector: not judged.
    Templated,
    Labels(Selector, NodeId),
}

pub(super) fn pdb_selector(yaml: &YamlFile, o: &Object) -> PdbSelector {
    let Some(node) = o
        .spec(yaml)
        .and_then(|s| yaml.get(s, "selector"))
        .filter(|n| !yaml.is_null(*n))
    else {
        return PdbSelector::Missing;
    };
    if yaml.str(node).is_some_and(helpers::is_templated) {
        return PdbSelector::Templated;
    }
    let selector = Selector::from_label_selector(yaml, node);
    let templated = selector
        .match_labels
        .iter()
        .any(|(k, v)| helpers::is_templated(k) || helpers::is_templated(v))
        || selector.expressions.iter().any(|r| {
            helpers::is_templated(&r.key) || r.values.iter().any(|v| helpers::is_templated(v))
        });
    if templated {
        return PdbSelector::Templated;
    }
    if selector.is_empty() {
        return if o.version() == "v1beta1" {
            PdbSelector::EmptyV1beta1(node)
        } else {
            PdbSelector::All
        };
    }
    PdbSelector::Labels(selector, node)
}

impl PdbSelector {
    /// Whether the budget covers pods with these labels (templated
    /// selectors are assumed to).
    pub fn covers(&self, labels: &crate::k8s::Labels) -> bool {
        match self {
            PdbSelector::Missing | PdbSelector::EmptyV1beta1(_) => false,
            PdbSelector::All | PdbSelector::Templated => true,
            PdbSelector::Labels(s, _) => s.without_controller_labels().matches(labels),
        }
    }

    /// The selector to find pods with: `None` when the budget selects
    /// nothing or cannot be judged.
    pub fn for_matching(&self) -> Option<Selector> {
        match self {
            PdbSelector::All => Some(Selector::default()),
            PdbSelector::Labels(s, _) => Some(s.clone()),
            _ => None,
        }
    }
}

/// An `IntOrString` count: a number or a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum IntOrPercent {
    Int(i64),
    Percent(f64),
}

impl IntOrPercent {
    pub fn read(yaml: &YamlFile, node: NodeId) -> Option<IntOrPercent> {
        if let Some(i) = helpers::k8s_int(yaml, node) {
            return Some(IntOrPercent::Int(i));
        }
        let text = yaml.str(node)?.trim();
        let number = text.strip_suffix('%')?;
        number
            .parse::<u32>()
            .ok()
            .map(|p| IntOrPercent::Percent(f64::from(p)))
    }

    /// The count for `total` pods, rounding a percentage up or down.
    pub fn scaled(self, total: i64, round_up: bool) -> i64 {
        match self {
            IntOrPercent::Int(i) => i,
            IntOrPercent::Percent(p) => {
                #[allow(clippy::cast_precision_loss)]
                let exact = total as f64 * p / 100.0;
                let rounded = if round_up {
                    exact.ceil()
                } else {
                    exact.floor()
                };
                #[allow(clippy::cast_possible_truncation)]
                let count = rounded as i64;
                count
            }
        }
    }

    pub fn is_zero(self) -> bool {
        match self {
            IntOrPercent::Int(i) => i == 0,
            IntOrPercent::Percent(p) => p == 0.0,
        }
    }
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(i) => write!(f, "{i}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}
