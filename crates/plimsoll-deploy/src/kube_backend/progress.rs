//! Progress recorded on the target workload, so an interrupted deploy can be
//! resumed or aborted by another process (R06), and the channel through
//! which `plimsoll promote` / `abort` reach a running deploy.
//!
//! Annotations do not change a workload's generation, so writing them never
//! starts a rollout.

use super::{Backend, Kind, KubeError};
use crate::machine::Snapshot;
use crate::plan::{Plan, WorkloadKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The deploy record: plan, machine snapshot and status, as JSON.
pub const PROGRESS_ANNOTATION: &str = "plimsoll.dev/deploy";
/// A request to the running deploy: `promote` or `abort`.
pub const REQUEST_ANNOTATION: &str = "plimsoll.dev/deploy-request";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeployRecord {
    pub env: String,
    /// running | held | succeeded | rolled-back | rollback-failed | interrupted
    pub status: String,
    pub message: String,
    pub holder: String,
    pub updated: String,
    pub plan: Plan,
    pub snapshot: Snapshot,
}

impl DeployRecord {
    /// Whether the deploy ended (nothing to resume or abort).
    pub fn finished(&self) -> bool {
        matches!(self.status.as_str(), "succeeded" | "rolled-back")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlRequest {
    Promote,
    Abort,
}

impl ControlRequest {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlRequest::Promote => "promote",
            ControlRequest::Abort => "abort",
        }
    }
}

impl Backend {
    pub async fn read_record(
        &self,
        kind: WorkloadKind,
        target: &str,
    ) -> Result<Option<DeployRecord>, KubeError> {
        let Some(object) = self.get(Kind::from(kind), target).await? else {
            return Ok(None);
        };
        let Some(text) = object["metadata"]["annotations"][PROGRESS_ANNOTATION].as_str() else {
            return Ok(None);
        };
        serde_json::from_str(text).map(Some).map_err(|e| {
            KubeError::Invalid(format!(
                "{} {target}: annotation {PROGRESS_ANNOTATION} is not a deploy record ({e}); remove it to start over",
                kind.as_str()
            ))
        })
    }

    pub async fn write_record(
        &self,
        kind: WorkloadKind,
        target: &str,
        record: &DeployRecord,
    ) -> Result<(), KubeError> {
        let text = serde_json::to_string(record).map_err(|e| KubeError::Invalid(e.to_string()))?;
        self.merge_patch(
            Kind::from(kind),
            target,
            &json!({"metadata": {"annotations": {PROGRESS_ANNOTATION: text}}}),
        )
        .await
        .map(drop)
    }

    pub async fn read_request(
        &self,
        kind: WorkloadKind,
        target: &str,
    ) -> Result<Option<ControlRequest>, KubeError> {
        let object = self.require(Kind::from(kind), target).await?;
        Ok(
            match object["metadata"]["annotations"][REQUEST_ANNOTATION].as_str() {
                Some("promote") => Some(ControlRequest::Promote),
                Some("abort") => Some(ControlRequest::Abort),
                _ => None,
            },
        )
    }

    pub async fn send_request(
        &self,
        kind: WorkloadKind,
        target: &str,
        request: Option<ControlRequest>,
    ) -> Result<(), KubeError> {
        let value = request.map_or(Value::Null, |r| Value::from(r.as_str()));
        self.merge_patch(
            Kind::from(kind),
            target,
            &json!({"metadata": {"annotations": {REQUEST_ANNOTATION: value}}}),
        )
        .await
        .map(drop)
    }
}
