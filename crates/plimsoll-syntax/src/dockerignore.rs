//! `.dockerignore` files: patterns relative to the build context, `!` to
//! re-include, the last matching pattern wins (Docker's semantics).

use globset::{GlobBuilder, GlobMatcher};
use plimsoll_diagnostics::Span;

#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written, without `!`.
    pub text: String,
    pub negated: bool,
    pub span: Span,
    matcher: Option<GlobMatcher>,
}

#[derive(Debug, Clone, Default)]
pub struct DockerIgnore {
    pub patterns: Vec<Pattern>,
}

impl DockerIgnore {
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let lead = content.len() - content.trim_start().len();
            let span = Span::new(start + lead, start + lead + trimmed.len());
            let (negated, body) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, trimmed),
            };
            let normalised = normalise(body);
            let matcher = GlobBuilder::new(&normalised)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .ok()
                .map(|g| g.compile_matcher());
            patterns.push(Pattern {
                text: body.to_string(),
                negated,
                span,
                matcher,
            });
        }
        DockerIgnore { patterns }
    }

    /// Whether `path` (relative to the context, `/`-separated) is excluded.
    /// A directory's contents are excluded when the directory is.
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./").trim_matches('/');
        let mut excluded = false;
        for p in &self.patterns {
            let Some(m) = &p.matcher else { continue };
            let hit = m.is_match(path) || ancestors(path).any(|a| m.is_match(a));
            if hit {
                excluded = !p.negated;
            }
        }
        excluded
    }
}

/// Docker cleans patterns like paths: leading `/` and `./` go, `a//b` is `a/b`.
fn normalise(pattern: &str) -> String {
    let p = pattern.trim_start_matches('/');
    let p = p.strip_prefix("./").unwrap_or(p);
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(part),
        }
    }
    out.join("/")
}

fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_matching_pattern_wins() {
        let di = DockerIgnore::parse("# comment\n*\n!src\n!package.json\nsrc/**/*.test.js\n");
        assert!(di.is_excluded(".git"));
        assert!(!di.is_excluded("src/app.js"));
        assert!(di.is_excluded("src/a/b.test.js"));
        assert!(!di.is_excluded("package.json"));
    }

    #[test]
    fn directories_exclude_their_contents() {
        let di = DockerIgnore::parse("/.git/\nnode_modules\n**/.env\n");
        assert!(di.is_excluded(".git"));
        assert!(di.is_excluded(".git/config"));
        assert!(di.is_excluded("node_modules/x/index.js"));
        assert!(di.is_excluded("app/.env"));
        assert!(!di.is_excluded("app/env"));
        assert_eq!(di.patterns[0].span, Span::new(0, 6));
    }
}
