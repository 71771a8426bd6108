//! DC001, DC002 and DC003: services have healthchecks, and the services
//! that depend on them wait for them to be healthy.

use super::prelude::*;
use super::support::{Health, health, is_one_shot, judged};

declare_rule! {
    /// ## What it does
    /// Reports a long-running service with no healthcheck: neither the
    /// service (in any file merged with it, or the service it `extends`)
    /// defines `healthcheck.test`, nor does the Dockerfile it builds from
    /// declare `HEALTHCHECK`. A service that pulls its image is reported
    /// too, since few images declare one; the message says the image might.
    ///
    /// Not reported: healthchecks disabled on purpose (`disable: true`,
    /// `test: ["NONE"]`, `HEALTHCHECK NONE`); one-shot services (written
    /// with `restart: "no"`, or awaited by another service with
    /// `condition: service_completed_successfully`); `provider` services;
    /// overrides that only add to a service defined in the base file (the
    /// base file's definition is judged with the override merged in).
    ///
    /// ## Why is this bad?
    /// Without a healthcheck Compose only knows whether the process runs,
    /// not whether it serves: `depends_on` cannot wait for readiness,
    /// `docker compose up --wait` returns too early, and a hung service
    /// looks healthy in `docker compose ps`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     image: registry.example.com/api:1.4.2
    ///     healthcheck:
    ///       test: ["CMD", "curl", "-fsS", "http://localhost:8080/healthz"]
    ///       interval: 10s
    ///       timeout: 3s
    ///       retries: 3
    /// ```
    ///
    /// ## References
    /// - Practice C01 (health checks on services).
    /// - compose-lint and dclint have no equivalent check.
    pub struct ServiceWithoutHealthcheck {
        code: "DC001",
        name: "service-without-healthcheck",
        summary: "Long-running service has no healthcheck",
        severity: Info,
        category: Reliability,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ServiceWithoutHealthcheck {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if cx.yaml.get(s.node, "provider").is_some() || judged(cx, s).is_none() {
            return;
        }
        let h = health(cx.project, cx.member, &s.name);
        if matches!(h, Health::Checked | Health::Disabled) || is_one_shot(cx, s) {
            return;
        }
        let message = match h {
            Health::None | Health::NotDeclared => format!(
                "{} has no healthcheck, and the Dockerfile it builds from declares no `HEALTHCHECK`",
                s.display()
            ),
            _ => format!(
                "{} has no healthcheck (unless its image declares `HEALTHCHECK`)",
                s.display()
            ),
        };
        out.add(cx.service_span(s), message).help(
            "add `healthcheck.test` probing the service, so that Compose knows when it is ready",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `depends_on` entry that waits only for the dependency's
    /// container to start (the short form, or `condition: service_started`)
    /// when the dependency has a healthcheck: in the compose file (merged
    /// view of the project) or as `HEALTHCHECK` in the Dockerfile it
    /// builds from. Dependencies whose image alone might define a check are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// A started container is not a ready one: the dependent service
    /// connects while the database is still initialising and fails or
    /// crash-loops. The dependency already says when it is ready; waiting
    /// for `service_healthy` uses it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on: [db]
    ///   db:
    ///     image: postgres:16
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "pg_isready -U postgres"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on:
    ///       db:
    ///         condition: service_healthy
    /// ```
    ///
    /// ## Fix safety
    /// For the long form, the fix sets `condition: service_healthy`. It is
    /// unsafe: startup waits for the check, and fails if it never passes.
    ///
    /// ## References
    /// - Practice C01 (`depends_on` uses `condition: service_healthy`).
    /// - compose-lint and dclint have no equivalent check.
    pub struct DependsOnWithoutHealthCondition {
        code: "DC002",
        name: "depends-on-without-health-condition",
        summary: "`depends_on` does not wait for a dependency's healthcheck",
        severity: Warning,
        category: Reliability,
        practices: ["C01"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DependsOnWithoutHealthCondition {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for dep in &s.depends_on {
            if dep.condition() != "service_started" || dep.service == s.name {
                continue;
            }
            if health(cx.project, cx.member, &dep.service) != Health::Checked {
                continue;
            }
            let fix = dep.condition.as_ref().map(|c| {
                Fix::unsafe_(
                    "Wait for `service_healthy`",
                    vec![Edit::replace(cx.yaml.node(c.node).span, "service_healthy")],
                )
            });
            let span = dep
                .condition
                .as_ref()
                .map_or_else(|| cx.span(dep.node), |c| cx.span(c.node));
            out.add(
                span,
                format!(
                    "{} starts once `{}` has started, not once it is healthy, although `{}` has a healthcheck",
                    s.display(),
                    dep.service,
                    dep.service
                ),
            )
            .help("use the long form with `condition: service_healthy`")
            .fix_opt(fix);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `depends_on` with `condition: service_healthy` on a service
    /// that has no healthcheck: an error when the check is disabled or the
    /// dependency builds `FROM scratch` without one; a warning when the
    /// compose files and its Dockerfile define none (its image may still
    /// declare `HEALTHCHECK`).
    ///
    /// ## Why is this bad?
    /// Compose waits for a health status that never comes: `up` fails with
    /// "container ... has no healthcheck configured" and the dependent
    /// service never starts.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on:
    ///       db: {condition: service_healthy}
    ///   db:
    ///     image: postgres:16
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///   db:
    ///     image: postgres:16
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "pg_isready -U postgres"]
    /// ```
    ///
    /// ## References
    /// - Practice C01 (health checks; `depends_on` with `service_healthy`).
    /// - compose-lint and dclint have no equivalent check.
    pub struct HealthyDependencyWithoutHealthcheck {
        code: "DC003",
        name: "healthy-dependency-without-healthcheck",
        summary: "`depends_on` waits for the health of a service without a healthcheck",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for HealthyDependencyWithoutHealthcheck {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        for dep in &s.depends_on {
            if dep.condition() != "service_healthy" {
                continue;
            }
            let merged = cx.project.merged_service(cx.member, &dep.service);
            if merged.defs.is_empty() || !merged.complete {
                continue;
            }
            let (severity, why) = match health(cx.project, cx.member, &dep.service) {
                Health::Checked => continue,
                Health::Disabled => (Severity::Error, "its healthcheck is disabled".to_string()),
                Health::None => (
                    Severity::Error,
                    "it builds `FROM scratch` without `HEALTHCHECK`".to_string(),
                ),
                Health::NotDeclared => (
                    Severity::Warning,
                    "neither the compose file nor its Dockerfile defines one".to_string(),
                ),
                Health::Unknown => (
                    Severity::Warning,
                    "the compose file defines none (unless its image declares `HEALTHCHECK`)"
                        .to_string(),
                ),
            };
            let span = dep
                .condition
                .as_ref()
                .map_or_else(|| cx.span(dep.node), |c| cx.span(c.node));
            let mut b = out
                .add(
                    span,
                    format!(
                        "{} waits for `{}` to be healthy, but `{}` has no healthcheck: {why}",
                        s.display(),
                        dep.service,
                        dep.service
                    ),
                )
                .help("give the dependency a `healthcheck`, or wait for `service_started`")
                .severity(severity);
            if let Some(d) = merged.defs.first() {
                if std::ptr::eq(d.member.source(), cx.file) {
                    b = b.related(cx.span(d.service.key), "the dependency");
                } else {
                    b = b.related_in(
                        d.member.source(),
                        d.member.yaml().node(d.service.key).span,
                        "the dependency",
                    );
                }
            }
            let _ = b;
        }
    }
}
