//! The deterministic plan: every API change, step, gate, timeout and the
//! rollback target, built from the configuration and what the cluster holds
//! now ([`Facts`]). Building is pure, so `--dry-run` shows exactly what the
//! state machine will be fed.

use crate::analysis::Subject;
use crate::config::{EnvConfig, OnFailure, PauseConfig, Router, SmokeCheck, StrategyKind};
use crate::duration::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Label that tells canary pods from stable ones (routed canaries).
pub const TRACK_LABEL: &str = "plimsoll.dev/track";
/// Label that tells blue from green pods.
pub const COLOUR_LABEL: &str = "plimsoll.dev/colour";

/// What the cluster holds before the deploy (read by the backend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub namespace: String,
    pub kind: WorkloadKind,
    /// The workload serving traffic now (for blue-green, the active colour).
    pub workload: String,
    pub container: String,
    pub image: String,
    pub replicas: u32,
    /// `deployment.kubernetes.io/revision` of the workload, if any.
    pub revision: Option<String>,
    /// The Service in front, with its selector.
    pub service: Option<ServiceFacts>,
    /// Pod labels of the serving workload's template.
    pub pod_labels: BTreeMap<String, String>,
    /// Whether the stable pods already carry `plimsoll.dev/track: stable`
    /// and the Service selects on it (routed canaries need both).
    pub stable_tracked: bool,
    /// Blue-green: the idle colour's workload if it exists (scaled to 0).
    pub idle_workload: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFacts {
    pub name: String,
    pub selector: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
}

impl WorkloadKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::StatefulSet => "StatefulSet",
        }
    }
}

/// One API change. Each names its objects fully so the plan can be read
/// without the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// Server-side apply of one container's image; rolling updates also get
    /// `maxUnavailable: 0` so capacity never drops (R01).
    SetImage {
        kind: WorkloadKind,
        workload: String,
        container: String,
        image: String,
    },
    /// A copy of `from` (same pod spec) under a new name with extra labels
    /// in its selector and pods, a new image and a replica count.
    CreateCopy {
        from: String,
        workload: String,
        labels: BTreeMap<String, String>,
        container: String,
        image: String,
        replicas: u32,
    },
    Scale {
        kind: WorkloadKind,
        workload: String,
        replicas: u32,
    },
    DeleteWorkload {
        workload: String,
    },
    /// One update of a Service's selector (blue-green switch, stable track).
    SetSelector {
        service: String,
        selector: BTreeMap<String, String>,
    },
    /// Adds labels to the pod template (a rolling restart of the same image).
    LabelPods {
        workload: String,
        labels: BTreeMap<String, String>,
    },
    /// A copy of `from` selecting only the pods with `labels`.
    CreateService {
        from: String,
        service: String,
        selector: BTreeMap<String, String>,
    },
    DeleteService {
        service: String,
    },
    /// Canary weight on a router (one atomic update of its object).
    SetWeight {
        router: Router,
        object: String,
        stable_service: String,
        canary_service: String,
        weight: u32,
    },
    DeleteCanaryIngress {
        ingress: String,
    },
    /// `kubectl rollout undo --to-revision`: the Deployment takes the pod
    /// template of its ReplicaSet with that revision.
    RestoreRevision {
        workload: String,
        revision: String,
        image: String,
    },
}

impl Change {
    /// Whether this change moves user traffic (done last, undone first).
    pub fn moves_traffic(&self) -> bool {
        matches!(self, Change::SetSelector { .. } | Change::SetWeight { .. })
    }

    pub fn describe(&self, namespace: &str) -> String {
        let labels = |l: &BTreeMap<String, String>| {
            l.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        match self {
            Change::SetImage {
                kind,
                workload,
                container,
                image,
            } => format!(
                "apply {} {namespace}/{workload}: container {container} image {image}{}",
                kind.as_str(),
                if *kind == WorkloadKind::Deployment {
                    ", maxUnavailable 0"
                } else {
                    ""
                }
            ),
            Change::CreateCopy {
                from,
                workload,
                labels: extra,
                container,
                image,
                replicas,
            } => format!(
                "apply Deployment {namespace}/{workload} (copy of {from}, labels {}): container {container} image {image}, {replicas} replica(s)",
                labels(extra)
            ),
            Change::Scale {
                kind,
                workload,
                replicas,
            } => format!(
                "scale {} {namespace}/{workload} to {replicas}",
                kind.as_str()
            ),
            Change::DeleteWorkload { workload } => {
                format!("delete Deployment {namespace}/{workload}")
            }
            Change::SetSelector { service, selector } => {
                format!(
                    "update Service {namespace}/{service} selector to {}",
                    labels(selector)
                )
            }
            Change::LabelPods {
                workload,
                labels: extra,
            } => format!(
                "apply Deployment {namespace}/{workload}: pod labels {} (rolling restart, same image)",
                labels(extra)
            ),
            Change::CreateService {
                from,
                service,
                selector,
            } => format!(
                "apply Service {namespace}/{service} (copy of {from}) selecting {}",
                labels(selector)
            ),
            Change::DeleteService { service } => format!("delete Service {namespace}/{service}"),
            Change::SetWeight {
                router,
                object,
                weight,
                ..
            } => {
                let what = match router {
                    Router::Nginx => format!("Ingress {namespace}/{object}-canary canary-weight"),
                    Router::Gateway => format!("HTTPRoute {namespace}/{object} backend weights"),
                    Router::Istio => format!("VirtualService {namespace}/{object} route weights"),
                    Router::Replicas => format!("replicas of {object}"),
                };
                format!("update {what}: canary {weight}%, stable {}%", 100 - weight)
            }
            Change::DeleteCanaryIngress { ingress } => {
                format!("delete Ingress {namespace}/{ingress}-canary")
            }
            Change::RestoreRevision {
                workload,
                revision,
                image,
            } => format!(
                "update Deployment {namespace}/{workload}: pod template of revision {revision} ({image}), maxUnavailable 0"
            ),
        }
    }
}

/// A change and how to take it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub change: Change,
    /// Changes that restore the state before `change` (empty: nothing to undo,
    /// e.g. a delete at the end of a successful deploy).
    pub undo: Vec<Change>,
}

/// A check that must pass before the deploy goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "gate", rename_all = "kebab-case")]
pub enum Gate {
    /// Rollout-status semantics: observedGeneration caught up, all replicas
    /// updated and available, no ProgressDeadlineExceeded.
    Ready {
        kind: WorkloadKind,
        workload: String,
        replicas: u32,
        timeout: Span,
    },
    Smoke {
        checks: Vec<SmokeCheck>,
    },
    /// Measurements every `interval` during `over` (at least one); any Fail
    /// fails the gate, Inconclusive at the end holds the deploy.
    Analysis {
        candidate: Subject,
        baseline: Option<Subject>,
        over: Span,
        interval: Span,
    },
}

impl Gate {
    pub fn describe(&self) -> String {
        match self {
            Gate::Ready {
                kind,
                workload,
                replicas,
                timeout,
            } => format!(
                "wait for {} {workload}: {replicas} replica(s) updated and available (timeout {timeout})",
                kind.as_str()
            ),
            Gate::Smoke { checks } => format!(
                "smoke: {}",
                checks
                    .iter()
                    .map(|c| format!("GET {} → {}", c.url, c.expect_status))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Gate::Analysis {
                candidate,
                baseline,
                over,
                interval,
            } => format!(
                "analysis of {}{} every {interval} for {over}",
                candidate.workload,
                baseline
                    .as_ref()
                    .map(|b| format!(" against baseline {}", b.workload))
                    .unwrap_or_default()
            ),
        }
    }
}

/// What happens after a step's gates pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pause", content = "for", rename_all = "kebab-case")]
pub enum Pause {
    None,
    For(Span),
    Manual,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    /// Share of traffic on the new version once the step's changes are in.
    pub traffic_percent: u32,
    pub actions: Vec<Action>,
    pub gates: Vec<Gate>,
    pub pause: Pause,
}

/// Where a rollback returns to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollbackTarget {
    pub workload: String,
    pub image: String,
    pub revision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub env: String,
    pub namespace: String,
    pub context: Option<String>,
    pub strategy: StrategyKind,
    pub router: Router,
    pub from_image: String,
    pub to_image: String,
    pub on_failure: OnFailure,
    pub timeout: Span,
    pub steps: Vec<Step>,
    pub rollback: RollbackTarget,
    /// Analysis metrics, one line each, for the reader.
    pub analysis: Vec<String>,
    /// Things the reader should know (e.g. the replica ratio is approximate).
    pub notes: Vec<String>,
    /// Stable identity of this plan (hash of the JSON), recorded in the
    /// progress annotation so a resume runs the same plan.
    pub id: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("the image is already {0}: nothing to deploy")]
    NothingToDeploy(String),
    #[error("{0}")]
    Unsupported(String),
}

/// The reference to deploy: `--image` may be a full reference or a tag for
/// the configured repository (or the running image's repository).
pub fn resolve_image(arg: Option<&str>, env: &EnvConfig, current: &str) -> Result<String, String> {
    let Some(arg) = arg else {
        return Err("no image to deploy: pass --image TAG (or a full image reference)".into());
    };
    let tag = arg.trim_start_matches(':');
    let repository = env
        .image
        .clone()
        .unwrap_or_else(|| repository_of(current).to_string());
    if let Some(digest) = tag.strip_prefix("sha256:") {
        return Ok(format!("{repository}@sha256:{digest}"));
    }
    // A tag has no `/`, `:` or `@`; anything else is a full reference.
    if tag.contains(['/', ':', '@']) {
        return Ok(tag.to_string());
    }
    Ok(format!("{repository}:{tag}"))
}

/// `registry/repo:tag@digest` → `registry/repo`.
fn repository_of(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    match without_digest.rfind(':') {
        Some(colon) if !without_digest[colon..].contains('/') => &without_digest[..colon],
        _ => without_digest,
    }
}

/// Replicas the canary needs so that it gets about `weight`% of requests when
/// both tracks sit behind one Service (stable keeps all its replicas).
pub fn canary_replicas_for_ratio(stable: u32, weight: u32) -> u32 {
    if weight >= 50 {
        return stable.max(1);
    }
    let stable = u64::from(stable.max(1));
    let weight = u64::from(weight);
    let needed = (stable * weight).div_ceil(100 - weight);
    u32::try_from(needed.max(1)).unwrap_or(u32::MAX)
}

/// Replicas the canary needs when a router splits traffic by weight.
pub fn canary_replicas_for_weight(stable: u32, weight: u32) -> u32 {
    let needed = (u64::from(stable.max(1)) * u64::from(weight)).div_ceil(100);
    u32::try_from(needed.max(1)).unwrap_or(u32::MAX)
}

pub fn build(
    env_name: &str,
    env: &EnvConfig,
    facts: &Facts,
    to_image: &str,
) -> Result<Plan, PlanError> {
    if facts.image == to_image {
        return Err(PlanError::NothingToDeploy(to_image.to_string()));
    }
    let mut builder = Builder {
        env,
        facts,
        to_image,
        notes: Vec::new(),
    };
    let steps = match env.strategy {
        StrategyKind::Rolling => builder.rolling(),
        StrategyKind::BlueGreen => builder.blue_green()?,
        StrategyKind::Canary => builder.canary()?,
    };
    let mut plan = Plan {
        env: env_name.to_string(),
        namespace: facts.namespace.clone(),
        context: env.context.clone(),
        strategy: env.strategy,
        router: env.traffic.router,
        from_image: facts.image.clone(),
        to_image: to_image.to_string(),
        on_failure: env.on_failure,
        timeout: env.timeout,
        steps,
        rollback: RollbackTarget {
            workload: facts.workload.clone(),
            image: facts.image.clone(),
            revision: facts.revision.clone(),
        },
        analysis: env
            .analysis
            .as_ref()
            .map(crate::analysis::AnalysisConfig::describe)
            .unwrap_or_default(),
        notes: builder.notes,
        id: String::new(),
    };
    plan.id = plan_id(&plan);
    Ok(plan)
}

/// FNV-1a over the plan's JSON (without the id): stable across runs and builds.
fn plan_id(plan: &Plan) -> String {
    let json = serde_json::to_string(plan).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in json.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

struct Builder<'a> {
    env: &'a EnvConfig,
    facts: &'a Facts,
    to_image: &'a str,
    notes: Vec<String>,
}

impl Builder<'_> {
    fn ready(&self, kind: WorkloadKind, workload: &str, replicas: u32) -> Gate {
        Gate::Ready {
            kind,
            workload: workload.to_string(),
            replicas,
            timeout: self.env.progress_timeout,
        }
    }

    /// The serving workload takes the new image; undone by the old one.
    fn new_image_on_stable(&self) -> Action {
        let f = self.facts;
        let set = |image: &str| Change::SetImage {
            kind: f.kind,
            workload: f.workload.clone(),
            container: f.container.clone(),
            image: image.to_string(),
        };
        Action {
            change: set(self.to_image),
            undo: vec![set(&f.image)],
        }
    }

    fn smoke(&self) -> Option<Gate> {
        (!self.env.health.smoke.is_empty()).then(|| Gate::Smoke {
            checks: self.env.health.smoke.clone(),
        })
    }

    fn subject(&self, workload: &str, kind: WorkloadKind) -> Subject {
        let pods = match kind {
            // <deployment>-<pod-template-hash>-<5 chars>
            WorkloadKind::Deployment => format!("{workload}-[a-z0-9]+-[a-z0-9]{{5}}"),
            // <statefulset>-<ordinal>
            WorkloadKind::StatefulSet => format!("{workload}-[0-9]+"),
        };
        Subject {
            namespace: self.facts.namespace.clone(),
            workload: workload.to_string(),
            pods,
        }
    }

    fn analysis(&self, candidate: &str, baseline: Option<&str>, over: Span) -> Option<Gate> {
        let analysis = self.env.analysis.as_ref()?;
        Some(Gate::Analysis {
            candidate: self.subject(candidate, self.facts.kind),
            baseline: baseline.map(|b| self.subject(b, self.facts.kind)),
            over,
            interval: analysis_interval(analysis),
        })
    }

    fn service_name(&self) -> String {
        self.env
            .traffic
            .service
            .clone()
            .or_else(|| self.facts.service.as_ref().map(|s| s.name.clone()))
            .unwrap_or_else(|| self.facts.workload.clone())
    }

    fn rolling(&mut self) -> Vec<Step> {
        let f = self.facts;
        let mut gates = vec![self.ready(f.kind, &f.workload, f.replicas)];
        gates.extend(self.smoke());
        gates.extend(self.analysis(&f.workload, None, self.env.monitoring_window));
        vec![Step {
            name: format!("roll out {} to {}", f.workload, self.to_image),
            traffic_percent: 100,
            actions: vec![self.new_image_on_stable()],
            gates,
            pause: Pause::None,
        }]
    }

    fn blue_green(&mut self) -> Result<Vec<Step>, PlanError> {
        let f = self.facts;
        let Some(service) = f.service.clone() else {
            return Err(PlanError::Unsupported(format!(
                "blue-green needs a Service in front of {} to switch (set traffic.service)",
                f.workload
            )));
        };
        let active_colour = f.pod_labels.get(COLOUR_LABEL).map(String::as_str);
        let new_colour = if active_colour == Some("green") {
            "blue"
        } else {
            "green"
        };
        let base = base_name(&f.workload);
        let new_workload = format!("{base}-{new_colour}");
        let mut labels = BTreeMap::new();
        labels.insert(COLOUR_LABEL.to_string(), new_colour.to_string());
        let mut new_selector: BTreeMap<String, String> = service
            .selector
            .iter()
            .filter(|(k, _)| k.as_str() != COLOUR_LABEL)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        new_selector.insert(COLOUR_LABEL.to_string(), new_colour.to_string());
        let create = Action {
            change: Change::CreateCopy {
                from: f.workload.clone(),
                workload: new_workload.clone(),
                labels,
                container: f.container.clone(),
                image: self.to_image.to_string(),
                replicas: f.replicas,
            },
            undo: vec![Change::Scale {
                kind: WorkloadKind::Deployment,
                workload: new_workload.clone(),
                replicas: 0,
            }],
        };
        let prepare_gates = vec![self.ready(WorkloadKind::Deployment, &new_workload, f.replicas)];
        // No smoke checks yet: the URLs reach the Service, which still
        // selects the old colour; they run after the switch.
        let switch = Action {
            change: Change::SetSelector {
                service: service.name.clone(),
                selector: new_selector,
            },
            undo: vec![Change::SetSelector {
                service: service.name.clone(),
                selector: service.selector.clone(),
            }],
        };
        let mut watch_gates = Vec::new();
        watch_gates.extend(self.smoke());
        watch_gates.extend(self.analysis(&new_workload, None, self.env.monitoring_window));
        self.notes.push(format!(
            "{} keeps its {} replica(s) during the {} monitoring window, so switching back is one selector update",
            f.workload, f.replicas, self.env.monitoring_window
        ));
        // Without analysis the monitoring window is a plain wait; with it,
        // the analysis gate spends the window measuring. Either way the old
        // colour then waits the scale-down delay before it goes (R05).
        let watch_pause = if self.env.analysis.is_some() {
            self.env.scale_down_delay
        } else {
            Span(self.env.monitoring_window.0 + self.env.scale_down_delay.0)
        };
        Ok(vec![
            Step {
                name: format!("start {new_colour} ({new_workload}) beside {}", f.workload),
                traffic_percent: 0,
                actions: vec![create],
                gates: prepare_gates,
                pause: Pause::None,
            },
            Step {
                name: format!(
                    "switch Service {} to {new_colour}, keep {} for {} (monitoring window {}, then scale-down delay {})",
                    service.name,
                    f.workload,
                    Span(self.env.monitoring_window.0 + self.env.scale_down_delay.0),
                    self.env.monitoring_window,
                    self.env.scale_down_delay
                ),
                traffic_percent: 100,
                actions: vec![switch],
                gates: watch_gates,
                pause: Pause::For(watch_pause),
            },
            Step {
                name: format!("scale down {}", f.workload),
                traffic_percent: 100,
                actions: vec![Action {
                    change: Change::Scale {
                        kind: f.kind,
                        workload: f.workload.clone(),
                        replicas: 0,
                    },
                    undo: vec![],
                }],
                gates: vec![],
                pause: Pause::None,
            },
        ])
    }

    fn canary(&mut self) -> Result<Vec<Step>, PlanError> {
        let f = self.facts;
        if f.kind != WorkloadKind::Deployment {
            return Err(PlanError::Unsupported("canary needs a Deployment".into()));
        }
        let router = self.env.traffic.router;
        let canary = format!("{}-canary", f.workload);
        let service = self.service_name();
        let canary_service = format!("{service}-canary");
        let mut steps = Vec::new();
        let mut canary_labels = BTreeMap::new();
        canary_labels.insert(TRACK_LABEL.to_string(), "canary".to_string());
        let stable_selector = f
            .service
            .as_ref()
            .map(|s| s.selector.clone())
            .unwrap_or_default();

        let mut prepare = Vec::new();
        if router == Router::Replicas {
            self.notes.push(format!(
                "replica-ratio canary: {} keeps its {} replica(s); the canary share is canary/(stable+canary) pods behind Service {service}, so weights are approximate",
                f.workload, f.replicas
            ));
        } else {
            if f.service.is_none() {
                return Err(PlanError::Unsupported(format!(
                    "the {router} router needs the Service in front of {} (set traffic.service)",
                    f.workload
                )));
            }
            if !f.stable_tracked {
                let mut stable_labels = BTreeMap::new();
                stable_labels.insert(TRACK_LABEL.to_string(), "stable".to_string());
                let mut tracked_selector = stable_selector.clone();
                tracked_selector.insert(TRACK_LABEL.to_string(), "stable".to_string());
                self.notes.push(format!(
                    "first routed canary: {} gets the pod label {TRACK_LABEL}=stable (one rolling restart, same image) and Service {service} selects on it, so the Service never reaches canary pods",
                    f.workload
                ));
                steps.push(Step {
                    name: format!("label {} pods as the stable track", f.workload),
                    traffic_percent: 0,
                    actions: vec![Action {
                        change: Change::LabelPods {
                            workload: f.workload.clone(),
                            labels: stable_labels,
                        },
                        undo: vec![],
                    }],
                    gates: vec![self.ready(f.kind, &f.workload, f.replicas)],
                    pause: Pause::None,
                });
                prepare.push(Action {
                    change: Change::SetSelector {
                        service: service.clone(),
                        selector: tracked_selector,
                    },
                    undo: vec![],
                });
            }
            let mut canary_selector: BTreeMap<String, String> = stable_selector
                .iter()
                .filter(|(k, _)| k.as_str() != TRACK_LABEL)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            canary_selector.insert(TRACK_LABEL.to_string(), "canary".to_string());
            prepare.push(Action {
                change: Change::CreateService {
                    from: service.clone(),
                    service: canary_service.clone(),
                    selector: canary_selector,
                },
                undo: vec![Change::DeleteService {
                    service: canary_service.clone(),
                }],
            });
        }

        let ladder = self.env.ladder();
        let mut canary_replicas = 0;
        let mut previous_weight = 0;
        for (weight, pause) in ladder {
            if weight >= 100 {
                break;
            }
            let replicas = match router {
                Router::Replicas => canary_replicas_for_ratio(f.replicas, weight),
                _ => canary_replicas_for_weight(f.replicas, weight),
            };
            let mut actions = Vec::new();
            if canary_replicas == 0 {
                actions.append(&mut prepare);
                actions.push(Action {
                    change: Change::CreateCopy {
                        from: f.workload.clone(),
                        workload: canary.clone(),
                        labels: canary_labels.clone(),
                        container: f.container.clone(),
                        image: self.to_image.to_string(),
                        replicas,
                    },
                    undo: vec![Change::DeleteWorkload {
                        workload: canary.clone(),
                    }],
                });
            } else if replicas != canary_replicas {
                actions.push(Action {
                    change: Change::Scale {
                        kind: WorkloadKind::Deployment,
                        workload: canary.clone(),
                        replicas,
                    },
                    // Scaling the canary to zero is what removes its traffic
                    // on the replica router; elsewhere the weight undo does.
                    undo: vec![Change::Scale {
                        kind: WorkloadKind::Deployment,
                        workload: canary.clone(),
                        replicas: if router == Router::Replicas {
                            0
                        } else {
                            canary_replicas
                        },
                    }],
                });
            }
            let bake = match pause {
                PauseConfig::For(span) => span,
                PauseConfig::Manual => Span::default(),
            };
            let step_pause = match pause {
                // With analysis the bake time is spent measuring.
                PauseConfig::For(_) if self.env.analysis.is_some() => Pause::None,
                PauseConfig::For(span) => Pause::For(span),
                PauseConfig::Manual => Pause::Manual,
            };
            canary_replicas = replicas;
            let mut gates = Vec::new();
            if router == Router::Replicas {
                // The Service only sends to ready pods, so scaling the canary
                // is the traffic change and readiness gates it.
                let share = u64::from(replicas) * 100
                    / (u64::from(replicas) + u64::from(f.replicas.max(1)));
                let share = u32::try_from(share).unwrap_or(100);
                gates.push(self.ready(WorkloadKind::Deployment, &canary, replicas));
                gates.extend(self.smoke());
                gates.extend(self.analysis(&canary, Some(&f.workload), bake));
                steps.push(Step {
                    name: format!(
                        "canary at ~{share}% ({replicas} canary, {} stable replica(s); asked {weight}%)",
                        f.replicas
                    ),
                    traffic_percent: share,
                    actions,
                    gates,
                    pause: step_pause,
                });
            } else {
                // A router sends its share whether or not pods are ready:
                // the canary is scaled and ready before the weight moves.
                if !actions.is_empty() {
                    steps.push(Step {
                        name: if previous_weight == 0 {
                            format!("start canary {canary} ({replicas} replica(s), no traffic yet)")
                        } else {
                            format!(
                                "scale canary {canary} to {replicas} replica(s) before more traffic"
                            )
                        },
                        traffic_percent: previous_weight,
                        actions,
                        gates: vec![self.ready(WorkloadKind::Deployment, &canary, replicas)],
                        pause: Pause::None,
                    });
                }
                gates.extend(self.smoke());
                gates.extend(self.analysis(&canary, Some(&f.workload), bake));
                steps.push(Step {
                    name: format!("canary at {weight}%"),
                    traffic_percent: weight,
                    actions: vec![Action {
                        change: self.set_weight(&service, &canary_service, weight),
                        undo: vec![self.set_weight(&service, &canary_service, 0)],
                    }],
                    gates,
                    pause: step_pause,
                });
            }
            previous_weight = weight;
        }

        // Promotion: the stable workload takes the new image (never below its
        // capacity), traffic returns to it, the canary goes away.
        let mut promote_actions = vec![self.new_image_on_stable()];
        let mut promote_gates = vec![self.ready(f.kind, &f.workload, f.replicas)];
        promote_gates.extend(self.smoke());
        promote_gates.extend(self.analysis(&f.workload, None, self.env.monitoring_window));
        steps.push(Step {
            name: if self.env.scale_down_delay.as_duration().is_zero() {
                format!("promote: {} takes {}", f.workload, self.to_image)
            } else {
                format!(
                    "promote: {} takes {}, then {} more with the canary beside it",
                    f.workload, self.to_image, self.env.scale_down_delay
                )
            },
            traffic_percent: 100,
            actions: std::mem::take(&mut promote_actions),
            gates: promote_gates,
            pause: Pause::For(self.env.scale_down_delay),
        });
        let mut cleanup = Vec::new();
        if router != Router::Replicas {
            cleanup.push(Action {
                change: self.set_weight(&service, &canary_service, 0),
                undo: vec![],
            });
        }
        cleanup.push(Action {
            change: Change::DeleteWorkload {
                workload: canary.clone(),
            },
            undo: vec![],
        });
        if router != Router::Replicas {
            if router == Router::Nginx {
                cleanup.push(Action {
                    change: Change::DeleteCanaryIngress {
                        ingress: self.env.traffic.ingress.clone().unwrap_or_default(),
                    },
                    undo: vec![],
                });
            }
            cleanup.push(Action {
                change: Change::DeleteService {
                    service: canary_service,
                },
                undo: vec![],
            });
        }
        steps.push(Step {
            name: format!("remove canary {canary}"),
            traffic_percent: 100,
            actions: cleanup,
            gates: vec![],
            pause: Pause::None,
        });
        Ok(steps)
    }

    fn set_weight(&self, service: &str, canary_service: &str, weight: u32) -> Change {
        let router = self.env.traffic.router;
        let object = match router {
            Router::Nginx => self.env.traffic.ingress.clone(),
            Router::Gateway => self.env.traffic.http_route.clone(),
            Router::Istio => self.env.traffic.virtual_service.clone(),
            Router::Replicas => None,
        }
        .unwrap_or_default();
        Change::SetWeight {
            router,
            object,
            stable_service: service.to_string(),
            canary_service: canary_service.to_string(),
            weight,
        }
    }
}

fn analysis_interval(analysis: &crate::analysis::AnalysisConfig) -> Span {
    analysis.interval
}

/// `web-green` → `web`; `web` → `web`.
fn base_name(workload: &str) -> &str {
    workload
        .strip_suffix("-green")
        .or_else(|| workload.strip_suffix("-blue"))
        .unwrap_or(workload)
}

impl Plan {
    /// The plan as people read it.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "plan {} for {} ({} strategy{}), namespace {}{}",
            self.id,
            self.env,
            self.strategy,
            if self.strategy == StrategyKind::Canary {
                format!(", {} router", self.router)
            } else {
                String::new()
            },
            self.namespace,
            self.context
                .as_ref()
                .map(|c| format!(", context {c}"))
                .unwrap_or_default()
        );
        let _ = writeln!(out, "  image: {} → {}", self.from_image, self.to_image);
        let _ = writeln!(
            out,
            "  on failure: {}; whole deploy timeout {}",
            match self.on_failure {
                OnFailure::Rollback => "roll back automatically",
                OnFailure::Pause => "pause for `plimsoll promote` or `plimsoll abort`",
            },
            self.timeout
        );
        for line in &self.analysis {
            let _ = writeln!(out, "  analysis: {line}");
        }
        for (i, step) in self.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "\nstep {}/{}: {} [new version: {}% of traffic]",
                i + 1,
                self.steps.len(),
                step.name,
                step.traffic_percent
            );
            for action in &step.actions {
                let _ = writeln!(out, "  change  {}", action.change.describe(&self.namespace));
            }
            for gate in &step.gates {
                let _ = writeln!(out, "  gate    {}", gate.describe());
            }
            match step.pause {
                Pause::None => {}
                // A zero delay (`scale-down-delay = "0s"`) is no pause.
                Pause::For(span) if span.as_duration().is_zero() => {}
                Pause::For(span) => {
                    let _ = writeln!(out, "  pause   {span}");
                }
                Pause::Manual => {
                    let _ = writeln!(out, "  pause   until `plimsoll promote --env {}`", self.env);
                }
            }
        }
        let _ = writeln!(
            out,
            "\nrollback target: {} with {}{}",
            self.rollback.workload,
            self.rollback.image,
            self.rollback
                .revision
                .as_ref()
                .map(|r| format!(" (revision {r})"))
                .unwrap_or_default()
        );
        let _ = writeln!(
            out,
            "  on failure, traffic changes are undone first, then the new version's objects"
        );
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        out
    }
}

/// A Deployment revision (one of its ReplicaSets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub number: u64,
    pub image: String,
    pub replica_set: String,
}

/// The plan of `plimsoll rollback`: back to `to` (default: the revision
/// before the current one) for rolling and canary targets, back to the other
/// colour for blue-green. Built from the same parts as a deploy, so it is
/// shown, gated and recorded the same way.
pub fn rollback_plan(
    env_name: &str,
    env: &EnvConfig,
    facts: &Facts,
    revisions: &[Revision],
    to: Option<&str>,
    previous_image: Option<&str>,
) -> Result<Plan, PlanError> {
    let ready = |kind: WorkloadKind, workload: &str, replicas: u32| Gate::Ready {
        kind,
        workload: workload.to_string(),
        replicas,
        timeout: env.progress_timeout,
    };
    let mut notes = Vec::new();
    let (steps, target) = if env.strategy == StrategyKind::BlueGreen {
        if to.is_some() {
            return Err(PlanError::Unsupported(
                "blue-green rolls back to the other colour; --to applies to rolling and canary targets".into(),
            ));
        }
        let Some(service) = &facts.service else {
            return Err(PlanError::Unsupported(
                "blue-green rollback needs the Service in front".into(),
            ));
        };
        let Some(idle) = facts.idle_workload.clone() else {
            return Err(PlanError::Unsupported(format!(
                "no previous colour of {} to go back to (nothing was deployed with blue-green yet)",
                facts.workload
            )));
        };
        let mut selector: BTreeMap<String, String> = service
            .selector
            .iter()
            .filter(|(k, _)| k.as_str() != COLOUR_LABEL)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(colour) = idle
            .rsplit('-')
            .next()
            .filter(|c| *c == "blue" || *c == "green")
        {
            selector.insert(COLOUR_LABEL.to_string(), colour.to_string());
        }
        let steps = vec![
            Step {
                name: format!("scale {idle} back up"),
                traffic_percent: 0,
                actions: vec![Action {
                    change: Change::Scale {
                        kind: WorkloadKind::Deployment,
                        workload: idle.clone(),
                        replicas: facts.replicas,
                    },
                    undo: vec![Change::Scale {
                        kind: WorkloadKind::Deployment,
                        workload: idle.clone(),
                        replicas: 0,
                    }],
                }],
                gates: vec![ready(WorkloadKind::Deployment, &idle, facts.replicas)],
                pause: Pause::None,
            },
            Step {
                name: format!("switch Service {} back to {idle}", service.name),
                traffic_percent: 100,
                actions: vec![Action {
                    change: Change::SetSelector {
                        service: service.name.clone(),
                        selector,
                    },
                    undo: vec![Change::SetSelector {
                        service: service.name.clone(),
                        selector: service.selector.clone(),
                    }],
                }],
                gates: vec![],
                pause: Pause::For(env.scale_down_delay),
            },
            Step {
                name: format!("scale down {}", facts.workload),
                traffic_percent: 100,
                actions: vec![Action {
                    change: Change::Scale {
                        kind: WorkloadKind::Deployment,
                        workload: facts.workload.clone(),
                        replicas: 0,
                    },
                    undo: vec![],
                }],
                gates: vec![],
                pause: Pause::None,
            },
        ];
        (
            steps,
            RollbackTarget {
                workload: idle,
                image: String::from("(the idle colour's image)"),
                revision: None,
            },
        )
    } else if facts.kind == WorkloadKind::StatefulSet {
        if to.is_some() {
            return Err(PlanError::Unsupported("--to REVISION applies to Deployments; a StatefulSet rolls back to the image before its last deploy".into()));
        }
        let Some(image) = previous_image else {
            return Err(PlanError::Unsupported(format!(
                "no earlier deploy of StatefulSet {} is recorded, so there is no previous image to go back to",
                facts.workload
            )));
        };
        let steps = vec![Step {
            name: format!("roll {} back to {image}", facts.workload),
            traffic_percent: 100,
            actions: vec![Action {
                change: Change::SetImage {
                    kind: facts.kind,
                    workload: facts.workload.clone(),
                    container: facts.container.clone(),
                    image: image.to_string(),
                },
                undo: vec![],
            }],
            gates: vec![ready(facts.kind, &facts.workload, facts.replicas)],
            pause: Pause::None,
        }];
        (
            steps,
            RollbackTarget {
                workload: facts.workload.clone(),
                image: image.to_string(),
                revision: None,
            },
        )
    } else {
        let current: u64 = facts
            .revision
            .as_deref()
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        let wanted = match to {
            Some(text) => {
                let number: u64 = text.parse().map_err(|_| {
                    PlanError::Unsupported(format!("--to `{text}` is not a revision number"))
                })?;
                revisions
                    .iter()
                    .find(|r| r.number == number)
                    .cloned()
                    .ok_or_else(|| {
                        PlanError::Unsupported(format!(
                            "Deployment {} has no revision {number} (revisions: {})",
                            facts.workload,
                            revisions
                                .iter()
                                .map(|r| r.number.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?
            }
            None => revisions
                .iter()
                .filter(|r| r.number < current)
                .max_by_key(|r| r.number)
                .cloned()
                .ok_or_else(|| {
                    PlanError::Unsupported(format!(
                        "Deployment {} has no revision before {current} to go back to",
                        facts.workload
                    ))
                })?,
        };
        if wanted.number == current {
            return Err(PlanError::NothingToDeploy(format!(
                "revision {current} ({})",
                wanted.image
            )));
        }
        notes.push(format!(
            "revision {} is ReplicaSet {}",
            wanted.number, wanted.replica_set
        ));
        let steps = vec![Step {
            name: format!(
                "roll {} back to revision {} ({})",
                facts.workload, wanted.number, wanted.image
            ),
            traffic_percent: 100,
            actions: vec![Action {
                change: Change::RestoreRevision {
                    workload: facts.workload.clone(),
                    revision: wanted.number.to_string(),
                    image: wanted.image.clone(),
                },
                undo: vec![],
            }],
            gates: vec![ready(facts.kind, &facts.workload, facts.replicas)],
            pause: Pause::None,
        }];
        (
            steps,
            RollbackTarget {
                workload: facts.workload.clone(),
                image: wanted.image.clone(),
                revision: Some(wanted.number.to_string()),
            },
        )
    };
    let mut plan = Plan {
        env: env_name.to_string(),
        namespace: facts.namespace.clone(),
        context: env.context.clone(),
        strategy: env.strategy,
        router: env.traffic.router,
        from_image: facts.image.clone(),
        to_image: target.image.clone(),
        // A failing rollback stops where it is: undoing it would go back to
        // the version being rolled back from.
        on_failure: OnFailure::Pause,
        timeout: env.timeout,
        steps,
        rollback: RollbackTarget {
            workload: facts.workload.clone(),
            image: facts.image.clone(),
            revision: facts.revision.clone(),
        },
        analysis: Vec::new(),
        notes,
        id: String::new(),
    };
    plan.id = plan_id(&plan);
    Ok(plan)
}
