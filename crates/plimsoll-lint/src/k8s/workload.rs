//! Pod templates: where each workload kind keeps its pod spec, its
//! selector and replica count, and its containers.

use super::object::{Labels, Object, string_map};
use super::selector::Selector;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Pod,
    PodTemplate,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ReplicationController,
    Job,
    CronJob,
    /// Argo Rollouts' `Rollout`, a Deployment with progressive delivery.
    Rollout,
    /// A custom resource with a pod template at `spec.template`.
    Custom,
}

impl WorkloadKind {
    /// Controllers that keep pods running (as opposed to run-to-completion
    /// Jobs, bare Pods and templates).
    pub fn is_long_running(self) -> bool {
        matches!(
            self,
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::DaemonSet
                | WorkloadKind::ReplicaSet
                | WorkloadKind::ReplicationController
                | WorkloadKind::Rollout
        )
    }

    /// Kinds with a `spec.replicas` field.
    pub fn has_replicas(self) -> bool {
        matches!(
            self,
            WorkloadKind::Deployment
                | WorkloadKind::StatefulSet
                | WorkloadKind::ReplicaSet
                | WorkloadKind::ReplicationController
                | WorkloadKind::Rollout
        )
    }

    /// Run-to-completion workloads.
    pub fn is_batch(self) -> bool {
        matches!(self, WorkloadKind::Job | WorkloadKind::CronJob)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerRole {
    Main,
    Init,
    /// An init container with `restartPolicy: Always`: runs beside the main ones.
    Sidecar,
    Ephemeral,
}

impl ContainerRole {
    /// The field holding containers of this role.
    pub fn field(self) -> &'static str {
        match self {
            ContainerRole::Main => "containers",
            ContainerRole::Init | ContainerRole::Sidecar => "initContainers",
            ContainerRole::Ephemeral => "ephemeralContainers",
        }
    }

    /// Containers that run for the life of the pod.
    pub fn is_long_running(self) -> bool {
        matches!(self, ContainerRole::Main | ContainerRole::Sidecar)
    }
}

#[derive(Debug, Clone)]
pub struct Container {
    /// The container's mapping.
    pub node: NodeId,
    pub role: ContainerRole,
    /// Position in its list.
    pub index: usize,
    pub name: Option<String>,
    pub image: Option<String>,
}

impl Container {
    /// `container "app"`, for messages.
    pub fn display(&self) -> String {
        let what = match self.role {
            ContainerRole::Main => "container",
            ContainerRole::Init => "init container",
            ContainerRole::Sidecar => "sidecar container",
            ContainerRole::Ephemeral => "ephemeral container",
        };
        match &self.name {
            Some(n) => format!("{what} `{n}`"),
            None => format!("{what} #{}", self.index + 1),
        }
    }

    pub fn get(&self, yaml: &YamlFile, key: &str) -> Option<NodeId> {
        yaml.get(self.node, key)
    }

    pub fn path(&self, yaml: &YamlFile, keys: &[&str]) -> Option<NodeId> {
        yaml.path(self.node, keys)
    }
}

#[derive(Debug, Clone)]
pub struct Workload {
    pub kind: WorkloadKind,
    /// The pod template (`metadata` + `spec`); `None` for a Pod.
    pub template: Option<NodeId>,
    pub template_metadata: Option<NodeId>,
    /// Labels of the pods (a Pod's own labels).
    pub pod_labels: Labels,
    pub pod_annotations: Labels,
    /// The pod spec mapping.
    pub spec: NodeId,
    /// The controller's `spec` (where `replicas` and `selector` live); `None` for a Pod.
    pub controller_spec: Option<NodeId>,
    pub selector: Option<Selector>,
    pub selector_node: Option<NodeId>,
    /// `spec.replicas` when written as an integer.
    pub replicas: Option<i64>,
    pub replicas_node: Option<NodeId>,
    pub containers: Vec<Container>,
}

impl Workload {
    /// The workload of an object, if it has a pod template.
    pub fn of(yaml: &YamlFile, object: &Object) -> Option<Workload> {
        let kind = classify(object)?;
        let spec = object.spec(yaml);
        let (controller_spec, template) = match kind {
            WorkloadKind::Pod => (None, None),
            WorkloadKind::PodTemplate => (None, yaml.get(object.node, "template")),
            WorkloadKind::CronJob => (
                spec,
                spec.and_then(|s| yaml.path(s, &["jobTemplate", "spec", "template"])),
            ),
            _ => (spec, spec.and_then(|s| yaml.get(s, "template"))),
        };
        let template = template.filter(|t| yaml.is_mapping(*t));
        let pod_spec = match kind {
            WorkloadKind::Pod => spec?,
            _ => yaml
                .get(template?, "spec")
                .filter(|s| yaml.is_mapping(*s))?,
        };
        // A custom resource counts only when its template really is a pod template.
        if kind == WorkloadKind::Custom
            && !yaml
                .get(pod_spec, "containers")
                .is_some_and(|c| yaml.is_sequence(c))
        {
            return None;
        }
        let template_metadata = match template {
            Some(t) => yaml.get(t, "metadata").filter(|m| yaml.is_mapping(*m)),
            None => object.metadata,
        };
        let (pod_labels, pod_annotations) = match template {
            Some(_) => (
                string_map(yaml, template_metadata.and_then(|m| yaml.get(m, "labels"))),
                string_map(
                    yaml,
                    template_metadata.and_then(|m| yaml.get(m, "annotations")),
                ),
            ),
            None => (object.labels.clone(), object.annotations.clone()),
        };
        let selector_node = match kind {
            WorkloadKind::Pod | WorkloadKind::PodTemplate | WorkloadKind::CronJob => None,
            _ => controller_spec.and_then(|s| yaml.get(s, "selector")),
        }
        .filter(|n| !yaml.is_null(*n));
        let selector = selector_node.map(|n| {
            if kind == WorkloadKind::ReplicationController {
                Selector::from_map(yaml, n)
            } else {
                Selector::from_label_selector(yaml, n)
            }
        });
        let replicas_node = if kind.has_replicas() {
            controller_spec.and_then(|s| yaml.get(s, "replicas"))
        } else {
            None
        };
        Some(Workload {
            kind,
            template,
            template_metadata,
            pod_labels,
            pod_annotations,
            spec: pod_spec,
            controller_spec,
            selector,
            selector_node,
            replicas: replicas_node.and_then(|n| yaml.int(n)),
            replicas_node,
            containers: containers(yaml, pod_spec),
        })
    }

    /// Replicas as Kubernetes defaults them (1 when unset); `None` when
    /// the count is not a literal (a template, a DaemonSet).
    pub fn effective_replicas(&self) -> Option<i64> {
        if !self.kind.has_replicas() {
            return None;
        }
        match self.replicas_node {
            None => Some(1),
            Some(_) => self.replicas,
        }
    }

    /// Containers that run for the life of the pod (main and sidecars).
    pub fn long_running_containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.iter().filter(|c| c.role.is_long_running())
    }

    /// Main, init and sidecar containers (not ephemeral ones).
    pub fn regular_containers(&self) -> impl Iterator<Item = &Container> {
        self.containers
            .iter()
            .filter(|c| c.role != ContainerRole::Ephemeral)
    }

    /// A pod-spec field.
    pub fn pod_field(&self, yaml: &YamlFile, key: &str) -> Option<NodeId> {
        yaml.get(self.spec, key)
    }
}

fn classify(object: &Object) -> Option<WorkloadKind> {
    let group = object.group();
    let kind = match (group, object.kind.as_str()) {
        ("", "Pod") => WorkloadKind::Pod,
        ("", "PodTemplate") => WorkloadKind::PodTemplate,
        ("", "ReplicationController") => WorkloadKind::ReplicationController,
        ("apps" | "extensions", "Deployment") => WorkloadKind::Deployment,
        ("apps", "StatefulSet") => WorkloadKind::StatefulSet,
        ("apps" | "extensions", "DaemonSet") => WorkloadKind::DaemonSet,
        ("apps" | "extensions", "ReplicaSet") => WorkloadKind::ReplicaSet,
        ("batch", "Job") => WorkloadKind::Job,
        ("batch", "CronJob") => WorkloadKind::CronJob,
        ("argoproj.io", "Rollout") => WorkloadKind::Rollout,
        // Other built-in groups have no pod templates.
        ("" | "apps" | "batch" | "extensions", _) => return None,
        (g, _) if g.ends_with(".k8s.io") => return None,
        _ => WorkloadKind::Custom,
    };
    Some(kind)
}

fn containers(yaml: &YamlFile, pod_spec: NodeId) -> Vec<Container> {
    let mut out = Vec::new();
    for (field, role) in [
        ("initContainers", ContainerRole::Init),
        ("containers", ContainerRole::Main),
        ("ephemeralContainers", ContainerRole::Ephemeral),
    ] {
        let Some(list) = yaml.get(pod_spec, field) else {
            continue;
        };
        for (index, &item) in yaml.items(list).iter().enumerate() {
            if !yaml.is_mapping(item) {
                continue;
            }
            let text = |key: &str| {
                yaml.get(item, key)
                    .and_then(|n| yaml.str(n))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let role = if role == ContainerRole::Init
                && yaml.get(item, "restartPolicy").and_then(|n| yaml.str(n)) == Some("Always")
            {
                ContainerRole::Sidecar
            } else {
                role
            };
            out.push(Container {
                node: item,
                role,
                index,
                name: text("name"),
                image: text("image"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::object::objects_in;
    use super::*;

    #[test]
    fn finds_pod_templates_by_kind() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: c}}\n        spec:\n          initContainers:\n          - name: proxy\n            image: envoy\n            restartPolicy: Always\n          containers:\n          - name: main\n            image: busybox\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: web, image: nginx}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec:\n  containers: [{name: x, image: y}]\n---\napiVersion: example.com/v1\nkind: Widget\nspec: {template: {spec: {size: 3}}}\n";
        let yaml = YamlFile::parse(text);
        let objects = objects_in(&yaml, false);
        let w: Vec<&Workload> = objects.iter().filter_map(|o| o.workload.as_ref()).collect();
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].kind, WorkloadKind::CronJob);
        assert_eq!(w[0].containers[0].role, ContainerRole::Sidecar);
        assert_eq!(w[0].containers[1].name.as_deref(), Some("main"));
        assert_eq!(w[0].pod_labels.get("app").map(String::as_str), Some("c"));
        assert_eq!(w[1].effective_replicas(), Some(3));
        assert!(w[1].selector.as_ref().unwrap().matches(&w[1].pod_labels));
        assert_eq!(w[2].kind, WorkloadKind::Pod);
        assert_eq!(w[2].pod_labels.get("app").map(String::as_str), Some("p"));
        assert_eq!(w[2].effective_replicas(), None);
    }
}
