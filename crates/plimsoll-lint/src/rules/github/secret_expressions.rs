use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports expressions that hand out every secret at once:
    /// `toJSON(secrets)` anywhere in a workflow or action, and `secrets`
    /// indexed by a computed name (`secrets[format('TOKEN_{0}', matrix.env)]`).
    /// `secrets.NAME`, `secrets['NAME']` and `toJSON(secrets.NAME)` are fine.
    ///
    /// ## Why is this bad?
    /// The runner only sends a job the secrets its expressions name.
    /// `toJSON(secrets)` and computed names make it send all of them (every
    /// repository, organisation and environment secret the workflow can
    /// read), so one leaking step leaks them all.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   SECRETS: ${{ toJSON(secrets) }}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (least privilege) and CI13 (secrets never exposed).
    /// - zizmor overprovisioned-secrets.
    pub struct OverprovisionedSecrets {
        code: "GHA015",
        name: "overprovisioned-secrets",
        summary: "Expression exposes every secret",
        severity: Warning,
        category: Security,
        practices: ["CI08", "CI13"],
        peers: [Zizmor "overprovisioned-secrets"],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `fromJSON(secrets.NAME)` (and `fromJSON(secrets['NAME'])`)
    /// in any expression of a workflow or action.
    ///
    /// ## Why is this bad?
    /// The runner masks a secret's exact value in logs. Fields taken out of
    /// a JSON secret (`fromJSON(secrets.CONFIG).password`) are new strings
    /// that were never registered for masking, so printing them, or an
    /// error message that quotes them, shows them in clear text.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   DB_PASSWORD: ${{ fromJSON(secrets.DB).password }}
    /// ```
    ///
    /// ## Use instead
    /// Store each value as its own secret:
    /// ```yaml
    /// env:
    ///   DB_PASSWORD: ${{ secrets.DB_PASSWORD }}
    /// ```
    ///
    /// ## References
    /// - Practice CI13 (secrets never echoed).
    /// - zizmor unredacted-secrets.
    pub struct UnredactedSecrets {
        code: "GHA023",
        name: "unredacted-secrets",
        summary: "Field of a JSON secret escapes log masking",
        severity: Warning,
        category: Security,
        practices: ["CI13"],
        peers: [Zizmor "unredacted-secrets"],
        fix: None,
        default: true,
    }
}

impl Rule for OverprovisionedSecrets {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check(
            cx.yaml,
            cx.text(),
            cx.workflow.doc,
            Which::Overprovisioned,
            out,
        );
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check(
            cx.yaml,
            cx.text(),
            cx.action.doc,
            Which::Overprovisioned,
            out,
        );
    }
}

impl Rule for UnredactedSecrets {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.text(), cx.workflow.doc, Which::Unredacted, out);
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.text(), cx.action.doc, Which::Unredacted, out);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Overprovisioned,
    Unredacted,
}

fn is_secrets(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Context(c) if c.eq_ignore_ascii_case("secrets"))
}

fn check(yaml: &YamlFile, text: &str, doc: usize, which: Which, out: &mut Diagnostics<'_>) {
    for (i, node) in yaml.nodes.iter().enumerate() {
        let NodeKind::Scalar { value, .. } = &node.kind else {
            continue;
        };
        if node.doc != doc
            || !value.contains("${{")
            || !value.to_ascii_lowercase().contains("secrets")
        {
            continue;
        }
        let Ok(id) = u32::try_from(i) else { break };
        let Some(st) = ScalarText::new(yaml, text, NodeId(id)) else {
            continue;
        };
        for t in st.templates() {
            let Some(e) = t.expr() else { continue };
            e.visit(&mut |n| {
                let ExprKind::Call { name, args, .. } = &n.kind else {
                    if let ExprKind::Index { base, index } = &n.kind
                        && which == Which::Overprovisioned
                        && is_secrets(base)
                        && !index.is_literal()
                    {
                        out.add(
                            st.span(n.span),
                            "a computed secret name sends every secret to the job",
                        )
                        .help("name the secrets the job needs, e.g. one `secrets.NAME` per matrix entry");
                    }
                    return;
                };
                let Some(arg) = args.first() else { return };
                if which == Which::Overprovisioned
                    && name.eq_ignore_ascii_case("tojson")
                    && is_secrets(arg)
                {
                    out.add(st.span(n.span), "`toJSON(secrets)` sends every secret to the job")
                        .help("name the secrets the job needs: `${{ secrets.NAME }}`");
                }
                if which == Which::Unredacted
                    && name.eq_ignore_ascii_case("fromjson")
                    && arg.as_path().is_some_and(|p| {
                        p.context().eq_ignore_ascii_case("secrets") && p.segments.len() == 2
                    })
                {
                    out.add(
                        st.span(n.span),
                        "values decoded from a JSON secret are not masked in logs",
                    )
                    .help("store each value as its own secret");
                }
            });
        }
    }
}
