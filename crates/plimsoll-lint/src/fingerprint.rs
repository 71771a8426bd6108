//! Stable fingerprints of findings: rule, path and the normalised text of the
//! lines the finding covers, plus an occurrence count for identical ones.
//! Line numbers are deliberately left out so that edits elsewhere in a file
//! do not change a finding's identity (baselines, SARIF `partialFingerprints`).

use plimsoll_diagnostics::Finding;
use plimsoll_syntax::SourceFile;
use std::collections::HashMap;

/// 64-bit FNV-1a: tiny, stable across platforms and releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // Separator so ("ab","c") and ("a","bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The whitespace-collapsed text of the lines a finding starts and ends on.
fn normalised_content(finding: &Finding, source: Option<&SourceFile>) -> String {
    let Some(source) = source else {
        return String::new();
    };
    let first = finding.location.start.line;
    let last = finding.location.end.line.max(first).min(first + 20);
    (first..=last)
        .flat_map(|l| source.line_text(l).split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fingerprints for `findings`, in order. Findings must be sorted so that
/// occurrence counts are deterministic.
pub fn compute<'a>(
    findings: &[Finding],
    source_of: impl Fn(&Finding) -> Option<&'a SourceFile>,
) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let path = f.location.display_path();
            let content = normalised_content(f, source_of(f));
            let base = fnv1a(&[f.rule.code, &path, &content]);
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            format!("{:016x}", fnv1a(&[&base.to_string(), &n.to_string()]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_stable_and_separated() {
        assert_eq!(fnv1a(&["a"]), fnv1a(&["a"]));
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        // Pinned (computed independently): changing the hash would invalidate baselines.
        assert_eq!(format!("{:016x}", fnv1a(&["DF009"])), "ef41b919e3cee29f");
    }
}
