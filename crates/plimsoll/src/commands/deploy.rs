//! `plimsoll deploy`, `status`, `promote`, `abort`, `rollback`: argument
//! handling and output; the work is in plimsoll-deploy. The async runtime
//! lives here only (one current-thread runtime per command).

use crate::cli::{DeployArgs, DeployFormat, DeployTargetArgs, OnFailureArg, RollbackArgs};
use anyhow::{Context, anyhow};
use plimsoll_deploy::config::{DeployConfig, OnFailure};
use plimsoll_deploy::kube_backend::ControlRequest;
use plimsoll_deploy::machine::{Event, Outcome};
use plimsoll_deploy::ops::{Session, Target, describe_outcome};
use plimsoll_deploy::runner::Observer;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The environment named by `--env`, or the only one configured.
fn target(args: &DeployTargetArgs) -> anyhow::Result<Target> {
    let dir = match &args.config_dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    let env = if let Some(env) = &args.env {
        env.clone()
    } else {
        let config = DeployConfig::discover(&dir)?;
        let mut names = config.environments.keys();
        match (names.next(), names.next()) {
            (Some(only), None) => only.clone(),
            _ => {
                return Err(anyhow!(
                    "{}: several environments ({}): choose one with --env",
                    config.path.display(),
                    config
                        .environments
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    };
    // Tests shorten the request polling; users have no reason to.
    let poll = std::env::var("PLIMSOLL_DEPLOY_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    Ok(Target {
        dir,
        env,
        kubeconfig: args.kubeconfig.clone(),
        poll,
    })
}

/// Prints progress as lines of text or JSON objects.
struct Printer {
    format: DeployFormat,
    namespace: String,
}

impl Printer {
    fn emit_json(value: &serde_json::Value) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{value}");
        let _ = out.flush();
    }
}

impl Observer for Printer {
    fn event(&mut self, event: &Event) {
        if self.format == DeployFormat::Json {
            Self::emit_json(&serde_json::to_value(event).unwrap_or_default());
            return;
        }
        let ns = &self.namespace;
        let line = match event {
            Event::StepStarted {
                step,
                of,
                name,
                traffic_percent,
            } => {
                format!("\nstep {step}/{of}: {name} [new version: {traffic_percent}% of traffic]")
            }
            Event::Applied { change } => format!("  done    {}", change.describe(ns)),
            Event::GatePassed { detail, .. } => format!("  passed  {detail}"),
            Event::GateFailed { gate, reason, .. } => format!("  FAILED  {gate}: {reason}"),
            Event::Paused { reason, .. } => format!("  paused  {reason}"),
            Event::Resumed { by, .. } => format!("  resumed by {by}"),
            Event::RollbackStarted { reason } => format!("\nrolling back: {reason}"),
            Event::Undone { change } => format!("  undone  {}", change.describe(ns)),
            Event::Finished { outcome } => format!("\ndeploy {}", describe_outcome(outcome)),
        };
        println!("{line}");
    }

    fn note(&mut self, text: &str) {
        if self.format == DeployFormat::Json {
            Self::emit_json(&serde_json::json!({"event": "note", "text": text}));
        } else {
            println!("  {text}");
        }
    }
}

fn print_plan(plan: &plimsoll_deploy::plan::Plan, format: DeployFormat) -> anyhow::Result<()> {
    match format {
        DeployFormat::Text => print!("{}", plan.render_text()),
        DeployFormat::Json => println!("{}", serde_json::to_string_pretty(plan)?),
    }
    Ok(())
}

fn exit_for(outcome: &Outcome) -> ExitCode {
    match outcome {
        Outcome::Succeeded => ExitCode::SUCCESS,
        Outcome::RolledBack { .. } => ExitCode::from(1),
        Outcome::RollbackFailed { .. } => ExitCode::from(2),
    }
}

pub fn deploy(args: &DeployArgs) -> anyhow::Result<ExitCode> {
    let target = target(&args.target)?;
    let on_failure = args.on_failure.map(|o| match o {
        OnFailureArg::Rollback => OnFailure::Rollback,
        OnFailureArg::Pause => OnFailure::Pause,
    });
    runtime()?.block_on(async {
        let session = Session::open(&target).await?;
        if args.dry_run {
            print_plan(
                &session.plan(args.image.as_deref(), on_failure).await?,
                args.target.format,
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut printer = Printer {
            format: args.target.format,
            namespace: session.env.namespace.clone(),
        };
        let outcome = session
            .deploy(args.image.as_deref(), on_failure, &mut printer)
            .await?;
        Ok(exit_for(&outcome))
    })
}

pub fn status(args: &DeployTargetArgs) -> anyhow::Result<ExitCode> {
    let target = target(args)?;
    runtime()?.block_on(async {
        let session = Session::open(&target).await?;
        let status = session.status().await?;
        match args.format {
            DeployFormat::Text => print!("{}", status.render_text()),
            DeployFormat::Json => println!("{}", serde_json::to_string_pretty(&status)?),
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn request(args: &DeployTargetArgs, request: ControlRequest) -> anyhow::Result<ExitCode> {
    let target = target(args)?;
    runtime()?.block_on(async {
        let session = Session::open(&target).await?;
        let mut printer = Printer {
            format: args.format,
            namespace: session.env.namespace.clone(),
        };
        let message = session.request(request, &mut printer).await?;
        match args.format {
            DeployFormat::Text => println!("{message}"),
            DeployFormat::Json => {
                Printer::emit_json(&serde_json::json!({"event": "result", "text": message}));
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn promote(args: &DeployTargetArgs) -> anyhow::Result<ExitCode> {
    request(args, ControlRequest::Promote)
}

pub fn abort(args: &DeployTargetArgs) -> anyhow::Result<ExitCode> {
    request(args, ControlRequest::Abort)
}

pub fn rollback(args: &RollbackArgs) -> anyhow::Result<ExitCode> {
    let target = target(&args.target)?;
    runtime()?.block_on(async {
        let session = Session::open(&target).await?;
        if args.dry_run {
            print_plan(
                &session.rollback_plan(args.to.as_deref()).await?,
                args.target.format,
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        let mut printer = Printer {
            format: args.target.format,
            namespace: session.env.namespace.clone(),
        };
        let outcome = session.rollback(args.to.as_deref(), &mut printer).await?;
        Ok(exit_for(&outcome))
    })
}
