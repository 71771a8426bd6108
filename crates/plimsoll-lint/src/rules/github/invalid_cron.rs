use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `on.schedule` crons GitHub cannot run: not exactly five
    /// fields (minute, hour, day of month, month, day of week), a
    /// descriptor such as `@daily`, a value out of range (minute 0-59,
    /// hour 0-23, day 1-31, month 1-12 or `JAN`-`DEC`, weekday 0-6 or
    /// `SUN`-`SAT`), a backwards range, a step that is not a positive
    /// number; and, as a warning, a schedule more frequent than every five
    /// minutes, which GitHub does not honour. A `schedule` entry without
    /// `cron` is reported too.
    ///
    /// ## Why is this bad?
    /// An invalid cron makes GitHub reject the workflow, so the scheduled
    /// job (nightly scans, drift detection) silently never runs.
    ///
    /// ## Example
    /// ```yaml
    /// on:
    ///   schedule:
    ///     - cron: "@daily"
    ///     - cron: "0 25 * * *"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// on:
    ///   schedule:
    ///     - cron: "0 3 * * *"
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint events (cron checks).
    /// - GitHub: Events that trigger workflows, `schedule`.
    pub struct InvalidCron {
        code: "GHA044",
        name: "invalid-cron",
        summary: "`schedule` cron GitHub cannot run",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "events"],
        fix: None,
        default: true,
    }
}

/// Validates a GitHub cron; `Ok(Some(n))` when it runs every `n` < 5
/// minutes.
pub(crate) fn check_cron(cron: &str) -> Result<Option<u32>, String> {
    let s = cron.trim();
    if s.starts_with('@') {
        return Err(format!(
            "descriptor `{s}` is not supported; write five fields"
        ));
    }
    crate::cron::check_fields(s, false)?;
    let minute = s.split_whitespace().next().unwrap_or("");
    let every = match minute.split_once('/') {
        None if minute == "*" => Some(1),
        Some(("*" | "0-59", step)) => step.parse::<u32>().ok(),
        _ => None,
    };
    Ok(every.filter(|n| *n < 5))
}

impl Rule for InvalidCron {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let Some(t) = cx.workflow.trigger("schedule") else {
            return;
        };
        for &item in t.config.map(|c| y.items(c)).unwrap_or_default() {
            if y.is_mapping(item) && y.get(item, "cron").is_none() {
                out.add(cx.span(item), "`schedule` entry has no `cron`")
                    .help("add `cron: \"0 3 * * *\"` (five fields, UTC)");
            }
        }
        for cron in &t.crons {
            match check_cron(&cron.value) {
                Err(e) => {
                    out.add(
                        cx.span(cron.node),
                        format!("invalid cron `{}`: {e}", cron.value),
                    )
                    .help("write five fields: minute hour day-of-month month day-of-week");
                }
                Ok(Some(n)) => {
                    let _ = out
                        .add(
                            cx.span(cron.node),
                            format!(
                                "cron `{}` asks for a run every {n} minute{}, but GitHub runs schedules at most every 5 minutes",
                                cron.value,
                                if n == 1 { "" } else { "s" }
                            ),
                        )
                        .help("use an interval of 5 minutes or more (`*/5`)")
                        .severity(Severity::Warning);
                }
                Ok(None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_cron;

    #[test]
    fn crons() {
        for ok in [
            "0 3 * * 1",
            "*/15 * * * *",
            "0 0 1 JAN-MAR mon-fri",
            "5,35 1-5/2 * * 0",
            "0 0 * * 7",
        ] {
            assert_eq!(check_cron(ok), Ok(None), "{ok}");
        }
        assert_eq!(check_cron("*/2 * * * *"), Ok(Some(2)));
        assert_eq!(check_cron("* * * * *"), Ok(Some(1)));
        for bad in [
            "@daily",
            "$cron-weekly",
            "0 24 * * *",
            "0 0 0 * *",
            "0 0 * 13 *",
            "5-1 * * * *",
            "*/0 * * * *",
            "0 0 * * 8",
        ] {
            assert!(check_cron(bad).is_err(), "{bad}");
        }
    }
}
