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
fn corpus(chart: &str, suites: &str) -> Option<(usize, usize)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = [
        "../../../shared/corpus/helm",
        "../../../../shared/corpus/helm",
    ]
    .iter()
    .map(|p| manifest.join(p))
    .find(|p| p.is_dir())
    .unwrap_or_else(|| manifest.join("../../../shared/corpus/helm"));
    let chart_dir = corpus.join(chart);
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

fn check_corpus(chart: &str, suites: &str, min_pass: usize, min_fail: usize) {
    if let Some((passed, failed)) = corpus(chart, suites) {
        assert!(passed >= min_pass, "{suites}: {passed} passing tests");
        assert!(failed >= min_fail, "{suites}: {failed} failing tests");
    }
}

#[test]
fn corpus_nginx() {
    check_corpus("bitnami__charts/bitnami/nginx", "nginx", 6, 8);
}

#[test]
fn corpus_redis() {
    check_corpus("bitnami__charts/bitnami/redis", "redis", 6, 3);
}

#[test]
fn corpus_kubeflow_notebook_controller() {
    check_corpus(
        "kubeflow__manifests/experimental/helm/charts/notebook-controller",
        "notebook-controller",
        4,
        3,
    );
}

/// A scratch suites directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("plimsoll-unittest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).expect("write suite");
    }
    fn run(&self, update: bool) -> ChartResult {
        let opts = RunOptions {
            suites_dir: Some(self.0.clone()),
            update_snapshots: update,
            ..RunOptions::default()
        };
        unittest::run_chart(&repo().join("charts/plimsoll"), &opts)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn snapshots_are_created_compared_and_updated() {
    let s = Scratch::new("snap");
    s.write(
        "sa_test.yaml",
        "suite: sa\ntemplates: [serviceaccount.yaml]\ntests:\n  - it: snaps\n    asserts:\n      - matchSnapshot: {}\n",
    );
    let snap = s.0.join("__snapshot__/sa_test.yaml.snap");
    let r = s.run(false);
    assert!(r.passed(), "{}", describe(&r));
    assert_eq!(r.suites[0].snapshots_created, 1);
    let text = std::fs::read_to_string(&snap).expect("snapshot written");
    assert!(
        text.starts_with("\"snaps\":\n  1: |\n    apiVersion: v1\n"),
        "{text}"
    );
    let r = s.run(false);
    assert!(r.passed(), "{}", describe(&r));
    assert_eq!(r.suites[0].snapshots_created, 0);
    assert_eq!(r.suites[0].snapshots_passed, 1);
    std::fs::write(&snap, text.replace("ServiceAccount", "Secret")).expect("edit");
    let r = s.run(false);
    assert!(!r.passed());
    assert!(
        describe(&r).contains("Expected to match snapshot 1:"),
        "{}",
        describe(&r)
    );
    let r = s.run(true);
    assert!(r.passed(), "{}", describe(&r));
    assert_eq!(std::fs::read_to_string(&snap).expect("snap"), text);
}

#[test]
fn malformed_suites_fail_with_a_clear_message() {
    let s = Scratch::new("bad");
    s.write("syntax_test.yaml", "suite: x\ntests:\n  - it: [unclosed\n");
    s.write("list_test.yaml", "- a\n- b\n");
    s.write("notests_test.yaml", "suite: no tests\n");
    s.write(
        "asserts_test.yaml",
        "suite: asserts\ntests:\n  - it: no asserts\n  - it: unknown\n    asserts:\n      - frobnicate: {path: a}\n      - equal: {path: \"a[\", value: 1}\n      - {}\n  - 42\n",
    );
    let r = s.run(false);
    let text = describe(&r);
    assert!(!r.passed(), "{text}");
    assert_eq!(r.suites.len(), 4, "{text}");
    let by_name = |n: &str| {
        r.suites
            .iter()
            .find(|x| x.file.ends_with(n))
            .unwrap_or_else(|| panic!("{n} missing:\n{text}"))
    };
    let syntax = by_name("syntax_test.yaml")
        .error
        .clone()
        .unwrap_or_default();
    assert!(
        syntax.contains("syntax_test.yaml") && syntax.contains("line 3"),
        "{syntax}"
    );
    let list = by_name("list_test.yaml").error.clone().unwrap_or_default();
    assert!(list.contains("a suite must be a mapping"), "{list}");
    let none = by_name("notests_test.yaml")
        .error
        .clone()
        .unwrap_or_default();
    assert!(none.contains("`tests` is missing"), "{none}");
    let a = by_name("asserts_test.yaml");
    assert!(a.error.is_none(), "{text}");
    assert_eq!(a.tests.len(), 3, "{text}");
    assert!(a.tests.iter().all(|t| !t.passed()), "{text}");
    for needle in [
        "asserts_test.yaml:3: test `no asserts`: `asserts` is missing",
        "asserts_test.yaml:6: unknown assertion type `frobnicate`",
        "asserts_test.yaml:8: the assertion has no type",
        "asserts_test.yaml:9: a test must be a mapping",
        "invalid path `a[`",
        "the assertion has no type",
        "a test must be a mapping",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
}

#[test]
fn negated_order_assertions_follow_helm_unittest() {
    let s = Scratch::new("order");
    let port = "spec.egress[1].ports[0].port";
    let suite = [
        "suite: order",
        "templates: [networkpolicy.yaml]",
        "tests:",
        "  - it: greater passes",
        "    asserts:",
        "      - notLessOrEqual: {path: PORT, value: 80}",
        "  - it: equal fails",
        "    asserts:",
        "      - notLessOrEqual: {path: PORT, value: 443}",
        "  - it: double negation is lessOrEqual",
        "    asserts:",
        "      - notLessOrEqual: {path: PORT, value: 443}",
        "        not: true",
        "  - it: notGreaterOrEqual holds on a comparable value",
        "    asserts:",
        "      - notGreaterOrEqual: {path: PORT, value: 1}",
        "  - it: a missing path passes",
        "    asserts:",
        "      - notGreaterOrEqual: {path: spec.nothing, value: 1}",
        "  - it: not on greaterOrEqual with another type fails",
        "    asserts:",
        "      - greaterOrEqual: {path: PORT, value: x}",
        "        not: true",
        "  - it: isNotType",
        "    asserts:",
        "      - isNotType: {path: spec.podSelector, type: string}",
        "      - isNotType: {path: PORT, type: string}",
    ]
    .join("\n")
    .replace("PORT", &format!("\"{port}\""));
    s.write("order_test.yaml", &format!("{suite}\n"));
    let r = s.run(false);
    let text = describe(&r);
    let suite = &r.suites[0];
    assert!(suite.error.is_none(), "{text}");
    let outcome: Vec<(String, bool)> = suite
        .tests
        .iter()
        .map(|t| (t.name.clone(), t.passed()))
        .collect();
    let want = [
        ("greater passes", true),
        ("equal fails", false),
        ("double negation is lessOrEqual", true),
        ("notGreaterOrEqual holds on a comparable value", true),
        ("a missing path passes", true),
        ("not on greaterOrEqual with another type fails", false),
        ("isNotType", true),
    ];
    assert_eq!(
        outcome,
        want.iter()
            .map(|(n, p)| ((*n).to_string(), *p))
            .collect::<Vec<_>>(),
        "{text}"
    );
    assert!(
        text.contains("Expected NOT to be less or equal to"),
        "{text}"
    );
    assert!(text.contains("cannot compare 443 with \"x\""), "{text}");
}
