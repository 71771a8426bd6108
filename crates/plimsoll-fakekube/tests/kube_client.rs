//! The fake API server driven through the real `kube::Client`.

use futures_util::StreamExt;
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{ConfigMap, Event, Pod, Service};
use kube::api::{
    Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use plimsoll_fakekube::{FakeCluster, Fault};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn client(cluster: &FakeCluster) -> Client {
    let kc =
        Kubeconfig::from_yaml(&cluster.kubeconfig("fake", "default")).expect("kubeconfig parses");
    let config = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .expect("config from kubeconfig");
    Client::try_from(config).expect("client")
}

/// Polls `f` every 10 ms until it returns `Some`, failing after `secs` real seconds.
async fn eventually<T>(what: &str, secs: u64, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn deployment(name: &str, image: &str, replicas: i32) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "app", "image": image, "ports": [{"containerPort": 8080}]}]},
            },
        },
    })
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn n(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

fn condition<'a>(d: &'a Value, kind: &str) -> Option<&'a Value> {
    d.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == kind)
}

/// The Deployment once the controller reports the rollout of its current generation complete.
async fn rolled_out(cluster: &FakeCluster, name: &str, replicas: i64) -> Value {
    eventually("rollout complete", 8, || {
        let d = cluster.get("apps/v1", "Deployment", "default", name)?;
        let done = n(&d, "/status/observedGeneration") == n(&d, "/metadata/generation")
            && n(&d, "/status/updatedReplicas") == replicas
            && n(&d, "/status/availableReplicas") == replicas
            && n(&d, "/status/replicas") == replicas
            && condition(&d, "Progressing")
                .is_some_and(|c| c["reason"] == "NewReplicaSetAvailable");
        done.then_some(d)
    })
    .await
}

fn api_code(e: &kube::Error) -> Option<u16> {
    match e {
        kube::Error::Api(s) => Some(s.code),
        _ => None,
    }
}

#[tokio::test]
async fn server_side_apply_creates_and_updates_a_deployment() {
    let cluster = FakeCluster::start();
    cluster.time_scale(10.0);
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let pp = PatchParams::apply("plimsoll").force();

    let created = deploys
        .patch("web", &pp, &Patch::Apply(deployment("web", "web:1", 3)))
        .await
        .expect("apply creates");
    assert_eq!(created.metadata.generation, Some(1));
    assert!(created.metadata.uid.is_some());
    let d = rolled_out(&cluster, "web", 3).await;
    assert_eq!(
        s(
            &d,
            "/metadata/annotations/deployment.kubernetes.io~1revision"
        ),
        "1"
    );
    assert_eq!(
        condition(&d, "Available").map(|c| c["status"].clone()),
        Some(json!("True"))
    );
    // Defaults as the real server fills them in.
    assert_eq!(
        d.pointer("/spec/strategy/rollingUpdate/maxSurge"),
        Some(&json!("25%"))
    );
    assert_eq!(n(&d, "/spec/progressDeadlineSeconds"), 600);

    let pods: Api<Pod> = Api::namespaced(c.clone(), "default");
    let list = pods
        .list(&ListParams::default().labels("app=web"))
        .await
        .expect("pods");
    assert_eq!(list.items.len(), 3);
    let rs1 = cluster.list("apps/v1", "ReplicaSet", "default");
    assert_eq!(rs1.len(), 1);
    let hash = s(&rs1[0], "/metadata/labels/pod-template-hash").to_string();
    assert!(
        hash.len() >= 8
            && hash
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
    );
    assert_eq!(s(&rs1[0], "/metadata/name"), format!("web-{hash}"));
    assert_eq!(s(&rs1[0], "/metadata/ownerReferences/0/kind"), "Deployment");
    for p in &list.items {
        let name = p.metadata.name.clone().unwrap_or_default();
        let suffix = name
            .strip_prefix(&format!("web-{hash}-"))
            .expect("pod named after its ReplicaSet");
        assert_eq!(suffix.len(), 5);
        let labels = p.metadata.labels.clone().unwrap_or_default();
        assert_eq!(labels.get("pod-template-hash"), Some(&hash));
        let status = p.status.clone().expect("pod status");
        assert_eq!(status.phase.as_deref(), Some("Running"));
        let ready = status
            .conditions
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.type_ == "Ready")
            .expect("Ready");
        assert_eq!(ready.status, "True");
        let cs = &status.container_statuses.expect("container statuses")[0];
        assert!(cs.ready);
        assert_eq!(cs.image, "web:1");
    }

    // A metadata-only change does not move the generation.
    let mut labelled = deployment("web", "web:1", 3);
    labelled["metadata"]["labels"] = json!({"team": "a"});
    let same_gen = deploys
        .patch("web", &pp, &Patch::Apply(labelled))
        .await
        .expect("apply labels");
    assert_eq!(same_gen.metadata.generation, Some(1));

    // A new image: generation 2, a second ReplicaSet, revision 2, old one scaled to zero.
    // With the controllers paused the client sees the status lag behind.
    cluster.pause_controllers(true);
    let updated = deploys
        .patch("web", &pp, &Patch::Apply(deployment("web", "web:2", 3)))
        .await
        .expect("apply update");
    assert_eq!(updated.metadata.generation, Some(2));
    let stale = deploys.get("web").await.expect("get");
    assert_eq!(stale.metadata.generation, Some(2));
    assert_eq!(stale.status.and_then(|s| s.observed_generation), Some(1));
    cluster.pause_controllers(false);
    let labels = updated.metadata.labels.unwrap_or_default();
    assert!(
        !labels.contains_key("team"),
        "apply removes what the manager dropped"
    );
    let d = rolled_out(&cluster, "web", 3).await;
    assert_eq!(
        s(
            &d,
            "/metadata/annotations/deployment.kubernetes.io~1revision"
        ),
        "2"
    );
    let rss: Api<ReplicaSet> = Api::namespaced(c.clone(), "default");
    let all = rss
        .list(&ListParams::default())
        .await
        .expect("replicasets")
        .items;
    assert_eq!(all.len(), 2);
    for rs in &all {
        let rev = rs.metadata.annotations.clone().unwrap_or_default()["deployment.kubernetes.io/revision"].clone();
        let want = if rev == "2" { 3 } else { 0 };
        assert_eq!(
            rs.spec.as_ref().and_then(|s| s.replicas),
            Some(want),
            "revision {rev}"
        );
    }
    let images: Vec<String> = cluster
        .list("v1", "Pod", "default")
        .iter()
        .map(|p| s(p, "/spec/containers/0/image").to_string())
        .collect();
    assert_eq!(images, vec!["web:2"; 3]);

    // What went over the wire.
    let applies: Vec<_> = cluster
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH")
        .collect();
    assert_eq!(applies.len(), 3);
    assert!(
        applies
            .iter()
            .all(|r| r.content_type.as_deref() == Some("application/apply-patch+yaml"))
    );
    assert!(
        applies
            .iter()
            .all(|r| r.query.contains("fieldManager=plimsoll") && r.query.contains("force=true"))
    );
    assert_eq!(
        applies[0].path,
        "/apis/apps/v1/namespaces/default/deployments/web"
    );
    let scaling: Vec<String> = cluster
        .list("v1", "Event", "default")
        .iter()
        .filter(|e| s(e, "/reason") == "ScalingReplicaSet" && s(e, "/involvedObject/name") == "web")
        .map(|e| s(e, "/message").to_string())
        .collect();
    assert!(
        scaling
            .iter()
            .any(|m| m.starts_with("Scaled up replica set web-") && m.ends_with("from 0 to 3")),
        "{scaling:?}"
    );
    assert!(
        scaling
            .iter()
            .any(|m| m.starts_with("Scaled down replica set web-") && m.ends_with("to 0")),
        "{scaling:?}"
    );
}

#[tokio::test]
async fn rolling_update_respects_surge_and_unavailability() {
    let cluster = FakeCluster::start();
    cluster.time_scale(2.0);
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c, "default");
    let pp = PatchParams::apply("plimsoll");
    let mut d = deployment("api", "api:1", 4);
    d["spec"]["strategy"] =
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}});
    deploys
        .patch("api", &pp, &Patch::Apply(d.clone()))
        .await
        .expect("create");
    rolled_out(&cluster, "api", 4).await;
    d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("api:2");
    deploys
        .patch("api", &pp, &Patch::Apply(d))
        .await
        .expect("update");
    let start = Instant::now();
    let mut saw_surge = false;
    loop {
        let pods = cluster.list("v1", "Pod", "default");
        assert!(
            pods.len() <= 5,
            "maxSurge 1 allows at most 5 pods, saw {}",
            pods.len()
        );
        let ready = pods
            .iter()
            .filter(|p| {
                p.pointer("/status/conditions")
                    .and_then(Value::as_array)
                    .is_some_and(|cs| {
                        cs.iter()
                            .any(|c| c["type"] == "Ready" && c["status"] == "True")
                    })
            })
            .count();
        assert!(
            ready >= 4,
            "maxUnavailable 0 keeps 4 ready pods, saw {ready}"
        );
        saw_surge |= pods.len() == 5;
        let dep = cluster
            .get("apps/v1", "Deployment", "default", "api")
            .expect("deployment");
        if n(&dep, "/status/updatedReplicas") == 4
            && n(&dep, "/status/replicas") == 4
            && n(&dep, "/status/availableReplicas") == 4
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(8),
            "rollout did not finish"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(saw_surge);
}

#[tokio::test]
async fn watch_streams_changes_and_replays_from_a_resource_version() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    let cm = |name: &str, app: &str| -> ConfigMap {
        serde_json::from_value(
            json!({"metadata": {"name": name, "labels": {"app": app}}, "data": {"k": "v"}}),
        )
        .expect("configmap")
    };
    let list = cms.list(&ListParams::default()).await.expect("list");
    let rv = list
        .metadata
        .resource_version
        .clone()
        .expect("list resourceVersion");
    let wp = WatchParams::default().labels("app=web").timeout(10);
    let mut stream = cms.watch(&wp, &rv).await.expect("watch").boxed();
    cms.create(&PostParams::default(), &cm("other", "db"))
        .await
        .expect("create other");
    cms.create(&PostParams::default(), &cm("one", "web"))
        .await
        .expect("create one");
    cms.patch(
        "one",
        &PatchParams::default(),
        &Patch::Merge(json!({"data": {"k": "w"}})),
    )
    .await
    .expect("patch");
    cms.delete("one", &DeleteParams::default())
        .await
        .expect("delete");
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let ev = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("event in time")
            .expect("stream open")
            .expect("event decodes");
        match ev {
            WatchEvent::Added(o) => {
                seen.push(("ADDED", o.metadata.name.unwrap_or_default(), o.data));
            }
            WatchEvent::Modified(o) => {
                seen.push(("MODIFIED", o.metadata.name.unwrap_or_default(), o.data));
            }
            WatchEvent::Deleted(o) => {
                seen.push(("DELETED", o.metadata.name.unwrap_or_default(), o.data));
            }
            WatchEvent::Bookmark(_) => {}
            WatchEvent::Error(e) => panic!("watch error {e:?}"),
        }
    }
    let kinds: Vec<(&str, &str)> = seen.iter().map(|(k, n, _)| (*k, n.as_str())).collect();
    assert_eq!(
        kinds,
        vec![("ADDED", "one"), ("MODIFIED", "one"), ("DELETED", "one")]
    );
    assert_eq!(
        seen[1]
            .2
            .as_ref()
            .and_then(|d| d.get("k"))
            .map(String::as_str),
        Some("w")
    );

    // Moving into and out of the selection looks like ADDED and DELETED.
    for app in ["web", "db"] {
        cms.patch(
            "other",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"app": app}}})),
        )
        .await
        .expect("relabel");
    }
    let mut moves = Vec::new();
    while moves.len() < 2 {
        let ev = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("event in time")
            .expect("stream open")
            .expect("event decodes");
        match ev {
            WatchEvent::Added(o) => moves.push(format!("+{}", o.metadata.name.unwrap_or_default())),
            WatchEvent::Deleted(o) => {
                moves.push(format!("-{}", o.metadata.name.unwrap_or_default()));
            }
            WatchEvent::Bookmark(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(moves, ["+other", "-other"]);

    // A new watch from the old resourceVersion replays the same history.
    let replay = cms
        .watch(&WatchParams::default().timeout(1), &rv)
        .await
        .expect("watch again");
    let events: Vec<_> = replay.collect().await;
    let names: Vec<String> = events
        .into_iter()
        .filter_map(|e| match e.expect("event") {
            WatchEvent::Added(o) => Some(format!("+{}", o.metadata.name.unwrap_or_default())),
            WatchEvent::Deleted(o) => Some(format!("-{}", o.metadata.name.unwrap_or_default())),
            _ => None,
        })
        .collect();
    assert_eq!(names, vec!["+other", "+one", "-one"]);
    let watches: Vec<_> = cluster
        .requests()
        .into_iter()
        .filter(|r| r.query.contains("watch=true"))
        .collect();
    assert_eq!(watches.len(), 2);
    assert!(watches[0].query.contains("labelSelector=app%3Dweb"));
}

#[tokio::test]
async fn list_filters_by_label_and_field_selectors() {
    let cluster = FakeCluster::start();
    for (name, labels) in [
        ("a", json!({"app": "web", "tier": "front"})),
        ("b", json!({"app": "api"})),
        ("c", json!({"app": "db", "tier": "back"})),
    ] {
        cluster.apply(json!({"apiVersion": "v1", "kind": "ConfigMap",
                             "metadata": {"name": name, "namespace": "team", "labels": labels}}));
    }
    assert!(
        cluster.get("v1", "Namespace", "", "team").is_some(),
        "seeding creates the namespace"
    );
    let c = client(&cluster).await;
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "team");
    let names = |l: kube::core::ObjectList<ConfigMap>| -> Vec<String> {
        l.items
            .into_iter()
            .map(|o| o.metadata.name.unwrap_or_default())
            .collect()
    };
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("app=web"))
                .await
                .expect("eq")
        ),
        ["a"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("app!=web"))
                .await
                .expect("ne")
        ),
        ["b", "c"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("app in (web,db)"))
                .await
                .expect("in")
        ),
        ["a", "c"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("!tier"))
                .await
                .expect("not exists")
        ),
        ["b"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("tier"))
                .await
                .expect("exists")
        ),
        ["a", "c"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().fields("metadata.name=b"))
                .await
                .expect("field")
        ),
        ["b"]
    );
    let bad = cms
        .list(&ListParams::default().labels("app in web"))
        .await
        .expect_err("bad selector");
    assert_eq!(api_code(&bad), Some(400));
    let everywhere: Api<ConfigMap> = Api::all(c);
    assert_eq!(
        everywhere
            .list(&ListParams::default())
            .await
            .expect("all")
            .items
            .len(),
        3
    );
}

#[tokio::test]
async fn lease_replace_with_a_stale_resource_version_conflicts() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let leases: Api<Lease> = Api::namespaced(c, "default");
    let lease: Lease = serde_json::from_value(json!({"metadata": {"name": "plimsoll-deploy-web"},
        "spec": {"holderIdentity": "a", "leaseDurationSeconds": 15}}))
    .expect("lease");
    let created = leases
        .create(&PostParams::default(), &lease)
        .await
        .expect("create");
    let again = leases
        .create(&PostParams::default(), &lease)
        .await
        .expect_err("exists");
    assert!(matches!(&again, kube::Error::Api(s) if s.is_already_exists() && s.code == 409));

    let mut mine = created.clone();
    mine.spec.as_mut().expect("spec").holder_identity = Some("b".into());
    let replaced = leases
        .replace("plimsoll-deploy-web", &PostParams::default(), &mine)
        .await
        .expect("replace");
    assert_ne!(
        replaced.metadata.resource_version,
        created.metadata.resource_version
    );
    assert_eq!(replaced.metadata.generation, Some(2));

    // Someone else still holds the old resourceVersion.
    let mut theirs = created;
    theirs.spec.as_mut().expect("spec").holder_identity = Some("c".into());
    let err = leases
        .replace("plimsoll-deploy-web", &PostParams::default(), &theirs)
        .await
        .expect_err("stale");
    match &err {
        kube::Error::Api(s) => {
            assert!(s.is_conflict(), "{s:?}");
            assert_eq!(s.code, 409);
            assert!(s.message.contains("the object has been modified"));
        }
        other => panic!("expected a Conflict, got {other:?}"),
    }
    let now = leases.get("plimsoll-deploy-web").await.expect("get");
    assert_eq!(
        now.spec.and_then(|s| s.holder_identity).as_deref(),
        Some("b")
    );
    let missing = leases.get("nope").await.expect_err("missing");
    assert!(matches!(&missing, kube::Error::Api(s) if s.is_not_found()));
}

#[tokio::test]
async fn denied_verbs_are_forbidden() {
    let cluster = FakeCluster::start();
    cluster.apply(deployment("web", "web:1", 1));
    cluster.deny("patch", "deployments");
    cluster.deny("*", "leases");
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let err = deploys
        .patch(
            "web",
            &PatchParams::apply("plimsoll"),
            &Patch::Apply(deployment("web", "web:2", 1)),
        )
        .await
        .expect_err("forbidden");
    match &err {
        kube::Error::Api(s) => {
            assert!(s.is_forbidden());
            assert_eq!(s.code, 403);
            assert!(
                s.message.contains("cannot patch resource \"deployments\""),
                "{}",
                s.message
            );
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    deploys.get("web").await.expect("get is still allowed");
    let leases: Api<Lease> = Api::namespaced(c, "default");
    let err = leases
        .list(&ListParams::default())
        .await
        .expect_err("leases denied");
    assert_eq!(api_code(&err), Some(403));
    let d = cluster
        .get("apps/v1", "Deployment", "default", "web")
        .expect("deployment");
    assert_eq!(s(&d, "/spec/template/spec/containers/0/image"), "web:1");
}

#[tokio::test]
async fn requests_fail_while_offline() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    cms.list(&ListParams::default()).await.expect("online");
    let mut watch = cms
        .watch(&WatchParams::default(), "0")
        .await
        .expect("watch")
        .boxed();
    cluster.set_offline(true);
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(ev) = watch.next().await {
            if ev.is_err() {
                break;
            }
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "an open watch ends when the connection is lost"
    );
    let err = cms.list(&ListParams::default()).await.expect_err("offline");
    assert_eq!(
        api_code(&err),
        None,
        "a lost connection, not an API error: {err:?}"
    );
    cluster.set_offline(false);
    cms.list(&ListParams::default()).await.expect("back online");

    cluster.fail_after_requests(2);
    cms.list(&ListParams::default()).await.expect("first");
    cms.get_opt("x").await.expect("second");
    assert!(
        cms.list(&ListParams::default()).await.is_err(),
        "third fails"
    );
    assert!(
        cms.list(&ListParams::default()).await.is_err(),
        "and stays offline"
    );
    cluster.set_offline(false);
    cms.list(&ListParams::default()).await.expect("recovered");
}

#[tokio::test]
async fn crash_looping_image_exceeds_the_progress_deadline() {
    let cluster = FakeCluster::start();
    cluster.time_scale(100.0);
    cluster.fault_for_image("web:bad", Fault::CrashLoop);
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let pp = PatchParams::apply("plimsoll");
    let mut d = deployment("web", "web:1", 2);
    d["spec"]["progressDeadlineSeconds"] = json!(120);
    deploys
        .patch("web", &pp, &Patch::Apply(d.clone()))
        .await
        .expect("create");
    rolled_out(&cluster, "web", 2).await;
    d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("web:bad");
    deploys
        .patch("web", &pp, &Patch::Apply(d))
        .await
        .expect("update");
    let dep = eventually("ProgressDeadlineExceeded", 8, || {
        let dep = cluster.get("apps/v1", "Deployment", "default", "web")?;
        condition(&dep, "Progressing")
            .is_some_and(|c| c["reason"] == "ProgressDeadlineExceeded" && c["status"] == "False")
            .then_some(dep)
    })
    .await;
    // The old pods keep serving; the new ones never become available.
    assert_eq!(n(&dep, "/status/availableReplicas"), 2);
    assert_eq!(
        condition(&dep, "Available").map(|c| c["status"].clone()),
        Some(json!("True"))
    );
    assert!(n(&dep, "/status/updatedReplicas") >= 1);
    assert!(n(&dep, "/status/unavailableReplicas") >= 1);
    let bad: Vec<Value> = cluster
        .list("v1", "Pod", "default")
        .into_iter()
        .filter(|p| s(p, "/spec/containers/0/image") == "web:bad")
        .collect();
    assert!(!bad.is_empty());
    for p in &bad {
        assert_eq!(
            s(p, "/status/containerStatuses/0/state/waiting/reason"),
            "CrashLoopBackOff"
        );
        assert_eq!(
            p.pointer("/status/containerStatuses/0/ready"),
            Some(&json!(false))
        );
        assert!(n(p, "/status/containerStatuses/0/restartCount") >= 1);
    }
    let pods: Api<Pod> = Api::namespaced(c.clone(), "default");
    let log = pods
        .logs(
            s(&bad[0], "/metadata/name"),
            &kube::api::LogParams::default(),
        )
        .await
        .expect("logs");
    assert!(log.contains("panic"), "{log}");
    // The kubelet's Warning Event, found the way a deployer looks for it.
    let events: Api<Event> = Api::namespaced(c, "default");
    let pod_name = s(&bad[0], "/metadata/name");
    let found = events
        .list(&ListParams::default().fields(&format!("involvedObject.name={pod_name}")))
        .await
        .expect("events");
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].reason.as_deref(), Some("BackOff"));
    assert_eq!(found.items[0].type_.as_deref(), Some("Warning"));
}

#[tokio::test]
async fn never_ready_and_slow_start_faults() {
    let cluster = FakeCluster::start();
    cluster.time_scale(20.0);
    cluster.fault_for_image("stuck:1", Fault::NeverReady);
    cluster.fault_for_image("slow:1", Fault::SlowStart(Duration::from_secs(10)));
    cluster.apply(deployment("stuck", "stuck:1", 1));
    let started = Instant::now();
    cluster.apply(deployment("slow", "slow:1", 1));
    rolled_out(&cluster, "slow", 1).await;
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "10 s of controller time at 20x"
    );
    let stuck = cluster
        .get("apps/v1", "Deployment", "default", "stuck")
        .expect("stuck");
    assert_eq!(n(&stuck, "/status/availableReplicas"), 0);
    assert_eq!(
        condition(&stuck, "Available").map(|c| c["status"].clone()),
        Some(json!("False"))
    );
    let pod = cluster
        .list("v1", "Pod", "default")
        .into_iter()
        .find(|p| s(p, "/metadata/labels/app") == "stuck")
        .expect("stuck pod");
    assert_eq!(s(&pod, "/status/phase"), "Running");
    assert!(
        pod.pointer("/status/containerStatuses/0/state/running")
            .is_some()
    );
}

#[tokio::test]
async fn applying_the_old_template_rolls_back_to_the_old_replicaset() {
    let cluster = FakeCluster::start();
    cluster.time_scale(10.0);
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c, "default");
    let pp = PatchParams::apply("plimsoll");
    let mut v1 = deployment("web", "web:1", 2);
    v1["spec"]["template"]["spec"]["containers"][0]["env"] =
        json!([{"name": "MODE", "value": "one"}]);
    deploys
        .patch("web", &pp, &Patch::Apply(v1.clone()))
        .await
        .expect("v1");
    rolled_out(&cluster, "web", 2).await;
    let rs_v1 = cluster.list("apps/v1", "ReplicaSet", "default")[0].clone();
    let mut v2 = deployment("web", "web:2", 2);
    v2["spec"]["template"]["spec"]["containers"][0]["env"] =
        json!([{"name": "MODE", "value": "two"}, {"name": "EXTRA", "value": "x"}]);
    deploys
        .patch("web", &pp, &Patch::Apply(v2))
        .await
        .expect("v2");
    rolled_out(&cluster, "web", 2).await;
    deploys
        .patch("web", &pp, &Patch::Apply(v1))
        .await
        .expect("back to v1");
    let d = rolled_out(&cluster, "web", 2).await;
    assert_eq!(
        s(
            &d,
            "/metadata/annotations/deployment.kubernetes.io~1revision"
        ),
        "3"
    );
    assert_eq!(n(&d, "/metadata/generation"), 3);
    let rss = cluster.list("apps/v1", "ReplicaSet", "default");
    assert_eq!(rss.len(), 2, "no third ReplicaSet");
    let back = rss
        .iter()
        .find(|r| s(r, "/metadata/name") == s(&rs_v1, "/metadata/name"))
        .expect("the v1 ReplicaSet");
    assert_eq!(s(back, "/metadata/uid"), s(&rs_v1, "/metadata/uid"));
    assert_eq!(
        s(
            back,
            "/metadata/annotations/deployment.kubernetes.io~1revision"
        ),
        "3"
    );
    assert_eq!(n(back, "/spec/replicas"), 2);
    let env = d
        .pointer("/spec/template/spec/containers/0/env")
        .expect("env");
    assert_eq!(env, &json!([{"name": "MODE", "value": "one"}]));
}

#[tokio::test]
async fn merge_patch_changes_a_service_selector() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let svcs: Api<Service> = Api::namespaced(c, "default");
    let svc: Service = serde_json::from_value(json!({"metadata": {"name": "web"},
        "spec": {"selector": {"app": "web", "track": "blue"}, "ports": [{"port": 80, "targetPort": 8080}]}}))
    .expect("service");
    svcs.create(&PostParams::default(), &svc)
        .await
        .expect("create");
    let patched = svcs
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"selector": {"track": "green"}}})),
        )
        .await
        .expect("merge patch");
    let sel = patched
        .spec
        .clone()
        .and_then(|s| s.selector)
        .expect("selector");
    assert_eq!(sel.get("app").map(String::as_str), Some("web"));
    assert_eq!(sel.get("track").map(String::as_str), Some("green"));
    assert_eq!(patched.spec.and_then(|s| s.ports).map(|p| p.len()), Some(1));
    let removed = svcs
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"selector": {"track": null}}})),
        )
        .await
        .expect("merge patch null");
    let sel = removed.spec.and_then(|s| s.selector).expect("selector");
    assert_eq!(sel.len(), 1);
    let strategic = svcs
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Strategic(json!({"spec": {"ports": [{"port": 443, "targetPort": 8443}]}})),
        )
        .await
        .expect("strategic");
    assert_eq!(
        strategic.spec.and_then(|s| s.ports).map(|p| p.len()),
        Some(2),
        "ports merge by port"
    );
    let r = cluster.requests();
    assert!(
        r.iter()
            .any(|r| r.content_type.as_deref() == Some("application/merge-patch+json"))
    );
}

#[tokio::test]
async fn status_subresource_changes_only_status() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let svcs: Api<Service> = Api::namespaced(c.clone(), "default");
    let svc: Service = serde_json::from_value(json!({"metadata": {"name": "lb"},
        "spec": {"type": "LoadBalancer", "selector": {"app": "lb"}, "ports": [{"port": 80}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "9.9.9.9"}]}}}))
    .expect("service");
    let created = svcs
        .create(&PostParams::default(), &svc)
        .await
        .expect("create");
    assert!(
        created
            .status
            .and_then(|s| s.load_balancer)
            .and_then(|l| l.ingress)
            .is_none(),
        "create drops status"
    );
    let via_status = svcs
        .patch_status(
            "lb",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}]}}, "spec": {"type": "NodePort"}})),
        )
        .await
        .expect("patch status");
    assert_eq!(
        via_status.spec.clone().and_then(|s| s.type_).as_deref(),
        Some("LoadBalancer"),
        "status endpoint ignores spec"
    );
    let ip = |s: &Service| {
        s.status
            .clone()
            .and_then(|s| s.load_balancer)
            .and_then(|l| l.ingress)
            .and_then(|i| i[0].ip.clone())
    };
    assert_eq!(ip(&via_status).as_deref(), Some("1.2.3.4"));
    assert_eq!(via_status.metadata.generation, Some(1));
    let main = svcs
        .patch(
            "lb",
            &PatchParams::default(),
            &Patch::Merge(json!({"status": {"loadBalancer": {"ingress": [{"ip": "5.5.5.5"}]}}})),
        )
        .await
        .expect("main patch");
    assert_eq!(
        ip(&main).as_deref(),
        Some("1.2.3.4"),
        "main endpoint ignores status"
    );
    assert_eq!(
        main.metadata.resource_version, via_status.metadata.resource_version,
        "no-op write"
    );

    // Deployments: the controller owns status; clients cannot overwrite it through the main endpoint.
    cluster.apply(deployment("web", "web:1", 1));
    let deploys: Api<Deployment> = Api::namespaced(c, "default");
    let mut d = deploys.get("web").await.expect("get");
    d.status.get_or_insert_with(Default::default).replicas = Some(42);
    let replaced = deploys
        .replace("web", &PostParams::default(), &d)
        .await
        .expect("replace");
    assert_ne!(replaced.status.and_then(|s| s.replicas), Some(42));
    let st = deploys.get_status("web").await.expect("get status");
    assert_eq!(st.metadata.name.as_deref(), Some("web"));
}

#[tokio::test]
async fn deleting_a_deployment_deletes_its_replicasets_and_pods() {
    let cluster = FakeCluster::start();
    cluster.apply(deployment("web", "web:1", 2));
    eventually("pods", 5, || {
        (cluster.list("v1", "Pod", "default").len() == 2).then_some(())
    })
    .await;
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let pods: Api<Pod> = Api::namespaced(c, "default");
    let rv = pods
        .list(&ListParams::default())
        .await
        .expect("list")
        .metadata
        .resource_version
        .expect("rv");
    let mut w = pods
        .watch(&WatchParams::default().timeout(5), &rv)
        .await
        .expect("watch")
        .boxed();
    deploys
        .delete("web", &DeleteParams::default())
        .await
        .expect("delete");
    assert!(cluster.list("apps/v1", "ReplicaSet", "default").is_empty());
    assert!(cluster.list("v1", "Pod", "default").is_empty());
    let mut deleted = 0;
    while deleted < 2 {
        let ev = tokio::time::timeout(Duration::from_secs(5), w.next())
            .await
            .expect("in time")
            .expect("open");
        if let Ok(WatchEvent::Deleted(_)) = ev {
            deleted += 1;
        }
    }
    let err = deploys.get("web").await.expect_err("gone");
    assert_eq!(api_code(&err), Some(404));
}

#[tokio::test]
async fn recreate_strategy_and_scaling_to_zero() {
    let cluster = FakeCluster::start();
    cluster.time_scale(10.0);
    let mut d = deployment("job", "job:1", 2);
    d["spec"]["strategy"] = json!({"type": "Recreate"});
    cluster.apply(d.clone());
    rolled_out(&cluster, "job", 2).await;
    d["spec"]["template"]["spec"]["containers"][0]["image"] = json!("job:2");
    cluster.apply(d.clone());
    // Recreate: never old and new pods at once.
    let start = Instant::now();
    loop {
        let images: Vec<String> = cluster
            .list("v1", "Pod", "default")
            .iter()
            .map(|p| s(p, "/spec/containers/0/image").to_string())
            .collect();
        assert!(!(images.contains(&"job:1".to_string()) && images.contains(&"job:2".to_string())));
        let dep = cluster
            .get("apps/v1", "Deployment", "default", "job")
            .expect("deployment");
        if n(&dep, "/status/availableReplicas") == 2
            && n(&dep, "/status/updatedReplicas") == 2
            && n(&dep, "/status/replicas") == 2
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(5));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    d["spec"]["replicas"] = json!(0);
    cluster.apply(d);
    let dep = eventually("scaled to zero", 5, || {
        let dep = cluster.get("apps/v1", "Deployment", "default", "job")?;
        (cluster.list("v1", "Pod", "default").is_empty() && n(&dep, "/status/replicas") == 0)
            .then_some(dep)
    })
    .await;
    assert_eq!(
        condition(&dep, "Available").map(|c| c["status"].clone()),
        Some(json!("True"))
    );
}

#[tokio::test]
async fn scale_subresource_and_pausing() {
    let cluster = FakeCluster::start();
    cluster.time_scale(10.0);
    cluster.apply(deployment("web", "web:1", 1));
    rolled_out(&cluster, "web", 1).await;
    let c = client(&cluster).await;
    let deploys: Api<Deployment> = Api::namespaced(c, "default");
    let scale = deploys.get_scale("web").await.expect("get scale");
    assert_eq!(scale.spec.and_then(|s| s.replicas), Some(1));
    assert_eq!(
        scale.status.map(|s| s.selector),
        Some(Some("app=web".to_string()))
    );
    deploys
        .patch_scale(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"replicas": 3}})),
        )
        .await
        .expect("patch scale");
    rolled_out(&cluster, "web", 3).await;

    deploys
        .patch("web", &PatchParams::default(), &Patch::Merge(json!({"spec": {"paused": true, "template": {"spec": {"containers": [{"name": "app", "image": "web:2"}]}}}})))
        .await
        .expect("pause and change");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let dep = cluster
        .get("apps/v1", "Deployment", "default", "web")
        .expect("deployment");
    assert_eq!(
        cluster.list("apps/v1", "ReplicaSet", "default").len(),
        1,
        "paused: no new ReplicaSet"
    );
    assert_eq!(
        condition(&dep, "Progressing").map(|c| c["reason"].clone()),
        Some(json!("DeploymentPaused"))
    );
    deploys
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"paused": null}})),
        )
        .await
        .expect("resume");
    let dep = rolled_out(&cluster, "web", 3).await;
    assert_eq!(
        s(
            &dep,
            "/metadata/annotations/deployment.kubernetes.io~1revision"
        ),
        "2"
    );
}

#[tokio::test]
async fn statefulset_rolls_from_the_highest_ordinal_down_to_the_partition() {
    let cluster = FakeCluster::start();
    cluster.time_scale(20.0);
    let c = client(&cluster).await;
    let sets: Api<StatefulSet> = Api::namespaced(c, "default");
    let mut sts = json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "db"},
        "spec": {"replicas": 3, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}},
                 "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "db", "image": "db:1"}]}}},
    });
    sets.patch(
        "db",
        &PatchParams::apply("plimsoll"),
        &Patch::Apply(sts.clone()),
    )
    .await
    .expect("create");
    let first = eventually("3 ready", 8, || {
        let s = cluster.get("apps/v1", "StatefulSet", "default", "db")?;
        (n(&s, "/status/readyReplicas") == 3).then_some(s)
    })
    .await;
    let rev1 = s(&first, "/status/currentRevision").to_string();
    assert_eq!(rev1, s(&first, "/status/updateRevision"));
    let mut names: Vec<String> = cluster
        .list("v1", "Pod", "default")
        .iter()
        .map(|p| s(p, "/metadata/name").to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["db-0", "db-1", "db-2"]);
    sts["spec"]["template"]["spec"]["containers"][0]["image"] = json!("db:2");
    sets.patch("db", &PatchParams::apply("plimsoll"), &Patch::Apply(sts))
        .await
        .expect("update");
    let done = eventually("partitioned rollout", 8, || {
        let s = cluster.get("apps/v1", "StatefulSet", "default", "db")?;
        (n(&s, "/status/updatedReplicas") == 2
            && n(&s, "/status/readyReplicas") == 3
            && n(&s, "/status/observedGeneration") == 2)
            .then_some(s)
    })
    .await;
    assert_eq!(
        s(&done, "/status/currentRevision"),
        rev1,
        "partition keeps the current revision"
    );
    assert_ne!(s(&done, "/status/updateRevision"), rev1);
    let image = |name: &str| {
        let p = cluster.get("v1", "Pod", "default", name).expect("pod");
        s(&p, "/spec/containers/0/image").to_string()
    };
    assert_eq!(
        (image("db-0"), image("db-1"), image("db-2")),
        ("db:1".into(), "db:2".into(), "db:2".into())
    );
}

#[tokio::test]
async fn discovery_and_errors_like_the_real_server() {
    let cluster = FakeCluster::start();
    let c = client(&cluster).await;
    let v = c.apiserver_version().await.expect("version");
    assert_eq!(v.major, "1");
    let groups = c.list_api_groups().await.expect("groups");
    let names: Vec<&str> = groups.groups.iter().map(|g| g.name.as_str()).collect();
    for g in [
        "apps",
        "coordination.k8s.io",
        "networking.k8s.io",
        "gateway.networking.k8s.io",
        "networking.istio.io",
    ] {
        assert!(names.contains(&g), "{g} in {names:?}");
    }
    let apps = c
        .list_api_group_resources("apps/v1")
        .await
        .expect("apps/v1");
    let dep = apps
        .resources
        .iter()
        .find(|r| r.name == "deployments")
        .expect("deployments");
    assert_eq!(
        (
            dep.kind.as_str(),
            dep.namespaced,
            dep.singular_name.as_str()
        ),
        ("Deployment", true, "deployment")
    );
    assert!(dep.verbs.iter().any(|v| v == "patch") && dep.verbs.iter().any(|v| v == "watch"));
    assert!(
        apps.resources
            .iter()
            .any(|r| r.name == "deployments/status")
    );
    assert!(apps.resources.iter().any(|r| r.name == "deployments/scale"));
    let core = c.list_core_api_resources("v1").await.expect("core");
    assert!(
        core.resources
            .iter()
            .any(|r| r.name == "pods" && r.namespaced)
    );
    assert!(
        core.resources
            .iter()
            .any(|r| r.name == "namespaces" && !r.namespaced)
    );

    // The discovery kube's `Discovery` does, classic and aggregated.
    for discovery in [
        kube::Discovery::new(c.clone())
            .run()
            .await
            .expect("discovery"),
        kube::Discovery::new(c.clone())
            .run_aggregated()
            .await
            .expect("aggregated discovery"),
    ] {
        let gvk = kube::api::GroupVersionKind::gvk("apps", "v1", "Deployment");
        let (ar, caps) = discovery.resolve_gvk(&gvk).expect("Deployment discovered");
        assert_eq!(ar.plural, "deployments");
        assert!(caps.supports_operation("patch"));
        assert!(
            caps.subresources
                .iter()
                .any(|(sub, _)| sub.plural == "status")
        );
        let gvk = kube::api::GroupVersionKind::gvk("networking.istio.io", "v1", "VirtualService");
        assert!(discovery.resolve_gvk(&gvk).is_some());
        let gvk = kube::api::GroupVersionKind::gvk("", "v1", "Namespace");
        let (_, caps) = discovery.resolve_gvk(&gvk).expect("Namespace discovered");
        assert_eq!(caps.scope, kube::discovery::Scope::Cluster);
    }

    // Unknown resources are 404s; invalid objects are 422s.
    let raw = http::Request::get("/apis/apps/v1/namespaces/default/daemonsets")
        .body(vec![])
        .expect("request");
    let err = c.request_text(raw).await.expect_err("unknown resource");
    assert_eq!(api_code(&err), Some(404));
    let deploys: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let mut bad = deployment("bad", "x:1", 1);
    bad["spec"]["selector"] = json!({"matchLabels": {"app": "other"}});
    let err = deploys
        .create(
            &PostParams::default(),
            &serde_json::from_value(bad).expect("deployment"),
        )
        .await
        .expect_err("selector mismatch");
    assert!(
        matches!(&err, kube::Error::Api(s) if s.is_invalid() && s.code == 422),
        "{err:?}"
    );
    let nowhere: Api<ConfigMap> = Api::namespaced(c.clone(), "missing");
    let err = nowhere
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": "x"}})).expect("cm"),
        )
        .await
        .expect_err("namespace missing");
    assert_eq!(api_code(&err), Some(404));
    let err = deploys
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Apply(deployment("web", "x:1", 1)),
        )
        .await
        .expect_err("apply needs a field manager");
    assert_eq!(api_code(&err), Some(422));

    // JSON patch through the raw client.
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "default");
    cms.create(
        &PostParams::default(),
        &serde_json::from_value(json!({"metadata": {"name": "cfg"}, "data": {"a": "1"}}))
            .expect("cm"),
    )
    .await
    .expect("create cm");
    let req = http::Request::patch("/api/v1/namespaces/default/configmaps/cfg")
        .header("content-type", "application/json-patch+json")
        .body(br#"[{"op":"test","path":"/data/a","value":"1"},{"op":"add","path":"/data/b","value":"2"}]"#.to_vec())
        .expect("request");
    let out: Value =
        serde_json::from_str(&c.request_text(req).await.expect("json patch")).expect("json");
    assert_eq!(out["data"], json!({"a": "1", "b": "2"}));
    let req = http::Request::patch("/api/v1/namespaces/default/configmaps/cfg")
        .header("content-type", "application/json-patch+json")
        .body(br#"[{"op":"test","path":"/data/a","value":"9"}]"#.to_vec())
        .expect("request");
    assert_eq!(
        api_code(&c.request_text(req).await.expect_err("failed test op")),
        Some(422)
    );
}

#[tokio::test]
async fn kubeconfig_file_and_config_from_url() {
    let cluster = FakeCluster::start();
    let dir = std::env::temp_dir().join(format!("fakekube-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("kubeconfig");
    cluster
        .write_kubeconfig(&path, "ctx", "apps")
        .expect("write");
    let kc = Kubeconfig::read_from(&path).expect("read kubeconfig");
    assert_eq!(kc.current_context.as_deref(), Some("ctx"));
    let cfg = Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .expect("config");
    assert_eq!(cfg.default_namespace, "apps");
    assert_eq!(
        cfg.cluster_url.to_string().trim_end_matches('/'),
        cluster.url()
    );
    let _ = std::fs::remove_dir_all(&dir);

    let direct =
        Client::try_from(Config::new(cluster.url().parse().expect("uri"))).expect("client");
    let ns: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(direct);
    let names: Vec<String> = ns
        .list(&ListParams::default())
        .await
        .expect("namespaces")
        .items
        .into_iter()
        .filter_map(|n| n.metadata.name)
        .collect();
    assert!(names.contains(&"default".to_string()));
}
