use super::practice_support::{EVENTS, RETIRED_EVENTS, event_filters, own_entries};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports triggers in `on` that GitHub rejects or never fires:
    /// - an unknown event name (`pull-request`, `issue`), or a retired one
    ///   (`project`, `project_card`, `project_column`, as a warning);
    /// - a `types` value the event does not have, or `types` on an event
    ///   without activity types;
    /// - a filter the event does not take (`paths` on `workflow_run`,
    ///   `tags` on `pull_request`, `branch` for `branches`);
    /// - a filter together with its `-ignore` twin on one event
    ///   (`branches` and `branches-ignore`);
    /// - `workflow_run` without `workflows`.
    ///
    /// `schedule` crons and filter patterns have their own rules.
    ///
    /// ## Why is this bad?
    /// GitHub refuses the workflow file, or the filter is silently useless
    /// and the workflow runs on events it was meant to skip (or never runs).
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   pull-request:
    ///     types: [open]
    ///   push:
    ///     branches: [main]
    ///     branches-ignore: [dependabot/**]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// on:
    ///   pull_request:
    ///     types: [opened]
    ///   push:
    ///     branches: [main, "!dependabot/**"]
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint events.
    /// - GitHub: Events that trigger workflows; Workflow syntax, `on`.
    pub struct InvalidEvent {
        code: "GHA043",
        name: "invalid-event",
        summary: "Unknown event, activity type or filter in `on`",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "events"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidEvent {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        for t in &cx.workflow.triggers {
            let event = t.event.as_str();
            if RETIRED_EVENTS.contains(&event) {
                let _ = out
                    .add(
                        cx.span(t.name_node),
                        format!(
                            "event `{event}` belonged to classic projects, which GitHub retired"
                        ),
                    )
                    .help("remove the trigger; Projects automations replace it")
                    .severity(Severity::Warning);
                continue;
            }
            let Some((_, types)) = EVENTS.iter().find(|(e, _)| *e == event) else {
                if event.contains("${{") {
                    continue;
                }
                let guess = EVENTS
                    .iter()
                    .map(|(e, _)| *e)
                    .find(|e| {
                        e.replace('_', "") == event.replace(['-', '_'], "").to_ascii_lowercase()
                            || format!("{event}s") == *e
                    })
                    .map_or_else(
                        || "see GitHub's list of events that trigger workflows".to_string(),
                        |e| format!("did you mean `{e}`?"),
                    );
                out.add(
                    cx.span(t.name_node),
                    format!("unknown event `{event}` in `on`"),
                )
                .help(guess);
                continue;
            };
            let Some(config) = t.config.filter(|c| y.is_mapping(*c)) else {
                continue;
            };
            let filters = event_filters(event);
            let entries = own_entries(y, config);
            for (name, key, _) in &entries {
                if name == "types" {
                    match types {
                        None => {
                            out.add(
                                y.node(*key).span,
                                format!("event `{event}` has no activity types"),
                            )
                            .help("remove `types`");
                        }
                        Some(list) if !list.is_empty() => {
                            for ty in t.types.iter().filter(|ty| !ty.has_expression()) {
                                if !list.contains(&ty.value.as_str()) {
                                    out.add(
                                        cx.span(ty.node),
                                        format!(
                                            "`{}` is not an activity type of `{event}`",
                                            ty.value
                                        ),
                                    )
                                    .help(format!("use one of {}", quoted(list)));
                                }
                            }
                        }
                        Some(_) => {}
                    }
                    continue;
                }
                if !filters.contains(&name.as_str()) {
                    let msg = if filters.is_empty() {
                        format!("event `{event}` takes no `{name}` filter")
                    } else {
                        format!("`{name}` is not a filter of event `{event}`")
                    };
                    let help = if filters.is_empty() {
                        "remove it".to_string()
                    } else {
                        format!("use {}", quoted(filters))
                    };
                    out.add(y.node(*key).span, msg).help(help);
                    continue;
                }
                if let Some(base) = name.strip_suffix("-ignore")
                    && entries.iter().any(|(n, _, _)| n == base)
                {
                    out.add(
                        y.node(*key).span,
                        format!("event `{event}` has both `{base}` and `{name}`"),
                    )
                    .help(format!(
                        "keep `{base}` and write the exclusions as `!pattern` entries"
                    ));
                }
            }
            if event == "workflow_run" && !entries.iter().any(|(n, _, _)| n == "workflows") {
                out.add(cx.span(t.name_node), "`workflow_run` has no `workflows`")
                    .help("name the workflows whose runs trigger this one");
            }
        }
    }
}

fn quoted(list: &[&str]) -> String {
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
