//! Native Helm rendering: Go `text/template` (lexer, parser with positions,
//! evaluator over [`Value`]), the Sprig and Helm functions charts use, chart
//! loading (directories, `.tgz`, subcharts, dependencies, values coalescing,
//! schema validation) and `helm template` output.
//!
//! Entry points: [`helm::template`] (what the CLI runs), or
//! [`chart::load`] + [`helm::prepare`] + [`helm::render_chart`] for callers
//! that want each rendered file with its [`exec::Output`] segments (the
//! source-map hook: output offset → template file and line).

// Ports of Go code keep Go's short names (y, m, d, h) and its one-arm-per-
// case tables; these two lints would only obscure the correspondence.
#![allow(clippy::many_single_char_names, clippy::match_same_arms)]

pub mod chart;
pub mod exec;
pub mod funcs;
pub mod gofmt;
pub mod helm;
pub mod parse;
pub mod semver;
pub mod serial;
pub mod strvals;
pub mod time;
pub mod unittest;
pub mod value;

pub use helm::{RenderError, RenderOptions, template};
pub use value::{Map, Value};

/// Renders a template text with `data` (for tests and `tpl`-like uses).
pub fn render_str(text: &str, data: &Value) -> Result<String, String> {
    let source = std::rc::Rc::new(parse::Source::new("t", text));
    let trees = parse::parse("t", &source, &funcs::exists).map_err(|e| e.message)?;
    let mut env = funcs::FuncEnv::fixed(0, 1);
    let mut exec = exec::Exec::new(&trees, &mut env);
    let mut out = exec::Output::new(false);
    exec.execute("t", data, &mut out).map_err(|e| e.message)?;
    Ok(out.text)
}
