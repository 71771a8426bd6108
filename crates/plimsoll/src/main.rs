//! plimsoll: one binary that keeps a delivery stack fit to ship.

mod cli;
mod commands;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Check(args) => commands::check::run(&args),
        cli::Command::Rules(args) => Ok(commands::rules::run(&args)),
        cli::Command::Explain(args) => commands::explain::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            anstream::eprintln!("plimsoll: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
