//! dotenv files: `KEY=value` lines, `export KEY=value`, `#` comments. The
//! model only lists the assignments; the secret scan reads the text.

use plimsoll_diagnostics::Span;

/// One `KEY=value` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Span,
    /// The value as written (quotes included), possibly empty.
    pub value: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DotEnv {
    pub entries: Vec<Entry>,
}

impl DotEnv {
    pub fn parse(text: &str) -> DotEnv {
        let mut entries = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let lead = body.len() - trimmed.len();
            let (skip, rest) = match trimmed.strip_prefix("export ") {
                Some(r) => (lead + 7 + (r.len() - r.trim_start().len()), r.trim_start()),
                None => (lead, trimmed),
            };
            let Some(eq) = rest.find('=') else { continue };
            let key = rest[..eq].trim_end();
            if key.is_empty()
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            {
                continue;
            }
            let key_start = start + skip;
            let value_text = &rest[eq + 1..];
            let value_lead = value_text.len() - value_text.trim_start().len();
            let value_start = key_start + eq + 1 + value_lead;
            let value_end = start + body.trim_end().len();
            entries.push(Entry {
                key: Span::new(key_start, key_start + key.len()),
                value: Span::new(value_start, value_end.max(value_start)),
            });
        }
        DotEnv { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_assignments() {
        let text = "# c\nA=1\nexport  B = \"x y\"\n\nbad line\nC=\n";
        let env = DotEnv::parse(text);
        let shown: Vec<(&str, &str)> = env
            .entries
            .iter()
            .map(|e| (e.key.slice(text), e.value.slice(text)))
            .collect();
        assert_eq!(shown, [("A", "1"), ("B", "\"x y\""), ("C", "")]);
    }
}
