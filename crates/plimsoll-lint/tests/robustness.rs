//! Bad input never crashes a rule: the corpus and adversarial files run
//! through every rule without a PL001 (rule crashed) finding.

#![allow(clippy::unwrap_used)]

use plimsoll_lint::engine::NoProgress;
use plimsoll_lint::settings::CliOverrides;
use plimsoll_lint::{CheckRequest, check};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn check_all(paths: Vec<PathBuf>) -> plimsoll_lint::CheckResult {
    let request = CheckRequest {
        paths,
        isolated: true,
        overrides: CliOverrides {
            select: Some(vec!["ALL".into()]),
            ..CliOverrides::default()
        },
        ..CheckRequest::default()
    };
    check(&request, &NoProgress).unwrap()
}

fn crashes(result: &plimsoll_lint::CheckResult) -> Vec<String> {
    result
        .findings
        .iter()
        .filter(|f| f.rule.code == "PL001")
        .map(|f| format!("{}: {}", f.location.display_path(), f.message))
        .collect()
}

#[test]
fn corpus_runs_through_every_rule_without_a_crash() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfile");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/dockerfile is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert!(result.files.len() > 100);
    assert_eq!(crashes(&result), Vec::<String>::new());
    // Only the deliberately broken fixture in the corpus has a syntax error.
    let syntax: Vec<_> = result
        .findings
        .iter()
        .filter(|f| matches!(f.rule.code, "DF001" | "DF002"))
        .map(|f| f.location.display_path())
        .collect();
    assert!(
        syntax.iter().all(|p| p.contains("wrong-composefile")),
        "{syntax:?}"
    );
}

#[test]
fn adversarial_files_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.Dockerfile", Vec::new()),
        ("only-comments.Dockerfile", b"# a\n# b\n".to_vec()),
        (
            "binary.Dockerfile",
            (0..=255u8).cycle().take(20_000).collect(),
        ),
        (
            "not-utf8.Dockerfile",
            b"FROM alpine:3.20\nRUN echo \xff\xfe\n".to_vec(),
        ),
        (
            "long-line.Dockerfile",
            format!("FROM alpine:3.20\nRUN echo {}\n", "x".repeat(1_000_000)).into_bytes(),
        ),
        (
            "many-lines.Dockerfile",
            "FROM alpine:3.20\n".repeat(20_000).into_bytes(),
        ),
        (
            "continuation-forever.Dockerfile",
            format!("FROM alpine:3.20\nRUN echo \\\n{}", "a \\\n".repeat(50_000)).into_bytes(),
        ),
        (
            "nested-substitution.Dockerfile",
            format!(
                "FROM alpine:3.20\nRUN echo {}x{}\n",
                "$(echo ".repeat(500),
                ")".repeat(500)
            )
            .into_bytes(),
        ),
        (
            "unterminated-quotes.Dockerfile",
            b"FROM alpine:3.20\nRUN echo \"a 'b `c $(d\nCMD [\"x\n".to_vec(),
        ),
        (
            "heredoc-no-end.Dockerfile",
            b"FROM alpine:3.20\nRUN <<EOF\necho\n".to_vec(),
        ),
        (
            "deep-stages.Dockerfile",
            (0..3000)
                .fold(String::new(), |mut s, i| {
                    let _ = writeln!(s, "FROM s{i} AS s{}", i + 1);
                    s
                })
                .into_bytes(),
        ),
        (
            "weird-escape.Dockerfile",
            b"# escape=`\nFROM alpine:3.20\nRUN echo `\n`\n".to_vec(),
        ),
        (
            "crlf.Dockerfile",
            b"FROM alpine:3.20\r\nRUN a \\\r\n b\r\n".to_vec(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
    assert!(
        result.findings.iter().any(|f| f.rule.code == "PL003"
            && f.location.display_path().ends_with("not-utf8.Dockerfile"))
    );
}
