//! docs/rules and the configuration schema are generated; this fails when
//! they do not match the code.

#![allow(clippy::unwrap_used)]

#[test]
fn generated_files_are_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let stale = plimsoll_dev::stale_files(&root);
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo run -p plimsoll-dev -- generate-all`):\n{}",
        stale
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
