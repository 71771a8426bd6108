use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a Deployment, StatefulSet or DaemonSet of a rendered chart
    /// that mounts (`volumes`) or imports (`envFrom`) a ConfigMap or Secret
    /// rendered by the same chart, while its pod template has no
    /// `checksum/...` annotation. ConfigMaps and Secrets created outside
    /// the chart are not reported. The finding points at the template line
    /// of the pod template's metadata.
    ///
    /// ## Why is this bad?
    /// `helm upgrade` updates the ConfigMap, but the pods only restart when
    /// their template changes: they keep the old configuration (environment
    /// variables never change; mounted files change without the process
    /// rereading them) until something else rolls them.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       volumes:
    ///         - name: config
    ///           configMap:
    ///             name: {{ .Release.Name }}-config
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///       annotations:
    ///         checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    /// ```
    ///
    /// ## References
    /// - Practice H06 (a config checksum annotation rolls pods).
    pub struct ConfigWithoutChecksum {
        code: "HELM011",
        name: "config-without-checksum-annotation",
        summary: "Workload reads the chart's ConfigMap/Secret without a checksum annotation",
        severity: Warning,
        category: Reliability,
        practices: ["H06"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ConfigWithoutChecksum {}
