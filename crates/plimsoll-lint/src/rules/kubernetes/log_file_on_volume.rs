use super::prelude::*;

/// Images of log collectors and shippers, which read or buffer log files
/// by design.
const LOG_COLLECTORS: [&str; 10] = [
    "fluentd",
    "fluent-bit",
    "fluentbit",
    "promtail",
    "filebeat",
    "logstash",
    "vector",
    "alloy",
    "grafana-agent",
    "otel",
];

/// Whether a mount path is a log directory.
fn is_log_dir(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    // `/dev/log` is the syslog socket, not a directory of files.
    !path.starts_with("/dev/")
        && (path == "/var/log"
            || path.starts_with("/var/log/")
            || path.ends_with("/log")
            || path.ends_with("/logs"))
}

fn is_log_collector(image: &str) -> bool {
    let name = crate::k8s::cluster::image_name(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    LOG_COLLECTORS
        .iter()
        .any(|c| last == *c || last.starts_with(&format!("{c}-")))
}

declare_rule! {
    /// ## What it does
    /// Reports a main container that mounts a volume, writable, at
    /// `/var/log` (or below it) or at a path ending in `/log` or `/logs`
    /// (but not `/dev/log`, the syslog socket),
    /// in any workload but a DaemonSet. Read-only mounts, DaemonSets (where
    /// node log collectors live), init and sidecar containers, and images
    /// of known log collectors (Fluentd, Fluent Bit, Promtail, Filebeat,
    /// Logstash, Vector, Alloy...) are not reported.
    ///
    /// ## Why is this bad?
    /// Kubernetes collects what containers write to stdout and stderr:
    /// `kubectl logs` and every node-level log agent read it, with rotation
    /// handled by the kubelet. Log files on a volume are invisible to those
    /// tools, grow until the volume is full unless something rotates them,
    /// and are lost with an `emptyDir` when the pod goes.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: app
    ///     volumeMounts:
    ///       - name: logs
    ///         mountPath: /var/log/app
    /// ```
    ///
    /// ## Use instead
    /// Configure the application to log to stdout (or symlink its log file
    /// to `/dev/stdout`), and drop the volume. When a legacy program can
    /// only write files, stream them to stdout with a sidecar container.
    ///
    /// ## References
    /// - Practice K16 (logs to stdout).
    /// - [Kubernetes: logging architecture](https://kubernetes.io/docs/concepts/cluster-administration/logging/)
    pub struct LogFileOnVolume {
        code: "K8S074",
        name: "log-file-on-volume",
        summary: "Container writes logs to a volume instead of stdout",
        severity: Info,
        category: BestPractice,
        practices: ["K16"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for LogFileOnVolume {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if c.role != ContainerRole::Main
            || w.kind == WorkloadKind::DaemonSet
            || c.image.as_deref().is_some_and(is_log_collector)
        {
            return;
        }
        let Some(mounts) = c.get(yaml, "volumeMounts") else {
            return;
        };
        for &m in yaml.items(mounts) {
            let Some(node) = yaml.get(m, "mountPath") else {
                continue;
            };
            let Some(path) = yaml.str(node).filter(|p| is_log_dir(p)) else {
                continue;
            };
            if yaml
                .get(m, "readOnly")
                .is_some_and(|r| helpers::k8s_bool(yaml, r) == Some(true))
            {
                continue;
            }
            out.add(
                cx.span(node),
                format!(
                    "{} of {} mounts a volume at `{path}`: logs written there bypass `kubectl logs` and the cluster's log collection",
                    c.display(),
                    o.display()
                ),
            )
            .help("log to stdout and stderr instead of files on a volume");
        }
    }
}
