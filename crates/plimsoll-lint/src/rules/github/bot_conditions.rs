use super::prelude::*;

/// Contexts naming whoever caused the run, which a bot shares with the
/// people who make it act.
const ACTOR_PATHS: &[&str] = &[
    "github.actor",
    "github.triggering_actor",
    "github.event.pull_request.sender.login",
    "github.event.sender.login",
];

declare_rule! {
    /// ## What it does
    /// Reports job and step `if:` conditions that trust a run because its
    /// actor is a bot: `github.actor == 'dependabot[bot]'` (also
    /// `github.triggering_actor` and the event's `sender.login`, on either
    /// side of `==`).
    ///
    /// ## Why is this bad?
    /// The actor is whoever caused the latest event, not the author of the
    /// code. Anyone can make Dependabot or Renovate act on a pull request
    /// they control (a rebase, a comment command, a push to its branch in
    /// a fork), and the check then grants their code what was meant for the
    /// bot: auto-merge, secrets, write access.
    ///
    /// ## Example
    /// ```yaml
    /// if: github.actor == 'dependabot[bot]'
    /// ```
    ///
    /// ## Use instead
    /// Check who authored the pull request:
    /// ```yaml
    /// if: github.event.pull_request.user.login == 'dependabot[bot]'
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (untrusted input).
    /// - zizmor bot-conditions.
    pub struct BotConditions {
        code: "GHA024",
        name: "bot-conditions",
        summary: "Condition trusts a spoofable bot actor",
        severity: Warning,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "bot-conditions"],
        fix: None,
        default: true,
    }
}

fn is_bot_literal(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::String(s) if s.to_ascii_lowercase().ends_with("[bot]"))
}

fn is_actor(e: &Expr) -> bool {
    e.as_path()
        .is_some_and(|p| ACTOR_PATHS.iter().any(|a| p.matches(a)))
}

fn check(cx: &WorkflowContext<'_>, cond: &Str, out: &mut Diagnostics<'_>) {
    let Some(text) = cx.scalar_text(cond.node) else {
        return;
    };
    let c = expr::parse_condition(&text.value, 0);
    let Some(e) = c.expr() else { return };
    e.visit(&mut |n| {
        if let ExprKind::Binary {
            op: expr::BinOp::Eq,
            lhs,
            rhs,
        } = &n.kind
            && ((is_actor(lhs) && is_bot_literal(rhs)) || (is_actor(rhs) && is_bot_literal(lhs)))
        {
            let actor = if is_actor(lhs) { lhs } else { rhs };
            let who = actor.as_path().map(|p| p.to_string()).unwrap_or_default();
            out.add(
                text.span(n.span),
                format!("`{who}` names whoever caused the event, which a bot shares with the people who trigger it"),
            )
            .help("check the pull request's author (`github.event.pull_request.user.login`) instead");
        }
    });
}

impl Rule for BotConditions {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if let Some(c) = &job.if_ {
            check(cx, c, out);
        }
        for step in &job.steps {
            if let Some(c) = &step.if_ {
                check(cx, c, out);
            }
        }
    }
}
