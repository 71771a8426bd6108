//! Metric analysis against a real Prometheus (see `support/prometheus.rs`):
//! a fake application exposes a canary pod and a stable pod whose traffic,
//! error rate and latency each test sets; Prometheus scrapes it every second.

mod support;

use std::time::Duration;

use plimsoll_deploy::analysis::{
    AnalysisConfig, AnalysisError, Analyzer, Measurement, MetricConfig, MetricKind, Subject,
    Verdict,
};
use plimsoll_deploy::duration::Span;
use support::prometheus::{Harness, NAMESPACE, Traffic};

const CANARY_POD: &str = "web-canary-6c9f7d8b4-qx7pz";
const STABLE_POD: &str = "web-7d9f8c6b5-abcde";
/// Short windows so a test needs only a few seconds of scrapes.
const WINDOW: &str = "10s";

fn candidate() -> Subject {
    Subject {
        namespace: NAMESPACE.into(),
        workload: "web".into(),
        pods: "web-canary-.*".into(),
    }
}

fn baseline() -> Subject {
    Subject {
        namespace: NAMESPACE.into(),
        workload: "web".into(),
        pods: "web-7d9f8c6b5-[a-z0-9]{5}".into(),
    }
}

fn config(url: &str) -> AnalysisConfig {
    let mut config = AnalysisConfig::new(url);
    config.window = plimsoll_deploy::duration::parse(WINDOW).expect("window");
    config.interval = Span::secs(1);
    config.timeout = Span::secs(5);
    config
}

const HEALTHY: Traffic = Traffic {
    rps: 2000.0,
    errors: 0.02,
    latency: 0.08,
};

/// Starts Prometheus with the two pods and waits until each has enough
/// scrapes in the window; `None` when Prometheus is not installed.
async fn start(canary: Traffic, stable: Traffic) -> Option<Harness> {
    let harness = Harness::start(&[(CANARY_POD, canary), (STABLE_POD, stable)]).await?;
    harness.wait_for_samples(4, WINDOW).await;
    Some(harness)
}

fn metric<'a>(
    measurement: &'a Measurement,
    name: &str,
) -> &'a plimsoll_deploy::analysis::MetricOutcome {
    measurement
        .metrics
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no metric {name} in {measurement:#?}"))
}

#[tokio::test]
async fn healthy_canary_passes() {
    let Some(prom) = start(HEALTHY, HEALTHY).await else {
        return;
    };
    let analyzer = Analyzer::new(&config(&prom.url())).expect("analyzer");
    let m = analyzer
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Pass, "{m:#?}");
    let errors = metric(&m, "error-rate");
    let rate = errors.candidate.expect("candidate error rate");
    assert!((rate - 0.02).abs() < 0.005, "{errors:#?}");
    assert!(errors.baseline.is_some(), "{errors:#?}");
    assert!(
        errors.query.contains(r#"pod=~"web-canary-.*""#),
        "{}",
        errors.query
    );
    let latency = metric(&m, "latency-p99");
    // Every request takes 80ms: p99 interpolates inside the (50ms, 100ms] bucket.
    let p99 = latency.candidate.expect("candidate p99");
    assert!(p99 > 0.05 && p99 <= 0.1, "{latency:#?}");
    assert_eq!(latency.limit, Some(0.5));
    let json = serde_json::to_value(&m).expect("serialize");
    assert_eq!(json["verdict"], "pass");

    // Rolling / blue-green: no baseline. The default error-rate metric falls
    // back to its absolute ceiling (5%): 2% passes; latency still passes.
    let m = analyzer
        .measure(&candidate(), None)
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Pass, "{m:#?}");
    let errors = metric(&m, "error-rate");
    assert_eq!(errors.limit, Some(0.05), "{errors:#?}");
    assert_eq!(errors.baseline, None);
    assert_eq!(metric(&m, "latency-p99").verdict, Verdict::Pass);

    // A relative bound alone has nothing to compare with: Inconclusive.
    let mut relative_only = config(&prom.url());
    relative_only.metrics = vec![MetricConfig {
        max: None,
        ..relative_only.effective_metrics()[0].clone()
    }];
    let m = Analyzer::new(&relative_only)
        .expect("analyzer")
        .measure(&candidate(), None)
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Inconclusive, "{m:#?}");
    assert!(
        m.metrics[0].reason.contains("no baseline"),
        "{}",
        m.metrics[0].reason
    );

    // A custom query with every placeholder, and a broken one.
    let mut custom = config(&prom.url());
    custom.metrics = vec![MetricConfig {
        name: "throughput".into(),
        kind: MetricKind::Query,
        query: Some(
            r#"sum(rate(http_requests_total{namespace="{{namespace}}",pod=~"{{pods}}"}[{{window}}])) + 0 * count(up{job!="{{workload}}"})"#
                .into(),
        ),
        errors_query: None,
        requests_query: None,
        quantile: None,
        max: None,
        min: Some(500.0),
        max_ratio: Some(1.5),
    }];
    let m = Analyzer::new(&custom)
        .expect("analyzer")
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Pass, "{m:#?}");
    custom.metrics[0].query = Some("sum(rate(http_requests_total[{{window}}])".into());
    let err = Analyzer::new(&custom)
        .expect("analyzer")
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect_err("a parse error");
    assert!(
        matches!(&err, AnalysisError::Query { metric, .. } if metric == "throughput"),
        "{err:?}"
    );
    assert!(err.to_string().contains("bad_data"), "{err}");
}

#[tokio::test]
async fn canary_with_three_times_the_errors_fails() {
    let canary = Traffic {
        errors: 0.06,
        ..HEALTHY
    };
    let Some(prom) = start(canary, HEALTHY).await else {
        return;
    };
    let analyzer = Analyzer::new(&config(&prom.url())).expect("analyzer");
    let m = analyzer
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Fail, "{m:#?}");
    let errors = metric(&m, "error-rate");
    assert_eq!(errors.verdict, Verdict::Fail, "{errors:#?}");
    assert!(errors.reason.contains("significant"), "{}", errors.reason);
    let limit = errors.limit.expect("limit");
    assert!((limit - 0.04).abs() < 0.01, "2× a 2% baseline: {errors:#?}");
    assert_eq!(metric(&m, "latency-p99").verdict, Verdict::Pass);
}

#[tokio::test]
async fn canary_with_too_little_traffic_is_inconclusive() {
    let canary = Traffic {
        rps: 1.0,
        ..HEALTHY
    };
    let Some(prom) = start(canary, HEALTHY).await else {
        return;
    };
    let analyzer = Analyzer::new(&config(&prom.url())).expect("analyzer");
    let m = analyzer
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Inconclusive, "{m:#?}");
    for outcome in &m.metrics {
        assert_eq!(outcome.verdict, Verdict::Inconclusive, "{outcome:#?}");
        assert!(
            outcome.reason.contains("requests on the candidate"),
            "{}",
            outcome.reason
        );
    }
}

#[tokio::test]
async fn latency_above_the_bound_fails() {
    let canary = Traffic {
        latency: 0.8,
        ..HEALTHY
    };
    let Some(prom) = start(canary, HEALTHY).await else {
        return;
    };
    let analyzer = Analyzer::new(&config(&prom.url())).expect("analyzer");
    let m = analyzer
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect("measurement");
    assert_eq!(m.verdict, Verdict::Fail, "{m:#?}");
    let latency = metric(&m, "latency-p99");
    assert_eq!(latency.verdict, Verdict::Fail, "{latency:#?}");
    assert!(
        latency.candidate.is_some_and(|p99| p99 > 0.5),
        "{latency:#?}"
    );
    assert!(latency.reason.contains("> max 500ms"), "{}", latency.reason);
    let baseline_p99 = latency.baseline.expect("baseline p99");
    assert!(baseline_p99 <= 0.1, "{latency:#?}");
    assert_eq!(metric(&m, "error-rate").verdict, Verdict::Pass);
}

#[tokio::test]
async fn unreachable_prometheus_is_an_error_naming_the_url() {
    // A port that was free a moment ago: connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let analyzer = Analyzer::new(&config(&url)).expect("analyzer");
    let err = analyzer
        .measure(&candidate(), Some(&baseline()))
        .await
        .expect_err("nothing listens there");
    match &err {
        AnalysisError::Unreachable { url: named, .. } => {
            assert_eq!(named, &format!("{url}/api/v1/query"));
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(err.to_string().contains(&url), "{err}");
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[tokio::test]
async fn silent_prometheus_times_out() {
    // Accepts connections (the kernel does) but never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let mut config = config(&url);
    config.timeout = plimsoll_deploy::duration::parse("300ms").expect("span");
    let analyzer = Analyzer::new(&config).expect("analyzer");
    let started = std::time::Instant::now();
    let err = analyzer
        .measure(&candidate(), None)
        .await
        .expect_err("no answer");
    assert!(matches!(err, AnalysisError::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains(&url), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(listener);
}
