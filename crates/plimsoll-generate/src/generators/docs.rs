//! Operational docs (practice O06, G06): a runbook per service with one
//! section per generated alert (the alerts' `runbook_url` anchors), and a
//! blameless postmortem template. Commands name the real Deployment,
//! namespaces, Helm releases and ArgoCD Applications, so an on-call
//! engineer can paste them.

use super::gitops::{FIRST_RELEASE, application_name};
use super::monitoring::alerts::{AlertKind, alert_kinds, alert_name, expr, http_metrics};
use super::monitoring::text::{MARKDOWN_HEADER, anchor, shell_word};
use crate::model::{Project, Service};
use crate::options::{Options, paths};
use crate::write::GeneratedFile;
use std::fmt::Write as _;

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = project
        .services
        .iter()
        .map(|s| GeneratedFile::new(paths::runbook(s), runbook(project, options, s)))
        .collect();
    files.push(GeneratedFile::new(
        paths::POSTMORTEM_TEMPLATE,
        format!("{MARKDOWN_HEADER}{POSTMORTEM}"),
    ));
    files
}

/// The names an on-call engineer types, for one environment.
struct Env {
    name: String,
    ns: String,
    app: String,
}

fn runbook(project: &Project, options: &Options, service: &Service) -> String {
    let prod_env = options.production();
    let envs: Vec<Env> = options
        .environments
        .iter()
        .map(|e| Env {
            name: e.clone(),
            ns: Options::namespace(project, e),
            app: application_name(project, service, e),
        })
        .collect();
    let prod = envs
        .iter()
        .find(|e| e.name == prod_env)
        .unwrap_or(&envs[envs.len() - 1]);
    let svc = shell_word(&service.name);
    let ns = shell_word(&prod.ns);
    let app = shell_word(&prod.app);
    let sel = shell_word(&format!("app.kubernetes.io/name={}", service.name));
    let port = service.port.value;

    let mut out = String::from(MARKDOWN_HEADER);
    let _ = write!(
        out,
        "\n# Runbook: {name}\n\n\
         `{name}` is a service of `{project}` ({language}{framework}), listening on port {port}.\n\
         Liveness is `{health}`, readiness is `{ready}`{metrics}.\n\
         Its image is `{image}`, tagged with the commit SHA CI built.\n\n\
         Each alert below links here from its `runbook_url`. Commands use production;\n\
         replace the namespace and Application for another environment.\n\n\
         ## Where it runs\n\n\
         | Environment | Namespace | ArgoCD Application | Values | Follows |\n\
         | --- | --- | --- | --- | --- |\n",
        name = service.name,
        project = project.name,
        language = service.language.value,
        framework = service
            .framework()
            .map(|f| format!(", {f}"))
            .unwrap_or_default(),
        health = service.health_path.value,
        ready = service.readiness_path.value,
        metrics = service
            .metrics_path()
            .map(|m| format!(", metrics are served at `{m}` on the same port"))
            .unwrap_or_default(),
        image = options.image(service),
    );
    for e in &envs {
        let follows = if e.name == prod_env {
            format!("a release tag (starts at `{FIRST_RELEASE}`)")
        } else {
            "`main`".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | `{}/values-{}.yaml` | {} |",
            e.name,
            e.ns,
            e.app,
            paths::chart_dir(service),
            e.name,
            follows
        );
    }
    let _ = write!(
        out,
        "\nDashboard: Grafana, dashboard `{project} / {name}` (`{dashboard}`).\n\
         Alerts: `{alerts}`.\n\n\
         ## First look\n\n\
         ```sh\n\
         # Is ArgoCD in sync, and what did it deploy last?\n\
         argocd app get {app}\n\
         argocd app history {app}\n\
         # Pods, their state and recent events\n\
         kubectl -n {ns} get pods -l {sel} -o wide\n\
         kubectl -n {ns} get events --sort-by=.lastTimestamp | tail -n 30\n\
         kubectl -n {ns} describe deployment {svc}\n\
         # Logs (stdout) of the service, and of the previous crashed container\n\
         kubectl -n {ns} logs deployment/{svc} --since=15m\n\
         kubectl -n {ns} logs <pod> --previous\n\
         # Which image is running\n\
         kubectl -n {ns} get deployment {svc} -o jsonpath='{{.spec.template.spec.containers[0].image}}'\n\
         ```\n\n\
         ## Rolling back\n\n\
         Deployments go through Git; ArgoCD reverts changes made in the cluster\n\
         (selfHeal), and `argocd app rollback` is refused while automated sync is on.\n\n\
         - Production: set `targetRevision` in `{prod_file}` back to the previous\n\
         \x20 release tag, merge, then `argocd app sync {app}` to apply it at once.\n\
         - Other environments: revert the faulty commit on `main`\n\
         \x20 (`git revert <sha> && git push`).\n\
         - Check the result: `kubectl -n {ns} rollout status deployment/{svc}`.\n\n\
         In an emergency, when Git cannot be changed quickly enough, suspend automated\n\
         sync (`argocd app set {app} --sync-policy none`), roll back with\n\
         `helm -n {ns} rollback {svc}` or `kubectl -n {ns} rollout undo deployment/{svc}`,\n\
         and restore automated sync once Git matches.\n\n\
         ## Alerts\n",
        project = project.name,
        name = service.name,
        dashboard = paths::dashboard(service),
        alerts = paths::prometheus_rule(service),
        prod_file = paths::argocd_application(service, &prod.name),
    );
    for kind in alert_kinds(service) {
        out.push('\n');
        alert_section(
            &mut out, service, kind, &prod.ns, &ns, &svc, &sel, port, &app,
        );
    }
    let _ = write!(
        out,
        "\n## Escalation\n\n\
         1. Critical alerts page the on-call engineer of `{name}`; acknowledge within\n\
         \x20  15 minutes and post in the incident channel what you see and do.\n\
         2. When the cause is not found or mitigated within 30 minutes, or users are\n\
         \x20  affected, declare an incident and call the owning team's lead.\n\
         3. When the cause is a dependency (database, cache, the cluster), page its\n\
         \x20  owners with the alert, the time it started and what you checked.\n\
         4. After every incident that affected users, write a postmortem from\n\
         \x20  [the template](../postmortem-template.md) within five working days.\n\n\
         Owners and channels: fill in (team, on-call rotation, incident channel).\n",
        name = service.name
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn alert_section(
    out: &mut String,
    service: &Service,
    kind: AlertKind,
    prod_ns: &str,
    ns: &str,
    svc: &str,
    sel: &str,
    port: u16,
    app: &str,
) {
    let name = alert_name(service, kind);
    let link = |k: AlertKind| {
        let target = alert_name(service, k);
        format!("[{target}](#{})", anchor(&target))
    };
    let _ = writeln!(out, "### {name}\n");
    let (meaning, checks, mitigation): (String, String, String) = match kind {
        AlertKind::HighErrorRate => (
            "More than 5% of requests got a 5xx answer for 10 minutes: users see failures.".to_owned(),
            format!(
                "- Did it start with a deploy? Compare the start time with `argocd app history` and the dashboard.\n\
                 - Logs of the errors: `kubectl -n {ns} logs deployment/{svc} --since=15m | grep -i error`.\n\
                 - Backing services{deps}: are they up and accepting connections?\n\
                 - Which routes fail: the dashboard's traffic panel by status."
                , deps = backing(service)
            ),
            "- A deploy caused it: roll back (see [Rolling back](#rolling-back)).\n\
             - A dependency is failing: follow its runbook; consider failing fast instead of timing out.\n\
             - Overload: scale out (`kubectl -n NS scale` is reverted by ArgoCD; raise the HPA minimum in the values file)."
                .replace("NS", ns),
        ),
        AlertKind::HighLatency => (
            "The slowest 1% of requests took more than 1 second for 15 minutes.".to_owned(),
            format!(
                "- Saturation: the dashboard's CPU and memory panels; CPU near the limit means throttling.\n\
                 - `kubectl -n {ns} top pods -l {sel}`\n\
                 - Slow dependencies{deps}: query times, connection pool waits.\n\
                 - A deploy or a traffic increase at the start time?",
                deps = backing(service)
            ),
            "- Throttled: raise the CPU limit or the replica count in the production values, merge, sync.\n\
             - A slow query or dependency: fix or roll back the change that introduced it.\n\
             - Adjust the threshold in the PrometheusRule if 1s is not the service's objective."
                .to_owned(),
        ),
        AlertKind::TargetDown => (
            "Prometheus has scraped no pod of the service for 5 minutes, or finds none: the service is down, or its metrics are not collected (and the HTTP alerts see nothing).".to_owned(),
            format!(
                "- `kubectl -n {ns} get pods -l {sel}`: are pods running and ready?\n\
                 - `kubectl -n {ns} get servicemonitor,service {svc}`: does the ServiceMonitor exist and select the Service?\n\
                 - Does the endpoint answer? `kubectl -n {ns} port-forward deployment/{svc} {port}:{port}` then `curl -s localhost:{port}{path} | head`.\n\
                 - Prometheus' Targets page: the scrape error.",
                path = service.metrics_path().unwrap_or("/metrics")
            ),
            format!(
                "- Pods down: see {} and {}.\n\
                 - Not scraped: fix the ServiceMonitor's selector or port name (the Service port is named `http`), or the NetworkPolicy allowing Prometheus in.",
                link(AlertKind::Unavailable),
                link(AlertKind::CrashLooping)
            ),
        ),
        AlertKind::Unavailable => (
            "The Deployment wants replicas but none has been available for 5 minutes: the service is down.".to_owned(),
            format!(
                "- `kubectl -n {ns} get pods -l {sel}` and `kubectl -n {ns} describe pod <pod>`: Pending (no capacity, quota), ImagePullBackOff (image tag, registry credentials), CrashLoopBackOff, failing readiness.\n\
                 - Readiness checks the dependencies: `kubectl -n {ns} port-forward deployment/{svc} {port}:{port}` then `curl -i localhost:{port}{ready}`.{secret}",
                ready = service.readiness_path.value,
                secret = if service.backing_services.is_empty() {
                    String::new()
                } else {
                    format!("\n- `kubectl -n {ns} get externalsecret`: is the Secret with the connection strings synced?")
                }
            ),
            "- A deploy caused it: roll back (see [Rolling back](#rolling-back)).\n\
             - A dependency is down: restore it; the pods become ready on their own.\n\
             - No capacity: add nodes or lower requests."
                .to_owned(),
        ),
        AlertKind::CrashLooping => (
            "A container keeps exiting and Kubernetes restarts it with growing delays.".to_owned(),
            format!(
                "- Why it exits: `kubectl -n {ns} logs <pod> --previous`.\n\
                 - `kubectl -n {ns} describe pod <pod>`: `OOMKilled` (see {oom}), a failing liveness probe on `{health}`, a missing variable or Secret.\n\
                 - Did the configuration or image change? `argocd app diff {app} --revision <previous tag>`.",
                health = service.health_path.value,
                oom = link(AlertKind::MemoryNearLimit)
            ),
            "- Roll back when a deploy caused it.\n\
             - Missing configuration: fix the values or the secret store entry the ExternalSecret reads.\n\
             - OOMKilled: raise the memory limit in the production values."
                .to_owned(),
        ),
        AlertKind::MemoryNearLimit => (
            "A pod has used more than 90% of its memory limit for 15 minutes; at the limit it is OOM-killed.".to_owned(),
            format!(
                "- `kubectl -n {ns} top pods -l {sel} --containers`\n\
                 - The dashboard's memory panel: steady growth is a leak, a step is a change in load or code.\n\
                 - Restarts: `kubectl -n {ns} get pods -l {sel}` (RESTARTS column)."
            ),
            "- A leak after a deploy: roll back, then find it.\n\
             - Real need: raise the memory request and limit in the production values, merge, sync.\n\
             - Short term: restart one pod at a time with `kubectl -n NS delete pod <pod>`."
                .replace("NS", ns),
        ),
        AlertKind::VolumeFilling => (
            "A PersistentVolumeClaim of the service has less than 15% free and will be full within 4 days at the current rate.".to_owned(),
            format!(
                "- `kubectl -n {ns} get pvc`\n\
                 - What grows: `kubectl -n {ns} exec <pod> -- df -h`.\n\
                 - Logs or temporary files written to the volume instead of stdout?"
            ),
            "- Delete what is not needed (old exports, temporary files), or move logs to stdout.\n\
             - Expand the claim when its StorageClass allows it (`allowVolumeExpansion`): raise its size in Git and sync."
                .to_owned(),
        ),
    };
    let _ = write!(
        out,
        "**What it means.** {meaning}\n\n**First checks.**\n\n{checks}\n\n**Mitigation.**\n\n{mitigation}\n\n\
         The alert's query (production):\n\n```promql\n{}\n```\n",
        expr(service, kind, prod_ns)
    );
    if matches!(kind, AlertKind::HighErrorRate | AlertKind::HighLatency)
        && let Some(m) = http_metrics(service)
    {
        let _ = writeln!(
            out,
            "\nIt reads `{}` from {}.",
            if kind == AlertKind::HighLatency {
                m.duration_bucket
            } else {
                m.requests
            },
            m.source
        );
    }
}

fn backing(service: &Service) -> String {
    let names: Vec<String> = service
        .backing_services
        .iter()
        .map(|b| format!("{} (`{}`)", b.value, b.value.url_env()))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

const POSTMORTEM: &str = "
# Postmortem: TITLE

Copy this file to `docs/postmortems/YYYY-MM-DD-short-title.md` and fill it in
within five working days of the incident.

This is a blameless postmortem: it describes what happened and how the system
and our processes allowed it, not who is at fault. People acted on the
information they had at the time; the question is how to make the right action
easier and the wrong one harder.

| | |
| --- | --- |
| Date | YYYY-MM-DD |
| Authors | |
| Status | draft / reviewed / actions done |
| Severity | |
| Services | |
| Incident lead | |

## Summary

Two or three sentences: what broke, for whom, for how long, and how it was fixed.

## Impact

- Users affected (how many, which features):
- Duration (start to full recovery):
- Requests or jobs failed, data lost or delayed:
- Service level objectives and error budget consumed:

## Timeline

All times in UTC. Include when the problem started, when it was detected and
by what (alert, user report), each decision, mitigation and recovery.

| Time | Event |
| --- | --- |
| HH:MM | |

## Root cause

What caused the incident, and the conditions that let it happen. Ask why until
you reach something the team can change (a missing test, an alert, a limit, a
review step), not a person.

## Detection

How was it noticed? How long from start to detection, and how could it have
been detected sooner (an alert, a better threshold, a dashboard panel)?

## Resolution

What was done to mitigate and then to fix it, and how recovery was confirmed.

## What went well

-

## What went badly

-

## Where we got lucky

-

## Action items

Each action has one owner and a due date; track them in the issue tracker.

| Action | Type (prevent / detect / mitigate / process) | Owner | Due | Issue |
| --- | --- | --- | --- | --- |
| | | | | |

## Supporting material

Links to dashboards, alerts, logs, pull requests and chat threads.
";
