//! Opt-in end-to-end tests against a real Kubernetes cluster.
//!
//! Skipped (with a message) unless `PLIMSOLL_E2E_KUBECONFIG` names a
//! kubeconfig; `PLIMSOLL_E2E_CONTEXT` picks a context other than the current
//! one. Each test creates its own namespace `plimsoll-e2e-<random>` holding
//! a small nginx Deployment + Service with a readiness probe, deploys
//! through `ops::Session` exactly as `plimsoll deploy` does, and deletes the
//! namespace when it ends, also when it fails (`PLIMSOLL_E2E_KEEP=1` keeps
//! it for a look). The cluster must be able to pull `nginx` from Docker Hub.
//!
//! ```text
//! PLIMSOLL_E2E_KUBECONFIG=~/.kube/config cargo test -p plimsoll-deploy --test e2e_cluster -- --nocapture
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use k8s_openapi::api::core::v1::Namespace as NamespaceObject;
use kube::api::{Api, DeleteParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use plimsoll_deploy::kube_backend::{Backend, Kind};
use plimsoll_deploy::machine::{Event, Outcome};
use plimsoll_deploy::ops::{Session, Target};
use plimsoll_deploy::runner::Observer;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const V1: &str = "nginx:1.27.1-alpine";
const V2: &str = "nginx:1.27.2-alpine";
const V3: &str = "nginx:1.27.3-alpine";
/// A tag that does not exist: pods stay in ErrImagePull / ImagePullBackOff.
const MISSING: &str = "nginx:0.0.0-plimsoll-e2e-missing";

/// Prints what a run reports, so `--nocapture` shows the deploy.
#[derive(Default)]
struct Log {
    events: Vec<Event>,
}

impl Observer for Log {
    fn event(&mut self, event: &Event) {
        println!("  {}", serde_json::to_string(event).unwrap_or_default());
        self.events.push(event.clone());
    }
    fn note(&mut self, text: &str) {
        println!("  note: {text}");
    }
}

/// The kubeconfig and context from the environment, or `None` (skip).
fn cluster() -> Option<(PathBuf, Option<String>)> {
    let Some(path) = std::env::var_os("PLIMSOLL_E2E_KUBECONFIG") else {
        println!(
            "skipped: set PLIMSOLL_E2E_KUBECONFIG to a kubeconfig (and optionally PLIMSOLL_E2E_CONTEXT) to run the real-cluster tests"
        );
        return None;
    };
    let context = std::env::var("PLIMSOLL_E2E_CONTEXT")
        .ok()
        .filter(|c| !c.is_empty());
    Some((PathBuf::from(path), context))
}

async fn client(kubeconfig: &Path, context: Option<&str>) -> kube::Client {
    let file = Kubeconfig::read_from(kubeconfig).expect("cannot read PLIMSOLL_E2E_KUBECONFIG");
    let options = KubeConfigOptions {
        context: context.map(str::to_string),
        ..KubeConfigOptions::default()
    };
    let config = kube::Config::from_custom_kubeconfig(file, &options)
        .await
        .expect("invalid kubeconfig");
    kube::Client::try_from(config).expect("cannot build a client")
}

/// A namespace that is deleted when the guard drops, test failure included.
struct TestNamespace {
    name: String,
    kubeconfig: PathBuf,
    context: Option<String>,
}

impl TestNamespace {
    async fn create(kubeconfig: &Path, context: Option<&str>) -> TestNamespace {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("plimsoll-e2e-{:x}{:x}", std::process::id(), nanos);
        let namespaces: Api<NamespaceObject> = Api::all(client(kubeconfig, context).await);
        let object: NamespaceObject = serde_json::from_value(json!({
            "metadata": {"name": name, "labels": {"app.kubernetes.io/created-by": "plimsoll-e2e"}}
        }))
        .unwrap();
        namespaces
            .create(&PostParams::default(), &object)
            .await
            .expect("cannot create the test namespace");
        println!("created namespace {name}");
        TestNamespace {
            name,
            kubeconfig: kubeconfig.to_path_buf(),
            context: context.map(str::to_string),
        }
    }
}

impl Drop for TestNamespace {
    fn drop(&mut self) {
        if std::env::var_os("PLIMSOLL_E2E_KEEP").is_some() {
            println!("kept namespace {} (PLIMSOLL_E2E_KEEP)", self.name);
            return;
        }
        let (name, kubeconfig, context) = (
            self.name.clone(),
            self.kubeconfig.clone(),
            self.context.clone(),
        );
        // Drop cannot await, and the test's runtime may be unwinding: delete
        // from a thread with a runtime of its own.
        let deleted = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let namespaces: Api<NamespaceObject> =
                    Api::all(client(&kubeconfig, context.as_deref()).await);
                namespaces
                    .delete(&name, &DeleteParams::background())
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .join();
        match deleted {
            Ok(Ok(())) => println!("deleted namespace {}", self.name),
            Ok(Err(error)) => eprintln!("could not delete namespace {}: {error}", self.name),
            Err(_) => eprintln!("could not delete namespace {}: cleanup panicked", self.name),
        }
    }
}

/// A namespace with nginx `web` (2 replicas of V1, readiness probe) and its
/// Service, plus a configuration directory with `[deploy.e2e]`.
struct Setup {
    backend: Backend,
    dir: tempfile::TempDir,
    kubeconfig: PathBuf,
    // Last: dropped after everything that talks to the namespace.
    namespace: TestNamespace,
}

impl Setup {
    async fn new(kubeconfig: PathBuf, context: Option<String>, config: &str) -> Setup {
        let namespace = TestNamespace::create(&kubeconfig, context.as_deref()).await;
        let backend = Backend::connect(
            Some(kubeconfig.as_path()),
            context.as_deref(),
            &namespace.name,
        )
        .await
        .expect("cannot connect");
        let labels = json!({"app": "web"});
        backend
            .apply(
                Kind::Deployment,
                "web",
                &json!({
                    "metadata": {"labels": labels},
                    "spec": {
                        "replicas": 2,
                        "selector": {"matchLabels": labels},
                        "template": {
                            "metadata": {"labels": labels},
                            "spec": {"containers": [{
                                "name": "web",
                                "image": V1,
                                "ports": [{"containerPort": 80}],
                                "readinessProbe": {
                                    "httpGet": {"path": "/", "port": 80},
                                    "periodSeconds": 2,
                                    "failureThreshold": 2
                                },
                                "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                            }]}
                        }
                    }
                }),
                "plimsoll-e2e",
            )
            .await
            .expect("cannot create the Deployment");
        backend
            .apply(
                Kind::Service,
                "web",
                &json!({"spec": {"selector": labels, "ports": [{"port": 80, "targetPort": 80}]}}),
                "plimsoll-e2e",
            )
            .await
            .expect("cannot create the Service");
        let dir = tempfile::tempdir().unwrap();
        let context_line = context
            .as_ref()
            .map(|c| format!("context = \"{c}\"\n"))
            .unwrap_or_default();
        std::fs::write(
            dir.path().join("plimsoll.toml"),
            format!(
                "[deploy.e2e]\n{context_line}namespace = \"{}\"\ndeployment = \"web\"\nprogress-timeout = \"3m\"\nmonitoring-window = \"5s\"\nscale-down-delay = \"0s\"\npause = \"3s\"\ntimeout = \"15m\"\n{config}",
                namespace.name
            ),
        )
        .unwrap();
        let setup = Setup {
            backend,
            dir,
            kubeconfig,
            namespace,
        };
        setup.wait_ready("web", 2).await;
        setup
    }

    async fn session(&self) -> Session {
        Session::open(&Target {
            dir: self.dir.path().to_path_buf(),
            env: "e2e".into(),
            kubeconfig: Some(self.kubeconfig.clone()),
            poll: Some(Duration::from_millis(500)),
        })
        .await
        .expect("cannot open the session")
    }

    async fn deploy(&self, image: &str) -> Outcome {
        println!("deploy {image} in {}", self.namespace.name);
        let mut log = Log::default();
        self.session()
            .await
            .deploy(Some(image), None, &mut log)
            .await
            .expect("the deploy errored")
    }

    async fn rollback(&self) -> Outcome {
        println!("rollback in {}", self.namespace.name);
        let mut log = Log::default();
        self.session()
            .await
            .rollback(None, &mut log)
            .await
            .expect("the rollback errored")
    }

    async fn deployment(&self, name: &str) -> Option<Value> {
        self.backend.get(Kind::Deployment, name).await.unwrap()
    }

    async fn image(&self, name: &str) -> String {
        self.deployment(name).await.expect("no such Deployment")["spec"]["template"]["spec"]
            ["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn selector(&self) -> Value {
        self.backend
            .get(Kind::Service, "web")
            .await
            .unwrap()
            .unwrap()["spec"]["selector"]
            .clone()
    }

    async fn wait_ready(&self, name: &str, replicas: u64) {
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Some(d) = self.deployment(name).await
                && d["status"]["readyReplicas"].as_u64() == Some(replicas)
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{name} not ready with {replicas} replica(s) within 3 minutes"
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Images of the ready pods the Service selects, sorted.
    async fn serving_images(&self) -> Vec<String> {
        let selector = self.selector().await;
        let selector = selector
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
            .collect::<Vec<_>>()
            .join(",");
        let mut images: Vec<String> = self
            .backend
            .list(Kind::Pod, &selector)
            .await
            .unwrap()
            .iter()
            .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
            .filter(|p| {
                p["status"]["conditions"].as_array().is_some_and(|c| {
                    c.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
            })
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

    /// Waits until only `image` serves (terminating pods drain out).
    async fn wait_serving_only(&self, image: &str) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let images = self.serving_images().await;
            if !images.is_empty() && images.iter().all(|i| i == image) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still serving {images:?}, expected only {image}"
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

fn assert_rolled_back(outcome: &Outcome) -> String {
    match outcome {
        Outcome::RolledBack { reason } => reason.clone(),
        other => panic!("expected a rollback, got {other:?}"),
    }
}

#[tokio::test]
async fn rolling_deploy_and_rollback_to_the_previous_revision() {
    let Some((kubeconfig, context)) = cluster() else {
        return;
    };
    let setup = Setup::new(kubeconfig, context, "strategy = \"rolling\"\n").await;

    assert_eq!(setup.deploy(V2).await, Outcome::Succeeded);
    assert_eq!(setup.image("web").await, V2);
    setup.wait_serving_only(V2).await;

    let plan = setup.session().await.rollback_plan(None).await.unwrap();
    assert_eq!(plan.to_image, V1, "{}", plan.render_text());

    assert_eq!(setup.rollback().await, Outcome::Succeeded);
    assert_eq!(setup.image("web").await, V1);
    setup.wait_serving_only(V1).await;

    let status = setup.session().await.status().await.unwrap();
    assert_eq!(status.image, V1);
    assert!(status.lock.is_none_or(|l| l.holder.is_empty() || l.expired));
}

#[tokio::test]
async fn canary_promotes_a_healthy_image_and_rolls_back_one_that_cannot_pull() {
    let Some((kubeconfig, context)) = cluster() else {
        return;
    };
    let setup = Setup::new(
        kubeconfig,
        context,
        "strategy = \"canary\"\nsteps = [50, 100]\n",
    )
    .await;

    let mut log = Log::default();
    let outcome = setup
        .session()
        .await
        .deploy(Some(V2), None, &mut log)
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);
    let traffic: Vec<u32> = log
        .events
        .iter()
        .filter_map(|e| match e {
            Event::StepStarted {
                traffic_percent, ..
            } => Some(*traffic_percent),
            _ => None,
        })
        .collect();
    assert_eq!(traffic.first(), Some(&50), "{traffic:?}");
    assert_eq!(setup.image("web").await, V2);
    assert!(setup.deployment("web-canary").await.is_none());
    setup.wait_serving_only(V2).await;

    // An image that cannot be pulled never gets ready: rolled back, the
    // stable track untouched and serving throughout.
    let outcome = setup.deploy(MISSING).await;
    let why = assert_rolled_back(&outcome);
    println!("rolled back: {why}");
    assert_eq!(setup.image("web").await, V2);
    assert!(
        setup
            .deployment("web-canary")
            .await
            .is_none_or(|d| d["spec"]["replicas"] == 0),
        "the canary is still scaled up"
    );
    setup.wait_serving_only(V2).await;
}

#[tokio::test]
async fn blue_green_switches_the_service_and_rollback_switches_back() {
    let Some((kubeconfig, context)) = cluster() else {
        return;
    };
    let setup = Setup::new(kubeconfig, context, "strategy = \"blue-green\"\n").await;

    assert_eq!(setup.deploy(V2).await, Outcome::Succeeded);
    let first = setup.selector().await["plimsoll.dev/colour"]
        .as_str()
        .expect("the Service selects no colour")
        .to_string();
    assert_eq!(setup.image(&format!("web-{first}")).await, V2);
    setup.wait_serving_only(V2).await;

    assert_eq!(setup.deploy(V3).await, Outcome::Succeeded);
    let second = setup.selector().await["plimsoll.dev/colour"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second, "the second deploy must use the other colour");
    assert_eq!(setup.image(&format!("web-{second}")).await, V3);
    setup.wait_serving_only(V3).await;

    assert_eq!(setup.rollback().await, Outcome::Succeeded);
    assert_eq!(
        setup.selector().await["plimsoll.dev/colour"],
        first.as_str()
    );
    setup.wait_serving_only(V2).await;
}

#[tokio::test]
async fn statefulset_rolling_deploy_and_a_stuck_update_rolled_back() {
    let Some((kubeconfig, context)) = cluster() else {
        return;
    };
    let setup = Setup::new(kubeconfig, context.clone(), "strategy = \"rolling\"\n").await;
    let labels = json!({"app": "db"});
    setup
        .backend
        .apply(
            Kind::Service,
            "db",
            &json!({"spec": {"clusterIP": "None", "selector": labels, "ports": [{"port": 80}]}}),
            "plimsoll-e2e",
        )
        .await
        .unwrap();
    setup
        .backend
        .apply(
            Kind::StatefulSet,
            "db",
            &json!({
                "metadata": {"labels": labels},
                "spec": {
                    "replicas": 2,
                    "serviceName": "db",
                    "selector": {"matchLabels": labels},
                    "template": {
                        "metadata": {"labels": labels},
                        "spec": {"containers": [{
                            "name": "db",
                            "image": V1,
                            "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 2},
                            "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                        }]}
                    }
                }
            }),
            "plimsoll-e2e",
        )
        .await
        .unwrap();
    // A second environment in the same file targets the StatefulSet.
    let path = setup.dir.path().join("plimsoll.toml");
    let context_line = context
        .as_ref()
        .map(|c| format!("context = \"{c}\"\n"))
        .unwrap_or_default();
    let toml = format!(
        "{}\n[deploy.db]\n{context_line}namespace = \"{}\"\nstatefulset = \"db\"\nprogress-timeout = \"3m\"\n",
        std::fs::read_to_string(&path).unwrap(),
        setup.namespace.name
    );
    std::fs::write(&path, toml).unwrap();
    let statefulset = |setup: &Setup| {
        let backend = setup.backend.clone();
        async move { backend.get(Kind::StatefulSet, "db").await.unwrap().unwrap() }
    };
    let deadline = Instant::now() + Duration::from_secs(180);
    while statefulset(&setup).await["status"]["readyReplicas"].as_u64() != Some(2) {
        assert!(Instant::now() < deadline, "db not ready within 3 minutes");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let session = Session::open(&Target {
        dir: setup.dir.path().to_path_buf(),
        env: "db".into(),
        kubeconfig: Some(setup.kubeconfig.clone()),
        poll: Some(Duration::from_millis(500)),
    })
    .await
    .unwrap();

    let outcome = session
        .deploy(Some(V2), None, &mut Log::default())
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Succeeded);

    // The highest ordinal gets the unpullable image and blocks the update;
    // the rollback must replace that pod, not only revert the template.
    let outcome = session
        .deploy(Some(MISSING), None, &mut Log::default())
        .await
        .unwrap();
    let why = assert_rolled_back(&outcome);
    println!("rolled back: {why}");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let pods = setup.backend.list(Kind::Pod, "app=db").await.unwrap();
        let images: Vec<&str> = pods
            .iter()
            .filter_map(|p| p["spec"]["containers"][0]["image"].as_str())
            .collect();
        let ready = statefulset(&setup).await["status"]["readyReplicas"].as_u64();
        if ready == Some(2) && images.len() == 2 && images.iter().all(|i| *i == V2) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "db pods {images:?}, {ready:?} ready: the stuck pod was not replaced"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
