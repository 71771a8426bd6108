//! helm-unittest suites (H01): what the chart promises, as tests that run
//! with `helm unittest` or `plimsoll helm test`.

use super::{Ctx, HEADER, q};
use crate::options::{APP_UID, Options};
use std::fmt::Write as _;

/// A suite's opening: header, name, templates and release.
fn open(cx: &Ctx<'_>, suite: &str, template: &str) -> String {
    open_with(cx, suite, &[template])
}

/// A suite rendering several templates (the Deployment includes the
/// ConfigMap for its checksum, and helm-unittest loads only those listed).
fn open_with(cx: &Ctx<'_>, suite: &str, templates: &[&str]) -> String {
    let env = cx.options.production();
    let mut s = String::from(HEADER);
    let _ = writeln!(s, "suite: {suite}\ntemplates:");
    for t in templates {
        let _ = writeln!(s, "  - templates/{t}");
    }
    let _ = writeln!(
        s,
        "release:\n  name: {}\n  namespace: {}\ntests:",
        q(cx.name()),
        q(&Options::namespace(cx.project, env))
    );
    s
}

fn production_values(cx: &Ctx<'_>) -> String {
    format!("../values-{}.yaml", cx.options.production())
}

/// The first non-production overlay (staging), when there is one.
fn first_overlay(cx: &Ctx<'_>) -> Option<String> {
    let envs = &cx.options.environments;
    (envs.len() > 1).then(|| format!("../values-{}.yaml", envs[0]))
}

const C: &str = "spec.template.spec.containers[0]";

fn deployment(cx: &Ctx<'_>) -> String {
    let svc = cx.svc;
    let mut s = open_with(cx, "deployment", &["deployment.yaml", "configmap.yaml"]);
    let _ = write!(
        s,
        r#"  - it: runs as the image's non-root user with a read-only root filesystem (K03, X03)
    asserts:
      - isKind:
          of: Deployment
      - equal:
          path: spec.template.spec.securityContext.runAsUser
          value: {APP_UID}
      - equal:
          path: spec.template.spec.securityContext.runAsNonRoot
          value: true
      - equal:
          path: spec.template.spec.securityContext.seccompProfile.type
          value: RuntimeDefault
      - equal:
          path: {C}.securityContext.readOnlyRootFilesystem
          value: true
      - equal:
          path: {C}.securityContext.allowPrivilegeEscalation
          value: false
      - contains:
          path: {C}.securityContext.capabilities.drop
          content: ALL
      - contains:
          path: {C}.volumeMounts
          content:
            name: tmp
            mountPath: /tmp
  - it: uses its own ServiceAccount without an API token (K11)
    asserts:
      - equal:
          path: spec.template.spec.serviceAccountName
          value: {name}
      - equal:
          path: spec.template.spec.automountServiceAccountToken
          value: false
  - it: sets requests and limits (K01)
    asserts:
      - isNotNull:
          path: {C}.resources.requests.cpu
      - isNotNull:
          path: {C}.resources.requests.memory
      - isNotNull:
          path: {C}.resources.limits.memory
  - it: keeps capacity during rollouts and shuts down gracefully (K05, K06, K07)
    asserts:
      - equal:
          path: spec.strategy.rollingUpdate.maxUnavailable
          value: 0
      - isNotNull:
          path: spec.revisionHistoryLimit
      - isNotNull:
          path: {C}.lifecycle.preStop.sleep.seconds
      - isNotNull:
          path: spec.template.spec.terminationGracePeriodSeconds
  - it: carries the recommended labels and selects its own pods (K17)
    asserts:
      - equal:
          path: metadata.labels["app.kubernetes.io/name"]
          value: {name}
      - equal:
          path: metadata.labels["app.kubernetes.io/part-of"]
          value: {project}
      - equal:
          path: spec.selector.matchLabels["app.kubernetes.io/instance"]
          value: {name}
      - equal:
          path: spec.template.metadata.labels["app.kubernetes.io/name"]
          value: {name}
  - it: rolls the pods when the ConfigMap changes (H06)
    asserts:
      - matchRegex:
          path: spec.template.metadata.annotations["checksum/config"]
          pattern: ^[0-9a-f]{{64}}$
  - it: deploys the image CI built, tagged with the commit SHA (X04)
    set:
      image.tag: 0123456789abcdef0123456789abcdef01234567
    asserts:
      - equal:
          path: {C}.image
          value: {image_sha}
      - equal:
          path: {C}.imagePullPolicy
          value: IfNotPresent
  - it: pins the image by digest when one is given (K04)
    set:
      image.digest: sha256:{digest}
    asserts:
      - equal:
          path: {C}.image
          value: {image_digest}
  - it: refuses the latest tag (K04)
    set:
      image.tag: latest
    asserts:
      - failedTemplate: {{}}
  - it: leaves the replica count to the HPA when autoscaling (K10)
    set:
      autoscaling.enabled: true
    asserts:
      - notExists:
          path: spec.replicas
  - it: spreads production pods over nodes (K08)
    values:
      - {prod}
    asserts:
      - equal:
          path: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable
          value: DoNotSchedule
      - equal:
          path: spec.template.spec.topologySpreadConstraints[0].topologyKey
          value: kubernetes.io/hostname
      - notExists:
          path: spec.replicas
      - isNotNull:
          path: {C}.resources.limits.memory
"#,
        name = q(cx.name()),
        project = q(&cx.project.name),
        image_sha = q(&format!(
            "{}:0123456789abcdef0123456789abcdef01234567",
            cx.options.image(svc)
        )),
        digest = "0".repeat(64),
        image_digest = q(&format!(
            "{}@sha256:{}",
            cx.options.image(svc),
            "0".repeat(64)
        )),
        prod = q(&production_values(cx)),
    );
    {
        let _ = write!(
            s,
            r"  - it: listens on the service's port, named http (X01)
    asserts:
      - equal:
          path: {C}.ports[0].name
          value: http
      - equal:
          path: {C}.ports[0].containerPort
          value: {port}
      - contains:
          path: {C}.env
          content:
            name: PORT
            value: '{port}'
  - it: probes the health routes on the http port (K02, X02)
    asserts:
      - equal:
          path: {C}.readinessProbe.httpGet.path
          value: {ready}
      - equal:
          path: {C}.readinessProbe.httpGet.port
          value: http
      - isNotNull:
          path: {C}.startupProbe
",
            port = svc.port.value,
            ready = q(&svc.readiness_path.value),
        );
        if cx.liveness_tcp {
            let _ = write!(
                s,
                r"      - equal:
          path: {C}.livenessProbe.tcpSocket.port
          value: http
"
            );
        } else {
            let _ = write!(
                s,
                r"      - equal:
          path: {C}.livenessProbe.httpGet.path
          value: {live}
      - equal:
          path: {C}.startupProbe.httpGet.path
          value: {live}
",
                live = q(&svc.health_path.value),
            );
        }
    }
    if cx.has_secrets() {
        let _ = write!(
            s,
            r"  - it: reads its secrets from the Secret the ExternalSecret makes (K12)
    asserts:
      - contains:
          path: {C}.env
          content:
            name: {key}
            valueFrom:
              secretKeyRef:
                name: {secret}
                key: {key}
      - lengthEqual:
          path: {C}.env
          count: {count}
  - it: reads no Secret when the ExternalSecret is off
    set:
      externalSecret.enabled: false
    asserts:
      - lengthEqual:
          path: {C}.env
          count: 1
",
            secret = q(&format!("{}-env", cx.name())),
            key = cx.secret_keys[0],
            count = cx.secret_keys.len() + 1,
        );
    }
    if let Some(path) = cx.metrics() {
        let _ = write!(
            s,
            r#"  - it: announces its metrics to Prometheus (K16)
    asserts:
      - equal:
          path: spec.template.metadata.annotations["prometheus.io/scrape"]
          value: "true"
      - equal:
          path: spec.template.metadata.annotations["prometheus.io/path"]
          value: {path}
"#,
            path = q(path)
        );
    }
    if svc.framework() == Some(crate::model::Framework::NextJs) {
        s.push_str(
            "  - it: gives Next.js a writable cache on the read-only root filesystem (K03)
    asserts:
      - contains:
          path: spec.template.spec.containers[0].volumeMounts
          content:
            name: writable-0
            mountPath: /app/.next/cache
      - isNotNull:
          path: spec.template.spec.volumes[1].emptyDir.sizeLimit
",
        );
    }
    // Every test judges the Deployment only.
    let mut out = String::new();
    for line in s.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("  - it: ") {
            out.push_str("    template: templates/deployment.yaml\n");
        }
    }
    out
}

fn service(cx: &Ctx<'_>) -> String {
    let mut s = open(cx, "service", "service.yaml");
    let _ = write!(
        s,
        r#"  - it: routes to the pods' http port (K18, X01)
    asserts:
      - isKind:
          of: Service
      - equal:
          path: spec.type
          value: ClusterIP
      - equal:
          path: spec.ports[0].targetPort
          value: http
      - equal:
          path: spec.selector["app.kubernetes.io/name"]
          value: {name}
"#,
        name = q(cx.name())
    );
    s
}

fn ingress(cx: &Ctx<'_>) -> String {
    let env = cx.options.production();
    let host = cx.options.host(cx.svc, env);
    let mut s = open(cx, "ingress", "ingress.yaml");
    let _ = write!(
        s,
        r"  - it: is off in development
    asserts:
      - hasDocuments:
          count: 0
  - it: serves the production host over TLS with a class (K18)
    values:
      - {prod}
    asserts:
      - isKind:
          of: Ingress
      - equal:
          path: spec.rules[0].host
          value: {host}
      - contains:
          path: spec.tls[0].hosts
          content: {host}
      - isNotNull:
          path: spec.ingressClassName
      - equal:
          path: spec.rules[0].http.paths[0].backend.service.port.name
          value: http
",
        prod = q(&production_values(cx)),
        host = q(&host),
    );
    s
}

fn hpa(cx: &Ctx<'_>) -> String {
    let mut s = open(cx, "hpa", "hpa.yaml");
    let _ = write!(
        s,
        r"  - it: is off in development
    asserts:
      - hasDocuments:
          count: 0
  - it: scales production between three and ten pods, down slowly (K10)
    values:
      - {prod}
    asserts:
      - isKind:
          of: HorizontalPodAutoscaler
      - isAPIVersion:
          of: autoscaling/v2
      - equal:
          path: spec.minReplicas
          value: 3
      - equal:
          path: spec.scaleTargetRef.name
          value: {name}
      - isNotNull:
          path: spec.behavior.scaleDown.stabilizationWindowSeconds
",
        prod = q(&production_values(cx)),
        name = q(cx.name()),
    );
    s
}

fn pdb(cx: &Ctx<'_>) -> String {
    let mut s = open(cx, "pdb", "pdb.yaml");
    let _ = write!(
        s,
        r#"  - it: lets one pod go at a time, never none (K09)
    values:
      - {prod}
    asserts:
      - isKind:
          of: PodDisruptionBudget
      - equal:
          path: spec.maxUnavailable
          value: 1
      - equal:
          path: spec.selector.matchLabels["app.kubernetes.io/name"]
          value: {name}
  - it: can be turned off
    set:
      podDisruptionBudget.enabled: false
    asserts:
      - hasDocuments:
          count: 0
"#,
        prod = q(&production_values(cx)),
        name = q(cx.name()),
    );
    s
}

fn network_policy(cx: &Ctx<'_>) -> String {
    let mut s = open(cx, "networkpolicy", "networkpolicy.yaml");
    let _ = write!(
        s,
        r#"  - it: denies all but the listed traffic to and from the pods (K13)
    asserts:
      - isKind:
          of: NetworkPolicy
      - contains:
          path: spec.policyTypes
          content: Ingress
      - contains:
          path: spec.policyTypes
          content: Egress
      - equal:
          path: spec.podSelector.matchLabels["app.kubernetes.io/name"]
          value: {name}
      - equal:
          path: spec.egress[0].ports[0].port
          value: 53
"#,
        name = q(cx.name()),
    );
    if let (true, Some(overlay)) = (cx.http, first_overlay(cx)) {
        let _ = write!(
            s,
            r#"  - it: admits the ingress controller when the Ingress is on
    values:
      - {overlay}
    asserts:
      - equal:
          path: spec.ingress[0].from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"]
          value: ingress-nginx
"#,
            overlay = q(&overlay)
        );
    }
    if let Some(port) = cx.backing_ports.first() {
        let _ = write!(
            s,
            r"  - it: reaches the backing services
    asserts:
      - contains:
          path: spec.egress[1].ports
          content:
            port: {port}
            protocol: TCP
"
        );
    }
    s
}

fn external_secret(cx: &Ctx<'_>) -> String {
    let env = cx.options.production();
    let mut s = open(cx, "externalsecret", "externalsecret.yaml");
    let _ = write!(
        s,
        r"  - it: makes the Secret the pods read, from the production entry (K12, O05)
    values:
      - {prod}
    asserts:
      - isKind:
          of: ExternalSecret
      - equal:
          path: spec.target.name
          value: {secret}
      - isNotNull:
          path: spec.refreshInterval
      - isNotNull:
          path: spec.secretStoreRef.name
      - equal:
          path: spec.data[0].remoteRef.key
          value: {key}
      - lengthEqual:
          path: spec.data
          count: {count}
",
        prod = q(&production_values(cx)),
        secret = q(&format!("{}-env", cx.name())),
        key = q(&cx.remote_key(env)),
        count = cx.secret_keys.len(),
    );
    s
}

/// Every suite, by file name under `tests/`.
pub fn all(cx: &Ctx<'_>) -> Vec<(String, String)> {
    let mut out = vec![
        ("deployment_test.yaml".to_owned(), deployment(cx)),
        ("hpa_test.yaml".to_owned(), hpa(cx)),
        ("networkpolicy_test.yaml".to_owned(), network_policy(cx)),
    ];
    out.push(("pdb_test.yaml".to_owned(), pdb(cx)));
    if cx.http {
        out.push(("service_test.yaml".to_owned(), service(cx)));
        out.push(("ingress_test.yaml".to_owned(), ingress(cx)));
    }
    if cx.has_secrets() {
        out.push(("externalsecret_test.yaml".to_owned(), external_secret(cx)));
    }
    out.sort();
    out
}
