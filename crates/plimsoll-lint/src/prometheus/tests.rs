use super::promql::{self, LabelSet, Parsed};
use super::*;

fn parse(expr: &str) -> promql_parser::parser::Expr {
    match promql::parse(expr) {
        Parsed::Ok(e) => e,
        other => panic!("{expr}: {other:?}"),
    }
}

#[test]
fn reads_a_rule_file() {
    let text = "groups:\n- name: g\n  interval: 1m\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 5m\n    labels: {severity: page}\n    annotations:\n      summary: down\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";
    let yaml = YamlFile::parse(text);
    assert!(looks_like_rule_file(&yaml));
    let file = PromFile::read_rule_file(&yaml).unwrap();
    assert_eq!(file.groups.len(), 1);
    let g = &file.groups[0];
    assert_eq!(g.name.as_deref(), Some("g"));
    assert_eq!(g.rules.len(), 2);
    assert!(g.rules[0].is_alert());
    assert_eq!(
        g.rules[0].label("severity").map(|e| e.name.as_str()),
        Some("severity")
    );
    assert!(g.rules[1].is_record());
    assert!(g.rules[1].ast().is_some());
}

#[test]
fn not_rule_files() {
    for text in [
        "groups: []\n",
        "apiVersion: v1\nkind: List\ngroups:\n- name: x\n  rules: []\n",
        "groups:\n- a\n- b\n",
        "groups:\n- name: admins\n  members: [a]\n",
        "name: x\ngroups:\n- name: g\n  rules:\n  - expr: up\n",
    ] {
        assert!(!looks_like_rule_file(&YamlFile::parse(text)), "{text}");
    }
}

#[test]
fn deep_and_long_expressions_are_not_parsed() {
    let deep = format!("{}up{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(promql::parse(&deep), Parsed::TooComplex));
    let ok = format!("{}up{}", "(".repeat(100), ")".repeat(100));
    assert!(matches!(promql::parse(&ok), Parsed::Ok(_)));
    let chain = vec!["up"; 5_000].join(" + ");
    assert!(matches!(promql::parse(&chain), Parsed::TooComplex));
    let chain = vec!["up"; 1_500].join(" + ");
    assert!(matches!(promql::parse(&chain), Parsed::Ok(_)));
}

#[test]
fn output_labels() {
    let only = |e: &str| match promql::output_labels(&parse(e)) {
        LabelSet::Only(mut v) => {
            v.sort();
            Some(v)
        }
        LabelSet::Any { .. } => None,
    };
    assert_eq!(
        only("sum(rate(x_total[5m])) by (job)"),
        Some(vec!["job".to_string()])
    );
    assert_eq!(only("sum(x)"), Some(vec![]));
    assert_eq!(only("rate(x_total[5m])"), None);
    assert_eq!(
        only("absent(up{job=\"a\", instance=~\"b\"})"),
        Some(vec!["job".to_string()])
    );
    assert_eq!(
        only("label_replace(sum by (a) (x), \"b\", \"$1\", \"a\", \"(.*)\")"),
        Some(vec!["a".to_string(), "b".to_string()])
    );
    assert_eq!(only("x / on(job) y"), Some(vec!["job".to_string()]));
    assert_eq!(only("x / on(job) group_left(team) y"), None);
    assert_eq!(only("sum by (job) (x) > 0"), Some(vec!["job".to_string()]));
    assert_eq!(
        only("histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))"),
        Some(vec!["job".to_string()])
    );
    assert!(!promql::output_labels(&parse("sum without (pod) (x)")).may_have("pod"));
}

#[test]
fn error_offsets() {
    let text = "sum(rate(x[5m]) # (comment\n";
    let Parsed::Err(m) = promql::parse(text) else {
        panic!("parses")
    };
    assert_eq!(promql::error_offset(text, &m), Some((3, 4)));
    assert_eq!(
        promql::error_offset("up{a=\"b}", "unterminated quoted string \""),
        Some((5, 6))
    );
    assert_eq!(
        promql::error_offset("up)", "unexpected right parenthesis ')'"),
        Some((2, 3))
    );
    assert_eq!(promql::error_offset("up +", "invalid promql query"), None);
}
