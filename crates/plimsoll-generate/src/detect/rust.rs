//! Rust: `Cargo.toml` package with bin targets (`[[bin]]`, `src/main.rs`,
//! `src/bin/*.rs`), axum/actix-web, version from `rust-toolchain.toml` or
//! `rust-version`; builds `--locked` from `Cargo.lock` (C01). Workspace
//! members build from the workspace root (the lockfile and inherited
//! settings live there).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, find_port,
    find_routes, found, major_minor,
};
use super::tree::{Tree, join};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};

pub(crate) struct Rust;

const BACKING: BackingTable = &[
    ("sqlx[postgres]", BackingService::Postgres),
    ("tokio-postgres", BackingService::Postgres),
    ("postgres", BackingService::Postgres),
    ("deadpool-postgres", BackingService::Postgres),
    ("diesel[postgres]", BackingService::Postgres),
    ("sea-orm[sqlx-postgres]", BackingService::Postgres),
    ("redis", BackingService::Redis),
    ("deadpool-redis", BackingService::Redis),
    ("fred", BackingService::Redis),
    ("sqlx[mysql]", BackingService::Mysql),
    ("mysql_async", BackingService::Mysql),
    ("mongodb", BackingService::Mongodb),
    ("lapin", BackingService::Rabbitmq),
];

/// The bin targets of a package.
pub(crate) fn bins(tree: &Tree, dir: &str, manifest: &toml::Table) -> Vec<String> {
    let mut out: Vec<String> = manifest
        .get("bin")
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|b| b.get("name").and_then(toml::Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let package = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str);
    let main_claimed = manifest
        .get("bin")
        .and_then(toml::Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .any(|b| b.get("path").and_then(toml::Value::as_str) == Some("src/main.rs"))
        });
    if let Some(name) = package
        && !main_claimed
        && tree.exists(&join(dir, "src/main.rs"))
        && !out.iter().any(|b| b == name)
    {
        out.push(name.to_owned());
    }
    let bin_dir = format!("{}/", join(dir, "src/bin"));
    for f in tree.files_under(dir, &[".rs"]) {
        if let Some(rest) = f.strip_prefix(&bin_dir) {
            let name = rest
                .strip_suffix("/main.rs")
                .or_else(|| rest.strip_suffix(".rs"))
                .filter(|n| !n.contains('/'));
            if let Some(n) = name
                && !out.iter().any(|b| b == n)
            {
                out.push(n.to_owned());
            }
        }
    }
    out
}

fn dep_names(manifest: &toml::Table) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for section in ["dependencies"] {
        if let Some(deps) = manifest.get(section).and_then(toml::Value::as_table) {
            for (name, spec) in deps {
                out.push((name.clone(), format!("{section}.{name}")));
                if let Some(features) = spec.get("features").and_then(toml::Value::as_array) {
                    for f in features.iter().filter_map(toml::Value::as_str) {
                        out.push((
                            format!("{name}[{f}]"),
                            format!("{section}.{name} feature {f}"),
                        ));
                    }
                }
            }
        }
    }
    out
}

impl Provider for Rust {
    fn language(&self) -> Language {
        Language::Rust
    }

    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let cargo = join(dir, "Cargo.toml");
        if !tree.exists(&cargo) {
            return None;
        }
        let manifest = tree.toml(&cargo)?;
        let package = manifest.get("package")?;
        let in_workspace = scope.workspace.is_some();
        let root_manifest = if in_workspace {
            tree.toml("Cargo.toml")
        } else {
            None
        };
        let name = package
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or("app")
            .to_owned();
        let version = rust_version(tree, dir, package, root_manifest.as_ref());
        let lock = if in_workspace {
            "Cargo.lock".to_owned()
        } else {
            join(dir, "Cargo.lock")
        };
        let locked = tree.exists(&lock);
        let pm = if locked {
            found(PackageManager::Cargo, &lock, "lockfile")
        } else {
            tree.note(format!(
                "{cargo}: no Cargo.lock: builds will not be reproducible; commit it"
            ));
            found(PackageManager::Cargo, &cargo, "package")
        };
        let language = field(Language::Rust, &cargo, "package.name", name.clone());
        let mut s = base(scope, language, version, pm, 8080);
        if in_workspace {
            ".".clone_into(&mut s.context);
        }
        let bins = bins(tree, dir, &manifest);
        let default_run = package.get("default-run").and_then(toml::Value::as_str);
        let bin = default_run
            .map(str::to_owned)
            .or_else(|| bins.iter().find(|b| **b == name).cloned())
            .or_else(|| bins.first().cloned());
        let deployable = bin.is_some();
        if let Some(bin) = &bin {
            let what = format!("[[bin]] {bin}");
            let scope_flag = if in_workspace {
                format!(" -p {name}")
            } else {
                String::new()
            };
            s.start_command = field(argv(&[&format!("/app/{bin}")]), &cargo, "bin", what.clone());
            s.build_command = Some(field(
                format!("cargo build --release --locked{scope_flag} --bin {bin}"),
                &cargo,
                "bin",
                what.clone(),
            ));
            s.build_output = Some(field(format!("target/release/{bin}"), &cargo, "bin", what));
            for other in bins.iter().filter(|b| *b != bin) {
                tree.note(format!(
                    "{cargo}: bin target {other} is not deployed as a service (only {bin} is)"
                ));
            }
        }
        let test_scope = if in_workspace {
            format!(" -p {name}")
        } else {
            String::new()
        };
        s.test_command = Some(Fact::guessed(
            format!("cargo test --locked{test_scope}"),
            "Cargo convention",
        ));
        s.lint_command = Some(Fact::guessed(
            format!("cargo clippy --locked{test_scope} -- -D warnings"),
            "Cargo convention",
        ));
        let deps = dep_names(&manifest);
        for (dep, f) in [
            ("axum", Framework::Axum),
            ("actix-web", Framework::ActixWeb),
        ] {
            if let Some((_, path)) = deps.iter().find(|(d, _)| d == dep) {
                s.framework = Some(field(f, &cargo, path, dep));
                break;
            }
        }
        for dep in [
            "axum-prometheus",
            "actix-web-prom",
            "prometheus",
            "metrics-exporter-prometheus",
        ] {
            if let Some((_, path)) = deps.iter().find(|(d, _)| d == dep) {
                s.metrics_path = Some(field("/metrics".to_owned(), &cargo, path, dep));
                break;
            }
        }
        if let Some(p) = find_port(
            tree,
            dir,
            &[".rs"],
            &["0.0.0.0:", "0, 0, 0, 0], ", "\"0.0.0.0\", ", "[::]:"],
        ) {
            s.port = p;
        }
        if s.framework.is_none() && s.port.is_guessed() && deployable {
            s.kind = crate::model::ServiceKind::Worker;
            s.port = Fact::guessed(
                8080,
                "no HTTP server found: a worker; health and metrics need a small HTTP listener",
            );
        }
        let (live, ready) = find_routes(tree, dir, &[".rs"]);
        if let Some(l) = live {
            s.health_path = l;
        }
        if let Some(r) = ready {
            s.readiness_path = r;
        }
        add_backing(&mut s, BACKING, &deps, &cargo);
        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        let verdict = match &bin {
            Some(b) => format!("Rust package {name} with bin {b}"),
            None => format!("Rust package {name} without a bin target (a library)"),
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

fn rust_version(
    tree: &Tree,
    dir: &str,
    package: &toml::Value,
    root: Option<&toml::Table>,
) -> Fact<String> {
    for file in [
        join(dir, "rust-toolchain.toml"),
        "rust-toolchain.toml".to_owned(),
    ] {
        if let Some(t) = tree.toml(&file)
            && let Some(ch) = t
                .get("toolchain")
                .and_then(|t| t.get("channel"))
                .and_then(toml::Value::as_str)
            && let Some(v) = major_minor(ch)
        {
            return field(v, &file, "toolchain.channel", ch);
        }
    }
    for file in [join(dir, "rust-toolchain"), "rust-toolchain".to_owned()] {
        if let Some(t) = tree.read(&file)
            && let Some(v) = major_minor(t.trim())
        {
            return found(v, &file, t.trim().to_owned());
        }
    }
    let cargo = join(dir, "Cargo.toml");
    if let Some(rv) = package.get("rust-version").and_then(toml::Value::as_str)
        && let Some(v) = major_minor(rv)
    {
        return field(v, &cargo, "package.rust-version", rv);
    }
    if let Some(rv) = root
        .and_then(|r| r.get("workspace"))
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("rust-version"))
        .and_then(toml::Value::as_str)
        && let Some(v) = major_minor(rv)
    {
        return field(v, "Cargo.toml", "workspace.package.rust-version", rv);
    }
    Fact::guessed(
        "1.83".to_owned(),
        "no rust-toolchain.toml or rust-version: a recent stable",
    )
}
