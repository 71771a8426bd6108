//! End to end through the real `kube::Client` against plimsoll-fakekube: a
//! stateful fake API server with a simulated Deployment controller. Every
//! strategy and router, failures (crash loops, RBAC denial, lost
//! connection, unreachable analysis backend), the lock, interrupted deploys
//! and rollbacks.

#![allow(clippy::unwrap_used)]

use plimsoll_deploy::kube_backend::ControlRequest;
use plimsoll_deploy::machine::{Event, Outcome};
use plimsoll_deploy::ops::{Session, Target};
use plimsoll_deploy::runner::Recorder as Log;
use plimsoll_fakekube::{FakeCluster, Fault};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const OLD: &str = "ghcr.io/acme/web:1.0";
const NEW: &str = "ghcr.io/acme/web:2.0";
const NS: &str = "shop";

struct Setup {
    cluster: FakeCluster,
    dir: tempfile::TempDir,
}

impl Setup {
    /// A cluster with Deployment + Service `web` (3 replicas of OLD) and a
    /// plimsoll.toml with `[deploy.prod]` = `config`.
    fn new(config: &str) -> Setup {
        let cluster = FakeCluster::start();
        cluster.time_scale(20.0);
        cluster.apply(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": NS, "labels": {"app": "web"}},
            "spec": {
                "replicas": 3,
                "progressDeadlineSeconds": 60,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": OLD, "ports": [{"containerPort": 8080}]}]}
                }
            }
        }));
        cluster.apply(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": NS},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
        }));
        let dir = tempfile::tempdir().unwrap();
        cluster
            .write_kubeconfig(&dir.path().join("kubeconfig"), "fake", NS)
            .unwrap();
        std::fs::write(
            dir.path().join("plimsoll.toml"),
            format!(
                "[deploy.prod]\nnamespace = \"{NS}\"\ndeployment = \"web\"\nimage = \"ghcr.io/acme/web\"\nprogress-timeout = \"30s\"\nmonitoring-window = \"300ms\"\nscale-down-delay = \"0s\"\npause = \"200ms\"\n{config}"
            ),
        )
        .unwrap();
        let setup = Setup { cluster, dir };
        setup.wait_until("web ready", |s| s.ready("web") == 3);
        setup
    }

    fn target(&self) -> Target {
        Target {
            dir: self.dir.path().to_path_buf(),
            env: "prod".into(),
            kubeconfig: Some(self.dir.path().join("kubeconfig")),
            poll: Some(Duration::from_millis(50)),
        }
    }

    async fn session(&self) -> Session {
        Session::open(&self.target()).await.unwrap()
    }

    fn get(&self, api_version: &str, kind: &str, name: &str) -> Option<Value> {
        self.cluster.get(api_version, kind, NS, name)
    }

    fn deployment(&self, name: &str) -> Option<Value> {
        self.get("apps/v1", "Deployment", name)
    }

    fn image(&self, name: &str) -> String {
        self.deployment(name).unwrap()["spec"]["template"]["spec"]["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn replicas(&self, name: &str) -> u64 {
        self.deployment(name).unwrap()["spec"]["replicas"]
            .as_u64()
            .unwrap()
    }

    fn ready(&self, name: &str) -> u64 {
        self.deployment(name)
            .map_or(0, |d| d["status"]["readyReplicas"].as_u64().unwrap_or(0))
    }

    fn selector(&self) -> Value {
        self.get("v1", "Service", "web").unwrap()["spec"]["selector"].clone()
    }

    /// Images of the running pods the Service selects, counted.
    fn serving_images(&self) -> std::collections::BTreeMap<String, usize> {
        let selector = self.selector();
        let mut images = std::collections::BTreeMap::new();
        for pod in self.cluster.list("v1", "Pod", NS) {
            let labels = &pod["metadata"]["labels"];
            let selected = selector
                .as_object()
                .unwrap()
                .iter()
                .all(|(k, v)| &labels[k] == v);
            if selected {
                let image = pod["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap()
                    .to_string();
                *images.entry(image).or_insert(0) += 1;
            }
        }
        images
    }

    fn record_status(&self) -> String {
        let record =
            &self.deployment("web").unwrap()["metadata"]["annotations"]["plimsoll.dev/deploy"];
        let Some(text) = record.as_str() else {
            return String::new();
        };
        let record: Value = serde_json::from_str(text).unwrap();
        record["status"].as_str().unwrap().to_string()
    }

    /// Blocking wait, for when no deploy task shares the runtime.
    fn wait_until(&self, what: &str, done: impl Fn(&Setup) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits while a spawned deploy task runs on the same runtime.
    async fn eventually(&self, what: &str, done: impl Fn(&Setup) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn deploy(setup: &Setup, image: &str) -> (Outcome, Log) {
    let session = setup.session().await;
    let mut log = Log::default();
    let outcome = session.deploy(Some(image), None, &mut log).await.unwrap();
    (outcome, log)
}

fn reason(outcome: &Outcome) -> String {
    match outcome {
        Outcome::RolledBack { reason } => reason.clone(),
        other => panic!("expected a rollback, got {other:?}"),
    }
}

#[tokio::test]
async fn rolling_deploy_updates_in_place_without_losing_capacity() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    let (outcome, log) = deploy(&setup, "2.0").await;
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("web"), NEW);
    let deployment = setup.deployment("web").unwrap();
    assert_eq!(
        deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
        json!(0)
    );
    assert_eq!(
        deployment["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(setup.serving_images(), [(NEW.to_string(), 3)].into());
    assert_eq!(setup.record_status(), "succeeded");
    // The lock is free again.
    let lease = setup
        .get("coordination.k8s.io/v1", "Lease", "plimsoll-deploy-web")
        .unwrap();
    assert!(lease["spec"]["holderIdentity"].is_null(), "{lease}");
    // The changes went through server-side apply with plimsoll's manager.
    let applies: Vec<_> = setup
        .cluster
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "PATCH" && r.content_type.as_deref() == Some("application/apply-patch+yaml")
        })
        .collect();
    assert!(
        applies
            .iter()
            .any(|r| r.query.contains("fieldManager=plimsoll-image")),
        "{applies:?}"
    );
}

#[tokio::test]
async fn canary_by_replica_ratio_promotes_and_removes_the_canary() {
    let setup = Setup::new("strategy = \"canary\"\nsteps = [20, 50, 100]\n");
    let (outcome, log) = deploy(&setup, "2.0").await;
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("web"), NEW);
    assert!(setup.deployment("web-canary").is_none());
    assert_eq!(setup.serving_images(), [(NEW.to_string(), 3)].into());
    let steps: Vec<u32> = log
        .events
        .iter()
        .filter_map(|e| match e {
            Event::StepStarted {
                traffic_percent, ..
            } => Some(*traffic_percent),
            _ => None,
        })
        .collect();
    // 1 canary pod beside 3 (25%), then 3 beside 3 (50%), promote, clean up.
    assert_eq!(steps, vec![25, 50, 100, 100]);
}

#[tokio::test]
async fn crash_looping_canary_is_rolled_back_and_stable_keeps_all_traffic() {
    let setup = Setup::new("strategy = \"canary\"\n");
    setup.cluster.fault_for_image(NEW, Fault::CrashLoop);
    let (outcome, _) = deploy(&setup, "2.0").await;
    let why = reason(&outcome);
    assert!(
        why.contains("crash looping") || why.contains("not ready"),
        "{why}"
    );
    assert!(
        setup.deployment("web-canary").is_none(),
        "canary left behind"
    );
    assert_eq!(setup.image("web"), OLD);
    assert_eq!(setup.serving_images(), [(OLD.to_string(), 3)].into());
    assert_eq!(setup.record_status(), "rolled-back");
}

#[tokio::test]
async fn a_rollout_that_never_becomes_ready_hits_its_progress_deadline() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    setup.cluster.fault_for_image(NEW, Fault::NeverReady);
    let (outcome, _) = deploy(&setup, "2.0").await;
    let why = reason(&outcome);
    assert!(why.contains("ProgressDeadlineExceeded"), "{why}");
    setup.wait_until("old pods serving", |s| {
        s.serving_images() == [(OLD.to_string(), 3)].into()
    });
    assert_eq!(setup.image("web"), OLD);
}

#[tokio::test]
async fn blue_green_switches_the_service_once_and_rollback_switches_back() {
    let setup = Setup::new("strategy = \"blue-green\"\n");
    let (outcome, log) = deploy(&setup, "2.0").await;
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(
        setup.selector(),
        json!({"app": "web", "plimsoll.dev/colour": "green"})
    );
    assert_eq!(setup.image("web-green"), NEW);
    assert_eq!(
        setup.replicas("web"),
        0,
        "old colour scaled down after the window"
    );
    let selector_updates = setup
        .cluster
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/services/web"))
        .count();
    assert_eq!(selector_updates, 1, "the switch is one update");
    setup.wait_until("green serving", |s| {
        s.serving_images() == [(NEW.to_string(), 3)].into()
    });

    // Next deploy goes to blue, from green.
    let (outcome, _) = deploy(&setup, "3.0").await;
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(setup.selector()["plimsoll.dev/colour"], "blue");
    assert_eq!(setup.image("web-blue"), "ghcr.io/acme/web:3.0");
    assert_eq!(setup.replicas("web-green"), 0);

    // Rollback: back to green in one switch.
    let session = setup.session().await;
    let plan = session.rollback_plan(None).await.unwrap();
    assert!(
        plan.render_text()
            .contains("switch Service web back to web-green"),
        "{}",
        plan.render_text()
    );
    let mut log = Log::default();
    let outcome = session.rollback(None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.selector()["plimsoll.dev/colour"], "green");
    assert_eq!(setup.replicas("web-green"), 3);
    assert_eq!(setup.replicas("web-blue"), 0);
    setup.wait_until("green serving again", |s| {
        s.serving_images() == [(NEW.to_string(), 3)].into()
    });
}

#[tokio::test]
async fn nginx_canary_weights_a_canary_ingress_then_removes_it() {
    let setup = Setup::new(
        "strategy = \"canary\"\nsteps = [{ weight = 10, pause = \"manual\" }, 100]\n[deploy.prod.traffic]\nrouter = \"nginx\"\ningress = \"web\"\n",
    );
    setup.cluster.apply(json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "web", "namespace": NS, "annotations": {"kubernetes.io/ingress.class": "nginx"}},
        "spec": {"tls": [{"hosts": ["shop.example.com"], "secretName": "tls"}], "rules": [{"host": "shop.example.com", "http": {"paths": [
            {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}
        ]}}]}
    }));
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        let mut log = Log::default();
        let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
        (outcome, log)
    });
    // Held at 10%: the canary Ingress carries the weight, stable is tracked.
    let deadline = Instant::now() + Duration::from_secs(20);
    let canary_ingress = loop {
        if let Some(ingress) = setup.get("networking.k8s.io/v1", "Ingress", "web-canary")
            && setup.deployment("web").unwrap()["metadata"]["annotations"]["plimsoll.dev/deploy"]
                .as_str()
                .is_some_and(|r| r.contains("\"status\":\"held\""))
        {
            break ingress;
        }
        assert!(Instant::now() < deadline, "never held at the first step");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let annotations = &canary_ingress["metadata"]["annotations"];
    assert_eq!(annotations["nginx.ingress.kubernetes.io/canary"], "true");
    assert_eq!(
        annotations["nginx.ingress.kubernetes.io/canary-weight"],
        "10"
    );
    assert_eq!(
        canary_ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"],
        "web-canary"
    );
    assert!(
        canary_ingress["spec"].get("tls").is_none(),
        "TLS stays on the primary Ingress"
    );
    assert_eq!(
        setup.selector(),
        json!({"app": "web", "plimsoll.dev/track": "stable"})
    );
    assert_eq!(
        setup.get("v1", "Service", "web-canary").unwrap()["spec"]["selector"],
        json!({"app": "web", "plimsoll.dev/track": "canary"})
    );
    // `plimsoll promote` from another process.
    let session = setup.session().await;
    let message = session
        .request(ControlRequest::Promote, &mut Log::default())
        .await
        .unwrap();
    assert!(message.contains("promote"), "{message}");
    let (outcome, log) = running.await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert!(
        setup
            .get("networking.k8s.io/v1", "Ingress", "web-canary")
            .is_none()
    );
    assert!(setup.get("v1", "Service", "web-canary").is_none());
    assert!(setup.deployment("web-canary").is_none());
    assert_eq!(setup.image("web"), NEW);
}

#[tokio::test]
async fn gateway_and_istio_weights_are_set_and_reset() {
    for (router, object) in [("gateway", "http-route"), ("istio", "virtual-service")] {
        let setup = Setup::new(&format!(
            "strategy = \"canary\"\nsteps = [30, 100]\n[deploy.prod.traffic]\nrouter = \"{router}\"\n{object} = \"web\"\n"
        ));
        setup.cluster.apply(json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": "web", "namespace": NS},
            "spec": {"parentRefs": [{"name": "public"}], "rules": [{"backendRefs": [{"name": "web", "port": 80}]}]}
        }));
        setup.cluster.apply(json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "web", "namespace": NS},
            "spec": {"hosts": ["web"], "http": [{"route": [{"destination": {"host": "web.shop.svc.cluster.local"}}]}]}
        }));
        let (outcome, log) = deploy(&setup, "2.0").await;
        assert_eq!(outcome, Outcome::Succeeded, "{router}: {:?}", log.notes);
        // Every weight the deploy set, in order, read back from the request log
        // would need bodies; the final state is what users see.
        if router == "gateway" {
            let route = setup
                .get("gateway.networking.k8s.io/v1", "HTTPRoute", "web")
                .unwrap();
            assert_eq!(
                route["spec"]["rules"][0]["backendRefs"],
                json!([{"name": "web", "port": 80, "weight": 100}])
            );
        } else {
            let vs = setup
                .get("networking.istio.io/v1", "VirtualService", "web")
                .unwrap();
            assert_eq!(
                vs["spec"]["http"][0]["route"],
                json!([{"destination": {"host": "web.shop.svc.cluster.local"}, "weight": 100}])
            );
        }
        assert_eq!(setup.image("web"), NEW);
        assert!(
            setup.get("v1", "Service", "web-canary").is_none(),
            "{router}"
        );
    }
}

#[tokio::test]
async fn failed_analysis_backend_rolls_back_the_canary() {
    let setup = Setup::new(
        "strategy = \"canary\"\n[deploy.prod.analysis]\nprometheus = \"http://127.0.0.1:9\"\ntimeout = \"1s\"\n",
    );
    let (outcome, _) = deploy(&setup, "2.0").await;
    let why = reason(&outcome);
    assert!(
        why.contains("analysis backend unreachable") && why.contains("127.0.0.1:9"),
        "{why}"
    );
    assert!(setup.deployment("web-canary").is_none());
    assert_eq!(setup.serving_images(), [(OLD.to_string(), 3)].into());
}

#[tokio::test]
async fn rbac_denial_of_the_switch_leaves_the_stable_colour_serving() {
    let setup = Setup::new("strategy = \"blue-green\"\n");
    setup.cluster.deny("update", "services");
    let (outcome, _) = deploy(&setup, "2.0").await;
    let why = reason(&outcome);
    assert!(why.contains("forbidden"), "{why}");
    assert_eq!(setup.selector(), json!({"app": "web"}));
    assert_eq!(
        setup.replicas("web-green"),
        0,
        "the new colour is scaled away"
    );
    assert_eq!(setup.serving_images(), [(OLD.to_string(), 3)].into());
}

#[tokio::test]
async fn a_connection_lost_mid_deploy_rolls_back_once_it_returns() {
    let setup =
        Setup::new("strategy = \"canary\"\nsteps = [{ weight = 20, pause = \"manual\" }, 100]\n");
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        let mut log = Log::default();
        let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
        (outcome, log)
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while setup.ready("web-canary") < 1 {
        assert!(Instant::now() < deadline, "canary never came up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The API server goes away while the deploy is held, then comes back.
    setup.cluster.set_offline(true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let session_abort = {
        // While offline, even `plimsoll abort` cannot reach the cluster.
        let target = setup.target();
        Session::open(&target).await.unwrap()
    };
    assert!(
        session_abort
            .request(ControlRequest::Abort, &mut Log::default())
            .await
            .is_err()
    );
    setup.cluster.set_offline(false);
    session_abort
        .request(ControlRequest::Abort, &mut Log::default())
        .await
        .unwrap();
    let (outcome, log) = running.await.unwrap();
    assert!(
        matches!(outcome, Outcome::RolledBack { .. }),
        "{outcome:?} {:?}",
        log.notes
    );
    assert!(setup.deployment("web-canary").is_none());
    assert_eq!(setup.image("web"), OLD);
}

#[tokio::test]
async fn the_lock_keeps_a_second_deploy_out() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    let now = "2099-01-01T00:00:00.000000Z";
    setup.cluster.apply(json!({
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": {"name": "plimsoll-deploy-web", "namespace": NS},
        "spec": {"holderIdentity": "ci@runner-7/pid-42/1", "leaseDurationSeconds": 30, "renewTime": now}
    }));
    let session = setup.session().await;
    let error = session
        .deploy(Some("2.0"), None, &mut Log::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("another deploy holds web") && error.contains("ci@runner-7"),
        "{error}"
    );
    assert_eq!(setup.image("web"), OLD, "nothing changed");
}

#[tokio::test]
async fn a_refused_deploy_gives_the_lock_back_at_once() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    let session = setup.session().await;
    let error = session
        .deploy(Some("1.0"), None, &mut Log::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("already ghcr.io/acme/web:1.0"), "{error}");
    let lease = setup
        .get("coordination.k8s.io/v1", "Lease", "plimsoll-deploy-web")
        .unwrap();
    assert!(lease["spec"]["holderIdentity"].is_null(), "{lease}");
    // So the next deploy starts right away.
    let (outcome, _) = deploy(&setup, "2.0").await;
    assert_eq!(outcome, Outcome::Succeeded);
}

#[tokio::test]
async fn an_interrupted_deploy_can_be_aborted_by_another_process() {
    let setup =
        Setup::new("strategy = \"canary\"\nsteps = [{ weight = 20, pause = \"manual\" }, 100]\n");
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        session.deploy(Some("2.0"), None, &mut Log::default()).await
    });
    setup
        .eventually("held", |s| {
            s.deployment("web").unwrap()["metadata"]["annotations"]["plimsoll.dev/deploy"]
                .as_str()
                .is_some_and(|r| r.contains("\"status\":\"held\""))
        })
        .await;
    // The CLI dies: its task stops and its lease is left to expire.
    running.abort();
    let _ = running.await;
    let mut lease = setup
        .get("coordination.k8s.io/v1", "Lease", "plimsoll-deploy-web")
        .unwrap();
    lease["spec"]["renewTime"] = json!("2020-01-01T00:00:00.000000Z");
    setup.cluster.apply(lease);
    let session = setup.session().await;
    let status = session.status().await.unwrap();
    assert_eq!(status.deploy.as_ref().unwrap().status, "held");
    assert!(status.lock.as_ref().unwrap().expired);
    assert!(
        status.render_text().contains("step      1/3"),
        "{}",
        status.render_text()
    );
    // promote needs a running deploy...
    let error = session
        .request(ControlRequest::Promote, &mut Log::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("resumes it"), "{error}");
    // ...abort rolls the interrupted one back here.
    let message = session
        .request(ControlRequest::Abort, &mut Log::default())
        .await
        .unwrap();
    assert!(message.contains("rolled back"), "{message}");
    assert!(setup.deployment("web-canary").is_none());
    assert_eq!(setup.serving_images(), [(OLD.to_string(), 3)].into());
    assert_eq!(setup.record_status(), "rolled-back");
}

#[tokio::test]
async fn an_interrupted_deploy_resumes_where_it_was() {
    let setup =
        Setup::new("strategy = \"canary\"\nsteps = [{ weight = 20, pause = \"manual\" }, 100]\n");
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        session.deploy(Some("2.0"), None, &mut Log::default()).await
    });
    setup
        .eventually("held", |s| s.record_status() == "held")
        .await;
    running.abort();
    let _ = running.await;
    let mut lease = setup
        .get("coordination.k8s.io/v1", "Lease", "plimsoll-deploy-web")
        .unwrap();
    lease["spec"]["renewTime"] = json!("2020-01-01T00:00:00.000000Z");
    setup.cluster.apply(lease);
    let session = setup.session().await;
    // A different image is refused while one is recorded.
    let error = session
        .deploy(Some("9.9"), None, &mut Log::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("an interrupted deploy of ghcr.io/acme/web:2.0"),
        "{error}"
    );
    // Resuming (no --image) re-enters the held step; promote it from outside.
    let target = setup.target();
    let resumed = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        let mut log = Log::default();
        let outcome = session.deploy(None, None, &mut log).await.unwrap();
        (outcome, log)
    });
    setup
        .eventually("held again", |s| {
            s.get("coordination.k8s.io/v1", "Lease", "plimsoll-deploy-web")
                .unwrap()["spec"]["renewTime"]
                .as_str()
                .is_some_and(|t| !t.starts_with("2020"))
                && s.record_status() == "held"
        })
        .await;
    session
        .request(ControlRequest::Promote, &mut Log::default())
        .await
        .unwrap();
    let (outcome, log) = resumed.await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert!(
        log.notes
            .iter()
            .any(|n| n.starts_with("resuming the interrupted deploy")),
        "{:?}",
        log.notes
    );
    assert_eq!(setup.image("web"), NEW);
}

#[tokio::test]
async fn rollback_to_a_revision_reuses_its_replica_set() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    assert_eq!(deploy(&setup, "2.0").await.0, Outcome::Succeeded);
    assert_eq!(deploy(&setup, "3.0").await.0, Outcome::Succeeded);
    let session = setup.session().await;
    let text = session.rollback_plan(None).await.unwrap().render_text();
    assert!(text.contains("revision 2 (ghcr.io/acme/web:2.0)"), "{text}");
    let outcome = session
        .rollback(Some("1"), &mut Log::default())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(setup.image("web"), OLD);
    let deployment = setup.deployment("web").unwrap();
    assert_eq!(
        deployment["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "4"
    );
    let replica_sets = setup.cluster.list("apps/v1", "ReplicaSet", NS);
    assert_eq!(
        replica_sets.len(),
        3,
        "revision 1's ReplicaSet was reused, not duplicated"
    );
    let error = session
        .rollback_plan(Some("17"))
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("has no revision 17"), "{error}");
}

#[tokio::test]
async fn bad_situations_are_clear_errors() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    // Missing target.
    let config = setup.dir.path().join("plimsoll.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("deployment = \"web\"", "deployment = \"api\""),
    )
    .unwrap();
    let error = setup
        .session()
        .await
        .plan(Some("2.0"), None)
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(error, "Deployment shop/api not found");
    // A context that is not in the kubeconfig is never replaced by another.
    std::fs::write(&config, format!("{text}context = \"production-eu\"\n")).unwrap();
    let error = Session::open(&setup.target())
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("context `production-eu` is not in the kubeconfig (contexts: fake)"),
        "{error}"
    );
    std::fs::write(&config, &text).unwrap();
    // The same image again is nothing to do.
    let error = setup
        .session()
        .await
        .plan(Some("1.0"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("already ghcr.io/acme/web:1.0"), "{error}");
    // Cluster unreachable.
    setup.cluster.set_offline(true);
    let error = setup
        .session()
        .await
        .plan(Some("2.0"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("503") || error.contains("connection"),
        "{error}"
    );
}

#[tokio::test]
async fn the_dry_run_plan_is_deterministic_and_complete() {
    let setup = Setup::new(
        "strategy = \"canary\"\n[deploy.prod.analysis]\nprometheus = \"http://prometheus:9090\"\n",
    );
    let session = setup.session().await;
    let first = session.plan(Some("2.0"), None).await.unwrap();
    let second = session.plan(Some("2.0"), None).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(first.id, second.id);
    let text = first.render_text();
    for expected in [
        "image: ghcr.io/acme/web:1.0 → ghcr.io/acme/web:2.0",
        "context fake",
        "apply Deployment shop/web-canary (copy of web, labels plimsoll.dev/track=canary): container web image ghcr.io/acme/web:2.0, 1 replica(s)",
        "analysis of web-canary against baseline web every 30s",
        "apply Deployment shop/web: container web image ghcr.io/acme/web:2.0, maxUnavailable 0",
        "delete Deployment shop/web-canary",
        "rollback target: web with ghcr.io/acme/web:1.0 (revision 1)",
        "analysis: error-rate",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    // Nothing was changed by planning.
    assert!(setup.deployment("web-canary").is_none());
    assert!(
        setup.cluster.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        setup.cluster.requests()
    );
}
