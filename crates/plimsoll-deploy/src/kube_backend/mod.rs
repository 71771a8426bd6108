//! Kubernetes through kube-rs: reading the facts a plan needs, applying its
//! changes (server-side apply, or read-modify-replace with resourceVersion
//! where an update must be one atomic write), waiting with rollout-status
//! semantics, the per-target Lease and the progress annotations.
//!
//! Every object is handled as JSON through `Api<DynamicObject>`: the deploy
//! touches a handful of fields on several kinds (some of them CRDs), and
//! JSON keeps one code path for all of them.

mod changes;
mod facts;
mod lock;
mod progress;
mod rollout;

pub use lock::{LeaseGuard, LockInfo, holder_identity, lease_name, now_rfc3339};
pub use progress::{ControlRequest, DeployRecord, PROGRESS_ANNOTATION, REQUEST_ANNOTATION};
pub use rollout::{RolloutState, deployment_state, statefulset_state};

use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::discovery::ApiResource;
use serde_json::Value;
use std::path::Path;

/// The field manager of plimsoll's merge patches; server-side applies use
/// `plimsoll-<change>` managers (see [`Backend::apply`]).
pub const FIELD_MANAGER: &str = "plimsoll";

#[derive(Debug, thiserror::Error)]
pub enum KubeError {
    #[error("kubeconfig: {0}")]
    Config(String),
    #[error("context `{wanted}` is not in the kubeconfig (contexts: {known})")]
    UnknownContext { wanted: String, known: String },
    #[error("{kind} {namespace}/{name} not found")]
    NotFound {
        kind: String,
        namespace: String,
        name: String,
    },
    #[error(
        "forbidden: {message} (the deploy needs get/list/watch/patch on the target's Deployments, ReplicaSets, Pods, Services and Leases)"
    )]
    Forbidden { message: String },
    #[error("conflict: {0}")]
    Conflict(String),
    /// Another deploy holds the target's Lease.
    #[error("{0}")]
    Locked(String),
    #[error("API server rejected the request ({code} {reason}): {message}")]
    Api {
        code: u16,
        reason: String,
        message: String,
    },
    #[error("connection to the API server failed: {0}")]
    Connection(String),
    #[error("{0}")]
    Invalid(String),
}

impl KubeError {
    fn from_kube(error: kube::Error, kind: &str, namespace: &str, name: &str) -> Self {
        match error {
            kube::Error::Api(status) if status.code == 404 => KubeError::NotFound {
                kind: kind.to_string(),
                namespace: namespace.to_string(),
                name: name.to_string(),
            },
            kube::Error::Api(status) if status.code == 403 => KubeError::Forbidden {
                message: status.message.clone(),
            },
            kube::Error::Api(status) if status.code == 409 => {
                KubeError::Conflict(status.message.clone())
            }
            kube::Error::Api(status) => KubeError::Api {
                code: status.code,
                reason: status.reason.clone(),
                message: status.message.clone(),
            },
            other => KubeError::Connection(crate::error_chain(&other)),
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, KubeError::NotFound { .. })
    }

    /// The server answered and said no: the change did not happen, and
    /// asking again will not change the answer.
    pub fn is_refusal(&self) -> bool {
        match self {
            KubeError::NotFound { .. } | KubeError::Forbidden { .. } | KubeError::Invalid(_) => {
                true
            }
            KubeError::Api { code, .. } => {
                (400..500).contains(code) && *code != 408 && *code != 429
            }
            _ => false,
        }
    }
}

/// The kinds the deploy touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    StatefulSet,
    ReplicaSet,
    Pod,
    Service,
    Ingress,
    Lease,
    HttpRoute,
    VirtualService,
}

impl Kind {
    fn resource(self) -> ApiResource {
        let (group, version, kind, plural) = match self {
            Kind::Deployment => ("apps", "v1", "Deployment", "deployments"),
            Kind::StatefulSet => ("apps", "v1", "StatefulSet", "statefulsets"),
            Kind::ReplicaSet => ("apps", "v1", "ReplicaSet", "replicasets"),
            Kind::Pod => ("", "v1", "Pod", "pods"),
            Kind::Service => ("", "v1", "Service", "services"),
            Kind::Ingress => ("networking.k8s.io", "v1", "Ingress", "ingresses"),
            Kind::Lease => ("coordination.k8s.io", "v1", "Lease", "leases"),
            Kind::HttpRoute => ("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
            Kind::VirtualService => (
                "networking.istio.io",
                "v1",
                "VirtualService",
                "virtualservices",
            ),
        };
        ApiResource {
            group: group.to_string(),
            version: version.to_string(),
            api_version: if group.is_empty() {
                version.to_string()
            } else {
                format!("{group}/{version}")
            },
            kind: kind.to_string(),
            plural: plural.to_string(),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::Service => "Service",
            Kind::Ingress => "Ingress",
            Kind::Lease => "Lease",
            Kind::HttpRoute => "HTTPRoute",
            Kind::VirtualService => "VirtualService",
        }
    }
}

impl From<crate::plan::WorkloadKind> for Kind {
    fn from(kind: crate::plan::WorkloadKind) -> Self {
        match kind {
            crate::plan::WorkloadKind::Deployment => Kind::Deployment,
            crate::plan::WorkloadKind::StatefulSet => Kind::StatefulSet,
        }
    }
}

/// A connection to one namespace of one cluster.
#[derive(Clone)]
pub struct Backend {
    client: kube::Client,
    namespace: String,
    /// The kubeconfig context in use (named in plans and errors).
    pub context: String,
}

impl Backend {
    /// Connects with the kubeconfig at `kubeconfig` (else `$KUBECONFIG` or
    /// `~/.kube/config`), using `context` or the current context. A context
    /// that is not in the file is an error, never a fallback to another.
    pub async fn connect(
        kubeconfig: Option<&Path>,
        context: Option<&str>,
        namespace: &str,
    ) -> Result<Self, KubeError> {
        let file = match kubeconfig {
            Some(path) => Kubeconfig::read_from(path),
            None => Kubeconfig::read(),
        }
        .map_err(|e| KubeError::Config(crate::error_chain(&e)))?;
        let known: Vec<String> = file.contexts.iter().map(|c| c.name.clone()).collect();
        let context = match context {
            Some(wanted) => {
                if !known.iter().any(|k| k == wanted) {
                    return Err(KubeError::UnknownContext {
                        wanted: wanted.to_string(),
                        known: known.join(", "),
                    });
                }
                wanted.to_string()
            }
            None => file
                .current_context
                .clone()
                .ok_or_else(|| KubeError::Config("no current-context in the kubeconfig; set `context` in the deploy configuration".into()))?,
        };
        let options = KubeConfigOptions {
            context: Some(context.clone()),
            ..KubeConfigOptions::default()
        };
        let mut config = kube::Config::from_custom_kubeconfig(file, &options)
            .await
            .map_err(|e| KubeError::Config(crate::error_chain(&e)))?;
        config.connect_timeout = Some(std::time::Duration::from_secs(10));
        config.read_timeout = Some(std::time::Duration::from_secs(60));
        let client = kube::Client::try_from(config)
            .map_err(|e| KubeError::Config(crate::error_chain(&e)))?;
        Ok(Backend {
            client,
            namespace: namespace.to_string(),
            context,
        })
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    fn api(&self, kind: Kind) -> Api<DynamicObject> {
        Api::namespaced_with(self.client.clone(), &self.namespace, &kind.resource())
    }

    /// The object as JSON, or `None` when it does not exist.
    pub async fn get(&self, kind: Kind, name: &str) -> Result<Option<Value>, KubeError> {
        match self.api(kind).get(name).await {
            Ok(object) => Ok(Some(to_json(&object))),
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(None),
            Err(error) => Err(KubeError::from_kube(
                error,
                kind.name(),
                &self.namespace,
                name,
            )),
        }
    }

    pub async fn require(&self, kind: Kind, name: &str) -> Result<Value, KubeError> {
        self.get(kind, name)
            .await?
            .ok_or_else(|| KubeError::NotFound {
                kind: kind.name().to_string(),
                namespace: self.namespace.clone(),
                name: name.to_string(),
            })
    }

    pub async fn list(&self, kind: Kind, label_selector: &str) -> Result<Vec<Value>, KubeError> {
        let params = kube::api::ListParams::default().labels(label_selector);
        let list =
            self.api(kind).list(&params).await.map_err(|e| {
                KubeError::from_kube(e, kind.name(), &self.namespace, label_selector)
            })?;
        Ok(list.items.iter().map(to_json).collect())
    }

    /// Server-side apply of a partial object (force: plimsoll takes the
    /// fields it sets, as `kubectl apply --server-side --force-conflicts`).
    ///
    /// `manager` is the field manager: one per kind of change, because
    /// server-side apply removes fields a manager applied before and omits
    /// now (an image applied by "set image" must survive a later label apply).
    pub async fn apply(
        &self,
        kind: Kind,
        name: &str,
        object: &Value,
        manager: &str,
    ) -> Result<Value, KubeError> {
        let mut object = object.clone();
        object["apiVersion"] = Value::from(kind.resource().api_version);
        object["kind"] = Value::from(kind.name());
        object["metadata"]["name"] = Value::from(name);
        object["metadata"]["namespace"] = Value::from(self.namespace.as_str());
        let params = PatchParams::apply(manager).force();
        self.api(kind)
            .patch(name, &params, &Patch::Apply(&object))
            .await
            .map(|o| to_json(&o))
            .map_err(|e| KubeError::from_kube(e, kind.name(), &self.namespace, name))
    }

    pub async fn merge_patch(
        &self,
        kind: Kind,
        name: &str,
        patch: &Value,
    ) -> Result<Value, KubeError> {
        let params = PatchParams {
            field_manager: Some(FIELD_MANAGER.to_string()),
            ..PatchParams::default()
        };
        self.api(kind)
            .patch(name, &params, &Patch::Merge(patch))
            .await
            .map(|o| to_json(&o))
            .map_err(|e| KubeError::from_kube(e, kind.name(), &self.namespace, name))
    }

    /// Read, change, write back with the read resourceVersion: the write is
    /// one atomic update and a concurrent writer makes it retry, never lose.
    pub async fn update<F>(&self, kind: Kind, name: &str, mut change: F) -> Result<Value, KubeError>
    where
        F: FnMut(&mut Value) -> Result<(), KubeError>,
    {
        let mut last = None;
        for _ in 0..5 {
            let mut object = self.require(kind, name).await?;
            change(&mut object)?;
            let typed: DynamicObject = serde_json::from_value(object)
                .map_err(|e| KubeError::Invalid(format!("{} {name}: {e}", kind.name())))?;
            match self
                .api(kind)
                .replace(name, &PostParams::default(), &typed)
                .await
            {
                Ok(updated) => return Ok(to_json(&updated)),
                Err(kube::Error::Api(status)) if status.code == 409 => {
                    last = Some(status.message.clone());
                }
                Err(error) => {
                    return Err(KubeError::from_kube(
                        error,
                        kind.name(),
                        &self.namespace,
                        name,
                    ));
                }
            }
        }
        Err(KubeError::Conflict(format!(
            "{} {name} kept changing under us: {}",
            kind.name(),
            last.unwrap_or_default()
        )))
    }

    /// Deletes; an object already gone counts as deleted.
    pub async fn delete(&self, kind: Kind, name: &str) -> Result<(), KubeError> {
        match self
            .api(kind)
            .delete(name, &DeleteParams::background())
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
            Err(error) => Err(KubeError::from_kube(
                error,
                kind.name(),
                &self.namespace,
                name,
            )),
        }
    }

    pub async fn create(&self, kind: Kind, object: &Value) -> Result<Value, KubeError> {
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let typed: DynamicObject = serde_json::from_value(object.clone())
            .map_err(|e| KubeError::Invalid(format!("{} {name}: {e}", kind.name())))?;
        self.api(kind)
            .create(&PostParams::default(), &typed)
            .await
            .map(|o| to_json(&o))
            .map_err(|e| KubeError::from_kube(e, kind.name(), &self.namespace, &name))
    }

    pub async fn replace(
        &self,
        kind: Kind,
        name: &str,
        object: &Value,
    ) -> Result<Value, KubeError> {
        let typed: DynamicObject = serde_json::from_value(object.clone())
            .map_err(|e| KubeError::Invalid(format!("{} {name}: {e}", kind.name())))?;
        self.api(kind)
            .replace(name, &PostParams::default(), &typed)
            .await
            .map(|o| to_json(&o))
            .map_err(|e| KubeError::from_kube(e, kind.name(), &self.namespace, name))
    }

    pub(crate) fn raw_api(&self, kind: Kind) -> Api<DynamicObject> {
        self.api(kind)
    }
}

fn to_json(object: &DynamicObject) -> Value {
    serde_json::to_value(object).unwrap_or(Value::Null)
}

/// `metadata.labels` etc. as a string map.
pub(crate) fn string_map(value: &Value) -> std::collections::BTreeMap<String, String> {
    value
        .as_object()
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// `a=b,c=d` for a label selector.
pub(crate) fn selector_string(labels: &std::collections::BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
