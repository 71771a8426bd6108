//! Go: `go.mod` (module path, `go` directive, requirements), main packages
//! (`cmd/*/main.go` or the module root), gin/echo/fiber, `client_golang` →
//! `/metrics`, ports from `":8080"`-style literals. The binary is built
//! static with `-trimpath` and run directly (D.. small images).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, find_port,
    find_routes, found, major_minor,
};
use super::tree::{Tree, join, parent};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};

pub(crate) struct Go;

const BACKING: BackingTable = &[
    ("github.com/jackc/pgx*", BackingService::Postgres),
    ("github.com/lib/pq", BackingService::Postgres),
    ("github.com/redis/go-redis*", BackingService::Redis),
    ("github.com/go-redis/redis*", BackingService::Redis),
    ("github.com/gomodule/redigo", BackingService::Redis),
    ("github.com/go-sql-driver/mysql", BackingService::Mysql),
    ("go.mongodb.org/mongo-driver*", BackingService::Mongodb),
    ("github.com/rabbitmq/amqp091-go", BackingService::Rabbitmq),
    ("github.com/streadway/amqp", BackingService::Rabbitmq),
];

/// The module path of a go.mod.
pub(crate) fn module_path(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("module "))
        .map(|m| m.trim().trim_matches('"').to_owned())
}

/// Required module paths (single-line and block `require`).
fn requirements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let l = line.split("//").next().unwrap_or("").trim();
        if l.starts_with("require (") || l == "require(" {
            in_block = true;
        } else if in_block && l == ")" {
            in_block = false;
        } else if in_block {
            if let Some(m) = l.split_whitespace().next() {
                out.push(m.to_owned());
            }
        } else if let Some(rest) = l.strip_prefix("require ")
            && let Some(m) = rest.split_whitespace().next()
        {
            out.push(m.to_owned());
        }
    }
    out
}

impl Provider for Go {
    fn language(&self) -> Language {
        Language::Go
    }

    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let gomod = join(dir, "go.mod");
        let text = tree.read(&gomod)?;
        let module = module_path(&text).unwrap_or_else(|| "app".to_owned());
        let version = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("go "))
            .and_then(|v| major_minor(v.trim()).map(|mm| (mm, v.trim().to_owned())));
        let version = match version {
            Some((v, raw)) => field(v, &gomod, "go", raw),
            None => Fact::guessed("1.23".to_owned(), "go.mod has no go directive"),
        };
        let gosum = join(dir, "go.sum");
        let locked = tree.exists(&gosum);
        let pm = if locked {
            found(PackageManager::GoModules, &gosum, "checksums")
        } else {
            found(PackageManager::GoModules, &gomod, "module")
        };
        let language = field(Language::Go, &gomod, "module", module.clone());
        let mut s = base(scope, language, version, pm, 8080);

        // Main packages: cmd/<name>/main.go, or main.go at the root.
        let mut mains: Vec<(String, String)> = Vec::new();
        for file in tree.files_under(dir, &["/main.go", "main.go"]) {
            let rel = if dir == "." {
                file.as_str()
            } else {
                &file[dir.len() + 1..]
            };
            let pkg_dir = parent(rel);
            let is_main = tree
                .head(file, 8192)
                .is_some_and(|t| t.lines().any(|l| l.trim() == "package main"));
            if !is_main || rel.contains("/internal/") || rel.starts_with("internal/") {
                continue;
            }
            if pkg_dir == "." {
                let name = module
                    .rsplit('/')
                    .find(|p| !is_major_suffix(p))
                    .unwrap_or("app");
                mains.push((super::provider::dns_name(name), ".".to_owned()));
            } else if let Some(name) = pkg_dir.strip_prefix("cmd/")
                && !name.contains('/')
            {
                mains.push((super::provider::dns_name(name), pkg_dir.to_owned()));
            }
        }
        let preferred = ["server", "api", "web", "app"];
        mains.sort_by_key(|(n, _)| {
            (
                preferred.iter().position(|p| p == n).unwrap_or(9),
                n.clone(),
            )
        });
        let deployable = !mains.is_empty();
        if let Some((bin, pkg_dir)) = mains.first() {
            let main_file = join(dir, &join(pkg_dir, "main.go"));
            let target = if pkg_dir == "." {
                ".".to_owned()
            } else {
                format!("./{pkg_dir}")
            };
            s.start_command = found(argv(&[&format!("/app/{bin}")]), &main_file, "package main");
            s.build_command = Some(found(
                format!("go build -trimpath -ldflags=-s -o /out/{bin} {target}"),
                &main_file,
                "package main",
            ));
            s.build_output = Some(found(bin.clone(), &main_file, "package main"));
            for (other, other_dir) in mains.iter().skip(1) {
                tree.note(format!(
                    "{}: main package {other} is not deployed as a service (only {bin} is); run it as a job if needed",
                    join(dir, other_dir)
                ));
            }
        }
        s.test_command = Some(Fact::guessed("go test ./...".to_owned(), "Go convention"));
        s.lint_command = Some(Fact::guessed("go vet ./...".to_owned(), "Go convention"));

        let reqs = requirements(&text);
        let has = |prefix: &str| reqs.iter().find(|r| r.starts_with(prefix));
        for (path, f) in [
            ("github.com/gin-gonic/gin", Framework::Gin),
            ("github.com/labstack/echo", Framework::Echo),
            ("github.com/gofiber/fiber", Framework::Fiber),
        ] {
            if let Some(r) = has(path) {
                s.framework = Some(field(f, &gomod, "require", r.clone()));
                break;
            }
        }
        if let Some(r) = has("github.com/prometheus/client_golang") {
            s.metrics_path = Some(field("/metrics".to_owned(), &gomod, "require", r.clone()));
        }
        if let Some(p) = find_port(tree, dir, &[".go"], &["\":", "Addr: \":", "PORT\", \""]) {
            s.port = p;
        } else if deployable && s.framework.is_none() && !serves_network(tree, dir) {
            s.kind = crate::model::ServiceKind::Worker;
            s.port = Fact::guessed(
                8080,
                "no HTTP or gRPC server found: a worker; health and metrics need a small HTTP listener",
            );
        }
        let (live, ready) = find_routes(tree, dir, &[".go"]);
        if let Some(l) = live {
            s.health_path = l;
        }
        if let Some(r) = ready {
            s.readiness_path = r;
        }
        let deps: Vec<(String, String)> = reqs.iter().map(|r| (r.clone(), r.clone())).collect();
        add_backing(&mut s, BACKING, &deps, &gomod);
        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        if !locked && !reqs.is_empty() {
            tree.note(format!(
                "{gomod}: no go.sum: run `go mod tidy` and commit it"
            ));
        }
        let verdict = if deployable {
            format!("Go module {module} with main package {}", mains[0].0)
        } else {
            format!("Go module {module} without a main package (a library)")
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

fn is_major_suffix(p: &str) -> bool {
    p.len() >= 2 && p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit())
}

/// Whether the module imports an HTTP or gRPC server package.
fn serves_network(tree: &Tree, dir: &str) -> bool {
    tree.sources(dir, &[".go"]).iter().any(|f| {
        tree.head(f, 16 * 1024)
            .is_some_and(|t| t.contains("\"net/http\"") || t.contains("\"google.golang.org/grpc\""))
    })
}
