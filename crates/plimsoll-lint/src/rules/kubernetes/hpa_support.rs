//! Autoscalers of the run and the workloads they scale: which
//! HorizontalPodAutoscalers (and KEDA ScaledObjects, which create one)
//! target a workload, and how many replicas the workload runs as a result.
//! Shared by the rules on rollouts, replicas, spreading, disruption
//! budgets and HPA wiring (practices K06, K08, K09 and K10).

use super::prelude::*;
use crate::parse::ParsedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AutoscalerKind {
    Hpa,
    /// A KEDA `ScaledObject` (it creates and owns an HPA).
    Keda,
}

/// An autoscaler and the replica range it keeps its target in.
#[derive(Clone, Copy)]
pub(super) struct Autoscaler<'a> {
    pub obj: ObjRef<'a>,
    pub kind: AutoscalerKind,
    /// The lowest replica count, as the API defaults it (HPA 1, KEDA 0);
    /// `None` when it is not a literal.
    pub min: Option<i64>,
    /// The highest replica count (KEDA defaults it to 100).
    pub max: Option<i64>,
}

/// What an autoscaler's `scaleTargetRef` names.
pub(super) struct ScaleTarget<'y> {
    pub kind: &'y str,
    pub name: &'y str,
    /// The `name` scalar, where a wrong target is reported.
    pub name_node: NodeId,
}

pub(super) fn is_hpa(o: &Object) -> bool {
    o.is("autoscaling", "HorizontalPodAutoscaler")
}

fn autoscaler_kind(o: &Object) -> Option<AutoscalerKind> {
    if is_hpa(o) {
        Some(AutoscalerKind::Hpa)
    } else if o.is("keda.sh", "ScaledObject") {
        Some(AutoscalerKind::Keda)
    } else {
        None
    }
}

/// The target of an autoscaler, unless it is missing or templated. A
/// ScaledObject's `kind` defaults to Deployment.
pub(super) fn scale_target<'y>(yaml: &'y YamlFile, o: &Object) -> Option<ScaleTarget<'y>> {
    let kind = autoscaler_kind(o)?;
    let target = yaml.get(o.spec(yaml)?, "scaleTargetRef")?;
    let name_node = yaml.get(target, "name")?;
    let name = yaml
        .str(name_node)
        .filter(|s| !s.is_empty() && !helpers::is_templated(s))?;
    let target_kind = match yaml.get(target, "kind") {
        Some(k) => yaml.str(k).filter(|s| !s.is_empty())?,
        None if kind == AutoscalerKind::Keda => "Deployment",
        None => return None,
    };
    (!helpers::is_templated(target_kind)).then_some(ScaleTarget {
        kind: target_kind,
        name,
        name_node,
    })
}

/// An integer field of an autoscaler's spec: `Some(default)` when unset,
/// `None` when it is not a literal integer.
pub(super) fn spec_int(yaml: &YamlFile, o: &Object, key: &str, default: i64) -> Option<i64> {
    let Some(spec) = o.spec(yaml) else {
        return Some(default);
    };
    match yaml.get(spec, key) {
        None => Some(default),
        Some(n) if yaml.is_null(n) => Some(default),
        Some(n) => helpers::k8s_int(yaml, n),
    }
}

fn autoscaler(r: ObjRef<'_>) -> Option<Autoscaler<'_>> {
    let kind = autoscaler_kind(r.object)?;
    let yaml = &r.file.yaml()?.yaml;
    let (min, max) = match kind {
        AutoscalerKind::Hpa => (
            spec_int(yaml, r.object, "minReplicas", 1),
            r.object
                .spec(yaml)
                .and_then(|s| yaml.get(s, "maxReplicas"))
                .and_then(|n| helpers::k8s_int(yaml, n)),
        ),
        AutoscalerKind::Keda => (
            spec_int(yaml, r.object, "minReplicaCount", 0),
            spec_int(yaml, r.object, "maxReplicaCount", 100),
        ),
    };
    Some(Autoscaler {
        obj: r,
        kind,
        min,
        max,
    })
}

/// Whether an autoscaler and a workload may belong together: related (see
/// [`Cluster::related`]), or in nested directories (`app/` and `app/hpa/`)
/// with compatible namespaces.
pub(super) fn near(
    cluster: &Cluster<'_>,
    a: (&ParsedFile, &Object),
    b: (&ParsedFile, &Object),
) -> bool {
    if cluster.related(a, b) {
        return true;
    }
    let dir = |f: &ParsedFile| {
        crate::paths::normalize(&f.fs_path)
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    };
    let (da, db) = (dir(a.0), dir(b.0));
    cluster
        .namespace_of(a.0, a.1)
        .compatible(cluster.namespace_of(b.0, b.1))
        && (da.starts_with(&db) || db.starts_with(&da))
}

/// The autoscalers of the run near `object` (see [`near`]) whose
/// `scaleTargetRef` names it (same kind and name).
pub(super) fn autoscalers_targeting<'a>(
    cluster: &Cluster<'a>,
    file: &ParsedFile,
    object: &Object,
) -> Vec<Autoscaler<'a>> {
    let Some(name) = object.name.as_deref() else {
        return Vec::new();
    };
    cluster
        .of_kind("HorizontalPodAutoscaler")
        .chain(cluster.of_kind("ScaledObject"))
        .filter(|r| {
            let Some(yaml) = r.file.yaml().map(|m| &m.yaml) else {
                return false;
            };
            scale_target(yaml, r.object).is_some_and(|t| t.kind == object.kind && t.name == name)
                && near(cluster, (file, object), (r.file, r.object))
        })
        .filter_map(autoscaler)
        .collect()
}

/// How many replicas a workload runs: its own count and the autoscalers
/// that override it.
pub(super) struct Scale<'a> {
    /// `spec.replicas` as defaulted (1 when unset); `None` when not a literal
    /// or for kinds without replicas.
    pub replicas: Option<i64>,
    pub autoscalers: Vec<Autoscaler<'a>>,
}

impl<'a> Scale<'a> {
    pub fn of(cx: &K8sContext<'a>, o: &Object, w: &Workload) -> Scale<'a> {
        Scale {
            replicas: w.effective_replicas(),
            autoscalers: autoscalers_targeting(cx.cluster, cx.parsed, o),
        }
    }

    pub fn autoscaled(&self) -> bool {
        !self.autoscalers.is_empty()
    }

    /// The highest `minReplicas` among the autoscalers (the floor they keep).
    pub fn autoscaler_min(&self) -> Option<i64> {
        self.autoscalers.iter().filter_map(|a| a.min).max()
    }

    /// The highest replica count the workload may reach.
    pub fn upper(&self) -> Option<i64> {
        if self.autoscaled() {
            self.autoscalers.iter().filter_map(|a| a.max).max()
        } else {
            self.replicas
        }
    }

    /// Whether the workload runs two or more pods: two replicas, or an
    /// autoscaler that never goes below two.
    pub fn replicated(&self) -> bool {
        self.replicas.is_some_and(|r| r >= 2) || self.autoscaler_min().is_some_and(|m| m >= 2)
    }

    /// `3 replicas` or `at least 2 replicas (HorizontalPodAutoscaler/web)`.
    pub fn describe(&self) -> String {
        match (
            self.replicas,
            self.autoscaler_min(),
            self.autoscalers.first(),
        ) {
            (Some(r), _, _) if r >= 2 => format!("{r} replicas"),
            (_, Some(m), Some(a)) => {
                format!("at least {m} replicas ({})", a.obj.object.display())
            }
            (Some(r), _, _) => format!("{r} replica{}", if r == 1 { "" } else { "s" }),
            _ => "replicas".into(),
        }
    }
}
