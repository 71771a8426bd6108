//! Knowledge several compose rules share: one-shot services, absence checks
//! over the merged view of a project, healthchecks (the service's or its
//! Dockerfile's), and walking every place a value may sit. They serve the
//! rules of practices C01 (health checks), C02 (restart policy), C03
//! (limits) and C04 (log rotation).

use super::prelude::*;
use crate::compose::ComposeIndex;
use plimsoll_syntax::dockerfile::{Body, Dockerfile, Healthcheck};

/// Whether a service is not meant to keep running: `restart: "no"` or
/// `deploy.restart_policy.condition: none` written explicitly, or another
/// service of the project waits for it with
/// `condition: service_completed_successfully` (migrations, seeders).
pub(super) fn is_one_shot(cx: &ComposeContext<'_>, s: &Service) -> bool {
    let merged = cx.project.merged_service(cx.member, &s.name);
    for d in &merged.defs {
        if d.service.restart.as_ref().is_some_and(|r| r.value == "no") {
            return true;
        }
        let yaml = d.member.yaml();
        if d.service
            .deploy
            .as_ref()
            .and_then(|dep| dep.restart_policy)
            .and_then(|p| yaml.get(p, "condition"))
            .and_then(|c| yaml.str(c))
            == Some("none")
        {
            return true;
        }
    }
    cx.project.scope(cx.member).into_iter().any(|j| {
        cx.project.member(j).compose().services.iter().any(|other| {
            other.depends_on.iter().any(|dep| {
                dep.service == s.name && dep.condition() == "service_completed_successfully"
            })
        })
    })
}

/// For a rule reporting something a service lacks: the merged service when
/// this definition is the one to judge (the first complete definition of
/// its merged view, with every `extends` followed), else `None`.
pub(super) fn judged<'x, 'a>(
    cx: &'x ComposeContext<'a>,
    s: &Service,
) -> Option<MergedService<'x, 'a>> {
    if !cx.project.is_primary(cx.member, s) {
        return None;
    }
    let merged = cx.project.merged_service(cx.member, &s.name);
    merged.complete.then_some(merged)
}

/// What is known about a service's healthcheck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Health {
    /// A check runs (the service's `healthcheck.test` or its Dockerfile's
    /// `HEALTHCHECK`).
    Checked,
    /// Disabled explicitly (`disable: true`, `test: ["NONE"]`,
    /// `HEALTHCHECK NONE`).
    Disabled,
    /// The service builds `FROM scratch` with no `HEALTHCHECK`: certainly
    /// none.
    None,
    /// The service builds from a Dockerfile the run can read, and neither
    /// defines a check (its base image still might).
    NotDeclared,
    /// Only the image could define it: unknown.
    Unknown,
}

/// Whether the Dockerfile stage a build produces (its `target`, else the
/// last) or a stage it builds on declares `HEALTHCHECK`.
fn dockerfile_health(df: &Dockerfile, target: Option<&str>) -> Health {
    let stage = match target {
        Some(t) => df.stage_by_name(t).map(|s| s.index),
        None => df.final_stage().map(|s| s.index),
    };
    let Some(stage) = stage else {
        return Health::Unknown;
    };
    for i in df.stage_ancestry(stage) {
        let Some(st) = df.stages.get(i) else { continue };
        if let Some(h) = df
            .stage_instructions(st)
            .iter()
            .rev()
            .find_map(|inst| match &inst.body {
                Body::Healthcheck(h) => Some(h),
                _ => None,
            })
        {
            return match h {
                Healthcheck::None { .. } => Health::Disabled,
                Healthcheck::Cmd { .. } => Health::Checked,
            };
        }
    }
    // The base image may still define one; only `scratch` certainly not.
    let root = df.stage_ancestry(stage).last().copied().unwrap_or(stage);
    if df
        .stages
        .get(root)
        .is_some_and(plimsoll_syntax::dockerfile::Stage::is_scratch)
    {
        Health::None
    } else {
        Health::NotDeclared
    }
}

/// The healthcheck of service `name` as the merged view of `member` makes
/// it.
pub(super) fn health(project: &ComposeIndex<'_>, member: usize, name: &str) -> Health {
    let merged = project.merged_service(member, name);
    if merged.defs.is_empty() {
        return Health::Unknown;
    }
    // The definitions of the merged view override the services they extend.
    for d in &merged.defs {
        if let Some(h) = &d.service.healthcheck {
            if h.disabled {
                return Health::Disabled;
            }
            if h.test.is_some() {
                return Health::Checked;
            }
        }
    }
    for d in &merged.defs {
        let Some(build) = &d.service.build else {
            continue;
        };
        let target = build.target.as_ref().map(|t| t.value.as_str());
        if let Some(df) = project.dockerfile(d.index, d.service) {
            return dockerfile_health(&df, target);
        }
    }
    Health::Unknown
}

/// The members whose services may be referenced from this file.
pub(super) fn scope_services<'x>(cx: &'x ComposeContext<'_>) -> Vec<&'x Service> {
    cx.project
        .scope(cx.member)
        .into_iter()
        .flat_map(|j| cx.project.member(j).compose().services.iter())
        .collect()
}

/// Whether a key names a credential: `PASSWORD`, `DB_PASS`, `API_TOKEN`,
/// `AWS_SECRET_ACCESS_KEY`, `PRIVATE_KEY`...
pub(super) fn is_secret_name(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let last = words.last().copied().unwrap_or("");
    // Names of settings that point at a secret rather than hold one.
    if words.iter().any(|w| {
        matches!(
            *w,
            "FILE"
                | "PATH"
                | "DIR"
                | "URL"
                | "HOST"
                | "PORT"
                | "USER"
                | "USERNAME"
                | "NAME"
                | "LENGTH"
                | "TTL"
                | "EXPIRY"
                | "EXPIRES"
                | "EXPIRATION"
                | "TIMEOUT"
                | "ID"
                | "HEADER"
                | "ENDPOINT"
                | "FIELD"
                | "MINUTES"
                | "SECONDS"
                | "HOURS"
                | "DAYS"
                | "POLICY"
                | "ROTATION"
                | "REGION"
                | "ALGORITHM"
                | "TYPE"
                | "LOCATION"
        )
    }) {
        return false;
    }
    has("PASSWORD")
        || has("PASSWD")
        || has("PASSPHRASE")
        || has("SECRET")
        || has("TOKEN")
        || has("CREDENTIAL")
        || has("CREDENTIALS")
        || has("APIKEY")
        || upper.contains("API_KEY")
        || upper.contains("ACCESS_KEY")
        || upper.contains("PRIVATE_KEY")
        || upper.contains("ENCRYPTION_KEY")
        || upper.contains("SECRET_KEY")
        || matches!(last, "PASS" | "PWD" | "SALT" | "DSN")
        || upper.ends_with("PASSWORD")
}

/// Values that are clearly not secrets: empty, placeholders, booleans.
pub(super) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.is_empty()
        || v.len() < 3
        || matches!(
            lower.as_str(),
            "true"
                | "false"
                | "yes"
                | "no"
                | "null"
                | "none"
                | "changeme"
                | "change-me"
                | "change_me"
                | "xxx"
                | "xxxx"
                | "secret"
                | "password"
                | "example"
                | "todo"
                | "<secret>"
                | "redacted"
                | "dummy"
        )
        || (v.starts_with('<') && v.ends_with('>'))
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for k in [
            "POSTGRES_PASSWORD",
            "DB_PASS",
            "API_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "MYSQL_ROOT_PASSWORD",
            "JWT_SECRET",
            "SENTRY_DSN",
            "password",
            "ApiKey",
            "STRIPE_API_KEY",
        ] {
            assert!(is_secret_name(k), "{k}");
        }
        for k in [
            "POSTGRES_PASSWORD_FILE",
            "PASSWORD_MIN_LENGTH",
            "TOKEN_TTL",
            "SECRET_NAME",
            "DB_USER",
            "PATH",
            "COMPASS",
            "BYPASS",
        ] {
            assert!(!is_secret_name(k), "{k}");
        }
    }
}
