//! HTTP: routing, verbs, discovery, watches.

use crate::controller;
use crate::patch;
use crate::state::{self, ApiError, ApiResult, Part, RESOURCES, ResourceType, State};
use crate::util::str_at;
use crate::{RequestLog, Shared};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

pub(crate) type Body = BoxBody<Bytes, Infallible>;

/// A response body fed line by line from a task (watch streams).
struct ChannelBody {
    rx: mpsc::Receiver<Bytes>,
}

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b))))
    }
}

fn json_response(code: u16, v: &Value) -> Response<Body> {
    let mut resp = Response::new(Full::new(Bytes::from(v.to_string())).boxed());
    *resp.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp
}

fn error_response(e: &ApiError) -> Response<Body> {
    json_response(e.code, &e.status())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(v) = hex {
                    out.push(v);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn truthy(params: &HashMap<String, String>, k: &str) -> bool {
    params.get(k).is_some_and(|v| v == "1" || v == "true")
}

/// Entry point of every request.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Offline> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let aggregated = req
        .headers()
        .get(hyper::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("as=APIGroupDiscoveryList"));
    let content_type = req
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = match req.into_body().collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => {
            return Ok(error_response(&ApiError::bad_request(
                "could not read the request body",
            )));
        }
    };
    {
        let mut c = shared.control();
        c.log.push(RequestLog {
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            content_type: content_type.clone(),
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        if !c.offline
            && let Some(n) = c.fail_after
        {
            if n == 0 {
                c.offline = true;
                c.fail_after = None;
            } else {
                c.fail_after = Some(n - 1);
            }
        }
        if c.offline {
            drop(c);
            shared.notify();
            // Failing the service makes hyper drop the connection without a
            // response: the client sees a lost connection. (A 503 would be
            // retried with backoff by kube's default retry policy.)
            return Err(Offline);
        }
    }
    let params = parse_query(&query);
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let port = shared.port;
    let resp = match segs.as_slice() {
        ["version"] => json_response(200, &version()),
        ["healthz" | "livez" | "readyz"] => {
            let mut r = Response::new(Full::new(Bytes::from_static(b"ok")).boxed());
            *r.status_mut() = StatusCode::OK;
            r
        }
        ["api"] if aggregated => aggregated_response(true),
        ["apis"] if aggregated => aggregated_response(false),
        ["api"] => json_response(
            200,
            &json!({"kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": format!("127.0.0.1:{port}")}]}),
        ),
        ["api", "v1"] => json_response(200, &resource_list("", "v1")),
        ["apis"] => json_response(200, &group_list()),
        ["apis", g] => match group(g) {
            Some(v) => json_response(200, &v),
            None => not_found_page(),
        },
        ["apis", g, v] => {
            if RESOURCES.iter().any(|r| r.group == *g && r.version == *v) {
                json_response(200, &resource_list(g, v))
            } else {
                not_found_page()
            }
        }
        ["api", "v1", rest @ ..] => resource(
            &shared,
            &method,
            "",
            "v1",
            rest,
            &params,
            content_type.as_deref(),
            &body,
        ),
        ["apis", g, v, rest @ ..] => resource(
            &shared,
            &method,
            g,
            v,
            rest,
            &params,
            content_type.as_deref(),
            &body,
        ),
        _ => not_found_page(),
    };
    Ok(resp)
}

/// The server is offline: the connection is closed.
#[derive(Debug)]
pub(crate) struct Offline;

impl std::fmt::Display for Offline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fake API server is offline")
    }
}

impl std::error::Error for Offline {}

fn not_found_page() -> Response<Body> {
    error_response(&ApiError::new(
        404,
        "NotFound",
        "the server could not find the requested resource",
    ))
}

/// Aggregated discovery (apidiscovery.k8s.io/v2) of the core group or of the named groups.
fn aggregated_response(core: bool) -> Response<Body> {
    let verbs = json!([
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch"
    ]);
    let mut by_group: Vec<(&str, &str, Vec<Value>)> = Vec::new();
    for r in RESOURCES.iter().filter(|r| r.group.is_empty() == core) {
        let gvk = |kind: &str| json!({"group": r.group, "version": r.version, "kind": kind});
        let mut subs = Vec::new();
        if r.status {
            subs.push(json!({"subresource": "status", "responseKind": gvk(r.kind), "verbs": ["get", "patch", "update"]}));
        }
        if r.scale {
            subs.push(json!({"subresource": "scale", "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"},
                             "verbs": ["get", "patch", "update"]}));
        }
        if r.plural == "pods" {
            subs.push(json!({"subresource": "log", "responseKind": {"group": "", "version": "v1", "kind": "Pod"}, "verbs": ["get"]}));
        }
        let res = json!({"resource": r.plural, "responseKind": gvk(r.kind),
                         "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
                         "singularResource": r.singular, "verbs": verbs, "shortNames": r.short, "subresources": subs});
        match by_group
            .iter_mut()
            .find(|(g, v, _)| *g == r.group && *v == r.version)
        {
            Some((_, _, list)) => list.push(res),
            None => by_group.push((r.group, r.version, vec![res])),
        }
    }
    let items: Vec<Value> = by_group
        .into_iter()
        .map(|(g, v, resources)| {
            json!({"metadata": {"name": g, "creationTimestamp": null},
                   "versions": [{"version": v, "resources": resources, "freshness": "Current"}]})
        })
        .collect();
    let body = json!({"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items});
    let mut resp = json_response(200, &body);
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
        ),
    );
    resp
}

fn version() -> Value {
    json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-plimsoll-fakekube", "gitCommit": "0000000000000000000000000000000000000000",
           "gitTreeState": "clean", "buildDate": "2025-04-23T00:00:00Z", "goVersion": "go1.24.2", "compiler": "gc", "platform": "linux/amd64"})
}

fn groups() -> BTreeSet<(&'static str, &'static str)> {
    RESOURCES
        .iter()
        .filter(|r| !r.group.is_empty())
        .map(|r| (r.group, r.version))
        .collect()
}

fn group_json(g: &str, v: &str) -> Value {
    let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
    json!({"name": g, "versions": [gv], "preferredVersion": gv})
}

fn group_list() -> Value {
    let gs: Vec<Value> = groups().iter().map(|(g, v)| group_json(g, v)).collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": gs})
}

fn group(g: &str) -> Option<Value> {
    let (g, v) = groups().into_iter().find(|(x, _)| *x == g)?;
    let mut j = group_json(g, v);
    j["kind"] = json!("APIGroup");
    j["apiVersion"] = json!("v1");
    Some(j)
}

fn resource_list(g: &str, v: &str) -> Value {
    let verbs = json!([
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch"
    ]);
    let mut out = Vec::new();
    for r in RESOURCES.iter().filter(|r| r.group == g && r.version == v) {
        let mut e = json!({"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
                           "kind": r.kind, "verbs": verbs});
        if !r.short.is_empty() {
            e["shortNames"] = json!(r.short);
        }
        out.push(e);
        if r.status {
            out.push(json!({"name": format!("{}/status", r.plural), "singularName": "", "namespaced": r.namespaced,
                            "kind": r.kind, "verbs": ["get", "patch", "update"]}));
        }
        if r.plural == "pods" {
            out.push(json!({"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]}));
        }
        if r.scale {
            out.push(json!({"name": format!("{}/scale", r.plural), "singularName": "", "namespaced": r.namespaced,
                            "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]}));
        }
    }
    let gv = if g.is_empty() {
        v.to_string()
    } else {
        format!("{g}/{v}")
    };
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out})
}

struct Target {
    res: usize,
    ns: Option<String>,
    name: Option<String>,
    sub: Option<String>,
}

fn route(g: &str, v: &str, rest: &[&str]) -> Option<Target> {
    let find = |p: &str| state::find_resource(g, v, p);
    let (ns, rest) = match rest {
        ["namespaces", ns, plural, tail @ ..]
            if g.is_empty() && !(tail.is_empty() && matches!(*plural, "status" | "finalize")) =>
        {
            (Some((*ns).to_string()), {
                let mut r = vec![*plural];
                r.extend_from_slice(tail);
                r
            })
        }
        ["namespaces", ns, plural, tail @ ..] if !g.is_empty() => (Some((*ns).to_string()), {
            let mut r = vec![*plural];
            r.extend_from_slice(tail);
            r
        }),
        other => (None, other.to_vec()),
    };
    let res = find(rest.first()?)?;
    if rest.len() > 3 {
        return None;
    }
    let r = &RESOURCES[res];
    if ns.is_some() && !r.namespaced {
        return None;
    }
    Some(Target {
        res,
        ns,
        name: rest.get(1).map(|s| (*s).to_string()),
        sub: rest.get(2).map(|s| (*s).to_string()),
    })
}

#[allow(clippy::too_many_arguments)]
fn resource(
    shared: &Arc<Shared>,
    method: &Method,
    g: &str,
    v: &str,
    rest: &[&str],
    params: &HashMap<String, String>,
    content_type: Option<&str>,
    body: &Bytes,
) -> Response<Body> {
    let Some(t) = route(g, v, rest) else {
        return not_found_page();
    };
    let r = &RESOURCES[t.res];
    if r.namespaced && t.ns.is_none() && (t.name.is_some() || *method != Method::GET) {
        return not_found_page();
    }
    if let Some(sub) = &t.sub
        && !((sub == "status" && r.status)
            || (sub == "scale" && r.scale)
            || (sub == "log" && t.res == state::PODS && *method == Method::GET))
    {
        return not_found_page();
    }
    let watch = truthy(params, "watch");
    let verb = match (method.as_str(), t.name.is_some()) {
        ("GET", true) => "get",
        ("GET", false) if watch => "watch",
        ("GET", false) => "list",
        ("POST", false) => "create",
        ("PUT", true) => "update",
        ("PATCH", true) => "patch",
        ("DELETE", true) => "delete",
        ("DELETE", false) => "deletecollection",
        _ => {
            return error_response(&ApiError::new(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
            ));
        }
    };
    let resource_name = match &t.sub {
        Some(s) => format!("{}/{s}", r.plural),
        None => r.plural.to_string(),
    };
    let ns = t.ns.clone().unwrap_or_default();
    if shared.denied(verb, &resource_name) {
        let what = match &t.name {
            Some(n) => format!("{} \"{n}\"", r.qualified()),
            None => r.qualified(),
        };
        let scope = if ns.is_empty() {
            "at the cluster scope".to_string()
        } else {
            format!("in the namespace \"{ns}\"")
        };
        let mut e = ApiError::new(
            403,
            "Forbidden",
            format!(
                "{what} is forbidden: User \"system:serviceaccount:default:plimsoll\" cannot {verb} resource \"{resource_name}\" in API group \"{}\" {scope}",
                r.group
            ),
        );
        e.details =
            json!({"name": t.name.clone().unwrap_or_default(), "group": r.group, "kind": r.plural});
        return error_response(&e);
    }
    if verb == "watch" {
        return start_watch(shared, t.res, &ns, params);
    }
    if t.sub.as_deref() == Some("log") {
        let st = shared.state();
        let name = t.name.clone().unwrap_or_default();
        return match st.get_or_404(t.res, &ns, &name).and_then(|pod| {
            controller::pod_log(
                &st,
                &pod,
                params.get("container").map_or("", String::as_str),
            )
        }) {
            Ok(text) => {
                let mut resp = Response::new(Full::new(Bytes::from(text)).boxed());
                resp.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("text/plain"),
                );
                resp
            }
            Err(e) => error_response(&e),
        };
    }
    let dry_run = params.get("dryRun").is_some_and(|v| v == "All");
    let name = t.name.clone().unwrap_or_default();
    let part = if t.sub.as_deref() == Some("status") {
        Part::Status
    } else {
        Part::Main
    };
    let scale = t.sub.as_deref() == Some("scale");
    let mut st = shared.state();
    let before = st.rv;
    let result: ApiResult<(u16, Value)> = match verb {
        "get" if scale => st
            .get_or_404(t.res, &ns, &name)
            .map(|o| (200, scale_view(&o))),
        "get" => st.get_or_404(t.res, &ns, &name).map(|o| (200, o)),
        "list" => list(&st, t.res, &ns, params).map(|l| (200, l)),
        "create" => parse_body(body)
            .and_then(|b| st.create(t.res, &ns, b, Part::Main, dry_run))
            .map(|o| (201, o)),
        "update" if scale => parse_body(body)
            .and_then(|b| write_scale(&mut st, t.res, &ns, &name, &b, dry_run))
            .map(|o| (200, o)),
        "update" => parse_body(body)
            .and_then(|b| st.update(t.res, &ns, &name, b, part, dry_run))
            .map(|o| (200, o)),
        "patch" => patch_verb(
            &mut st,
            t.res,
            &ns,
            &name,
            part,
            scale,
            content_type,
            params,
            body,
            dry_run,
        ),
        "delete" => delete_verb(&mut st, r, t.res, &ns, &name, params, body, dry_run),
        _ => delete_collection(&mut st, t.res, &ns, params, dry_run).map(|l| (200, l)),
    };
    if st.rv != before {
        controller::reconcile(&mut st);
        shared.changed(&st);
    }
    drop(st);
    match result {
        Ok((code, v)) => json_response(code, &v),
        Err(e) => error_response(&e),
    }
}

fn parse_body(body: &Bytes) -> ApiResult<Value> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the request body is not valid JSON: {e}")))
}

fn list(st: &State, res: usize, ns: &str, params: &HashMap<String, String>) -> ApiResult<Value> {
    let r = &RESOURCES[res];
    let labels =
        patch::parse_label_selector(params.get("labelSelector").map_or("", String::as_str))
            .map_err(ApiError::bad_request)?;
    let fields =
        patch::parse_field_selector(params.get("fieldSelector").map_or("", String::as_str))
            .map_err(ApiError::bad_request)?;
    let items: Vec<Value> = st
        .list(res, ns)
        .into_iter()
        .filter(|o| {
            patch::labels_match(&labels, &crate::util::labels(o)) && patch::fields_match(&fields, o)
        })
        .collect();
    Ok(
        json!({"kind": format!("{}List", r.kind), "apiVersion": r.api_version(),
              "metadata": {"resourceVersion": st.rv.to_string()}, "items": items}),
    )
}

fn scale_view(obj: &Value) -> Value {
    json!({
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": obj["metadata"]["name"], "namespace": obj["metadata"]["namespace"], "uid": obj["metadata"]["uid"],
                     "resourceVersion": obj["metadata"]["resourceVersion"], "creationTimestamp": obj["metadata"]["creationTimestamp"]},
        "spec": {"replicas": crate::util::i64_at(obj, &["spec", "replicas"]).unwrap_or(1)},
        "status": {"replicas": crate::util::i64_at(obj, &["status", "replicas"]).unwrap_or(0),
                   "selector": state::selector_string(&obj["spec"]["selector"])},
    })
}

fn write_scale(
    st: &mut State,
    res: usize,
    ns: &str,
    name: &str,
    scale: &Value,
    dry_run: bool,
) -> ApiResult<Value> {
    let cur = st.get_or_404(res, ns, name)?;
    let rv = str_at(scale, &["metadata", "resourceVersion"]);
    if !rv.is_empty() && rv != str_at(&cur, &["metadata", "resourceVersion"]) {
        return Err(ApiError::conflict(&RESOURCES[res], name));
    }
    let Some(n) = crate::util::i64_at(scale, &["spec", "replicas"]) else {
        return Err(ApiError::invalid(
            &RESOURCES[res],
            name,
            "spec.replicas: Required value",
        ));
    };
    let mut new = cur;
    new["spec"]["replicas"] = json!(n);
    if let Some(m) = new["metadata"].as_object_mut() {
        m.remove("resourceVersion");
    }
    st.update(res, ns, name, new, Part::Main, dry_run)
        .map(|o| scale_view(&o))
}

#[allow(clippy::too_many_arguments)]
fn patch_verb(
    st: &mut State,
    res: usize,
    ns: &str,
    name: &str,
    part: Part,
    scale: bool,
    content_type: Option<&str>,
    params: &HashMap<String, String>,
    body: &Bytes,
    dry_run: bool,
) -> ApiResult<(u16, Value)> {
    let r = &RESOURCES[res];
    let ct = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    let patch_body: Value = serde_json::from_slice(body).map_err(|e| {
        if ct == "application/apply-patch+yaml" {
            ApiError::bad_request(format!(
                "the fake API server accepts apply bodies in JSON only (kube sends JSON): {e}"
            ))
        } else {
            ApiError::bad_request(format!("the patch is not valid JSON: {e}"))
        }
    })?;
    if ct == "application/apply-patch+yaml" {
        let manager = params.get("fieldManager").map_or("", String::as_str);
        if manager.is_empty() {
            return Err(ApiError::new(
                422,
                "Invalid",
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            ));
        }
        if scale {
            let cur = st.get_or_404(res, ns, name)?;
            let mut view = scale_view(&cur);
            patch::strategic_merge(&mut view, &patch_body);
            return write_scale(st, res, ns, name, &view, dry_run).map(|o| (200, o));
        }
        let existed = st.get(res, ns, name).is_some();
        let out = st.apply_patch(res, ns, name, patch_body, manager, part, dry_run)?;
        return Ok((if existed { 200 } else { 201 }, out));
    }
    let cur = st.get_or_404(res, ns, name)?;
    let mut target = if scale { scale_view(&cur) } else { cur };
    match ct {
        "application/merge-patch+json" => patch::merge_patch(&mut target, &patch_body),
        "application/strategic-merge-patch+json" => {
            if !patch_body.is_object() {
                return Err(ApiError::bad_request(
                    "a strategic merge patch must be an object",
                ));
            }
            patch::strategic_merge(&mut target, &patch_body);
        }
        "application/json-patch+json" => {
            patch::json_patch(&mut target, &patch_body)
                .map_err(|e| ApiError::invalid(r, name, &e))?;
        }
        other => {
            return Err(ApiError::new(
                415,
                "UnsupportedMediaType",
                format!(
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {other:?})"
                ),
            ));
        }
    }
    if scale {
        return write_scale(st, res, ns, name, &target, dry_run).map(|o| (200, o));
    }
    st.update(res, ns, name, target, part, dry_run)
        .map(|o| (200, o))
}

#[allow(clippy::too_many_arguments)]
fn delete_verb(
    st: &mut State,
    r: &ResourceType,
    res: usize,
    ns: &str,
    name: &str,
    params: &HashMap<String, String>,
    body: &Bytes,
    dry_run: bool,
) -> ApiResult<(u16, Value)> {
    let opts: Value = if body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(body).unwrap_or_else(|_| json!({}))
    };
    let cur = st.get_or_404(res, ns, name)?;
    let pre_rv = str_at(&opts, &["preconditions", "resourceVersion"]);
    let pre_uid = str_at(&opts, &["preconditions", "uid"]);
    if (!pre_rv.is_empty() && pre_rv != str_at(&cur, &["metadata", "resourceVersion"]))
        || (!pre_uid.is_empty() && pre_uid != str_at(&cur, &["metadata", "uid"]))
    {
        return Err(ApiError::conflict(r, name));
    }
    let policy = params
        .get("propagationPolicy")
        .map_or_else(|| str_at(&opts, &["propagationPolicy"]), String::as_str);
    let orphan = policy == "Orphan"
        || truthy(params, "orphanDependents")
        || opts.get("orphanDependents") == Some(&json!(true));
    let gone = st.delete(res, ns, name, orphan, dry_run)?;
    let mut details = json!({"name": name, "kind": r.plural, "uid": gone["metadata"]["uid"]});
    if !r.group.is_empty() {
        details["group"] = json!(r.group);
    }
    Ok((
        200,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}),
    ))
}

fn delete_collection(
    st: &mut State,
    res: usize,
    ns: &str,
    params: &HashMap<String, String>,
    dry_run: bool,
) -> ApiResult<Value> {
    let listed = list(st, res, ns, params)?;
    let items = listed["items"].as_array().cloned().unwrap_or_default();
    for o in &items {
        st.delete(
            res,
            str_at(o, &["metadata", "namespace"]),
            str_at(o, &["metadata", "name"]),
            false,
            dry_run,
        )?;
    }
    let mut out = listed;
    out["metadata"]["resourceVersion"] = json!(st.rv.to_string());
    Ok(out)
}

fn event_line(kind: &str, object: &Value) -> Bytes {
    let mut s = json!({"type": kind, "object": object}).to_string();
    s.push('\n');
    Bytes::from(s)
}

fn bookmark(r: &ResourceType, rv: u64, initial_end: bool) -> Bytes {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if initial_end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    event_line(
        "BOOKMARK",
        &json!({"kind": r.kind, "apiVersion": r.api_version(), "metadata": meta}),
    )
}

fn start_watch(
    shared: &Arc<Shared>,
    res: usize,
    ns: &str,
    params: &HashMap<String, String>,
) -> Response<Body> {
    let r = &RESOURCES[res];
    let labels =
        match patch::parse_label_selector(params.get("labelSelector").map_or("", String::as_str)) {
            Ok(l) => l,
            Err(e) => return error_response(&ApiError::bad_request(e)),
        };
    let fields =
        match patch::parse_field_selector(params.get("fieldSelector").map_or("", String::as_str)) {
            Ok(f) => f,
            Err(e) => return error_response(&ApiError::bad_request(e)),
        };
    let matches = move |o: &Value| {
        patch::labels_match(&labels, &crate::util::labels(o)) && patch::fields_match(&fields, o)
    };
    let timeout = params
        .get("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .unwrap_or(1800)
        .min(86_400);
    let bookmarks = truthy(params, "allowWatchBookmarks");
    let send_initial = truthy(params, "sendInitialEvents");
    let rv_param = params.get("resourceVersion").cloned().unwrap_or_default();
    let mut initial = Vec::new();
    let start_rv;
    {
        let st = shared.state();
        if rv_param.is_empty() || rv_param == "0" || send_initial {
            for o in st.list(res, ns) {
                if matches(&o) {
                    initial.push(event_line("ADDED", &o));
                }
            }
            start_rv = st.rv;
            if send_initial && bookmarks {
                initial.push(bookmark(r, start_rv, true));
            }
        } else {
            let Ok(rv) = rv_param.parse::<u64>() else {
                return error_response(&ApiError::bad_request(format!(
                    "invalid resourceVersion {rv_param:?}"
                )));
            };
            if rv < st.oldest_rv {
                let e = ApiError::new(
                    410,
                    "Expired",
                    format!("too old resource version: {rv} ({})", st.oldest_rv),
                );
                let mut s = json!({"type": "ERROR", "object": e.status()}).to_string();
                s.push('\n');
                let mut resp = Response::new(Full::new(Bytes::from(s)).boxed());
                resp.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("application/json"),
                );
                return resp;
            }
            start_rv = rv;
        }
    }
    let (tx, rx) = mpsc::channel::<Bytes>(256);
    let shared = Arc::clone(shared);
    let ns = ns.to_string();
    tokio::spawn(async move {
        let mut changes = shared.changes.subscribe();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let mut last = start_rv;
        for line in initial {
            if tx.send(line).await.is_err() {
                return;
            }
        }
        loop {
            changes.borrow_and_update();
            let (lines, offline) = {
                let st = shared.state();
                let offline = shared.control().offline;
                let lines: Result<Vec<Bytes>, Bytes> = match st.events_after(res, last) {
                    Some(events) => Ok(events
                        .into_iter()
                        .filter(|e| ns.is_empty() || e.namespace == ns)
                        .filter_map(|e| {
                            let now = matches(&e.object);
                            let before = e.old.as_ref().is_some_and(&matches);
                            // Selector transitions look like arrivals and departures.
                            let kind = match (e.kind, before, now) {
                                ("MODIFIED", true, true) => "MODIFIED",
                                ("MODIFIED", false, true) => "ADDED",
                                ("MODIFIED", true, false) => "DELETED",
                                (k, _, true) if k != "MODIFIED" => k,
                                _ => return None,
                            };
                            Some(event_line(kind, &e.object))
                        })
                        .collect()),
                    // The watcher fell behind the retained history.
                    None => Err(event_line(
                        "ERROR",
                        &ApiError::new(
                            410,
                            "Expired",
                            format!("too old resource version: {last} ({})", st.oldest_rv),
                        )
                        .status(),
                    )),
                };
                last = st.rv;
                (lines, offline)
            };
            if offline {
                return;
            }
            let lines = match lines {
                Ok(lines) => lines,
                Err(expired) => {
                    let _ = tx.send(expired).await;
                    return;
                }
            };
            for line in lines {
                if tx.send(line).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                r = changes.changed() => if r.is_err() { return },
                () = tokio::time::sleep_until(deadline) => return,
                () = tokio::time::sleep(Duration::from_secs(1)), if bookmarks => {
                    if tx.send(bookmark(&RESOURCES[res], last, false)).await.is_err() {
                        return;
                    }
                }
                () = tx.closed() => return,
            }
        }
    });
    let mut resp = Response::new(BodyExt::boxed(ChannelBody { rx }));
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp
}
