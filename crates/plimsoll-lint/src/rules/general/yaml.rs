//! Rules for any YAML file: it must parse, keys must be unique, and aliases
//! must not expand without bound.

use crate::declare_rule;
use crate::rule::{Diagnostics, Rule, YamlContext};

declare_rule! {
    /// ## What it does
    /// Reports YAML that does not parse: bad indentation, tabs used for
    /// indentation, unclosed quotes or brackets, nesting deeper than 200
    /// levels. The error is reported where the parser stopped; the rest of
    /// the document is not checked, the other documents of the file are.
    ///
    /// ## Why is this bad?
    /// `kubectl`, `docker compose` and CI systems reject the file, usually
    /// at deploy time. Until it parses, no other rule can check it.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: web
    ///  labels:
    ///     app: web
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app: web
    /// ```
    ///
    /// ## References
    /// - Practice G07 (a file plimsoll cannot read is reported, never skipped silently).
    /// - yamllint `syntax`.
    pub struct InvalidYaml {
        code: "PL004",
        name: "invalid-yaml",
        summary: "YAML does not parse",
        severity: Error,
        category: Correctness,
        practices: ["G07"],
        peers: [Yamllint "syntax"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidYaml {
    fn check_yaml(&self, cx: &YamlContext<'_>, out: &mut Diagnostics<'_>) {
        for e in &cx.yaml.errors {
            out.add(e.span, format!("invalid YAML: {}", e.message))
                .help(
                    "Everything after this point in the document is not checked until it parses.",
                );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a mapping key that appears twice in the same mapping.
    ///
    /// ## Why is this bad?
    /// YAML forbids duplicate keys, and tools disagree on what they mean:
    /// `kubectl` and `docker compose` reject the file, while other parsers
    /// silently keep the last value, so a reviewer reading the first one is
    /// misled. A duplicated `env` or `resources` block usually means one
    /// half of an edit was lost.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   limits:
    ///     memory: 256Mi
    ///   limits:
    ///     cpu: 500m
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// resources:
    ///   limits:
    ///     memory: 256Mi
    ///     cpu: 500m
    /// ```
    ///
    /// ## References
    /// - Practices G07 and K18 (configuration means what it says).
    /// - yamllint `key-duplicates`.
    pub struct DuplicateYamlKey {
        code: "PL005",
        name: "duplicate-yaml-key",
        summary: "Mapping key appears more than once",
        severity: Error,
        category: Correctness,
        practices: ["G07", "K18"],
        peers: [Yamllint "key-duplicates"],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicateYamlKey {
    fn check_yaml(&self, cx: &YamlContext<'_>, out: &mut Diagnostics<'_>) {
        for d in &cx.yaml.duplicate_keys {
            out.add(
                d.duplicate,
                format!("key `{}` appears twice in this mapping", d.key),
            )
            .related(d.first, "first defined here")
            .help("Merge the two entries; parsers that accept the file keep only one of them.");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a YAML document whose aliases would expand to more than
    /// 100 000 nodes, such as the "billion laughs" pattern of anchors that
    /// each repeat the previous one several times, or an alias that contains
    /// itself.
    ///
    /// ## Why is this bad?
    /// Tools that expand aliases (the Kubernetes API server, `kubectl`,
    /// most YAML libraries) spend memory and time exponential in the
    /// document's size: a few hundred bytes can exhaust a machine. plimsoll
    /// measures the expansion without performing it and does not check the
    /// document further.
    ///
    /// ## Example
    /// ```yaml
    /// a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    /// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    /// # ... and so on
    /// ```
    ///
    /// ## Use instead
    /// Write the data out, or keep anchors to a few small, shared blocks.
    ///
    /// ## References
    /// - Practice G07.
    /// - CVE-2019-11253 (the Kubernetes API server's YAML billion-laughs denial of service).
    pub struct YamlAliasBomb {
        code: "PL006",
        name: "yaml-alias-bomb",
        summary: "Aliases expand to an unbounded document",
        severity: Error,
        category: Security,
        practices: ["G07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for YamlAliasBomb {
    fn check_yaml(&self, cx: &YamlContext<'_>, out: &mut Diagnostics<'_>) {
        for &doc in &cx.model.oversized_documents {
            let size = cx.yaml.expanded_size(doc);
            let span = cx.yaml.documents[doc]
                .root
                .map_or(cx.yaml.documents[doc].span, |r| {
                    crate::rule::head_span(cx.yaml, cx.file.text(), r)
                });
            let amount = if size == u64::MAX {
                "an alias that contains itself: expanding it never ends".to_string()
            } else {
                format!("its aliases expand to {size} nodes (the limit is 100000)")
            };
            out.add(
                span,
                format!("document {} is not checked: {amount}", doc + 1),
            );
        }
    }
}
