//! `plimsoll rules`: the catalogue.

use crate::cli::{RulesArgs, RulesFormat};
use plimsoll_diagnostics::RuleMeta;
use plimsoll_lint::RULES;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(args: &RulesArgs) -> ExitCode {
    let metas: Vec<&RuleMeta> = RULES.iter().map(|r| r.meta()).collect();
    let out = match args.format {
        RulesFormat::Text => text(&metas),
        RulesFormat::Json => json(&metas),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

fn text(metas: &[&RuleMeta]) -> String {
    let name_w = metas.iter().map(|m| m.name.len()).max().unwrap_or(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<7} {:<name_w$} {:<8} {:<9} {:<3} {:<12} PEERS",
        "CODE", "NAME", "SEVERITY", "FIX", "ON", "PRACTICES"
    );
    for m in metas {
        let peers: Vec<String> = m.peers.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "{:<7} {:<name_w$} {:<8} {:<9} {:<3} {:<12} {}",
            m.code,
            m.name,
            m.severity.as_str(),
            m.fix.as_str(),
            if m.default_enabled { "yes" } else { "opt" },
            m.practices.join(","),
            peers.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules; `opt` rules run only when selected by code or name (or ALL).",
        metas.len()
    );
    out
}

fn json(metas: &[&RuleMeta]) -> String {
    let rules: Vec<serde_json::Value> = metas
        .iter()
        .map(|m| {
            serde_json::json!({
                "code": m.code,
                "name": m.name,
                "summary": m.summary,
                "domain": m.domain.title(),
                "severity": m.severity.as_str(),
                "category": m.category.as_str(),
                "fix": m.fix.as_str(),
                "default_enabled": m.default_enabled,
                "practices": m.practices,
                "peers": m.peers.iter().map(|p| serde_json::json!({"tool": p.tool.as_str(), "id": p.id})).collect::<Vec<_>>(),
                "url": m.docs_url(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
    s.push('\n');
    s
}
