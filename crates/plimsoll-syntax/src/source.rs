use plimsoll_diagnostics::{LineCol, Location, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// A file's text with a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: Arc<PathBuf>,
    text: String,
    /// Byte offset of the first character of every line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: Arc::new(path.into()),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Arc<PathBuf> {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past
    /// the end clamp to the end; offsets inside a character clamp to its start.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line, column }
    }

    /// Byte span of a 1-based line, without its line break.
    pub fn line_span(&self, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return Span::empty(self.text.len());
        };
        let mut end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        self.line_span(line).slice(&self.text)
    }

    pub fn location(&self, span: Span) -> Location {
        let span = Span::new(
            span.start.min(self.text.len()),
            span.end.min(self.text.len()),
        );
        Location {
            path: Arc::clone(&self.path),
            span,
            start: self.line_col(span.start),
            end: self.line_col(span.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("x", "ab\nçd\r\nef".to_string());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // 'd' comes after the two-byte 'ç'.
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(8), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 3 });
    }

    #[test]
    fn line_span_strips_crlf() {
        let f = SourceFile::new("x", "ab\nçd\r\nef".to_string());
        assert_eq!(f.line_text(2), "çd");
        assert_eq!(f.line_text(3), "ef");
        assert_eq!(f.line_count(), 3);
    }

    #[test]
    fn offset_inside_a_character_clamps_to_its_start() {
        let f = SourceFile::new("x", "é".to_string());
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
    }
}
