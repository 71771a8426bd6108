//! Waiting for a workload with `kubectl rollout status` semantics, by watch:
//! observedGeneration caught up, every replica updated and available, old
//! replicas gone; `ProgressDeadlineExceeded` and crash-looping pods fail
//! early instead of running into the timeout.

use super::{Backend, Kind, KubeError, selector_string, string_map};
use crate::plan::WorkloadKind;
use futures_util::StreamExt;
use kube::api::WatchParams;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Restarts after which a crash-looping pod fails the gate at once.
const CRASH_LOOP_RESTARTS: u64 = 3;

/// Where a rollout stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RolloutState {
    Ready,
    Progressing(String),
    Failed(String),
}

/// Rollout status of a Deployment object, as `kubectl rollout status` reads it.
pub fn deployment_state(object: &Value) -> RolloutState {
    let generation = object["metadata"]["generation"].as_i64().unwrap_or(0);
    let status = &object["status"];
    let observed = status["observedGeneration"].as_i64().unwrap_or(0);
    if observed < generation {
        return RolloutState::Progressing(format!(
            "waiting for the controller to observe generation {generation}"
        ));
    }
    if let Some(conditions) = status["conditions"].as_array()
        && let Some(progressing) = conditions.iter().find(|c| c["type"] == "Progressing")
        && progressing["reason"] == "ProgressDeadlineExceeded"
    {
        return RolloutState::Failed(format!(
            "ProgressDeadlineExceeded: {}",
            progressing["message"]
                .as_str()
                .unwrap_or("the rollout made no progress")
        ));
    }
    let count = |key: &str| status[key].as_u64().unwrap_or(0);
    let desired = object["spec"]["replicas"].as_u64().unwrap_or(1);
    let (updated, total, available) = (
        count("updatedReplicas"),
        count("replicas"),
        count("availableReplicas"),
    );
    if desired == 0 {
        return if total == 0 {
            RolloutState::Ready
        } else {
            RolloutState::Progressing(format!("{total} replica(s) still terminating"))
        };
    }
    if updated < desired {
        return RolloutState::Progressing(format!("{updated} of {desired} replica(s) updated"));
    }
    if total > updated {
        return RolloutState::Progressing(format!(
            "{} old replica(s) pending termination",
            total - updated
        ));
    }
    if available < updated {
        return RolloutState::Progressing(format!(
            "{available} of {desired} updated replica(s) available"
        ));
    }
    RolloutState::Ready
}

/// Rollout status of a StatefulSet (partitioned updates included).
pub fn statefulset_state(object: &Value) -> RolloutState {
    let generation = object["metadata"]["generation"].as_i64().unwrap_or(0);
    let status = &object["status"];
    if status["observedGeneration"].as_i64().unwrap_or(0) < generation {
        return RolloutState::Progressing(format!(
            "waiting for the controller to observe generation {generation}"
        ));
    }
    let desired = object["spec"]["replicas"].as_u64().unwrap_or(1);
    let partition = object["spec"]["updateStrategy"]["rollingUpdate"]["partition"]
        .as_u64()
        .unwrap_or(0);
    let count = |key: &str| status[key].as_u64().unwrap_or(0);
    if count("readyReplicas") < desired {
        return RolloutState::Progressing(format!(
            "{} of {desired} pod(s) ready",
            count("readyReplicas")
        ));
    }
    let want_updated = desired.saturating_sub(partition);
    if count("updatedReplicas") < want_updated {
        return RolloutState::Progressing(format!(
            "{} of {want_updated} pod(s) updated",
            count("updatedReplicas")
        ));
    }
    if partition == 0 && status["currentRevision"] != status["updateRevision"] {
        return RolloutState::Progressing(
            "waiting for the update revision to become current".into(),
        );
    }
    RolloutState::Ready
}

impl Backend {
    /// Waits until the workload is rolled out, failed, or `timeout` passed.
    pub async fn await_ready(
        &self,
        kind: WorkloadKind,
        name: &str,
        timeout: Duration,
    ) -> Result<RolloutState, KubeError> {
        let deadline = Instant::now() + timeout;
        let kind_api = Kind::from(kind);
        let last = loop {
            let object = self.require(kind_api, name).await?;
            let last = self.state_of(kind, &object).await?;
            if !matches!(last, RolloutState::Progressing(_)) {
                return Ok(last);
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                break last;
            }
            // Watch from the version we read; any event re-evaluates. The
            // watch is bounded so crash loops are re-checked regularly.
            let version = object["metadata"]["resourceVersion"]
                .as_str()
                .unwrap_or("0")
                .to_string();
            let window = remaining.min(Duration::from_secs(5));
            let params = WatchParams::default()
                .fields(&format!("metadata.name={name}"))
                .timeout(u32::try_from(window.as_secs().max(1)).unwrap_or(5));
            let api = self.raw_api(kind_api);
            let stream = match api.watch(&params, &version).await {
                Ok(stream) => stream,
                Err(error) => {
                    return Err(KubeError::from_kube(
                        error,
                        kind_api.name(),
                        self.namespace(),
                        name,
                    ));
                }
            };
            let mut stream = Box::pin(stream);
            let _ = tokio::time::timeout(window, async {
                // The first event is enough: re-read and re-evaluate.
                stream.next().await
            })
            .await;
        };
        Ok(match last {
            RolloutState::Progressing(why) => {
                RolloutState::Failed(format!("not ready after {}s: {why}", timeout.as_secs()))
            }
            other => other,
        })
    }

    async fn state_of(
        &self,
        kind: WorkloadKind,
        object: &Value,
    ) -> Result<RolloutState, KubeError> {
        let state = match kind {
            WorkloadKind::Deployment => deployment_state(object),
            WorkloadKind::StatefulSet => statefulset_state(object),
        };
        if matches!(state, RolloutState::Progressing(_))
            && let Some(crash) = self.crash_looping_pod(object).await?
        {
            return Ok(RolloutState::Failed(crash));
        }
        Ok(state)
    }

    /// A pod of this workload that keeps crashing, described.
    async fn crash_looping_pod(&self, object: &Value) -> Result<Option<String>, KubeError> {
        let selector = string_map(&object["spec"]["selector"]["matchLabels"]);
        if selector.is_empty() {
            return Ok(None);
        }
        let pods = self.list(Kind::Pod, &selector_string(&selector)).await?;
        for pod in pods {
            let statuses = pod["status"]["containerStatuses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for status in statuses {
                let restarts = status["restartCount"].as_u64().unwrap_or(0);
                let waiting = status["state"]["waiting"]["reason"]
                    .as_str()
                    .unwrap_or_default();
                if waiting == "CrashLoopBackOff"
                    || (restarts >= CRASH_LOOP_RESTARTS && status["ready"] != true)
                {
                    return Ok(Some(format!(
                        "pod {} is crash looping (container {}, {restarts} restart(s){})",
                        pod["metadata"]["name"].as_str().unwrap_or("?"),
                        status["name"].as_str().unwrap_or("?"),
                        if waiting.is_empty() {
                            String::new()
                        } else {
                            format!(", {waiting}")
                        }
                    )));
                }
                if matches!(
                    waiting,
                    "ImagePullBackOff"
                        | "ErrImagePull"
                        | "InvalidImageName"
                        | "CreateContainerConfigError"
                ) {
                    return Ok(Some(format!(
                        "pod {} cannot start: {waiting}: {}",
                        pod["metadata"]["name"].as_str().unwrap_or("?"),
                        status["state"]["waiting"]["message"].as_str().unwrap_or("")
                    )));
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment(generation: i64, status: &Value) -> Value {
        json!({"metadata": {"generation": generation}, "spec": {"replicas": 3}, "status": status})
    }

    #[test]
    fn rollout_status_semantics() {
        let ready = json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3});
        assert_eq!(
            deployment_state(&deployment(2, &ready)),
            RolloutState::Ready
        );
        assert!(
            matches!(deployment_state(&deployment(3, &ready)), RolloutState::Progressing(m) if m.contains("generation 3"))
        );
        let rolling = json!({"observedGeneration": 2, "replicas": 4, "updatedReplicas": 3, "availableReplicas": 3});
        assert!(
            matches!(deployment_state(&deployment(2, &rolling)), RolloutState::Progressing(m) if m.contains("1 old replica"))
        );
        let unavailable = json!({"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 1});
        assert!(
            matches!(deployment_state(&deployment(2, &unavailable)), RolloutState::Progressing(m) if m.contains("1 of 3"))
        );
        let stuck = json!({"observedGeneration": 2, "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-abc\" has timed out progressing."}]});
        assert!(
            matches!(deployment_state(&deployment(2, &stuck)), RolloutState::Failed(m) if m.starts_with("ProgressDeadlineExceeded: ReplicaSet"))
        );
    }

    #[test]
    fn statefulset_partition_counts() {
        let object = json!({"metadata": {"generation": 1}, "spec": {"replicas": 3, "updateStrategy": {"rollingUpdate": {"partition": 2}}},
            "status": {"observedGeneration": 1, "readyReplicas": 3, "updatedReplicas": 1, "currentRevision": "a", "updateRevision": "b"}});
        assert_eq!(statefulset_state(&object), RolloutState::Ready);
    }
}
