//! Every `.tf`, `.tfvars` and `.hcl` file in ../shared/corpus/terraform
//! parses without a panic and without errors.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn hcl_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "tf" || x == "tfvars" || x == "hcl")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_hcl_parses_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/terraform");
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/corpus/terraform is absent");
        return;
    }
    let files = hcl_files(&dir);
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = plimsoll_syntax::hcl::parse(&text);
        if let Some(e) = parsed.error {
            failures.push(format!(
                "{}:{}:{}: {}",
                path.display(),
                e.line,
                e.column,
                e.message
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
