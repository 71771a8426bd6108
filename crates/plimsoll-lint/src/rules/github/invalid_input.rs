use super::practice_support::own_entries;
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `workflow_dispatch` and `workflow_call` input definitions
    /// GitHub rejects or cannot honour: an unknown `type` (dispatch:
    /// `string`, `boolean`, `number`, `choice`, `environment`; call:
    /// `string`, `boolean`, `number`, and `type` is required there), a
    /// `choice` without `options`, `options` on another type, a `default`
    /// that is not one of the `options`, a boolean `default` other than
    /// `true`/`false`, and unknown keys in a definition (`descripton`).
    ///
    /// ## Why is this bad?
    /// GitHub refuses the workflow, or the run form offers a default the
    /// workflow never expected.
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   workflow_dispatch:
    ///     inputs:
    ///       target:
    ///         type: choice
    ///         default: prod
    ///         options: [staging, production]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// on:
    ///   workflow_dispatch:
    ///     inputs:
    ///       target:
    ///         type: choice
    ///         default: production
    ///         options: [staging, production]
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint events (`workflow_dispatch` and `workflow_call` inputs).
    /// - GitHub: Workflow syntax, `on.workflow_dispatch.inputs` and
    ///   `on.workflow_call.inputs`.
    pub struct InvalidInput {
        code: "GHA066",
        name: "invalid-input-definition",
        summary: "Invalid `workflow_dispatch` or `workflow_call` input definition",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "events"],
        fix: None,
        default: true,
    }
}

const KEYS: &[&str] = &[
    "description",
    "required",
    "default",
    "type",
    "options",
    "deprecationMessage",
];

impl Rule for InvalidInput {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        for t in &cx.workflow.triggers {
            let types: &[&str] = match t.event.as_str() {
                "workflow_dispatch" => &["string", "boolean", "number", "choice", "environment"],
                "workflow_call" => &["string", "boolean", "number"],
                _ => continue,
            };
            for input in &t.inputs {
                let def = input.value;
                if !y.is_mapping(def) {
                    continue;
                }
                let name = &input.name;
                for (k, key, _) in own_entries(y, def) {
                    if !KEYS.contains(&k.as_str()) {
                        out.add(
                            y.node(key).span,
                            format!("unknown key `{k}` in input `{name}`"),
                        )
                        .help(format!(
                            "use {}",
                            KEYS.iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
                let ty = y.get(def, "type").and_then(|n| Str::of(y, n));
                match &ty {
                    Some(ty) if !types.contains(&ty.value.as_str()) => {
                        out.add(
                            cx.span(ty.node),
                            format!(
                                "input `{name}` of `{}` has unknown type `{}`",
                                t.event, ty.value
                            ),
                        )
                        .help(format!("use {}", types.join(", ")));
                        continue;
                    }
                    None if t.event == "workflow_call" => {
                        out.add(
                            y.node(input.key).span,
                            format!("input `{name}` of `workflow_call` has no `type`"),
                        )
                        .help("add `type: string` (or `boolean`, `number`)");
                        continue;
                    }
                    _ => {}
                }
                let ty = ty.map_or("string".to_string(), |t| t.value);
                let options = y.get(def, "options");
                let default = y
                    .get(def, "default")
                    .and_then(|n| Str::of(y, n))
                    .filter(|d| !d.has_expression());
                if ty == "choice" {
                    let Some(opts) = options else {
                        out.add(
                            y.node(input.key).span,
                            format!("choice input `{name}` has no `options`"),
                        )
                        .help("list the values under `options:`");
                        continue;
                    };
                    let values: Vec<String> = y
                        .items(opts)
                        .iter()
                        .filter_map(|&i| y.str(i).map(str::to_string))
                        .collect();
                    if let Some(d) = default
                        && !values.is_empty()
                        && !values.contains(&d.value)
                    {
                        out.add(
                            cx.span(d.node),
                            format!(
                                "default `{}` of input `{name}` is not one of its options",
                                d.value
                            ),
                        )
                        .help(format!(
                            "use one of {}",
                            values
                                .iter()
                                .map(|v| format!("`{v}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                } else {
                    if let Some(k) = y.key_node(def, "options") {
                        out.add(
                            y.node(k).span,
                            format!("`options` of input `{name}` needs `type: choice`"),
                        )
                        .help("set `type: choice` or remove `options`");
                    }
                    if ty == "boolean"
                        && let Some(d) = default
                        && !matches!(d.value.as_str(), "true" | "false")
                    {
                        out.add(
                            cx.span(d.node),
                            format!(
                                "default `{}` of boolean input `{name}` is not `true` or `false`",
                                d.value
                            ),
                        )
                        .help("use `true` or `false`");
                    }
                }
            }
        }
    }
}
