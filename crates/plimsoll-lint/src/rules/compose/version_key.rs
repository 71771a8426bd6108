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

declare_rule! {
    /// ## What it does
    /// Reports a compose file in the retired format v1: services written at
    /// the top level, without a `services:` mapping.
    ///
    /// ## Why is this bad?
    /// Only docker-compose v1 (the Python tool, end of life in 2023) read
    /// this layout. Docker Compose v2 validates files against the Compose
    /// Specification and rejects every top-level key it does not know, so
    /// `docker compose up` fails on the first service name. Options of that
    /// era (`net`, `links` to build networks) need updating too.
    ///
    /// ## Example
    /// ```yaml
    /// web:
    ///   image: nginx:1.27
    ///   net: host
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     network_mode: host
    /// ```
    ///
    /// The other compose rules read the `services:` mapping, so they stay
    /// silent on a v1 file until it is migrated.
    ///
    /// ## References
    /// - Practice C08 (the current Compose Specification, not retired formats).
    /// - The Compose Specification: top-level elements.
    pub struct LegacyComposeFormat {
        code: "DC049",
        name: "legacy-compose-format",
        summary: "Compose file in the retired v1 format (no `services:`)",
        severity: Error,
        category: Correctness,
        practices: ["C08"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for LegacyComposeFormat {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        if !cx.compose.legacy_v1 {
            return;
        }
        let Some(&(first, _)) = cx.yaml.entries(cx.compose.root).first() else {
            return;
        };
        out.add(
            cx.yaml.node(first).span,
            format!(
                "services are written at the top level (`{}`), the Compose file format v1: Docker Compose v2 rejects it",
                cx.str(first).unwrap_or("?")
            ),
        )
        .help("move the services under a top-level `services:` mapping");
    }
}
