//! Ruby: Bundler (`Gemfile`, `Gemfile.lock`), Rails (`rails` gem, `/up`
//! health route of Rails 7.1+), version from `.ruby-version`, the Gemfile's
//! `ruby` line or the lockfile's `RUBY VERSION` (C01 locked installs).

use super::provider::{
    BackingTable, Candidate, Provider, Scope, add_backing, argv, base, found, major_minor,
};
use super::tree::{Tree, join};
use crate::model::{BackingService, Confidence, Fact, Framework, Language, PackageManager};

pub(crate) struct Ruby;

const BACKING: BackingTable = &[
    ("pg", BackingService::Postgres),
    ("redis", BackingService::Redis),
    ("sidekiq", BackingService::Redis),
    ("mysql2", BackingService::Mysql),
    ("trilogy", BackingService::Mysql),
    ("mongoid", BackingService::Mongodb),
    ("bunny", BackingService::Rabbitmq),
];

/// Gem names from `gem "name"` lines.
fn gems(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("gem ")?;
            let rest = rest.trim_start();
            let q = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let rest = &rest[1..];
            Some(rest[..rest.find(q)?].to_owned())
        })
        .collect()
}

impl Provider for Ruby {
    fn language(&self) -> Language {
        Language::Ruby
    }

    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate> {
        let dir = scope.dir;
        let gemfile = join(dir, "Gemfile");
        let text = tree.read(&gemfile)?;
        let gems = gems(&text);
        let lock = join(dir, "Gemfile.lock");
        let locked = tree.exists(&lock);
        let pm = if locked {
            found(PackageManager::Bundler, &lock, "lockfile")
        } else {
            tree.note(format!(
                "{gemfile}: no Gemfile.lock: installs will not be reproducible; run `bundle lock`"
            ));
            found(PackageManager::Bundler, &gemfile, "Gemfile")
        };
        let version = ruby_version(tree, dir, &text);
        let language = found(Language::Ruby, &gemfile, "Bundler Gemfile");
        let mut s = base(scope, language, version, pm, 3000);
        let has = |g: &str| gems.iter().any(|x| x == g);
        let rails = has("rails");
        let rack = tree.exists(&join(dir, "config.ru"));
        let deployable = rails || rack;
        if rails {
            s.framework = Some(found(Framework::Rails, &gemfile, "gem rails"));
            s.port = Fact::guessed(3000, "Rails default port");
            s.start_command = found(
                argv(&[
                    "bin/rails",
                    "server",
                    "--binding",
                    "0.0.0.0",
                    "--port",
                    "3000",
                ]),
                &gemfile,
                "gem rails",
            );
            let routes = join(dir, "config/routes.rb");
            if tree
                .read(&routes)
                .is_some_and(|t| t.contains("rails/health#show"))
            {
                s.health_path = found("/up".to_owned(), &routes, "rails/health#show");
                s.readiness_path = found(
                    "/up".to_owned(),
                    &routes,
                    "rails/health#show (boots the app)",
                );
            }
            s.test_command = Some(if has("rspec-rails") {
                found("bundle exec rspec".to_owned(), &gemfile, "gem rspec-rails")
            } else {
                Fact::guessed("bin/rails test".to_owned(), "Rails convention")
            });
        } else if rack {
            s.start_command = Fact::guessed(
                argv(&[
                    "bundle", "exec", "rackup", "--host", "0.0.0.0", "--port", "3000",
                ]),
                "config.ru: a Rack app",
            );
        }
        if has("rubocop") || gems.iter().any(|g| g.starts_with("rubocop-")) {
            s.lint_command = Some(found(
                "bundle exec rubocop".to_owned(),
                &gemfile,
                "gem rubocop",
            ));
        }
        if has("yabeda-prometheus") || has("prometheus-client") {
            s.metrics_path = Some(found(
                "/metrics".to_owned(),
                &gemfile,
                "prometheus exporter gem",
            ));
        }
        let deps: Vec<(String, String)> = gems
            .iter()
            .map(|g| (g.clone(), format!("gem {g}")))
            .collect();
        add_backing(&mut s, BACKING, &deps, &gemfile);
        s.confidence = match (deployable, locked) {
            (true, true) => Confidence::High,
            (true, false) => Confidence::Medium,
            _ => Confidence::Low,
        };
        let verdict = if rails {
            "Rails app with Bundler".to_owned()
        } else if rack {
            "Rack app with Bundler".to_owned()
        } else {
            "Gemfile without Rails or config.ru (tooling or a gem)".to_owned()
        };
        Some(Candidate {
            service: s,
            deployable,
            verdict,
        })
    }
}

fn ruby_version(tree: &Tree, dir: &str, gemfile: &str) -> Fact<String> {
    let rv = join(dir, ".ruby-version");
    if let Some(t) = tree.read(&rv)
        && let Some(v) = major_minor(t.trim())
    {
        return found(v, &rv, t.trim().to_owned());
    }
    if let Some(line) = gemfile
        .lines()
        .find(|l| l.trim_start().starts_with("ruby "))
        && let Some(v) = major_minor(line)
    {
        return found(v, &join(dir, "Gemfile"), line.trim().to_owned());
    }
    let lock = join(dir, "Gemfile.lock");
    if let Some(t) = tree.read(&lock)
        && let Some(i) = t.find("RUBY VERSION")
        && let Some(v) = major_minor(&t[i + "RUBY VERSION".len()..])
    {
        return found(v, &lock, "RUBY VERSION");
    }
    if let Some((file, line)) = super::provider::tool_versions(tree, dir, &["ruby"])
        && let Some(v) = major_minor(&line)
    {
        return found(v, &file, line);
    }
    Fact::guessed(
        "3.3".to_owned(),
        "no .ruby-version, ruby line in the Gemfile or .tool-versions",
    )
}
