//! `plimsoll explain CODE`: one rule's page.

use crate::cli::ExplainArgs;
use plimsoll_lint::rule_by_code;
use std::process::ExitCode;

pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let Some(rule) = rule_by_code(&args.rule) else {
        anyhow::bail!("no rule `{}`; `plimsoll rules` lists them all", args.rule);
    };
    print!("{}", plimsoll_lint::rule_page(rule.meta()));
    Ok(ExitCode::SUCCESS)
}
