//! `--diff`: unified diffs of what fixes would change.

use plimsoll_lint::engine::FixedFile;
use similar::TextDiff;

pub fn render(fixed: &[FixedFile]) -> String {
    let mut out = String::new();
    for f in fixed {
        let path = f.display_path.to_string_lossy().replace('\\', "/");
        let diff = TextDiff::from_lines(&f.original, &f.fixed);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_string(),
        );
    }
    out
}
