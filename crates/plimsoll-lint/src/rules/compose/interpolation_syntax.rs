use super::prelude::*;
use plimsoll_syntax::yaml::ScalarStyle;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a value Compose cannot interpolate: `${` without a variable
    /// name (`${}`, `${1}`, `${ VAR}`), without its closing `}`, or with a
    /// shell form Compose does not support (`${VAR/x/y}`, `${#VAR}`,
    /// `${VAR:0:2}`, `${VAR,,}`). Every value of the file is read (keys are
    /// never interpolated), including `dockerfile_inline` and extension
    /// fields. A `$` followed by anything else (`$1`, `$ `) is kept as
    /// written and is not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses the whole file: "invalid interpolation format ...
    /// You may need to escape any $ with another $". A shell script or a
    /// password in the file is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// command: sh -c 'echo ${HOME/\//-}'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// command: sh -c 'echo $${HOME/\//-}'
    /// ```
    /// (`$$` passes one `$` through to the container's shell.)
    ///
    /// ## References
    /// - Practice C06 (values come from `${VAR}` interpolation, which must
    ///   parse).
    /// - compose-lint and dclint have no equivalent check.
    pub struct InvalidInterpolation {
        code: "DC029",
        name: "invalid-interpolation",
        summary: "Value has an invalid `${...}` interpolation",
        severity: Error,
        category: Correctness,
        practices: ["C06"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidInterpolation {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        let doc = cx.compose.doc;
        let mut keys = HashSet::new();
        for n in yaml.nodes.iter().filter(|n| n.doc == doc) {
            if let NodeKind::Mapping { entries, .. } = &n.kind {
                keys.extend(entries.iter().map(|(k, _)| *k));
            }
        }
        for (i, n) in yaml.nodes.iter().enumerate() {
            if n.doc != doc {
                continue;
            }
            let NodeKind::Scalar { value, style } = &n.kind else {
                continue;
            };
            #[allow(clippy::cast_possible_truncation)]
            let id = NodeId(i as u32);
            if !value.contains("${") || keys.contains(&id) {
                continue;
            }
            let Err(e) = interpolation::parse(value) else {
                continue;
            };
            // Point inside the scalar when its source is its value.
            let raw = n.span.slice(cx.text());
            let inner = match style {
                ScalarStyle::Plain => Some((raw, n.span.start)),
                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if raw.len() >= 2 => {
                    Some((&raw[1..raw.len() - 1], n.span.start + 1))
                }
                _ => None,
            };
            let span = match inner {
                Some((text, start)) if text == value => {
                    Span::new(start + e.range.start, start + e.range.end)
                }
                _ => cx.span(id),
            };
            out.add(span, format!("invalid interpolation: {}", e.message))
                .help("write `${VAR}`, `${VAR:-default}` or `${VAR:?error}`; escape a literal `$` as `$$`");
        }
    }
}
