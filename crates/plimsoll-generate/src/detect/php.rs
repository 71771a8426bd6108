//! PHP: Composer (`composer.json`, `composer.lock`), Laravel (`/up` health
//! route of Laravel 11), version from `require.php` (C01 locked installs).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, field, found, major_minor,
};
use super::tree::{Tree, join};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};
use serde_json::Value;

pub(crate) struct Php;

const BACKING: BackingTable = &[
    ("predis/predis", BackingService::Redis),
    ("mongodb/laravel-mongodb", BackingService::Mongodb),
    ("mongodb/mongodb", BackingService::Mongodb),
    ("php-amqplib/php-amqplib", BackingService::Rabbitmq),
    ("db_connection=pgsql", BackingService::Postgres),
    ("db_connection=mysql", BackingService::Mysql),
    ("db_connection=mariadb", BackingService::Mysql),
    ("redis_host", BackingService::Redis),
];

impl Provider for Php {
    fn language(&self) -> Language {
        Language::Php
    }

    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let manifest = join(dir, "composer.json");
        if !tree.exists(&manifest) {
            return None;
        }
        let composer = tree.json(&manifest)?;
        let require = composer.get("require").and_then(Value::as_object);
        let require_dev = composer.get("require-dev").and_then(Value::as_object);
        let lock = join(dir, "composer.lock");
        let locked = tree.exists(&lock);
        let pm = if locked {
            found(PackageManager::Composer, &lock, "lockfile")
        } else {
            tree.note(format!(
                "{manifest}: no composer.lock: installs will not be reproducible; commit it"
            ));
            found(PackageManager::Composer, &manifest, "composer.json")
        };
        let version = match require
            .and_then(|r| r.get("php"))
            .and_then(Value::as_str)
            .and_then(|spec| major_minor(spec).map(|v| (v, spec)))
        {
            Some((v, spec)) => field(v, &manifest, "require.php", spec),
            None => Fact::guessed("8.3".to_owned(), "no require.php in composer.json"),
        };
        let language = found(Language::Php, &manifest, "Composer manifest");
        let mut s = base(scope, language, version, pm, 8080);
        let laravel = require.is_some_and(|r| r.contains_key("laravel/framework"));
        let front = join(dir, "public/index.php");
        let deployable = laravel || tree.exists(&front);
        s.port = Fact::guessed(8080, "the PHP server listens on an unprivileged port");
        if deployable {
            s.start_command = Fact::guessed(
                argv(&[
                    "frankenphp",
                    "php-server",
                    "--root",
                    "public/",
                    "--listen",
                    ":8080",
                ]),
                "public/index.php served by FrankenPHP (one process, no php-fpm + nginx pair)",
            );
        }
        if laravel {
            s.framework = Some(field(
                Framework::Laravel,
                &manifest,
                "require.laravel/framework",
                "laravel/framework",
            ));
            let app = join(dir, "bootstrap/app.php");
            if tree
                .read(&app)
                .is_some_and(|t| t.contains("health: '/up'") || t.contains("health: \"/up\""))
            {
                s.health_path = found("/up".to_owned(), &app, "health: '/up'");
                s.readiness_path = found("/up".to_owned(), &app, "health: '/up' (boots the app)");
            }
            s.test_command = Some(Fact::guessed(
                "php artisan test".to_owned(),
                "Laravel convention",
            ));
        } else if require_dev.is_some_and(|r| r.contains_key("phpunit/phpunit")) {
            s.test_command = Some(field(
                "vendor/bin/phpunit".to_owned(),
                &manifest,
                "require-dev.phpunit/phpunit",
                "phpunit",
            ));
        }
        if require_dev.is_some_and(|r| r.contains_key("laravel/pint")) {
            s.lint_command = Some(field(
                "vendor/bin/pint --test".to_owned(),
                &manifest,
                "require-dev.laravel/pint",
                "pint",
            ));
        }
        let mut deps: Vec<(String, String)> = require
            .map(|r| {
                r.keys()
                    .map(|k| (k.clone(), format!("require.{k}")))
                    .collect()
            })
            .unwrap_or_default();
        add_backing(&mut s, BACKING, &deps, &manifest);
        let env = join(dir, ".env.example");
        if let Some(t) = tree.read(&env) {
            deps = t
                .lines()
                .filter_map(|l| {
                    let l = l.trim().to_ascii_lowercase();
                    let key = l.split('=').next()?;
                    let v = if key == "redis_host" {
                        key.to_owned()
                    } else {
                        l.clone()
                    };
                    Some((v, l))
                })
                .collect();
            add_backing(&mut s, BACKING, &deps, &env);
        }
        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        let verdict = if laravel {
            "Laravel app with Composer".to_owned()
        } else if deployable {
            "PHP app (public/index.php) with Composer".to_owned()
        } else {
            "composer.json without an app (a library or tooling)".to_owned()
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}
