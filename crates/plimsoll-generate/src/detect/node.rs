//! Node.js: package manager from `packageManager` and lockfiles (yarn classic
//! vs berry by `.yarnrc.yml` / the `__metadata` lockfile header), version from
//! `engines.node` / `.nvmrc` / `.node-version`, frameworks from dependencies,
//! scripts for build/test/lint, port from code hints (C01 reproducible
//! installs need the lockfile; D.. images run `node` directly, not a package
//! manager, so signals reach the process).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, find_port,
    find_routes, found, major,
};
use super::tree::{Tree, join};
use crate::model::{
    BackingService, Confidence, Fact, Framework, Language, PackageManager, ServiceKind,
};
use serde_json::Value;

pub(crate) struct Node;

const BACKING: BackingTable = &[
    ("pg", BackingService::Postgres),
    ("postgres", BackingService::Postgres),
    ("pg-promise", BackingService::Postgres),
    ("@neondatabase/serverless", BackingService::Postgres),
    ("ioredis", BackingService::Redis),
    ("redis", BackingService::Redis),
    ("@redis/client", BackingService::Redis),
    ("bullmq", BackingService::Redis),
    ("mysql2", BackingService::Mysql),
    ("mysql", BackingService::Mysql),
    ("mongodb", BackingService::Mongodb),
    ("mongoose", BackingService::Mongodb),
    ("amqplib", BackingService::Rabbitmq),
    ("amqp-connection-manager", BackingService::Rabbitmq),
];

const SOURCES: &[&str] = &[".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];

const PORT_HINTS: &[&str] = &[
    "PORT || ",
    "PORT ?? ",
    "PORT||",
    "PORT??",
    ".listen(",
    "listen({ port: ",
    "listen({port:",
];

/// Lockfiles in the order a tie is broken.
const LOCKFILES: &[(&str, PackageManager)] = &[
    ("pnpm-lock.yaml", PackageManager::Pnpm),
    ("bun.lock", PackageManager::Bun),
    ("bun.lockb", PackageManager::Bun),
    ("yarn.lock", PackageManager::YarnClassic),
    ("package-lock.json", PackageManager::Npm),
    ("npm-shrinkwrap.json", PackageManager::Npm),
];

impl Provider for Node {
    fn language(&self) -> Language {
        Language::Node
    }

    #[allow(clippy::too_many_lines)]
    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let manifest = join(dir, "package.json");
        if !tree.exists(&manifest) {
            return None;
        }
        let pkg = tree.json(&manifest)?;
        let root_pkg = if dir == "." {
            None
        } else {
            tree.json("package.json")
        };
        let deps = dependencies(&pkg);
        let has = |name: &str| deps.iter().any(|(d, _)| d == name);
        let scripts = |name: &str| {
            pkg.get("scripts")
                .and_then(|s| s.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };

        let (pm, lock_found) = package_manager(tree, dir, &pkg, root_pkg.as_ref());
        let version = node_version(tree, dir, &pkg, root_pkg.as_ref());
        let language = found(Language::Node, &manifest, "Node.js package manifest");
        let mut s = base(scope, language, version, pm.clone(), 3000);
        if scope.workspace.is_some() {
            ".".clone_into(&mut s.context);
        }

        // Framework, most specific first.
        let framework: Option<(Framework, &str)> = [
            ("next", Framework::NextJs),
            ("@remix-run/node", Framework::Remix),
            ("@remix-run/react", Framework::Remix),
            ("@react-router/node", Framework::ReactRouter),
            ("@react-router/dev", Framework::ReactRouter),
            ("@nestjs/core", Framework::NestJs),
            ("fastify", Framework::Fastify),
            ("express", Framework::Express),
            ("vite", Framework::Vite),
        ]
        .into_iter()
        .find(|(d, _)| has(d))
        .map(|(d, f)| (f, d));
        if let Some((f, dep)) = framework {
            let section = deps
                .iter()
                .find(|(d, _)| d == dep)
                .map_or("dependencies", |(_, s)| s.as_str());
            s.framework = Some(field(
                f,
                &manifest,
                &format!("{section}.{dep}"),
                format!("{dep} {}", dep_version(&pkg, section, dep)),
            ));
        }
        let pm_value = pm.value;
        let pkg_name = pkg
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(dir)
            .to_owned();
        let run = |script: &str| run_command(pm_value, scope.workspace, &pkg_name, script);

        if let Some(build) = scripts("build") {
            s.build_command = Some(field(run("build"), &manifest, "scripts.build", build));
        }
        if let Some(test) = scripts("test").filter(|t| !t.contains("no test specified")) {
            s.test_command = Some(field(run("test"), &manifest, "scripts.test", test));
        }
        if let Some(lint) = scripts("lint") {
            s.lint_command = Some(field(run("lint"), &manifest, "scripts.lint", lint));
        }

        let start = scripts("start");
        let mut deployable = start.is_some();
        match framework.map(|f| f.0) {
            Some(Framework::NextJs) => {
                deployable = true;
                next_start(tree, dir, &mut s);
                // App Router route handlers or Pages Router API routes.
                let route = ["healthz", "health"].iter().find_map(|name| {
                    ["app", "src/app"]
                        .iter()
                        .flat_map(|root| {
                            ["ts", "js"].map(|ext| format!("{root}/api/{name}/route.{ext}"))
                        })
                        .chain(["ts", "js"].map(|ext| format!("pages/api/{name}.{ext}")))
                        .chain(["ts", "js"].map(|ext| format!("src/pages/api/{name}.{ext}")))
                        .map(|f| join(dir, &f))
                        .find(|f| tree.exists(f))
                        .map(|f| (format!("/api/{name}"), f))
                });
                s.health_path = match &route {
                    Some((path, f)) => found(path.clone(), f, "route handler"),
                    None => Fact::guessed(
                        "/api/healthz".to_owned(),
                        "Next.js route handler convention; add app/api/healthz/route.ts",
                    ),
                };
                s.readiness_path = match &route {
                    Some((path, f)) => found(
                        path.clone(),
                        f,
                        "same as liveness: the site has no dependencies of its own",
                    ),
                    None => Fact::guessed(
                        "/api/healthz".to_owned(),
                        "same as liveness: no dependencies",
                    ),
                };
            }
            Some(Framework::Vite) if start.is_none() => {
                deployable = tree.exists(&join(dir, "index.html"));
                s.kind = ServiceKind::Static;
                s.port = Fact::guessed(
                    8080,
                    "static files are served by an unprivileged web server on 8080",
                );
                s.start_command = Fact::guessed(
                    argv(&["nginx", "-g", "daemon off;"]),
                    "a static site is served by nginx",
                );
                s.build_output = Some(vite_out_dir(tree, dir));
                s.health_path = Fact::guessed("/".to_owned(), "a static site: the index page");
                s.readiness_path = Fact::guessed("/".to_owned(), "a static site: the index page");
            }
            Some(_) => {
                deployable = true;
                server_start(
                    tree,
                    dir,
                    &pkg,
                    &manifest,
                    start.as_deref(),
                    pm_value,
                    &mut s,
                );
            }
            None => {
                if start.is_some() {
                    server_start(
                        tree,
                        dir,
                        &pkg,
                        &manifest,
                        start.as_deref(),
                        pm_value,
                        &mut s,
                    );
                }
            }
        }
        if s.kind == ServiceKind::Web && framework.map(|f| f.0) != Some(Framework::NextJs) {
            let (live, ready) = find_routes(tree, dir, SOURCES);
            if let Some(l) = live {
                s.health_path = l;
            }
            if let Some(r) = ready {
                s.readiness_path = r;
            }
            if let Some(p) = find_port(tree, dir, SOURCES, PORT_HINTS) {
                s.port = p;
            } else if let Some((f, _)) = framework {
                s.port = Fact::guessed(3000, format!("{f} default port"));
            } else if deployable && !serves_http(tree, dir) {
                s.kind = ServiceKind::Worker;
                s.port = Fact::guessed(
                    3000,
                    "no HTTP server found: a worker; health and metrics need a small HTTP listener",
                );
            }
        }
        for metrics in [
            "prom-client",
            "express-prom-bundle",
            "@willsoto/nestjs-prometheus",
        ] {
            if let Some((_, section)) = deps.iter().find(|(d, _)| d == metrics) {
                s.metrics_path = Some(field(
                    "/metrics".to_owned(),
                    &manifest,
                    &format!("{section}.{metrics}"),
                    metrics,
                ));
                break;
            }
        }
        let runtime: Vec<(String, String)> = deps
            .iter()
            .filter(|(_, section)| section == "dependencies")
            .map(|(d, section)| (d.clone(), format!("{section}.{d}")))
            .collect();
        add_backing(&mut s, BACKING, &runtime, &manifest);

        let confidence = if deployable && lock_found {
            Confidence::High
        } else if deployable {
            Confidence::Medium
        } else {
            Confidence::Low
        };
        s.confidence = confidence;
        let verdict = match (framework, deployable) {
            (Some((f, _)), true) => format!("{f} app with {pm_value}"),
            (_, true) => format!("Node package with a start script, {pm_value}"),
            (_, false) => {
                "package.json without a start script or server framework (a library or tooling)"
                    .to_owned()
            }
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

/// Every dependency name with its section, runtime first.
fn dependencies(pkg: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for section in ["dependencies", "devDependencies", "peerDependencies"] {
        if let Some(map) = pkg.get(section).and_then(Value::as_object) {
            for name in map.keys() {
                if !out.iter().any(|(d, _): &(String, String)| d == name) {
                    out.push((name.clone(), section.to_owned()));
                }
            }
        }
    }
    out
}

fn dep_version(pkg: &Value, section: &str, dep: &str) -> String {
    pkg.get(section)
        .and_then(|s| s.get(dep))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn package_manager(
    tree: &Tree,
    dir: &str,
    pkg: &Value,
    root_pkg: Option<&Value>,
) -> (Fact<PackageManager>, bool) {
    let declared = [
        (pkg, join(dir, "package.json")),
        (root_pkg.unwrap_or(&Value::Null), "package.json".to_owned()),
    ]
    .into_iter()
    .find_map(|(p, file)| {
        let spec = p.get("packageManager")?.as_str()?.to_owned();
        let (name, version) = spec.split_once('@').unwrap_or((spec.as_str(), ""));
        let pm = match name {
            "pnpm" => PackageManager::Pnpm,
            "npm" => PackageManager::Npm,
            "bun" => PackageManager::Bun,
            "yarn" if version.starts_with('1') => PackageManager::YarnClassic,
            "yarn" => PackageManager::YarnBerry,
            _ => return None,
        };
        Some((pm, file, spec))
    });
    let mut locks: Vec<(String, PackageManager)> = Vec::new();
    for base_dir in if dir == "." {
        vec!["."]
    } else {
        vec![dir, "."]
    } {
        for (lock, pm) in LOCKFILES {
            let path = join(base_dir, lock);
            if tree.exists(&path) {
                locks.push((path, *pm));
            }
        }
        if !locks.is_empty() {
            break;
        }
    }
    let yarn_flavour = |path: &str| {
        let base_dir = super::tree::parent(path);
        let berry = tree.exists(&join(base_dir, ".yarnrc.yml"))
            || tree
                .head(path, 4096)
                .is_some_and(|h| h.contains("__metadata"));
        if berry {
            PackageManager::YarnBerry
        } else {
            PackageManager::YarnClassic
        }
    };
    for lock in &mut locks {
        if lock.1 == PackageManager::YarnClassic {
            lock.1 = yarn_flavour(&lock.0);
        }
    }
    if let Some((pm, file, spec)) = declared {
        let same = |a: PackageManager, b: PackageManager| {
            a == b
                || matches!(
                    (a, b),
                    (
                        PackageManager::YarnBerry | PackageManager::YarnClassic,
                        PackageManager::YarnBerry | PackageManager::YarnClassic
                    )
                )
        };
        let lock = locks.iter().find(|(_, l)| same(*l, pm));
        let pm = lock.map_or(pm, |l| l.1);
        if locks.len() > 1 {
            let names: Vec<&str> = locks.iter().map(|(p, _)| p.as_str()).collect();
            tree.note(format!(
                "several lockfiles ({}): {pm} was chosen from packageManager; delete the others",
                names.join(", ")
            ));
        }
        if lock.is_none() {
            tree.note(format!(
                "no {pm} lockfile: installs will not be reproducible; commit {}",
                pm.lockfile().unwrap_or("the lockfile")
            ));
        }
        let mut fact = field(pm, &file, "packageManager", spec);
        if let (Some((path, _)), crate::model::Origin::Detected { evidence }) =
            (lock, &mut fact.origin)
        {
            evidence.push(crate::model::Evidence::file(path.clone(), "lockfile"));
        }
        return (fact, lock.is_some());
    }
    match locks.as_slice() {
        [] => {
            tree.note(format!(
                "{}: no lockfile: installs will not be reproducible; run `npm install` and commit package-lock.json",
                join(dir, "package.json")
            ));
            (
                Fact::guessed(
                    PackageManager::Npm,
                    "no lockfile and no packageManager field",
                ),
                false,
            )
        }
        [(path, pm)] => (found(*pm, path, "lockfile"), true),
        [(path, pm), rest @ ..] => {
            let others: Vec<&str> = rest.iter().map(|(p, _)| p.as_str()).collect();
            tree.note(format!(
                "several lockfiles: {path} wins over {}; delete the stale ones or set packageManager",
                others.join(", ")
            ));
            (
                found(
                    *pm,
                    path,
                    format!("lockfile (preferred over {})", others.join(", ")),
                ),
                true,
            )
        }
    }
}

fn node_version(tree: &Tree, dir: &str, pkg: &Value, root_pkg: Option<&Value>) -> Fact<String> {
    for (p, file) in [
        (Some(pkg), join(dir, "package.json")),
        (root_pkg, "package.json".to_owned()),
    ] {
        if let Some(spec) = p
            .and_then(|p| p.get("engines"))
            .and_then(|e| e.get("node"))
            .and_then(Value::as_str)
            && let Some(v) = major(spec)
        {
            return field(v, &file, "engines.node", spec);
        }
    }
    for name in [".nvmrc", ".node-version"] {
        for file in [join(dir, name), name.to_owned()] {
            if let Some(text) = tree.read(&file)
                && let Some(v) = major(text.trim())
            {
                return found(v, &file, text.trim().to_owned());
            }
        }
    }
    if let Some((file, line)) = super::provider::tool_versions(tree, dir, &["nodejs", "node"])
        && let Some(v) = major(&line)
    {
        return found(v, &file, line);
    }
    Fact::guessed(
        "22".to_owned(),
        "no engines.node, .nvmrc or .tool-versions: the current LTS line",
    )
}

/// The command that runs a script, scoped to the member in a workspace.
fn run_command(pm: PackageManager, workspace: Option<&str>, name: &str, script: &str) -> String {
    let plain_test = script == "test";
    match (pm, workspace.is_some()) {
        (PackageManager::Pnpm, true) if plain_test => format!("pnpm --filter {name} test"),
        (PackageManager::Pnpm, true) => format!("pnpm --filter {name} run {script}"),
        (PackageManager::Npm, true) => format!("npm run {script} --workspace {name}"),
        (PackageManager::YarnClassic | PackageManager::YarnBerry, true) => {
            format!("yarn workspace {name} run {script}")
        }
        (PackageManager::Bun, true) => format!("bun run --filter {name} {script}"),
        (PackageManager::Pnpm, false) if plain_test => "pnpm test".to_owned(),
        (PackageManager::Npm, false) if plain_test => "npm test".to_owned(),
        (PackageManager::YarnClassic | PackageManager::YarnBerry, false) => {
            format!("yarn run {script}")
        }
        (PackageManager::Bun, false) => format!("bun run {script}"),
        (pm, _) => format!("{pm} run {script}"),
    }
}

fn next_start(tree: &Tree, dir: &str, s: &mut crate::model::Service) {
    let config = [
        "next.config.mjs",
        "next.config.js",
        "next.config.ts",
        "next.config.cjs",
    ]
    .iter()
    .map(|f| join(dir, f))
    .find(|f| tree.exists(f));
    let standalone = config.as_ref().is_some_and(|c| {
        tree.read(c).is_some_and(|t| {
            t.lines().any(|l| {
                l.contains("output")
                    && l.contains("standalone")
                    && !l.trim_start().starts_with("//")
            })
        })
    });
    match (config, standalone) {
        (Some(c), true) => {
            s.start_command = found(argv(&["node", "server.js"]), &c, "output: standalone");
            s.build_output = Some(found(
                ".next/standalone".to_owned(),
                &c,
                "output: standalone",
            ));
        }
        (config, _) => {
            tree.note(format!(
                "{}: set `output: \"standalone\"` in next.config for a small image without node_modules",
                config.unwrap_or_else(|| join(dir, "next.config.mjs"))
            ));
            s.start_command = Fact::guessed(
                argv(&["node", "node_modules/next/dist/bin/next", "start"]),
                "no standalone output: next start from the installed package",
            );
            s.build_output = Some(Fact::guessed(".next".to_owned(), "Next.js build directory"));
        }
    }
    s.port = Fact::guessed(3000, "Next.js default port");
}

fn vite_out_dir(tree: &Tree, dir: &str) -> Fact<String> {
    for f in ["vite.config.ts", "vite.config.js", "vite.config.mjs"] {
        let path = join(dir, f);
        if let Some(text) = tree.read(&path)
            && let Some(i) = text.find("outDir")
        {
            let rest = &text[i + "outDir".len()..];
            let value: String = rest
                .trim_start_matches([':', ' ', '"', '\''])
                .chars()
                .take_while(|c| !matches!(c, '"' | '\'' | ',' | '\n'))
                .collect();
            if !value.is_empty() {
                return found(value.clone(), &path, format!("build.outDir {value}"));
            }
        }
    }
    Fact::guessed("dist".to_owned(), "Vite's default build.outDir")
}

#[allow(clippy::too_many_arguments)]
fn server_start(
    tree: &Tree,
    dir: &str,
    pkg: &Value,
    manifest: &str,
    start: Option<&str>,
    pm: PackageManager,
    s: &mut crate::model::Service,
) {
    // `node file.js` runs directly: the process gets signals, no package manager in the image.
    if let Some(cmd) = start {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let plain = !cmd.contains(['&', '|', ';', '$', '>', '<', '`', '"', '\'']);
        let dev_tool = matches!(
            words.first().copied(),
            Some(
                "nest"
                    | "next"
                    | "tsx"
                    | "ts-node"
                    | "nodemon"
                    | "vite"
                    | "npm"
                    | "pnpm"
                    | "yarn"
                    | "bun"
                    | "npx"
                    // Monorepo task runners and bundlers' dev servers.
                    | "nx"
                    | "turbo"
                    | "lerna"
                    | "react-scripts"
                    | "webpack"
                    | "webpack-dev-server"
                    | "parcel"
                    | "concurrently"
            )
        );
        if plain && words.first() == Some(&"node") && words.len() >= 2 {
            s.start_command = field(
                words.iter().map(|w| (*w).to_owned()).collect(),
                manifest,
                "scripts.start",
                cmd,
            );
        } else if plain
            && !dev_tool
            && let Some(first) = words.first()
        {
            // A server binary from a dependency (`remix-serve build/server/index.js`,
            // `react-router-serve`, `fastify start`): run it from node_modules/.bin.
            let mut argv = vec![format!("node_modules/.bin/{first}")];
            argv.extend(words[1..].iter().map(|w| (*w).to_owned()));
            s.start_command = field(argv, manifest, "scripts.start", cmd);
        }
    }
    if s.start_command.value.is_empty() {
        if let Some(main) = pkg.get("main").and_then(Value::as_str) {
            s.start_command = field(argv(&["node", main]), manifest, "main", main);
        } else if s.framework() == Some(Framework::NestJs) {
            s.start_command = Fact::guessed(
                argv(&["node", "dist/main.js"]),
                "NestJS builds src/main.ts to dist/main.js",
            );
        } else if let Some(cmd) = start {
            s.start_command = Fact::guessed(
                argv(&[pm.label().split('-').next().unwrap_or("npm"), "start"]),
                format!("scripts.start is `{cmd}`, not a plain `node` command"),
            );
        } else {
            s.start_command = Fact::guessed(
                argv(&["node", "index.js"]),
                "no start script or main field: Node's default entry point",
            );
        }
    }
    // Compiled TypeScript: the output directory.
    let tsconfig = join(dir, "tsconfig.json");
    if s.build_command.is_some() {
        let out_dir = tree.read(&tsconfig).and_then(|t| {
            let i = t.find("\"outDir\"")?;
            let rest = &t[i + "\"outDir\"".len()..];
            let v: String = rest
                .trim_start_matches([':', ' '])
                .trim_start_matches('"')
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            let v = v.trim_start_matches("./").trim_end_matches('/').to_owned();
            (!v.is_empty()).then_some(v)
        });
        s.build_output = Some(match out_dir {
            Some(v) => field(v.clone(), &tsconfig, "compilerOptions.outDir", v),
            None => Fact::guessed("dist".to_owned(), "the usual build output directory"),
        });
    }
}

/// Whether the sources start an HTTP server of their own.
fn serves_http(tree: &Tree, dir: &str) -> bool {
    tree.sources(dir, SOURCES).iter().any(|f| {
        tree.read_source(f).is_some_and(|t| {
            ["createServer(", ".listen(", "Bun.serve(", "serve({"]
                .iter()
                .any(|n| t.contains(n))
        })
    })
}
