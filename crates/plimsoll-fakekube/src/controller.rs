//! Simulated controllers: Deployment, ReplicaSet, StatefulSet and a kubelet
//! that moves pods through their lives in controller time.

use crate::state::{
    ApiError, DEPLOYMENTS, PODS, Part, PodFault, PodSim, REPLICASETS, STATEFULSETS, State,
};
use crate::util::{self, at, i64_at, str_at};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashSet};

const REVISION: &str = "deployment.kubernetes.io/revision";
const HASH_LABEL: &str = "pod-template-hash";
/// Controller seconds a pod spends in ContainerCreating.
const START_DELAY: f64 = 0.2;
/// Controller seconds until a healthy pod is Ready.
const READY_DELAY: f64 = 1.0;
/// Controller seconds between restarts of a crash-looping container.
const CRASH_PERIOD: f64 = 10.0;

/// One full reconciliation pass over everything.
pub(crate) fn reconcile(st: &mut State) {
    if st.controllers_paused {
        return;
    }
    let now = st.now();
    sync_pods(st, now);
    sync_replicasets(st, now);
    sync_deployments(st, now);
    sync_replicasets(st, now);
    sync_pods(st, now);
    sync_replicasets(st, now);
    sync_deployments(st, now);
    sync_statefulsets(st, now);
    sync_pods(st, now);
    sync_statefulsets(st, now);
}

fn owned_by(obj: &Value, uid: &str) -> bool {
    at(obj, &["metadata", "ownerReferences"])
        .and_then(Value::as_array)
        .is_some_and(|refs| {
            refs.iter()
                .any(|r| r.get("uid").and_then(Value::as_str) == Some(uid))
        })
}

fn owner_ref(obj: &Value) -> Value {
    json!({
        "apiVersion": obj["apiVersion"],
        "kind": obj["kind"],
        "name": obj["metadata"]["name"],
        "uid": obj["metadata"]["uid"],
        "controller": true,
        "blockOwnerDeletion": true,
    })
}

fn revision(rs: &Value) -> i64 {
    str_at(rs, &["metadata", "annotations", REVISION])
        .parse()
        .unwrap_or(0)
}

fn replicas(obj: &Value) -> i64 {
    i64_at(obj, &["spec", "replicas"]).unwrap_or(1)
}

fn status_int(obj: &Value, field: &str) -> i64 {
    i64_at(obj, &["status", field]).unwrap_or(0)
}

pub(crate) fn pod_ready(pod: &Value) -> bool {
    at(pod, &["status", "conditions"])
        .and_then(Value::as_array)
        .is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        })
}

fn owned_pods(st: &State, ns: &str, uid: &str) -> Vec<Value> {
    st.list(PODS, ns)
        .into_iter()
        .filter(|p| owned_by(p, uid))
        .collect()
}

/// Sets an integer status field, leaving zero out like the API server's `omitempty`.
fn set_count(status: &mut Map<String, Value>, field: &str, n: i64, keep_zero: bool) {
    if n != 0 || keep_zero {
        status.insert(field.into(), json!(n));
    } else {
        status.remove(field);
    }
}

// ---------------------------------------------------------------- pods

fn sync_pods(st: &mut State, now: f64) {
    for pod in st.list(PODS, "") {
        let uid = str_at(&pod, &["metadata", "uid"]).to_string();
        let sim = if let Some(s) = st.pods.get(&uid) {
            s.clone()
        } else {
            let s = PodSim {
                created: now,
                frozen: at(&pod, &["status", "phase"]).is_some(),
                warned: false,
            };
            st.pods.insert(uid.clone(), s.clone());
            s
        };
        if sim.frozen {
            continue;
        }
        let status = pod_status(st, &pod, &sim, now);
        if !sim.warned {
            warn_about(st, &pod, &status);
        }
        if pod.get("status") != Some(&status) {
            let mut p = pod;
            p["status"] = status;
            st.put(PODS, p);
        }
    }
}

fn pod_status(st: &State, pod: &Value, sim: &PodSim, now: f64) -> Value {
    let ts = |t: f64| util::rfc3339(st.clock.epoch + t);
    let age = now - sim.created;
    let containers = at(pod, &["spec", "containers"])
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut statuses = Vec::new();
    let mut all_ready = true;
    let mut ready_since = sim.created;
    let mut pending = false;
    for c in &containers {
        let image = str_at(c, &["image"]);
        let fault = st.faults.get(image).copied();
        let cname = str_at(c, &["name"]);
        let mut cs = json!({"name": cname, "image": image, "imageID": "", "containerID": "",
                            "restartCount": 0, "ready": false, "started": false, "state": {}});
        let ready_delay = match fault {
            Some(PodFault::SlowStart(d)) => d,
            _ => READY_DELAY,
        };
        if age < START_DELAY.min(ready_delay) && fault != Some(PodFault::CrashLoop) {
            pending = true;
            all_ready = false;
            cs["state"] = json!({"waiting": {"reason": "ContainerCreating"}});
            statuses.push(cs);
            continue;
        }
        let started_at = ts(sim.created + START_DELAY.min(ready_delay));
        cs["containerID"] = json!(format!(
            "containerd://{}",
            util::safe_chars(
                util::fnv1a(format!("{}{cname}", str_at(pod, &["metadata", "uid"])).as_bytes()),
                12
            )
        ));
        match fault {
            Some(PodFault::CrashLoop) => {
                all_ready = false;
                let restarts = (age / CRASH_PERIOD).floor() as i64 + 1;
                cs["restartCount"] = json!(restarts);
                cs["state"] = json!({"waiting": {"reason": "CrashLoopBackOff",
                    "message": format!("back-off 10s restarting failed container={cname} pod={}", str_at(pod, &["metadata", "name"]))}});
                cs["lastState"] = json!({"terminated": {"exitCode": 1, "reason": "Error",
                    "startedAt": ts(sim.created + (restarts - 1) as f64 * CRASH_PERIOD),
                    "finishedAt": ts(sim.created + (restarts - 1) as f64 * CRASH_PERIOD + 0.5)}});
            }
            Some(PodFault::NeverReady) => {
                all_ready = false;
                cs["started"] = json!(true);
                cs["state"] = json!({"running": {"startedAt": started_at}});
            }
            _ => {
                cs["started"] = json!(true);
                cs["state"] = json!({"running": {"startedAt": started_at}});
                if age >= ready_delay {
                    cs["ready"] = json!(true);
                    ready_since = ready_since.max(sim.created + ready_delay);
                } else {
                    all_ready = false;
                }
            }
        }
        statuses.push(cs);
    }
    let ready = all_ready && !containers.is_empty();
    let created = ts(sim.created);
    let rt = if ready {
        ts(ready_since)
    } else {
        created.clone()
    };
    let cond = |t: &str, ok: bool, when: &str| {
        let mut c = json!({"type": t, "status": if ok { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": when});
        if !ok && (t == "Ready" || t == "ContainersReady") {
            c["reason"] = json!("ContainersNotReady");
        }
        c
    };
    let h = util::fnv1a(str_at(pod, &["metadata", "uid"]).as_bytes());
    json!({
        "phase": if pending { "Pending" } else { "Running" },
        "conditions": [
            cond("PodReadyToStartContainers", !pending, &created),
            cond("Initialized", true, &created),
            cond("Ready", ready, &rt),
            cond("ContainersReady", ready, &rt),
            cond("PodScheduled", true, &created),
        ],
        "hostIP": "10.0.0.10",
        "podIP": format!("10.244.{}.{}", (h >> 8) % 250 + 1, h % 250 + 2),
        "startTime": created,
        "qosClass": "BestEffort",
        "containerStatuses": statuses,
    })
}

/// What `kubectl logs` shows for a container of a simulated pod.
pub(crate) fn pod_log(st: &State, pod: &Value, container: &str) -> Result<String, ApiError> {
    let pod_name = str_at(pod, &["metadata", "name"]);
    let containers = at(pod, &["spec", "containers"])
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let c = if container.is_empty() {
        if containers.len() > 1 {
            return Err(ApiError::bad_request(format!(
                "a container name must be specified for pod {pod_name}"
            )));
        }
        containers.first()
    } else {
        containers
            .iter()
            .find(|c| str_at(c, &["name"]) == container)
    };
    let Some(c) = c else {
        return Err(ApiError::bad_request(format!(
            "container {container} is not valid for pod {pod_name}"
        )));
    };
    let cname = str_at(c, &["name"]);
    let image = str_at(c, &["image"]);
    let waiting = at(pod, &["status", "containerStatuses"])
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|s| str_at(s, &["name"]) == cname))
        .map(|s| str_at(s, &["state", "waiting", "reason"]).to_string())
        .unwrap_or_default();
    if waiting == "ContainerCreating" {
        return Err(ApiError::bad_request(format!(
            "container \"{cname}\" in pod \"{pod_name}\" is waiting to start: ContainerCreating"
        )));
    }
    Ok(match st.faults.get(image) {
        Some(PodFault::CrashLoop) => {
            format!("starting {image}\npanic: simulated crash (fakekube CrashLoop fault)\n")
        }
        Some(PodFault::NeverReady) => format!(
            "starting {image}\nlistening on :8080\nreadiness check failing (fakekube NeverReady fault)\n"
        ),
        _ => format!("starting {image}\nlistening on :8080\n"),
    })
}

/// Records the Warning Event the kubelet would for a faulty container.
fn warn_about(st: &mut State, pod: &Value, status: &Value) {
    let statuses = status
        .get("containerStatuses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let faults: Vec<(String, PodFault)> = statuses
        .iter()
        .filter_map(|cs| {
            let f = st.faults.get(str_at(cs, &["image"])).copied()?;
            Some((str_at(cs, &["name"]).to_string(), f))
        })
        .collect();
    let Some((cname, reason, message)) = faults.into_iter().find_map(|(c, f)| match f {
        PodFault::CrashLoop => Some((
            c.clone(),
            "BackOff",
            format!(
                "Back-off restarting failed container {c} in pod {}",
                str_at(pod, &["metadata", "name"])
            ),
        )),
        PodFault::NeverReady if status["phase"] == "Running" => Some((
            c,
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 503".to_string(),
        )),
        _ => None,
    }) else {
        return;
    };
    let uid = str_at(pod, &["metadata", "uid"]).to_string();
    let field_path = format!("spec.containers{{{cname}}}");
    if record_event(
        st,
        pod,
        Some(&field_path),
        "Warning",
        reason,
        &message,
        "kubelet",
    ) && let Some(sim) = st.pods.get_mut(&uid)
    {
        sim.warned = true;
    }
}

/// Records an Event about `about`, as `component` would.
fn record_event(
    st: &mut State,
    about: &Value,
    field_path: Option<&str>,
    kind: &str,
    reason: &str,
    message: &str,
    component: &str,
) -> bool {
    let ns = str_at(about, &["metadata", "namespace"]).to_string();
    let name = str_at(about, &["metadata", "name"]).to_string();
    let ts = st.timestamp();
    let mut involved = json!({"apiVersion": about["apiVersion"], "kind": about["kind"], "namespace": ns,
                              "name": name, "uid": about["metadata"]["uid"],
                              "resourceVersion": about["metadata"]["resourceVersion"]});
    if let Some(fp) = field_path {
        involved["fieldPath"] = json!(fp);
    }
    let event = json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": format!("{name}.{:016x}", st.next_counter()), "namespace": ns},
        "involvedObject": involved,
        "reason": reason, "message": message, "type": kind,
        "source": {"component": component, "host": "fake-node"},
        "firstTimestamp": ts, "lastTimestamp": ts, "count": 1,
        "reportingComponent": component, "reportingInstance": "fake-node",
    });
    st.create(crate::state::EVENTS, &ns, event, Part::All, false)
        .is_ok()
}

/// A pod from a template, created at once.
fn create_pod(
    st: &mut State,
    ns: &str,
    name: &str,
    template: &Value,
    owner: &Value,
    extra: &[(&str, &str)],
    now: f64,
) {
    let mut meta = template
        .get("metadata")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if !meta.is_object() {
        meta = json!({});
    }
    {
        let labels = util::obj_mut(&mut meta, &["labels"]);
        for (k, v) in extra {
            labels.insert((*k).to_string(), json!(v));
        }
    }
    meta["name"] = json!(name);
    meta["namespace"] = json!(ns);
    meta["ownerReferences"] = json!([owner_ref(owner)]);
    let mut spec = template.get("spec").cloned().unwrap_or_else(|| json!({}));
    spec["nodeName"] = json!("fake-node");
    if spec.get("restartPolicy").is_none() {
        spec["restartPolicy"] = json!("Always");
    }
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec});
    if let Ok(p) = st.create(PODS, ns, pod, Part::All, false) {
        let uid = str_at(&p, &["metadata", "uid"]).to_string();
        st.pods.insert(
            uid,
            PodSim {
                created: now,
                frozen: false,
                warned: false,
            },
        );
    }
}

// ---------------------------------------------------------------- replicasets

fn sync_replicasets(st: &mut State, now: f64) {
    for rs in st.list(REPLICASETS, "") {
        let ns = str_at(&rs, &["metadata", "namespace"]).to_string();
        let uid = str_at(&rs, &["metadata", "uid"]).to_string();
        let name = str_at(&rs, &["metadata", "name"]).to_string();
        let desired = replicas(&rs).max(0) as usize;
        let mut pods = owned_pods(st, &ns, &uid);
        let template = at(&rs, &["spec", "template"])
            .cloned()
            .unwrap_or(Value::Null);
        while pods.len() < desired {
            let pname = format!("{name}-{}", util::safe_chars(st.next_counter(), 5));
            create_pod(st, &ns, &pname, &template, &rs, &[], now);
            pods = owned_pods(st, &ns, &uid);
        }
        if pods.len() > desired {
            // Not-ready pods go first, then the newest.
            pods.sort_by(|a, b| {
                pod_ready(a)
                    .cmp(&pod_ready(b))
                    .then_with(|| {
                        str_at(b, &["metadata", "creationTimestamp"])
                            .cmp(str_at(a, &["metadata", "creationTimestamp"]))
                    })
                    .then_with(|| {
                        let rv = |p: &Value| {
                            str_at(p, &["metadata", "resourceVersion"])
                                .parse::<u64>()
                                .unwrap_or(0)
                        };
                        rv(b).cmp(&rv(a))
                    })
            });
            for p in pods.iter().take(pods.len() - desired) {
                let _ = st.delete(PODS, &ns, str_at(p, &["metadata", "name"]), false, false);
            }
            pods = owned_pods(st, &ns, &uid);
        }
        let ready = pods.iter().filter(|p| pod_ready(p)).count() as i64;
        let Some(mut cur) = st.get(REPLICASETS, &ns, &name).cloned() else {
            continue;
        };
        let mut status = cur
            .get("status")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        set_count(&mut status, "replicas", pods.len() as i64, true);
        set_count(
            &mut status,
            "fullyLabeledReplicas",
            pods.len() as i64,
            false,
        );
        set_count(&mut status, "readyReplicas", ready, false);
        set_count(&mut status, "availableReplicas", ready, false);
        status.insert(
            "observedGeneration".into(),
            cur["metadata"]["generation"].clone(),
        );
        if cur.get("status") != Some(&Value::Object(status.clone())) {
            cur["status"] = Value::Object(status);
            st.put(REPLICASETS, cur);
        }
    }
}

// ---------------------------------------------------------------- deployments

/// `maxSurge`/`maxUnavailable`: an integer or a percentage of `total`.
fn resolve(v: Option<&Value>, total: i64, round_up: bool, default_pct: i64) -> i64 {
    let pct = |p: i64| {
        let x = p * total;
        if round_up { (x + 99) / 100 } else { x / 100 }
    };
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0).max(0),
        Some(Value::String(s)) => match s
            .strip_suffix('%')
            .and_then(|p| p.trim().parse::<i64>().ok())
        {
            Some(p) => pct(p.max(0)),
            None => s.trim().parse::<i64>().unwrap_or(0).max(0),
        },
        _ => pct(default_pct),
    }
}

fn sync_deployments(st: &mut State, now: f64) {
    for d in st.list(DEPLOYMENTS, "") {
        sync_deployment(st, &d, now);
    }
}

fn set_rs_replicas(st: &mut State, d: &Value, rs: &Value, n: i64) {
    let from = replicas(rs);
    if from != n {
        let verb = if n > from { "up" } else { "down" };
        let message = format!(
            "Scaled {verb} replica set {} from {from} to {n}",
            str_at(rs, &["metadata", "name"])
        );
        record_event(
            st,
            d,
            None,
            "Normal",
            "ScalingReplicaSet",
            &message,
            "deployment-controller",
        );
        let mut r = rs.clone();
        r["spec"]["replicas"] = json!(n);
        util::obj_mut(&mut r, &["metadata", "annotations"]).insert(
            "deployment.kubernetes.io/desired-replicas".into(),
            json!(n.to_string()),
        );
        st.put(REPLICASETS, r);
    }
}

fn sync_deployment(st: &mut State, d: &Value, now: f64) {
    let ns = str_at(d, &["metadata", "namespace"]).to_string();
    let name = str_at(d, &["metadata", "name"]).to_string();
    let uid = str_at(d, &["metadata", "uid"]).to_string();
    let desired = replicas(d).max(0);
    let template = at(d, &["spec", "template"]).cloned().unwrap_or(Value::Null);
    let hash = util::template_hash(&template);
    let paused = at(d, &["spec", "paused"])
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let recreate = str_at(d, &["spec", "strategy", "type"]) == "Recreate";
    let history_limit = i64_at(d, &["spec", "revisionHistoryLimit"])
        .unwrap_or(10)
        .max(0) as usize;
    let deadline = i64_at(d, &["spec", "progressDeadlineSeconds"]).unwrap_or(600) as f64;
    st.deploys
        .entry(uid.clone())
        .or_insert(crate::state::DeploySim { last_progress: now });

    let list_rs = |st: &State| -> Vec<Value> {
        st.list(REPLICASETS, &ns)
            .into_iter()
            .filter(|r| owned_by(r, &uid))
            .collect()
    };
    let mut all = list_rs(st);
    let max_rev = all.iter().map(revision).max().unwrap_or(0);
    let find_new = |all: &[Value]| {
        all.iter()
            .find(|r| str_at(r, &["metadata", "labels", HASH_LABEL]) == hash)
            .cloned()
    };
    let mut progressing: Option<(&str, String)> = None;
    if !paused {
        match find_new(&all) {
            None => {
                let rs_name = format!("{name}-{hash}");
                let mut labels = at(&template, &["metadata", "labels"])
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                labels.insert(HASH_LABEL.into(), json!(hash));
                let mut rs_template = template.clone();
                util::obj_mut(&mut rs_template, &["metadata", "labels"])
                    .insert(HASH_LABEL.into(), json!(hash));
                let mut selector = at(d, &["spec", "selector"])
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                util::obj_mut(&mut selector, &["matchLabels"])
                    .insert(HASH_LABEL.into(), json!(hash));
                let rs = json!({
                    "apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "metadata": {"name": rs_name, "namespace": ns, "labels": labels,
                                 "annotations": {REVISION: (max_rev + 1).to_string(),
                                                 "deployment.kubernetes.io/desired-replicas": desired.to_string()},
                                 "ownerReferences": [owner_ref(d)]},
                    "spec": {"replicas": 0, "selector": selector, "template": rs_template},
                });
                if st.create(REPLICASETS, &ns, rs, Part::All, false).is_ok() {
                    progressing = Some((
                        "NewReplicaSetCreated",
                        format!("Created new replica set \"{rs_name}\""),
                    ));
                }
            }
            Some(rs) if revision(&rs) < max_rev => {
                let mut r = rs.clone();
                util::obj_mut(&mut r, &["metadata", "annotations"])
                    .insert(REVISION.into(), json!((max_rev + 1).to_string()));
                st.put(REPLICASETS, r);
                progressing = Some((
                    "ReplicaSetUpdated",
                    format!(
                        "ReplicaSet \"{}\" is progressing.",
                        str_at(&rs, &["metadata", "name"])
                    ),
                ));
            }
            Some(_) => {}
        }
        all = list_rs(st);
    }
    let new_rs = find_new(&all);
    let olds: Vec<Value> = {
        let mut o: Vec<Value> = all
            .iter()
            .filter(|r| str_at(r, &["metadata", "labels", HASH_LABEL]) != hash)
            .cloned()
            .collect();
        o.sort_by_key(revision);
        o
    };
    let (max_surge, max_unavailable) = if recreate {
        (0, 0)
    } else {
        let ru = at(d, &["spec", "strategy", "rollingUpdate"]);
        let s = resolve(ru.and_then(|r| r.get("maxSurge")), desired, true, 25);
        let u = resolve(ru.and_then(|r| r.get("maxUnavailable")), desired, false, 25);
        if s == 0 && u == 0 { (0, 1) } else { (s, u) }
    };

    if let (false, Some(new)) = (paused, &new_rs) {
        if recreate {
            for old in &olds {
                set_rs_replicas(st, d, old, 0);
            }
            let old_pods: usize = olds
                .iter()
                .map(|o| owned_pods(st, &ns, str_at(o, &["metadata", "uid"])).len())
                .sum();
            if old_pods == 0 {
                set_rs_replicas(st, d, new, desired);
            }
        } else {
            let all_total: i64 = all.iter().map(replicas).sum();
            let mut new_r = replicas(new);
            if new_r > desired {
                new_r = desired;
            } else if new_r < desired {
                let max_total = desired + max_surge;
                if all_total < max_total {
                    new_r = desired.min(new_r + max_total - all_total);
                }
            }
            set_rs_replicas(st, d, new, new_r);
            let min_available = desired - max_unavailable;
            let all_available: i64 = all.iter().map(|r| status_int(r, "availableReplicas")).sum();
            let mut budget = (all_available - min_available).max(0);
            for old in &olds {
                let r = replicas(old);
                if r == 0 {
                    continue;
                }
                let avail = status_int(old, "availableReplicas").min(r);
                let take = avail.min(budget);
                budget -= take;
                set_rs_replicas(st, d, old, avail - take);
            }
        }
        // Old, scaled-down ReplicaSets beyond revisionHistoryLimit go.
        let idle: Vec<&Value> = olds
            .iter()
            .filter(|o| replicas(o) == 0 && status_int(o, "replicas") == 0)
            .collect();
        if idle.len() > history_limit {
            for o in idle.iter().take(idle.len() - history_limit) {
                let _ = st.delete(
                    REPLICASETS,
                    &ns,
                    str_at(o, &["metadata", "name"]),
                    false,
                    false,
                );
            }
        }
    }

    // Status.
    let all = list_rs(st);
    let new_rs = find_new(&all);
    let Some(mut cur) = st.get(DEPLOYMENTS, &ns, &name).cloned() else {
        return;
    };
    let prev = json!({"status": cur.get("status").cloned().unwrap_or_else(|| json!({}))});
    let replicas_now: i64 = all.iter().map(|r| status_int(r, "replicas")).sum();
    let updated = new_rs.as_ref().map_or(0, |r| status_int(r, "replicas"));
    let ready: i64 = all.iter().map(|r| status_int(r, "readyReplicas")).sum();
    let available: i64 = all.iter().map(|r| status_int(r, "availableReplicas")).sum();
    let spec_total: i64 = all.iter().map(replicas).sum();
    let unavailable = (spec_total - available).max(0);
    let mut status = prev["status"].as_object().cloned().unwrap_or_default();
    status.insert(
        "observedGeneration".into(),
        cur["metadata"]["generation"].clone(),
    );
    set_count(&mut status, "replicas", replicas_now, false);
    set_count(&mut status, "updatedReplicas", updated, false);
    set_count(&mut status, "readyReplicas", ready, false);
    set_count(&mut status, "availableReplicas", available, false);
    set_count(&mut status, "unavailableReplicas", unavailable, false);
    let mut conds: Vec<Value> = status
        .get("conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let ts = st.timestamp();
    let min_available = if recreate {
        desired
    } else {
        desired - max_unavailable
    };
    if available >= min_available {
        set_condition(
            &mut conds,
            "Available",
            "True",
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.",
            &ts,
            false,
        );
    } else {
        set_condition(
            &mut conds,
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
            &ts,
            false,
        );
    }
    let rs_name = new_rs.as_ref().map_or_else(String::new, |r| {
        str_at(r, &["metadata", "name"]).to_string()
    });
    let sim_progress = st.deploys.get(&uid).map_or(now, |s| s.last_progress);
    let mut touched = false;
    if paused {
        set_condition(
            &mut conds,
            "Progressing",
            "Unknown",
            "DeploymentPaused",
            "Deployment is paused",
            &ts,
            false,
        );
        touched = true;
    } else if let Some((reason, msg)) = progressing {
        set_condition(&mut conds, "Progressing", "True", reason, &msg, &ts, true);
        touched = true;
    } else {
        let cur_reason = conds
            .iter()
            .find(|c| c["type"] == "Progressing")
            .map(|c| str_at(c, &["reason"]).to_string())
            .unwrap_or_default();
        let was_complete = replicas_now == updated && cur_reason == "NewReplicaSetAvailable";
        let complete = new_rs.is_some()
            && updated == desired
            && replicas_now == desired
            && available == desired;
        let old_before = status_int(&prev, "replicas") - status_int(&prev, "updatedReplicas");
        let progressed = updated > status_int(&prev, "updatedReplicas")
            || ready > status_int(&prev, "readyReplicas")
            || available > status_int(&prev, "availableReplicas")
            || replicas_now - updated < old_before;
        if cur_reason == "DeploymentPaused" || cur_reason.is_empty() {
            set_condition(
                &mut conds,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                &format!("ReplicaSet \"{rs_name}\" is progressing."),
                &ts,
                true,
            );
            touched = true;
        } else if was_complete {
        } else if complete {
            set_condition(
                &mut conds,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                &format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
                &ts,
                true,
            );
            touched = true;
        } else if progressed {
            set_condition(
                &mut conds,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                &format!("ReplicaSet \"{rs_name}\" is progressing."),
                &ts,
                true,
            );
            touched = true;
        } else if cur_reason != "ProgressDeadlineExceeded" && now - sim_progress > deadline {
            set_condition(
                &mut conds,
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                &format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
                &ts,
                true,
            );
        }
    }
    if touched {
        st.deploys
            .insert(uid.clone(), crate::state::DeploySim { last_progress: now });
    }
    status.insert("conditions".into(), Value::Array(conds));
    let new_status = Value::Object(status);
    let rev = new_rs
        .as_ref()
        .map(|r| str_at(r, &["metadata", "annotations", REVISION]).to_string());
    let mut changed = false;
    if let Some(rev) = rev
        && str_at(&cur, &["metadata", "annotations", REVISION]) != rev
    {
        util::obj_mut(&mut cur, &["metadata", "annotations"]).insert(REVISION.into(), json!(rev));
        changed = true;
    }
    if cur.get("status") != Some(&new_status) {
        cur["status"] = new_status;
        changed = true;
    }
    if changed {
        st.put(DEPLOYMENTS, cur);
    }
}

fn set_condition(
    conds: &mut Vec<Value>,
    kind: &str,
    status: &str,
    reason: &str,
    message: &str,
    ts: &str,
    touch: bool,
) {
    if let Some(c) = conds.iter_mut().find(|c| c["type"] == kind) {
        let same_status = c["status"] == status;
        if same_status && c["reason"] == reason && c["message"] == message && !touch {
            return;
        }
        if !same_status {
            c["lastTransitionTime"] = json!(ts);
        }
        c["status"] = json!(status);
        c["reason"] = json!(reason);
        c["message"] = json!(message);
        c["lastUpdateTime"] = json!(ts);
    } else {
        conds.push(json!({"type": kind, "status": status, "lastUpdateTime": ts,
                          "lastTransitionTime": ts, "reason": reason, "message": message}));
    }
}

// ---------------------------------------------------------------- statefulsets

fn sync_statefulsets(st: &mut State, now: f64) {
    for s in st.list(STATEFULSETS, "") {
        sync_statefulset(st, &s, now);
    }
}

fn ordinal_of(pod: &Value, set: &str) -> Option<i64> {
    str_at(pod, &["metadata", "name"])
        .strip_prefix(set)?
        .strip_prefix('-')?
        .parse()
        .ok()
}

fn sync_statefulset(st: &mut State, s: &Value, now: f64) {
    let ns = str_at(s, &["metadata", "namespace"]).to_string();
    let name = str_at(s, &["metadata", "name"]).to_string();
    let uid = str_at(s, &["metadata", "uid"]).to_string();
    let desired = replicas(s).max(0);
    let template = at(s, &["spec", "template"]).cloned().unwrap_or(Value::Null);
    let update_rev = format!("{name}-{}", util::template_hash(&template));
    let history = st.sts_history.entry(uid.clone()).or_default();
    history.insert(update_rev.clone(), template.clone());
    let mut current_rev = str_at(s, &["status", "currentRevision"]).to_string();
    if current_rev.is_empty() || !history.contains_key(&current_rev) {
        current_rev.clone_from(&update_rev);
    }
    let current_template = history
        .get(&current_rev)
        .cloned()
        .unwrap_or_else(|| template.clone());
    let parallel = str_at(s, &["spec", "podManagementPolicy"]) == "Parallel";
    let on_delete = str_at(s, &["spec", "updateStrategy", "type"]) == "OnDelete";
    let partition =
        i64_at(s, &["spec", "updateStrategy", "rollingUpdate", "partition"]).unwrap_or(0);
    let service = str_at(s, &["spec", "serviceName"]).to_string();

    let pods_by_ordinal = |st: &State| -> BTreeMap<i64, Value> {
        owned_pods(st, &ns, &uid)
            .into_iter()
            .filter_map(|p| Some((ordinal_of(&p, &name)?, p)))
            .collect()
    };
    let mut pods = pods_by_ordinal(st);
    // Scale down from the highest ordinal.
    let excess: Vec<i64> = pods
        .keys()
        .rev()
        .copied()
        .filter(|o| *o >= desired)
        .collect();
    for o in excess.iter().take(if parallel { excess.len() } else { 1 }) {
        let _ = st.delete(PODS, &ns, &format!("{name}-{o}"), false, false);
    }
    // Create missing ordinals, in order.
    for o in 0..desired {
        if let Some(p) = pods.get(&o) {
            if !parallel && !pod_ready(p) {
                break;
            }
            continue;
        }
        let (rev, tpl) = if o < partition && !on_delete {
            (current_rev.as_str(), &current_template)
        } else {
            (update_rev.as_str(), &template)
        };
        let pod_name = format!("{name}-{o}");
        let index = o.to_string();
        let mut tpl = tpl.clone();
        util::obj_mut(&mut tpl, &["spec"]).insert("hostname".into(), json!(pod_name));
        if !service.is_empty() {
            util::obj_mut(&mut tpl, &["spec"]).insert("subdomain".into(), json!(service));
        }
        create_pod(
            st,
            &ns,
            &pod_name,
            &tpl,
            s,
            &[
                ("controller-revision-hash", rev),
                ("statefulset.kubernetes.io/pod-name", &pod_name),
                ("apps.kubernetes.io/pod-index", &index),
            ],
            now,
        );
        if !parallel {
            break;
        }
    }
    pods = pods_by_ordinal(st);
    let rev_of =
        |p: &Value| str_at(p, &["metadata", "labels", "controller-revision-hash"]).to_string();
    // Rolling update: highest ordinal first, one at a time, only when all are ready.
    let all_there =
        (0..desired).all(|o| pods.get(&o).is_some_and(pod_ready)) && pods.len() as i64 == desired;
    if !on_delete && all_there {
        let stale = pods
            .iter()
            .rev()
            .find(|(o, p)| **o >= partition && rev_of(p) != update_rev)
            .map(|(o, _)| *o);
        if let Some(o) = stale {
            let _ = st.delete(PODS, &ns, &format!("{name}-{o}"), false, false);
            pods = pods_by_ordinal(st);
        }
    }
    let revs: HashSet<String> = pods.values().map(rev_of).collect();
    let ready = pods.values().filter(|p| pod_ready(p)).count() as i64;
    let updated = pods.values().filter(|p| rev_of(p) == update_rev).count() as i64;
    let mut current = pods.values().filter(|p| rev_of(p) == current_rev).count() as i64;
    if updated == desired && revs.len() <= 1 && pods.len() as i64 == desired {
        current_rev.clone_from(&update_rev);
        current = updated;
    }
    let Some(mut cur) = st.get(STATEFULSETS, &ns, &name).cloned() else {
        return;
    };
    let mut status = cur
        .get("status")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    status.insert(
        "observedGeneration".into(),
        cur["metadata"]["generation"].clone(),
    );
    set_count(&mut status, "replicas", pods.len() as i64, true);
    set_count(&mut status, "readyReplicas", ready, false);
    set_count(&mut status, "availableReplicas", ready, true);
    set_count(&mut status, "currentReplicas", current, false);
    set_count(&mut status, "updatedReplicas", updated, false);
    status.insert("currentRevision".into(), json!(current_rev));
    status.insert("updateRevision".into(), json!(update_rev));
    status.insert("collisionCount".into(), json!(0));
    let new_status = Value::Object(status);
    if cur.get("status") != Some(&new_status) {
        cur["status"] = new_status;
        st.put(STATEFULSETS, cur);
    }
}
