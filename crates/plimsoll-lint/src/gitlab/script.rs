//! Script lines as shell: the YAML value of a line is parsed with the
//! shell parser, with offsets mapped back into the file.
//!
//! A scalar's value is not its source text (quotes, escapes, block
//! indentation, folding). Each line of the value is looked up in the
//! node's source text in order; when every line is found verbatim the
//! map is exact, otherwise findings fall back to the node's first line.

use crate::rule::head_span;
use plimsoll_diagnostics::Span;
use plimsoll_syntax::SourceMap;
use plimsoll_syntax::shell::Script;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// A parsed script line.
#[derive(Debug)]
pub struct ScriptLine {
    pub node: NodeId,
    /// The value as the runner's shell sees it.
    pub text: String,
    pub script: Script,
    /// Whether `script` spans are exact source spans.
    pub exact: bool,
    /// Where to report when the map is not exact.
    pub fallback: Span,
}

impl ScriptLine {
    /// Parses the scalar `node` of `yaml` (whose source is `source`).
    pub fn parse(yaml: &YamlFile, source: &str, node: NodeId) -> Option<ScriptLine> {
        let text = yaml.str(node)?.to_string();
        let span = yaml.node(yaml.resolve(node)).span;
        let fallback = head_span(yaml, source, yaml.resolve(node));
        let map = exact_map(source, span, &text);
        let exact = map.is_some();
        let map = map.unwrap_or_else(|| SourceMap::identity(0, text.len()));
        let script = Script::parse(&text, &map);
        Some(ScriptLine {
            node,
            text,
            script,
            exact,
            fallback,
        })
    }

    /// The source span of a span the script reports.
    pub fn span(&self, span: Span) -> Span {
        if self.exact { span } else { self.fallback }
    }
}

/// A map from `value` to the source when each of its lines appears, in
/// order, within `span` of `source`.
fn exact_map(source: &str, span: Span, value: &str) -> Option<SourceMap> {
    let region = source.get(span.start..span.end.min(source.len()))?;
    let mut map = SourceMap::default();
    let mut pos = 0;
    let mut lines = value.split('\n').peekable();
    while let Some(line) = lines.next() {
        if !line.is_empty() {
            let at = region.get(pos..)?.find(line)? + pos;
            // Text between pieces must be layout only (indentation,
            // quotes, line breaks), never other characters of the value.
            if !map.is_empty()
                && !region[pos..at]
                    .bytes()
                    .all(|b| b == b' ' || b == b'\t' || b == b'\n' || b == b'\r')
            {
                return None;
            }
            map.push(span.start + at, line.len());
            pos = at + line.len();
        }
        if lines.peek().is_some() {
            // The newline of the value: the next newline of the source
            // (a block scalar's span may stop before its final one).
            match region.get(pos..).and_then(|r| r.find('\n')) {
                Some(i) => {
                    map.push(span.start + pos + i, 1);
                    pos += i + 1;
                }
                None if pos > 0 => map.push(span.start + pos - 1, 1),
                None => return None,
            }
        }
    }
    (map.len() == value.len()).then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(src: &str) -> (YamlFile, ScriptLine) {
        let yaml = YamlFile::parse(src);
        let root = yaml.documents[0].root.unwrap();
        let node = yaml.get(root, "s").unwrap();
        let line = ScriptLine::parse(&yaml, src, node).unwrap();
        (yaml, line)
    }

    #[test]
    fn maps_plain_quoted_and_block_scalars() {
        for src in [
            "s: curl -s x | sh\n",
            "s: \"curl -s x | sh\"\n",
            "s: |\n  echo a\n  curl -s x | sh\n",
        ] {
            let (_, l) = line(src);
            assert!(l.exact, "{src} {:?}", l.script);
            let p = &l.script.pipelines[0];
            assert_eq!(&src[p.span.start..p.span.end], "curl -s x | sh", "{src}");
        }
    }

    #[test]
    fn escapes_fall_back_to_the_node() {
        let src = "s: \"echo \\\"$X\\\"\"\n";
        let (_, l) = line(src);
        assert!(!l.exact);
    }
}
