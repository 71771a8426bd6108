//! The strategy engine: a pure state machine over a [`Plan`].
//!
//! It never does I/O and never reads a clock. The runner feeds it what
//! happened ([`Input`]) with the current time on a millisecond clock it
//! chooses (real in `plimsoll deploy`, virtual in tests) and performs the one
//! [`Command`] it returns. That makes every strategy testable step by step,
//! including a failure injected at any point (see the property tests).
//!
//! Failure handling: traffic changes are undone first, then everything else,
//! each in reverse order of application, so the stable version takes all
//! traffic back before the new version's objects go away.

use crate::analysis::{Subject, Verdict};
use crate::config::{OnFailure, SmokeCheck};
use crate::plan::{Action, Change, Gate, Pause, Plan, WorkloadKind};
use serde::{Deserialize, Serialize};

/// Milliseconds on the runner's clock.
pub type Millis = u64;

/// How many times one rollback change is tried before the machine gives up
/// and reports what is left to undo.
pub const ROLLBACK_ATTEMPTS: u32 = 5;

/// What the runner must do next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Command {
    Apply {
        change: Change,
    },
    AwaitReady {
        kind: WorkloadKind,
        workload: String,
        replicas: u32,
        deadline: Millis,
    },
    Smoke {
        checks: Vec<SmokeCheck>,
    },
    Measure {
        candidate: Subject,
        baseline: Option<Subject>,
    },
    /// Sleep until `until`, waking early for promote/abort requests.
    Wait {
        until: Millis,
    },
    /// Held: wait for `promote` or `abort` (or `until`, the deploy deadline).
    AwaitDecision {
        reason: String,
        until: Millis,
    },
    Finish {
        outcome: Outcome,
    },
}

/// What happened since the last command.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Start,
    Applied,
    /// The request may or may not have reached the server (connection lost,
    /// timeout, 5xx, conflict): retried during a rollback.
    ApplyFailed(String),
    /// The server refused the change (403, 404, 422...): it did not happen
    /// and trying again will not help.
    ApplyRejected(String),
    Ready,
    NotReady(String),
    SmokePassed,
    SmokeFailed(String),
    Measured {
        verdict: Verdict,
        summary: String,
    },
    MeasureFailed(String),
    /// A `Wait`/`AwaitDecision` ended without a request.
    Woke,
    /// `plimsoll promote`: skip the current pause (or accept a held gate).
    Promote,
    /// `plimsoll abort`: roll back now.
    Abort,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Succeeded,
    RolledBack {
        reason: String,
    },
    /// The rollback itself failed; `remaining` lists what is left to undo.
    RollbackFailed {
        reason: String,
        remaining: Vec<Change>,
    },
}

/// Progress, for the terminal and `--format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    StepStarted {
        step: usize,
        of: usize,
        name: String,
        traffic_percent: u32,
    },
    Applied {
        change: Change,
    },
    GatePassed {
        step: usize,
        gate: String,
        detail: String,
    },
    GateFailed {
        step: usize,
        gate: String,
        reason: String,
    },
    Paused {
        step: usize,
        reason: String,
    },
    Resumed {
        step: usize,
        by: String,
    },
    RollbackStarted {
        reason: String,
    },
    Undone {
        change: Change,
    },
    Finished {
        outcome: Outcome,
    },
}

/// Where the machine is; serialisable so an interrupted deploy can resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum Phase {
    NotStarted,
    Applying {
        step: usize,
        action: usize,
    },
    Gating {
        step: usize,
        gate: usize,
        measured: u32,
        gate_started: Millis,
        inconclusive: bool,
    },
    Baking {
        step: usize,
        until: Millis,
    },
    Held {
        step: usize,
        reason: String,
        resume: Resume,
    },
    RollingBack {
        reason: String,
        attempts: u32,
    },
    Done {
        outcome: Outcome,
    },
}

/// Where `promote` takes a held deploy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resume {
    /// After a manual pause: the next step.
    NextStep,
    /// After an inconclusive or failed gate a human accepted: the next gate.
    NextGate(usize),
    /// After a failed change: the step again from its first change.
    RetryStep,
}

/// The part of the state that must survive a restart (recorded in the
/// progress annotation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub plan_id: String,
    pub phase: Phase,
    /// Actions applied so far, in order.
    pub applied: Vec<Action>,
    /// The action being applied: counted as applied by a rollback, since a
    /// failed or interrupted request may still have reached the server
    /// (undoing a change that never happened is harmless).
    #[serde(default)]
    pub in_flight: Option<Action>,
    /// Undo changes still to do when rolling back.
    pub undo_queue: Vec<Change>,
    /// Undo changes the server refused, with its answer.
    #[serde(default)]
    pub refused: Vec<(Change, String)>,
    pub started_at: Millis,
}

pub struct Machine {
    plan: Plan,
    phase: Phase,
    applied: Vec<Action>,
    in_flight: Option<Action>,
    undo_queue: Vec<Change>,
    refused: Vec<(Change, String)>,
    started_at: Millis,
    events: Vec<Event>,
}

impl Machine {
    pub fn new(plan: Plan) -> Self {
        Machine {
            plan,
            phase: Phase::NotStarted,
            applied: Vec::new(),
            in_flight: None,
            undo_queue: Vec::new(),
            refused: Vec::new(),
            started_at: 0,
            events: Vec::new(),
        }
    }

    /// Continues from a snapshot. An interrupted step restarts at its first
    /// change (changes are idempotent applies); a rollback continues with
    /// what was left to undo.
    pub fn resume(plan: Plan, snapshot: Snapshot) -> Self {
        let phase = match snapshot.phase {
            Phase::Applying { step, .. }
            | Phase::Gating { step, .. }
            | Phase::Baking { step, .. } => Phase::Applying { step, action: 0 },
            other => other,
        };
        Machine {
            plan,
            phase,
            applied: snapshot.applied,
            in_flight: snapshot.in_flight,
            undo_queue: snapshot.undo_queue,
            refused: snapshot.refused,
            started_at: snapshot.started_at,
            events: Vec::new(),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            plan_id: self.plan.id.clone(),
            phase: self.phase.clone(),
            applied: self.applied.clone(),
            in_flight: self.in_flight.clone(),
            undo_queue: self.undo_queue.clone(),
            refused: self.refused.clone(),
            started_at: self.started_at,
        }
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Events since the last call.
    pub fn drain_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    fn deadline(&self) -> Millis {
        self.started_at
            .saturating_add(millis(self.plan.timeout.as_duration()))
    }

    /// Feeds one input; returns the next command.
    pub fn next(&mut self, now: Millis, input: Input) -> Command {
        if let Phase::Done { outcome } = &self.phase {
            return Command::Finish {
                outcome: outcome.clone(),
            };
        }
        if input == Input::Start {
            return match self.phase.clone() {
                Phase::NotStarted => {
                    self.started_at = now;
                    self.start_step(now, 0)
                }
                Phase::Applying { step, .. } => self.start_step(now, step),
                Phase::Held { reason, .. } => Command::AwaitDecision {
                    reason,
                    until: self.deadline(),
                },
                Phase::RollingBack { .. } => self.continue_rollback(),
                _ => self.start_step(now, 0),
            };
        }
        if input == Input::Abort && !matches!(self.phase, Phase::RollingBack { .. }) {
            return self.begin_rollback("aborted by `plimsoll abort`".into());
        }
        // The whole-deploy timeout, checked on every input but during a rollback.
        if now > self.deadline()
            && !matches!(self.phase, Phase::RollingBack { .. } | Phase::NotStarted)
        {
            return self.fail(format!(
                "the deploy took longer than its timeout ({})",
                self.plan.timeout
            ));
        }
        match self.phase.clone() {
            Phase::NotStarted => {
                self.started_at = now;
                self.start_step(now, 0)
            }
            Phase::Applying { step, action } => match input {
                Input::Applied => {
                    let done = self.plan.steps[step].actions[action].clone();
                    self.events.push(Event::Applied {
                        change: done.change.clone(),
                    });
                    self.in_flight = None;
                    self.applied.push(done);
                    self.apply_next(now, step, action + 1)
                }
                Input::ApplyFailed(error) => {
                    self.fail(format!("applying a change failed: {error}"))
                }
                Input::ApplyRejected(error) => {
                    // Refused, so not applied: nothing of it to undo.
                    self.in_flight = None;
                    self.fail(format!("the API server refused a change: {error}"))
                }
                _ => self.repeat_current(now),
            },
            Phase::Gating {
                step,
                gate,
                measured,
                gate_started,
                inconclusive,
            } => self.on_gate_input(now, step, gate, measured, gate_started, inconclusive, input),
            Phase::Baking { step, until } => match input {
                Input::Woke if now >= until => self.start_step(now, step + 1),
                Input::Promote => {
                    self.events.push(Event::Resumed {
                        step,
                        by: "promote".into(),
                    });
                    self.start_step(now, step + 1)
                }
                _ => Command::Wait { until },
            },
            Phase::Held {
                step,
                reason,
                resume,
            } => match input {
                Input::Promote => {
                    self.events.push(Event::Resumed {
                        step: step + 1,
                        by: "promote".into(),
                    });
                    match resume {
                        Resume::NextStep => self.start_step(now, step + 1),
                        Resume::NextGate(gate) => self.start_gate(now, step, gate + 1),
                        Resume::RetryStep => self.start_step(now, step),
                    }
                }
                _ if now >= self.deadline() => self.fail(format!(
                    "held ({reason}) until the deploy timeout ({})",
                    self.plan.timeout
                )),
                _ => Command::AwaitDecision {
                    reason,
                    until: self.deadline(),
                },
            },
            Phase::RollingBack { reason, attempts } => match input {
                Input::Applied => {
                    let change = self.undo_queue.remove(0);
                    self.events.push(Event::Undone { change });
                    self.phase = Phase::RollingBack {
                        reason,
                        attempts: 0,
                    };
                    self.continue_rollback()
                }
                Input::ApplyFailed(error) if attempts + 1 >= ROLLBACK_ATTEMPTS => {
                    let outcome = Outcome::RollbackFailed {
                        reason: format!("{reason}; then the rollback failed: {error}"),
                        remaining: self.undo_queue.clone(),
                    };
                    self.finish(outcome)
                }
                Input::ApplyFailed(_) => {
                    self.phase = Phase::RollingBack {
                        reason,
                        attempts: attempts + 1,
                    };
                    self.continue_rollback()
                }
                Input::ApplyRejected(error) => {
                    // Best effort: note it, undo the rest, report at the end.
                    let change = self.undo_queue.remove(0);
                    self.refused.push((change, error));
                    self.phase = Phase::RollingBack {
                        reason,
                        attempts: 0,
                    };
                    self.continue_rollback()
                }
                _ => self.continue_rollback(),
            },
            Phase::Done { outcome } => Command::Finish { outcome },
        }
    }

    /// Re-issues the command for the current phase (unexpected input).
    fn repeat_current(&mut self, now: Millis) -> Command {
        match self.phase.clone() {
            Phase::Applying { step, action } => Command::Apply {
                change: self.plan.steps[step].actions[action].change.clone(),
            },
            _ => self.start_step(now, 0),
        }
    }

    fn start_step(&mut self, now: Millis, step: usize) -> Command {
        let Some(current) = self.plan.steps.get(step) else {
            return self.finish(Outcome::Succeeded);
        };
        self.events.push(Event::StepStarted {
            step: step + 1,
            of: self.plan.steps.len(),
            name: current.name.clone(),
            traffic_percent: current.traffic_percent,
        });
        self.apply_next(now, step, 0)
    }

    fn apply_next(&mut self, now: Millis, step: usize, action: usize) -> Command {
        let current = &self.plan.steps[step];
        if let Some(next) = current.actions.get(action) {
            self.in_flight = Some(next.clone());
            self.phase = Phase::Applying { step, action };
            return Command::Apply {
                change: next.change.clone(),
            };
        }
        self.start_gate(now, step, 0)
    }

    fn start_gate(&mut self, now: Millis, step: usize, gate: usize) -> Command {
        let current = &self.plan.steps[step];
        let Some(next) = current.gates.get(gate) else {
            return self.start_pause(now, step);
        };
        self.phase = Phase::Gating {
            step,
            gate,
            measured: 0,
            gate_started: now,
            inconclusive: false,
        };
        self.gate_command(now, next.clone())
    }

    fn gate_command(&self, now: Millis, gate: Gate) -> Command {
        match gate {
            Gate::Ready {
                kind,
                workload,
                replicas,
                timeout,
            } => Command::AwaitReady {
                kind,
                workload,
                replicas,
                deadline: now
                    .saturating_add(millis(timeout.as_duration()))
                    .min(self.deadline()),
            },
            Gate::Smoke { checks } => Command::Smoke { checks },
            Gate::Analysis {
                candidate,
                baseline,
                ..
            } => Command::Measure {
                candidate,
                baseline,
            },
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_gate_input(
        &mut self,
        now: Millis,
        step: usize,
        gate: usize,
        measured: u32,
        gate_started: Millis,
        inconclusive: bool,
        input: Input,
    ) -> Command {
        let current = self.plan.steps[step].gates[gate].clone();
        let gate_name = gate_label(&current);
        let fail = |machine: &mut Self, reason: String| {
            machine.events.push(Event::GateFailed {
                step: step + 1,
                gate: gate_name.clone(),
                reason: reason.clone(),
            });
            machine.fail(format!(
                "step {} ({}): {reason}",
                step + 1,
                machine.plan.steps[step].name
            ))
        };
        match (&current, input) {
            (Gate::Ready { .. }, Input::Ready) | (Gate::Smoke { .. }, Input::SmokePassed) => {
                self.events.push(Event::GatePassed {
                    step: step + 1,
                    gate: gate_name,
                    detail: current.describe(),
                });
                self.start_gate(now, step, gate + 1)
            }
            (Gate::Ready { .. }, Input::NotReady(reason))
            | (Gate::Smoke { .. }, Input::SmokeFailed(reason)) => fail(self, reason),
            (Gate::Analysis { .. }, Input::MeasureFailed(reason)) => {
                fail(self, format!("analysis backend: {reason}"))
            }
            (Gate::Analysis { over, interval, .. }, Input::Measured { verdict, summary }) => {
                match verdict {
                    Verdict::Fail => fail(self, summary),
                    Verdict::Pass | Verdict::Inconclusive => {
                        let measured = measured + 1;
                        let inconclusive = verdict == Verdict::Inconclusive;
                        let end = gate_started.saturating_add(millis(over.as_duration()));
                        let next_at = now.saturating_add(millis(interval.as_duration()));
                        if next_at <= end {
                            self.phase = Phase::Gating {
                                step,
                                gate,
                                measured,
                                gate_started,
                                inconclusive,
                            };
                            return Command::Wait { until: next_at };
                        }
                        if inconclusive {
                            // NODATA never passes: hold for a human (R02).
                            let reason = format!(
                                "analysis inconclusive after {measured} measurement(s): {summary}"
                            );
                            return self.hold(step, reason, Resume::NextGate(gate));
                        }
                        self.events.push(Event::GatePassed {
                            step: step + 1,
                            gate: gate_name,
                            detail: format!("{measured} measurement(s): {summary}"),
                        });
                        self.start_gate(now, step, gate + 1)
                    }
                }
            }
            (
                Gate::Analysis {
                    candidate,
                    baseline,
                    ..
                },
                Input::Woke,
            ) => {
                self.phase = Phase::Gating {
                    step,
                    gate,
                    measured,
                    gate_started,
                    inconclusive,
                };
                Command::Measure {
                    candidate: candidate.clone(),
                    baseline: baseline.clone(),
                }
            }
            (_, Input::Promote) => {
                self.events.push(Event::Resumed {
                    step: step + 1,
                    by: "promote".into(),
                });
                self.start_gate(now, step, gate + 1)
            }
            (gate_def, _) => self.gate_command(now, gate_def.clone()),
        }
    }

    fn start_pause(&mut self, now: Millis, step: usize) -> Command {
        match self.plan.steps[step].pause {
            Pause::None => self.start_step(now, step + 1),
            Pause::For(span) => {
                let until = now.saturating_add(millis(span.as_duration()));
                self.phase = Phase::Baking { step, until };
                Command::Wait { until }
            }
            Pause::Manual => {
                let reason = format!("waiting for `plimsoll promote --env {}`", self.plan.env);
                self.hold(step, reason, Resume::NextStep)
            }
        }
    }

    /// A failed gate or change: roll back, or hold when configured to.
    fn fail(&mut self, reason: String) -> Command {
        let (step, resume) = match self.phase {
            Phase::Gating { step, gate, .. } => (step, Resume::NextGate(gate)),
            Phase::Applying { step, .. } => (step, Resume::RetryStep),
            Phase::Baking { step, .. } => (step, Resume::NextStep),
            // Already held (e.g. timed out while held): no second hold.
            _ => return self.begin_rollback(reason),
        };
        if self.plan.on_failure == OnFailure::Pause {
            return self.hold(step, reason, resume);
        }
        self.begin_rollback(reason)
    }

    /// Waits for `promote` (which resumes at `resume`) or `abort`.
    fn hold(&mut self, step: usize, reason: String, resume: Resume) -> Command {
        self.events.push(Event::Paused {
            step: step + 1,
            reason: reason.clone(),
        });
        self.phase = Phase::Held {
            step,
            reason: reason.clone(),
            resume,
        };
        Command::AwaitDecision {
            reason,
            until: self.deadline(),
        }
    }

    fn begin_rollback(&mut self, reason: String) -> Command {
        self.events.push(Event::RollbackStarted {
            reason: reason.clone(),
        });
        if let Some(pending) = self.in_flight.take() {
            self.applied.push(pending);
        }
        let undo: Vec<Change> = self
            .applied
            .iter()
            .rev()
            .flat_map(|a| a.undo.clone())
            .collect();
        let (traffic, rest): (Vec<Change>, Vec<Change>) =
            undo.into_iter().partition(Change::moves_traffic);
        self.undo_queue = traffic.into_iter().chain(rest).collect();
        self.applied.clear();
        self.phase = Phase::RollingBack {
            reason,
            attempts: 0,
        };
        self.continue_rollback()
    }

    fn continue_rollback(&mut self) -> Command {
        let Phase::RollingBack { reason, .. } = self.phase.clone() else {
            return self.finish(Outcome::Succeeded);
        };
        match self.undo_queue.first() {
            Some(change) => Command::Apply {
                change: change.clone(),
            },
            None if self.refused.is_empty() => self.finish(Outcome::RolledBack { reason }),
            None => {
                let refused = std::mem::take(&mut self.refused);
                let detail = refused
                    .iter()
                    .map(|(change, error)| {
                        format!("{} ({error})", change.describe(&self.plan.namespace))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                self.finish(Outcome::RollbackFailed {
                    reason: format!(
                        "{reason}; the API server refused {} undo change(s): {detail}",
                        refused.len()
                    ),
                    remaining: refused.into_iter().map(|(change, _)| change).collect(),
                })
            }
        }
    }

    fn finish(&mut self, outcome: Outcome) -> Command {
        self.events.push(Event::Finished {
            outcome: outcome.clone(),
        });
        self.phase = Phase::Done {
            outcome: outcome.clone(),
        };
        Command::Finish { outcome }
    }
}

fn gate_label(gate: &Gate) -> String {
    match gate {
        Gate::Ready { workload, .. } => format!("ready {workload}"),
        Gate::Smoke { .. } => "smoke".into(),
        Gate::Analysis { candidate, .. } => format!("analysis {}", candidate.workload),
    }
}

fn millis(duration: std::time::Duration) -> Millis {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
