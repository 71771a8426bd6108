//! Malformed requests get a `Status` error, never a dead server.

use kube::{Client, Config};
use plimsoll_fakekube::FakeCluster;
use serde_json::json;

#[tokio::test]
async fn malformed_requests_get_status_errors() {
    let cluster = FakeCluster::start();
    cluster.apply(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "default"}}));
    cluster.apply(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a", "image": "a"}]}}}}));
    let client =
        Client::try_from(Config::new(cluster.url().parse().expect("uri"))).expect("client");
    let merge = "application/merge-patch+json";
    let apply = "application/apply-patch+yaml";
    let jsonp = "application/json-patch+json";
    let cm = "/api/v1/namespaces/default/configmaps/cm";
    let dep = "/apis/apps/v1/namespaces/default/deployments/web";
    let cases: Vec<(&str, String, &str, &str, u16)> = vec![
        ("GET", "/nope".into(), "", "", 404),
        ("GET", "/apis/unknown.io/v1/things".into(), "", "", 404),
        (
            "GET",
            "/api/v1/namespaces/default/configmaps/cm/extra/deep".into(),
            "",
            "",
            404,
        ),
        (
            "GET",
            "/api/v1/namespaces/default/configmaps/cm/status".into(),
            "",
            "",
            404,
        ),
        (
            "GET",
            "/api/v1/namespaces/default/pods/none/log".into(),
            "",
            "",
            404,
        ),
        ("GET", "/api/v1/configmaps/cm".into(), "", "", 404),
        (
            "PUT",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            "{}",
            405,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            "not json",
            400,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            "[1,2]",
            400,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            r#"{"metadata": 7}"#,
            400,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            r#"{"metadata": {}}"#,
            422,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            r#"{"kind": "Pod", "metadata": {"name": "x"}}"#,
            400,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            r#"{"metadata": {"name": "x", "namespace": "other"}}"#,
            400,
        ),
        (
            "POST",
            "/api/v1/namespaces/default/configmaps".into(),
            "",
            r#"{"metadata": {"name": "cm"}}"#,
            409,
        ),
        (
            "PUT",
            cm.into(),
            "",
            r#"{"metadata": {"name": "other"}}"#,
            400,
        ),
        (
            "PUT",
            cm.into(),
            "",
            r#"{"metadata": {"name": "cm", "resourceVersion": "1"}}"#,
            409,
        ),
        ("PATCH", cm.into(), "text/plain", "{}", 415),
        ("PATCH", cm.into(), merge, "{not json", 400),
        ("PATCH", cm.into(), merge, r#""a string""#, 400),
        ("PATCH", cm.into(), merge, r#"{"metadata": null}"#, 200),
        (
            "PATCH",
            cm.into(),
            merge,
            r#"{"metadata": {"resourceVersion": "3"}}"#,
            409,
        ),
        ("PATCH", cm.into(), jsonp, r#"{"op": "add"}"#, 422),
        (
            "PATCH",
            cm.into(),
            jsonp,
            r#"[{"op": "replace", "path": "/nope/deeper", "value": 1}]"#,
            422,
        ),
        (
            "PATCH",
            cm.into(),
            jsonp,
            r#"[{"op": "add", "path": "", "value": 5}]"#,
            400,
        ),
        (
            "PATCH",
            cm.into(),
            jsonp,
            r#"[{"op": "frobnicate", "path": "/a"}]"#,
            422,
        ),
        (
            "PATCH",
            cm.into(),
            apply,
            r#"{"metadata": {"name": "cm"}}"#,
            422,
        ),
        (
            "PATCH",
            format!("{cm}?fieldManager=m"),
            apply,
            "metadata:\n  name: cm\n",
            400,
        ),
        (
            "PATCH",
            format!("{cm}?fieldManager=m"),
            apply,
            r#"{"metadata": {"name": "zz"}}"#,
            400,
        ),
        (
            "PATCH",
            format!("{cm}?fieldManager=m"),
            apply,
            r#"{"metadata": [1]}"#,
            400,
        ),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"replicas": -1}}"#,
            422,
        ),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"replicas": "three"}}"#,
            422,
        ),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"selector": {"matchLabels": {"app": "x"}}}}"#,
            422,
        ),
        ("PATCH", dep.into(), merge, r#"{"spec": "flat"}"#, 422),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"strategy": "fast"}}"#,
            200,
        ),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "lots%"}}}}"#,
            200,
        ),
        (
            "PATCH",
            dep.into(),
            merge,
            r#"{"spec": {"template": {"spec": {"containers": "none"}}}}"#,
            422,
        ),
        ("PUT", format!("{dep}/scale"), "", r#"{"spec": {}}"#, 422),
        (
            "GET",
            "/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20b".into(),
            "",
            "",
            400,
        ),
        (
            "GET",
            "/api/v1/namespaces/default/configmaps?fieldSelector=%3D%3D".into(),
            "",
            "",
            400,
        ),
        (
            "GET",
            "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=abc".into(),
            "",
            "",
            400,
        ),
        (
            "DELETE",
            "/api/v1/namespaces/default/configmaps/none".into(),
            "",
            "",
            404,
        ),
        (
            "DELETE",
            cm.into(),
            "",
            r#"{"preconditions": {"uid": "wrong"}}"#,
            409,
        ),
    ];
    for (method, path, ct, body, want) in cases {
        let mut req = http::Request::builder().method(method).uri(path.as_str());
        if !ct.is_empty() {
            req = req.header("content-type", ct);
        }
        let req = req.body(body.as_bytes().to_vec()).expect("request");
        let got = match client.request_text(req).await {
            Ok(_) => 200,
            Err(kube::Error::Api(s)) => {
                assert!(s.is_failure(), "{method} {path}: {s:?}");
                assert!(!s.reason.is_empty(), "{method} {path}: {s:?}");
                s.code
            }
            Err(other) => panic!("{method} {path} {body:?}: not a Status: {other:?}"),
        };
        assert_eq!(got, want, "{method} {path} {body:?}");
    }
    // Still serving, and the controller survived odd specs.
    let d = cluster
        .get("apps/v1", "Deployment", "default", "web")
        .expect("deployment");
    assert!(d.pointer("/status/observedGeneration").is_some());
    let req = http::Request::get("/api/v1/namespaces/default/configmaps/cm")
        .body(vec![])
        .expect("request");
    client.request_text(req).await.expect("alive");
}
