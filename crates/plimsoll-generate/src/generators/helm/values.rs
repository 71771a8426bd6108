//! `values.yaml` (safe development defaults), one overlay per environment
//! (H02, H04) and `values.schema.json`.

use super::{Ctx, HEADER, Profile, cpu, memory, q};
use crate::model::Language;
use std::fmt::Write as _;

fn resources(s: &mut String, p: Profile, indent: &str) {
    let _ = writeln!(
        s,
        "{indent}requests:\n{indent}  cpu: {}\n{indent}  memory: {}\n{indent}limits:\n{indent}  cpu: {}\n{indent}  memory: {}\n\
         {indent}  # Logs, /tmp and the writable layer: a runaway writer is evicted, not the node.\n\
         {indent}  ephemeral-storage: 1Gi",
        cpu(p.cpu_request_m),
        memory(p.memory_request_mi),
        cpu(p.cpu_limit_m),
        memory(p.memory_limit_mi)
    );
}

/// Production sizing: twice the development requests and limits.
fn production_profile(p: Profile) -> Profile {
    Profile {
        cpu_request_m: p.cpu_request_m * 2,
        cpu_limit_m: p.cpu_limit_m * 2,
        memory_request_mi: p.memory_request_mi * 2,
        memory_limit_mi: p.memory_limit_mi * 2,
        startup_failures: p.startup_failures,
    }
}

pub fn base(cx: &Ctx<'_>) -> String {
    let svc = cx.svc;
    let name = cx.name();
    let mut s = String::from(HEADER);
    let _ = writeln!(
        s,
        "# Development defaults of the `{name}` chart: safe to install as they are (H02).\n\
         # The values-<env>.yaml overlays change only what differs per environment."
    );
    s.push('\n');
    if cx.http {
        s.push_str(
            "# Two pods even in development: a rollout, crash or node drain never takes\n\
             # the service down, and the PodDisruptionBudget is exercised early (K09).\n\
             replicaCount: 2\n",
        );
    } else {
        s.push_str("# One consumer in development; scale out in the overlays.\nreplicaCount: 1\n");
    }
    s.push_str(
        "# Old ReplicaSets kept so `helm rollback` stays possible, but bounded (K07).\n\
         revisionHistoryLimit: 5\n\n",
    );
    let _ = writeln!(
        s,
        "image:\n  # The image CI builds and pushes (X04).\n  repository: {}\n  \
         # CI sets the commit SHA it built; empty deploys the chart's appVersion.\n  \
         # `latest` is refused: it changes under a running release (K04).\n  tag: \"\"\n  \
         # A sha256:... digest pins the exact image when set.\n  digest: \"\"\n  \
         # Tags are immutable commit SHAs: a node never needs to pull one again.\n  pullPolicy: IfNotPresent\n",
        q(&cx.options.image(svc))
    );
    s.push_str("imagePullSecrets: []\nnameOverride: \"\"\nfullnameOverride: \"\"\n\n");
    s.push_str(
        "serviceAccount:\n  # A dedicated account per workload; its API token is not mounted (K11).\n  \
         create: true\n  name: \"\"\n  \
         # Pod-level cloud identity, never node roles (K11), for example\n  \
         # eks.amazonaws.com/role-arn: arn:aws:iam::<account>:role/<role> (AWS IRSA),\n  \
         # iam.gke.io/gcp-service-account: <name>@<project>.iam.gserviceaccount.com (GKE),\n  \
         # azure.workload.identity/client-id: <client-id> (AKS).\n  \
         annotations: {}\n\n",
    );
    s.push_str("podAnnotations: {}\npodLabels: {}\n\n");
    let port = svc.port.value;
    let _ = writeln!(
        s,
        "# The port the process listens on: the Dockerfile's EXPOSE (X01).\ncontainerPort: {port}\n"
    );
    if cx.http {
        s.push_str("service:\n  type: ClusterIP\n  port: 80\n\n");
    } else {
        s.push_str(
            "# A worker takes no requests: no Service or Ingress. Its port serves only the\n\
             # health (and metrics) endpoints the kubelet and Prometheus call.\n\n",
        );
    }
    s.push_str(
        "# The same paths as the Dockerfile HEALTHCHECK and the compose healthcheck (X02).\nprobes:\n",
    );
    {
        if cx.liveness_tcp {
            s.push_str(
                "  # Liveness checks that the process accepts connections on the port: the\n  \
                 # service has one health route and it is kept for readiness, so a failing\n  \
                 # dependency takes the pod out of the Service instead of restarting it (K02).\n",
            );
        } else {
            let _ = writeln!(
                s,
                "  # Liveness and startup: the process answers (no dependency checks).\n  livenessPath: {}",
                q(&svc.health_path.value)
            );
        }
        let _ = writeln!(
            s,
            "  # Readiness: the service and its dependencies are ready for traffic.\n  readinessPath: {}",
            q(&svc.readiness_path.value)
        );
        let _ = writeln!(
            s,
            "  # Start-up attempts, 5 seconds apart, before the container is restarted.\n  startupFailureThreshold: {}\n",
            cx.profile.startup_failures
        );
    }
    s.push_str("# Requests size scheduling, limits stop a leak from starving the node (K01).\nresources:\n");
    resources(&mut s, cx.profile, "  ");
    s.push('\n');
    s.push_str(
        "# Seconds to finish in-flight work after SIGTERM (K05).\nterminationGracePeriodSeconds: 30\n\
         # The pod leaves the Service endpoints before its process gets SIGTERM (K05).\npreStopSleepSeconds: 5\n\
         # The root filesystem is read-only; /tmp is an emptyDir this large (K03).\ntmpSizeLimit: 256Mi\n",
    );
    if svc.framework() == Some(crate::model::Framework::NextJs) {
        s.push_str(
            "# Other directories the process writes to, each an emptyDir: Next.js keeps its\n\
             # image and fetch cache in .next/cache under the image's WORKDIR (/app).\n\
             extraWritablePaths:\n  - \"/app/.next/cache\"\n\n",
        );
    } else {
        s.push_str(
            "# Other directories the process writes to, each an emptyDir of that size.\n\
             extraWritablePaths: []\n\n",
        );
    }
    s.push_str(
        "# Spread pods across nodes and zones (K08). ScheduleAnyway in development so a\n\
         # one-node cluster still runs every pod; production requires distinct nodes.\n\
         topologySpread:\n  hostname: ScheduleAnyway\n  zone: ScheduleAnyway\n\n",
    );
    s.push_str("nodeSelector: {}\ntolerations: []\naffinity: {}\npriorityClassName: \"\"\n\n");
    s.push_str(
        "# Non-secret environment variables, in the chart's ConfigMap; the pods roll\n\
         # when it changes (H06). Secrets never go here: see externalSecret. PORT is\n\
         # set from containerPort.\n",
    );
    let defaults: &[(&str, &str, &str)] = match svc.language.value {
        _ if svc.kind == crate::model::ServiceKind::Static => &[],
        Language::Node => &[(
            "NODE_ENV",
            "production",
            "Production mode of Node libraries.",
        )],
        Language::Python => &[("PYTHONUNBUFFERED", "1", "Logs reach stdout at once (K16).")],
        Language::Java => &[(
            "JAVA_TOOL_OPTIONS",
            "-XX:MaxRAMPercentage=75.0",
            "The heap follows the memory limit.",
        )],
        _ => &[],
    };
    if defaults.is_empty() {
        s.push_str("env: {}\n\n");
    } else {
        s.push_str("env:\n");
        for (k, v, why) in defaults {
            let _ = writeln!(s, "  # {why}\n  {k}: {}", q(v));
        }
        s.push('\n');
    }
    if cx.http {
        let _ = writeln!(
            s,
            "ingress:\n  # Off in development: use `kubectl port-forward svc/{name} 8080:80`.\n  \
             enabled: false\n  className: nginx\n  annotations: {{}}\n  host: {}\n  \
             # The certificate's Secret; empty means <release>-tls (cert-manager fills it).\n  \
             tlsSecretName: \"\"\n",
            q(&format!("{name}.localhost"))
        );
    }
    s.push_str(
        "autoscaling:\n  enabled: false\n  minReplicas: 2\n  maxReplicas: 6\n  \
         targetCPUUtilizationPercentage: 70\n  \
         # Lower load must last this long before pods are removed: no flapping (K10).\n  \
         scaleDownStabilizationSeconds: 300\n\n",
    );
    let _ = writeln!(
        s,
        "# At most one pod down at a time during node drains; never blocks them (K09).\n\
         podDisruptionBudget:\n  enabled: {}\n  maxUnavailable: 1\n",
        cx.http
    );
    s.push_str(
        "# Deny all traffic to and from the pods except what is listed (K13).\nnetworkPolicy:\n  \
         enabled: true\n",
    );
    if cx.http {
        s.push_str(
            "  # Namespace of the ingress controller allowed to reach the pods.\n  \
             ingressControllerNamespace: ingress-nginx\n  \
             # Other pods of the release namespace may call the service.\n  \
             allowSameNamespace: true\n",
        );
    }
    s.push_str(
        "  # Namespace of the Prometheus that scrapes the pods.\n  prometheusNamespace: monitoring\n",
    );
    s.push_str(
        "  # TCP ports the pods may connect to, at any address: the backing services.\n  \
         # Narrow them with networkPolicy.extraEgress `to:` blocks when their addresses are known.\n",
    );
    if cx.backing_ports.is_empty() {
        s.push_str("  egressPorts: []\n");
    } else {
        s.push_str("  egressPorts:\n");
        for p in &cx.backing_ports {
            let _ = writeln!(s, "    - {p}");
        }
    }
    s.push_str(
        "  # Further NetworkPolicy egress rules, as written in the policy.\n  extraEgress: []\n\n",
    );
    let _ = writeln!(
        s,
        "# The Secret <release>-env, made by the External Secrets Operator from the\n\
         # secret manager; each key becomes the environment variable of that name\n\
         # (secretKeyRef). No secret value is in Git (K12, O05).\n\
         externalSecret:\n  enabled: {}\n  refreshInterval: 1h\n  secretStoreRef:\n    \
         kind: ClusterSecretStore\n    name: {}\n  \
         # The secret manager entry; each key below is one of its properties.\n  remoteKey: {}",
        cx.has_secrets(),
        q(cx.secret_store()),
        q(&cx.remote_key("development"))
    );
    if cx.secret_keys.is_empty() {
        s.push_str("  keys: []\n\n");
    } else {
        s.push_str("  keys:\n");
        for k in &cx.secret_keys {
            let _ = writeln!(s, "    - {k}");
        }
        s.push('\n');
    }
    let (enabled, path) = match cx.metrics() {
        Some(p) => (true, p.to_owned()),
        None => (false, "/metrics".to_owned()),
    };
    let _ = writeln!(
        s,
        "# Prometheus metrics on the http port (K16): scrape annotations on the pods,\n\
         # or a ServiceMonitor when the Prometheus Operator is installed.\n\
         metrics:\n  enabled: {enabled}\n  path: {}\n  serviceMonitor:\n    enabled: false\n    interval: 30s",
        q(&path)
    );
    s
}

/// The comment that marks the overlay line CI rewrites on promotion.
pub const PROMOTED_TAG_MARK: &str = "# set by CI on promotion";

/// The `image.tag` line of an environment overlay, as the Helm generator
/// writes it and the GitOps pipeline rewrites it (CI12).
pub fn promoted_tag_line(tag: &str) -> String {
    format!("  tag: \"{tag}\"  {PROMOTED_TAG_MARK}")
}

pub fn overlay(cx: &Ctx<'_>, env: &str) -> String {
    let production = env == cx.options.production();
    let name = cx.name();
    let mut s = String::from(HEADER);
    let ns = crate::options::Options::namespace(cx.project, env);
    let _ = writeln!(
        s,
        "# The {env} environment (namespace {ns}): only what differs from values.yaml (H02).\n\
         # CI sets image.tag to the commit SHA it promotes; never `latest` (K04, H04).\n"
    );
    let _ = writeln!(
        s,
        "image:\n  # GitOps deploys (CI12): the pipeline rewrites this exact line with the\n  \
         # commit SHA it promotes, and ArgoCD applies the commit. Keep it on one line\n  \
         # with its comment; empty deploys the chart's appVersion.\n{}\n",
        promoted_tag_line("")
    );
    if production {
        if !cx.http {
            s.push_str(
                "# CPU is a proxy for a worker's load: scale on the queue length (KEDA)\n\
                 # when the broker exposes it.\n",
            );
        }
        s.push_str(
            "# The HPA owns the replica count: at least three pods, spread over nodes (K10).\n\
             autoscaling:\n  enabled: true\n  minReplicas: 3\n  maxReplicas: 10\n  \
             targetCPUUtilizationPercentage: 70\n  scaleDownStabilizationSeconds: 300\n\n",
        );
        s.push_str(
            "podDisruptionBudget:\n  enabled: true\n  maxUnavailable: 1\n\n\
             # Never two pods on one node; zones as evenly as they allow (K08).\n\
             topologySpread:\n  hostname: DoNotSchedule\n  zone: ScheduleAnyway\n\n",
        );
        s.push_str("# Production sizing, always explicit (H04, K01).\nresources:\n");
        resources(&mut s, production_profile(cx.profile), "  ");
        s.push('\n');
    } else {
        let replicas = if cx.http { 2 } else { 1 };
        let _ = writeln!(
            s,
            "# Stated here so a change to values.yaml does not silently change {env}.\n\
             replicaCount: {replicas}\n"
        );
    }
    if cx.http {
        let _ = writeln!(
            s,
            "ingress:\n  enabled: true\n  className: nginx\n  annotations:\n    \
             # cert-manager issues the TLS certificate into <release>-tls.\n    \
             cert-manager.io/cluster-issuer: letsencrypt\n  host: {}\n",
            q(&cx.options.host(cx.svc, env))
        );
    }
    if cx.has_secrets() {
        let _ = writeln!(
            s,
            "externalSecret:\n  enabled: true\n  remoteKey: {}\n",
            q(&cx.remote_key(env))
        );
    }
    if cx.metrics().is_some() && cx.http {
        s.push_str(
            "# The cluster runs the Prometheus Operator: scrape through a ServiceMonitor.\n\
             metrics:\n  serviceMonitor:\n    enabled: true\n",
        );
    }
    let _ = name;
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// JSON Schema of the values: Helm (and plimsoll) refuse values that do not
/// match it, before anything renders.
pub fn schema(cx: &Ctx<'_>) -> String {
    use serde_json::{Value, json};
    let quantity = json!({"type": ["string", "integer", "number"]});
    let resources = json!({
        "type": "object",
        "required": ["requests", "limits"],
        "properties": {
            "requests": {
                "type": "object",
                "required": ["cpu", "memory"],
                "properties": {"cpu": quantity, "memory": quantity}
            },
            "limits": {
                "type": "object",
                "required": ["memory"],
                "properties": {"cpu": quantity, "memory": quantity}
            }
        }
    });
    let spread = json!({"type": "string", "enum": ["DoNotSchedule", "ScheduleAnyway"]});
    let mut props = serde_json::Map::new();
    let mut put = |k: &str, v: Value| {
        props.insert(k.to_owned(), v);
    };
    put("replicaCount", json!({"type": "integer", "minimum": 0}));
    put(
        "revisionHistoryLimit",
        json!({"type": "integer", "minimum": 1}),
    );
    put(
        "image",
        json!({
            "type": "object",
            "required": ["repository", "tag", "pullPolicy"],
            "properties": {
                "repository": {"type": "string", "minLength": 1},
                "tag": {
                    "type": "string",
                    "description": "The commit SHA CI built; `latest` is refused.",
                    "not": {"const": "latest"}
                },
                "digest": {"type": "string", "pattern": "^(sha256:[a-f0-9]{64})?$"},
                "pullPolicy": {"type": "string", "enum": ["IfNotPresent", "Always", "Never"]}
            }
        }),
    );
    put("imagePullSecrets", json!({"type": "array"}));
    put("nameOverride", json!({"type": "string"}));
    put("fullnameOverride", json!({"type": "string"}));
    put(
        "serviceAccount",
        json!({
            "type": "object",
            "properties": {
                "create": {"type": "boolean"},
                "name": {"type": "string"},
                "annotations": {"type": "object"}
            }
        }),
    );
    put("podAnnotations", json!({"type": "object"}));
    put("podLabels", json!({"type": "object"}));
    put(
        "containerPort",
        json!({"type": "integer", "minimum": 1, "maximum": 65535}),
    );
    put("resources", resources);
    put(
        "terminationGracePeriodSeconds",
        json!({"type": "integer", "minimum": 1}),
    );
    put(
        "preStopSleepSeconds",
        json!({"type": "integer", "minimum": 1}),
    );
    put("tmpSizeLimit", quantity.clone());
    put(
        "extraWritablePaths",
        json!({"type": "array", "items": {"type": "string", "pattern": "^/"}}),
    );
    put(
        "topologySpread",
        json!({"type": "object", "properties": {"hostname": spread, "zone": spread}}),
    );
    put("nodeSelector", json!({"type": "object"}));
    put("tolerations", json!({"type": "array"}));
    put("affinity", json!({"type": "object"}));
    put("priorityClassName", json!({"type": "string"}));
    put(
        "env",
        json!({"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}),
    );
    put(
        "autoscaling",
        json!({
            "type": "object",
            "properties": {
                "enabled": {"type": "boolean"},
                "minReplicas": {"type": "integer", "minimum": 1},
                "maxReplicas": {"type": "integer", "minimum": 1},
                "targetCPUUtilizationPercentage": {"type": "integer", "minimum": 1, "maximum": 100},
                "scaleDownStabilizationSeconds": {"type": "integer", "minimum": 0}
            }
        }),
    );
    put(
        "podDisruptionBudget",
        json!({
            "type": "object",
            "properties": {
                "enabled": {"type": "boolean"},
                "maxUnavailable": {"type": ["integer", "string"]}
            }
        }),
    );
    let mut np = json!({
        "enabled": {"type": "boolean"},
        "prometheusNamespace": {"type": "string"},
        "egressPorts": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 65535}},
        "extraEgress": {"type": "array"}
    });
    if cx.http {
        np["ingressControllerNamespace"] = json!({"type": "string"});
        np["allowSameNamespace"] = json!({"type": "boolean"});
    }
    put("networkPolicy", json!({"type": "object", "properties": np}));
    let mut probe_props = json!({
        "readinessPath": {"type": "string", "pattern": "^/"},
        "startupFailureThreshold": {"type": "integer", "minimum": 1}
    });
    if !cx.liveness_tcp {
        probe_props["livenessPath"] = json!({"type": "string", "pattern": "^/"});
    }
    put(
        "probes",
        json!({"type": "object", "properties": probe_props}),
    );
    put(
        "externalSecret",
        json!({
            "type": "object",
            "properties": {
                "enabled": {"type": "boolean"},
                "refreshInterval": {"type": "string"},
                "secretStoreRef": {
                    "type": "object",
                    "required": ["kind", "name"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["SecretStore", "ClusterSecretStore"]},
                        "name": {"type": "string", "minLength": 1}
                    }
                },
                "remoteKey": {"type": "string"},
                "keys": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}}
            }
        }),
    );
    put(
        "metrics",
        json!({
            "type": "object",
            "properties": {
                "enabled": {"type": "boolean"},
                "path": {"type": "string", "pattern": "^/"},
                "serviceMonitor": {
                    "type": "object",
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "interval": {"type": "string"}
                    }
                }
            }
        }),
    );
    if cx.http {
        put(
            "service",
            json!({
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["ClusterIP", "LoadBalancer"]},
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535}
                }
            }),
        );
        put(
            "ingress",
            json!({
                "type": "object",
                "properties": {
                    "enabled": {"type": "boolean"},
                    "className": {"type": "string", "minLength": 1},
                    "annotations": {"type": "object"},
                    "host": {"type": "string", "minLength": 1},
                    "tlsSecretName": {"type": "string"}
                }
            }),
        );
    }
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$comment": "Generated by `plimsoll init`; edit freely: your edits are kept when it runs again.",
        "title": format!("Values of the {} chart", cx.name()),
        "type": "object",
        "required": ["image", "resources", "containerPort"],
        "properties": Value::Object(props)
    });
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
