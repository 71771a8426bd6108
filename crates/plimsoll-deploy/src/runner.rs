//! Drives the [`Machine`] with real I/O: Kubernetes changes and waits, smoke
//! checks, Prometheus measurements, waits that listen for `promote` and
//! `abort`, the Lease and the progress record. The clock is wall-clock
//! milliseconds since the epoch, so a resumed deploy continues the same
//! timeline (deadlines included) in another process.

use crate::analysis::{Analyzer, Measurement, Verdict};
use crate::config::SmokeCheck;
use crate::kube_backend::{Backend, ControlRequest, DeployRecord, LeaseGuard, RolloutState};
use crate::machine::{Command, Event, Input, Machine, Millis, Outcome, Phase, ROLLBACK_ATTEMPTS};
use crate::plan::WorkloadKind;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often waits look for `promote`/`abort` requests.
pub const DEFAULT_POLL: Duration = Duration::from_secs(2);

pub fn wall_millis() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// What a run reports as it goes: machine events plus runner notes.
pub trait Observer: Send {
    fn event(&mut self, event: &Event);
    fn note(&mut self, text: &str);
}

/// An observer that keeps everything, for callers that report afterwards
/// (and tests).
#[derive(Debug, Default)]
pub struct Recorder {
    pub events: Vec<Event>,
    pub notes: Vec<String>,
}

impl Observer for Recorder {
    fn event(&mut self, event: &Event) {
        self.events.push(event.clone());
    }
    fn note(&mut self, text: &str) {
        self.notes.push(text.to_string());
    }
}

/// The object that carries the progress record and receives requests.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub kind: WorkloadKind,
    pub name: String,
}

pub struct Runner<'a> {
    pub backend: &'a Backend,
    pub analyzer: Option<&'a Analyzer>,
    pub anchor: Anchor,
    pub holder: String,
    pub poll: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(
        "lost the deploy lock to another process; stopped without further changes (the other process owns the deploy now)"
    )]
    LockLost,
}

impl Runner<'_> {
    /// Runs `machine` to its end. `lease` is released at the end (kept on a
    /// rollback failure so nobody else starts before a human looks).
    pub async fn run(
        &self,
        machine: &mut Machine,
        lease: LeaseGuard,
        observer: &mut dyn Observer,
        first: Input,
    ) -> Result<Outcome, RunError> {
        let mut input = first;
        loop {
            let command = machine.next(wall_millis(), input);
            for event in machine.drain_events() {
                observer.event(&event);
            }
            self.record(machine, &command, observer).await;
            if lease.lost() {
                return Err(RunError::LockLost);
            }
            input = match command {
                Command::Finish { outcome } => {
                    if !matches!(outcome, Outcome::RollbackFailed { .. })
                        && let Err(error) = lease.release().await
                    {
                        observer.note(&format!(
                            "could not release the deploy lock (it expires by itself): {error}"
                        ));
                    }
                    return Ok(outcome);
                }
                Command::Apply { change } => {
                    if let Phase::RollingBack { attempts, .. } = machine.phase()
                        && *attempts > 0
                    {
                        // Back off between rollback attempts: a lost
                        // connection often comes back within seconds.
                        let delay = Duration::from_secs(1 << (*attempts).min(ROLLBACK_ATTEMPTS));
                        observer.note(&format!("retrying the rollback in {}s", delay.as_secs()));
                        tokio::time::sleep(delay).await;
                    }
                    match self.backend.apply_change(&change).await {
                        Ok(()) => Input::Applied,
                        Err(error) if error.is_refusal() => Input::ApplyRejected(error.to_string()),
                        Err(error) => Input::ApplyFailed(error.to_string()),
                    }
                }
                Command::AwaitReady {
                    kind,
                    workload,
                    deadline,
                    ..
                } => {
                    let timeout = Duration::from_millis(deadline.saturating_sub(wall_millis()));
                    let wait = self.backend.await_ready(kind, &workload, timeout);
                    match self.unless_aborted(wait).await {
                        None => Input::Abort,
                        Some(Ok(RolloutState::Ready)) => Input::Ready,
                        Some(Ok(RolloutState::Failed(why) | RolloutState::Progressing(why))) => {
                            Input::NotReady(why)
                        }
                        Some(Err(error)) => Input::NotReady(error.to_string()),
                    }
                }
                Command::Smoke { checks } => match smoke(&checks, observer).await {
                    Ok(()) => Input::SmokePassed,
                    Err(why) => Input::SmokeFailed(why),
                },
                Command::Measure {
                    candidate,
                    baseline,
                } => match self.analyzer {
                    None => Input::MeasureFailed("no analysis configured".into()),
                    Some(analyzer) => match analyzer.measure(&candidate, baseline.as_ref()).await {
                        Ok(measurement) => {
                            let summary = summarize(&measurement);
                            observer
                                .note(&format!("analysis: {} — {summary}", measurement.verdict));
                            Input::Measured {
                                verdict: measurement.verdict,
                                summary,
                            }
                        }
                        Err(error) => Input::MeasureFailed(error.to_string()),
                    },
                },
                Command::Wait { until } => {
                    if matches!(machine.phase(), Phase::Baking { .. }) {
                        let seconds = until.saturating_sub(wall_millis()).div_ceil(1000);
                        observer.note(&format!(
                            "pause   {seconds}s (`plimsoll promote --env {}` skips it)",
                            machine.plan().env
                        ));
                    }
                    self.wait(until, false).await
                }
                Command::AwaitDecision { reason, until } => {
                    observer.note(&format!(
                        "held: {reason} — run `plimsoll promote --env {env}` to go on or `plimsoll abort --env {env}` to roll back",
                        env = machine.plan().env
                    ));
                    self.wait(until, true).await
                }
            };
        }
    }

    /// Runs `work` but gives up (returns `None`) when an abort is requested.
    async fn unless_aborted<T>(&self, work: impl std::future::Future<Output = T>) -> Option<T> {
        tokio::pin!(work);
        loop {
            tokio::select! {
                result = &mut work => return Some(result),
                () = tokio::time::sleep(self.poll) => {
                    if let Ok(Some(ControlRequest::Abort)) = self.take_request().await {
                        return None;
                    }
                }
            }
        }
    }

    /// Sleeps until `until`, waking for requests (promote only counts when
    /// `decision` or during a pause, which is every wait).
    async fn wait(&self, until: Millis, _decision: bool) -> Input {
        loop {
            match self.take_request().await {
                Ok(Some(ControlRequest::Abort)) => return Input::Abort,
                Ok(Some(ControlRequest::Promote)) => return Input::Promote,
                // A failed read is retried at the next poll.
                Ok(None) | Err(_) => {}
            }
            let now = wall_millis();
            if now >= until {
                return Input::Woke;
            }
            let left = Duration::from_millis(until - now);
            tokio::time::sleep(left.min(self.poll)).await;
        }
    }

    /// Reads and clears a pending request.
    async fn take_request(&self) -> Result<Option<ControlRequest>, crate::kube_backend::KubeError> {
        let request = self
            .backend
            .read_request(self.anchor.kind, &self.anchor.name)
            .await?;
        if request.is_some() {
            self.backend
                .send_request(self.anchor.kind, &self.anchor.name, None)
                .await?;
        }
        Ok(request)
    }

    /// Writes the progress record before each command runs, so a crash
    /// mid-command leaves a record that covers it.
    async fn record(&self, machine: &Machine, command: &Command, observer: &mut dyn Observer) {
        let (status, message) = match (machine.phase(), command) {
            (_, Command::Finish { outcome }) => match outcome {
                Outcome::Succeeded => {
                    ("succeeded", format!("deployed {}", machine.plan().to_image))
                }
                Outcome::RolledBack { reason } => ("rolled-back", reason.clone()),
                Outcome::RollbackFailed { reason, .. } => ("rollback-failed", reason.clone()),
            },
            (Phase::Held { reason, .. }, _) => ("held", reason.clone()),
            (Phase::RollingBack { reason, .. }, _) => ("rolling-back", reason.clone()),
            _ => ("running", String::new()),
        };
        let record = DeployRecord {
            env: machine.plan().env.clone(),
            status: status.to_string(),
            message,
            holder: self.holder.clone(),
            updated: crate::kube_backend::now_rfc3339(),
            plan: machine.plan().clone(),
            snapshot: machine.snapshot(),
        };
        if let Err(error) = self
            .backend
            .write_record(self.anchor.kind, &self.anchor.name, &record)
            .await
        {
            observer.note(&format!(
                "could not record progress on {} {}: {error}",
                self.anchor.kind.as_str(),
                self.anchor.name
            ));
        }
    }
}

/// Every check must answer its expected status within its attempts.
async fn smoke(checks: &[SmokeCheck], observer: &mut dyn Observer) -> Result<(), String> {
    for check in checks {
        let mut last = String::new();
        let mut passed = false;
        for attempt in 1..=check.attempts {
            match crate::http::get_status(&check.url, check.timeout.as_duration()).await {
                Ok(status) if status == check.expect_status => {
                    passed = true;
                    break;
                }
                Ok(status) => {
                    last = format!(
                        "GET {} answered {status}, expected {}",
                        check.url, check.expect_status
                    );
                }
                Err(error) => last = format!("GET {}: {error}", check.url),
            }
            if attempt < check.attempts {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
        if !passed {
            return Err(format!(
                "smoke check failed after {} attempt(s): {last}",
                check.attempts
            ));
        }
        observer.note(&format!(
            "smoke: GET {} → {}",
            check.url, check.expect_status
        ));
    }
    Ok(())
}

/// One line per metric: name, values, verdict.
pub fn summarize(measurement: &Measurement) -> String {
    measurement
        .metrics
        .iter()
        .map(|m| {
            let value =
                |v: Option<f64>| v.map_or_else(|| "no data".to_string(), |v| format!("{v:.4}"));
            let baseline = m
                .baseline
                .map(|b| format!(" vs baseline {}", value(Some(b))))
                .unwrap_or_default();
            let verdict = match m.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail => "FAIL",
                Verdict::Inconclusive => "inconclusive",
            };
            format!(
                "{} {}{baseline}: {verdict} ({})",
                m.name,
                value(m.candidate),
                m.reason
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
