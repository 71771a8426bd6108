use crate::Span;
use serde::Serialize;

/// Whether a fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to the user, never applied automatically.
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: behaviour may change.
    Unsafe,
    /// Applied by `--fix`: the meaning of the file is kept.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::empty(at), text)
    }

    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }
}

/// A set of edits that together resolve one finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, Applicability::Safe, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, Applicability::Unsafe, edits)
    }

    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, Applicability::DisplayOnly, edits)
    }

    fn new(message: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            message: message.into(),
            applicability,
            edits,
        }
    }

    /// The byte range all edits touch together.
    pub fn span(&self) -> Option<Span> {
        let first = self.edits.first()?.span;
        Some(self.edits.iter().fold(first, |acc, e| acc.cover(e.span)))
    }

    /// Apply this fix alone to `text`. Edits that overlap or fall outside the
    /// text make the whole fix inapplicable.
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut cursor = 0;
        for edit in &self.edits {
            if edit.span.start < cursor || edit.span.end > text.len() {
                return None;
            }
            out.push_str(text.get(cursor..edit.span.start)?);
            out.push_str(&edit.replacement);
            cursor = edit.span.end;
        }
        out.push_str(text.get(cursor..)?);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_replaces_inserts_and_deletes_in_order() {
        let fix = Fix::safe(
            "t",
            vec![
                Edit::delete(Span::new(11, 12)),
                Edit::replace(Span::new(0, 3), "apt-get"),
                Edit::insert(4, "-y "),
            ],
        );
        assert_eq!(
            fix.apply("apt install x").as_deref(),
            Some("apt-get -y installx")
        );
        assert_eq!(fix.span(), Some(Span::new(0, 12)));
    }

    #[test]
    fn overlapping_edits_are_rejected() {
        let fix = Fix::safe(
            "t",
            vec![
                Edit::replace(Span::new(0, 5), "a"),
                Edit::replace(Span::new(3, 6), "b"),
            ],
        );
        assert_eq!(fix.apply("0123456789"), None);
    }
}
