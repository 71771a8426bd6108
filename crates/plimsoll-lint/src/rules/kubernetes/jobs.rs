//! K8S102–K8S105: Jobs and CronJobs that clean up after themselves, start
//! on time, restart correctly and have valid schedules.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports standalone Jobs (not those a CronJob creates) without
    /// `spec.ttlSecondsAfterFinished`.
    ///
    /// ## Why is this bad?
    /// A finished Job and its pods stay in the cluster until someone deletes
    /// them: they count against quotas, clutter `kubectl get pods`, and a
    /// re-applied manifest with the same name fails because the Job's
    /// template is immutable. A TTL lets the TTL controller delete it.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   ttlSecondsAfterFinished: 3600
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    /// ```
    ///
    /// ## References
    /// - Practice K07 (bounded history).
    /// - kube-linter job-ttl-seconds-after-finished.
    pub struct JobWithoutTtl {
        code: "K8S102",
        name: "job-without-ttl",
        summary: "Job is never cleaned up after it finishes",
        severity: Info,
        category: Efficiency,
        practices: ["K07"],
        peers: [KubeLinter "job-ttl-seconds-after-finished"],
        fix: None,
        default: true,
    }
}

impl Rule for JobWithoutTtl {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind != WorkloadKind::Job || helpers::is_fragment(cx, o) {
            return;
        }
        let has_ttl = w
            .controller_spec
            .is_some_and(|s| cx.yaml.get(s, "ttlSecondsAfterFinished").is_some());
        if !has_ttl {
            out.add(
                cx.object_span(o),
                format!(
                    "{} has no `ttlSecondsAfterFinished`: it stays after it finishes",
                    o.display()
                ),
            )
            .help(
                "set `spec.ttlSecondsAfterFinished` so the Job and its pods are deleted when done",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports CronJobs without `spec.startingDeadlineSeconds`.
    ///
    /// ## Why is this bad?
    /// Without a deadline, a CronJob whose controller was down or whose
    /// runs kept failing to start counts every missed schedule since the
    /// last run; after 100 missed runs it stops scheduling altogether and
    /// logs an error. A deadline bounds how late a run may start and how
    /// far back the controller looks.
    ///
    /// ## Example
    /// ```yaml
    /// kind: CronJob
    /// spec:
    ///   schedule: "*/5 * * * *"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: CronJob
    /// spec:
    ///   schedule: "*/5 * * * *"
    ///   startingDeadlineSeconds: 200
    ///   concurrencyPolicy: Forbid
    /// ```
    ///
    /// ## References
    /// - Practice K07.
    /// - kube-score cronjob-has-deadline.
    pub struct CronJobWithoutDeadline {
        code: "K8S103",
        name: "cronjob-without-deadline",
        summary: "CronJob has no starting deadline",
        severity: Info,
        category: Reliability,
        practices: ["K07"],
        peers: [KubeScore "cronjob-has-deadline"],
        fix: None,
        default: true,
    }
}

impl Rule for CronJobWithoutDeadline {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind != WorkloadKind::CronJob {
            return;
        }
        let Some(spec) = w.controller_spec else {
            return;
        };
        if cx.yaml.get(spec, "startingDeadlineSeconds").is_none() {
            out.add(
                cx.object_span(o),
                format!("{} has no `startingDeadlineSeconds`", o.display()),
            )
            .help("set `spec.startingDeadlineSeconds` (a little less than the schedule's period)");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports pod `restartPolicy` values the controller rejects: Jobs and
    /// CronJobs need `OnFailure` or `Never` (a pod's default, `Always`, is
    /// refused, so it must be written), and Deployments, StatefulSets,
    /// DaemonSets and ReplicaSets accept only `Always`.
    ///
    /// ## Why is this bad?
    /// The API server rejects the object (`spec.template.spec.restartPolicy:
    /// Unsupported value`).
    ///
    /// ## Example
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       containers: [...]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Job
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers: [...]
    /// ```
    ///
    /// ## Fix safety
    /// For a Job or CronJob without a policy, the fix writes `OnFailure`
    /// (retry in place); it is unsafe because `Never` (a new pod per
    /// attempt) may be what the job needs.
    ///
    /// ## References
    /// - Practice K18 (manifests that apply).
    /// - kube-score cronjob-restartpolicy, kube-linter restart-policy.
    pub struct InvalidRestartPolicy {
        code: "K8S104",
        name: "invalid-restart-policy",
        summary: "Pod restart policy is not allowed for this controller",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeScore "cronjob-restartpolicy", KubeLinter "restart-policy"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for InvalidRestartPolicy {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if helpers::is_fragment(cx, o) {
            return;
        }
        let node = cx.yaml.get(w.spec, "restartPolicy");
        let policy = node.and_then(|n| cx.yaml.str(n));
        if policy.is_some_and(helpers::is_templated) {
            return;
        }
        if w.kind.is_batch() {
            match (policy, node) {
                (Some("OnFailure" | "Never"), _) => {}
                (Some(p), Some(n)) => {
                    out.add(
                        cx.span(n),
                        format!(
                            "{} cannot use `restartPolicy: {p}`: Jobs need `OnFailure` or `Never`",
                            o.display()
                        ),
                    );
                }
                _ => {
                    let fix = cx
                        .set(w.spec, &["restartPolicy"], Value::raw("OnFailure"))
                        .map(|e| Fix::unsafe_("Set `restartPolicy: OnFailure`", vec![e]));
                    out.add(
                        cx.pod_spec_span(o, w),
                        format!(
                            "{} sets no `restartPolicy`; the default `Always` is rejected for Jobs",
                            o.display()
                        ),
                    )
                    .help("set `restartPolicy: OnFailure` or `Never` in the pod template")
                    .fix_opt(fix);
                }
            }
        } else if w.kind.is_long_running()
            && w.kind != WorkloadKind::ReplicationController
            && let (Some(p), Some(n)) = (policy, node)
            && p != "Always"
        {
            out.add(cx.span(n), format!("{} only accepts `restartPolicy: Always`, not `{p}`", o.display()))
                .help("remove `restartPolicy` or set it to `Always`; use a Job for run-to-completion work");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports CronJob schedules Kubernetes does not accept: not five
    /// fields, values out of range (minute 60, month 13), unknown names,
    /// bad steps, and time zones written in the schedule (`CRON_TZ=` or
    /// `TZ=`, rejected since 1.27; use `spec.timeZone`). Macros (`@hourly`,
    /// `@daily`...) and names (`mon-fri`, `jan`) are accepted.
    ///
    /// ## Why is this bad?
    /// The API server rejects the CronJob, or (for time zones on older
    /// versions) it runs at an unexpected time.
    ///
    /// ## Example
    /// ```yaml
    /// schedule: "0 */2 * * * *"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// schedule: "0 */2 * * *"
    /// ```
    ///
    /// ## References
    /// - Practice K18.
    pub struct InvalidCronSchedule {
        code: "K8S105",
        name: "invalid-cron-schedule",
        summary: "CronJob schedule is not valid",
        severity: Error,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidCronSchedule {
    fn check_workload(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        out: &mut Diagnostics<'_>,
    ) {
        if w.kind != WorkloadKind::CronJob {
            return;
        }
        let Some(node) = w.controller_spec.and_then(|s| cx.yaml.get(s, "schedule")) else {
            return;
        };
        let Some(schedule) = cx.yaml.str(node) else {
            return;
        };
        if helpers::is_templated(schedule) {
            return;
        }
        if let Err(problem) = check_schedule(schedule) {
            out.add(
                cx.span(node),
                format!(
                    "schedule `{schedule}` of {} is invalid: {problem}",
                    o.display()
                ),
            );
        }
    }
}

/// Validates a cron expression the way Kubernetes (robfig/cron, standard
/// parser) does.
pub(super) fn check_schedule(schedule: &str) -> Result<(), String> {
    let s = schedule.trim();
    if s.starts_with("TZ=") || s.starts_with("CRON_TZ=") {
        return Err("time zones in the schedule are not allowed; set `spec.timeZone`".into());
    }
    if let Some(macro_name) = s.strip_prefix('@') {
        return match macro_name {
            "yearly" | "annually" | "monthly" | "weekly" | "daily" | "midnight" | "hourly" => {
                Ok(())
            }
            m if m.starts_with("every ") => Err("`@every` is not supported by Kubernetes".into()),
            m => Err(format!("unknown macro `@{m}`")),
        };
    }
    crate::cron::check_fields(s, true)
}

#[cfg(test)]
mod tests {
    use super::check_schedule;

    #[test]
    fn schedules() {
        for ok in [
            "*/5 * * * *",
            "0 3 * * mon-fri",
            "15 2 1,15 * *",
            "@hourly",
            "0 0 * jan,jul 0",
            "0-30/10 9-17 * * 1-5",
            "0 0 ? * *",
        ] {
            assert!(check_schedule(ok).is_ok(), "{ok}");
        }
        for bad in [
            "0 */2 * * * *",
            "60 * * * *",
            "0 0 * 13 *",
            "@every 5m",
            "TZ=UTC 0 0 * * *",
            "*/0 * * * *",
            "5-1 * * * *",
            "0 0 * * funday",
        ] {
            assert!(check_schedule(bad).is_err(), "{bad}");
        }
    }
}
