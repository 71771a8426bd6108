use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports the top-level `version` key of a compose file.
    ///
    /// ## Why is this bad?
    /// The Compose Specification made `version` informative only: Compose
    /// ignores it and warns "the attribute `version` is obsolete" on every
    /// command. Worse, it suggests that features are chosen by that
    /// number, which has not been true since the v2/v3 formats merged.
    ///
    /// ## Example
    /// ```yaml
    /// version: "3.9"
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the `version` entry. It is safe: Compose ignores the
    /// key. (docker-compose v1, retired in 2023, used it.)
    ///
    /// ## References
    /// - Practice C08 (obsolete top-level `version:` flagged).
    /// - dclint no-version-field.
    pub struct ObsoleteVersionKey {
        code: "DC017",
        name: "obsolete-version-key",
        summary: "Top-level `version` is obsolete",
        severity: Warning,
        category: BestPractice,
        practices: ["C08"],
        peers: [Dclint "no-version-field"],
        fix: Always,
        default: true,
    }
}

impl Rule for ObsoleteVersionKey {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(key) = cx.compose.version else {
            return;
        };
        let root = cx.compose.root;
        let span = cx
            .entry_span(root, "version")
            .unwrap_or(cx.yaml.node(key).span);
        let fix = patch::delete_entry(cx.yaml, cx.text(), root, "version")
            .map(|e| Fix::safe("Remove `version`", vec![e]));
        out.add(
            span,
            "the top-level `version` is obsolete: Compose ignores it and warns",
        )
        .help("delete the `version` line")
        .fix_opt(fix);
    }
}
