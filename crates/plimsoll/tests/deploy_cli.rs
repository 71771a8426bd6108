//! `plimsoll deploy`, `status`, `abort` and `rollback`: the real binary
//! against a fake Kubernetes API server (plimsoll-fakekube) started in this
//! test process, reached through `--kubeconfig` and `--config-dir`. Output
//! formats, exit codes (0 success, 1 rolled back, 2 error) and the usage
//! errors a user meets first.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use plimsoll_fakekube::{FakeCluster, Fault};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const OLD: &str = "ghcr.io/acme/web:1.0";
const NEW: &str = "ghcr.io/acme/web:2.0";
const NS: &str = "shop";

/// Short timings so a whole deploy takes a second or two.
const TIMINGS: &str = "namespace = \"shop\"\ndeployment = \"web\"\nimage = \"ghcr.io/acme/web\"\nprogress-timeout = \"30s\"\nmonitoring-window = \"200ms\"\nscale-down-delay = \"0s\"\npause = \"100ms\"\n";

struct Setup {
    cluster: FakeCluster,
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Setup {
    /// A cluster with Deployment + Service `web` (3 replicas of OLD) and
    /// `plimsoll.toml` = `toml` verbatim.
    fn with_toml(toml: &str) -> Setup {
        let cluster = FakeCluster::start();
        cluster.time_scale(20.0);
        cluster.apply(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": NS, "labels": {"app": "web"}},
            "spec": {
                "replicas": 3,
                "progressDeadlineSeconds": 60,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": OLD, "ports": [{"containerPort": 8080}]}]}
                }
            }
        }));
        cluster.apply(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": NS},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}
        }));
        let dir = tempfile::tempdir().unwrap();
        cluster
            .write_kubeconfig(&dir.path().join("kubeconfig"), "fake", NS)
            .unwrap();
        std::fs::write(dir.path().join("plimsoll.toml"), toml).unwrap();
        let setup = Setup { cluster, dir };
        setup.wait_until("web ready", |s| {
            s.deployment()["status"]["readyReplicas"].as_u64() == Some(3)
        });
        setup
    }

    /// `[deploy.prod]` with the short timings and `extra`.
    fn new(extra: &str) -> Setup {
        Setup::with_toml(&format!("[deploy.prod]\n{TIMINGS}{extra}"))
    }

    fn kubeconfig(&self) -> PathBuf {
        self.dir.path().join("kubeconfig")
    }

    /// `plimsoll <args> --kubeconfig K --config-dir D`, run from elsewhere
    /// so only the flags lead to the configuration and the cluster.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("plimsoll").unwrap();
        cmd.current_dir(std::env::temp_dir())
            .env("NO_COLOR", "1")
            .env("PLIMSOLL_DEPLOY_POLL_MS", "50")
            .env_remove("KUBECONFIG")
            .args(args)
            .arg("--kubeconfig")
            .arg(self.kubeconfig())
            .arg("--config-dir")
            .arg(self.dir.path())
            .timeout(Duration::from_secs(60));
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    fn deployment(&self) -> Value {
        self.cluster
            .get("apps/v1", "Deployment", NS, "web")
            .unwrap()
    }

    fn image(&self) -> String {
        self.deployment()["spec"]["template"]["spec"]["containers"][0]["image"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn wait_until(&self, what: &str, done: impl Fn(&Setup) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A background `plimsoll` that must not outlive a failed test.
struct KillOnDrop(Option<std::process::Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Each stdout line as a JSON object.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let setup = Setup::new("strategy = \"canary\"\nsteps = [25, 50, 100]\n");
    setup.cluster.clear_requests();

    let text = setup.run(&["deploy", "--env", "prod", "--image", "2.0", "--dry-run"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    insta::assert_snapshot!(text.stdout);

    let out = setup.run(&[
        "deploy",
        "--env",
        "prod",
        "--image",
        "2.0",
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let plan: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(plan["from_image"], OLD, "{plan:#}");
    assert_eq!(plan["to_image"], NEW);
    assert_eq!(plan["strategy"], "canary");
    assert_eq!(plan["context"], "fake");
    assert!(plan["steps"].as_array().unwrap().len() >= 3, "{plan:#}");
    assert_eq!(plan["rollback"]["workload"], "web");
    assert_eq!(plan["rollback"]["image"], OLD);
    // The text and the JSON describe the same plan.
    let id = plan["id"].as_str().unwrap();
    assert!(
        text.stdout.starts_with(&format!("plan {id} ")),
        "{}",
        text.stdout
    );

    // Nothing was written: only reads reached the API server.
    let requests = setup.cluster.requests();
    assert!(!requests.is_empty());
    let writes: Vec<_> = requests.iter().filter(|r| r.method != "GET").collect();
    assert!(writes.is_empty(), "{writes:?}");
    assert_eq!(setup.image(), OLD);
    assert!(
        setup
            .cluster
            .get("apps/v1", "Deployment", NS, "web-canary")
            .is_none()
    );
}

#[test]
fn deploy_emits_json_events_then_status_reports_it() {
    let setup = Setup::new("strategy = \"canary\"\nsteps = [50, 100]\n");
    let out = setup.run(&[
        "deploy", "--env", "prod", "--image", "2.0", "--format", "json",
    ]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let lines = json_lines(&out.stdout);
    let events: Vec<&str> = lines
        .iter()
        .map(|l| {
            l["event"]
                .as_str()
                .unwrap_or_else(|| panic!("no event key: {l}"))
        })
        .collect();
    for wanted in ["step-started", "applied", "gate-passed", "finished"] {
        assert!(events.contains(&wanted), "no {wanted} in {events:?}");
    }
    // A note with the plan comes first, then the steps.
    assert_eq!(events.first(), Some(&"note"), "{events:?}");
    assert!(
        lines[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("deploying ghcr.io/acme/web:1.0 → ghcr.io/acme/web:2.0"),
        "{}",
        lines[0]
    );
    assert_eq!(events.get(1), Some(&"step-started"), "{events:?}");
    assert_eq!(events.last(), Some(&"finished"), "{events:?}");
    assert_eq!(lines.last().unwrap()["outcome"]["outcome"], "succeeded");
    let first = &lines[1];
    assert_eq!(first["step"], 1, "{first}");
    assert!(first["traffic_percent"].as_u64().unwrap() > 0, "{first}");
    assert_eq!(setup.image(), NEW);
    assert!(
        setup
            .cluster
            .get("apps/v1", "Deployment", NS, "web-canary")
            .is_none()
    );

    let status = setup.run(&["status", "--env", "prod"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let text = &status.stdout;
    assert!(
        text.starts_with("prod — Deployment shop/web (context fake)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("image     {NEW} (revision 2)")),
        "{text}"
    );
    assert!(
        text.contains("replicas  3 desired, 3 updated, 3 ready"),
        "{text}"
    );
    assert!(
        text.contains(&format!("deploy    {OLD} → {NEW} (canary): succeeded")),
        "{text}"
    );
    assert!(text.contains("lock      free"), "{text}");

    let status = setup.run(&["status", "--env", "prod", "--format", "json"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let status: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["image"], NEW, "{status:#}");
    assert_eq!(status["kind"], "Deployment");
    assert_eq!(status["ready"], 3);
    assert_eq!(status["deploy"]["status"], "succeeded");
    assert_eq!(status["deploy"]["from_image"], OLD);
    assert!(status["lock"].is_null(), "{status:#}");

    // Deploying the running image again is an error, not a no-op success.
    let again = setup.run(&["deploy", "--env", "prod", "--image", "2.0"]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(again.stderr.contains("already"), "{}", again.stderr);

    // Rollback --dry-run shows the previous revision and changes nothing.
    let plan = setup.run(&["rollback", "--env", "prod", "--dry-run"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        plan.stdout.contains(&format!("{NEW} → {OLD}")),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("revision 1"), "{}", plan.stdout);
    let json = setup.run(&["rollback", "--env", "prod", "--dry-run", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let json: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["to_image"], OLD, "{json:#}");
    assert_eq!(setup.image(), NEW);
}

#[test]
fn text_deploy_then_rollback_restores_the_previous_revision() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    let out = setup.run(&["deploy", "--env", "prod", "--image", "2.0"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("\nstep 1/"), "{}", out.stdout);
    assert!(out.stdout.contains("  done    "), "{}", out.stdout);
    assert!(out.stdout.contains("  passed  "), "{}", out.stdout);
    assert!(
        out.stdout.trim_end().ends_with("deploy succeeded"),
        "{}",
        out.stdout
    );
    assert_eq!(setup.image(), NEW);

    let plan = setup.run(&["rollback", "--env", "prod", "--dry-run"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(plan.stdout.contains("revision 1"), "{}", plan.stdout);
    assert_eq!(setup.image(), NEW);

    let back = setup.run(&["rollback", "--env", "prod"]);
    assert_eq!(back.code, 0, "{}\n{}", back.stdout, back.stderr);
    assert_eq!(setup.image(), OLD);
}

#[test]
fn crash_looping_deploy_exits_one_and_prints_the_rollback() {
    let setup = Setup::new("strategy = \"canary\"\nsteps = [50, 100]\n");
    setup.cluster.fault_for_image(NEW, Fault::CrashLoop);
    let out = setup.run(&["deploy", "--env", "prod", "--image", "2.0"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let text = &out.stdout;
    assert!(text.contains("  FAILED  "), "{text}");
    assert!(text.contains("\nrolling back: "), "{text}");
    assert!(text.contains("  undone  "), "{text}");
    assert!(text.contains("\ndeploy rolled back: "), "{text}");
    assert_eq!(setup.image(), OLD);
    assert!(
        setup
            .cluster
            .get("apps/v1", "Deployment", NS, "web-canary")
            .is_none()
    );

    let status = setup.run(&["status", "--env", "prod", "--format", "json"]);
    let status: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["deploy"]["status"], "rolled-back", "{status:#}");

    // Nothing is running any more, so there is nothing to abort.
    let abort = setup.run(&["abort", "--env", "prod"]);
    assert_eq!(abort.code, 2, "{}", abort.stdout);
    assert!(
        abort.stderr.contains("no deploy in progress"),
        "{}",
        abort.stderr
    );
}

#[test]
fn held_deploy_is_aborted_from_another_process() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    setup.cluster.fault_for_image(NEW, Fault::CrashLoop);
    let mut child = setup.spawn(&[
        "deploy",
        "--env",
        "prod",
        "--image",
        "2.0",
        "--on-failure",
        "pause",
    ]);
    setup.wait_until("the deploy to hold", |s| s.record_status() == "held");
    let status = setup.run(&["status", "--env", "prod"]);
    assert!(status.stdout.contains(": held"), "{}", status.stdout);
    assert!(
        status.stdout.contains("lock      held by "),
        "{}",
        status.stdout
    );

    let abort = setup.run(&["abort", "--env", "prod"]);
    assert_eq!(abort.code, 0, "{}\n{}", abort.stdout, abort.stderr);
    assert!(abort.stdout.contains("to abort"), "{}", abort.stdout);
    let out = child.0.take().unwrap().wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("  paused  "), "{stdout}");
    assert!(stdout.contains("\ndeploy rolled back: "), "{stdout}");
    assert_eq!(setup.image(), OLD);
}

#[test]
fn unknown_env_lists_the_known_ones() {
    let setup = Setup::with_toml(&format!(
        "[deploy.prod]\n{TIMINGS}\n[deploy.staging]\n{TIMINGS}"
    ));
    let out = setup.run(&["deploy", "--env", "qa", "--image", "2.0"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("no environment `qa`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("known: prod, staging"),
        "{}",
        out.stderr
    );
}

#[test]
fn several_envs_need_env() {
    let setup = Setup::with_toml(&format!(
        "[deploy.prod]\n{TIMINGS}\n[deploy.staging]\n{TIMINGS}"
    ));
    for args in [
        &["deploy", "--image", "2.0"][..],
        &["status"][..],
        &["rollback", "--dry-run"][..],
    ] {
        let out = setup.run(args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(
            out.stderr
                .contains("several environments (prod, staging): choose one with --env"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // With a single environment `--env` may be left out.
    let single = Setup::new("");
    let out = single.run(&["status"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("prod — "), "{}", out.stdout);
}

#[test]
fn invalid_config_names_the_key() {
    let setup = Setup::new("strategy = \"canary\"\nsteps = [30, 20, 100]\n");
    let out = setup.run(&["deploy", "--env", "prod", "--image", "2.0", "--dry-run"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("invalid deploy configuration"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("deploy.prod.steps[1]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("plimsoll.toml"), "{}", out.stderr);

    let typo = Setup::new("stratgy = \"canary\"\n");
    let out = typo.run(&["status", "--env", "prod"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("stratgy"), "{}", out.stderr);
    // No request reached the cluster for a configuration error.
    assert!(
        typo.cluster
            .requests()
            .iter()
            .all(|r| !r.path.contains("/namespaces/shop/")),
        "{:?}",
        typo.cluster.requests()
    );
}

#[test]
fn missing_kubeconfig_context_is_named() {
    let setup = Setup::new("context = \"prod-eu\"\n");
    let out = setup.run(&["deploy", "--env", "prod", "--image", "2.0", "--dry-run"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("context `prod-eu` is not in the kubeconfig (contexts: fake)"),
        "{}",
        out.stderr
    );
    assert!(setup.cluster.requests().is_empty());
}

#[test]
fn yaml_configuration_is_found_and_its_errors_name_the_key() {
    let setup = Setup::new("");
    std::fs::remove_file(setup.dir.path().join("plimsoll.toml")).unwrap();
    let yaml = "staging:\n  namespace: shop\n  deployment: web\n  image: ghcr.io/acme/web\n  strategy: rolling\n  progress-timeout: 30s\n  monitoring-window: 200ms\n  scale-down-delay: 0s\n";
    std::fs::write(setup.dir.path().join("plimsoll.deploy.yaml"), yaml).unwrap();
    let out = setup.run(&["deploy", "--image", "2.0", "--format", "json"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.last().unwrap()["outcome"]["outcome"], "succeeded");
    assert_eq!(setup.image(), NEW);

    std::fs::write(
        setup.dir.path().join("plimsoll.deploy.yaml"),
        format!("{yaml}  pause: soon\n"),
    )
    .unwrap();
    let out = setup.run(&["status"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("plimsoll.deploy.yaml"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("deploy.staging.pause: `soon` is not a duration"),
        "{}",
        out.stderr
    );
}

#[test]
fn deploy_without_an_image_is_a_usage_error() {
    let setup = Setup::new("");
    let out = setup.run(&["deploy", "--env", "prod"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("--image"), "{}", out.stderr);
    assert_eq!(setup.image(), OLD);
    // Nor did it leave the lock taken.
    let status = setup.run(&["status", "--env", "prod"]);
    assert!(
        status.stdout.contains("lock      free"),
        "{}",
        status.stdout
    );
}

impl Setup {
    /// `plimsoll deploy ...` in the background, stdout captured.
    fn spawn(&self, args: &[&str]) -> KillOnDrop {
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plimsoll"))
            .current_dir(std::env::temp_dir())
            .env("NO_COLOR", "1")
            .env("PLIMSOLL_DEPLOY_POLL_MS", "50")
            .env_remove("KUBECONFIG")
            .args(args)
            .arg("--kubeconfig")
            .arg(self.kubeconfig())
            .arg("--config-dir")
            .arg(self.dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        KillOnDrop(Some(child))
    }

    fn record_status(&self) -> String {
        self.deployment()["metadata"]["annotations"]["plimsoll.dev/deploy"]
            .as_str()
            .map(|r| {
                serde_json::from_str::<Value>(r).unwrap()["status"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .unwrap_or_default()
    }
}

#[test]
fn manual_pause_is_promoted_from_another_process() {
    let setup =
        Setup::new("strategy = \"canary\"\nsteps = [{ weight = 25, pause = \"manual\" }, 100]\n");
    let mut child = setup.spawn(&["deploy", "--env", "prod", "--image", "2.0"]);
    setup.wait_until("held at the manual pause", |s| s.record_status() == "held");
    let status = setup.run(&["status", "--env", "prod"]);
    assert!(status.stdout.contains("step      1/"), "{}", status.stdout);

    let promote = setup.run(&["promote", "--env", "prod", "--format", "json"]);
    assert_eq!(promote.code, 0, "{}\n{}", promote.stdout, promote.stderr);
    let result = json_lines(&promote.stdout);
    assert_eq!(result.last().unwrap()["event"], "result", "{result:?}");
    let out = child.0.take().unwrap().wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("  resumed by promote"), "{stdout}");
    assert!(stdout.trim_end().ends_with("deploy succeeded"), "{stdout}");
    assert_eq!(setup.image(), NEW);
}

#[test]
fn killed_deploy_is_refused_for_another_image_and_aborted_by_the_cli() {
    let setup =
        Setup::new("strategy = \"canary\"\nsteps = [{ weight = 25, pause = \"manual\" }, 100]\n");
    let child = setup.spawn(&["deploy", "--env", "prod", "--image", "2.0"]);
    setup.wait_until("held at the manual pause", |s| s.record_status() == "held");
    // The process dies without cleaning up (SIGKILL); its lease expires.
    drop(child);
    let mut lease = setup
        .cluster
        .get("coordination.k8s.io/v1", "Lease", NS, "plimsoll-deploy-web")
        .unwrap();
    lease["spec"]["renewTime"] = json!("2020-01-01T00:00:00.000000Z");
    setup.cluster.apply(lease);

    let status = setup.run(&["status", "--env", "prod"]);
    assert!(
        status.stdout.contains("lock      expired"),
        "{}",
        status.stdout
    );
    let other = setup.run(&["deploy", "--env", "prod", "--image", "3.0"]);
    assert_eq!(other.code, 2, "{}", other.stdout);
    assert!(
        other
            .stderr
            .contains("an interrupted deploy of ghcr.io/acme/web:2.0"),
        "{}",
        other.stderr
    );
    let promote = setup.run(&["promote", "--env", "prod"]);
    assert_eq!(promote.code, 2);
    assert!(promote.stderr.contains("resumes it"), "{}", promote.stderr);

    let abort = setup.run(&["abort", "--env", "prod"]);
    assert_eq!(abort.code, 0, "{}\n{}", abort.stdout, abort.stderr);
    assert!(
        abort
            .stdout
            .contains("rolled back the interrupted deploy of ghcr.io/acme/web:2.0"),
        "{}",
        abort.stdout
    );
    assert!(abort.stdout.contains("  undone  "), "{}", abort.stdout);
    assert_eq!(setup.image(), OLD);
    assert!(
        setup
            .cluster
            .get("apps/v1", "Deployment", NS, "web-canary")
            .is_none()
    );
}

#[test]
fn rollback_to_an_unknown_revision_is_an_error() {
    let setup = Setup::new("strategy = \"rolling\"\n");
    let out = setup.run(&["deploy", "--env", "prod", "--image", "2.0"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = setup.run(&["rollback", "--env", "prod", "--to", "7"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains('7'), "{}", out.stderr);
    assert_eq!(setup.image(), NEW);
    let out = setup.run(&["rollback", "--env", "prod", "--to", "1", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(OLD), "{}", out.stdout);
}

#[test]
fn no_deploy_configuration_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    // A plimsoll.toml without [deploy] does not count.
    std::fs::write(dir.path().join("plimsoll.toml"), "[check]\n").unwrap();
    let out = Command::cargo_bin("plimsoll")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env_remove("KUBECONFIG")
        .args(["deploy", "--image", "2.0"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no deploy configuration found: add a `[deploy.<env>]` table"),
        "{stderr}"
    );
}
