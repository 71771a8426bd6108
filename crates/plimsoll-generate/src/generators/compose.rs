//! `compose.yaml` and `.env.example` for local development (practices G02,
//! C01–C08, X01–X02).
//!
//! - One service per app service, built from its Dockerfile's
//!   [`RUNTIME_STAGE`](super::dockerfile::RUNTIME_STAGE) (C05) and tagged
//!   `${TAG:-dev}` (never `latest`), published on the loopback interface
//!   only, with the Dockerfile's health check (C01, X02), the numeric user
//!   of the image (X03), a read-only root filesystem with tmpfs where the
//!   runtime allows it, `no-new-privileges`, every capability dropped.
//! - One service per backing service (PostgreSQL, Redis, MySQL, MongoDB,
//!   RabbitMQ) on a pinned image with its own health check and a named
//!   volume (C07); the app waits for it with `condition: service_healthy`
//!   (C01).
//! - Every service has a restart policy (C02), CPU and memory limits and
//!   reservations (C03) and rotated json-file logs (C04).
//! - Passwords are never literal: `${VAR:?message}` interpolation fails
//!   fast when `.env` does not set them (C06); connection URLs are built
//!   from the same variables (X-contract: `BackingService::url_env`).
//! - No top-level `version:` (C08).

use super::dockerfile::{RUNTIME_STAGE, probe_for};
use crate::model::{BackingService, Language, Project, Service, ServiceKind};
use crate::options::{APP_UID, Options, paths};
use crate::write::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub fn generate(project: &Project, options: &Options) -> Vec<GeneratedFile> {
    if project.services.is_empty() {
        return Vec::new();
    }
    vec![
        GeneratedFile::new(paths::COMPOSE, compose(project, options)),
        GeneratedFile::new(paths::ENV_EXAMPLE, env_example(project)),
    ]
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A mapping key: bare when it is a plain DNS label (service names are).
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !name.starts_with('-')
    {
        name.to_owned()
    } else {
        q(name)
    }
}

/// A literal value compose must not interpolate (`$` doubled), quoted.
fn lit(s: &str) -> String {
    q(&s.replace('$', "$$"))
}

/// A required secret: compose refuses to start without it.
fn required(var: &str) -> String {
    format!("${{{var}:?set {var} in .env (see .env.example)}}")
}

/// An optional setting with a development default.
fn optional(var: &str, default: &str) -> String {
    format!("${{{var}:-{default}}}")
}

/// The connection URL an app receives for a backing service, from the same
/// variables the backing service container reads.
fn url(b: BackingService) -> String {
    let host = backing_name(b);
    match b {
        BackingService::Postgres => format!(
            "postgres://{}:{}@{host}:5432/{}",
            optional("POSTGRES_USER", "app"),
            required("POSTGRES_PASSWORD"),
            optional("POSTGRES_DB", "app")
        ),
        BackingService::Mysql => format!(
            "mysql://{}:{}@{host}:3306/{}",
            optional("MYSQL_USER", "app"),
            required("MYSQL_PASSWORD"),
            optional("MYSQL_DATABASE", "app")
        ),
        BackingService::Redis => format!("redis://:{}@{host}:6379/0", required("REDIS_PASSWORD")),
        BackingService::Mongodb => format!(
            "mongodb://{}:{}@{host}:27017/?authSource=admin",
            optional("MONGO_USER", "app"),
            required("MONGO_PASSWORD")
        ),
        BackingService::Rabbitmq => format!(
            "amqp://{}:{}@{host}:5672/",
            optional("RABBITMQ_USER", "app"),
            required("RABBITMQ_PASSWORD")
        ),
    }
}

/// The compose service name of a backing service.
pub fn backing_name(b: BackingService) -> &'static str {
    match b {
        BackingService::Postgres => "postgres",
        BackingService::Redis => "redis",
        BackingService::Mysql => "mysql",
        BackingService::Mongodb => "mongodb",
        BackingService::Rabbitmq => "rabbitmq",
    }
}

/// Pinned backing-service images (C05).
pub fn backing_image(b: BackingService) -> &'static str {
    match b {
        BackingService::Postgres => "postgres:17.2-alpine",
        BackingService::Redis => "redis:7.4.1-alpine",
        BackingService::Mysql => "mysql:8.4.3",
        BackingService::Mongodb => "mongo:8.0.4",
        BackingService::Rabbitmq => "rabbitmq:4.0.4-alpine",
    }
}

/// Memory limit and reservation of an app service.
fn app_memory(svc: &Service) -> (&'static str, &'static str) {
    match (svc.kind, svc.language.value) {
        (ServiceKind::Static, _) => ("128M", "32M"),
        (_, Language::Java) => ("1G", "512M"),
        (_, Language::Go | Language::Rust) => ("256M", "64M"),
        _ => ("512M", "128M"),
    }
}

/// Paths a service writes at run time, mounted as tmpfs under a read-only
/// root; `None` when the runtime needs a writable root.
fn writable_paths(svc: &Service) -> Option<Vec<String>> {
    let app = super::dockerfile::join("/app", &super::dockerfile::dir_in_context(svc));
    let mut paths = vec!["/tmp".to_owned()];
    match svc.language.value {
        _ if svc.kind == ServiceKind::Static => {}
        // FrankenPHP (Caddy state in /data and /config) and Laravel's
        // storage/ need a writable filesystem.
        Language::Php => return None,
        Language::Ruby => paths.push(format!("{app}/tmp")),
        Language::Node if svc.framework() == Some(crate::model::Framework::NextJs) => {
            paths.push(format!("{app}/.next/cache"));
        }
        _ => {}
    }
    Some(paths)
}

const RESTART: &str = "    restart: unless-stopped\n";
const NO_NEW_PRIVILEGES: &str = "    security_opt:\n      - no-new-privileges:true\n";
const LOGGING: &str = "    # Rotated logs: at most 3 files of 10 MB per container.\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: \"3\"\n";

fn deploy(s: &mut String, cpus: &str, memory: (&str, &str)) {
    let _ = write!(
        s,
        "    # Limits stop one runaway container from starving the machine.\n    deploy:\n      resources:\n        limits:\n          cpus: {}\n          memory: {}\n        reservations:\n          cpus: \"0.1\"\n          memory: {}\n",
        q(cpus),
        memory.0,
        memory.1
    );
}

fn healthcheck(s: &mut String, test: &[String], start_period: &str) {
    let items: Vec<String> = test.iter().map(|t| lit(t)).collect();
    let _ = write!(
        s,
        "    healthcheck:\n      test: [{}]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: {start_period}\n",
        items.join(", ")
    );
}

fn compose(project: &Project, options: &Options) -> String {
    let mut s = String::new();
    s.push_str(
        "# Generated by `plimsoll init` from the detected app model; edit freely, your edits are kept on re-run.\n\
         # Local development stack: `cp .env.example .env`, set the passwords, then `docker compose up --build`.\n\
         # Images are built from the same Dockerfiles CI uses (target `runtime`), so what runs here is what ships.\n\
         # No top-level `version:` (obsolete in the Compose Specification); the project name is the directory name.\n\n",
    );
    s.push_str("services:\n");

    let backing = project.backing_services();
    let mut used_ports = BTreeSet::new();
    // Services in alphabetical order (dclint's services-alphabetical-order);
    // host ports are still assigned in the model's order.
    let mut blocks: BTreeMap<String, String> = BTreeMap::new();
    for svc in &project.services {
        let mut block = String::new();
        app_service(&mut block, options, svc, &mut used_ports);
        blocks.insert(svc.name.clone(), block);
    }
    for b in &backing {
        let mut block = String::new();
        backing_service(&mut block, *b);
        blocks.entry(backing_name(*b).to_owned()).or_insert(block);
    }
    let blocks: Vec<String> = blocks.into_values().collect();
    s.push_str(&blocks.join("\n"));
    if !backing.is_empty() {
        s.push_str("\n# Named volumes keep data across `docker compose down` (remove with `down -v`).\nvolumes:\n");
        for b in &backing {
            let _ = writeln!(s, "  {}-data:", backing_name(*b));
        }
    }
    s
}

// Keys are written in the order dclint's service-keys-order rule expects.
fn app_service(s: &mut String, options: &Options, svc: &Service, used_ports: &mut BTreeSet<u16>) {
    let port = svc.port.value;
    let _ = writeln!(s, "  {}:", key(&svc.name));
    let _ = writeln!(
        s,
        "    # Local builds are tagged `dev` (TAG overrides); CI tags images with the commit SHA.\n    image: {}",
        q(&format!(
            "{}:{}",
            options.image(svc),
            optional("TAG", "dev")
        ))
    );
    let dockerfile = paths::dockerfile(svc);
    let in_context = if svc.context == "." {
        dockerfile
    } else {
        dockerfile
            .strip_prefix(&format!("{}/", svc.context))
            .map_or(dockerfile.clone(), str::to_owned)
    };
    let _ = write!(
        s,
        "    # Built from the same Dockerfile as CI; the runtime stage is what ships.\n    build:\n      context: {}\n      dockerfile: {}\n      target: {RUNTIME_STAGE}\n",
        q(&svc.context),
        q(&in_context)
    );
    let mut deps: Vec<BackingService> = svc.backing_services.iter().map(|b| b.value).collect();
    deps.sort();
    deps.dedup();
    if !deps.is_empty() {
        s.push_str("    depends_on:\n");
        for d in &deps {
            let _ = writeln!(
                s,
                "      {}:\n        condition: service_healthy",
                backing_name(*d)
            );
        }
    }
    let mut env: BTreeMap<&str, String> = BTreeMap::new();
    for b in &deps {
        env.entry(b.url_env()).or_insert_with(|| url(*b));
    }
    if !env.is_empty() {
        s.push_str("    # Connection URLs are built from the same variables the backing services read.\n    environment:\n");
        for (k, v) in &env {
            let _ = writeln!(s, "      {k}: {}", q(v));
        }
    }
    if svc.kind != ServiceKind::Worker {
        // Loopback only: the stack is for this machine, not the network.
        let mut host = port;
        while !used_ports.insert(host) {
            host = host.wrapping_add(1).max(1024);
        }
        let _ = writeln!(
            s,
            "    # Published on the loopback interface only.\n    ports:\n      - '127.0.0.1:{host}:{port}'"
        );
    }
    s.push_str(RESTART);
    // Workers too: their health endpoint is the one the chart probes.
    let mut test = vec!["CMD".to_owned()];
    test.extend(probe_for(svc).argv(svc));
    s.push_str("    # The Dockerfile HEALTHCHECK, on the liveness path (the Kubernetes liveness probe uses it too).\n");
    let start = if svc.language.value == Language::Java {
        "60s"
    } else {
        "20s"
    };
    healthcheck(s, &test, start);
    s.push_str(LOGGING);
    let _ = writeln!(
        s,
        "    # The image's numeric user; the chart's runAsUser is the same.\n    user: \"{APP_UID}:{APP_UID}\""
    );
    s.push_str("    cap_drop:\n      - ALL\n");
    let cpus = if svc.kind == ServiceKind::Static {
        "0.5"
    } else {
        "1.0"
    };
    deploy(s, cpus, app_memory(svc));
    s.push_str("    # Always build locally: never pull a registry image of the same name instead.\n    pull_policy: build\n");
    let writable = writable_paths(svc);
    match &writable {
        Some(_) => s.push_str("    # Immutable container: only the tmpfs paths below are writable (in memory).\n    read_only: true\n"),
        None => s.push_str("    # Not read-only: the runtime writes state under its own directories.\n"),
    }
    s.push_str(NO_NEW_PRIVILEGES);
    if let Some(paths) = writable {
        s.push_str("    tmpfs:\n");
        for p in paths {
            let _ = writeln!(s, "      - {}", q(&p));
        }
    }
}

/// Environment, health check, data path and memory of a backing service.
type Backing = (
    Vec<(&'static str, String)>,
    Vec<&'static str>,
    &'static str,
    (&'static str, &'static str),
);

fn backing_service(s: &mut String, b: BackingService) {
    let name = backing_name(b);
    let (env, test, volume, memory): Backing = match b {
        BackingService::Postgres => (
            vec![
                ("POSTGRES_USER", optional("POSTGRES_USER", "app")),
                ("POSTGRES_PASSWORD", required("POSTGRES_PASSWORD")),
                ("POSTGRES_DB", optional("POSTGRES_DB", "app")),
            ],
            vec![
                "CMD-SHELL",
                "pg_isready -U \"$$POSTGRES_USER\" -d \"$$POSTGRES_DB\"",
            ],
            "/var/lib/postgresql/data",
            ("1G", "256M"),
        ),
        BackingService::Mysql => (
            vec![
                ("MYSQL_DATABASE", optional("MYSQL_DATABASE", "app")),
                ("MYSQL_USER", optional("MYSQL_USER", "app")),
                ("MYSQL_PASSWORD", required("MYSQL_PASSWORD")),
                ("MYSQL_ROOT_PASSWORD", required("MYSQL_ROOT_PASSWORD")),
            ],
            vec!["CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"],
            "/var/lib/mysql",
            ("1G", "512M"),
        ),
        BackingService::Redis => (
            vec![("REDIS_PASSWORD", required("REDIS_PASSWORD"))],
            vec![
                "CMD-SHELL",
                "REDISCLI_AUTH=\"$$REDIS_PASSWORD\" redis-cli ping | grep -q PONG",
            ],
            "/data",
            ("256M", "64M"),
        ),
        BackingService::Mongodb => (
            vec![
                ("MONGO_INITDB_ROOT_USERNAME", optional("MONGO_USER", "app")),
                ("MONGO_INITDB_ROOT_PASSWORD", required("MONGO_PASSWORD")),
            ],
            vec![
                "CMD",
                "mongosh",
                "--quiet",
                "--eval",
                "db.adminCommand('ping').ok",
            ],
            "/data/db",
            ("1G", "256M"),
        ),
        BackingService::Rabbitmq => (
            vec![
                ("RABBITMQ_DEFAULT_USER", optional("RABBITMQ_USER", "app")),
                ("RABBITMQ_DEFAULT_PASS", required("RABBITMQ_PASSWORD")),
            ],
            vec!["CMD", "rabbitmq-diagnostics", "-q", "ping"],
            "/var/lib/rabbitmq",
            ("512M", "128M"),
        ),
    };
    let _ = write!(
        s,
        "  {name}:\n    # Not published on the host: the apps reach it as `{name}` on the compose network.\n    image: {}\n    volumes:\n      - {name}-data:{volume}\n",
        backing_image(b)
    );
    s.push_str("    environment:\n");
    for (k, v) in &env {
        let _ = writeln!(s, "      {k}: {}", q(v));
    }
    if b == BackingService::Redis {
        s.push_str("    # The redis image has no password variable: the server reads it from the environment\n    # at start, so it is never written in this file.\n");
        s.push_str("    command: [\"sh\", \"-c\", \"exec redis-server --appendonly yes --requirepass \\\"$$REDIS_PASSWORD\\\"\"]\n");
    }
    s.push_str(RESTART);
    let items: Vec<String> = test.iter().map(|t| q(t)).collect();
    let _ = write!(
        s,
        "    healthcheck:\n      test: [{}]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 30s\n",
        items.join(", ")
    );
    s.push_str(LOGGING);
    s.push_str(
        "    # Every capability dropped except what the official entrypoint needs to fix the volume's\n    # ownership and switch to the image's own user.\n    cap_add:\n      - CHOWN\n      - DAC_OVERRIDE\n      - FOWNER\n      - SETGID\n      - SETUID\n    cap_drop:\n      - ALL\n",
    );
    deploy(s, "1.0", memory);
    // Data lives on the named volume; these are the only other paths the
    // images write (sockets and lock files).
    let tmpfs: &[&str] = match b {
        BackingService::Postgres => &["/tmp", "/var/run/postgresql"],
        BackingService::Redis => &["/tmp"],
        BackingService::Mysql => &["/tmp", "/var/run/mysqld"],
        // MongoDB and RabbitMQ write configuration next to their data at
        // start (configdb, conf.d, the Erlang cookie).
        BackingService::Mongodb | BackingService::Rabbitmq => &[],
    };
    if tmpfs.is_empty() {
        s.push_str("    # Not read-only: the image writes configuration outside its data volume at start.\n");
    } else {
        s.push_str(
            "    # Data on the named volume; everything else is immutable.\n    read_only: true\n",
        );
    }
    s.push_str(NO_NEW_PRIVILEGES);
    if !tmpfs.is_empty() {
        s.push_str("    tmpfs:\n");
        for p in tmpfs {
            let _ = writeln!(s, "      - {p}");
        }
    }
}

/// `.env.example`: every variable compose reads, with development defaults
/// and empty secrets (compose refuses to start until they are set).
fn env_example(project: &Project) -> String {
    let mut s = String::from(
        "# Generated by `plimsoll init`; edit freely, your edits are kept on re-run.\n\
         # Variables read by compose.yaml. Copy to .env (which must never be committed) and fill in\n\
         # the empty secrets; compose stops with an error naming any that is missing.\n\
         # Passwords end up in connection URLs: use URL-safe characters (letters, digits, - _ . ~).\n\n\
         # Tag of the locally built images (CI uses the commit SHA).\nTAG=dev\n",
    );
    for b in project.backing_services() {
        let vars: &[(&str, &str)] = match b {
            BackingService::Postgres => &[
                ("POSTGRES_USER", "app"),
                ("POSTGRES_PASSWORD", ""),
                ("POSTGRES_DB", "app"),
            ],
            BackingService::Mysql => &[
                ("MYSQL_USER", "app"),
                ("MYSQL_PASSWORD", ""),
                ("MYSQL_ROOT_PASSWORD", ""),
                ("MYSQL_DATABASE", "app"),
            ],
            BackingService::Redis => &[("REDIS_PASSWORD", "")],
            BackingService::Mongodb => &[("MONGO_USER", "app"), ("MONGO_PASSWORD", "")],
            BackingService::Rabbitmq => &[("RABBITMQ_USER", "app"), ("RABBITMQ_PASSWORD", "")],
        };
        let _ = writeln!(s, "\n# {b} ({})", backing_image(b));
        for (k, v) in vars {
            let _ = writeln!(s, "{k}={v}");
        }
    }
    s
}
