//! The object store: resource types, metadata, writes, watch events, errors.

use crate::patch;
use crate::util::{self, at, str_at};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// One served resource type.
#[derive(Debug)]
pub(crate) struct ResourceType {
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    /// Has a `/status` subresource; the main endpoint ignores `status` changes.
    pub status: bool,
    /// Has a `/scale` subresource.
    pub scale: bool,
    pub short: &'static [&'static str],
}

impl ResourceType {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `deployments.apps`, `pods`: how error messages name the resource.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
}

macro_rules! rt {
    ($g:expr, $v:expr, $p:expr, $s:expr, $k:expr, $ns:expr, $st:expr, $sc:expr, $short:expr) => {
        ResourceType {
            group: $g,
            version: $v,
            plural: $p,
            singular: $s,
            kind: $k,
            namespaced: $ns,
            status: $st,
            scale: $sc,
            short: $short,
        }
    };
}

pub(crate) const RESOURCES: &[ResourceType] = &[
    rt!(
        "",
        "v1",
        "namespaces",
        "namespace",
        "Namespace",
        false,
        true,
        false,
        &["ns"]
    ),
    rt!("", "v1", "pods", "pod", "Pod", true, true, false, &["po"]),
    rt!(
        "",
        "v1",
        "services",
        "service",
        "Service",
        true,
        true,
        false,
        &["svc"]
    ),
    rt!(
        "",
        "v1",
        "configmaps",
        "configmap",
        "ConfigMap",
        true,
        false,
        false,
        &["cm"]
    ),
    rt!(
        "",
        "v1",
        "secrets",
        "secret",
        "Secret",
        true,
        false,
        false,
        &[]
    ),
    rt!(
        "",
        "v1",
        "serviceaccounts",
        "serviceaccount",
        "ServiceAccount",
        true,
        false,
        false,
        &["sa"]
    ),
    rt!(
        "",
        "v1",
        "events",
        "event",
        "Event",
        true,
        false,
        false,
        &["ev"]
    ),
    rt!(
        "apps",
        "v1",
        "deployments",
        "deployment",
        "Deployment",
        true,
        true,
        true,
        &["deploy"]
    ),
    rt!(
        "apps",
        "v1",
        "replicasets",
        "replicaset",
        "ReplicaSet",
        true,
        true,
        true,
        &["rs"]
    ),
    rt!(
        "apps",
        "v1",
        "statefulsets",
        "statefulset",
        "StatefulSet",
        true,
        true,
        true,
        &["sts"]
    ),
    rt!(
        "coordination.k8s.io",
        "v1",
        "leases",
        "lease",
        "Lease",
        true,
        false,
        false,
        &[]
    ),
    rt!(
        "networking.k8s.io",
        "v1",
        "ingresses",
        "ingress",
        "Ingress",
        true,
        true,
        false,
        &["ing"]
    ),
    rt!(
        "gateway.networking.k8s.io",
        "v1",
        "httproutes",
        "httproute",
        "HTTPRoute",
        true,
        true,
        false,
        &[]
    ),
    rt!(
        "networking.istio.io",
        "v1",
        "virtualservices",
        "virtualservice",
        "VirtualService",
        true,
        false,
        false,
        &["vs"]
    ),
    rt!(
        "networking.istio.io",
        "v1",
        "destinationrules",
        "destinationrule",
        "DestinationRule",
        true,
        false,
        false,
        &["dr"]
    ),
];

pub(crate) const NAMESPACES: usize = 0;
pub(crate) const PODS: usize = 1;
pub(crate) const EVENTS: usize = 6;
pub(crate) const DEPLOYMENTS: usize = 7;
pub(crate) const REPLICASETS: usize = 8;
pub(crate) const STATEFULSETS: usize = 9;

pub(crate) fn find_resource(group: &str, version: &str, plural: &str) -> Option<usize> {
    RESOURCES
        .iter()
        .position(|r| r.group == group && r.version == version && r.plural == plural)
}

pub(crate) fn find_kind(api_version: &str, kind: &str) -> Option<usize> {
    RESOURCES
        .iter()
        .position(|r| r.api_version() == api_version && r.kind == kind)
}

/// An API error, rendered as a `Status` object.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Value,
}

impl ApiError {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: Value::Null,
        }
    }

    fn with(mut self, r: &ResourceType, name: &str) -> Self {
        let mut d = json!({"kind": r.plural});
        if !name.is_empty() {
            d["name"] = json!(name);
        }
        if !r.group.is_empty() {
            d["group"] = json!(r.group);
        }
        self.details = d;
        self
    }

    pub fn not_found(r: &ResourceType, name: &str) -> Self {
        Self::new(
            404,
            "NotFound",
            format!("{} \"{name}\" not found", r.qualified()),
        )
        .with(r, name)
    }

    pub fn already_exists(r: &ResourceType, name: &str) -> Self {
        Self::new(
            409,
            "AlreadyExists",
            format!("{} \"{name}\" already exists", r.qualified()),
        )
        .with(r, name)
    }

    pub fn conflict(r: &ResourceType, name: &str) -> Self {
        Self::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                r.qualified()
            ),
        )
        .with(r, name)
    }

    pub fn invalid(r: &ResourceType, name: &str, why: &str) -> Self {
        Self::new(
            422,
            "Invalid",
            format!("{} \"{name}\" is invalid: {why}", r.kind),
        )
        .with(r, name)
    }

    pub fn bad_request(why: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", why)
    }

    pub fn status(&self) -> Value {
        let mut s = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        if !self.details.is_null() {
            s["details"] = self.details.clone();
        }
        s
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A recorded change, for watches.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub rv: u64,
    pub res: usize,
    pub namespace: String,
    pub kind: &'static str,
    pub object: Value,
    /// The object before a MODIFIED change (selector transitions in watches).
    pub old: Option<Value>,
}

/// Pod behaviours injected by tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PodFault {
    CrashLoop,
    NeverReady,
    SlowStart(f64),
}

/// Controller-time bookkeeping of a pod.
#[derive(Debug, Clone)]
pub(crate) struct PodSim {
    pub created: f64,
    /// Seeded with an explicit status through `FakeCluster::apply`: left alone.
    pub frozen: bool,
    /// A Warning Event was recorded for its fault.
    pub warned: bool,
}

/// Controller bookkeeping of a Deployment.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeploySim {
    pub last_progress: f64,
}

/// Controller time: seconds that advance `scale` times faster than real ones.
#[derive(Debug)]
pub(crate) struct Clock {
    base_instant: Instant,
    base: f64,
    scale: f64,
    /// Unix seconds at controller time 0.
    pub epoch: f64,
}

impl Clock {
    fn new() -> Self {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64().floor());
        Clock {
            base_instant: Instant::now(),
            base: 0.0,
            scale: 1.0,
            epoch,
        }
    }

    pub fn now(&self) -> f64 {
        self.base + self.base_instant.elapsed().as_secs_f64() * self.scale
    }

    pub fn set_scale(&mut self, scale: f64) {
        self.base = self.now();
        self.base_instant = Instant::now();
        self.scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
    }
}

/// Which part of an object a write may change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Part {
    /// The main endpoint: everything but `status` (for types with a status subresource).
    Main,
    /// The `/status` endpoint: only `status`.
    Status,
    /// Controllers and test seeding: everything.
    All,
}

const EVENT_LOG_CAP: usize = 50_000;

pub(crate) struct State {
    pub objects: Vec<BTreeMap<(String, String), Value>>,
    pub rv: u64,
    pub counter: u64,
    pub events: VecDeque<Event>,
    /// Lowest resourceVersion a watch may resume from.
    pub oldest_rv: u64,
    pub clock: Clock,
    pub faults: HashMap<String, PodFault>,
    pub pods: HashMap<String, PodSim>,
    pub deploys: HashMap<String, DeploySim>,
    /// Statefulset uid -> revision name -> pod template.
    pub sts_history: HashMap<String, BTreeMap<String, Value>>,
    /// Object uid -> field manager -> last applied configuration.
    pub applied: HashMap<String, HashMap<String, Value>>,
    /// Controllers and kubelet stand still (`FakeCluster::pause_controllers`).
    pub controllers_paused: bool,
}

impl State {
    pub fn new() -> Self {
        let mut st = State {
            objects: RESOURCES.iter().map(|_| BTreeMap::new()).collect(),
            rv: 1000,
            counter: 0,
            events: VecDeque::new(),
            oldest_rv: 1000,
            clock: Clock::new(),
            faults: HashMap::new(),
            pods: HashMap::new(),
            deploys: HashMap::new(),
            sts_history: HashMap::new(),
            applied: HashMap::new(),
            controllers_paused: false,
        };
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            st.ensure_namespace(ns);
        }
        st
    }

    pub fn now(&self) -> f64 {
        self.clock.now()
    }

    pub fn timestamp(&self) -> String {
        util::rfc3339(self.clock.epoch + self.now())
    }

    pub fn next_counter(&mut self) -> u64 {
        self.counter += 1;
        util::mix(self.counter ^ (self.clock.epoch as u64).rotate_left(20))
    }

    pub fn ensure_namespace(&mut self, ns: &str) {
        if ns.is_empty() || self.objects[NAMESPACES].contains_key(&(String::new(), ns.to_string()))
        {
            return;
        }
        let obj = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns},
                         "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}});
        let _ = self.create(NAMESPACES, "", obj, Part::All, false);
    }

    pub fn get(&self, res: usize, ns: &str, name: &str) -> Option<&Value> {
        self.objects[res].get(&(ns.to_string(), name.to_string()))
    }

    pub fn get_or_404(&self, res: usize, ns: &str, name: &str) -> ApiResult<Value> {
        self.get(res, ns, name)
            .cloned()
            .ok_or_else(|| ApiError::not_found(&RESOURCES[res], name))
    }

    /// Objects of a type, in one namespace or (`ns` empty) all.
    pub fn list(&self, res: usize, ns: &str) -> Vec<Value> {
        self.objects[res]
            .iter()
            .filter(|((n, _), _)| ns.is_empty() || n == ns)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn record(
        &mut self,
        res: usize,
        ns: &str,
        kind: &'static str,
        object: Value,
        old: Option<Value>,
    ) {
        self.events.push_back(Event {
            rv: self.rv,
            res,
            namespace: ns.to_string(),
            kind,
            object,
            old,
        });
        while self.events.len() > EVENT_LOG_CAP {
            if let Some(e) = self.events.pop_front() {
                self.oldest_rv = e.rv;
            }
        }
    }

    fn bump(&mut self) -> String {
        self.rv += 1;
        self.rv.to_string()
    }

    /// Creates an object; `ns` comes from the request path.
    pub fn create(
        &mut self,
        res: usize,
        ns: &str,
        mut obj: Value,
        part: Part,
        dry_run: bool,
    ) -> ApiResult<Value> {
        let r = &RESOURCES[res];
        check_type(r, &obj)?;
        let body_ns = str_at(&obj, &["metadata", "namespace"]).to_string();
        if r.namespaced && !body_ns.is_empty() && body_ns != ns {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        let mut name = str_at(&obj, &["metadata", "name"]).to_string();
        if name.is_empty() {
            let gen_name = str_at(&obj, &["metadata", "generateName"]).to_string();
            if gen_name.is_empty() {
                return Err(ApiError::invalid(
                    r,
                    "",
                    "metadata.name: Required value: name or generateName is required",
                ));
            }
            name = format!("{gen_name}{}", util::safe_chars(self.next_counter(), 5));
        }
        validate_name(r, &name)?;
        if r.namespaced && self.get(NAMESPACES, "", ns).is_none() {
            return Err(ApiError::not_found(&RESOURCES[NAMESPACES], ns));
        }
        let key_ns = if r.namespaced {
            ns.to_string()
        } else {
            String::new()
        };
        if self.get(res, &key_ns, &name).is_some() {
            return Err(ApiError::already_exists(r, &name));
        }
        obj["apiVersion"] = json!(r.api_version());
        obj["kind"] = json!(r.kind);
        if r.status && part == Part::Main {
            if let Some(m) = obj.as_object_mut() {
                m.remove("status");
            }
            if res == NAMESPACES {
                obj["status"] = json!({"phase": "Active"});
            }
        }
        default_and_validate(res, &mut obj, None)?;
        let uid = util::uid_from(self.next_counter());
        let ts = self.timestamp();
        let meta = util::obj_mut(&mut obj, &["metadata"]);
        meta.insert("name".into(), json!(name));
        if r.namespaced {
            meta.insert("namespace".into(), json!(ns));
        } else {
            meta.remove("namespace");
        }
        meta.insert("uid".into(), json!(uid));
        meta.insert("generation".into(), json!(1));
        meta.insert("creationTimestamp".into(), json!(ts));
        meta.remove("deletionTimestamp");
        meta.remove("resourceVersion");
        meta.remove("managedFields");
        if dry_run {
            obj["metadata"]["resourceVersion"] = json!((self.rv + 1).to_string());
            return Ok(obj);
        }
        let rv = self.bump();
        obj["metadata"]["resourceVersion"] = json!(rv);
        self.objects[res].insert((key_ns.clone(), name), obj.clone());
        self.record(res, &key_ns, "ADDED", obj.clone(), None);
        Ok(obj)
    }

    /// Replaces an existing object with `candidate`, keeping what the server owns.
    pub fn update(
        &mut self,
        res: usize,
        ns: &str,
        name: &str,
        mut candidate: Value,
        part: Part,
        dry_run: bool,
    ) -> ApiResult<Value> {
        let r = &RESOURCES[res];
        let key_ns = if r.namespaced {
            ns.to_string()
        } else {
            String::new()
        };
        let old = self.get_or_404(res, &key_ns, name)?;
        check_type(r, &candidate)?;
        let cname = str_at(&candidate, &["metadata", "name"]);
        if !cname.is_empty() && cname != name {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({cname}) does not match the name on the URL ({name})"
            )));
        }
        let cns = str_at(&candidate, &["metadata", "namespace"]);
        if r.namespaced && !cns.is_empty() && cns != key_ns {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        let crv = str_at(&candidate, &["metadata", "resourceVersion"]);
        if !crv.is_empty() && crv != str_at(&old, &["metadata", "resourceVersion"]) {
            return Err(ApiError::conflict(r, name));
        }
        let mut new = match part {
            Part::Status => {
                let mut n = old.clone();
                match candidate.get("status") {
                    Some(s) if !s.is_null() => n["status"] = s.clone(),
                    _ => {
                        if let Some(m) = n.as_object_mut() {
                            m.remove("status");
                        }
                    }
                }
                n
            }
            Part::Main if r.status => {
                if let Some(m) = candidate.as_object_mut() {
                    match old.get("status") {
                        Some(s) => {
                            m.insert("status".into(), s.clone());
                        }
                        None => {
                            m.remove("status");
                        }
                    }
                }
                candidate
            }
            _ => candidate,
        };
        new["apiVersion"] = json!(r.api_version());
        new["kind"] = json!(r.kind);
        if part != Part::Status {
            default_and_validate(res, &mut new, Some(&old))?;
        }
        {
            let meta = util::obj_mut(&mut new, &["metadata"]);
            for k in [
                "name",
                "namespace",
                "uid",
                "creationTimestamp",
                "generation",
                "resourceVersion",
            ] {
                match old["metadata"].get(k) {
                    Some(v) => meta.insert(k.into(), v.clone()),
                    None => meta.remove(k),
                };
            }
            meta.remove("managedFields");
        }
        if new == old {
            return Ok(old);
        }
        if spec_changed(&old, &new) {
            let g = util::i64_at(&old, &["metadata", "generation"]).unwrap_or(0) + 1;
            new["metadata"]["generation"] = json!(g);
        }
        if dry_run {
            return Ok(new);
        }
        let rv = self.bump();
        new["metadata"]["resourceVersion"] = json!(rv);
        self.objects[res].insert((key_ns.clone(), name.to_string()), new.clone());
        self.record(res, &key_ns, "MODIFIED", new.clone(), Some(old));
        Ok(new)
    }

    /// Deletes an object and, unless orphaning, everything it owns (transitively).
    pub fn delete(
        &mut self,
        res: usize,
        ns: &str,
        name: &str,
        orphan: bool,
        dry_run: bool,
    ) -> ApiResult<Value> {
        let r = &RESOURCES[res];
        let key_ns = if r.namespaced {
            ns.to_string()
        } else {
            String::new()
        };
        let old = self.get_or_404(res, &key_ns, name)?;
        if dry_run {
            return Ok(old);
        }
        self.remove_one(res, &key_ns, name);
        let mut gone: HashSet<String> = HashSet::new();
        gone.insert(str_at(&old, &["metadata", "uid"]).to_string());
        if res == NAMESPACES {
            for idx in 0..RESOURCES.len() {
                let keys: Vec<(String, String)> = self.objects[idx]
                    .keys()
                    .filter(|(n, _)| n == name)
                    .cloned()
                    .collect();
                for (n, nm) in keys {
                    self.remove_one(idx, &n, &nm);
                }
            }
        }
        if !orphan {
            self.collect_garbage(gone);
        }
        Ok(old)
    }

    fn remove_one(&mut self, res: usize, key_ns: &str, name: &str) {
        if let Some(mut obj) = self.objects[res].remove(&(key_ns.to_string(), name.to_string())) {
            let uid = str_at(&obj, &["metadata", "uid"]).to_string();
            self.pods.remove(&uid);
            self.deploys.remove(&uid);
            self.sts_history.remove(&uid);
            self.applied.remove(&uid);
            let rv = self.bump();
            obj["metadata"]["resourceVersion"] = json!(rv);
            self.record(res, key_ns, "DELETED", obj, None);
        }
    }

    /// Removes objects whose owners are gone (background propagation, done at once).
    pub fn collect_garbage(&mut self, mut gone: HashSet<String>) {
        loop {
            let mut victims = Vec::new();
            for (idx, store) in self.objects.iter().enumerate() {
                for ((n, nm), obj) in store {
                    let owned = at(obj, &["metadata", "ownerReferences"])
                        .and_then(Value::as_array)
                        .is_some_and(|refs| {
                            refs.iter().any(|o| {
                                gone.contains(o.get("uid").and_then(Value::as_str).unwrap_or(""))
                            })
                        });
                    if owned {
                        victims.push((
                            idx,
                            n.clone(),
                            nm.clone(),
                            str_at(obj, &["metadata", "uid"]).to_string(),
                        ));
                    }
                }
            }
            if victims.is_empty() {
                return;
            }
            gone.clear();
            for (idx, n, nm, uid) in victims {
                self.remove_one(idx, &n, &nm);
                gone.insert(uid);
            }
        }
    }

    /// Create-or-replace of a whole object (test seeding, controllers).
    pub fn upsert(&mut self, res: usize, obj: Value) -> ApiResult<Value> {
        let r = &RESOURCES[res];
        let ns = if r.namespaced {
            let n = str_at(&obj, &["metadata", "namespace"]);
            if n.is_empty() {
                "default".to_string()
            } else {
                n.to_string()
            }
        } else {
            String::new()
        };
        self.ensure_namespace(&ns);
        let name = str_at(&obj, &["metadata", "name"]).to_string();
        if self.get(res, &ns, &name).is_some() {
            let mut obj = obj;
            if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("resourceVersion");
            }
            self.update(res, &ns, &name, obj, Part::All, false)
        } else {
            self.create(res, &ns, obj, Part::All, false)
        }
    }

    /// Write by a controller: only when something changed.
    pub fn put(&mut self, res: usize, obj: Value) {
        let ns = str_at(&obj, &["metadata", "namespace"]).to_string();
        let name = str_at(&obj, &["metadata", "name"]).to_string();
        let mut obj = obj;
        if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        let _ = self.update(res, &ns, &name, obj, Part::All, false);
    }

    /// Server-side apply of `applied` by `manager`.
    #[allow(clippy::too_many_arguments)]
    pub fn apply_patch(
        &mut self,
        res: usize,
        ns: &str,
        name: &str,
        applied: Value,
        manager: &str,
        part: Part,
        dry_run: bool,
    ) -> ApiResult<Value> {
        let r = &RESOURCES[res];
        check_type(r, &applied)?;
        let aname = str_at(&applied, &["metadata", "name"]);
        if !aname.is_empty() && aname != name {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({aname}) does not match the name on the URL ({name})"
            )));
        }
        let key_ns = if r.namespaced {
            ns.to_string()
        } else {
            String::new()
        };
        let Some(old) = self.get(res, &key_ns, name).cloned() else {
            if part == Part::Status {
                return Err(ApiError::not_found(r, name));
            }
            let mut obj = Value::Null;
            patch::strategic_merge(&mut obj, &applied);
            obj["metadata"]["name"] = json!(name);
            let created = self.create(res, ns, obj, part, dry_run)?;
            if !dry_run {
                let uid = str_at(&created, &["metadata", "uid"]).to_string();
                self.applied
                    .entry(uid)
                    .or_default()
                    .insert(manager.to_string(), applied);
            }
            return Ok(created);
        };
        let uid = str_at(&old, &["metadata", "uid"]).to_string();
        let mut new = old.clone();
        if let Some(prev) = self.applied.get(&uid).and_then(|m| m.get(manager)) {
            patch::remove_unapplied(&mut new, prev, &applied, "");
        }
        patch::strategic_merge(&mut new, &applied);
        let out = self.update(res, ns, name, new, part, dry_run)?;
        if !dry_run {
            self.applied
                .entry(uid)
                .or_default()
                .insert(manager.to_string(), applied);
        }
        Ok(out)
    }

    /// Events after `rv` for a resource type (`None` when `rv` is too old).
    pub fn events_after(&self, res: usize, rv: u64) -> Option<Vec<Event>> {
        if rv < self.oldest_rv {
            return None;
        }
        let start = self.events.partition_point(|e| e.rv <= rv);
        Some(
            self.events
                .range(start..)
                .filter(|e| e.res == res)
                .cloned()
                .collect(),
        )
    }
}

fn check_type(r: &ResourceType, obj: &Value) -> ApiResult<()> {
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the request body must be a JSON object",
        ));
    }
    let av = str_at(obj, &["apiVersion"]);
    let kind = str_at(obj, &["kind"]);
    if (!av.is_empty() && av != r.api_version()) || (!kind.is_empty() && kind != r.kind) {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) and kind ({kind}) do not match the expected {} {}",
            r.api_version(),
            r.kind
        )));
    }
    if obj
        .get("metadata")
        .is_some_and(|m| !m.is_object() && !m.is_null())
    {
        return Err(ApiError::bad_request("metadata must be an object"));
    }
    Ok(())
}

fn validate_name(r: &ResourceType, name: &str) -> ApiResult<()> {
    let ok = name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            r,
            name,
            &format!(
                "metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
            ),
        ))
    }
}

/// `generation` moves when anything but metadata and status changes.
fn spec_changed(old: &Value, new: &Value) -> bool {
    let strip = |v: &Value| -> Map<String, Value> {
        let mut m = v.as_object().cloned().unwrap_or_default();
        for k in ["metadata", "status", "apiVersion", "kind"] {
            m.remove(k);
        }
        m
    };
    strip(old) != strip(new)
}

/// Defaults the real API server fills in, and the validation our clients can trip.
fn default_and_validate(res: usize, obj: &mut Value, old: Option<&Value>) -> ApiResult<()> {
    let r = &RESOURCES[res];
    let name = str_at(obj, &["metadata", "name"]).to_string();
    if !matches!(res, DEPLOYMENTS | REPLICASETS | STATEFULSETS) {
        return Ok(());
    }
    let spec = util::obj_mut(obj, &["spec"]);
    spec.entry("replicas").or_insert(json!(1));
    if spec
        .get("replicas")
        .and_then(Value::as_i64)
        .is_none_or(|n| n < 0)
    {
        return Err(ApiError::invalid(
            r,
            &name,
            "spec.replicas: Invalid value: must be greater than or equal to 0",
        ));
    }
    spec.entry("revisionHistoryLimit").or_insert(json!(10));
    if res == DEPLOYMENTS {
        spec.entry("progressDeadlineSeconds").or_insert(json!(600));
        let strategy = spec.entry("strategy").or_insert(json!({}));
        if !strategy.is_object() {
            *strategy = json!({});
        }
        if strategy.get("type").is_none() {
            strategy["type"] = json!("RollingUpdate");
        }
        if strategy["type"] == "RollingUpdate" {
            let ru = util::obj_mut(strategy, &["rollingUpdate"]);
            ru.entry("maxSurge").or_insert(json!("25%"));
            ru.entry("maxUnavailable").or_insert(json!("25%"));
        }
    }
    if res == STATEFULSETS {
        spec.entry("podManagementPolicy")
            .or_insert(json!("OrderedReady"));
        let us = spec.entry("updateStrategy").or_insert(json!({}));
        if !us.is_object() {
            *us = json!({});
        }
        if us.get("type").is_none() {
            us["type"] = json!("RollingUpdate");
        }
        if us["type"] == "RollingUpdate" {
            let ru = util::obj_mut(us, &["rollingUpdate"]);
            ru.entry("partition").or_insert(json!(0));
        }
    }
    let selector = spec.get("selector").cloned().unwrap_or(Value::Null);
    let template_labels = at(obj, &["spec", "template", "metadata", "labels"])
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let Some(reqs) = selector_reqs(&selector) else {
        return Err(ApiError::invalid(r, &name, "spec.selector: Required value"));
    };
    if reqs.is_empty() {
        return Err(ApiError::invalid(
            r,
            &name,
            "spec.selector: Invalid value: empty selector is invalid for deployment",
        ));
    }
    if !patch::labels_match(&reqs, &template_labels) {
        return Err(ApiError::invalid(
            r,
            &name,
            "spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`",
        ));
    }
    if at(obj, &["spec", "template", "spec", "containers"])
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return Err(ApiError::invalid(
            r,
            &name,
            "spec.template.spec.containers: Required value",
        ));
    }
    if let Some(old) = old
        && old["spec"].get("selector") != Some(&selector)
    {
        return Err(ApiError::invalid(
            r,
            &name,
            "spec.selector: Invalid value: field is immutable",
        ));
    }
    Ok(())
}

/// A `LabelSelector` object as requirements (`None` when absent or malformed).
pub(crate) fn selector_reqs(sel: &Value) -> Option<Vec<patch::Req>> {
    let sel = sel.as_object()?;
    let mut out = Vec::new();
    if let Some(ml) = sel.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            out.push(patch::Req::Eq(k.clone(), v.as_str()?.to_string()));
        }
    }
    if let Some(exprs) = sel.get("matchExpressions").and_then(Value::as_array) {
        for e in exprs {
            let key = e.get("key")?.as_str()?.to_string();
            let values: Vec<String> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            out.push(match e.get("operator")?.as_str()? {
                "In" => patch::Req::In(key, values),
                "NotIn" => patch::Req::NotIn(key, values),
                "Exists" => patch::Req::Exists(key),
                "DoesNotExist" => patch::Req::NotExists(key),
                _ => return None,
            });
        }
    }
    Some(out)
}

/// `matchLabels` as a label selector string (for the Scale subresource).
pub(crate) fn selector_string(sel: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(ml) = sel.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            parts.push(format!("{k}={}", v.as_str().unwrap_or("")));
        }
    }
    if let Some(exprs) = sel.get("matchExpressions").and_then(Value::as_array) {
        for e in exprs {
            let key = str_at(e, &["key"]);
            let vals: Vec<&str> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match str_at(e, &["operator"]) {
                "In" => parts.push(format!("{key} in ({})", vals.join(","))),
                "NotIn" => parts.push(format!("{key} notin ({})", vals.join(","))),
                "Exists" => parts.push(key.to_string()),
                "DoesNotExist" => parts.push(format!("!{key}")),
                _ => {}
            }
        }
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_constants_name_their_resources() {
        let names = [
            (NAMESPACES, "namespaces"),
            (PODS, "pods"),
            (EVENTS, "events"),
            (DEPLOYMENTS, "deployments"),
            (REPLICASETS, "replicasets"),
            (STATEFULSETS, "statefulsets"),
        ];
        for (idx, plural) in names {
            assert_eq!(RESOURCES[idx].plural, plural);
        }
    }

    #[test]
    fn writes_keep_server_fields_and_bump_generation_on_spec_only() {
        let mut st = State::new();
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}});
        let created = st
            .create(3, "default", cm.clone(), Part::Main, false)
            .unwrap();
        assert_eq!(created["metadata"]["generation"], 1);
        let rv = created["metadata"]["resourceVersion"].clone();
        let same = st
            .update(3, "default", "c", cm.clone(), Part::Main, false)
            .unwrap();
        assert_eq!(
            same["metadata"]["resourceVersion"], rv,
            "no-op writes do not bump"
        );
        let mut labelled = cm.clone();
        labelled["metadata"]["labels"] = json!({"x": "y"});
        let l = st
            .update(3, "default", "c", labelled, Part::Main, false)
            .unwrap();
        assert_eq!(l["metadata"]["generation"], 1);
        assert_eq!(l["metadata"]["uid"], created["metadata"]["uid"]);
        let mut changed = cm;
        changed["data"]["a"] = json!("2");
        let c = st
            .update(3, "default", "c", changed, Part::Main, false)
            .unwrap();
        assert_eq!(c["metadata"]["generation"], 2);
        let bad = st.create(3, "default", json!({"metadata": "x"}), Part::Main, false);
        assert_eq!(bad.unwrap_err().code, 400);
        let bad = st.apply_patch(
            3,
            "default",
            "d",
            json!({"metadata": 5}),
            "m",
            Part::Main,
            false,
        );
        assert_eq!(bad.unwrap_err().code, 400);
        let bad = st.create(
            3,
            "default",
            json!({"metadata": {"name": "Not_Valid"}}),
            Part::Main,
            false,
        );
        assert_eq!(bad.unwrap_err().code, 422);
    }
}
