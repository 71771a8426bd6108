//! `cargo run -p plimsoll-dev -- generate-all [--check]`
//! `cargo run -p plimsoll-dev -- k8s-schemas <dir>` (see `k8s_schema`)

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate-all"] => match plimsoll_dev::write_all(&root) {
            Ok(n) => {
                eprintln!("wrote {n} generated files");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        ["generate-all", "--check"] => {
            let stale = plimsoll_dev::stale_files(&root);
            if stale.is_empty() {
                ExitCode::SUCCESS
            } else {
                for p in stale {
                    eprintln!("stale: {}", p.display());
                }
                eprintln!("run `cargo run -p plimsoll-dev -- generate-all`");
                ExitCode::from(1)
            }
        }
        ["k8s-schemas", source] => {
            match plimsoll_dev::k8s_schema::generate(Path::new(source), &root) {
                Ok(n) => {
                    eprintln!("wrote {n} schema files");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => {
            eprintln!(
                "usage: plimsoll-dev generate-all [--check] | k8s-schemas <kubernetes-json-schema dir>"
            );
            ExitCode::from(2)
        }
    }
}
