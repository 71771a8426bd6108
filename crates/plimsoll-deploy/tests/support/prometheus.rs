//! A real Prometheus on loopback scraping a fake application whose request
//! counters and latency histogram the test controls.
//!
//! [`Harness::start`] serves the metrics of some pods (namespace `shop`) on
//! `127.0.0.1:<free port>`, starts `prometheus` with a temporary config and
//! storage directory, scraping that endpoint every second, and waits until
//! it is ready. Dropping the harness kills Prometheus. When `prometheus` is
//! not on PATH the harness is `None` and a message says why, unless
//! `PLIMSOLL_REQUIRE_PROMETHEUS=1`, which makes that a failure.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};

pub const NAMESPACE: &str = "shop";

/// Histogram buckets of the fake application, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// One pod's steady traffic.
#[derive(Debug, Clone, Copy)]
pub struct Traffic {
    /// Requests per second.
    pub rps: f64,
    /// Fraction of requests answered 500.
    pub errors: f64,
    /// Latency of every request, in seconds.
    pub latency: f64,
}

struct Pod {
    traffic: Traffic,
    ok: f64,
    failed: f64,
    last: Instant,
}

impl Pod {
    fn advance(&mut self, now: Instant) {
        let seconds = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        let requests = self.traffic.rps * seconds;
        self.failed += requests * self.traffic.errors;
        self.ok += requests * (1.0 - self.traffic.errors);
    }
}

type Pods = Arc<Mutex<BTreeMap<String, Pod>>>;

/// The Prometheus text exposition of every pod, counters advanced to now.
fn exposition(pods: &Pods) -> String {
    let now = Instant::now();
    let mut pods = pods
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut out = String::new();
    out.push_str("# TYPE http_requests_total counter\n");
    for (name, pod) in pods.iter_mut() {
        pod.advance(now);
        for (code, value) in [("200", pod.ok), ("500", pod.failed)] {
            let _ = writeln!(
                out,
                "http_requests_total{{namespace=\"{NAMESPACE}\",pod=\"{name}\",code=\"{code}\"}} {}",
                value.floor()
            );
        }
    }
    out.push_str("# TYPE http_request_duration_seconds histogram\n");
    for (name, pod) in pods.iter() {
        let count = (pod.ok + pod.failed).floor();
        let labels = format!("namespace=\"{NAMESPACE}\",pod=\"{name}\"");
        for le in BUCKETS {
            let n = if pod.traffic.latency <= le {
                count
            } else {
                0.0
            };
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
        );
        let _ = writeln!(
            out,
            "http_request_duration_seconds_sum{{{labels}}} {}",
            count * pod.traffic.latency
        );
        let _ = writeln!(
            out,
            "http_request_duration_seconds_count{{{labels}}} {count}"
        );
    }
    out
}

/// Serves `/metrics` (any path, really) on a free loopback port.
async fn serve(pods: Pods) -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the metrics endpoint");
    let port = listener.local_addr().expect("local address").port();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let pods = Arc::clone(&pods);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_request| {
                    let body = exposition(&pods);
                    async move {
                        Ok::<_, Infallible>(
                            hyper::Response::builder()
                                .header("content-type", "text/plain; version=0.0.4")
                                .body(Full::new(Bytes::from(body)))
                                .expect("static response"),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (port, task)
}

/// Where `prometheus` is on PATH, if it is.
pub fn find_prometheus() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("prometheus"))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

pub struct Harness {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
    exporter: tokio::task::JoinHandle<()>,
    pods: Vec<String>,
    state: Pods,
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.exporter.abort();
    }
}

impl Harness {
    /// Starts the fake application with these pods and a Prometheus scraping
    /// it; `None` (with a message) when Prometheus is not installed and not
    /// required.
    pub async fn start(pods: &[(&str, Traffic)]) -> Option<Self> {
        let Some(binary) = find_prometheus() else {
            assert!(
                std::env::var("PLIMSOLL_REQUIRE_PROMETHEUS").as_deref() != Ok("1"),
                "PLIMSOLL_REQUIRE_PROMETHEUS=1 but `prometheus` is not on PATH (apt-get install prometheus)"
            );
            eprintln!(
                "SKIPPED: `prometheus` is not on PATH; install it (apt-get install prometheus) to run the Prometheus analysis tests"
            );
            return None;
        };
        let now = Instant::now();
        let state: Pods = Arc::new(Mutex::new(
            pods.iter()
                .map(|(name, traffic)| {
                    (
                        (*name).to_owned(),
                        Pod {
                            traffic: *traffic,
                            ok: 0.0,
                            failed: 0.0,
                            last: now,
                        },
                    )
                })
                .collect(),
        ));
        let (metrics_port, exporter) = serve(Arc::clone(&state)).await;
        let dir = tempfile::tempdir().expect("temporary directory");
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n\
                 scrape_configs:\n  - job_name: app\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:{metrics_port}']\n"
            ),
        )
        .expect("write prometheus.yml");
        let mut last_log = String::new();
        // The free port can be taken between probing and binding: retry.
        for attempt in 0..3 {
            let port = free_port();
            let log_path = dir.path().join(format!("prometheus-{attempt}.log"));
            let mut child = spawn(&binary, &config, dir.path(), port, &log_path);
            if wait_ready(&mut child, port).await {
                return Some(Self {
                    child,
                    dir,
                    port,
                    exporter,
                    pods: pods.iter().map(|(name, _)| (*name).to_owned()).collect(),
                    state,
                });
            }
            let _ = child.kill();
            let _ = child.wait();
            last_log = std::fs::read_to_string(&log_path).unwrap_or_default();
        }
        exporter.abort();
        panic!("Prometheus did not start:\n{last_log}");
    }

    /// Replaces the set of pods served: pods already known keep their
    /// counters (so rates stay continuous), new ones start at zero, missing
    /// ones disappear (as a deleted pod's series would).
    pub fn set_pods(&self, pods: &[(String, Traffic)]) {
        let now = Instant::now();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.retain(|name, _| pods.iter().any(|(n, _)| n == name));
        for (name, traffic) in pods {
            let pod = state.entry(name.clone()).or_insert(Pod {
                traffic: *traffic,
                ok: 0.0,
                failed: 0.0,
                last: now,
            });
            pod.advance(now);
            pod.traffic = *traffic;
        }
    }

    /// Base URL of the Prometheus HTTP API.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Prometheus' log so far (for failure messages).
    pub fn log(&self) -> String {
        let mut text = String::new();
        for entry in std::fs::read_dir(self.dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.path().extension().is_some_and(|e| e == "log") {
                text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        text
    }

    /// Runs an instant query and returns its one value, if any.
    pub async fn value(&self, promql: &str) -> Option<f64> {
        let url = format!("{}/api/v1/query?query={}", self.url(), encode(promql));
        let (status, body) = get(&url).await?;
        if status != 200 {
            return None;
        }
        let json: serde_json::Value = serde_json::from_slice(&body).ok()?;
        let result = json.pointer("/data/result/0/value/1")?.as_str()?;
        result.parse().ok()
    }

    /// Waits (bounded) until Prometheus holds at least `samples` scrapes of
    /// every pod within the last `window`.
    pub async fn wait_for_samples(&self, samples: u32, window: &str) {
        let deadline = Instant::now() + Duration::from_secs(40);
        for pod in &self.pods {
            let query = format!(
                "min(count_over_time(http_requests_total{{namespace=\"{NAMESPACE}\",pod=\"{pod}\"}}[{window}]))"
            );
            loop {
                if self
                    .value(&query)
                    .await
                    .is_some_and(|n| n >= f64::from(samples))
                {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "Prometheus did not collect {samples} samples of {pod} in time; log:\n{}",
                    self.log()
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Polls `/-/ready` (bounded); false when Prometheus exits or never gets ready.
async fn wait_ready(child: &mut Child, port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://127.0.0.1:{port}/-/ready");
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if get(&url).await.is_some_and(|(status, _)| status == 200) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn spawn(binary: &Path, config: &Path, dir: &Path, port: u16, log: &Path) -> Child {
    let log_file = std::fs::File::create(log).expect("create the Prometheus log");
    let err_file = log_file.try_clone().expect("clone the log handle");
    Command::new(binary)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--log.level=warn")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(log_file))
        .stderr(Stdio::from(err_file))
        .spawn()
        .expect("start prometheus")
}

async fn get(url: &str) -> Option<(u16, Bytes)> {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let uri: hyper::Uri = url.parse().ok()?;
    let response = tokio::time::timeout(Duration::from_secs(2), client.get(uri))
        .await
        .ok()?
        .ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, body))
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}
