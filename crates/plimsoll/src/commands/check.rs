//! `plimsoll check`.

use crate::cli::{CheckArgs, ColorChoice, OutputFormat};
use crate::output::{self, RenderOptions};
use crate::progress::Spinner;
use anyhow::Context;
use plimsoll_lint::baseline::Baseline;
use plimsoll_lint::settings::CliOverrides;
use plimsoll_lint::{CheckRequest, FixMode};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let fix = match (args.fix || args.diff, args.unsafe_fixes) {
        (false, _) => FixMode::Off,
        (true, false) => FixMode::Safe,
        (true, true) => FixMode::Unsafe,
    };
    let request = CheckRequest {
        paths: args.paths.clone(),
        config: args.config.clone(),
        isolated: args.isolated,
        overrides: CliOverrides {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            min_severity: args.min_severity.map(Into::into),
        },
        fix,
        write_fixes: args.fix,
        baseline,
    };
    let spinner = Spinner::new(!args.no_progress);
    let result = plimsoll_lint::check(&request, &spinner)?;
    for e in &result.write_errors {
        anstream::eprintln!("plimsoll: error: {e}");
    }

    if let Some(path) = &args.write_baseline {
        let baseline = result.baseline();
        std::fs::write(path, baseline.to_json())
            .with_context(|| format!("writing baseline {}", path.display()))?;
        anstream::eprintln!(
            "Wrote {} finding(s) to the baseline {}.",
            baseline.findings.len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }

    if args.diff {
        let diff = output::redact(output::diff::render(&result.fixed), &result);
        std::io::stdout().write_all(diff.as_bytes())?;
        let fixes: usize = result.fixed.iter().map(|f| f.fixes).sum();
        if fixes > 0 {
            anstream::eprintln!(
                "Would fix {fixes} problem(s) in {} file(s) (use --fix to apply).",
                result.fixed.len()
            );
        }
        return Ok(if result.fixed.is_empty() || args.exit_zero {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }

    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        OutputFormat::Full
    } else {
        OutputFormat::Concise
    });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let options = RenderOptions {
        color,
        fix_mode: fix,
    };
    let mut report = output::render(format, &result, &options);
    if args.statistics {
        report.push_str(&output::statistics(&result));
    }
    if let Some(path) = &args.output_file {
        std::fs::write(path, report.as_bytes())
            .with_context(|| format!("writing report {}", path.display()))?;
    } else {
        // Renderers emit colour only when asked to, so the bytes go out as they are.
        std::io::stdout().lock().write_all(report.as_bytes())?;
    }
    if args.fix {
        let fixes: usize = result.fixed.iter().map(|f| f.fixes).sum();
        if fixes > 0 {
            anstream::eprintln!(
                "Fixed {fixes} problem(s) in {} file(s).",
                result.fixed.len()
            );
        }
    }
    Ok(if result.findings.is_empty() || args.exit_zero {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
