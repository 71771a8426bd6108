//! Python: uv (`uv.lock`), poetry (`poetry.lock` / `[tool.poetry]`), pipenv
//! (`Pipfile.lock`), pip (`requirements*.txt`); version from
//! `.python-version` / `requires-python`; FastAPI (app object found by
//! scanning for `FastAPI(`), Django (WSGI module from the settings), Flask;
//! a production server (uvicorn/gunicorn) as the start command, never a
//! development server (D.., C01 locked installs).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, find_routes, found,
    major_minor,
};
use super::tree::{Tree, join};
use crate::model::{
    BackingService, Confidence, Fact, Framework, Language, PackageManager, ServiceKind,
};

pub(crate) struct Python;

const BACKING: BackingTable = &[
    ("psycopg", BackingService::Postgres),
    ("psycopg2", BackingService::Postgres),
    ("psycopg2-binary", BackingService::Postgres),
    ("psycopg-binary", BackingService::Postgres),
    ("asyncpg", BackingService::Postgres),
    ("redis", BackingService::Redis),
    ("django-redis", BackingService::Redis),
    ("pymysql", BackingService::Mysql),
    ("mysqlclient", BackingService::Mysql),
    ("mysql-connector-python", BackingService::Mysql),
    ("aiomysql", BackingService::Mysql),
    ("pymongo", BackingService::Mongodb),
    ("motor", BackingService::Mongodb),
    ("pika", BackingService::Rabbitmq),
    ("aio-pika", BackingService::Rabbitmq),
    ("celery[amqp]", BackingService::Rabbitmq),
    ("celery[librabbitmq]", BackingService::Rabbitmq),
];

/// A dependency: normalized name (with extras kept separately), where it was declared, dev or not.
struct Dep {
    name: String,
    extras: String,
    file: String,
    dev: bool,
}

/// The project name from the package name in a PEP 508 string (`fastapi[all]>=0.115` → `fastapi`).
fn pep508(spec: &str) -> (String, String) {
    let spec = spec.trim();
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let name = spec[..end].to_ascii_lowercase().replace('_', "-");
    let extras = spec[end..]
        .trim_start()
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map(|(e, _)| e.replace(' ', ""))
        .unwrap_or_default();
    (name, extras)
}

fn collect_deps(tree: &Tree, dir: &str, pyproject: Option<&toml::Table>) -> Vec<Dep> {
    let mut deps = Vec::new();
    let py = join(dir, "pyproject.toml");
    let mut push = |spec: &str, file: &str, dev: bool| {
        let (name, extras) = pep508(spec);
        if !name.is_empty() && name != "python" {
            deps.push(Dep {
                name,
                extras,
                file: file.to_owned(),
                dev,
            });
        }
    };
    if let Some(t) = pyproject {
        let strings = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let project = t.get("project");
        for d in strings(project.and_then(|p| p.get("dependencies"))) {
            push(&d, &py, false);
        }
        if let Some(groups) = t.get("dependency-groups").and_then(toml::Value::as_table) {
            for group in groups.values() {
                for d in strings(Some(group)) {
                    push(&d, &py, true);
                }
            }
        }
        if let Some(opt) = project
            .and_then(|p| p.get("optional-dependencies"))
            .and_then(toml::Value::as_table)
        {
            for group in opt.values() {
                for d in strings(Some(group)) {
                    push(&d, &py, true);
                }
            }
        }
        let poetry = t.get("tool").and_then(|t| t.get("poetry"));
        if let Some(main) = poetry
            .and_then(|p| p.get("dependencies"))
            .and_then(toml::Value::as_table)
        {
            for (name, spec) in main {
                let extras = spec
                    .get("extras")
                    .and_then(toml::Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(toml::Value::as_str)
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .unwrap_or_default();
                push(&format!("{name}[{extras}]"), &py, false);
            }
        }
        let mut dev_tables = Vec::new();
        if let Some(groups) = poetry
            .and_then(|p| p.get("group"))
            .and_then(toml::Value::as_table)
        {
            dev_tables.extend(groups.values().filter_map(|g| g.get("dependencies")));
        }
        if let Some(d) = poetry.and_then(|p| p.get("dev-dependencies")) {
            dev_tables.push(d);
        }
        for table in dev_tables.into_iter().filter_map(toml::Value::as_table) {
            for name in table.keys() {
                push(name, &py, true);
            }
        }
    }
    let pipfile = join(dir, "Pipfile");
    if let Some(t) = tree.toml(&pipfile) {
        for (section, dev) in [("packages", false), ("dev-packages", true)] {
            if let Some(table) = t.get(section).and_then(toml::Value::as_table) {
                for name in table.keys() {
                    push(name, &pipfile, dev);
                }
            }
        }
    }
    for file in tree.children(dir) {
        let base = file.rsplit('/').next().unwrap_or(file);
        if base.starts_with("requirements") && base.ends_with(".txt") {
            let dev = base.contains("dev") || base.contains("test") || base.contains("lint");
            if let Some(text) = tree.read(file) {
                for line in text.lines() {
                    let line = line.split('#').next().unwrap_or("").trim();
                    if line.is_empty() || line.starts_with('-') {
                        continue;
                    }
                    push(line, file, dev);
                }
            }
        }
    }
    deps
}

impl Provider for Python {
    fn language(&self) -> Language {
        Language::Python
    }

    #[allow(clippy::too_many_lines)]
    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let py = join(dir, "pyproject.toml");
        let pipfile = join(dir, "Pipfile");
        let has_requirements = tree.children(dir).iter().any(|f| {
            let b = f.rsplit('/').next().unwrap_or(f);
            b.starts_with("requirements") && b.ends_with(".txt")
        });
        let manage = join(dir, "manage.py");
        if !tree.exists(&py) && !tree.exists(&pipfile) && !has_requirements && !tree.exists(&manage)
        {
            return None;
        }
        let pyproject = tree.toml(&py);
        let deps = collect_deps(tree, dir, pyproject.as_ref());
        let has = |name: &str| deps.iter().find(|d| d.name == name);
        let is_poetry = pyproject
            .as_ref()
            .and_then(|t| t.get("tool"))
            .and_then(|t| t.get("poetry"))
            .is_some();

        // Package manager: the lockfile decides.
        let (pm, locked) = if tree.exists(&join(dir, "uv.lock")) {
            (
                found(PackageManager::Uv, &join(dir, "uv.lock"), "lockfile"),
                true,
            )
        } else if tree.exists(&join(dir, "poetry.lock")) {
            (
                found(
                    PackageManager::Poetry,
                    &join(dir, "poetry.lock"),
                    "lockfile",
                ),
                true,
            )
        } else if tree.exists(&join(dir, "Pipfile.lock")) {
            (
                found(
                    PackageManager::Pipenv,
                    &join(dir, "Pipfile.lock"),
                    "lockfile",
                ),
                true,
            )
        } else if is_poetry {
            tree.note(format!(
                "{py}: no poetry.lock: installs will not be reproducible; run `poetry lock`"
            ));
            (
                field(PackageManager::Poetry, &py, "tool.poetry", "poetry project"),
                false,
            )
        } else if tree.exists(&pipfile) {
            tree.note(format!(
                "{pipfile}: no Pipfile.lock: installs will not be reproducible; run `pipenv lock`"
            ));
            (found(PackageManager::Pipenv, &pipfile, "Pipfile"), false)
        } else if has_requirements {
            let pinned = deps.iter().filter(|d| !d.dev).all(|d| {
                tree.read(&d.file).is_some_and(|t| {
                    t.lines().any(|l| {
                        l.trim_start()
                            .to_ascii_lowercase()
                            .replace('_', "-")
                            .starts_with(&format!("{}==", d.name))
                    })
                })
            });
            if !pinned {
                tree.note(format!(
                    "{}: requirements are not all pinned with ==: installs will not be reproducible (consider uv or pip-tools)",
                    join(dir, "requirements.txt")
                ));
            }
            (
                found(
                    PackageManager::Pip,
                    &join(dir, "requirements.txt"),
                    "requirements file",
                ),
                pinned,
            )
        } else if tree.exists(&py) {
            tree.note(format!(
                "{py}: no lockfile: installs will not be reproducible; run `uv lock`"
            ));
            (
                Fact::guessed(PackageManager::Pip, "pyproject.toml without a lockfile"),
                false,
            )
        } else {
            tree.note(format!(
                "{dir}: no pyproject.toml or requirements.txt: the dependencies are not declared"
            ));
            (
                Fact::guessed(PackageManager::Pip, "no dependency file at all"),
                false,
            )
        };
        let runner = match pm.value {
            PackageManager::Uv => "uv run ",
            PackageManager::Poetry => "poetry run ",
            PackageManager::Pipenv => "pipenv run ",
            _ => "",
        };

        let version = python_version(tree, dir, pyproject.as_ref());
        let language = found(
            Language::Python,
            &deps.first().map_or(py.clone(), |d| d.file.clone()),
            "Python dependencies",
        );
        let mut s = base(scope, language, version, pm.clone(), 8000);
        s.port = Fact::guessed(8000, "the start command binds 8000");

        let framework = if let Some(d) = has("fastapi") {
            Some((Framework::FastApi, d))
        } else if let Some(d) = has("django") {
            Some((Framework::Django, d))
        } else {
            has("flask").map(|d| (Framework::Flask, d))
        };
        // manage.py without a declared django dependency: still Django.
        let manage_only = Dep {
            name: "django".to_owned(),
            extras: String::new(),
            file: manage.clone(),
            dev: false,
        };
        let framework = framework.or_else(|| {
            tree.read(&manage)
                .is_some_and(|t| t.contains("django"))
                .then_some((Framework::Django, &manage_only))
        });
        let mut deployable = false;
        let sources = tree.sources(dir, &[".py"]);
        match framework {
            Some((Framework::FastApi, d)) => {
                deployable = true;
                s.framework = Some(found(Framework::FastApi, &d.file, "fastapi"));
                let app = find_app(tree, &sources, dir, &["FastAPI("]);
                let target = app.as_ref().map_or("main:app".to_owned(), |a| a.0.clone());
                let server = if has("uvicorn").is_some() {
                    "uvicorn"
                } else {
                    tree.note(format!(
                        "{}: add uvicorn to the dependencies: the image runs it",
                        d.file
                    ));
                    "uvicorn"
                };
                let mut cmd = argv(&[server, &target, "--host", "0.0.0.0", "--port", "8000"]);
                if app
                    .as_ref()
                    .is_some_and(|(_, f)| f.starts_with(&super::tree::join(dir, "src/")))
                {
                    // src layout: the package is importable from src/.
                    cmd.extend(argv(&["--app-dir", "src"]));
                }
                s.start_command = match app {
                    Some((t, f)) => found(cmd, &f, format!("{t} = FastAPI(); served by uvicorn")),
                    None => Fact::guessed(cmd, "no `FastAPI(` found: main:app"),
                };
            }
            Some((Framework::Django, d)) => {
                deployable = true;
                s.framework = Some(found(Framework::Django, &d.file, "django"));
                let (target, evidence) = django_wsgi(tree, dir);
                let cmd = argv(&["gunicorn", &target, "--bind", "0.0.0.0:8000"]);
                if has("gunicorn").is_none() {
                    tree.note(format!(
                        "{}: add gunicorn to the dependencies: the image serves Django with it",
                        d.file
                    ));
                }
                s.start_command = match evidence {
                    Some(f) => found(cmd, &f, format!("WSGI application {target}")),
                    None => Fact::guessed(cmd, "no WSGI_APPLICATION found"),
                };
                if has("pytest").is_none() && has("pytest-django").is_none() {
                    s.test_command = Some(Fact::guessed(
                        format!("{runner}python manage.py test"),
                        "Django convention",
                    ));
                }
            }
            Some((Framework::Flask, d)) => {
                deployable = true;
                s.framework = Some(found(Framework::Flask, &d.file, "flask"));
                let app = find_app(tree, &sources, dir, &["Flask(__name__", "Flask("]);
                let factory = find_factory(tree, &sources, dir);
                let target = app
                    .as_ref()
                    .map(|a| a.0.clone())
                    .or_else(|| factory.as_ref().map(|f| f.0.clone()))
                    .unwrap_or_else(|| "app:app".to_owned());
                let cmd = argv(&["gunicorn", &target, "--bind", "0.0.0.0:8000"]);
                if has("gunicorn").is_none() {
                    tree.note(format!(
                        "{}: add gunicorn to the dependencies: the image serves Flask with it",
                        d.file
                    ));
                }
                s.start_command = match app.or(factory) {
                    Some((t, f)) => found(cmd, &f, format!("Flask application {t}")),
                    None => Fact::guessed(cmd, "no `Flask(` found: app:app"),
                };
            }
            _ => {
                if let Some(d) = has("celery") {
                    deployable = true;
                    s.kind = ServiceKind::Worker;
                    s.start_command = Fact::guessed(
                        argv(&["celery", "-A", "app", "worker", "--loglevel=INFO"]),
                        format!("celery in {}: a worker; set the app module", d.file),
                    );
                }
            }
        }
        if framework.is_some()
            && let Some(d) = has("celery")
        {
            tree.note(format!(
                "{}: celery is a dependency: run its worker as a second deployment (same image, `celery -A <app> worker`)",
                d.file
            ));
        }
        let (live, ready) = find_routes(tree, dir, &[".py"]);
        if let Some(l) = live {
            s.health_path = l;
        }
        if let Some(r) = ready {
            s.readiness_path = r;
        }
        for (dep, path) in [
            ("prometheus-fastapi-instrumentator", "/metrics"),
            ("django-prometheus", "/metrics"),
            ("prometheus-flask-exporter", "/metrics"),
            ("prometheus-client", "/metrics"),
        ] {
            if let Some(d) = has(dep) {
                s.metrics_path = Some(found(path.to_owned(), &d.file, dep));
                break;
            }
        }
        if let Some(d) = has("pytest") {
            s.test_command = Some(found(format!("{runner}pytest"), &d.file, "pytest"));
        }
        if let Some(d) = has("ruff") {
            s.lint_command = Some(found(format!("{runner}ruff check ."), &d.file, "ruff"));
        } else if let Some(d) = has("flake8") {
            s.lint_command = Some(found(format!("{runner}flake8"), &d.file, "flake8"));
        }
        let runtime: Vec<(String, String)> = deps
            .iter()
            .filter(|d| !d.dev)
            .flat_map(|d| {
                let mut v = vec![(d.name.clone(), d.name.clone())];
                for extra in d.extras.split(',').filter(|e| !e.is_empty()) {
                    v.push((
                        format!("{}[{extra}]", d.name),
                        format!("{}[{extra}]", d.name),
                    ));
                }
                v
            })
            .collect();
        let file = deps
            .iter()
            .find(|d| !d.dev)
            .map_or(py.clone(), |d| d.file.clone());
        add_backing(&mut s, BACKING, &runtime, &file);

        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        let verdict = match framework {
            Some((f, _)) => format!("{f} app with {}", pm.value),
            None if deployable => format!("Celery worker with {}", pm.value),
            None => "Python project without a web framework (a library or scripts)".to_owned(),
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

/// `module:variable` of the first `<var> = <ctor>` in the sources.
fn find_app(
    tree: &Tree,
    sources: &[&String],
    dir: &str,
    ctors: &[&str],
) -> Option<(String, String)> {
    for file in sources {
        let Some(text) = tree.read_source(file) else {
            continue;
        };
        for line in text.lines() {
            let l = line.trim();
            if line.starts_with(' ') || line.starts_with('\t') {
                continue;
            }
            if let Some((var, value)) = l.split_once('=')
                && ctors
                    .iter()
                    .any(|c| value.trim_start().starts_with(c) || value.contains(&format!(" {c}")))
            {
                let var = var.trim().split(':').next().unwrap_or("").trim();
                if !var.is_empty()
                    && var.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && importable(&module_of(file, dir))
                {
                    return Some((format!("{}:{var}", module_of(file, dir)), (*file).clone()));
                }
            }
        }
    }
    None
}

fn find_factory(tree: &Tree, sources: &[&String], dir: &str) -> Option<(String, String)> {
    sources.iter().find_map(|file| {
        let text = tree.read_source(file)?;
        (importable(&module_of(file, dir))
            && text.lines().any(|l| l.starts_with("def create_app(")))
        .then(|| {
            (
                format!("{}:create_app()", module_of(file, dir)),
                (*file).clone(),
            )
        })
    })
}

/// Whether a dotted module path can be imported (`app.main`, not `my app.main`).
fn importable(module: &str) -> bool {
    !module.is_empty()
        && module.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `app/main.py` → `app.main` (relative to the service, `src/` layout stripped).
fn module_of(file: &str, dir: &str) -> String {
    let rel = if dir == "." {
        file
    } else {
        file.strip_prefix(dir)
            .map_or(file, |r| r.trim_start_matches('/'))
    };
    let rel = rel.strip_prefix("src/").unwrap_or(rel);
    let rel = rel.strip_suffix(".py").unwrap_or(rel);
    let rel = rel.strip_suffix("/__init__").unwrap_or(rel);
    rel.replace('/', ".")
}

/// The WSGI target from `manage.py` → settings → `WSGI_APPLICATION`.
fn django_wsgi(tree: &Tree, dir: &str) -> (String, Option<String>) {
    let manage = join(dir, "manage.py");
    let settings = tree.read(&manage).and_then(|t| {
        let i = t.find("DJANGO_SETTINGS_MODULE")?;
        let rest = &t[i + "DJANGO_SETTINGS_MODULE".len()..];
        // Past the key's closing quote, the value is the next quoted string.
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let q = rest.find(['"', '\''])?;
        let rest = &rest[q + 1..];
        let q2 = rest.find(['"', '\''])?;
        Some(rest[..q2].to_owned())
    });
    if let Some(settings) = &settings {
        let file = join(dir, &format!("{}.py", settings.replace('.', "/")));
        if let Some(text) = tree.read(&file)
            && let Some(line) = text
                .lines()
                .find(|l| l.trim_start().starts_with("WSGI_APPLICATION"))
        {
            let value = line
                .split_once('=')
                .map(|(_, v)| v.trim().trim_matches(['"', '\'']).to_owned())
                .unwrap_or_default();
            if let Some((module, var)) = value.rsplit_once('.') {
                return (format!("{module}:{var}"), Some(file));
            }
        }
        let package = settings.split('.').next().unwrap_or(settings);
        return (format!("{package}.wsgi:application"), Some(manage));
    }
    ("config.wsgi:application".to_owned(), None)
}

fn python_version(tree: &Tree, dir: &str, pyproject: Option<&toml::Table>) -> Fact<String> {
    for file in [join(dir, ".python-version"), ".python-version".to_owned()] {
        if let Some(text) = tree.read(&file)
            && let Some(v) = major_minor(text.trim())
        {
            return found(v, &file, text.trim().to_owned());
        }
    }
    let py = join(dir, "pyproject.toml");
    if let Some(t) = pyproject {
        if let Some(spec) = t
            .get("project")
            .and_then(|p| p.get("requires-python"))
            .and_then(toml::Value::as_str)
            && let Some(v) = major_minor(spec)
        {
            return field(v, &py, "project.requires-python", spec);
        }
        if let Some(spec) = t
            .get("tool")
            .and_then(|t| t.get("poetry"))
            .and_then(|p| p.get("dependencies"))
            .and_then(|d| d.get("python"))
            .and_then(toml::Value::as_str)
            && let Some(v) = major_minor(spec)
        {
            return field(v, &py, "tool.poetry.dependencies.python", spec);
        }
    }
    let pipfile = join(dir, "Pipfile");
    if let Some(t) = tree.toml(&pipfile)
        && let Some(spec) = t
            .get("requires")
            .and_then(|r| r.get("python_version"))
            .and_then(toml::Value::as_str)
    {
        return field(spec.to_owned(), &pipfile, "requires.python_version", spec);
    }
    if let Some((file, line)) = super::provider::tool_versions(tree, dir, &["python"])
        && let Some(v) = major_minor(&line)
    {
        return found(v, &file, line);
    }
    Fact::guessed(
        "3.12".to_owned(),
        "no .python-version, requires-python or .tool-versions",
    )
}
