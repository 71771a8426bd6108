//! Every YAML file in ../shared/corpus (outside Helm `templates/`, which are
//! Go templates, not YAML) parses without a panic and without errors. PyYAML
//! rejects three of them for trailing tabs, which YAML 1.2 allows and the
//! Kubernetes decoder accepts; we side with the spec.

#![allow(clippy::unwrap_used)]

use plimsoll_syntax::yaml::{NodeKind, YamlFile};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "templates") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_yaml_parses_without_errors() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let files = yaml_files(&dir);
    assert!(
        files.len() > 1000,
        "expected the corpus, found {} files",
        files.len()
    );
    let mut failures = Vec::new();
    let mut documents = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let f = YamlFile::parse(&text);
        for e in &f.errors {
            let line = text[..e.span.start].matches('\n').count() + 1;
            failures.push(format!("{}:{line}: {}", path.display(), e.message));
        }
        documents += f.documents.len();
        for node in &f.nodes {
            assert!(node.span.start <= node.span.end && node.span.end <= text.len());
            assert!(text.is_char_boundary(node.span.start) && text.is_char_boundary(node.span.end));
            // A plain scalar's span is exactly its source text.
            if let NodeKind::Scalar { value, style } = &node.kind
                && *style == plimsoll_syntax::yaml::ScalarStyle::Plain
                && !value.is_empty()
                && !node.span.slice(&text).contains('\n')
            {
                assert_eq!(node.span.slice(&text), value, "{}", path.display());
            }
        }
    }
    assert!(
        documents > files.len(),
        "multi-document files count each document"
    );
    assert!(
        failures.is_empty(),
        "{} errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
