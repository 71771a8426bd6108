use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers, or `""` when it does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A span in a named file, resolved to line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Path as shown to the user (relative to the working directory when possible).
    pub path: Arc<PathBuf>,
    pub span: Span,
    pub start: LineCol,
    /// End position, exclusive.
    pub end: LineCol,
}

impl Location {
    /// The path with `/` separators, as every output format wants it.
    pub fn display_path(&self) -> String {
        let s = self.path.to_string_lossy();
        if std::path::MAIN_SEPARATOR == '/' {
            s.into_owned()
        } else {
            s.replace(std::path::MAIN_SEPARATOR, "/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_spans_both_and_contains_checks_bounds() {
        let a = Span::new(3, 5);
        let b = Span::new(8, 12);
        assert_eq!(a.cover(b), Span::new(3, 12));
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
    }

    #[test]
    fn slice_out_of_bounds_is_empty() {
        assert_eq!(Span::new(2, 4).slice("abcdef"), "cd");
        assert_eq!(Span::new(2, 40).slice("abcdef"), "");
    }
}
