//! The strategy engine against a toy cluster, on a virtual clock.
//!
//! The toy world interprets every [`Change`] the way Kubernetes would for
//! routing purposes (which pods a Service selects, which weights a router
//! holds), independently of the machine, and computes which image serves
//! what share of traffic. For every strategy and router, a failure is
//! injected at every command of a deploy, one at a time; the deploy must end
//! with the stable version serving all traffic and nothing of the new version
//! running. Property tests add random shapes, pauses and decisions.

#![allow(clippy::unwrap_used)]

use plimsoll_deploy::analysis::Verdict;
use plimsoll_deploy::config::{DeployConfig, EnvConfig, Router};
use plimsoll_deploy::machine::{Command, Input, Machine, Millis, Outcome};
use plimsoll_deploy::plan::{
    self, COLOUR_LABEL, Change, Facts, Plan, ServiceFacts, TRACK_LABEL, WorkloadKind,
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

const OLD: &str = "ghcr.io/acme/web:1.0";
const NEW: &str = "ghcr.io/acme/web:2.0";

#[derive(Debug, Clone)]
struct Workload {
    image: String,
    replicas: u32,
    labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
struct World {
    workloads: BTreeMap<String, Workload>,
    services: BTreeMap<String, BTreeMap<String, String>>,
    /// Router object → (stable service, canary service, canary weight).
    weights: BTreeMap<String, (String, String, u32)>,
    /// Workloads whose pods passed a readiness gate. A rolling update
    /// (maxUnavailable 0) keeps a workload ready; a new copy, or one
    /// scaled up from zero, is not ready until its gate says so.
    ready: std::collections::BTreeSet<String>,
}

impl World {
    fn new(replicas: u32) -> Self {
        let mut world = World::default();
        let labels: BTreeMap<String, String> = [("app".to_string(), "web".to_string())].into();
        world.workloads.insert(
            "web".into(),
            Workload {
                image: OLD.into(),
                replicas,
                labels: labels.clone(),
            },
        );
        world.services.insert("web".into(), labels);
        world.ready.insert("web".into());
        world
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::SetImage {
                workload, image, ..
            }
            | Change::RestoreRevision {
                workload, image, ..
            } => {
                if let Some(w) = self.workloads.get_mut(workload) {
                    w.image.clone_from(image);
                }
            }
            Change::CreateCopy {
                from,
                workload,
                labels,
                image,
                replicas,
                ..
            } => {
                self.ready.remove(workload);
                let mut copy = self.workloads[from].clone();
                copy.labels.extend(labels.clone());
                copy.image.clone_from(image);
                copy.replicas = *replicas;
                self.workloads.insert(workload.clone(), copy);
            }
            Change::Scale {
                workload, replicas, ..
            } => {
                if let Some(w) = self.workloads.get_mut(workload) {
                    if w.replicas == 0 {
                        self.ready.remove(workload);
                    }
                    w.replicas = *replicas;
                }
            }
            Change::DeleteWorkload { workload } => {
                self.workloads.remove(workload);
            }
            Change::SetSelector { service, selector }
            | Change::CreateService {
                service, selector, ..
            } => {
                self.services.insert(service.clone(), selector.clone());
            }
            Change::LabelPods { workload, labels } => {
                if let Some(w) = self.workloads.get_mut(workload) {
                    w.labels.extend(labels.clone());
                }
            }
            Change::DeleteService { service } => {
                self.services.remove(service);
            }
            Change::SetWeight {
                object,
                stable_service,
                canary_service,
                weight,
                ..
            } => {
                self.weights.insert(
                    object.clone(),
                    (stable_service.clone(), canary_service.clone(), *weight),
                );
            }
            Change::DeleteCanaryIngress { ingress } => {
                self.weights.remove(ingress);
            }
        }
    }

    /// Image → share of requests (in per-mille, summing to 1000 when served).
    fn traffic(&self) -> BTreeMap<String, u64> {
        let mut shares = BTreeMap::new();
        let mut route = |service: &str, share: u64| {
            let Some(selector) = self.services.get(service) else {
                return;
            };
            let pods: Vec<&Workload> = self
                .workloads
                .values()
                .filter(|w| {
                    w.replicas > 0 && selector.iter().all(|(k, v)| w.labels.get(k) == Some(v))
                })
                .collect();
            let total: u64 = pods.iter().map(|w| u64::from(w.replicas)).sum();
            for w in pods {
                *shares.entry(w.image.clone()).or_insert(0) +=
                    share * u64::from(w.replicas) / total;
            }
        };
        match self.weights.values().find(|(_, _, weight)| *weight > 0) {
            Some((stable, canary, weight)) => {
                route(stable, u64::from(100 - weight) * 10);
                route(canary, u64::from(*weight) * 10);
            }
            None => route("web", 1000),
        }
        shares
    }

    /// Routes that carry traffic but have no ready workload behind them
    /// (requests would fail): described, for assertions.
    fn traffic_to_unready(&self) -> Vec<String> {
        let serving = |service: &str| {
            let Some(selector) = self.services.get(service) else {
                return vec![];
            };
            self.workloads
                .iter()
                .filter(|(_, w)| {
                    w.replicas > 0 && selector.iter().all(|(k, v)| w.labels.get(k) == Some(v))
                })
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        };
        let mut problems = Vec::new();
        let mut check = |service: &str| {
            let behind = serving(service);
            if !behind.iter().any(|w| self.ready.contains(w)) {
                problems.push(format!("{service} -> {behind:?} (ready: {:?})", self.ready));
            }
        };
        match self.weights.values().find(|(_, _, weight)| *weight > 0) {
            Some((stable, canary, weight)) => {
                if *weight < 100 {
                    check(stable);
                }
                check(canary);
            }
            None => check("web"),
        }
        problems
    }

    fn running(&self, image: &str) -> u32 {
        self.workloads
            .values()
            .filter(|w| w.image == image)
            .map(|w| w.replicas)
            .sum()
    }
}

fn env(text: &str) -> EnvConfig {
    let config = DeployConfig::parse(Path::new("plimsoll.toml"), text)
        .unwrap()
        .unwrap();
    config.env("prod").unwrap().clone()
}

fn scenario(strategy: &str, router: Router, replicas: u32, extras: &str) -> (Plan, World) {
    let traffic = match router {
        Router::Replicas => String::new(),
        Router::Nginx => "[deploy.prod.traffic]\nrouter = \"nginx\"\ningress = \"web\"\n".into(),
        Router::Gateway => {
            "[deploy.prod.traffic]\nrouter = \"gateway\"\nhttp-route = \"web\"\n".into()
        }
        Router::Istio => {
            "[deploy.prod.traffic]\nrouter = \"istio\"\nvirtual-service = \"web\"\n".into()
        }
    };
    let text = format!(
        "[deploy.prod]\nnamespace = \"shop\"\ndeployment = \"web\"\nstrategy = \"{strategy}\"\n{extras}\n{traffic}"
    );
    let env = env(&text);
    let world = World::new(replicas);
    let facts = Facts {
        namespace: "shop".into(),
        kind: WorkloadKind::Deployment,
        workload: "web".into(),
        container: "web".into(),
        image: OLD.into(),
        replicas,
        revision: Some("3".into()),
        service: Some(ServiceFacts {
            name: "web".into(),
            selector: world.services["web"].clone(),
        }),
        pod_labels: world.workloads["web"].labels.clone(),
        stable_tracked: false,
        idle_workload: None,
    };
    (plan::build("prod", &env, &facts, NEW).unwrap(), world)
}

/// What the fake runner answers at the `fail_at`-th command.
#[derive(Debug, Clone, Copy)]
enum Fault {
    None,
    /// The `k`-th command fails in the ambiguous way (connection lost).
    At(usize),
    /// The `k`-th command is refused by the server (applies only).
    Refused(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Decision {
    Promote,
    Abort,
}

struct Run {
    outcome: Outcome,
    world: World,
    commands: usize,
    /// Traffic share of the new image after every command.
    shares_seen: Vec<u64>,
    /// Moments when traffic went to a route with no ready pods.
    unready_traffic: Vec<String>,
}

fn run(plan: Plan, mut world: World, fault: Fault, decision: Decision, measure: Verdict) -> Run {
    let mut machine = Machine::new(plan);
    let mut now: Millis = 1_000;
    let mut command = machine.next(now, Input::Start);
    let mut index = 0;
    let mut shares_seen = Vec::new();
    let mut unready_traffic = Vec::new();
    loop {
        let inject = matches!(fault, Fault::At(k) if k == index);
        let refuse = matches!(fault, Fault::Refused(k) if k == index);
        index += 1;
        assert!(index < 10_000, "the machine does not finish");
        let input = match command {
            Command::Finish { outcome } => {
                return Run {
                    outcome,
                    world,
                    commands: index,
                    shares_seen,
                    unready_traffic,
                };
            }
            Command::Apply { change } => {
                if inject {
                    Input::ApplyFailed("injected: connection reset".into())
                } else if refuse {
                    Input::ApplyRejected("injected: 403 forbidden".into())
                } else {
                    world.apply(&change);
                    Input::Applied
                }
            }
            Command::AwaitReady {
                deadline, workload, ..
            } => {
                if inject {
                    now = deadline;
                    Input::NotReady("injected: ProgressDeadlineExceeded".into())
                } else {
                    now += 5_000;
                    world.ready.insert(workload);
                    Input::Ready
                }
            }
            Command::Smoke { .. } => {
                if inject {
                    Input::SmokeFailed("injected: 503".into())
                } else {
                    Input::SmokePassed
                }
            }
            Command::Measure { .. } => {
                if inject {
                    Input::Measured {
                        verdict: Verdict::Fail,
                        summary: "injected: error rate 3× baseline".into(),
                    }
                } else {
                    Input::Measured {
                        verdict: measure,
                        summary: "ok".into(),
                    }
                }
            }
            Command::Wait { until } => {
                if inject {
                    Input::Abort
                } else {
                    now = now.max(until);
                    Input::Woke
                }
            }
            Command::AwaitDecision { .. } => {
                now += 60_000;
                if inject || decision == Decision::Abort {
                    Input::Abort
                } else {
                    Input::Promote
                }
            }
        };
        command = machine.next(now, input);
        shares_seen.push(world.traffic().get(NEW).copied().unwrap_or(0));
        unready_traffic.extend(world.traffic_to_unready());
    }
}

fn all_scenarios() -> Vec<(String, Plan, World)> {
    let mut out = Vec::new();
    let analysis = "[deploy.prod.analysis]\nprometheus = \"http://127.0.0.1:9090\"\n";
    let smoke = "[[deploy.prod.health.smoke]]\nurl = \"http://web.shop/healthz\"\n";
    for replicas in [1, 3] {
        for extras in ["", analysis, smoke] {
            for strategy in ["rolling", "blue-green"] {
                let (p, w) = scenario(strategy, Router::Replicas, replicas, extras);
                out.push((format!("{strategy} r{replicas} {extras:?}"), p, w));
            }
            for router in [
                Router::Replicas,
                Router::Nginx,
                Router::Gateway,
                Router::Istio,
            ] {
                let (p, w) = scenario("canary", router, replicas, extras);
                out.push((format!("canary {router} r{replicas} {extras:?}"), p, w));
            }
        }
    }
    out
}

fn assert_stable_serves_everything(name: &str, k: usize, result: &Run) {
    assert!(
        matches!(result.outcome, Outcome::RolledBack { .. }),
        "{name}: failure at command {k} ended {:?}",
        result.outcome
    );
    let traffic = result.world.traffic();
    assert_eq!(
        traffic.get(OLD),
        Some(&1000),
        "{name}: failure at {k}: traffic {traffic:?}"
    );
    assert_eq!(
        result.world.running(NEW),
        0,
        "{name}: failure at {k}: new version still running: {:?}",
        result.world.workloads
    );
    assert!(
        result.world.running(OLD) > 0,
        "{name}: failure at {k}: stable scaled away"
    );
}

#[test]
fn every_strategy_succeeds_and_ends_on_the_new_version() {
    for (name, plan, world) in all_scenarios() {
        let result = run(plan, world, Fault::None, Decision::Promote, Verdict::Pass);
        assert_eq!(result.outcome, Outcome::Succeeded, "{name}");
        assert!(
            result.unready_traffic.is_empty(),
            "{name}: traffic to unready pods: {:?}",
            result.unready_traffic
        );
        assert_eq!(
            result.world.traffic().get(NEW),
            Some(&1000),
            "{name}: {:?}",
            result.world.traffic()
        );
        assert_eq!(
            result.world.running(OLD),
            0,
            "{name}: old version left running: {:?}",
            result.world.workloads
        );
        assert!(
            result
                .world
                .workloads
                .keys()
                .all(|w| !w.ends_with("-canary")),
            "{name}: canary left behind"
        );
    }
}

#[test]
fn a_failure_at_every_command_of_every_strategy_leaves_stable_serving_all_traffic() {
    let mut checked = 0;
    for (name, plan, world) in all_scenarios() {
        let clean = run(
            plan.clone(),
            world.clone(),
            Fault::None,
            Decision::Promote,
            Verdict::Pass,
        );
        // Every command but the final Finish, and past the end of the
        // deploy's rollout (after cutover) too: the last steps tear down the
        // old version, after which a "failure" can no longer roll back.
        let last_rollbackable = clean.commands.saturating_sub(1);
        let faults =
            (0..last_rollbackable).flat_map(|k| [(k, Fault::At(k)), (k, Fault::Refused(k))]);
        for (k, fault) in faults {
            let result = run(
                plan.clone(),
                world.clone(),
                fault,
                Decision::Promote,
                Verdict::Pass,
            );
            if result.outcome == Outcome::Succeeded {
                // The fault hit a command without an undo (the teardown after
                // cutover): the deploy is complete and must be on the new version.
                assert_eq!(
                    result.world.traffic().get(NEW),
                    Some(&1000),
                    "{name}: fault {k}"
                );
                continue;
            }
            assert_stable_serves_everything(&name, k, &result);
            assert!(
                result.unready_traffic.is_empty(),
                "{name}: fault {k}: traffic to unready pods: {:?}",
                result.unready_traffic
            );
            checked += 1;
        }
    }
    assert!(
        checked > 400,
        "only {checked} injected failures rolled back"
    );
}

#[test]
fn traffic_reaches_the_new_version_gradually_on_canaries() {
    let (plan, world) = scenario("canary", Router::Gateway, 4, "");
    let result = run(plan, world, Fault::None, Decision::Promote, Verdict::Pass);
    let mut distinct: Vec<u64> = result.shares_seen.clone();
    distinct.dedup();
    assert_eq!(
        distinct,
        vec![0, 50, 250, 500, 1000],
        "{:?}",
        result.shares_seen
    );
}

#[test]
fn on_failure_pause_holds_then_abort_rolls_back_and_promote_goes_on() {
    for strategy in ["canary", "blue-green", "rolling"] {
        let (plan, world) = scenario(
            strategy,
            Router::Replicas,
            3,
            "on-failure = \"pause\"\n[deploy.prod.analysis]\nprometheus = \"http://p:9090\"\n",
        );
        // The first Measure is the injected failure: find its index.
        let clean = run(
            plan.clone(),
            world.clone(),
            Fault::None,
            Decision::Promote,
            Verdict::Pass,
        );
        assert_eq!(clean.outcome, Outcome::Succeeded);
        let mut machine = Machine::new(plan.clone());
        let mut command = machine.next(0, Input::Start);
        let mut k = 0;
        while !matches!(command, Command::Measure { .. }) {
            let input = match command {
                Command::Apply { .. } => Input::Applied,
                Command::AwaitReady { .. } => Input::Ready,
                Command::Smoke { .. } => Input::SmokePassed,
                Command::Wait { .. } => Input::Woke,
                other => panic!("{strategy}: unexpected {other:?}"),
            };
            command = machine.next(1, input);
            k += 1;
        }
        let aborted = run(
            plan.clone(),
            world.clone(),
            Fault::At(k),
            Decision::Abort,
            Verdict::Pass,
        );
        assert_stable_serves_everything(strategy, k, &aborted);
        let promoted = run(plan, world, Fault::At(k), Decision::Promote, Verdict::Pass);
        assert_eq!(promoted.outcome, Outcome::Succeeded, "{strategy}");
        assert_eq!(promoted.world.traffic().get(NEW), Some(&1000), "{strategy}");
    }
}

#[test]
fn inconclusive_analysis_holds_instead_of_passing() {
    let (plan, world) = scenario(
        "canary",
        Router::Nginx,
        2,
        "[deploy.prod.analysis]\nprometheus = \"http://p:9090\"\n",
    );
    let mut machine = Machine::new(plan);
    let mut command = machine.next(0, Input::Start);
    let mut world = world;
    let mut now = 0;
    loop {
        let input = match command {
            Command::Apply { change } => {
                world.apply(&change);
                Input::Applied
            }
            Command::AwaitReady { .. } => Input::Ready,
            Command::Measure { .. } => Input::Measured {
                verdict: Verdict::Inconclusive,
                summary: "no data".into(),
            },
            Command::Wait { until } => {
                now = until;
                Input::Woke
            }
            Command::AwaitDecision { reason, .. } => {
                assert!(reason.contains("inconclusive"), "{reason}");
                // Held with the canary at its first weight, not further.
                assert_eq!(world.traffic().get(NEW), Some(&50));
                break;
            }
            other => panic!("unexpected {other:?}"),
        };
        command = machine.next(now, input);
    }
}

#[test]
fn the_deploy_timeout_rolls_back_a_held_deploy() {
    let (plan, world) = scenario(
        "canary",
        Router::Replicas,
        2,
        "timeout = \"10m\"\nsteps = [{ weight = 20, pause = \"manual\" }, 100]\n",
    );
    let mut machine = Machine::new(plan);
    let mut world = world;
    let mut command = machine.next(0, Input::Start);
    let mut now = 0;
    for _ in 0..50 {
        let input = match command {
            Command::Apply { change } => {
                world.apply(&change);
                Input::Applied
            }
            Command::AwaitReady { .. } => Input::Ready,
            Command::AwaitDecision { until, .. } => {
                now = until + 1;
                Input::Woke
            }
            Command::Finish { outcome } => {
                let Outcome::RolledBack { reason } = outcome else {
                    panic!("{outcome:?}")
                };
                assert!(reason.contains("timeout (10m)"), "{reason}");
                assert_eq!(world.traffic().get(OLD), Some(&1000));
                return;
            }
            other => panic!("unexpected {other:?}"),
        };
        command = machine.next(now, input);
    }
    panic!("did not finish");
}

#[test]
fn a_resumed_deploy_restarts_its_step_and_finishes() {
    let (plan, world) = scenario("canary", Router::Istio, 3, "");
    // Run until the third apply, then "crash": keep only the snapshot.
    let mut machine = Machine::new(plan.clone());
    let mut world = world;
    let mut command = machine.next(0, Input::Start);
    let mut applies = 0;
    while applies < 3 {
        let input = match command {
            Command::Apply { change } => {
                world.apply(&change);
                applies += 1;
                Input::Applied
            }
            Command::AwaitReady { .. } => Input::Ready,
            Command::Wait { .. } => Input::Woke,
            other => panic!("unexpected {other:?}"),
        };
        command = machine.next(0, input);
    }
    let snapshot: plimsoll_deploy::machine::Snapshot =
        serde_json::from_str(&serde_json::to_string(&machine.snapshot()).unwrap()).unwrap();
    let mut resumed = Machine::resume(plan.clone(), snapshot.clone());
    let mut command = resumed.next(10, Input::Start);
    let mut now = 10;
    loop {
        let input = match command {
            Command::Apply { change } => {
                world.apply(&change);
                Input::Applied
            }
            Command::AwaitReady { .. } => Input::Ready,
            Command::Wait { until } => {
                now = until;
                Input::Woke
            }
            Command::Finish { outcome } => {
                assert_eq!(outcome, Outcome::Succeeded);
                break;
            }
            other => panic!("unexpected {other:?}"),
        };
        command = resumed.next(now, input);
    }
    assert_eq!(world.traffic().get(NEW), Some(&1000));
    // And an abort from the same snapshot (another process) rolls back.
    let (_, mut fresh) = scenario("canary", Router::Istio, 3, "");
    for action in &snapshot.applied {
        fresh.apply(&action.change);
    }
    let mut aborting = Machine::resume(plan, snapshot);
    let mut command = aborting.next(10, Input::Abort);
    loop {
        match command {
            Command::Apply { change } => {
                fresh.apply(&change);
                command = aborting.next(10, Input::Applied);
            }
            Command::Finish { outcome } => {
                assert!(matches!(outcome, Outcome::RolledBack { .. }), "{outcome:?}");
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(fresh.traffic().get(OLD), Some(&1000));
    assert_eq!(fresh.running(NEW), 0);
}

#[test]
fn blue_green_switch_is_one_selector_update_and_the_old_colour_waits() {
    let (plan, _) = scenario(
        "blue-green",
        Router::Replicas,
        2,
        "monitoring-window = \"10m\"\nscale-down-delay = \"1m\"\n",
    );
    let switch = &plan.steps[1];
    assert_eq!(switch.actions.len(), 1);
    let Change::SetSelector { selector, .. } = &switch.actions[0].change else {
        panic!()
    };
    assert_eq!(
        selector.get(COLOUR_LABEL).map(String::as_str),
        Some("green")
    );
    assert_eq!(
        switch.pause,
        plimsoll_deploy::plan::Pause::For(plimsoll_deploy::duration::parse("11m").unwrap())
    );
    let _ = TRACK_LABEL;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_shapes_and_faults_never_strand_traffic(
        strategy in prop::sample::select(vec!["rolling", "blue-green", "canary"]),
        router in prop::sample::select(vec![Router::Replicas, Router::Nginx, Router::Gateway, Router::Istio]),
        replicas in 1u32..8,
        ladder in prop::sample::select(vec!["", "steps = [10, 100]\n", "steps = [1, 2, 3, 50, 100]\n", "steps = [33, { weight = 66, pause = \"manual\" }, 100]\n"]),
        with_analysis in any::<bool>(),
        fault in 0usize..60,
        abort in any::<bool>(),
        inconclusive in any::<bool>(),
    ) {
        let router = if strategy == "canary" { router } else { Router::Replicas };
        let ladder = if strategy == "canary" { ladder } else { "" };
        let analysis = if with_analysis { "[deploy.prod.analysis]\nprometheus = \"http://p:9090\"\n" } else { "" };
        let (plan, world) = scenario(strategy, router, replicas, &format!("{ladder}{analysis}"));
        let decision = if abort { Decision::Abort } else { Decision::Promote };
        let verdict = if inconclusive { Verdict::Inconclusive } else { Verdict::Pass };
        let result = run(plan, world, Fault::At(fault), decision, verdict);
        match &result.outcome {
            Outcome::Succeeded => {
                prop_assert_eq!(result.world.traffic().get(NEW).copied(), Some(1000));
                prop_assert_eq!(result.world.running(OLD), 0);
            }
            Outcome::RolledBack { .. } => {
                prop_assert_eq!(result.world.traffic().get(OLD).copied(), Some(1000));
                prop_assert_eq!(result.world.running(NEW), 0);
            }
            Outcome::RollbackFailed { .. } => prop_assert!(false, "a single fault must not break the rollback"),
        }
        // Whatever happened, some version always served every request.
        let served: u64 = result.world.traffic().values().sum();
        prop_assert!(served >= 990, "traffic lost: {:?}", result.world.traffic());
    }
}
