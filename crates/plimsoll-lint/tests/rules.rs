//! Every rule has fixtures under `tests/fixtures/<CODE>/`: entries named
//! `bad*` must produce at least one finding of the rule, entries named
//! `good*` none. An entry is a file (checked alone) or a directory (checked
//! as a project, with its `plimsoll.toml` when it has one). The findings and the effect of the rule's fixes on the bad
//! fixtures are snapshotted in `tests/snapshots/rules__<CODE>.snap`.

#![allow(clippy::unwrap_used)]

use plimsoll_lint::engine::NoProgress;
use plimsoll_lint::settings::CliOverrides;
use plimsoll_lint::{CheckRequest, FixMode, RULES, check};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Rules that cannot be provoked by a file: a crashing rule is a bug.
const NO_FIXTURES: [&str; 1] = ["PL001"];

/// Rules whose fixtures need other rules running: unused suppressions are
/// only unused when the suppressed rule runs.
const SELECT_ALL: [&str; 1] = ["PL002"];

/// Rules that report ShellCheck's comments: they report nothing without
/// `shellcheck` on `PATH`, so their fixtures and snapshots are skipped
/// (with a note on stderr) on machines that lack it.
const NEEDS_SHELLCHECK: [&str; 2] = ["GHA069", "GL029"];
/// The ShellCheck release the snapshots of those rules were taken with:
/// other releases word some messages differently.
const SHELLCHECK_VERSION: &str = "0.9.0";

fn shellcheck_as_snapshotted() -> bool {
    plimsoll_lint::shellcheck::binary().is_some_and(|bin| {
        std::process::Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.trim() == format!("version: {SHELLCHECK_VERSION}"))
            })
    })
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn entries(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    v.sort();
    v
}

fn run(path: &Path, code: &str, fix: FixMode) -> plimsoll_lint::CheckResult {
    // A directory fixture may carry its own configuration (rule options).
    let config = Some(path.join("plimsoll.toml")).filter(|c| c.is_file());
    let request = CheckRequest {
        paths: vec![path.to_path_buf()],
        isolated: config.is_none(),
        config,
        overrides: CliOverrides {
            select: Some(vec![
                if SELECT_ALL.contains(&code) {
                    "ALL"
                } else {
                    code
                }
                .to_string(),
            ]),
            ..CliOverrides::default()
        },
        fix,
        write_fixes: false,
        ..CheckRequest::default()
    };
    check(&request, &NoProgress).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn relative(path: &Path, base: &Path) -> String {
    let abs = std::path::absolute(path).unwrap();
    abs.strip_prefix(base)
        .unwrap_or(&abs)
        .to_string_lossy()
        .replace('\\', "/")
}

fn snapshot_of(code: &str, dir: &Path, bad: &[PathBuf]) -> String {
    let base = std::path::absolute(dir).unwrap();
    let mut out = String::new();
    for entry in bad {
        let result = run(entry, code, FixMode::Off);
        let _ = writeln!(out, "--- {}", relative(entry, &base));
        for f in result.findings.iter().filter(|f| f.rule.code == code) {
            let _ = writeln!(
                out,
                "{}:{}:{}-{}:{} {} [{}] {}",
                relative(&f.location.path, &base),
                f.location.start.line,
                f.location.start.column,
                f.location.end.line,
                f.location.end.column,
                f.rule.code,
                f.severity,
                f.message
            );
            for r in &f.related {
                let _ = writeln!(
                    out,
                    "    related {}:{}:{}: {}",
                    relative(&r.location.path, &base),
                    r.location.start.line,
                    r.location.start.column,
                    r.message
                );
            }
            if let Some(help) = &f.help {
                let _ = writeln!(out, "    help: {help}");
            }
            for fix in &f.fixes {
                let _ = writeln!(
                    out,
                    "    fix ({}): {}",
                    fix.applicability.as_str(),
                    fix.message
                );
            }
        }
        let fixed = run(entry, code, FixMode::Unsafe);
        for file in &fixed.fixed {
            let _ = writeln!(
                out,
                "--- fixed {} ({} fixes)",
                relative(&file.display_path, &base),
                file.fixes
            );
            out.push_str(&file.fixed);
            if !file.fixed.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_rule_has_fixtures_and_behaves_on_them() {
    let root = fixtures_root();
    let mut problems = Vec::new();
    for rule in RULES.iter() {
        let code = rule.meta().code;
        if NO_FIXTURES.contains(&code) {
            continue;
        }
        if NEEDS_SHELLCHECK.contains(&code) && !shellcheck_as_snapshotted() {
            eprintln!(
                "{code}: fixtures skipped, `shellcheck` {SHELLCHECK_VERSION} (whose messages the snapshots hold) is not on PATH"
            );
            continue;
        }
        let dir = root.join(code);
        let bad = entries(&dir, "bad");
        let good = entries(&dir, "good");
        if bad.is_empty() || good.is_empty() {
            problems.push(format!(
                "{code}: needs bad* and good* fixtures in {}",
                dir.display()
            ));
            continue;
        }
        for entry in &good {
            let result = run(entry, code, FixMode::Off);
            for f in result.findings.iter().filter(|f| f.rule.code == code) {
                problems.push(format!(
                    "{code}: good fixture {}:{} has a finding: {}",
                    entry.display(),
                    f.location.start.line,
                    f.message
                ));
            }
        }
        for entry in &bad {
            let before = run(entry, code, FixMode::Off);
            let count = before
                .findings
                .iter()
                .filter(|f| f.rule.code == code)
                .count();
            if count == 0 {
                problems.push(format!(
                    "{code}: bad fixture {} has no finding",
                    entry.display()
                ));
            }
            // Fixes must reduce the findings they claim to fix.
            let fixable = before
                .findings
                .iter()
                .filter(|f| !f.fixes.is_empty())
                .count();
            if fixable > 0 {
                let after = run(entry, code, FixMode::Unsafe);
                let remaining = after
                    .findings
                    .iter()
                    .filter(|f| f.rule.code == code)
                    .count();
                if remaining >= count {
                    problems.push(format!(
                        "{code}: fixes on {} left {remaining} of {count} findings",
                        entry.display()
                    ));
                }
            }
        }
        insta::assert_snapshot!(code, snapshot_of(code, &dir, &bad));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
