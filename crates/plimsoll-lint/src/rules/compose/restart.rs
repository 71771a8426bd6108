//! DC005 and DC006: services say how they restart, in words Docker knows.

use super::prelude::*;
use super::support::{is_one_shot, judged};

declare_rule! {
    /// ## What it does
    /// Reports a long-running service with neither `restart` nor
    /// `deploy.restart_policy`, in any file merged with it or in the service
    /// it extends. One-shot services (awaited with
    /// `condition: service_completed_successfully`) and `provider` services
    /// are not reported; an override that only adds to a base service
    /// defers to the base file.
    ///
    /// ## Why is this bad?
    /// The default is `restart: "no"`: a service that crashes, or every
    /// service after the host reboots, stays down until someone runs
    /// `docker compose up` again.
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
    ///     restart: unless-stopped
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `restart: unless-stopped`. It is unsafe: the service
    /// then comes back after crashes and reboots, which a development setup
    /// may not want. Write `restart: "no"` to record that choice instead.
    ///
    /// ## References
    /// - Practice C02 (restart policy set).
    /// - compose-lint and dclint have no equivalent check.
    pub struct ServiceWithoutRestartPolicy {
        code: "DC005",
        name: "service-without-restart-policy",
        summary: "Long-running service has no restart policy",
        severity: Warning,
        category: Reliability,
        practices: ["C02"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for ServiceWithoutRestartPolicy {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if cx.yaml.get(s.node, "provider").is_some() {
            return;
        }
        let Some(merged) = judged(cx, s) else { return };
        if merged.any(|d| {
            d.restart.is_some()
                || d.deploy
                    .as_ref()
                    .is_some_and(|dep| dep.restart_policy.is_some())
        }) || is_one_shot(cx, s)
        {
            return;
        }
        let fix = cx
            .set(s.node, &["restart"], Value::raw("unless-stopped"))
            .map(|e| Fix::unsafe_("Add `restart: unless-stopped`", vec![e]));
        out.add(
            cx.service_span(s),
            format!(
                "{} has no restart policy: it stays down after a crash or a reboot",
                s.display()
            ),
        )
        .help("set `restart: unless-stopped` (or `restart: \"no\"` if it should not come back)")
        .fix_opt(fix);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `restart` value other than `"no"`, `always`, `on-failure`,
    /// `on-failure:N` and `unless-stopped`, and a
    /// `deploy.restart_policy.condition` other than `none`, `on-failure`
    /// and `any`. Values that read a variable are not judged.
    ///
    /// ## Why is this bad?
    /// The schema accepts any string, so Compose passes the value on and
    /// the engine refuses to create the container ("invalid restart
    /// policy"), or the deploy policy is ignored.
    ///
    /// ## Example
    /// ```yaml
    /// restart: on_failure
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// restart: on-failure:5
    /// ```
    ///
    /// ## References
    /// - Practice C02 (restart policy set).
    /// - compose-lint and dclint have no equivalent check.
    pub struct InvalidServiceRestartPolicy {
        code: "DC006",
        name: "invalid-service-restart-policy",
        summary: "Restart policy is not one Docker knows",
        severity: Error,
        category: Correctness,
        practices: ["C02"],
        peers: [],
        fix: None,
        default: true,
    }
}

fn valid_restart(value: &str) -> bool {
    match value {
        "no" | "always" | "on-failure" | "unless-stopped" => true,
        _ => value
            .strip_prefix("on-failure:")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

impl Rule for InvalidServiceRestartPolicy {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        if let Some(r) = &s.restart
            && !r.is_interpolated()
            && !valid_restart(&r.value)
        {
            out.add(
                cx.span(r.node),
                format!(
                    "{}: `restart: {}` is not a restart policy",
                    s.display(),
                    r.value
                ),
            )
            .help("use `\"no\"`, `always`, `on-failure`, `on-failure:N` or `unless-stopped`");
        }
        let condition = s
            .deploy
            .as_ref()
            .and_then(|d| d.restart_policy)
            .and_then(|p| cx.yaml.get(p, "condition"))
            .and_then(|c| Scalar::of(cx.yaml, c));
        if let Some(c) = condition
            && !c.is_interpolated()
            && !matches!(c.value.as_str(), "none" | "on-failure" | "any")
        {
            out.add(
                cx.span(c.node),
                format!(
                    "{}: `deploy.restart_policy.condition: {}` is not `none`, `on-failure` or `any`",
                    s.display(),
                    c.value
                ),
            )
            .help("use `none`, `on-failure` or `any`");
        }
    }
}
