//! What the cluster holds before a deploy: the serving workload, its image,
//! replicas and revision, the Service in front and its selector.

use super::{Backend, Kind, KubeError, string_map};
use crate::config::{EnvConfig, StrategyKind, TargetRef};
use crate::plan::{COLOUR_LABEL, Facts, Revision, ServiceFacts, TRACK_LABEL, WorkloadKind};
use serde_json::Value;

impl Backend {
    /// The configured target's name, kind and object (a Helm release is
    /// resolved to its one Deployment by the standard instance label).
    pub async fn resolve_target(
        &self,
        env: &EnvConfig,
    ) -> Result<(WorkloadKind, String, Value), KubeError> {
        match env.target() {
            Some(TargetRef::Deployment(name)) => {
                let object = self.require(Kind::Deployment, &name).await?;
                Ok((WorkloadKind::Deployment, name, object))
            }
            Some(TargetRef::StatefulSet(name)) => {
                let object = self.require(Kind::StatefulSet, &name).await?;
                Ok((WorkloadKind::StatefulSet, name, object))
            }
            Some(TargetRef::HelmRelease(release)) => {
                let found = self
                    .list(
                        Kind::Deployment,
                        &format!("app.kubernetes.io/instance={release}"),
                    )
                    .await?;
                // Our own copies (canary, colours) carry the same label.
                let found: Vec<Value> = found
                    .into_iter()
                    .filter(|d| {
                        let labels = string_map(&d["metadata"]["labels"]);
                        !labels.contains_key(TRACK_LABEL)
                            || labels.get(TRACK_LABEL).is_some_and(|t| t == "stable")
                    })
                    .filter(|d| !string_map(&d["metadata"]["labels"]).contains_key(COLOUR_LABEL))
                    .collect();
                match found.as_slice() {
                    [one] => {
                        let name = one["metadata"]["name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string();
                        Ok((WorkloadKind::Deployment, name, one.clone()))
                    }
                    [] => Err(KubeError::NotFound {
                        kind: format!(
                            "Deployment of Helm release {release} (label app.kubernetes.io/instance={release})"
                        ),
                        namespace: self.namespace().to_string(),
                        name: release,
                    }),
                    many => Err(KubeError::Invalid(format!(
                        "Helm release {release} has {} Deployments ({}): name one with `deployment`",
                        many.len(),
                        many.iter()
                            .filter_map(|d| d["metadata"]["name"].as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))),
                }
            }
            None => Err(KubeError::Invalid("no target configured".into())),
        }
    }

    /// Everything [`crate::plan::build`] needs.
    pub async fn facts(&self, env: &EnvConfig) -> Result<Facts, KubeError> {
        let (kind, base, base_object) = self.resolve_target(env).await?;
        let service_name = env.traffic.service.clone().unwrap_or_else(|| base.clone());
        let service = match self.get(Kind::Service, &service_name).await? {
            Some(object) => Some(ServiceFacts {
                name: service_name.clone(),
                selector: string_map(&object["spec"]["selector"]),
            }),
            None if env.traffic.service.is_some() => {
                return Err(KubeError::NotFound {
                    kind: "Service".into(),
                    namespace: self.namespace().to_string(),
                    name: service_name,
                });
            }
            None => None,
        };
        // Blue-green: the Service's colour says which copy serves now.
        let mut workload = base.clone();
        let mut object = base_object;
        let mut idle_workload = None;
        if env.strategy == StrategyKind::BlueGreen
            && let Some(colour) = service.as_ref().and_then(|s| s.selector.get(COLOUR_LABEL))
        {
            let active = format!("{base}-{colour}");
            object = self.get(Kind::Deployment, &active).await?.ok_or_else(|| {
                KubeError::Invalid(format!(
                    "Service {service_name} selects colour {colour} but Deployment {active} does not exist; run `plimsoll rollback` or fix the selector"
                ))
            })?;
            workload = active;
            let idle = format!(
                "{base}-{}",
                if colour == "green" { "blue" } else { "green" }
            );
            if self.get(Kind::Deployment, &idle).await?.is_some() {
                idle_workload = Some(idle);
            } else {
                // After the first switch the uncoloured original is the
                // previous version.
                idle_workload = Some(base.clone());
            }
        }
        let containers = object["spec"]["template"]["spec"]["containers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let names: Vec<&str> = containers
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        let container = match &env.container {
            Some(wanted) if names.contains(&wanted.as_str()) => wanted.clone(),
            Some(wanted) => {
                return Err(KubeError::Invalid(format!(
                    "{} {workload} has no container `{wanted}` (containers: {})",
                    kind.as_str(),
                    names.join(", ")
                )));
            }
            None if names.len() == 1 => names[0].to_string(),
            None => match names.iter().find(|n| **n == base) {
                Some(n) => (*n).to_string(),
                None => {
                    return Err(KubeError::Invalid(format!(
                        "{} {workload} has {} containers ({}): set `container`",
                        kind.as_str(),
                        names.len(),
                        names.join(", ")
                    )));
                }
            },
        };
        let image = containers
            .iter()
            .find(|c| c["name"] == container.as_str())
            .and_then(|c| c["image"].as_str())
            .unwrap_or_default()
            .to_string();
        let replicas = object["spec"]["replicas"]
            .as_u64()
            .map_or(1, |r| u32::try_from(r).unwrap_or(u32::MAX));
        let pod_labels = string_map(&object["spec"]["template"]["metadata"]["labels"]);
        let stable_tracked = pod_labels.get(TRACK_LABEL).is_some_and(|t| t == "stable")
            && service
                .as_ref()
                .is_some_and(|s| s.selector.get(TRACK_LABEL).is_some_and(|t| t == "stable"));
        Ok(Facts {
            namespace: self.namespace().to_string(),
            kind,
            workload,
            container,
            image,
            replicas,
            revision: object["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                .as_str()
                .map(str::to_string),
            service,
            pod_labels,
            stable_tracked,
            idle_workload,
        })
    }
}

impl Backend {
    /// A Deployment's revisions, oldest first, with the image of `container`.
    pub async fn revisions(
        &self,
        workload: &str,
        container: &str,
    ) -> Result<Vec<Revision>, KubeError> {
        let mut revisions: Vec<Revision> = self
            .owned_replica_sets(workload)
            .await?
            .iter()
            .filter_map(|rs| {
                let number = rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                    .as_str()?
                    .parse()
                    .ok()?;
                let containers = rs["spec"]["template"]["spec"]["containers"].as_array()?;
                let image = containers
                    .iter()
                    .find(|c| c["name"] == container)
                    .or_else(|| containers.first())?["image"]
                    .as_str()?
                    .to_string();
                Some(Revision {
                    number,
                    image,
                    replica_set: rs["metadata"]["name"].as_str()?.to_string(),
                })
            })
            .collect();
        revisions.sort_by_key(|r| r.number);
        Ok(revisions)
    }
}
