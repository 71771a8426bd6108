//! Every Dockerfile in ../shared/corpus parses without a panic and without
//! syntax errors (they all build, and hadolint parses them all).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfile");
    dir.is_dir().then_some(dir)
}

fn dockerfiles(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .to_ascii_lowercase()
                    .contains("dockerfile")
            }) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_parses_without_syntax_errors() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipping: ../shared/corpus/dockerfile is absent");
        return;
    };
    let files = dockerfiles(&dir);
    assert!(
        files.len() > 100,
        "expected the corpus, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let df = plimsoll_syntax::dockerfile::parse(&text);
        for e in &df.errors {
            let line = text[..e.span.start].matches('\n').count() + 1;
            failures.push(format!("{}:{line}: {}", path.display(), e.message));
        }
        for inst in &df.instructions {
            assert!(inst.span.end <= text.len() && inst.full_span.end <= text.len());
            assert!(text.is_char_boundary(inst.span.start) && text.is_char_boundary(inst.span.end));
        }
    }
    assert!(
        failures.is_empty(),
        "{} syntax errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
