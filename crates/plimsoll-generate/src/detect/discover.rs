//! Which directories are services: workspaces (pnpm, npm/yarn/bun, Cargo,
//! go.work or several go.mod), a deployable root, or several roots
//! (`frontend/` + `backend/`). Libraries are not services. Also the
//! project's name, existing delivery files and compose backing services.

use super::git;
use super::provider::{Candidate, Provider, Scope, dns_name, providers};
use super::tree::{Tree, join, parent};
use crate::model::{
    BackingService, Evidence, Existing, Fact, Framework, Language, Layout, Project, RunnerUp,
    Service, ServiceKind,
};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;

/// Files that make a directory a candidate root in a several-roots layout.
const MANIFESTS: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "requirements.txt",
    "Pipfile",
    "manage.py",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Gemfile",
    "composer.json",
];

/// Directories examined as possible services (workspace members or roots);
/// more are left out with a note.
const MAX_SERVICE_DIRS: usize = 64;

/// Directory names that hold examples and test data, not services.
const NOT_SERVICES: &[&str] = &[
    "test", "tests", "testdata", "fixtures", "examples", "example", "docs", "e2e",
];

struct Workspace {
    tool: String,
    evidence: Evidence,
    members: Vec<String>,
}

pub(crate) fn project(tree: &Tree) -> Project {
    let providers = providers();
    let mut notes_before = Vec::new();
    let mut layout = Layout::Single;
    let mut services: Vec<Service> = Vec::new();

    if let Some(mut ws) = workspace(tree) {
        cap(tree, &mut ws.members);
        for dir in &ws.members {
            let scope = Scope {
                dir,
                workspace: Some(&ws.tool),
            };
            match best(tree, &providers, &scope) {
                Ok(s) => services.push(s),
                Err(Some(why)) => notes_before.push(format!("{dir}: not a service: {why}")),
                Err(None) => {}
            }
        }
        layout = Layout::Monorepo {
            tool: ws.tool,
            evidence: ws.evidence,
        };
    } else {
        let root = Scope {
            dir: ".",
            workspace: None,
        };
        match best(tree, &providers, &root) {
            Ok(s) => services.push(s),
            Err(root_why) => {
                let mut dirs = root_candidates(tree);
                cap(tree, &mut dirs);
                for dir in dirs {
                    let scope = Scope {
                        dir: &dir,
                        workspace: None,
                    };
                    match best(tree, &providers, &scope) {
                        Ok(s) => services.push(s),
                        Err(Some(why)) => notes_before.push(format!("{dir}: not a service: {why}")),
                        Err(None) => {}
                    }
                }
                if services.len() > 1 {
                    let dirs: Vec<&str> = services.iter().map(|s| s.dir.as_str()).collect();
                    layout = Layout::Monorepo {
                        tool: "several-roots".to_owned(),
                        evidence: Evidence::file(".", format!("manifests in {}", dirs.join(", "))),
                    };
                }
                if let Some(why) = root_why
                    && !services.is_empty()
                {
                    notes_before.push(format!("the root manifest is not a service: {why}"));
                }
            }
        }
    }

    name_services(&mut services, matches!(layout, Layout::Single));
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let root_language = services
        .iter()
        .find(|s| s.dir == ".")
        .map(|s| s.language.value);
    let existing = existing(tree);
    compose_backing(tree, &existing, &mut services);
    if services.is_empty() {
        notes_before.push(
            "no deployable service found: no web framework, start script, main package or bin target"
                .to_owned(),
        );
    }
    // Many libraries (a registry checkout, a big monorepo): name a few.
    let not_services = notes_before
        .iter()
        .filter(|n| n.contains(": not a service: "))
        .count();
    if not_services > 8 {
        let mut kept = 0;
        notes_before.retain(|n| {
            if !n.contains(": not a service: ") {
                return true;
            }
            kept += 1;
            kept <= 5
        });
        notes_before.push(format!(
            "... and {} more directories that are not services",
            not_services - 5
        ));
    }
    let mut notes = notes_before;
    notes.extend(tree.take_notes());
    Project {
        name: project_name(tree, root_language),
        layout,
        services,
        repository: git::repository(&tree.root),
        existing,
        notes,
    }
}

fn cap(tree: &Tree, dirs: &mut Vec<String>) {
    if dirs.len() > MAX_SERVICE_DIRS {
        tree.note(format!(
            "{} candidate service directories: only the first {MAX_SERVICE_DIRS} were examined",
            dirs.len()
        ));
        dirs.truncate(MAX_SERVICE_DIRS);
    }
}

/// The winning deployable candidate of a directory (runner-up recorded), or
/// why there is none.
fn best(
    tree: &Tree,
    providers: &[Box<dyn Provider>],
    scope: &Scope<'_>,
) -> Result<Service, Option<String>> {
    // A provider's notes count only if it wins (or found nothing to judge,
    // e.g. a malformed manifest): a losing candidate's advice is noise.
    let mut candidates: Vec<(usize, Candidate, Vec<String>)> = Vec::new();
    for (i, p) in providers.iter().enumerate() {
        let mark = tree.notes_mark();
        let c = p.detect(tree, scope);
        let notes = tree.notes_since(mark);
        match c {
            Some(c) => {
                debug_assert_eq!(c.service.language.value, p.language());
                candidates.push((i, c, notes));
            }
            None => {
                for n in notes {
                    tree.note(n);
                }
            }
        }
    }
    candidates.sort_by(|(ia, a, _), (ib, b, _)| {
        b.deployable
            .cmp(&a.deployable)
            .then(b.service.confidence.cmp(&a.service.confidence))
            .then(ia.cmp(ib))
    });
    let mut iter = candidates.into_iter().map(|(_, c, notes)| (c, notes));
    let Some((winner, notes)) = iter.next() else {
        return Err(None);
    };
    if !winner.deployable {
        return Err(Some(winner.verdict));
    }
    for n in notes {
        tree.note(n);
    }
    let mut service = winner.service;
    probe_fallbacks(tree, &mut service);
    if let Some((second, _)) = iter.next() {
        service.runner_up = Some(RunnerUp {
            language: second.service.language.value,
            confidence: second.service.confidence,
            why_not: format!("{}; {} wins", second.verdict, winner.verdict),
        });
    }
    Ok(service)
}

/// A readiness probe on a route that does not exist keeps the pod out of
/// service forever: without a readiness route, use the liveness route found
/// in the code. Without any route, keep the conventional paths and say so.
fn probe_fallbacks(tree: &Tree, s: &mut Service) {
    if s.kind != ServiceKind::Web {
        return;
    }
    match (s.health_path.is_guessed(), s.readiness_path.is_guessed()) {
        (false, true) => {
            s.readiness_path = Fact::guessed(
                s.health_path.value.clone(),
                format!(
                    "no readiness route found; {} exists, so it gates traffic until a readiness route checks the dependencies",
                    s.health_path.value
                ),
            );
        }
        (true, false) => {
            s.health_path = Fact::guessed(
                s.readiness_path.value.clone(),
                format!(
                    "no liveness route found; {} exists and answers while the process is up",
                    s.readiness_path.value
                ),
            );
        }
        (true, true) if s.framework().is_some_and(|f| f != Framework::NextJs) => {
            let place = if s.dir == "." {
                "the code".to_owned()
            } else {
                format!("{}/", s.dir)
            };
            tree.note(format!(
                "no health route found in {place}: add {} (liveness, no dependency checks) and {} (readiness), or the probes fail",
                s.health_path.value, s.readiness_path.value
            ));
        }
        _ => {}
    }
}

fn glob_set(patterns: &[String]) -> (GlobSet, GlobSet) {
    let mut include = GlobSetBuilder::new();
    let mut exclude = GlobSetBuilder::new();
    for p in patterns {
        let (negated, p) = match p.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, p.as_str()),
        };
        let p = p.trim().trim_start_matches("./").trim_end_matches('/');
        let Ok(glob) = globset::GlobBuilder::new(p).literal_separator(true).build() else {
            continue;
        };
        if negated {
            exclude.add(glob);
        } else {
            include.add(glob);
            // `packages/**` also matches `packages/x` itself.
            if let Some(stem) = p.strip_suffix("/**")
                && let Ok(g) = Glob::new(&format!("{stem}/*"))
            {
                include.add(g);
            }
        }
    }
    (
        include.build().unwrap_or_else(|_| GlobSet::empty()),
        exclude.build().unwrap_or_else(|_| GlobSet::empty()),
    )
}

/// Directories matching workspace globs that hold `manifest`.
fn members(tree: &Tree, patterns: &[String], manifest: &str) -> Vec<String> {
    let (include, exclude) = glob_set(patterns);
    tree.dirs
        .iter()
        .filter(|d| include.is_match(d.as_str()) && !exclude.is_match(d.as_str()))
        .filter(|d| tree.exists(&join(d, manifest)))
        .cloned()
        .collect()
}

/// `packages:` items of pnpm-workspace.yaml.
fn pnpm_packages(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let l = line.split(" #").next().unwrap_or("");
        if !l.starts_with(' ') && !l.starts_with('-') && !l.trim().is_empty() {
            inside = l.trim_end() == "packages:";
            // Flow style: `packages: ["apps/*", "packages/*"]`.
            if let Some(flow) = l.strip_prefix("packages:")
                && let Some(items) = flow.trim().strip_prefix('[')
            {
                out.extend(
                    items
                        .trim_end_matches(']')
                        .split(',')
                        .map(|i| i.trim().trim_matches(['"', '\'']).to_owned())
                        .filter(|i| !i.is_empty()),
                );
            }
            continue;
        }
        if inside && let Some(item) = l.trim().strip_prefix("- ") {
            out.push(item.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    out
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn workspace(tree: &Tree) -> Option<Workspace> {
    if let Some(text) = tree.read("pnpm-workspace.yaml") {
        let patterns = pnpm_packages(&text);
        return Some(Workspace {
            tool: "pnpm-workspace".to_owned(),
            evidence: Evidence::field("pnpm-workspace.yaml", "packages", patterns.join(", ")),
            members: members(tree, &patterns, "package.json"),
        });
    }
    if let Some(pkg) = tree.json("package.json") {
        let ws = pkg.get("workspaces");
        let patterns = match ws {
            Some(Value::Array(_)) => strings(ws),
            Some(obj) => strings(obj.get("packages")),
            None => Vec::new(),
        };
        if !patterns.is_empty() {
            let tool = if tree.exists("yarn.lock") {
                "yarn-workspaces"
            } else if tree.exists("bun.lock") || tree.exists("bun.lockb") {
                "bun-workspaces"
            } else {
                "npm-workspaces"
            };
            return Some(Workspace {
                tool: tool.to_owned(),
                evidence: Evidence::field("package.json", "workspaces", patterns.join(", ")),
                members: members(tree, &patterns, "package.json"),
            });
        }
    }
    if let Some(cargo) = tree.toml("Cargo.toml")
        && let Some(ws) = cargo.get("workspace")
    {
        let list = |key: &str| -> Vec<String> {
            ws.get(key)
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut patterns = list("members");
        patterns.extend(list("exclude").into_iter().map(|e| format!("!{e}")));
        let mut found = members(tree, &patterns, "Cargo.toml");
        if cargo.get("package").is_some() {
            found.insert(0, ".".to_owned());
        }
        return Some(Workspace {
            tool: "cargo-workspace".to_owned(),
            evidence: Evidence::field(
                "Cargo.toml",
                "workspace.members",
                list("members").join(", "),
            ),
            members: found,
        });
    }
    if let Some(text) = tree.read("go.work") {
        let mut dirs = Vec::new();
        let mut in_block = false;
        for line in text.lines() {
            let l = line.split("//").next().unwrap_or("").trim();
            let item = if l.starts_with("use (") || l == "use(" {
                in_block = true;
                None
            } else if in_block && l == ")" {
                in_block = false;
                None
            } else if in_block {
                Some(l)
            } else {
                l.strip_prefix("use ")
            };
            if let Some(d) = item {
                let d = d
                    .trim()
                    .trim_matches('"')
                    .trim_start_matches("./")
                    .trim_end_matches('/');
                let d = if d.is_empty() { "." } else { d };
                if tree.exists(&join(d, "go.mod")) {
                    dirs.push(d.to_owned());
                }
            }
        }
        return Some(Workspace {
            tool: "go-multi-module".to_owned(),
            evidence: Evidence::field("go.work", "use", dirs.join(", ")),
            members: dirs,
        });
    }
    let gomods: Vec<String> = tree
        .files
        .iter()
        .filter(|f| *f == "go.mod" || f.ends_with("/go.mod"))
        .map(|f| parent(f).to_owned())
        .filter(|d| !d.split('/').any(|p| NOT_SERVICES.contains(&p)))
        .collect();
    if gomods.len() > 1 {
        return Some(Workspace {
            tool: "go-multi-module".to_owned(),
            evidence: Evidence::file(".", format!("go.mod in {}", gomods.join(", "))),
            members: gomods,
        });
    }
    None
}

/// Directories (two levels down at most) with a manifest, outermost only.
fn root_candidates(tree: &Tree) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for dir in &tree.dirs {
        let depth = dir.split('/').count();
        if depth > 2
            || dir
                .split('/')
                .any(|p| NOT_SERVICES.contains(&p) || p.starts_with('.'))
            || out.iter().any(|o| dir.starts_with(&format!("{o}/")))
        {
            continue;
        }
        let has_manifest = MANIFESTS.iter().any(|m| tree.exists(&join(dir, m)))
            || tree.children(dir).iter().any(|f| f.ends_with(".csproj"));
        if has_manifest {
            out.push(dir.clone());
        }
    }
    out
}

/// Single service: named by role. Monorepo: named after the directory, unique.
fn name_services(services: &mut [Service], single: bool) {
    if single && services.len() == 1 {
        let s = &mut services[0];
        let web = matches!(
            s.framework(),
            Some(
                Framework::NextJs
                    | Framework::Vite
                    | Framework::Remix
                    | Framework::ReactRouter
                    | Framework::Django
                    | Framework::Rails
                    | Framework::Laravel
            )
        ) || s.kind == ServiceKind::Static;
        match s.kind {
            ServiceKind::Worker => "worker",
            _ if web => "web",
            _ => "api",
        }
        .clone_into(&mut s.name);
        return;
    }
    let mut taken: Vec<String> = Vec::new();
    for s in services.iter_mut() {
        let base = if s.dir == "." {
            dns_name(s.language.value.label())
        } else {
            dns_name(s.dir.rsplit('/').next().unwrap_or(&s.dir))
        };
        let mut name = base.clone();
        if taken.contains(&name) {
            name = dns_name(&s.dir.replace('/', "-"));
        }
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        taken.push(name.clone());
        s.name = name;
    }
}

/// The root manifest's name (not a tooling `package.json` beside another
/// language's project), else the directory name.
fn project_name(tree: &Tree, root_language: Option<Language>) -> String {
    let node_root = matches!(root_language, None | Some(Language::Node));
    let from_manifest = node_root
        .then(|| tree.json("package.json"))
        .flatten()
        .and_then(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .or_else(|| {
            let t = tree.toml("pyproject.toml")?;
            t.get("project")
                .and_then(|p| p.get("name"))
                .or_else(|| t.get("tool")?.get("poetry")?.get("name"))
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
        })
        .or_else(|| {
            let t = tree.toml("Cargo.toml")?;
            t.get("package")?.get("name")?.as_str().map(str::to_owned)
        })
        .or_else(|| {
            let m = super::go::module_path(&tree.read("go.mod")?)?;
            m.rsplit('/')
                .find(|p| !(p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit())))
                .map(str::to_owned)
        })
        .or_else(|| super::java::project_name(tree))
        .or_else(|| {
            tree.json("composer.json")?
                .get("name")?
                .as_str()
                .map(str::to_owned)
        });
    let raw = from_manifest.unwrap_or_else(|| {
        tree.root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "app".to_owned())
    });
    dns_name(&raw)
}

fn existing(tree: &Tree) -> Existing {
    let mut e = Existing::default();
    for f in &tree.files {
        let base = f.rsplit('/').next().unwrap_or(f);
        let lower = base.to_ascii_lowercase();
        if base == "Dockerfile"
            || base == "Containerfile"
            || base.starts_with("Dockerfile.")
            || lower.ends_with(".dockerfile")
        {
            e.dockerfiles.push(f.clone());
        }
        let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if yaml && (lower.starts_with("compose.") || lower.starts_with("docker-compose.")) {
            e.compose_files.push(f.clone());
        }
        if base == "Chart.yaml" {
            e.charts.push(parent(f).to_owned());
        }
        if lower.ends_with(".tf") {
            let dir = parent(f).to_owned();
            if !e.terraform_dirs.contains(&dir) {
                e.terraform_dirs.push(dir);
            }
        }
        if yaml && parent(f) == ".github/workflows" {
            e.github_workflows.push(f.clone());
        }
    }
    e.gitlab_ci = tree.exists(".gitlab-ci.yml");
    e
}

/// Backing services run by an existing compose file (`image: postgres:16`).
fn compose_backing(tree: &Tree, existing: &Existing, services: &mut [Service]) {
    for file in &existing.compose_files {
        let Some(text) = tree.read(file) else {
            continue;
        };
        for line in text.lines() {
            let Some(image) = line.trim().strip_prefix("image:") else {
                continue;
            };
            let image = image.trim().trim_matches(['"', '\'']);
            let repo = image.split(['@', ':']).next().unwrap_or(image);
            let name = repo.rsplit('/').next().unwrap_or(repo);
            let backing = match name {
                "postgres" | "postgis" => BackingService::Postgres,
                "redis" | "valkey" => BackingService::Redis,
                "mysql" | "mariadb" => BackingService::Mysql,
                "mongo" => BackingService::Mongodb,
                "rabbitmq" => BackingService::Rabbitmq,
                _ => continue,
            };
            match services {
                [only] => {
                    if !only.backing_services.iter().any(|b| b.value == backing) {
                        only.backing_services.push(Fact::found(
                            backing,
                            Evidence::field(file.clone(), "image", image),
                        ));
                        only.backing_services.sort_by_key(|b| b.value);
                    }
                }
                _ => {
                    if !services
                        .iter()
                        .any(|s| s.backing_services.iter().any(|b| b.value == backing))
                    {
                        tree.note(format!(
                            "{file} runs {backing} ({image}) but no service's dependencies name it"
                        ));
                    }
                }
            }
        }
    }
}
