//! OBS002 and OBS003: how an ExternalSecret keeps its Secret current.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ExternalSecret (or ClusterExternalSecret template) whose
    /// `refreshInterval` is zero (`0`, `0s`, `0m`, `0h`), which turns
    /// refreshing off, unless `refreshPolicy` says so explicitly
    /// (`CreatedOnce`, `OnChange`). A missing `refreshInterval` is
    /// reported as advice: the operator's default (one hour) then applies
    /// without anyone having chosen it.
    ///
    /// ## Why is this bad?
    /// With refreshing off, the Secret is written once: a rotated password
    /// or key in the secret manager never reaches the cluster, and pods
    /// keep failing with the old value once it is revoked.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   refreshInterval: "0"
    ///   secretStoreRef: {name: vault, kind: ClusterSecretStore}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   refreshInterval: 1h
    ///   secretStoreRef: {name: vault, kind: ClusterSecretStore}
    /// ```
    ///
    /// ## References
    /// - Practice O05 (ExternalSecret sets `refreshInterval`).
    /// - No peer.
    /// - [External Secrets Operator: ExternalSecret](https://external-secrets.io/latest/api/externalsecret/)
    pub struct RefreshDisabled {
        code: "OBS002",
        name: "external-secret-refresh-disabled",
        summary: "ExternalSecret never refreshes, or relies on the default interval",
        severity: Warning,
        category: Reliability,
        practices: ["O05"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an ExternalSecret with `target.creationPolicy: Orphan`.
    ///
    /// ## Why is this bad?
    /// With `Orphan`, the created Secret has no owner: deleting the
    /// ExternalSecret (or renaming it in Git) leaves the Secret, with its
    /// credentials, in the cluster indefinitely, and GitOps pruning does not
    /// see it. Use it only when the Secret must outlive the ExternalSecret
    /// on purpose.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   target:
    ///     name: db
    ///     creationPolicy: Orphan
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   target:
    ///     name: db
    ///     creationPolicy: Owner
    /// ```
    ///
    /// ## References
    /// - Practices O05 (ExternalSecret lifecycle) and K12 (no stray secrets).
    /// - No peer.
    pub struct OrphanCreationPolicy {
        code: "OBS003",
        name: "external-secret-orphan-policy",
        summary: "ExternalSecret leaves its Secret behind when deleted",
        severity: Info,
        category: Security,
        practices: ["O05", "K12"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// `0`, `0s`, `0m0s`, `0h`: a Go duration of zero.
fn is_zero_duration(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c == '0' || c == '.' || c.is_ascii_alphabetic())
}

impl Rule for RefreshDisabled {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::external_secret_spec(yaml, o) else {
            return;
        };
        if yaml
            .get(spec, "refreshPolicy")
            .and_then(|n| yaml.str(n))
            .is_some_and(|p| p != "Periodic")
        {
            return;
        }
        match yaml.get(spec, "refreshInterval") {
            Some(n) => {
                let Some(text) = yaml.str(n) else { return };
                if is_zero_duration(text) {
                    out.add(
                        cx.entry_span(spec, "refreshInterval").unwrap_or_else(|| cx.span(n)),
                        format!("{label} has `refreshInterval: {text}`, which turns refreshing off: rotated secrets never reach the cluster"),
                    )
                    .help("set a refresh interval such as `1h` (or `refreshPolicy: CreatedOnce` if a one-time copy is intended)");
                }
            }
            None => {
                out.add(
                    cx.object_span(o),
                    format!("{label} sets no `refreshInterval`: the operator's default of one hour applies"),
                )
                .help("set `refreshInterval` to how fast rotated secrets must reach the cluster")
                .severity(Severity::Info);
            }
        }
    }
}

impl Rule for OrphanCreationPolicy {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let Some((spec, label)) = support::external_secret_spec(yaml, o) else {
            return;
        };
        let Some(target) = yaml.get(spec, "target") else {
            return;
        };
        if yaml.get(target, "creationPolicy").and_then(|n| yaml.str(n)) == Some("Orphan") {
            out.add(
                cx.entry_span(target, "creationPolicy").unwrap_or_else(|| cx.span(target)),
                format!("{label} creates its Secret with `creationPolicy: Orphan`: deleting it leaves the Secret behind"),
            )
            .help("use `creationPolicy: Owner` unless the Secret must outlive the ExternalSecret");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_durations() {
        for z in ["0", "0s", "0m", "0h0m0s", "0.0s"] {
            assert!(is_zero_duration(z), "{z}");
        }
        for d in ["1h", "30s", "10m", "", "h"] {
            assert!(!is_zero_duration(d), "{d}");
        }
    }
}
