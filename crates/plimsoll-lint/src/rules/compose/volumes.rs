//! DC015 and DC016: persistent data lives in named volumes.

use super::prelude::*;
use super::support::judged;

/// Images that keep state, by repository name (last path segment), and
/// where they keep it.
const DATA_STORES: [(&str, &[&str]); 15] = [
    (
        "postgres",
        &["/var/lib/postgresql/data", "/var/lib/postgresql"],
    ),
    (
        "postgis",
        &["/var/lib/postgresql/data", "/var/lib/postgresql"],
    ),
    ("mysql", &["/var/lib/mysql"]),
    ("mariadb", &["/var/lib/mysql"]),
    ("mongo", &["/data/db"]),
    ("elasticsearch", &["/usr/share/elasticsearch/data"]),
    ("opensearch", &["/usr/share/opensearch/data"]),
    ("clickhouse-server", &["/var/lib/clickhouse"]),
    ("clickhouse", &["/var/lib/clickhouse"]),
    ("cassandra", &["/var/lib/cassandra"]),
    ("couchdb", &["/opt/couchdb/data"]),
    ("influxdb", &["/var/lib/influxdb2", "/var/lib/influxdb"]),
    ("rabbitmq", &["/var/lib/rabbitmq"]),
    ("neo4j", &["/data"]),
    ("mssql-server", &["/var/opt/mssql"]),
];

/// The data directories of an image, if it is a known data store.
fn data_dirs(image: &str) -> Option<&'static [&'static str]> {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    let repo = last.split(':').next().unwrap_or(last);
    DATA_STORES
        .iter()
        .find(|(n, _)| *n == repo)
        .map(|(_, dirs)| *dirs)
}

/// Whether a container path is one of the usual data directories.
fn is_data_dir(target: &str) -> bool {
    let t = target.trim_end_matches('/');
    DATA_STORES
        .iter()
        .flat_map(|(_, dirs)| dirs.iter())
        .any(|d| *d == t && *d != "/data")
        || t == "/data/db"
        || t.starts_with("/bitnami/")
}

/// Whether `inner` is `outer` or below it.
fn within(inner: &str, outer: &str) -> bool {
    let (i, o) = (inner.trim_end_matches('/'), outer.trim_end_matches('/'));
    i == o || i.strip_prefix(o).is_some_and(|r| r.starts_with('/')) || o.is_empty()
}

declare_rule! {
    /// ## What it does
    /// Reports an anonymous volume: a `volumes` item with only a container
    /// path (`- /var/lib/mysql`), or the long syntax `type: volume` without
    /// `source`. It is a warning at the data directory of a database
    /// (`/var/lib/postgresql/data`, `/var/lib/mysql`, `/data/db`...) and
    /// advice elsewhere. Not reported: an anonymous volume below another
    /// mount of the same service (the `- .:/app` plus
    /// `- /app/node_modules` idiom, which keeps a directory of the image
    /// from being hidden by a bind mount).
    ///
    /// ## Why is this bad?
    /// An anonymous volume gets a random name: after `docker compose down`
    /// the next `up` creates a new, empty one and the old one lingers
    /// unnamed; `down -v` and `--renew-anon-volumes` delete it. Nothing
    /// else can share or back it up by name.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     volumes:
    ///       - /var/lib/postgresql/data
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     volumes:
    ///       - db-data:/var/lib/postgresql/data
    /// volumes:
    ///   db-data:
    /// ```
    ///
    /// ## References
    /// - Practice C07 (named volumes for persistent data).
    /// - compose-lint and dclint have no equivalent check.
    pub struct AnonymousVolume {
        code: "DC015",
        name: "anonymous-volume",
        summary: "Service mounts an anonymous volume",
        severity: Warning,
        category: Reliability,
        practices: ["C07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for AnonymousVolume {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for m in &s.volumes {
            if m.kind != MountKind::Anonymous || m.interpolated {
                continue;
            }
            let Some(target) = m.target.as_deref() else {
                continue;
            };
            let shadowing = s.volumes.iter().any(|other| {
                !std::ptr::eq(other, m)
                    && other.kind != MountKind::Anonymous
                    && other
                        .target
                        .as_deref()
                        .is_some_and(|o| within(target, o) && o != target)
            });
            if shadowing {
                continue;
            }
            let data = is_data_dir(target)
                || s.image
                    .as_ref()
                    .and_then(|i| data_dirs(&i.value))
                    .is_some_and(|dirs| {
                        dirs.iter().any(|d| within(target, d) || within(d, target))
                    });
            out.add(
                cx.span(m.node),
                format!(
                    "{} mounts an anonymous volume at `{target}`{}",
                    s.display(),
                    if data {
                        ": the database's data is lost to the next `docker compose down`"
                    } else {
                        ""
                    }
                ),
            )
            .help(format!(
                "name the volume (`{}-data:{target}`) and declare it under the top-level `volumes`",
                s.name
            ))
            .severity(if data {
                Severity::Warning
            } else {
                Severity::Info
            });
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service running a database image (`postgres`, `mysql`,
    /// `mariadb`, `mongo`, `elasticsearch`, `opensearch`, `clickhouse`,
    /// `cassandra`, `couchdb`, `influxdb`, `rabbitmq`, `neo4j`,
    /// `mssql-server`; any registry or tag) with no volume or bind mount at
    /// or above its data directory, in any file merged with it. Mounting a
    /// `tmpfs` there marks the data as deliberately throwaway and is not
    /// reported; so is a `PGDATA`/data directory moved elsewhere with a
    /// mount at the new place.
    ///
    /// ## Why is this bad?
    /// The data then lives in the anonymous volume the image declares (or
    /// in the container's layer): `docker compose down` followed by `up`
    /// starts from an empty database.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     volumes:
    ///       - db-data:/var/lib/postgresql/data
    /// volumes:
    ///   db-data:
    /// ```
    ///
    /// ## References
    /// - Practice C07 (named volumes for persistent data).
    /// - compose-lint and dclint have no equivalent check.
    pub struct DataStoreWithoutVolume {
        code: "DC016",
        name: "data-store-without-volume",
        summary: "Database service keeps its data outside any named volume",
        severity: Warning,
        category: Reliability,
        practices: ["C07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DataStoreWithoutVolume {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(image) = &s.image else { return };
        if s.build.is_some() || image.is_interpolated() {
            return;
        }
        let Some(dirs) = data_dirs(&image.value) else {
            return;
        };
        let Some(merged) = judged(cx, s) else { return };
        // A data directory moved by the environment (`PGDATA`).
        let moved: Vec<String> = merged
            .defs
            .iter()
            .flat_map(|d| d.service.environment.iter())
            .filter(|v| matches!(v.key.as_str(), "PGDATA" | "MYSQL_DATADIR"))
            .filter_map(|v| v.value.clone())
            .collect();
        let mounted = merged.defs.iter().any(|d| {
            let yaml = d.member.yaml();
            let tmpfs = yaml
                .get(d.service.node, "tmpfs")
                .map(|t| Scalar::list(yaml, t))
                .unwrap_or_default();
            d.service
                .volumes
                .iter()
                .filter(|m| m.kind != MountKind::Anonymous)
                .filter_map(|m| m.target.as_deref())
                .chain(
                    tmpfs
                        .iter()
                        .map(|t| t.value.split(':').next().unwrap_or("")),
                )
                .any(|t| {
                    t.contains('$')
                        || dirs.iter().any(|dir| within(dir, t))
                        || moved.iter().any(|dir| within(dir, t))
                })
        });
        if mounted {
            return;
        }
        let dir = dirs.first().copied().unwrap_or("/data");
        out.add(
            cx.span(image.node),
            format!(
                "{} runs `{}` without a volume at `{dir}`: its data does not survive `docker compose down`",
                s.display(),
                image.value
            ),
        )
        .help(format!("mount a named volume: `{}-data:{dir}`", s.name));
    }
}
