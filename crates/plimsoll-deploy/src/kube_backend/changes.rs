//! One plan [`Change`] → API calls. Every change is idempotent, so a resumed
//! deploy can apply its current step again from the start.

use super::{Backend, Kind, KubeError};
use crate::config::Router;
use crate::plan::{Change, WorkloadKind};
use serde_json::{Value, json};
use std::collections::BTreeMap;

impl Backend {
    pub async fn apply_change(&self, change: &Change) -> Result<(), KubeError> {
        match change {
            Change::SetImage {
                kind,
                workload,
                container,
                image,
            } => self.set_image(*kind, workload, container, image).await,
            Change::CreateCopy {
                from,
                workload,
                labels,
                container,
                image,
                replicas,
            } => {
                self.create_copy(from, workload, labels, container, image, *replicas)
                    .await
            }
            Change::Scale {
                kind,
                workload,
                replicas,
            } => self
                .merge_patch(
                    Kind::from(*kind),
                    workload,
                    &json!({"spec": {"replicas": replicas}}),
                )
                .await
                .map(drop),
            Change::DeleteWorkload { workload } => self.delete(Kind::Deployment, workload).await,
            Change::SetSelector { service, selector } => self
                .update(Kind::Service, service, |object| {
                    object["spec"]["selector"] = json!(selector);
                    Ok(())
                })
                .await
                .map(drop),
            Change::LabelPods { workload, labels } => self
                .apply(
                    Kind::Deployment,
                    workload,
                    &json!({"spec": {"template": {"metadata": {"labels": labels}}}}),
                    "plimsoll-track",
                )
                .await
                .map(drop),
            Change::CreateService {
                from,
                service,
                selector,
            } => self.create_service(from, service, selector).await,
            Change::DeleteService { service } => self.delete(Kind::Service, service).await,
            Change::SetWeight {
                router,
                object,
                stable_service,
                canary_service,
                weight,
            } => {
                self.set_weight(*router, object, stable_service, canary_service, *weight)
                    .await
            }
            Change::DeleteCanaryIngress { ingress } => {
                self.delete(Kind::Ingress, &format!("{ingress}-canary"))
                    .await
            }
            Change::RestoreRevision {
                workload, revision, ..
            } => self.restore_revision(workload, revision).await,
        }
    }

    /// The Deployment takes the pod template of its ReplicaSet with
    /// `revision` (less the controller's `pod-template-hash` label).
    async fn restore_revision(&self, workload: &str, revision: &str) -> Result<(), KubeError> {
        let replica_set = self
            .owned_replica_sets(workload)
            .await?
            .into_iter()
            .find(|rs| {
                rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == revision
            })
            .ok_or_else(|| {
                KubeError::Invalid(format!(
                    "Deployment {workload} has no ReplicaSet with revision {revision}"
                ))
            })?;
        let mut template = replica_set["spec"]["template"].clone();
        if let Some(labels) = template["metadata"]["labels"].as_object_mut() {
            labels.remove("pod-template-hash");
        }
        self.update(Kind::Deployment, workload, |deployment| {
            deployment["spec"]["template"] = template.clone();
            let strategy = &mut deployment["spec"]["strategy"];
            if strategy["type"].as_str().unwrap_or("RollingUpdate") == "RollingUpdate" {
                strategy["type"] = json!("RollingUpdate");
                strategy["rollingUpdate"]["maxUnavailable"] = json!(0);
                let surge = &strategy["rollingUpdate"]["maxSurge"];
                if surge == &json!(0) || surge == &json!("0%") {
                    strategy["rollingUpdate"]["maxSurge"] = json!(1);
                }
            }
            Ok(())
        })
        .await
        .map(drop)
    }

    /// The ReplicaSets a Deployment owns.
    pub(crate) async fn owned_replica_sets(&self, workload: &str) -> Result<Vec<Value>, KubeError> {
        let deployment = self.require(Kind::Deployment, workload).await?;
        let selector = super::string_map(&deployment["spec"]["selector"]["matchLabels"]);
        let all = self
            .list(Kind::ReplicaSet, &super::selector_string(&selector))
            .await?;
        Ok(all
            .into_iter()
            .filter(|rs| {
                rs["metadata"]["ownerReferences"]
                    .as_array()
                    .is_some_and(|owners| {
                        owners
                            .iter()
                            .any(|o| o["kind"] == "Deployment" && o["name"] == workload)
                    })
            })
            .collect())
    }

    async fn set_image(
        &self,
        kind: WorkloadKind,
        workload: &str,
        container: &str,
        image: &str,
    ) -> Result<(), KubeError> {
        let mut patch = json!({"spec": {"template": {"spec": {"containers": [{"name": container, "image": image}]}}}});
        if kind == WorkloadKind::Deployment {
            // Never below capacity during the roll (R01). maxSurge 0 with
            // maxUnavailable 0 is invalid, so a zero surge becomes 1.
            let current = self.require(Kind::Deployment, workload).await?;
            let surge = &current["spec"]["strategy"]["rollingUpdate"]["maxSurge"];
            let surge_is_zero = surge == &json!(0) || surge == &json!("0%");
            let strategy_type = current["spec"]["strategy"]["type"]
                .as_str()
                .unwrap_or("RollingUpdate");
            if strategy_type == "RollingUpdate" {
                let mut rolling = json!({"maxUnavailable": 0});
                if surge_is_zero {
                    rolling["maxSurge"] = json!(1);
                }
                patch["spec"]["strategy"] =
                    json!({"type": "RollingUpdate", "rollingUpdate": rolling});
            }
        }
        self.apply(Kind::from(kind), workload, &patch, "plimsoll-image")
            .await?;
        if kind == WorkloadKind::StatefulSet {
            self.replace_stuck_pods(workload, container, image).await?;
        }
        Ok(())
    }

    /// A StatefulSet's rolling update waits for every pod to be Ready, so a
    /// pod started with a broken template (crash looping, image not found)
    /// blocks it for good: reverting the template is not enough, the pod
    /// has to be deleted for the controller to recreate it from the current
    /// template (Kubernetes docs, StatefulSet "Forced rollback"). Deletes
    /// the pods that are not Ready and run another image than `image`.
    async fn replace_stuck_pods(
        &self,
        workload: &str,
        container: &str,
        image: &str,
    ) -> Result<(), KubeError> {
        let statefulset = self.require(Kind::StatefulSet, workload).await?;
        let selector = super::string_map(&statefulset["spec"]["selector"]["matchLabels"]);
        if selector.is_empty() {
            return Ok(());
        }
        let pods = self
            .list(Kind::Pod, &super::selector_string(&selector))
            .await?;
        for pod in pods {
            let owned = pod["metadata"]["ownerReferences"]
                .as_array()
                .is_some_and(|owners| {
                    owners
                        .iter()
                        .any(|o| o["kind"] == "StatefulSet" && o["name"] == workload)
                });
            let ready = pod["status"]["conditions"]
                .as_array()
                .is_some_and(|conditions| {
                    conditions
                        .iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                });
            let other_image = pod["spec"]["containers"]
                .as_array()
                .and_then(|containers| containers.iter().find(|c| c["name"] == container))
                .is_some_and(|c| c["image"] != image);
            if owned
                && !ready
                && other_image
                && let Some(name) = pod["metadata"]["name"].as_str()
            {
                self.delete(Kind::Pod, name).await?;
            }
        }
        Ok(())
    }

    async fn create_copy(
        &self,
        from: &str,
        workload: &str,
        labels: &BTreeMap<String, String>,
        container: &str,
        image: &str,
        replicas: u32,
    ) -> Result<(), KubeError> {
        let source = self.require(Kind::Deployment, from).await?;
        let mut copy = json!({
            "metadata": {
                "labels": source["metadata"]["labels"],
                "annotations": {"plimsoll.dev/copy-of": from},
            },
            "spec": source["spec"].clone(),
        });
        copy["spec"]["replicas"] = json!(replicas);
        let spec = &mut copy["spec"];
        if let Some(map) = spec["selector"]["matchLabels"].as_object_mut() {
            for (k, v) in labels {
                map.insert(k.clone(), json!(v));
            }
        }
        let template_labels = &mut spec["template"]["metadata"]["labels"];
        if !template_labels.is_object() {
            *template_labels = json!({});
        }
        for (k, v) in labels {
            template_labels[k] = json!(v);
        }
        // Colour/track of the source must not leak into the copy's labels.
        if let Some(metadata_labels) = copy["metadata"]["labels"].as_object_mut() {
            for (k, v) in labels {
                metadata_labels.insert(k.clone(), json!(v));
            }
        } else {
            copy["metadata"]["labels"] = json!(labels);
        }
        if let Some(containers) = copy["spec"]["template"]["spec"]["containers"].as_array_mut() {
            for c in containers.iter_mut() {
                if c["name"] == container {
                    c["image"] = json!(image);
                }
            }
        }
        if let Some(annotations) =
            copy["spec"]["template"]["metadata"]["annotations"].as_object_mut()
        {
            annotations.remove("kubectl.kubernetes.io/restartedAt");
        }
        copy["spec"]["strategy"] =
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}});
        self.apply(Kind::Deployment, workload, &copy, "plimsoll-copy")
            .await
            .map(drop)
    }

    async fn create_service(
        &self,
        from: &str,
        service: &str,
        selector: &BTreeMap<String, String>,
    ) -> Result<(), KubeError> {
        let source = self.require(Kind::Service, from).await?;
        let mut ports = source["spec"]["ports"].clone();
        if let Some(list) = ports.as_array_mut() {
            for port in list.iter_mut() {
                if let Some(map) = port.as_object_mut() {
                    map.remove("nodePort");
                }
            }
        }
        let object = json!({
            "metadata": {
                "labels": source["metadata"]["labels"],
                "annotations": {"plimsoll.dev/copy-of": from},
            },
            "spec": {"type": "ClusterIP", "selector": selector, "ports": ports},
        });
        self.apply(Kind::Service, service, &object, "plimsoll-copy")
            .await
            .map(drop)
    }

    async fn set_weight(
        &self,
        router: Router,
        object: &str,
        stable: &str,
        canary: &str,
        weight: u32,
    ) -> Result<(), KubeError> {
        match router {
            // Replica ratio: the canary's replica count is the weight.
            Router::Replicas => Ok(()),
            Router::Nginx => self.nginx_weight(object, stable, canary, weight).await,
            Router::Gateway => self
                .update(Kind::HttpRoute, object, |route| {
                    gateway_weights(route, object, stable, canary, weight)
                })
                .await
                .map(drop),
            Router::Istio => self
                .update(Kind::VirtualService, object, |vs| {
                    istio_weights(vs, object, stable, canary, weight)
                })
                .await
                .map(drop),
        }
    }

    /// NGINX Ingress canary: a copy of the Ingress pointing at the canary
    /// Service, with the canary annotations; the weight is one annotation.
    async fn nginx_weight(
        &self,
        ingress: &str,
        stable: &str,
        canary: &str,
        weight: u32,
    ) -> Result<(), KubeError> {
        let name = format!("{ingress}-canary");
        if weight == 0 && self.get(Kind::Ingress, &name).await?.is_none() {
            return Ok(());
        }
        let source = self.require(Kind::Ingress, ingress).await?;
        let mut spec = source["spec"].clone();
        let mut pointed = false;
        retarget_backends(&mut spec, stable, canary, &mut pointed);
        if !pointed {
            return Err(KubeError::Invalid(format!(
                "Ingress {ingress} has no backend for Service {stable}; set traffic.service to the Service it routes to"
            )));
        }
        if let Some(map) = spec.as_object_mut() {
            // Only one Ingress may own TLS settings and the default backend.
            map.remove("tls");
            map.remove("defaultBackend");
        }
        let mut annotations = serde_json::Map::new();
        if let Some(class) =
            source["metadata"]["annotations"]["kubernetes.io/ingress.class"].as_str()
        {
            annotations.insert("kubernetes.io/ingress.class".into(), json!(class));
        }
        annotations.insert("nginx.ingress.kubernetes.io/canary".into(), json!("true"));
        annotations.insert(
            "nginx.ingress.kubernetes.io/canary-weight".into(),
            json!(weight.to_string()),
        );
        annotations.insert("plimsoll.dev/copy-of".into(), json!(ingress));
        let object = json!({"metadata": {"labels": source["metadata"]["labels"], "annotations": annotations}, "spec": spec});
        self.apply(Kind::Ingress, &name, &object, "plimsoll-copy")
            .await
            .map(drop)
    }
}

/// Points every `service.name == stable` backend of an Ingress spec at `canary`.
fn retarget_backends(value: &mut Value, stable: &str, canary: &str, pointed: &mut bool) {
    match value {
        Value::Object(map) => {
            if let Some(service) = map.get_mut("service")
                && service["name"] == stable
            {
                service["name"] = json!(canary);
                *pointed = true;
            }
            for child in map.values_mut() {
                retarget_backends(child, stable, canary, pointed);
            }
        }
        Value::Array(items) => {
            for item in items {
                retarget_backends(item, stable, canary, pointed);
            }
        }
        _ => {}
    }
}

/// Gateway API: every rule that sends to the stable Service gets two
/// weighted backendRefs (stable, canary) on the same port.
fn gateway_weights(
    route: &mut Value,
    name: &str,
    stable: &str,
    canary: &str,
    weight: u32,
) -> Result<(), KubeError> {
    let mut found = false;
    if let Some(rules) = route["spec"]["rules"].as_array_mut() {
        for rule in rules {
            let Some(refs) = rule["backendRefs"].as_array() else {
                continue;
            };
            let Some(stable_ref) = refs.iter().find(|r| r["name"] == stable).cloned() else {
                continue;
            };
            found = true;
            let mut stable_ref = stable_ref;
            stable_ref["weight"] = json!(100 - weight);
            let mut canary_ref = stable_ref.clone();
            canary_ref["name"] = json!(canary);
            canary_ref["weight"] = json!(weight);
            let mut others: Vec<Value> = refs
                .iter()
                .filter(|r| r["name"] != stable && r["name"] != canary)
                .cloned()
                .collect();
            let mut new_refs = vec![stable_ref];
            if weight > 0 {
                new_refs.push(canary_ref);
            }
            new_refs.append(&mut others);
            rule["backendRefs"] = Value::Array(new_refs);
        }
    }
    if found {
        Ok(())
    } else {
        Err(KubeError::Invalid(format!(
            "HTTPRoute {name} has no backendRef to Service {stable}"
        )))
    }
}

/// Istio: every HTTP route that sends to the stable host gets two weighted
/// destinations (stable, canary).
fn istio_weights(
    vs: &mut Value,
    name: &str,
    stable: &str,
    canary: &str,
    weight: u32,
) -> Result<(), KubeError> {
    let is_host = |host: &Value, service: &str| {
        host.as_str()
            .is_some_and(|h| h == service || h.starts_with(&format!("{service}.")))
    };
    let mut found = false;
    if let Some(http) = vs["spec"]["http"].as_array_mut() {
        for route in http {
            let Some(destinations) = route["route"].as_array() else {
                continue;
            };
            let Some(stable_dest) = destinations
                .iter()
                .find(|d| is_host(&d["destination"]["host"], stable))
                .cloned()
            else {
                continue;
            };
            found = true;
            let host = stable_dest["destination"]["host"]
                .as_str()
                .unwrap_or(stable)
                .to_string();
            let canary_host = host.replacen(stable, canary, 1);
            let mut stable_dest = stable_dest;
            stable_dest["weight"] = json!(100 - weight);
            let mut canary_dest = stable_dest.clone();
            canary_dest["destination"]["host"] = json!(canary_host);
            canary_dest["weight"] = json!(weight);
            let mut list = vec![stable_dest];
            if weight > 0 {
                list.push(canary_dest);
            }
            route["route"] = Value::Array(list);
        }
    }
    if found {
        Ok(())
    } else {
        Err(KubeError::Invalid(format!(
            "VirtualService {name} has no route to host {stable}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_route_gets_weighted_backend_refs() {
        let mut route = json!({"spec": {"rules": [
            {"matches": [{"path": {"value": "/"}}], "backendRefs": [{"name": "web", "port": 80}]},
            {"backendRefs": [{"name": "other", "port": 80}]}
        ]}});
        gateway_weights(&mut route, "web", "web", "web-canary", 25).unwrap();
        assert_eq!(
            route["spec"]["rules"][0]["backendRefs"],
            json!([{"name": "web", "port": 80, "weight": 75}, {"name": "web-canary", "port": 80, "weight": 25}])
        );
        assert_eq!(
            route["spec"]["rules"][1]["backendRefs"],
            json!([{"name": "other", "port": 80}])
        );
        gateway_weights(&mut route, "web", "web", "web-canary", 0).unwrap();
        assert_eq!(
            route["spec"]["rules"][0]["backendRefs"],
            json!([{"name": "web", "port": 80, "weight": 100}])
        );
        let err = gateway_weights(
            &mut json!({"spec": {"rules": []}}),
            "r",
            "web",
            "web-canary",
            5,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("HTTPRoute r has no backendRef to Service web")
        );
    }

    #[test]
    fn istio_route_gets_weighted_destinations_with_full_hosts() {
        let mut vs = json!({"spec": {"http": [{"route": [{"destination": {"host": "web.shop.svc.cluster.local", "port": {"number": 80}}}]}]}});
        istio_weights(&mut vs, "web", "web", "web-canary", 5).unwrap();
        assert_eq!(
            vs["spec"]["http"][0]["route"],
            json!([
                {"destination": {"host": "web.shop.svc.cluster.local", "port": {"number": 80}}, "weight": 95},
                {"destination": {"host": "web-canary.shop.svc.cluster.local", "port": {"number": 80}}, "weight": 5}
            ])
        );
    }

    #[test]
    fn ingress_backends_are_retargeted() {
        let mut spec = json!({"rules": [{"http": {"paths": [{"backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]});
        let mut pointed = false;
        retarget_backends(&mut spec, "web", "web-canary", &mut pointed);
        assert!(pointed);
        assert_eq!(
            spec["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"],
            "web-canary"
        );
    }
}
