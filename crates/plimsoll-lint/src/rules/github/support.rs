//! Knowledge shared by the GitHub Actions rules: which contexts carry
//! attacker-controlled text, which actions run their inputs as code,
//! triggers that run with a privileged token. They serve the rules of
//! practices CI13 (no script injection), CI08 (least-privilege token) and
//! CI09 (pinned actions and images).

use super::prelude::*;

/// Event fields whose text whoever opens the issue, pull request,
/// comment or commit chooses freely (dotted, `*` = any one segment,
/// matched at the end of `github.event....`). Numbers, ids, SHAs, dates,
/// enums, logins and URLs are not here: their characters are constrained.
const ATTACKER_FIELDS: &[&str] = &[
    "title",
    "body",
    "message",
    "head_commit.message",
    "author.name",
    "author.email",
    "committer.name",
    "committer.email",
    "head.ref",
    "head.label",
    "head.repo.default_branch",
    "head_branch",
    "display_title",
    "page_name",
    "label.name",
    "labels.*.name",
    "release.name",
    "release.tag_name",
    "discussion.title",
];

/// The `github` context paths outside `github.event` that attackers set.
const ATTACKER_GITHUB: &[&str] = &["github.head_ref"];

/// How far an attacker controls a context path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Taint {
    /// Anyone who can open an issue or pull request chooses it.
    Attacker,
    /// Whoever dispatches or calls the workflow chooses it (inputs,
    /// `repository_dispatch` payloads).
    Caller,
}

/// Where `inputs.*` come from.
pub(crate) enum InputSource<'a> {
    /// A workflow: `workflow_dispatch` and `workflow_call` inputs.
    Workflow(&'a Workflow, &'a YamlFile),
    /// A composite action: any input.
    Action,
}

/// The taint of a context path, `None` when it is not user-controlled
/// text (ids, SHAs, step outputs, env, matrix, secrets...).
pub(crate) fn taint(path: &ContextPath, inputs: &InputSource<'_>) -> Option<Taint> {
    if path.matches("github.event.client_payload.**") {
        return Some(Taint::Caller);
    }
    if path.matches("github.event.inputs.*") {
        return input_taint(path, 3, inputs);
    }
    if path.matches("inputs.*") {
        return input_taint(path, 1, inputs);
    }
    if ATTACKER_GITHUB.iter().any(|p| path.matches(p)) || is_attacker_event_field(path) {
        return Some(Taint::Attacker);
    }
    // A whole object holding attacker fields (`toJSON(github.event)`).
    if is_prefix_of_attacker_field(path) {
        return Some(Taint::Attacker);
    }
    None
}

fn is_attacker_event_field(path: &ContextPath) -> bool {
    if !path.starts_with("github.event") {
        return false;
    }
    let n = path.segments.len();
    ATTACKER_FIELDS.iter().any(|field| {
        let parts: Vec<&str> = field.split('.').collect();
        n >= 2 + parts.len()
            && parts
                .iter()
                .zip(&path.segments[n - parts.len()..])
                .all(|(p, s)| segment_matches(p, s))
    })
}

/// `github`, `github.event`, `github.event.pull_request`,
/// `github.event.pull_request.head`...: objects whose JSON holds
/// attacker text. Objects are recognised down to two levels below the
/// event, plus `head` and `head_commit`.
fn is_prefix_of_attacker_field(path: &ContextPath) -> bool {
    let names: Vec<String> = path
        .segments
        .iter()
        .map(|s| match s {
            expr::PathSegment::Name(n) => n.to_ascii_lowercase(),
            _ => "*".to_string(),
        })
        .collect();
    match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["github"] | ["github", "event"] => true,
        ["github", "event", obj] => matches!(
            *obj,
            "issue"
                | "pull_request"
                | "comment"
                | "review"
                | "review_comment"
                | "discussion"
                | "head_commit"
                | "commits"
                | "workflow_run"
                | "release"
                | "pages"
                | "label"
        ),
        ["github", "event", _, last] => matches!(
            *last,
            "head" | "head_commit" | "labels" | "author" | "committer" | "*" | "pull_requests"
        ),
        _ => false,
    }
}

fn segment_matches(pattern: &str, segment: &expr::PathSegment) -> bool {
    match segment {
        expr::PathSegment::Name(n) => pattern == "*" || n.eq_ignore_ascii_case(pattern),
        expr::PathSegment::Index(_) | expr::PathSegment::Any => pattern == "*",
    }
}

/// `inputs.<name>` (at segment `at`): caller-controlled text when the
/// input is a string (the default type of dispatch inputs); booleans,
/// numbers and choices are constrained. Undeclared inputs are not judged.
fn input_taint(path: &ContextPath, at: usize, inputs: &InputSource<'_>) -> Option<Taint> {
    let expr::PathSegment::Name(name) = path.segments.get(at)? else {
        return None;
    };
    match inputs {
        InputSource::Action => Some(Taint::Caller),
        InputSource::Workflow(w, yaml) => {
            let mut declared = false;
            let mut text = false;
            for event in ["workflow_dispatch", "workflow_call"] {
                let Some(t) = w.trigger(event) else {
                    continue;
                };
                for input in t
                    .inputs
                    .iter()
                    .filter(|i| i.name.eq_ignore_ascii_case(name))
                {
                    declared = true;
                    let ty = yaml.get(input.value, "type").and_then(|n| yaml.str(n));
                    if matches!(ty, None | Some("string")) {
                        text = true;
                    }
                }
            }
            (declared && text).then_some(Taint::Caller)
        }
    }
}

/// A value that flows into an expression's result.
pub(crate) enum Flow {
    Path(ContextPath),
    /// A value the expression computes that cannot be classified.
    Opaque(Span),
}

/// The context paths whose value reaches an expression's result (see
/// [`flows`]); computed values are left out.
pub(crate) fn flowing_paths(e: &Expr) -> Vec<ContextPath> {
    flows(e)
        .into_iter()
        .filter_map(|f| match f {
            Flow::Path(p) => Some(p),
            Flow::Opaque(_) => None,
        })
        .collect()
}

/// Every value that reaches an expression's result.
pub(crate) fn flows(e: &Expr) -> Vec<Flow> {
    let mut out = Vec::new();
    flow(e, &mut out);
    out
}

/// The values that reach an expression's result: `a && b` yields `b`,
/// `a || b` either; `format`, `join`, `toJSON` and `fromJSON` their
/// arguments, and a member of a computed value what it is computed from;
/// comparisons, `!` and the boolean or hash functions yield nothing that
/// can inject.
fn flow(e: &Expr, out: &mut Vec<Flow>) {
    if let Some(p) = e.as_path() {
        out.push(Flow::Path(p));
        return;
    }
    match &e.kind {
        ExprKind::Binary {
            op: expr::BinOp::And,
            rhs,
            ..
        } => flow(rhs, out),
        ExprKind::Binary {
            op: expr::BinOp::Or,
            lhs,
            rhs,
        } => {
            flow(lhs, out);
            flow(rhs, out);
        }
        // Literals; `!x` and comparisons yield booleans.
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::Not(_)
        | ExprKind::Binary { .. } => {}
        ExprKind::Call { name, args, .. } => {
            let name = name.to_ascii_lowercase();
            let boolean = [
                "contains",
                "startswith",
                "endswith",
                "success",
                "always",
                "cancelled",
                "failure",
                "hashfiles",
            ];
            if !boolean.contains(&name.as_str()) {
                for a in args {
                    flow(a, out);
                }
            }
        }
        ExprKind::Property { base, .. }
        | ExprKind::Index { base, .. }
        | ExprKind::Wildcard { base } => {
            // `fromJSON(x).y`: a member of a computed value. A literal
            // source (`fromJSON('[1, 2]')[0]`) is safe; anything else is
            // reported whole.
            let mut inner = Vec::new();
            flow(base, &mut inner);
            if !inner.is_empty() {
                out.push(Flow::Opaque(e.span));
            }
        }
        ExprKind::Context(_) => out.push(Flow::Opaque(e.span)),
    }
}

/// Actions that run one of their inputs as code (`actions/github-script`
/// `script`), by lower-case `owner/repo` and input name.
pub(crate) const CODE_INPUTS: &[(&str, &str)] = &[
    ("actions/github-script", "script"),
    ("appleboy/ssh-action", "script"),
    ("azure/cli", "inlinescript"),
    ("azure/powershell", "inlinescript"),
    ("mikefarah/yq", "cmd"),
    ("devorbitus/yq-action-output", "cmd"),
    ("sergeysova/jq-action", "cmd"),
    ("amadevus/pwsh-script", "script"),
    ("jannekem/run-python-script-action", "script"),
    ("cardinalby/js-eval-action", "expression"),
    ("addnab/docker-run-action", "run"),
    ("addnab/docker-run-action", "options"),
];

/// Where a step's values run as code: its `run:` script and the inputs its
/// action runs (github-script's `script`...), with how to name each.
pub(crate) fn code_sinks(step: &Step) -> Vec<(NodeId, String)> {
    let mut sinks = Vec::new();
    if let Some(run) = &step.run {
        sinks.push((run.node, "its `run:` script".to_string()));
    }
    for e in code_inputs(step) {
        sinks.push((
            e.value,
            format!("`{}`, which its action runs as code", e.name),
        ));
    }
    sinks
}

/// The `with:` entries of a step that its action runs as code.
pub(crate) fn code_inputs(step: &Step) -> Vec<&Entry> {
    let Some(slug) = step.uses().and_then(Uses::slug) else {
        return Vec::new();
    };
    step.with
        .iter()
        .filter(|e| {
            CODE_INPUTS
                .iter()
                .any(|(s, i)| *s == slug && e.name.eq_ignore_ascii_case(i))
        })
        .collect()
}

/// Triggers whose runs get a privileged token and secrets while acting on
/// code or data from forks (or, for `issue_comment`, from anyone who can
/// comment).
pub(crate) const PRIVILEGED_TRIGGERS: &[&str] =
    &["pull_request_target", "workflow_run", "issue_comment"];

/// The version in the comment after a SHA pin (`@<sha> # v4.2.1` gives
/// `v4.2.1`), if the `uses:` line has one.
pub(crate) fn pinned_version<'a>(yaml: &'a YamlFile, text: &str, uses: NodeId) -> Option<&'a str> {
    let end = yaml.node(uses).span.end;
    let line_end = text.get(end..)?.find('\n').map_or(text.len(), |i| end + i);
    let comment = yaml
        .comments
        .iter()
        .find(|c| c.span.start >= end && c.span.start <= line_end)?;
    let word = comment.text.split_whitespace().next()?;
    word.starts_with(['v', 'V'])
        .then_some(word)
        .filter(|w| w[1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// What credential a literal value holds, by its format: cloud keys and
/// tokens whose shape is distinctive enough not to be a placeholder.
pub(crate) fn credential_format(value: &str) -> Option<&'static str> {
    use regex::Regex;
    use std::sync::LazyLock;
    static FORMATS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
        [
            ("an AWS access key ID", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
            (
                "a GitHub token",
                r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})",
            ),
            ("a GitLab token", r"\bglpat-[A-Za-z0-9_-]{20}\b"),
            ("a Slack token", r"\bxox[baprs]-[A-Za-z0-9-]{10,}"),
            ("a Stripe live key", r"\b[sr]k_live_[A-Za-z0-9]{16,}"),
            ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
            ("an npm token", r"\bnpm_[A-Za-z0-9]{36}\b"),
            ("a PyPI token", r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
            (
                "a private key",
                r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----",
            ),
        ]
        .into_iter()
        .filter_map(|(what, re)| Regex::new(re).ok().map(|r| (what, r)))
        .collect()
    });
    if value.contains("EXAMPLE") {
        return None;
    }
    FORMATS
        .iter()
        .find(|(_, re)| re.is_match(value))
        .map(|(what, _)| *what)
}

/// The shell a `run:` step uses: its `shell`, else the job's and the
/// workflow's `defaults.run.shell`; `None` when unset (bash or sh on
/// Linux and macOS, PowerShell on Windows).
pub(crate) fn step_shell<'a>(
    workflow: Option<&'a Workflow>,
    job: Option<&'a Job>,
    step: &'a Step,
) -> Option<&'a str> {
    step.shell
        .as_ref()
        .or_else(|| job.and_then(|j| j.default_shell.as_ref()))
        .or_else(|| workflow.and_then(|w| w.default_shell.as_ref()))
        .map(|s| s.value.as_str())
}

/// Whether a step's script is read by a POSIX shell (or may be: unset).
pub(crate) fn is_posix_shell(shell: Option<&str>) -> bool {
    shell.is_none_or(|s| {
        let name = s.split_whitespace().next().unwrap_or("");
        let name = name.rsplit('/').next().unwrap_or(name);
        matches!(name, "bash" | "sh" | "zsh" | "dash" | "ksh" | "ash")
    })
}

/// Every scalar under `node` (mapping values and sequence items, aliases
/// not followed), in document order.
pub(crate) fn scalars_under(yaml: &YamlFile, node: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &yaml.node(n).kind {
            NodeKind::Scalar { .. } => out.push(n),
            NodeKind::Mapping { entries, .. } => {
                stack.extend(entries.iter().rev().map(|(_, v)| *v));
            }
            NodeKind::Sequence { items, .. } => stack.extend(items.iter().rev()),
            NodeKind::Alias { .. } => {}
        }
    }
    out
}
