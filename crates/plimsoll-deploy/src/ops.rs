//! The operations behind `plimsoll deploy`, `status`, `promote`, `abort` and
//! `rollback`: configuration + cluster → plan → lock → run.

use crate::analysis::Analyzer;
use crate::config::{DeployConfig, EnvConfig, OnFailure, TargetRef};
use crate::kube_backend::{
    Backend, ControlRequest, DeployRecord, Kind, KubeError, holder_identity, lease_name,
};
use crate::machine::{Input, Machine, Outcome};
use crate::plan::{self, Plan, WorkloadKind};
use crate::runner::{Anchor, DEFAULT_POLL, Observer, RunError, Runner};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;

/// Where to find the configuration and the cluster.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// Directory to search for the configuration from.
    pub dir: PathBuf,
    pub env: String,
    /// A kubeconfig other than `$KUBECONFIG` / `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// How often waits look for promote/abort requests (tests shorten it).
    pub poll: Option<Duration>,
}

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Kube(#[from] KubeError),
    #[error(transparent)]
    Plan(#[from] plan::PlanError),
    #[error(transparent)]
    Analysis(#[from] crate::analysis::AnalysisError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error("{0}")]
    Usage(String),
}

/// Configuration, connection and the object that anchors records.
pub struct Session {
    pub config: DeployConfig,
    pub env: EnvConfig,
    pub env_name: String,
    pub backend: Backend,
    pub poll: Duration,
}

impl Session {
    pub async fn open(target: &Target) -> Result<Self, DeployError> {
        let config = DeployConfig::discover(&target.dir)?;
        let env = config.env(&target.env)?.clone();
        let backend = Backend::connect(
            target.kubeconfig.as_deref(),
            env.context.as_deref(),
            &env.namespace,
        )
        .await?;
        Ok(Session {
            config,
            env,
            env_name: target.env.clone(),
            backend,
            poll: target.poll.unwrap_or(DEFAULT_POLL),
        })
    }

    /// The configured workload, which carries the record and the Lease name.
    async fn anchor(&self) -> Result<Anchor, DeployError> {
        Ok(match self.env.target() {
            Some(TargetRef::StatefulSet(name)) => Anchor {
                kind: WorkloadKind::StatefulSet,
                name,
            },
            Some(TargetRef::Deployment(name)) => Anchor {
                kind: WorkloadKind::Deployment,
                name,
            },
            _ => {
                let (kind, name, _) = self.backend.resolve_target(&self.env).await?;
                Anchor { kind, name }
            }
        })
    }

    fn runner<'a>(
        &'a self,
        analyzer: Option<&'a Analyzer>,
        anchor: Anchor,
        holder: String,
    ) -> Runner<'a> {
        Runner {
            backend: &self.backend,
            analyzer,
            anchor,
            holder,
            poll: self.poll,
        }
    }

    /// The plan for deploying `image` (a tag or a full reference).
    pub async fn plan(
        &self,
        image: Option<&str>,
        on_failure: Option<OnFailure>,
    ) -> Result<Plan, DeployError> {
        let facts = self.backend.facts(&self.env).await?;
        if facts.kind == WorkloadKind::StatefulSet {
            // OnDelete: the controller never replaces a pod, so the new
            // image would never roll out and the deploy would only wait out
            // its progress timeout.
            let object = self
                .backend
                .require(Kind::StatefulSet, &facts.workload)
                .await?;
            if object["spec"]["updateStrategy"]["type"] == "OnDelete" {
                return Err(DeployError::Plan(plan::PlanError::Unsupported(format!(
                    "StatefulSet {} has updateStrategy OnDelete: its pods are only replaced when deleted, so a deploy could never roll out; set `updateStrategy.type: RollingUpdate`",
                    facts.workload
                ))));
            }
        }
        let to_image =
            plan::resolve_image(image, &self.env, &facts.image).map_err(DeployError::Usage)?;
        let mut env = self.env.clone();
        if let Some(policy) = on_failure {
            env.on_failure = policy;
        }
        if env.context.is_none() {
            env.context = Some(self.backend.context.clone());
        }
        Ok(plan::build(&self.env_name, &env, &facts, &to_image)?)
    }

    /// Plans and runs a deploy, or resumes the interrupted one.
    pub async fn deploy(
        &self,
        image: Option<&str>,
        on_failure: Option<OnFailure>,
        observer: &mut dyn Observer,
    ) -> Result<Outcome, DeployError> {
        let anchor = self.anchor().await?;
        let holder = holder_identity();
        // Before the lock: a missing token must not leave a lock behind.
        let analyzer = match &self.env.analysis {
            Some(config) => Some(Analyzer::new(config)?),
            None => None,
        };
        let lease = self.backend.acquire_lock(&anchor.name, &holder).await?;
        let mut machine = match self.machine_for(image, on_failure, &anchor, observer).await {
            Ok(machine) => machine,
            Err(error) => {
                // Nothing was changed: give the lock back at once.
                let _ = lease.release().await;
                return Err(error);
            }
        };
        let plan = machine.plan();
        observer.note(&format!(
            "deploying {} → {} to {}/{} ({} strategy, context {}, plan {}, {} step(s))",
            plan.from_image,
            plan.to_image,
            plan.namespace,
            anchor.name,
            plan.strategy,
            self.backend.context,
            plan.id,
            plan.steps.len()
        ));
        let stable = (anchor.kind, plan.rollback.workload.clone());
        let runner = self.runner(analyzer.as_ref(), anchor, holder);
        let outcome = runner
            .run(&mut machine, lease, observer, Input::Start)
            .await?;
        if matches!(outcome, Outcome::RolledBack { .. }) {
            self.confirm_stable(stable.0, &stable.1, observer).await;
        }
        Ok(outcome)
    }

    /// The machine to run: the recorded, unfinished deploy resumed (when
    /// `image` is absent or the same), or a new plan.
    async fn machine_for(
        &self,
        image: Option<&str>,
        on_failure: Option<OnFailure>,
        anchor: &Anchor,
        observer: &mut dyn Observer,
    ) -> Result<Machine, DeployError> {
        let existing = self.backend.read_record(anchor.kind, &anchor.name).await?;
        Ok(match existing {
            Some(record) if !record.finished() && record.status != "rollback-failed" => {
                let requested = image
                    .map(|i| plan::resolve_image(Some(i), &self.env, &record.plan.from_image))
                    .transpose()
                    .map_err(DeployError::Usage)?;
                if requested
                    .as_deref()
                    .is_some_and(|i| i != record.plan.to_image)
                {
                    return Err(DeployError::Usage(format!(
                        "an interrupted deploy of {} is recorded on {} {} ({}): `plimsoll deploy --env {env}` resumes it, `plimsoll abort --env {env}` rolls it back",
                        record.plan.to_image,
                        anchor.kind.as_str(),
                        anchor.name,
                        record.status,
                        env = self.env_name
                    )));
                }
                observer.note(&format!(
                    "resuming the interrupted deploy of {} (plan {}, {})",
                    record.plan.to_image, record.plan.id, record.status
                ));
                Machine::resume(record.plan, record.snapshot)
            }
            Some(record) if record.status == "rollback-failed" => {
                return Err(DeployError::Usage(format!(
                    "the last deploy's rollback did not finish ({}): run `plimsoll abort --env {}` to complete it first",
                    record.message, self.env_name
                )));
            }
            _ => Machine::new(self.plan(image, on_failure).await?),
        })
    }

    /// After a rollback, waits for the stable workload to be fully ready
    /// again (a rolling update back to the old image takes a while) and
    /// says so; the rollback itself is already complete.
    async fn confirm_stable(
        &self,
        kind: WorkloadKind,
        workload: &str,
        observer: &mut dyn Observer,
    ) {
        match self
            .backend
            .await_ready(kind, workload, self.env.progress_timeout.as_duration())
            .await
        {
            Ok(crate::kube_backend::RolloutState::Ready) => {
                observer.note(&format!("{} {workload} is ready again on the previous version", kind.as_str()));
            }
            Ok(crate::kube_backend::RolloutState::Failed(why) | crate::kube_backend::RolloutState::Progressing(why)) => {
                observer.note(&format!(
                    "warning: {} {workload} is not ready after the rollback: {why}",
                    kind.as_str()
                ));
            }
            Err(error) => observer.note(&format!(
                "warning: could not confirm that {} {workload} is ready after the rollback: {error}",
                kind.as_str()
            )),
        }
    }

    /// Sends `promote` or `abort` to the running deploy. With no live
    /// deploy, `abort` rolls an interrupted one back here and now.
    pub async fn request(
        &self,
        request: ControlRequest,
        observer: &mut dyn Observer,
    ) -> Result<String, DeployError> {
        let anchor = self.anchor().await?;
        let record = self.backend.read_record(anchor.kind, &anchor.name).await?;
        let Some(record) = record.filter(|r| !r.finished()) else {
            return Err(DeployError::Usage(format!(
                "no deploy in progress for {} {} in {}",
                anchor.kind.as_str(),
                anchor.name,
                self.env_name
            )));
        };
        let live = self
            .backend
            .lock_info(&anchor.name)
            .await?
            .is_some_and(|lock| !lock.expired);
        if live {
            self.backend
                .send_request(anchor.kind, &anchor.name, Some(request))
                .await?;
            return Ok(format!(
                "asked the running deploy of {} to {}; it acts on it within a few seconds (`plimsoll status` shows the result)",
                record.plan.to_image,
                request.as_str(),
            ));
        }
        match request {
            ControlRequest::Promote => Err(DeployError::Usage(format!(
                "the deploy of {} is not running (interrupted while {}): `plimsoll deploy --env {}` resumes it",
                record.plan.to_image, record.status, self.env_name
            ))),
            ControlRequest::Abort => {
                let holder = holder_identity();
                let lease = self.backend.acquire_lock(&anchor.name, &holder).await?;
                let to_image = record.plan.to_image.clone();
                let mut machine = Machine::resume(record.plan, record.snapshot);
                let runner = self.runner(None, anchor, holder);
                let outcome = runner
                    .run(&mut machine, lease, observer, Input::Abort)
                    .await?;
                Ok(match outcome {
                    Outcome::RolledBack { .. } => {
                        format!("rolled back the interrupted deploy of {to_image}")
                    }
                    other => format!("abort ended: {}", describe_outcome(&other)),
                })
            }
        }
    }

    /// The plan of a rollback (shown by `--dry-run`).
    pub async fn rollback_plan(&self, to: Option<&str>) -> Result<Plan, DeployError> {
        let facts = self.backend.facts(&self.env).await?;
        let revisions = if facts.kind == WorkloadKind::Deployment {
            self.backend
                .revisions(&facts.workload, &facts.container)
                .await?
        } else {
            Vec::new()
        };
        let anchor = self.anchor().await?;
        let previous_image = self
            .backend
            .read_record(anchor.kind, &anchor.name)
            .await?
            .filter(|r| r.status == "succeeded")
            .map(|r| r.plan.from_image);
        let mut env = self.env.clone();
        if env.context.is_none() {
            env.context = Some(self.backend.context.clone());
        }
        Ok(plan::rollback_plan(
            &self.env_name,
            &env,
            &facts,
            &revisions,
            to,
            previous_image.as_deref(),
        )?)
    }

    pub async fn rollback(
        &self,
        to: Option<&str>,
        observer: &mut dyn Observer,
    ) -> Result<Outcome, DeployError> {
        let anchor = self.anchor().await?;
        if let Some(record) = self.backend.read_record(anchor.kind, &anchor.name).await?
            && !record.finished()
            && record.status != "rollback-failed"
        {
            return Err(DeployError::Usage(format!(
                "a deploy of {} is in progress ({}): use `plimsoll abort --env {}` to roll it back",
                record.plan.to_image, record.status, self.env_name
            )));
        }
        let holder = holder_identity();
        let lease = self.backend.acquire_lock(&anchor.name, &holder).await?;
        let plan = match self.rollback_plan(to).await {
            Ok(plan) => plan,
            Err(error) => {
                let _ = lease.release().await;
                return Err(error);
            }
        };
        let mut machine = Machine::new(plan);
        let runner = self.runner(None, anchor, holder);
        Ok(runner
            .run(&mut machine, lease, observer, Input::Start)
            .await?)
    }

    pub async fn status(&self) -> Result<Status, DeployError> {
        let anchor = self.anchor().await?;
        let facts = self.backend.facts(&self.env).await?;
        let object = self
            .backend
            .require(anchor.kind.into(), &facts.workload)
            .await?;
        let count = |key: &str| object["status"][key].as_u64().unwrap_or(0);
        let record = self.backend.read_record(anchor.kind, &anchor.name).await?;
        let lock = self.backend.lock_info(&anchor.name).await?;
        Ok(Status {
            env: self.env_name.clone(),
            context: self.backend.context.clone(),
            namespace: self.env.namespace.clone(),
            workload: facts.workload,
            kind: anchor.kind.as_str().to_string(),
            image: facts.image,
            revision: facts.revision,
            replicas: facts.replicas,
            ready: count("readyReplicas"),
            updated: count("updatedReplicas"),
            lock: lock.map(|l| LockStatus {
                lease: lease_name(&anchor.name),
                holder: l.holder,
                renewed: l.renewed,
                expired: l.expired,
            }),
            deploy: record.map(|r| DeployStatus::from_record(&r)),
        })
    }
}

/// `plimsoll status`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub env: String,
    pub context: String,
    pub namespace: String,
    pub kind: String,
    pub workload: String,
    pub image: String,
    pub revision: Option<String>,
    pub replicas: u32,
    pub ready: u64,
    pub updated: u64,
    pub lock: Option<LockStatus>,
    pub deploy: Option<DeployStatus>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LockStatus {
    pub lease: String,
    pub holder: String,
    pub renewed: String,
    pub expired: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeployStatus {
    pub status: String,
    pub message: String,
    pub from_image: String,
    pub to_image: String,
    pub strategy: String,
    pub step: Option<usize>,
    pub steps: usize,
    pub step_name: Option<String>,
    pub updated: String,
    pub holder: String,
}

impl DeployStatus {
    fn from_record(record: &DeployRecord) -> Self {
        use crate::machine::Phase;
        let step = match &record.snapshot.phase {
            Phase::Applying { step, .. }
            | Phase::Gating { step, .. }
            | Phase::Baking { step, .. }
            | Phase::Held { step, .. } => Some(*step),
            _ => None,
        };
        DeployStatus {
            status: record.status.clone(),
            message: record.message.clone(),
            from_image: record.plan.from_image.clone(),
            to_image: record.plan.to_image.clone(),
            strategy: record.plan.strategy.to_string(),
            step: step.map(|s| s + 1),
            steps: record.plan.steps.len(),
            step_name: step
                .and_then(|s| record.plan.steps.get(s))
                .map(|s| s.name.clone()),
            updated: record.updated.clone(),
            holder: record.holder.clone(),
        }
    }
}

impl Status {
    pub fn render_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} — {} {}/{} (context {})",
            self.env, self.kind, self.namespace, self.workload, self.context
        );
        let _ = writeln!(
            out,
            "  image     {}{}",
            self.image,
            self.revision
                .as_ref()
                .map(|r| format!(" (revision {r})"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  replicas  {} desired, {} updated, {} ready",
            self.replicas, self.updated, self.ready
        );
        match &self.deploy {
            Some(d) => {
                let _ = writeln!(
                    out,
                    "  deploy    {} → {} ({}): {}",
                    d.from_image, d.to_image, d.strategy, d.status
                );
                if let (Some(step), Some(name)) = (d.step, &d.step_name) {
                    let _ = writeln!(out, "  step      {step}/{}: {name}", d.steps);
                }
                if !d.message.is_empty() {
                    let _ = writeln!(out, "  message   {}", d.message);
                }
                let _ = writeln!(out, "  recorded  {} by {}", d.updated, d.holder);
            }
            None => {
                let _ = writeln!(out, "  deploy    none recorded");
            }
        }
        match &self.lock {
            Some(lock) if !lock.expired => {
                let _ = writeln!(
                    out,
                    "  lock      held by {} (renewed {})",
                    lock.holder, lock.renewed
                );
            }
            Some(lock) => {
                let _ = writeln!(
                    out,
                    "  lock      expired (last holder {}, renewed {})",
                    lock.holder, lock.renewed
                );
            }
            None => {
                let _ = writeln!(out, "  lock      free");
            }
        }
        out
    }
}

pub fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Succeeded => "succeeded".into(),
        Outcome::RolledBack { reason } => format!("rolled back: {reason}"),
        Outcome::RollbackFailed { reason, remaining } => format!(
            "ROLLBACK FAILED: {reason}; {} change(s) left to undo — run `plimsoll abort` when the cluster is reachable",
            remaining.len()
        ),
    }
}
