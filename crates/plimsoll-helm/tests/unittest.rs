//! The native helm-unittest runner: the project's own chart suites, and
//! suites of our own for corpus charts (`tests/unittest/<chart>/`).
//!
//! In our own suites a test named `FAIL <needle> | what` must fail, with
//! `<needle>` in its failure report; every other test must pass.

use plimsoll_helm::unittest::{self, ChartResult, RunOptions};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn describe(r: &ChartResult) -> String {
    unittest::report(std::slice::from_ref(r), std::time::Duration::ZERO)
}

#[test]
fn project_chart_suites_pass() {
    let r = unittest::run_chart(&repo().join("charts/plimsoll"), &RunOptions::default());
    let text = describe(&r);
    assert!(r.passed(), "{text}");
    assert_eq!(r.suites.len(), 3, "{text}");
    let tests: usize = r.suites.iter().map(|s| s.tests.len()).sum();
    assert_eq!(tests, 12, "{text}");
    assert!(text.contains("Tests:       12 passed, 12 total"), "{text}");
}

/// Runs our suites for a corpus chart and checks the FAIL convention.
#[allow(dead_code)]
fn corpus(chart: &str, suites: &str) -> Option<(usize, usize)> {
    let chart_dir = repo().join("../shared/corpus/helm").join(chart);
    if !chart_dir.is_dir() {
        eprintln!(
            "skipping: {} is absent (the shared corpus is not here)",
            chart_dir.display()
        );
        return None;
    }
    let opts = RunOptions {
        suites_dir: Some(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/unittest")
                .join(suites),
        ),
        ..RunOptions::default()
    };
    let r = unittest::run_chart(&chart_dir, &opts);
    let text = describe(&r);
    assert!(r.error.is_none(), "{text}");
    assert!(!r.suites.is_empty(), "{text}");
    let (mut passed, mut failed) = (0, 0);
    for s in &r.suites {
        assert!(s.error.is_none(), "{text}");
        for t in &s.tests {
            if let Some(rest) = t.name.strip_prefix("FAIL ") {
                let needle = rest.split(" | ").next().unwrap_or(rest);
                assert!(!t.passed(), "`{}` should fail:\n{text}", t.name);
                let report: String = t
                    .failures
                    .iter()
                    .flat_map(|f| std::iter::once(f.title.clone()).chain(f.details.clone()))
                    .collect::<Vec<_>>()
                    .join("\n");
                assert!(
                    report.contains(needle),
                    "`{}`: {needle:?} not in\n{report}",
                    t.name
                );
                failed += 1;
            } else {
                assert!(t.passed(), "`{}` should pass:\n{text}", t.name);
                passed += 1;
            }
        }
    }
    Some((passed, failed))
}
