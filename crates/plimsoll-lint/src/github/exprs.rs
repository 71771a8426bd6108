//! Expressions and scripts inside workflow values, mapped back to the file.
//!
//! A scalar's value is not its source text (block scalars lose their
//! indentation, quoted scalars their escapes), so [`ScalarText`] aligns the
//! two and maps spans of the value into the file. [`ScalarText::templates`]
//! finds the `${{ }}` of the value; [`ScalarText::script`] parses a `run:`
//! value as shell with every template blanked out (same length), so
//! commands and words come with file spans.

use plimsoll_diagnostics::Span;
use plimsoll_syntax::SourceMap;
use plimsoll_syntax::expr::{self, Template};
use plimsoll_syntax::shell::Script;
use plimsoll_syntax::yaml::{NodeId, NodeKind, ScalarStyle, YamlFile};

/// A scalar's value with a map from value offsets to file offsets.
#[derive(Debug, Clone)]
pub struct ScalarText {
    pub node: NodeId,
    pub value: String,
    pub map: SourceMap,
}

impl ScalarText {
    /// The scalar `node` of `yaml` parsed from `text` (through aliases).
    pub fn new(yaml: &YamlFile, text: &str, node: NodeId) -> Option<ScalarText> {
        let node = yaml.resolve(node);
        let n = yaml.node(node);
        let NodeKind::Scalar { value, style } = &n.kind else {
            return None;
        };
        let src = text.get(n.span.start..n.span.end.min(text.len()))?;
        let skip = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                src.find('\n').map_or(src.len(), |i| i + 1)
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => 1.min(src.len()),
            ScalarStyle::Plain => 0,
        };
        Some(ScalarText {
            node,
            map: align(value, src, n.span.start, skip),
            value: value.clone(),
        })
    }

    /// A span of the value as a span of the file.
    pub fn span(&self, span: Span) -> Span {
        self.map.span_to_source(span)
    }

    /// The `${{ }}` templates of the value; their spans (and those of
    /// their expressions) are offsets into [`value`](Self::value): map
    /// them with [`span`](Self::span).
    pub fn templates(&self) -> Vec<Template> {
        if !self.value.contains("${{") {
            return Vec::new();
        }
        expr::find_templates(&self.value, 0)
    }

    /// The value as a shell script, templates replaced by `X`s of the same
    /// length; word spans are file offsets.
    pub fn script(&self) -> Script {
        Script::parse(&blank_templates(&self.value), &self.map)
    }
}

/// `text` with each `${{ ... }}` replaced by as many `X`s (byte for byte).
pub fn blank_templates(text: &str) -> String {
    let templates = expr::find_templates(text, 0);
    if templates.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for t in templates {
        for b in bytes
            .get_mut(t.span.start..t.span.end.min(text.len()))
            .into_iter()
            .flatten()
        {
            *b = b'X';
        }
    }
    // Only whole templates were replaced, and templates start and end on
    // ASCII, so the text stays valid UTF-8; fall back to lossy decoding.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Aligns `value` with its source text `src` (which starts at file offset
/// `base`), skipping `skip` bytes of header or quote: equal bytes map to
/// each other; source bytes the value lacks (indentation, escapes, line
/// breaks) are skipped; value bytes the source lacks (folded spaces) map
/// to the current source position.
fn align(value: &str, src: &str, base: usize, skip: usize) -> SourceMap {
    let v = value.as_bytes();
    let s = src.as_bytes();
    let mut map = SourceMap::default();
    let (mut i, mut j) = (0, skip.min(s.len()));
    while i < v.len() {
        if j < s.len() && v[i] == s[j] {
            map.push(base + j, 1);
            i += 1;
            j += 1;
        } else if j < s.len() && !(v[i] == b' ' || v[i] == b'\n') {
            // A source byte the value lacks (indentation, escape, quote).
            j += 1;
        } else if j < s.len() && matches!(s[j], b' ' | b'\n' | b'\r' | b'\t' | b'\\') {
            // Folding: a value space or newline where the source has other whitespace.
            if v[i] == b' ' && s[j] == b'\n' || v[i] == b'\n' && s[j] == b' ' {
                map.push(base + j, 1);
                i += 1;
            }
            j += 1;
        } else {
            map.push(base + j.min(s.len()), 1);
            i += 1;
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, key: &str, needle: &str) {
        let yaml = YamlFile::parse(text);
        let root = yaml.documents[0].root.unwrap();
        let node = yaml.get(root, key).unwrap();
        let st = ScalarText::new(&yaml, text, node).unwrap();
        let at = st.value.find(needle).unwrap();
        let span = st.span(Span::new(at, at + needle.len()));
        assert_eq!(&text[span.start..span.end], needle, "{text:?}");
    }

    #[test]
    fn maps_block_and_quoted_scalars() {
        check("run: |\n  echo a\n  echo ${{ x }}\n", "run", "${{ x }}");
        check("run: |-\n    -a\n    b\n", "run", "b");
        check(
            "run: >\n  echo a\n  echo ${{ x }}\n",
            "run",
            "echo ${{ x }}",
        );
        check("run: \"say \\\"hi\\\" ${{ x }}\"\n", "run", "${{ x }}");
        check("run: 'it''s ${{ x }}'\n", "run", "${{ x }}");
        check(
            "run: echo ${{ github.head_ref }}\n",
            "run",
            "github.head_ref",
        );
        check("run: echo a\n  ${{ y }}\n", "run", "${{ y }}");
        check("run: |\n  é ${{ y }}\n", "run", "${{ y }}");
    }

    #[test]
    fn scripts_have_file_spans() {
        let text = "run: |\n  curl -sSL ${{ inputs.url }} | bash\n";
        let yaml = YamlFile::parse(text);
        let node = yaml.get(yaml.documents[0].root.unwrap(), "run").unwrap();
        let st = ScalarText::new(&yaml, text, node).unwrap();
        let script = st.script();
        let bash = script.commands_named("bash").next().unwrap();
        assert_eq!(&text[bash.span().start..bash.span().end], "bash");
        assert_eq!(blank_templates("a ${{ b }} c"), "a XXXXXXXX c");
    }
}
