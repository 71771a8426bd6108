use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Secrets handed to a container as environment variables:
    /// `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef`. Init,
    /// sidecar and main containers are checked; ephemeral ones are not.
    ///
    /// This rule is off by default: reading secrets from the environment is
    /// common and often the only way an image accepts them. Enable it where
    /// the policy is to mount secrets as files.
    ///
    /// ## Why is this bad?
    /// The environment is inherited by every child process, printed by
    /// crash handlers and debug endpoints, and easily ends up in logs. It is
    /// fixed when the container starts, so a rotated Secret only takes
    /// effect after a restart. A Secret mounted as a volume is readable
    /// only through the file, can be restricted with file permissions, and
    /// is updated in place when the Secret changes.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: DB_PASSWORD
    ///     valueFrom:
    ///       secretKeyRef: {name: db, key: password}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// volumeMounts:
    ///   - {name: db, mountPath: /run/secrets/db, readOnly: true}
    /// # with a pod volume
    /// volumes:
    ///   - name: db
    ///     secret: {secretName: db}
    /// ```
    ///
    /// ## References
    /// - Practice K12 (how secrets reach the pods).
    /// - checkov CKV_K8S_35, kube-linter read-secret-from-env-var.
    pub struct SecretExposedAsEnvVar {
        code: "K8S058",
        name: "secret-exposed-as-env-var",
        summary: "Secret is passed to a container as environment variables",
        severity: Info,
        category: Security,
        practices: ["K12"],
        peers: [Checkov "CKV_K8S_35", KubeLinter "read-secret-from-env-var"],
        fix: None,
        default: false,
    }
}

impl Rule for SecretExposedAsEnvVar {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        if c.role == ContainerRole::Ephemeral {
            return;
        }
        let yaml = cx.yaml;
        let text = |node: NodeId, key: &str| {
            yaml.get(node, key)
                .and_then(|n| yaml.str(n))
                .unwrap_or("?")
                .to_string()
        };
        if let Some(env) = c.get(yaml, "env") {
            for &var in yaml.items(env) {
                let Some(valuefrom) = yaml.get(var, "valueFrom") else {
                    continue;
                };
                let Some(r) = yaml.get(valuefrom, "secretKeyRef") else {
                    continue;
                };
                let span = cx
                    .entry_span(valuefrom, "secretKeyRef")
                    .unwrap_or_else(|| cx.span(r));
                out.add(
                    span,
                    format!(
                        "env var `{}` of {} of {} reads key `{}` of Secret `{}`",
                        text(var, "name"),
                        c.display(),
                        o.display(),
                        text(r, "key"),
                        text(r, "name")
                    ),
                )
                .help("mount the Secret as a volume and read the value from the file");
            }
        }
        if let Some(env_from) = c.get(yaml, "envFrom") {
            for &source in yaml.items(env_from) {
                let Some(r) = yaml.get(source, "secretRef") else {
                    continue;
                };
                let span = cx
                    .entry_span(source, "secretRef")
                    .unwrap_or_else(|| cx.span(r));
                out.add(
                    span,
                    format!(
                        "{} of {} imports every key of Secret `{}` as environment variables",
                        c.display(),
                        o.display(),
                        text(r, "name")
                    ),
                )
                .help("mount the Secret as a volume and read the values from its files");
            }
        }
    }
}
