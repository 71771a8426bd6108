use super::prelude::*;
use super::workload_support::is_partial;

/// Images of stores that keep state on disk and need stable identities:
/// `(image name, needs a claim to count)`. Redis and Valkey without a
/// claim are caches, and NATS without JetStream keeps no state.
const STORES: [(&str, bool); 26] = [
    ("postgres", false),
    ("postgresql", false),
    ("postgis", false),
    ("timescaledb", false),
    ("mysql", false),
    ("mariadb", false),
    ("percona-server", false),
    ("mongo", false),
    ("mongodb", false),
    ("elasticsearch", false),
    ("opensearch", false),
    ("kafka", false),
    ("zookeeper", false),
    ("etcd", false),
    ("cassandra", false),
    ("rabbitmq", false),
    ("minio", false),
    ("clickhouse", false),
    ("clickhouse-server", false),
    ("cockroach", false),
    ("couchdb", false),
    ("neo4j", false),
    ("influxdb", false),
    ("redis", true),
    ("valkey", true),
    ("nats", false),
];

/// The store an image runs (`postgres` for `docker.io/library/postgres:16`,
/// `kafka` for `confluentinc/cp-kafka:7.6.0`).
fn store_of(image: &str) -> Option<(&'static str, bool)> {
    let name = crate::k8s::cluster::image_name(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last.strip_prefix("cp-").unwrap_or(last);
    STORES.iter().copied().find(|(s, _)| *s == last)
}

/// Whether a NATS container enables JetStream (`-js`, `--jetstream`, or a
/// `jetstream` block in a config passed on the command line).
fn nats_has_jetstream(yaml: &YamlFile, c: &Container) -> bool {
    ["command", "args"].iter().any(|f| {
        c.get(yaml, f).is_some_and(|l| {
            yaml.items(l).iter().any(|&i| {
                yaml.str(i)
                    .is_some_and(|s| s == "-js" || s.contains("jetstream"))
            })
        })
    })
}

/// The claim names of the pod's volumes mounted by the container.
fn mounted_claims<'y>(yaml: &'y YamlFile, w: &Workload, c: &Container) -> Vec<&'y str> {
    let Some(volumes) = w.pod_field(yaml, "volumes") else {
        return Vec::new();
    };
    let mounts: Vec<&str> = c
        .get(yaml, "volumeMounts")
        .map(|m| {
            yaml.items(m)
                .iter()
                .filter_map(|&i| yaml.get(i, "name").and_then(|n| yaml.str(n)))
                .collect()
        })
        .unwrap_or_default();
    yaml.items(volumes)
        .iter()
        .filter(|&&v| {
            yaml.get(v, "name")
                .and_then(|n| yaml.str(n))
                .is_some_and(|n| mounts.contains(&n))
        })
        .filter_map(|&v| {
            yaml.path(v, &["persistentVolumeClaim", "claimName"])
                .and_then(|n| yaml.str(n))
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports a Deployment whose main container runs a well-known stateful
    /// store (PostgreSQL, MySQL, MariaDB, MongoDB, Elasticsearch,
    /// OpenSearch, Kafka, ZooKeeper, etcd, Cassandra, RabbitMQ, MinIO,
    /// ClickHouse, CockroachDB, CouchDB, Neo4j, InfluxDB; Redis and Valkey
    /// only with a PersistentVolumeClaim; NATS only with JetStream) and
    /// that mounts a PersistentVolumeClaim or runs two replicas or more.
    /// Images are recognised by their last path component, so exporters and
    /// clients (`postgres-exporter`, `minio/mc`) are not reported; templated
    /// images are skipped.
    ///
    /// ## Why is this bad?
    /// A Deployment treats its pods as interchangeable. With a
    /// ReadWriteOnce claim, a rolling update starts the new pod before the
    /// old one releases the volume and stalls, or, on storage that allows
    /// it, two database processes write the same files. With several
    /// replicas, each pod is an independent store with its own data behind
    /// one Service. StatefulSets give each replica a stable name, its own
    /// claim and ordered updates, which these stores expect.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - name: db
    ///           image: postgres:16.4
    ///           volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
    ///       volumes:
    ///         - name: data
    ///           persistentVolumeClaim: {claimName: db}
    /// ```
    ///
    /// ## Use instead
    /// A StatefulSet with `volumeClaimTemplates` and a headless Service, or
    /// an operator (CloudNativePG, Strimzi...) or a managed service.
    ///
    /// ## References
    /// - Practice K20 (StatefulSets for stateful stores).
    pub struct StatefulStoreInDeployment {
        code: "K8S091",
        name: "stateful-store-in-deployment",
        summary: "Stateful store runs as a Deployment",
        severity: Info,
        category: Reliability,
        practices: ["K20"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for StatefulStoreInDeployment {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        if w.kind != WorkloadKind::Deployment
            || c.role != ContainerRole::Main
            || is_partial(cx, o, w)
        {
            return;
        }
        let Some(image) = c.image.as_deref().filter(|i| !helpers::is_templated(i)) else {
            return;
        };
        let Some((store, needs_claim)) = store_of(image) else {
            return;
        };
        if store == "nats" && !nats_has_jetstream(yaml, c) {
            return;
        }
        let claims = mounted_claims(yaml, w, c);
        let replicas = w.effective_replicas().filter(|r| *r >= 2);
        let why = match (claims.first(), replicas) {
            (Some(claim), _) => format!("mounts the PersistentVolumeClaim `{claim}`"),
            (None, Some(n)) if !needs_claim => format!("runs {n} replicas"),
            _ => return,
        };
        let span = c
            .get(yaml, "image")
            .map_or_else(|| cx.container_span(c), |n| cx.span(n));
        out.add(
            span,
            format!(
                "{} of {} runs the stateful store `{store}` and {why}: a StatefulSet gives each replica its own identity and volume",
                c.display(),
                o.display()
            ),
        )
        .help("run the store as a StatefulSet with `volumeClaimTemplates`, or through an operator");
    }
}
