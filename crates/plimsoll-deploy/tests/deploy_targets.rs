//! Targets other than a plain Deployment, and the health gates around them,
//! through `ops::Session` against plimsoll-fakekube: a StatefulSet deployed
//! with `rolling` (and refused for other strategies), a Helm release found by
//! its `app.kubernetes.io/instance` label, smoke checks against a local HTTP
//! server (pass, 503 → rollback) and `on-failure = pause` held until `abort`.

#![allow(clippy::unwrap_used)]

use plimsoll_deploy::config::OnFailure;
use plimsoll_deploy::kube_backend::ControlRequest;
use plimsoll_deploy::machine::{Event, Outcome};
use plimsoll_deploy::ops::{DeployError, Session, Target};
use plimsoll_deploy::runner::Recorder as Log;
use plimsoll_fakekube::FakeCluster;
use serde_json::{Value, json};
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const OLD: &str = "ghcr.io/acme/web:1.0";
const NEW: &str = "ghcr.io/acme/web:2.0";
const NS: &str = "shop";

struct Setup {
    cluster: FakeCluster,
    dir: tempfile::TempDir,
}

/// A Deployment of OLD with `labels` on the object, selector `app: <app>`.
fn deployment(name: &str, app: &str, labels: &Value) -> Value {
    let mut metadata = json!({"name": name, "namespace": NS, "labels": {"app": app}});
    for (k, v) in labels.as_object().unwrap() {
        metadata["labels"][k] = v.clone();
    }
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": metadata,
        "spec": {
            "replicas": 2,
            "progressDeadlineSeconds": 60,
            "selector": {"matchLabels": {"app": app}},
            "template": {
                "metadata": {"labels": {"app": app}},
                "spec": {"containers": [{"name": "web", "image": OLD}]}
            }
        }
    })
}

fn service(name: &str, app: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "namespace": NS},
        "spec": {"selector": {"app": app}, "ports": [{"port": 80, "targetPort": 8080}]}
    })
}

impl Setup {
    /// A cluster holding `objects` and a plimsoll.toml with `[deploy.prod]`
    /// = short timings + `config`.
    fn new(objects: Vec<Value>, config: &str) -> Setup {
        let cluster = FakeCluster::start();
        cluster.time_scale(20.0);
        for object in objects {
            cluster.apply(object);
        }
        let dir = tempfile::tempdir().unwrap();
        cluster
            .write_kubeconfig(&dir.path().join("kubeconfig"), "fake", NS)
            .unwrap();
        std::fs::write(
            dir.path().join("plimsoll.toml"),
            format!(
                "[deploy.prod]\nnamespace = \"{NS}\"\nimage = \"ghcr.io/acme/web\"\nprogress-timeout = \"30s\"\nmonitoring-window = \"200ms\"\nscale-down-delay = \"0s\"\npause = \"100ms\"\n{config}"
            ),
        )
        .unwrap();
        Setup { cluster, dir }
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

    fn get(&self, kind: &str, name: &str) -> Option<Value> {
        let api_version = if kind == "Service" { "v1" } else { "apps/v1" };
        self.cluster.get(api_version, kind, NS, name)
    }

    fn image(&self, kind: &str, name: &str) -> String {
        self.get(kind, name).unwrap()["spec"]["template"]["spec"]["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn ready(&self, kind: &str, name: &str) -> u64 {
        self.get(kind, name)
            .map_or(0, |d| d["status"]["readyReplicas"].as_u64().unwrap_or(0))
    }

    fn record_status(&self, kind: &str, name: &str) -> String {
        let record =
            &self.get(kind, name).unwrap()["metadata"]["annotations"]["plimsoll.dev/deploy"];
        record.as_str().map_or_else(String::new, |text| {
            let record: Value = serde_json::from_str(text).unwrap();
            record["status"].as_str().unwrap().to_string()
        })
    }

    /// Images of the pods whose `app` label is `app`, sorted.
    fn pod_images(&self, app: &str) -> Vec<String> {
        let mut images: Vec<String> = self
            .cluster
            .list("v1", "Pod", NS)
            .into_iter()
            .filter(|p| p["metadata"]["labels"]["app"] == app)
            .map(|p| {
                p["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        images.sort();
        images
    }

    /// Blocking wait, for when no deploy task shares the runtime.
    fn wait_until(&self, what: &str, done: impl Fn(&Setup) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn reason(outcome: &Outcome) -> String {
    match outcome {
        Outcome::RolledBack { reason } => reason.clone(),
        other => panic!("expected a rollback, got {other:?}"),
    }
}

/// A tiny HTTP server on loopback: `GET /healthz` answers 200, `/created`
/// 201, `/hang` only after 3 s, anything else 503. Counts the requests it answered.
struct SmokeServer {
    port: u16,
    hits: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
}

impl SmokeServer {
    fn start() -> SmokeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(Mutex::new(Vec::new()));
        let (h, p) = (hits.clone(), paths.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                // Skip the headers up to the blank line.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                let status = match path.as_str() {
                    "/healthz" => "200 OK",
                    "/created" => "201 Created",
                    "/hang" => {
                        // Slower than any smoke timeout the tests set.
                        std::thread::sleep(Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "503 Service Unavailable",
                };
                p.lock().unwrap().push(path);
                h.fetch_add(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.flush();
            }
        });
        SmokeServer { port, hits, paths }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `[[deploy.prod.health.smoke]]` for `path`, one attempt (a failure
    /// is then reported at once instead of after 2 s retries).
    fn config(&self, path: &str) -> String {
        format!(
            "[[deploy.prod.health.smoke]]\nurl = \"{}\"\ntimeout = \"2s\"\nattempts = 1\n",
            self.url(path)
        )
    }
}

fn web_objects() -> Vec<Value> {
    vec![deployment("web", "web", &json!({})), service("web", "web")]
}

#[tokio::test]
async fn statefulset_is_deployed_with_rolling_and_keeps_the_record_on_it() {
    let setup = Setup::new(
        vec![
            json!({
                "apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": {"name": "db", "namespace": NS, "labels": {"app": "db"}},
                "spec": {
                    "replicas": 3,
                    "serviceName": "db",
                    "podManagementPolicy": "Parallel",
                    "selector": {"matchLabels": {"app": "db"}},
                    "template": {
                        "metadata": {"labels": {"app": "db"}},
                        "spec": {"containers": [{"name": "db", "image": OLD}]}
                    }
                }
            }),
            service("db", "db"),
        ],
        "statefulset = \"db\"\nstrategy = \"rolling\"\n",
    );
    setup.wait_until("db ready", |s| s.ready("StatefulSet", "db") == 3);
    let session = setup.session().await;
    let plan = session.plan(Some("2.0"), None).await.unwrap();
    assert_eq!(plan.from_image, OLD);
    assert_eq!(plan.to_image, NEW);
    assert_eq!(plan.rollback.workload, "db");
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("StatefulSet", "db"), NEW);
    // Every pod was replaced: the StatefulSet controller went down the ordinals.
    assert_eq!(setup.pod_images("db"), vec![NEW; 3]);
    assert_eq!(setup.record_status("StatefulSet", "db"), "succeeded");
    // No Deployment or canary copy was made for it.
    assert!(setup.cluster.list("apps/v1", "Deployment", NS).is_empty());
    let status = session.status().await.unwrap();
    assert_eq!(status.kind, "StatefulSet");
    assert_eq!(status.image, NEW);
    assert_eq!(status.deploy.unwrap().status, "succeeded");
}

#[tokio::test]
async fn blue_green_or_canary_on_a_statefulset_is_a_config_error_naming_the_key() {
    for strategy in ["blue-green", "canary"] {
        let setup = Setup::new(
            Vec::new(),
            &format!("statefulset = \"db\"\nstrategy = \"{strategy}\"\n"),
        );
        let Err(error) = Session::open(&setup.target()).await else {
            panic!("{strategy} on a StatefulSet was accepted");
        };
        assert!(matches!(error, DeployError::Config(_)), "{error:?}");
        let text = error.to_string();
        assert!(text.contains("deploy.prod.strategy"), "{text}");
        assert!(text.contains(&format!("got `{strategy}`")), "{text}");
        // Refused before any request reached the cluster.
        assert!(setup.cluster.requests().is_empty());
    }
}

#[tokio::test]
async fn helm_release_is_resolved_by_its_instance_label() {
    let instance = json!({
        "app.kubernetes.io/instance": "web",
        "app.kubernetes.io/managed-by": "Helm"
    });
    let setup = Setup::new(
        vec![
            deployment("web-chart", "web-chart", &instance),
            service("web-chart", "web-chart"),
            // Another release's Deployment in the same namespace.
            deployment("api", "api", &json!({"app.kubernetes.io/instance": "api"})),
        ],
        "helm-release = \"web\"\nstrategy = \"canary\"\nsteps = [50, 100]\n",
    );
    setup.wait_until("web-chart ready", |s| {
        s.ready("Deployment", "web-chart") == 2
    });
    let session = setup.session().await;
    let plan = session.plan(Some("2.0"), None).await.unwrap();
    assert_eq!(plan.rollback.workload, "web-chart");
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("Deployment", "web-chart"), NEW);
    assert_eq!(setup.image("Deployment", "api"), OLD);
    // The canary copy (which carries the instance label too) is gone and
    // did not confuse the lookups during the deploy.
    assert!(setup.get("Deployment", "web-chart-canary").is_none());
    assert_eq!(setup.record_status("Deployment", "web-chart"), "succeeded");
    let status = session.status().await.unwrap();
    assert_eq!(status.workload, "web-chart");
    assert_eq!(status.image, NEW);
}

#[tokio::test]
async fn helm_release_without_a_labelled_deployment_names_the_label() {
    let setup = Setup::new(web_objects(), "helm-release = \"shop\"\n");
    let session = setup.session().await;
    let error = session.plan(Some("2.0"), None).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("app.kubernetes.io/instance=shop"), "{text}");
}

#[tokio::test]
async fn passing_smoke_check_lets_the_deploy_succeed() {
    let server = SmokeServer::start();
    let setup = Setup::new(
        web_objects(),
        &format!(
            "deployment = \"web\"\nstrategy = \"rolling\"\n{}",
            server.config("/healthz")
        ),
    );
    setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
    let session = setup.session().await;
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("Deployment", "web"), NEW);
    assert!(server.hits.load(Ordering::SeqCst) >= 1);
    assert!(
        server.paths.lock().unwrap().iter().all(|p| p == "/healthz"),
        "{:?}",
        server.paths
    );
    let smoke_url = server.url("/healthz");
    assert!(
        log.notes
            .iter()
            .any(|n| n.contains(&smoke_url) && n.contains("200")),
        "{:?}",
        log.notes
    );
    assert!(
        log.events
            .iter()
            .any(|e| matches!(e, Event::GatePassed { .. })),
        "{:?}",
        log.events
    );
}

#[tokio::test]
async fn smoke_check_answering_503_rolls_back_with_the_url_in_the_reason() {
    let server = SmokeServer::start();
    let setup = Setup::new(
        web_objects(),
        &format!(
            "deployment = \"web\"\nstrategy = \"rolling\"\n{}",
            server.config("/broken")
        ),
    );
    setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
    let session = setup.session().await;
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    let why = reason(&outcome);
    assert!(why.contains(&server.url("/broken")), "{why}");
    assert!(why.contains("503"), "{why}");
    assert_eq!(setup.image("Deployment", "web"), OLD);
    assert_eq!(setup.record_status("Deployment", "web"), "rolled-back");
    assert!(
        log.events
            .iter()
            .any(|e| matches!(e, Event::GateFailed { .. })),
        "{:?}",
        log.events
    );
}

#[tokio::test]
async fn on_failure_pause_holds_a_failed_smoke_gate_until_abort_rolls_back() {
    let server = SmokeServer::start();
    let setup = Setup::new(
        web_objects(),
        &format!(
            "deployment = \"web\"\nstrategy = \"rolling\"\n{}",
            server.config("/broken")
        ),
    );
    setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        let mut log = Log::default();
        let outcome = session
            .deploy(Some("2.0"), Some(OnFailure::Pause), &mut log)
            .await
            .unwrap();
        (outcome, log)
    });
    // Held on the failed gate, with the new version still in place.
    let deadline = Instant::now() + Duration::from_secs(20);
    while setup.record_status("Deployment", "web") != "held" {
        assert!(
            Instant::now() < deadline && !running.is_finished(),
            "never held on the failed smoke check"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(setup.image("Deployment", "web"), NEW);
    // Held means held: no rollback happens on its own.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!running.is_finished());
    assert_eq!(setup.image("Deployment", "web"), NEW);

    let session = setup.session().await;
    let mut log = Log::default();
    let message = session
        .request(ControlRequest::Abort, &mut log)
        .await
        .unwrap();
    assert!(message.contains("abort"), "{message}");
    let (outcome, log) = tokio::time::timeout(Duration::from_secs(20), running)
        .await
        .expect("the held deploy did not take the abort")
        .unwrap();
    let why = reason(&outcome);
    assert!(why.contains("abort"), "{why}");
    assert!(
        log.events.iter().any(|e| matches!(e, Event::Paused { .. })),
        "{:?}",
        log.events
    );
    assert_eq!(setup.image("Deployment", "web"), OLD);
    assert_eq!(setup.record_status("Deployment", "web"), "rolled-back");
}

fn statefulset_objects() -> Vec<Value> {
    vec![
        json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "namespace": NS, "labels": {"app": "db"}},
            "spec": {
                "replicas": 3,
                "serviceName": "db",
                "selector": {"matchLabels": {"app": "db"}},
                "template": {
                    "metadata": {"labels": {"app": "db"}},
                    "spec": {"containers": [{"name": "db", "image": OLD}]}
                }
            }
        }),
        service("db", "db"),
    ]
}

#[tokio::test]
async fn crash_looping_statefulset_update_is_rolled_back_to_the_old_image() {
    let setup = Setup::new(
        statefulset_objects(),
        "statefulset = \"db\"\nstrategy = \"rolling\"\n",
    );
    setup.wait_until("db ready", |s| s.ready("StatefulSet", "db") == 3);
    setup
        .cluster
        .fault_for_image(NEW, plimsoll_fakekube::Fault::CrashLoop);
    let session = setup.session().await;
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    let why = reason(&outcome);
    assert!(
        why.contains("crash looping") || why.contains("not ready"),
        "{why}"
    );
    assert_eq!(setup.image("StatefulSet", "db"), OLD);
    assert_eq!(setup.record_status("StatefulSet", "db"), "rolled-back");
    setup.wait_until("all db pods back on the old image and ready", |s| {
        s.pod_images("db") == vec![OLD; 3] && s.ready("StatefulSet", "db") == 3
    });
}

#[tokio::test]
async fn statefulset_rollback_goes_back_to_the_recorded_image() {
    let setup = Setup::new(
        statefulset_objects(),
        "statefulset = \"db\"\nstrategy = \"rolling\"\n",
    );
    setup.wait_until("db ready", |s| s.ready("StatefulSet", "db") == 3);
    let session = setup.session().await;
    let outcome = session
        .deploy(Some("2.0"), None, &mut Log::default())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    let plan = session.rollback_plan(None).await.unwrap();
    assert_eq!(plan.to_image, OLD, "{}", plan.render_text());
    let mut log = Log::default();
    let outcome = session.rollback(None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(setup.image("StatefulSet", "db"), OLD);
    assert_eq!(setup.pod_images("db"), vec![OLD; 3]);
}

#[tokio::test]
async fn helm_release_blue_green_keeps_finding_its_deployment_across_colours() {
    let instance = json!({"app.kubernetes.io/instance": "web"});
    let setup = Setup::new(
        vec![
            deployment("web-chart", "web-chart", &instance),
            service("web-chart", "web-chart"),
        ],
        "helm-release = \"web\"\nstrategy = \"blue-green\"\n",
    );
    setup.wait_until("web-chart ready", |s| {
        s.ready("Deployment", "web-chart") == 2
    });
    let selector = |s: &Setup| s.get("Service", "web-chart").unwrap()["spec"]["selector"].clone();
    let session = setup.session().await;
    let outcome = session
        .deploy(Some("2.0"), None, &mut Log::default())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(selector(&setup)["plimsoll.dev/colour"], "green");
    assert_eq!(setup.image("Deployment", "web-chart-green"), NEW);

    // The second deploy starts from green (found through the release's
    // uncoloured Deployment and the Service's colour) and goes to blue.
    let mut log = Log::default();
    let outcome = session.deploy(Some("3.0"), None, &mut log).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.notes);
    assert_eq!(selector(&setup)["plimsoll.dev/colour"], "blue");
    assert_eq!(
        setup.image("Deployment", "web-chart-blue"),
        "ghcr.io/acme/web:3.0"
    );
    let status = session.status().await.unwrap();
    assert_eq!(status.workload, "web-chart-blue");
    assert_eq!(status.image, "ghcr.io/acme/web:3.0");

    let outcome = session.rollback(None, &mut Log::default()).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(selector(&setup)["plimsoll.dev/colour"], "green");
}

#[tokio::test]
async fn statefulset_with_on_delete_updates_is_refused_before_any_change() {
    let mut objects = statefulset_objects();
    objects[0]["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
    let setup = Setup::new(objects, "statefulset = \"db\"\nstrategy = \"rolling\"\n");
    setup.wait_until("db ready", |s| s.ready("StatefulSet", "db") == 3);
    let session = setup.session().await;
    let error = session
        .plan(Some("2.0"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("OnDelete"), "{error}");
    setup.cluster.clear_requests();
    let error = session
        .deploy(Some("2.0"), None, &mut Log::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("OnDelete"), "{error}");
    assert_eq!(setup.image("StatefulSet", "db"), OLD);
    assert!(
        setup
            .cluster
            .requests()
            .iter()
            .all(|r| r.method == "GET" || r.path.contains("/leases")),
        "{:?}",
        setup.cluster.requests()
    );
    // Status still works on it.
    assert_eq!(session.status().await.unwrap().image, OLD);
}

#[tokio::test]
async fn smoke_check_timeout_and_expected_status_are_honoured() {
    let server = SmokeServer::start();
    let setup = Setup::new(
        web_objects(),
        &format!(
            "deployment = \"web\"\nstrategy = \"rolling\"\n[[deploy.prod.health.smoke]]\nurl = \"{}\"\nexpect-status = 201\nattempts = 1\n[[deploy.prod.health.smoke]]\nurl = \"{}\"\ntimeout = \"300ms\"\nattempts = 1\n",
            server.url("/created"),
            server.url("/hang")
        ),
    );
    setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
    let session = setup.session().await;
    let started = Instant::now();
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    let why = reason(&outcome);
    // The first check passed on its 201; the second timed out.
    assert!(
        log.notes
            .iter()
            .any(|n| n.contains("/created") && n.contains("201")),
        "{:?}",
        log.notes
    );
    assert!(why.contains(&server.url("/hang")), "{why}");
    assert!(why.contains("no answer within 0.3s"), "{why}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(setup.image("Deployment", "web"), OLD);
}

#[tokio::test]
async fn promote_accepts_a_held_failed_gate_and_the_deploy_goes_on() {
    let server = SmokeServer::start();
    let setup = Setup::new(
        web_objects(),
        &format!(
            "deployment = \"web\"\nstrategy = \"rolling\"\non-failure = \"pause\"\n{}",
            server.config("/broken")
        ),
    );
    setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
    let target = setup.target();
    let running = tokio::spawn(async move {
        let session = Session::open(&target).await.unwrap();
        let mut log = Log::default();
        // on-failure comes from the configuration this time.
        let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
        (outcome, log)
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while setup.record_status("Deployment", "web") != "held" {
        assert!(
            Instant::now() < deadline && !running.is_finished(),
            "never held on the failed smoke check"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let session = setup.session().await;
    let message = session
        .request(ControlRequest::Promote, &mut Log::default())
        .await
        .unwrap();
    assert!(message.contains("promote"), "{message}");
    let (outcome, log) = tokio::time::timeout(Duration::from_secs(20), running)
        .await
        .expect("the held deploy did not take the promote")
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded, "{:?}", log.events);
    assert!(
        log.events
            .iter()
            .any(|e| matches!(e, Event::Resumed { by, .. } if by == "promote")),
        "{:?}",
        log.events
    );
    assert_eq!(setup.image("Deployment", "web"), NEW);
    assert_eq!(setup.record_status("Deployment", "web"), "succeeded");
}

#[tokio::test]
async fn only_the_named_container_changes_in_a_pod_with_a_sidecar() {
    let mut web = deployment("web", "web", &json!({}));
    web["spec"]["template"]["spec"]["containers"] = json!([
        {"name": "proxy", "image": "envoyproxy/envoy:v1.31"},
        {"name": "web", "image": OLD}
    ]);
    for (strategy, steps) in [("rolling", ""), ("canary", "steps = [50, 100]\n")] {
        let setup = Setup::new(
            vec![web.clone(), service("web", "web")],
            &format!(
                "deployment = \"web\"\ncontainer = \"web\"\nstrategy = \"{strategy}\"\n{steps}"
            ),
        );
        setup.wait_until("web ready", |s| s.ready("Deployment", "web") == 2);
        let session = setup.session().await;
        let mut log = Log::default();
        let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
        assert_eq!(outcome, Outcome::Succeeded, "{strategy}: {:?}", log.notes);
        let containers =
            setup.get("Deployment", "web").unwrap()["spec"]["template"]["spec"]["containers"]
                .clone();
        assert_eq!(
            containers,
            json!([
                {"name": "proxy", "image": "envoyproxy/envoy:v1.31"},
                {"name": "web", "image": NEW}
            ]),
            "{strategy}"
        );
        let status = session.status().await.unwrap();
        assert_eq!(status.image, NEW, "{strategy}");
    }
}

#[tokio::test]
async fn helm_release_with_two_deployments_asks_for_one_by_name() {
    let instance = json!({"app.kubernetes.io/instance": "web"});
    let setup = Setup::new(
        vec![
            deployment("web-api", "web-api", &instance),
            deployment("web-worker", "web-worker", &instance),
        ],
        "helm-release = \"web\"\n",
    );
    let session = setup.session().await;
    let error = session
        .plan(Some("2.0"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("Helm release web has 2 Deployments"),
        "{error}"
    );
    assert!(
        error.contains("web-api") && error.contains("web-worker"),
        "{error}"
    );
}

#[tokio::test]
async fn helm_release_rollback_restores_the_previous_revision() {
    let instance = json!({"app.kubernetes.io/instance": "web"});
    let setup = Setup::new(
        vec![
            deployment("web-chart", "web-chart", &instance),
            service("web-chart", "web-chart"),
        ],
        "helm-release = \"web\"\nstrategy = \"rolling\"\n",
    );
    setup.wait_until("web-chart ready", |s| {
        s.ready("Deployment", "web-chart") == 2
    });
    let session = setup.session().await;
    let outcome = session
        .deploy(Some("2.0"), None, &mut Log::default())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    let plan = session.rollback_plan(None).await.unwrap();
    assert_eq!(plan.to_image, OLD, "{}", plan.render_text());
    let outcome = session.rollback(None, &mut Log::default()).await.unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    assert_eq!(setup.image("Deployment", "web-chart"), OLD);
    // The release's labels survive the restored template.
    assert_eq!(
        setup.get("Deployment", "web-chart").unwrap()["metadata"]["labels"]["app.kubernetes.io/instance"],
        "web"
    );
}
