use plimsoll_diagnostics::Span;

/// Maps offsets in a derived text (a Dockerfile instruction with its line
/// continuations joined, a `RUN` script with its heredocs) back to offsets in
/// the file it came from.
///
/// The derived text is a concatenation of pieces of the source; each piece is
/// a segment. Offsets that fall between segments map to the end of the
/// previous piece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(derived_start, source_start, len)`, sorted by `derived_start`, contiguous.
    segments: Vec<(usize, usize, usize)>,
}

impl SourceMap {
    /// A map for text copied unchanged from `source_start`.
    pub fn identity(source_start: usize, len: usize) -> Self {
        let mut m = SourceMap::default();
        m.push(source_start, len);
        m
    }

    /// Append `len` bytes copied from `source_start`.
    pub fn push(&mut self, source_start: usize, len: usize) {
        let derived_start = self.len();
        if let Some(last) = self.segments.last_mut() {
            // Merge with the previous piece when the source continues it.
            if last.1 + last.2 == source_start {
                last.2 += len;
                return;
            }
        }
        self.segments.push((derived_start, source_start, len));
    }

    /// Length of the derived text.
    pub fn len(&self) -> usize {
        self.segments.last().map_or(0, |&(d, _, l)| d + l)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The source offset of a derived offset.
    pub fn to_source(&self, offset: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|&(d, _, _)| d <= offset)
            .saturating_sub(1);
        match self.segments.get(idx) {
            Some(&(d, s, l)) => s + (offset - d).min(l),
            None => 0,
        }
    }

    /// The source span of a derived span. An end offset that sits exactly at
    /// a segment boundary maps to the end of the earlier segment, so spans
    /// never swallow the text that was dropped between segments.
    pub fn span_to_source(&self, span: Span) -> Span {
        let start = self.to_source(span.start);
        let end = if span.end > span.start {
            self.to_source(span.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    /// A new map for the derived sub-range starting at `from` (used when a
    /// consumer sees only part of the derived text).
    #[must_use]
    pub fn slice_from(&self, from: usize) -> SourceMap {
        let mut out = SourceMap::default();
        for &(d, s, l) in &self.segments {
            if d + l <= from {
                continue;
            }
            let skip = from.saturating_sub(d);
            out.push(s + skip, l - skip);
        }
        out
    }

    /// Append every segment of `other`.
    pub fn extend(&mut self, other: &SourceMap) {
        for &(_, s, l) in &other.segments {
            self.push(s, l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_joined_lines() {
        // source: "RUN a \\\n  b" ; derived: "RUN a   b"
        let mut m = SourceMap::default();
        m.push(0, 6); // "RUN a "
        m.push(8, 3); // "  b"
        assert_eq!(m.len(), 9);
        assert_eq!(m.to_source(4), 4);
        assert_eq!(m.to_source(8), 10);
        assert_eq!(m.span_to_source(Span::new(4, 9)), Span::new(4, 11));
        // A span ending right at the join does not include the dropped "\\\n".
        assert_eq!(m.span_to_source(Span::new(4, 6)), Span::new(4, 6));
    }

    #[test]
    fn adjacent_pieces_merge_and_slices_keep_offsets() {
        let mut m = SourceMap::default();
        m.push(10, 5);
        m.push(15, 5);
        assert_eq!(m, SourceMap::identity(10, 10));
        let s = m.slice_from(3);
        assert_eq!(s.to_source(0), 13);
        assert_eq!(s.len(), 7);
    }
}
