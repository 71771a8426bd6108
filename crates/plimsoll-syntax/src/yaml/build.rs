//! Building [`YamlFile`] from granit-parser events, with an explicit stack.

use super::{
    Comment, Document, DuplicateKey, Limits, Node, NodeId, NodeKind, ScalarStyle, YamlError,
    YamlFile,
};
use granit_parser::{Event, Options, Parser, StructureStyle};
use plimsoll_diagnostics::Span;
use std::collections::HashMap;

enum Frame {
    Seq(NodeId),
    Map {
        id: NodeId,
        pending_key: Option<NodeId>,
        /// Scalar keys seen so far, for duplicate detection.
        seen: SeenKeys,
    },
}

/// Keys of one mapping: most have a handful, scanned faster than hashed
/// (no key copies); large ones switch to a map.
enum SeenKeys {
    Few(Vec<(NodeId, Span)>),
    Many(HashMap<String, Span>),
}

/// Past this many keys a mapping's duplicate check hashes.
const FEW_KEYS: usize = 16;

impl SeenKeys {
    /// The first span of `value` if it was seen; records it otherwise.
    fn check(&mut self, nodes: &[Node], key: NodeId, value: &str, span: Span) -> Option<Span> {
        let scalar = |id: NodeId| match &nodes[id.0 as usize].kind {
            NodeKind::Scalar { value, .. } => Some(value.as_str()),
            _ => None,
        };
        match self {
            SeenKeys::Few(keys) => {
                if let Some((_, first)) = keys.iter().find(|(id, _)| scalar(*id) == Some(value)) {
                    return Some(*first);
                }
                if keys.len() < FEW_KEYS {
                    keys.push((key, span));
                } else {
                    let mut map: HashMap<String, Span> = keys
                        .iter()
                        .filter_map(|(id, first)| scalar(*id).map(|v| (v.to_string(), *first)))
                        .collect();
                    map.insert(value.to_string(), span);
                    *self = SeenKeys::Many(map);
                }
                None
            }
            SeenKeys::Many(map) => {
                if let Some(first) = map.get(value) {
                    return Some(*first);
                }
                map.insert(value.to_string(), span);
                None
            }
        }
    }
}

struct Builder<'a> {
    text: &'a str,
    file: YamlFile,
    stack: Vec<Frame>,
    /// Anchor ids of the current document to their nodes.
    anchors: HashMap<usize, NodeId>,
    /// The node an `Anchor` event names: the last node created.
    last_created: Option<NodeId>,
    doc: Option<usize>,
}

fn span_of(span: &granit_parser::Span, text_len: usize) -> Span {
    match span.byte_range() {
        Some(r) => Span::new(r.start.min(text_len), r.end.min(text_len)),
        None => Span::empty(0),
    }
}

fn style(s: granit_parser::ScalarStyle) -> ScalarStyle {
    match s {
        granit_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        granit_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        granit_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        granit_parser::ScalarStyle::Folded => ScalarStyle::Folded,
        granit_parser::ScalarStyle::Plain => ScalarStyle::Plain,
    }
}

impl Builder<'_> {
    fn push(
        &mut self,
        kind: NodeKind,
        span: Span,
        anchor_id: usize,
        tag: Option<String>,
    ) -> NodeId {
        let id = NodeId(u32::try_from(self.file.nodes.len()).unwrap_or(u32::MAX));
        self.file.nodes.push(Node {
            kind,
            span,
            anchor: None,
            tag,
            doc: self.doc.unwrap_or(0),
        });
        if anchor_id != 0 {
            self.anchors.insert(anchor_id, id);
        }
        self.last_created = Some(id);
        id
    }

    fn ensure_doc(&mut self, at: usize) {
        if self.doc.is_none() {
            self.start_doc(at, false);
        }
    }

    fn start_doc(&mut self, at: usize, explicit: bool) {
        self.file.documents.push(Document {
            span: Span::empty(at),
            root: None,
            explicit_start: explicit,
            has_aliases: false,
        });
        self.doc = Some(self.file.documents.len() - 1);
        self.anchors.clear();
        self.stack.clear();
    }

    fn mark_alias(&mut self) {
        if let Some(d) = self.doc {
            self.file.documents[d].has_aliases = true;
        }
    }

    /// Attaches a finished node to its parent (or as the document root).
    fn attach(&mut self, id: NodeId) {
        let span = self.file.nodes[id.0 as usize].span;
        match self.stack.last_mut() {
            None => {
                if let Some(d) = self.doc {
                    self.file.documents[d].root = Some(id);
                }
            }
            Some(Frame::Seq(seq)) => {
                if let NodeKind::Sequence { items, .. } = &mut self.file.nodes[seq.0 as usize].kind
                {
                    items.push(id);
                }
            }
            Some(Frame::Map {
                id: map,
                pending_key,
                seen,
            }) => match pending_key.take() {
                None => {
                    *pending_key = Some(id);
                    if let NodeKind::Scalar { value, .. } = &self.file.nodes[id.0 as usize].kind
                        && let Some(first) = seen.check(&self.file.nodes, id, value, span)
                    {
                        self.file.duplicate_keys.push(DuplicateKey {
                            key: value.clone(),
                            first,
                            duplicate: span,
                        });
                    }
                }
                Some(key) => {
                    let map = *map;
                    if let NodeKind::Mapping { entries, .. } =
                        &mut self.file.nodes[map.0 as usize].kind
                    {
                        entries.push((key, id));
                    }
                }
            },
        }
    }

    /// The tag as written, read from the source at the tag token.
    fn tag_text(&self, span: &granit_parser::Span) -> Option<String> {
        let start = span.tag_start?.byte_offset()?;
        let rest = self.text.get(start..)?;
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
            .unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }

    /// A block scalar's span starts at its `|`/`>` header, not its content.
    fn block_scalar_start(&self, content_start: usize) -> usize {
        let before = &self.text[..content_start];
        // The header is on the last line before the content that has text.
        let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r']);
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = &trimmed[line_start..];
        // Drop a trailing comment, then find the indicator.
        let code = line.find(" #").map_or(line, |i| &line[..i]).trim_end();
        match code.rfind(['|', '>']) {
            Some(i)
                if code[i..]
                    .chars()
                    .skip(1)
                    .all(|c| matches!(c, '+' | '-' | '0'..='9')) =>
            {
                line_start + i
            }
            _ => content_start,
        }
    }

    fn end_collection(&mut self, end_span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let id = match frame {
            Frame::Seq(id) | Frame::Map { id, .. } => id,
        };
        let node = &self.file.nodes[id.0 as usize];
        let end = match &node.kind {
            NodeKind::Sequence { flow: true, .. } | NodeKind::Mapping { flow: true, .. } => {
                end_span.end
            }
            NodeKind::Sequence { items, .. } => items
                .last()
                .map_or(node.span.start, |l| self.file.nodes[l.0 as usize].span.end),
            NodeKind::Mapping { entries, .. } => {
                entries.last().map_or(node.span.start, |(_, v)| {
                    let v = &self.file.nodes[v.0 as usize];
                    v.span.end
                })
            }
            _ => node.span.end,
        };
        let node = &mut self.file.nodes[id.0 as usize];
        node.span.end = end.max(node.span.start);
        self.attach(id);
    }

    fn end_doc(&mut self, end_span: Span) {
        let Some(d) = self.doc.take() else { return };
        let root_end = self.file.documents[d]
            .root
            .map_or(0, |r| self.file.nodes[r.0 as usize].span.end);
        let explicit_end = end_span.slice(self.text) == "...";
        let doc = &mut self.file.documents[d];
        let end = if explicit_end { end_span.end } else { root_end };
        doc.span.end = end.max(doc.span.end).max(doc.span.start);
        self.stack.clear();
    }
}

pub(super) fn build(text: &str, limits: Limits) -> YamlFile {
    let mut options = Options::default();
    options.emit_anchor_events = true;
    options.emit_unresolved_aliases = true;
    options.block_nesting_limit = limits.max_depth;
    options.flow_nesting_limit = limits.max_depth;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut b = Builder {
        text,
        file: YamlFile::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        last_created: None,
        doc: None,
    };
    let len = text.len();
    while let Some(result) = parser.next() {
        let (event, gspan) = match result {
            Ok(ev) => ev,
            Err(e) => {
                let at = e.marker().byte_offset().unwrap_or(0).min(len);
                b.file.errors.push(YamlError {
                    message: e.info(),
                    span: Span::new(at, at),
                });
                // Abandon the broken document; its partial tree is not trusted.
                if let Some(d) = b.doc.take() {
                    b.file.documents[d].root = None;
                    b.file.documents[d].span.end = at.max(b.file.documents[d].span.start);
                }
                b.stack.clear();
                match parser.proceed_next_document() {
                    Ok(true) => continue,
                    _ => break,
                }
            }
        };
        let span = span_of(&gspan, len);
        match event {
            Event::DocumentStart(explicit, _) => b.start_doc(span.start, explicit),
            Event::DocumentEnd => b.end_doc(span),
            Event::Comment(text, _) => b.file.comments.push(Comment {
                span,
                text: text.into_owned(),
            }),
            Event::Anchor(id, name) => {
                if let Some(node) = b.last_created {
                    b.file.nodes[node.0 as usize].anchor = Some(name.into_owned());
                    b.anchors.insert(id, node);
                }
            }
            Event::Alias(id) => {
                b.ensure_doc(span.start);
                b.mark_alias();
                let name = span.slice(text).trim_start_matches('*').to_string();
                let target = b.anchors.get(&id).copied();
                let node = b.push(NodeKind::Alias { name, target }, span, 0, None);
                b.attach(node);
            }
            Event::UnresolvedAlias(name) => {
                b.ensure_doc(span.start);
                b.mark_alias();
                let node = b.push(
                    NodeKind::Alias {
                        name: name.into_owned(),
                        target: None,
                    },
                    span,
                    0,
                    None,
                );
                b.attach(node);
            }
            Event::Scalar(value, s, anchor, _) => {
                b.ensure_doc(span.start);
                let s = style(s);
                let tag = b.tag_text(&gspan);
                let mut span = span;
                // An empty value is reported as `~` with an empty span.
                let value = if span.is_empty() && s == ScalarStyle::Plain {
                    String::new()
                } else {
                    value.into_owned()
                };
                if matches!(s, ScalarStyle::Literal | ScalarStyle::Folded) {
                    span.start = b.block_scalar_start(span.start);
                    // The content span ends after the last line break; the node ends at its text.
                    span.end = span
                        .start
                        .max(span.start + span.slice(text).trim_end().len());
                }
                let node = b.push(NodeKind::Scalar { value, style: s }, span, anchor, tag);
                b.attach(node);
            }
            Event::SequenceStart(st, anchor, _) => {
                b.ensure_doc(span.start);
                let tag = b.tag_text(&gspan);
                let flow = st == StructureStyle::Flow;
                let node = b.push(
                    NodeKind::Sequence {
                        items: Vec::new(),
                        flow,
                    },
                    Span::new(span.start, span.end),
                    anchor,
                    tag,
                );
                b.stack.push(Frame::Seq(node));
            }
            Event::MappingStart(st, anchor, _) => {
                b.ensure_doc(span.start);
                let tag = b.tag_text(&gspan);
                let flow = st == StructureStyle::Flow;
                let node = b.push(
                    NodeKind::Mapping {
                        entries: Vec::new(),
                        flow,
                    },
                    Span::new(span.start, span.end),
                    anchor,
                    tag,
                );
                b.stack.push(Frame::Map {
                    id: node,
                    pending_key: None,
                    seen: SeenKeys::Few(Vec::new()),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => b.end_collection(span),
            // Stream markers and future event kinds carry no node.
            _ => {}
        }
    }
    if b.doc.is_some() {
        b.end_doc(Span::empty(len));
    }
    // Documents that are only comments have no content worth keeping.
    b.file
}

/// Expanded size of a document: nodes plus, for each alias, the size of its
/// target (saturating). A post-order walk with an explicit stack; a recursive
/// alias (`&a [*a]`) counts as infinite.
pub(super) fn expanded_size(file: &YamlFile, doc: usize) -> u64 {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        New,
        Visiting,
        Done,
    }
    let Some(root) = file.documents.get(doc).and_then(|d| d.root) else {
        return 0;
    };
    // Maps, not vectors over every node of the file: a stream of many
    // documents is measured one document at a time.
    let mut state: HashMap<usize, State> = HashMap::new();
    let mut size: HashMap<usize, u64> = HashMap::new();
    let state_of =
        |state: &HashMap<usize, State>, id: usize| state.get(&id).copied().unwrap_or(State::New);
    let children = |id: usize| -> Vec<usize> {
        match &file.nodes[id].kind {
            NodeKind::Scalar { .. } => Vec::new(),
            NodeKind::Sequence { items, .. } => items.iter().map(|c| c.0 as usize).collect(),
            NodeKind::Mapping { entries, .. } => entries
                .iter()
                .flat_map(|(k, v)| [k.0 as usize, v.0 as usize])
                .collect(),
            NodeKind::Alias { target, .. } => target.iter().map(|t| t.0 as usize).collect(),
        }
    };
    let mut stack: Vec<(usize, bool)> = vec![(root.0 as usize, false)];
    while let Some((id, expanded)) = stack.pop() {
        if state_of(&state, id) == State::Done {
            continue;
        }
        if expanded {
            let own = u64::from(!matches!(
                file.nodes[id].kind,
                NodeKind::Alias {
                    target: Some(_),
                    ..
                }
            ));
            let total = children(id).into_iter().fold(own, |acc, c| {
                acc.saturating_add(size.get(&c).copied().unwrap_or(0))
            });
            size.insert(id, total);
            state.insert(id, State::Done);
            continue;
        }
        state.insert(id, State::Visiting);
        stack.push((id, true));
        for c in children(id) {
            match state_of(&state, c) {
                // Reached again while on the current path: a recursive alias.
                State::Visiting => return u64::MAX,
                State::New => stack.push((c, false)),
                State::Done => {}
            }
        }
    }
    size.get(&(root.0 as usize)).copied().unwrap_or(0)
}
