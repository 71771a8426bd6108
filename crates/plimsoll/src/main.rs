//! plimsoll: one binary that keeps a delivery stack fit to ship.

mod cli;
mod commands;
mod output;
mod progress;

use clap::Parser;
use std::process::ExitCode;

// mimalloc: the Helm chart checks allocate and free many small parse trees
// and YAML nodes; glibc malloc took ~20% of `check`'s CPU on the Helm corpus
// (bench/helm-check-speed.sh), mimalloc cuts the CPU time by ~16%. Without
// transparent huge pages (`no_thp`): half the peak memory, and no runs
// where the kernel spends 0.15-0.3 s zeroing and compacting huge pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Panics inside third-party parsers are caught and reported as parse
    // errors; do not print them as if plimsoll had crashed.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !plimsoll_syntax::shell::in_third_party_parser() {
            default_hook(info);
        }
    }));
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Check(args) => commands::check::run(&args),
        cli::Command::Rules(args) => Ok(commands::rules::run(&args)),
        cli::Command::Explain(args) => commands::explain::run(&args),
        cli::Command::Helm(cli::HelmCommand::Template(args)) => commands::helm::template(&args),
        cli::Command::Helm(cli::HelmCommand::Test(args)) => commands::helm::test(&args),
        cli::Command::Detect(args) => commands::generate::detect(&args),
        cli::Command::Init(args) => commands::generate::init(&args),
        cli::Command::Pipeline(args) => commands::generate::pipeline(&args),
        cli::Command::Scaffold(cli::ScaffoldCommand::Terraform(args)) => {
            commands::generate::scaffold_terraform(&args)
        }
        cli::Command::Deploy(args) => commands::deploy::deploy(&args),
        cli::Command::Status(args) => commands::deploy::status(&args),
        cli::Command::Promote(args) => commands::deploy::promote(&args),
        cli::Command::Abort(args) => commands::deploy::abort(&args),
        cli::Command::Rollback(args) => commands::deploy::rollback(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            anstream::eprintln!("plimsoll: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
