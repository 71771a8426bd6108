use super::prelude::*;

/// From this initial delay on, a start-up wait belongs in a startup probe.
const SLOW_START_SECONDS: i64 = 30;

declare_rule! {
    /// ## What it does
    /// Reports a container (main or sidecar, in any workload) whose
    /// `livenessProbe` waits `initialDelaySeconds` of 30 or more and that
    /// has no `startupProbe`. Shorter delays and templated values are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// A long initial delay is a guess at the slowest start-up: too short
    /// and a slow start ends in a restart loop, too long and every restart,
    /// even of a process that hung seconds after starting, waits that long
    /// before liveness checks begin. A startup probe holds the liveness and
    /// readiness probes back only until the first success, and allows a
    /// generous start-up time (`failureThreshold × periodSeconds`) without
    /// slowing failure detection afterwards.
    ///
    /// ## Example
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /livez, port: 8080}
    ///   initialDelaySeconds: 120
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// startupProbe:
    ///   httpGet: {path: /livez, port: 8080}
    ///   periodSeconds: 10
    ///   failureThreshold: 18   # up to 3 minutes to start
    /// livenessProbe:
    ///   httpGet: {path: /livez, port: 8080}
    /// ```
    ///
    /// ## References
    /// - Practice K02 (startup, readiness and liveness probes).
    pub struct MissingStartupProbe {
        code: "K8S010",
        name: "missing-startup-probe",
        summary: "Liveness probe waits out a slow start instead of a startup probe",
        severity: Info,
        category: Reliability,
        practices: ["K02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for MissingStartupProbe {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if !c.role.is_long_running() {
            return;
        }
        let yaml = cx.yaml;
        let Some(liveness) = c.get(yaml, "livenessProbe").filter(|n| yaml.is_mapping(*n)) else {
            return;
        };
        if c.get(yaml, "startupProbe")
            .is_some_and(|n| !yaml.is_null(n))
        {
            return;
        }
        let Some(delay) = yaml
            .get(liveness, "initialDelaySeconds")
            .and_then(|n| helpers::k8s_int(yaml, n))
        else {
            return;
        };
        if delay < SLOW_START_SECONDS {
            return;
        }
        let span = cx
            .entry_span(liveness, "initialDelaySeconds")
            .unwrap_or_else(|| cx.container_span(c));
        out.add(
            span,
            format!(
                "the liveness probe of {} of {} waits {delay}s before its first check, and the container has no startup probe",
                c.display(),
                o.display()
            ),
        )
        .help("move the start-up wait into a `startupProbe` (its `failureThreshold × periodSeconds` covers the slowest start) and drop `initialDelaySeconds`");
    }
}
