//! IAM policy statements read from every place Terraform writes them:
//! `jsonencode({...})` objects, JSON strings and heredocs (with `${...}`
//! interpolations blanked), and `aws_iam_policy_document` data sources.
//! Used by the IAM rules (practice T09, least-privilege identities).

use crate::rule::TerraformContext;
use crate::terraform::{Resource, Value, literal_str};
use plimsoll_diagnostics::Span;
use plimsoll_syntax::hcl::{Expr, ObjectKey, expr_span};

/// Resource types whose `policy` attribute is an identity policy.
pub(crate) const POLICY_RESOURCES: [&str; 4] = [
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
];

/// One statement, as far as it is known.
#[derive(Debug)]
pub(crate) struct Statement {
    pub allow: bool,
    /// Known actions (an unknown action list gives none).
    pub actions: Vec<String>,
    pub not_action: bool,
    /// Known resources.
    pub resources: Vec<String>,
    pub not_resource: bool,
    pub condition: bool,
    /// The actions as written, where findings point.
    pub span: Span,
}

impl Statement {
    /// Whether the statement allows something without a condition.
    pub fn unconditional_allow(&self) -> bool {
        self.allow && !self.not_action && !self.condition
    }

    pub fn all_resources(&self) -> bool {
        !self.not_resource && self.resources.iter().any(|r| r == "*")
    }
}

/// Every statement of the identity policies a resource or data source
/// holds.
pub(crate) fn statements(cx: &TerraformContext<'_>, r: &Resource<'_>) -> Vec<Statement> {
    if r.data && r.kind == "aws_iam_policy_document" {
        return document_statements(cx, r);
    }
    if r.data {
        return Vec::new();
    }
    let mut out = Vec::new();
    if POLICY_RESOURCES.contains(&r.kind)
        && let Some(a) = r.body().attr("policy")
    {
        out.extend(from_attr(cx, &a.value, a.value_span));
    }
    if r.kind == "aws_iam_role" {
        for b in r.blocks("inline_policy") {
            if let Some(a) = b.body.attr("policy") {
                out.extend(from_attr(cx, &a.value, a.value_span));
            }
        }
    }
    out
}

fn document_statements(cx: &TerraformContext<'_>, r: &Resource<'_>) -> Vec<Statement> {
    let mut out = Vec::new();
    for b in r.blocks("statement") {
        let body = &b.body;
        // A resource policy statement (who may act on the resource), not
        // an identity policy.
        if body.blocks("principals").next().is_some()
            || body.blocks("not_principals").next().is_some()
        {
            continue;
        }
        let text = |key: &str| body.attr(key).map(|a| cx.eval(&a.value));
        let allow = match text("effect") {
            None => true,
            Some(v) => match v.as_str() {
                Some(s) => s.eq_ignore_ascii_case("allow"),
                None => continue,
            },
        };
        let Some(actions_attr) = body.attr("actions") else {
            continue;
        };
        out.push(Statement {
            allow,
            actions: known_strings(&cx.eval(&actions_attr.value)),
            not_action: body.attr("not_actions").is_some(),
            resources: text("resources")
                .map(|v| known_strings(&v))
                .unwrap_or_default(),
            not_resource: body.attr("not_resources").is_some(),
            condition: body.blocks("condition").next().is_some()
                || body.blocks("dynamic").next().is_some(),
            span: actions_attr.span,
        });
    }
    out
}

fn known_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::List(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Statements of a `policy = ...` value.
fn from_attr(cx: &TerraformContext<'_>, expr: &Expr, span: Span) -> Vec<Statement> {
    if let Expr::FuncCall(call) = expr {
        if call.name.name.as_str() == "jsonencode"
            && let Some(arg) = call.args.iter().next()
        {
            if let Expr::Object(_) = arg {
                return from_hcl_object(cx, arg);
            }
            return from_value(&cx.eval(arg), span);
        }
        return Vec::new();
    }
    let raw = cx.source(span);
    let json = match cx.eval(expr) {
        Value::String(s) => s,
        _ => match json_text_of(raw) {
            Some(t) => t,
            None => return Vec::new(),
        },
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&json) else {
        return Vec::new();
    };
    let mut statements = from_json(&doc, span);
    // Point each statement at its `"Action"` in the source when the
    // statements and the `"Action"` keys line up one to one.
    let keys = action_spans(raw, span.start);
    if keys.len() == statements.len() {
        for (s, k) in statements.iter_mut().zip(keys) {
            s.span = k;
        }
    }
    statements
}

/// The JSON text of a heredoc or quoted template as written, with every
/// `${...}` interpolation replaced by `X`; `None` with template
/// directives.
fn json_text_of(raw: &str) -> Option<String> {
    let body = if raw.starts_with("<<") {
        let start = raw.find('\n')? + 1;
        let end = raw.trim_end().rfind('\n')?;
        raw.get(start..end)?
    } else {
        raw.strip_prefix('"')?.strip_suffix('"')?
    };
    if body.contains("%{") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|(_, n)| *n == '{') {
            chars.next();
            let mut depth = 1usize;
            for (_, n) in chars.by_ref() {
                match n {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out.push('X');
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Spans of `"Action": value` / `"NotAction": value` in raw JSON text.
fn action_spans(raw: &str, base: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = raw.get(from..).and_then(|r| r.find("Action\"")) {
        let key_end = from + i + "Action\"".len();
        let key_start = raw[..from + i].rfind('"').unwrap_or(from + i);
        let rest = &raw[key_end..];
        let Some(colon) = rest.find(':') else { break };
        let after = &rest[colon + 1..];
        let value_start = after.len() - after.trim_start().len();
        let value = &after[value_start..];
        let len = if value.starts_with('[') {
            value.find(']').map_or(0, |e| e + 1)
        } else if let Some(stripped) = value.strip_prefix('"') {
            stripped.find('"').map_or(0, |e| e + 2)
        } else {
            0
        };
        let end = key_end + colon + 1 + value_start + len;
        out.push(Span::new(base + key_start, base + end));
        from = end.max(key_end);
    }
    out
}

fn json_strings(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn from_json(doc: &serde_json::Value, span: Span) -> Vec<Statement> {
    let items: Vec<&serde_json::Value> = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(o @ serde_json::Value::Object(_)) => vec![o],
        _ => return Vec::new(),
    };
    items
        .into_iter()
        .filter(|s| s.get("Principal").is_none() && s.get("NotPrincipal").is_none())
        .map(|s| Statement {
            allow: s
                .get("Effect")
                .and_then(|e| e.as_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("allow")),
            actions: json_strings(s.get("Action")),
            not_action: s.get("NotAction").is_some(),
            resources: json_strings(s.get("Resource")),
            not_resource: s.get("NotResource").is_some(),
            condition: s.get("Condition").is_some(),
            span,
        })
        .collect()
}

fn from_value(doc: &Value, span: Span) -> Vec<Statement> {
    let items: Vec<&Value> = match doc.get("Statement") {
        Some(Value::List(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => return Vec::new(),
    };
    items
        .into_iter()
        .filter(|s| s.get("Principal").is_none() && s.get("NotPrincipal").is_none())
        .filter_map(|s| {
            Some(Statement {
                allow: s.get("Effect")?.as_str()?.eq_ignore_ascii_case("allow"),
                actions: s.get("Action").map(known_strings).unwrap_or_default(),
                not_action: s.get("NotAction").is_some(),
                resources: s.get("Resource").map(known_strings).unwrap_or_default(),
                not_resource: s.get("NotResource").is_some(),
                condition: s.get("Condition").is_some(),
                span,
            })
        })
        .collect()
}

/// The items of an object literal, by literal key.
fn object_items(expr: &Expr) -> Vec<(&str, &Expr)> {
    let Expr::Object(o) = expr else {
        return Vec::new();
    };
    o.iter()
        .filter_map(|(k, v)| {
            let key = match k {
                ObjectKey::Ident(i) => i.as_str(),
                ObjectKey::Expression(e) => literal_str(e)?,
            };
            Some((key, v.expr()))
        })
        .collect()
}

fn from_hcl_object(cx: &TerraformContext<'_>, doc: &Expr) -> Vec<Statement> {
    let items = object_items(doc);
    let Some((_, statement)) = items.iter().find(|(k, _)| *k == "Statement") else {
        return Vec::new();
    };
    let list: Vec<&Expr> = match statement {
        Expr::Array(a) => a.iter().collect(),
        o @ Expr::Object(_) => vec![*o],
        _ => return from_value(&cx.eval(doc), expr_span(doc)),
    };
    let mut out = Vec::new();
    for s in list {
        let items = object_items(s);
        let get = |key: &str| items.iter().find(|(k, _)| *k == key).map(|(_, e)| *e);
        if get("Principal").is_some() || get("NotPrincipal").is_some() {
            continue;
        }
        let Some(effect) = get("Effect").and_then(|e| cx.eval(e).as_str().map(str::to_string))
        else {
            continue;
        };
        let action = get("Action");
        out.push(Statement {
            allow: effect.eq_ignore_ascii_case("allow"),
            actions: action
                .map(|e| known_strings(&cx.eval(e)))
                .unwrap_or_default(),
            not_action: get("NotAction").is_some(),
            resources: get("Resource")
                .map(|e| known_strings(&cx.eval(e)))
                .unwrap_or_default(),
            not_resource: get("NotResource").is_some(),
            condition: get("Condition").is_some(),
            span: action.map_or_else(|| expr_span(s), expr_span),
        });
    }
    out
}
