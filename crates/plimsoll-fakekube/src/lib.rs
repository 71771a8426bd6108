//! A stateful fake Kubernetes API server over HTTP on loopback, for
//! plimsoll-deploy's tests only: the real `kube::Client` talks to it end to
//! end, and a simulated Deployment/ReplicaSet/StatefulSet controller and
//! kubelet move objects along in *controller time*.
//!
//! ```no_run
//! use plimsoll_fakekube::{FakeCluster, Fault};
//! let cluster = FakeCluster::start();
//! cluster.time_scale(100.0);
//! cluster.fault_for_image("web:broken", Fault::CrashLoop);
//! let kubeconfig = cluster.kubeconfig("fake", "default");
//! // ... build a kube::Client from `kubeconfig`, deploy, then inspect:
//! let pods = cluster.list("v1", "Pod", "default");
//! # let _ = (kubeconfig, pods);
//! ```
//!
//! # What is served
//!
//! * Discovery: `/version`, `/api`, `/api/v1`, `/apis`, `/apis/<group>`,
//!   `/apis/<group>/<version>` for core v1 (namespaces, pods, services,
//!   configmaps, secrets, serviceaccounts, events), apps/v1 (deployments,
//!   replicasets, statefulsets, with `status` and `scale` subresources),
//!   coordination.k8s.io/v1 (leases), networking.k8s.io/v1 (ingresses),
//!   gateway.networking.k8s.io/v1 (httproutes), networking.istio.io/v1
//!   (virtualservices, destinationrules). Anything else is a 404 Status.
//!   `/api` and `/apis` also answer aggregated discovery
//!   (`apidiscovery.k8s.io/v2`, as `Discovery::run_aggregated` asks).
//! * Verbs: get, list, watch, create, update (PUT), patch (apply, merge,
//!   strategic merge, JSON patch), delete, deletecollection; `/status` and
//!   `/scale` subresources; `pods/log` (a few canned lines per container,
//!   a panic line for [`Fault::CrashLoop`]; no `follow`); `dryRun=All`.
//! * Metadata like the real server: `uid`, one global `resourceVersion`
//!   counter, `generation` (1 on create, +1 when anything outside `metadata`
//!   and `status` changes), `creationTimestamp`, the namespace from the path.
//!   Writes that change nothing do not bump the resourceVersion.
//! * Errors are `Status` objects with the real reasons and codes (NotFound,
//!   AlreadyExists, Conflict, Forbidden, Invalid, BadRequest, Expired,
//!   MethodNotAllowed, UnsupportedMediaType).
//! * Namespaces `default`, `kube-system`, `kube-public` and
//!   `kube-node-lease` exist from the start; creating in a namespace that
//!   does not exist is a 404 like on a real cluster ([`FakeCluster::apply`]
//!   creates namespaces implicitly).
//!
//! # Simplifications (where this is not the real API server)
//!
//! * **Server-side apply** merges maps recursively and lists of objects by
//!   their merge key (`name` for containers, initContainers, env, volumes,
//!   imagePullSecrets; `mountPath` for volumeMounts as in the real schema;
//!   `containerPort` or `port` for ports); other lists replace. Each field
//!   manager's last applied configuration is remembered, and fields it
//!   applied before and omits now are removed — even when another manager
//!   also set them (real SSA keeps co-owned fields). Conflicts between field
//!   managers are never reported, so `force` changes nothing. `managedFields`
//!   is not maintained. Apply bodies must be JSON (kube sends JSON).
//! * Strategic merge patch is the same merge (no `$patch` directives).
//! * Lists return everything: `limit`/`continue` and list `resourceVersion`
//!   parameters are ignored; the list's `metadata.resourceVersion` is current.
//! * Field selectors: `=`, `==`, `!=` on any dotted field path
//!   (`metadata.name`, `involvedObject.name`, `status.phase`...); the real
//!   server accepts only a few paths per type, the fake accepts them all.
//! * Events: the kubelet records one Warning Event per faulty pod (`BackOff`
//!   for [`Fault::CrashLoop`], `Unhealthy` for [`Fault::NeverReady`]); the
//!   Deployment controller records `ScalingReplicaSet` Events ("Scaled up
//!   replica set web-x from 0 to 1"). Events are never aggregated (`count` 1).
//! * Watches with a selector turn changes into or out of the selection into
//!   `ADDED`/`DELETED` like the real server. Without
//!   `resourceVersion` (or with `"0"`, or with `sendInitialEvents=true`)
//!   a watch starts with `ADDED` events for the current objects. Bookmarks
//!   (when allowed) come every real second. Up to 50 000 changes are kept for
//!   resuming; older resourceVersions get a 410 `Expired` ERROR event.
//! * Deletion is immediate (no finalizers, no grace periods, no
//!   `deletionTimestamp`); dependents (by `ownerReferences`) are removed at
//!   once unless `propagationPolicy=Orphan`. Deleting a namespace deletes its
//!   objects. DELETE answers with a `Status` of `Success`.
//! * Validation covers what a deployer can trip: names, selectors matching
//!   template labels (apps/v1), immutable selectors, missing containers,
//!   negative replicas. Defaults: Deployment `replicas`, `strategy`
//!   (RollingUpdate 25%/25%), `revisionHistoryLimit`, `progressDeadlineSeconds`;
//!   StatefulSet `replicas`, `podManagementPolicy`, `updateStrategy`.
//! * Controllers run every 20 ms of real time and after every write.
//!   `minReadySeconds` is ignored (available = ready). Pods are scheduled at
//!   once to `fake-node`, spend 0.2 s of controller time in
//!   `ContainerCreating` and are Ready 1 s after creation (see [`Fault`]).
//!   Crash-looping containers restart every 10 s of controller time.
//!   Deployment conditions' timestamps are in controller time.
//! * The Deployment controller does not adopt orphaned ReplicaSets and does
//!   no proportional scaling (a paused Deployment does not scale at all);
//!   `collisionCount` is never set.
//! * StatefulSets: `OrderedReady` (one pod at a time, each waiting for the
//!   previous to be Ready) or `Parallel`; `RollingUpdate` replaces pods from
//!   the highest ordinal down to `partition`, one at a time once all are
//!   Ready; `OnDelete` leaves pods alone. Revisions are `<name>-<hash>`
//!   (`controller-revision-hash` label) but no ControllerRevision objects
//!   are served; no PersistentVolumeClaims.
//! * No RBAC beyond [`FakeCluster::deny`]; authentication is not checked.
//! * When offline, the server reads each request and closes the connection
//!   without answering (the client sees a lost connection, which kube does
//!   not retry; a 503 would be retried with backoff by kube's default retry
//!   policy), and open watch streams end.

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    reason = "counts and controller seconds are small"
)]
#![allow(
    clippy::many_single_char_names,
    reason = "JSON plumbing reads better with short names"
)]

mod controller;
mod patch;
mod server;
mod state;
mod util;

use serde_json::Value;
use state::{PodFault, State};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How pods running an image misbehave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// The container keeps crashing: `CrashLoopBackOff`, never Ready, the
    /// restart count grows.
    CrashLoop,
    /// Running but never Ready (a failing readiness probe).
    NeverReady,
    /// Ready only after this much controller time.
    SlowStart(Duration),
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLog {
    pub method: String,
    pub path: String,
    /// The raw (percent-encoded) query string, without `?`.
    pub query: String,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Default)]
pub(crate) struct Control {
    pub offline: bool,
    pub fail_after: Option<usize>,
    pub denies: Vec<(String, String)>,
    pub log: Vec<RequestLog>,
}

pub(crate) struct Shared {
    state: Mutex<State>,
    control: Mutex<Control>,
    pub changes: tokio::sync::watch::Sender<u64>,
    pub port: u16,
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn control(&self) -> MutexGuard<'_, Control> {
        self.control.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes watches after a change of the store.
    pub fn changed(&self, st: &State) {
        self.changes.send_replace(st.rv);
    }

    /// Wakes watches without a change (e.g. going offline).
    pub fn notify(&self) {
        self.changes.send_modify(|_| {});
    }

    pub fn denied(&self, verb: &str, resource: &str) -> bool {
        self.control()
            .denies
            .iter()
            .any(|(v, r)| (v == "*" || v == verb) && (r == "*" || r == resource))
    }
}

/// A running fake API server; dropping it stops the server.
pub struct FakeCluster {
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCluster")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl FakeCluster {
    /// Binds `127.0.0.1:0` and serves from a thread with its own
    /// current-thread tokio runtime.
    pub fn start() -> FakeCluster {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let port = listener.local_addr().expect("local address").port();
        let (changes, _) = tokio::sync::watch::channel(0u64);
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new()),
            control: Mutex::new(Control::default()),
            changes,
            port,
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("fakekube-{port}"))
            .spawn(move || serve(thread_shared, listener, rx))
            .expect("spawn the fake API server thread");
        FakeCluster {
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    /// A kubeconfig (YAML) with one cluster (this server), one token user and
    /// one context, which is current.
    pub fn kubeconfig(&self, context: &str, namespace: &str) -> String {
        let q = |s: &str| Value::String(s.to_string()).to_string();
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fakekube\n  cluster:\n    server: {url}\n    insecure-skip-tls-verify: true\nusers:\n- name: fakekube-user\n  user:\n    token: fakekube-token\ncontexts:\n- name: {ctx}\n  context:\n    cluster: fakekube\n    user: fakekube-user\n    namespace: {ns}\ncurrent-context: {ctx}\npreferences: {{}}\n",
            url = q(&self.url()),
            ctx = q(context),
            ns = q(namespace),
        )
    }

    pub fn write_kubeconfig(&self, path: &Path, context: &str, namespace: &str) -> io::Result<()> {
        std::fs::write(path, self.kubeconfig(context, namespace))
    }

    /// Seeds an object (create or replace, `status` included), creating its
    /// namespace if needed, then runs the controllers. A Pod seeded with a
    /// `status.phase` keeps that status; other pods are run by the simulated
    /// kubelet. The namespace defaults to `default`.
    ///
    /// # Panics
    /// On an unknown `apiVersion`/`kind` or an object the server rejects:
    /// seeds are test code.
    pub fn apply(&self, object: Value) {
        let av = util::str_at(&object, &["apiVersion"]).to_string();
        let kind = util::str_at(&object, &["kind"]).to_string();
        let res = state::find_kind(&av, &kind)
            .unwrap_or_else(|| panic!("fakekube does not serve {av} {kind}"));
        let mut st = self.shared.state();
        if let Err(e) = st.upsert(res, object) {
            panic!("fakekube rejected the seed object: {}", e.message);
        }
        controller::reconcile(&mut st);
        self.shared.changed(&st);
    }

    /// One object (`namespace` is ignored for cluster-scoped kinds).
    pub fn get(&self, api_version: &str, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        let res = state::find_kind(api_version, kind)?;
        let ns = if state::RESOURCES[res].namespaced {
            namespace
        } else {
            ""
        };
        self.shared.state().get(res, ns, name).cloned()
    }

    /// Objects of a kind in a namespace (all namespaces when `namespace` is empty).
    pub fn list(&self, api_version: &str, kind: &str, namespace: &str) -> Vec<Value> {
        let Some(res) = state::find_kind(api_version, kind) else {
            return Vec::new();
        };
        self.shared.state().list(res, namespace)
    }

    /// Containers whose `image` is exactly this string misbehave, in existing
    /// and future pods (a pod is Ready only when all its containers are).
    pub fn fault_for_image(&self, image: &str, fault: Fault) {
        let f = match fault {
            Fault::CrashLoop => PodFault::CrashLoop,
            Fault::NeverReady => PodFault::NeverReady,
            Fault::SlowStart(d) => PodFault::SlowStart(d.as_secs_f64()),
        };
        let mut st = self.shared.state();
        st.faults.insert(image.to_string(), f);
        controller::reconcile(&mut st);
        self.shared.changed(&st);
    }

    /// RBAC: requests with this verb (`get`, `list`, `watch`, `create`,
    /// `update`, `patch`, `delete`, `deletecollection`, or `*`) on this
    /// resource (plural, `deployments/status`, or `*`) get a 403 Forbidden.
    pub fn deny(&self, verb: &str, resource: &str) {
        self.shared
            .control()
            .denies
            .push((verb.to_string(), resource.to_string()));
    }

    /// While offline every request fails: its connection is closed without an
    /// answer. Open watches end.
    pub fn set_offline(&self, offline: bool) {
        {
            let mut c = self.shared.control();
            c.offline = offline;
            c.fail_after = None;
        }
        self.shared.notify();
    }

    /// The next `n` requests succeed, then the server goes offline.
    pub fn fail_after_requests(&self, n: usize) {
        self.shared.control().fail_after = Some(n);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RequestLog> {
        self.shared.control().log.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.control().log.clear();
    }

    /// Controller seconds per real second (default 1.0).
    pub fn time_scale(&self, factor: f64) {
        self.shared.state().clock.set_scale(factor);
    }

    /// Stops (or restarts) the simulated controllers and kubelet: while
    /// paused, writes are stored but nothing reacts — no ReplicaSets, pods or
    /// status updates, so `status.observedGeneration` stays behind
    /// `metadata.generation` the way it does on a busy real cluster.
    /// Controller time keeps running.
    pub fn pause_controllers(&self, paused: bool) {
        let mut st = self.shared.state();
        st.controllers_paused = paused;
        controller::reconcile(&mut st);
        self.shared.changed(&st);
    }
}

impl Drop for FakeCluster {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    shared: Arc<Shared>,
    listener: std::net::TcpListener,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    rt.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let ticker_shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let mut st = ticker_shared.state();
                let before = st.rv;
                controller::reconcile(&mut st);
                if st.rv != before {
                    ticker_shared.changed(&st);
                }
            }
        });
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let conn_shared = Arc::clone(&shared);
                    tokio::spawn(async move {
                        let svc = hyper::service::service_fn(move |req| server::handle(Arc::clone(&conn_shared), req));
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                            .await;
                    });
                }
            }
        }
    });
}
