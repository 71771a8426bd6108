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

impl Rule for OverprovisionedSecrets {
    fn check_workflow(&self, cx: &WorkflowContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.text(), cx.workflow.doc, out);
    }

    fn check_action(&self, cx: &ActionContext<'_>, out: &mut Diagnostics<'_>) {
        check(cx.yaml, cx.text(), cx.action.doc, out);
    }
}

fn check(yaml: &YamlFile, text: &str, doc: usize, out: &mut Diagnostics<'_>) {
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
            e.visit(&mut |n| match &n.kind {
                ExprKind::Call { name, args, .. }
                    if name.eq_ignore_ascii_case("tojson")
                        && args.first().is_some_and(|a| {
                            matches!(&a.kind, ExprKind::Context(c) if c.eq_ignore_ascii_case("secrets"))
                        }) =>
                {
                    out.add(st.span(n.span), "`toJSON(secrets)` sends every secret to the job")
                        .help("name the secrets the job needs: `${{ secrets.NAME }}`");
                }
                ExprKind::Index { base, index }
                    if matches!(&base.kind, ExprKind::Context(c) if c.eq_ignore_ascii_case("secrets"))
                        && !index.is_literal() =>
                {
                    out.add(
                        st.span(n.span),
                        "a computed secret name sends every secret to the job",
                    )
                    .help("name the secrets the job needs, e.g. one `secrets.NAME` per matrix entry");
                }
                _ => {}
            });
        }
    }
}
