//! A canary deploy judged by a real Prometheus: the fake API server runs
//! the Deployments, a fake application exposes metrics for exactly the pods
//! the fake cluster runs (the new image's pods with the traffic the test
//! chooses), Prometheus scrapes it every second, and `plimsoll deploy`
//! queries Prometheus at each step.

#![allow(clippy::unwrap_used)]

mod support;

use plimsoll_deploy::machine::{Event, Outcome};
use plimsoll_deploy::ops::{Session, Target};
use plimsoll_deploy::runner::Recorder as Log;
use plimsoll_fakekube::FakeCluster;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::prometheus::{Harness, NAMESPACE, Traffic};

const OLD: &str = "ghcr.io/acme/web:1.0";
const NEW: &str = "ghcr.io/acme/web:2.0";

const HEALTHY: Traffic = Traffic {
    rps: 400.0,
    errors: 0.01,
    latency: 0.05,
};

fn cluster() -> FakeCluster {
    let cluster = FakeCluster::start();
    cluster.time_scale(20.0);
    cluster.apply(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": NAMESPACE},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": OLD}]}}
        }
    }));
    cluster.apply(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": NAMESPACE},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    }));
    cluster
}

/// Keeps the fake application's pods equal to the cluster's: the new
/// image's pods get `canary` traffic, the others healthy traffic.
fn mirror_pods(
    cluster: &Arc<FakeCluster>,
    harness: &Arc<Harness>,
    canary: Traffic,
) -> tokio::task::JoinHandle<()> {
    let cluster = Arc::clone(cluster);
    let harness = Arc::clone(harness);
    tokio::spawn(async move {
        loop {
            let pods: Vec<(String, Traffic)> = cluster
                .list("v1", "Pod", NAMESPACE)
                .iter()
                .map(|pod| {
                    let name = pod["metadata"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    let image = pod["spec"]["containers"][0]["image"]
                        .as_str()
                        .unwrap_or_default();
                    (name, if image == NEW { canary } else { HEALTHY })
                })
                .collect();
            harness.set_pods(&pods);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
}

async fn deploy_with_canary_traffic(canary: Traffic) -> Option<(Outcome, Log, Arc<FakeCluster>)> {
    let harness = Arc::new(Harness::start(&[]).await?);
    let cluster = Arc::new(cluster());
    let mirror = mirror_pods(&cluster, &harness, canary);
    let dir = tempfile::tempdir().unwrap();
    cluster
        .write_kubeconfig(&dir.path().join("kubeconfig"), "fake", NAMESPACE)
        .unwrap();
    std::fs::write(
        dir.path().join("plimsoll.deploy.yaml"),
        format!(
            "prod:\n  namespace: {NAMESPACE}\n  deployment: web\n  strategy: canary\n  timeout: 2m\n  scale-down-delay: 0s\n  monitoring-window: 8s\n  steps:\n    - weight: 50\n      pause: 14s\n    - 100\n  analysis:\n    prometheus: {}\n    window: 6s\n    interval: 1s\n    min-requests: 200\n    timeout: 2s\n",
            harness.url()
        ),
    )
    .unwrap();
    let target = Target {
        dir: dir.path().to_path_buf(),
        env: "prod".into(),
        kubeconfig: Some(dir.path().join("kubeconfig")),
        poll: Some(Duration::from_millis(100)),
    };
    let session = Session::open(&target).await.unwrap();
    let mut log = Log::default();
    let outcome = session.deploy(Some("2.0"), None, &mut log).await.unwrap();
    mirror.abort();
    Some((outcome, log, cluster))
}

#[tokio::test]
async fn a_canary_with_triple_the_errors_is_rolled_back_by_analysis() {
    let bad = Traffic {
        errors: 0.06,
        ..HEALTHY
    };
    let Some((outcome, log, cluster)) = deploy_with_canary_traffic(bad).await else {
        return;
    };
    let Outcome::RolledBack { reason } = &outcome else {
        panic!("expected a rollback: {outcome:?}\n{:#?}", log.notes);
    };
    assert!(reason.contains("error-rate"), "{reason}");
    assert!(
        log.events
            .iter()
            .any(|e| matches!(e, Event::GateFailed { gate, .. } if gate == "analysis web-canary")),
        "{:#?}",
        log.events
    );
    assert!(
        cluster
            .get("apps/v1", "Deployment", NAMESPACE, "web-canary")
            .is_none()
    );
    let web = cluster
        .get("apps/v1", "Deployment", NAMESPACE, "web")
        .unwrap();
    assert_eq!(
        web["spec"]["template"]["spec"]["containers"][0]["image"],
        OLD
    );
}

#[tokio::test]
async fn a_healthy_canary_passes_analysis_and_is_promoted() {
    let Some((outcome, log, cluster)) = deploy_with_canary_traffic(HEALTHY).await else {
        return;
    };
    assert_eq!(outcome, Outcome::Succeeded, "{:#?}", log.notes);
    let passed: Vec<&str> = log
        .events
        .iter()
        .filter_map(|e| match e {
            Event::GatePassed { gate, detail, .. } if gate.starts_with("analysis") => {
                Some(detail.as_str())
            }
            _ => None,
        })
        .collect();
    // The canary step and the promoted stable were both measured.
    assert_eq!(passed.len(), 2, "{passed:?}");
    assert!(
        passed[0].contains("error-rate") && passed[0].contains("vs baseline"),
        "{passed:?}"
    );
    let web = cluster
        .get("apps/v1", "Deployment", NAMESPACE, "web")
        .unwrap();
    assert_eq!(
        web["spec"]["template"]["spec"]["containers"][0]["image"],
        NEW
    );
}
