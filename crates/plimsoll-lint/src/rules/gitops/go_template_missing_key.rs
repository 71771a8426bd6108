use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an ArgoCD ApplicationSet with `goTemplate: true` whose
    /// `goTemplateOptions` do not include `missingkey=error`.
    ///
    /// ## Why is this bad?
    /// Without the option, a parameter the generator does not provide
    /// (a typo, a missing file key) renders as `<no value>`: ApplicationSet
    /// creates Applications with names, paths or namespaces like
    /// `<no value>` instead of failing.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   goTemplate: true
    ///   template:
    ///     metadata:
    ///       name: '{{.cluster}}-guestbook'
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// spec:
    ///   goTemplate: true
    ///   goTemplateOptions: ["missingkey=error"]
    /// ```
    ///
    /// ## Fix safety
    /// When `goTemplateOptions` is absent, the fix adds
    /// `goTemplateOptions: ["missingkey=error"]`. It is unsafe: templates
    /// that relied on missing keys rendering empty now fail to generate.
    ///
    /// ## References
    /// - Practice O03 (ArgoCD Applications as intended).
    /// - No peer.
    /// - [Argo CD: ApplicationSet Go templates](https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/GoTemplate/)
    pub struct GoTemplateMissingKey {
        code: "ARGO008",
        name: "go-template-without-missingkey-error",
        summary: "ApplicationSet Go templates render missing keys as `<no value>`",
        severity: Info,
        category: Correctness,
        practices: ["O03"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for GoTemplateMissingKey {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !support::is_argo(o, "ApplicationSet") {
            return;
        }
        let Some(spec) = o.spec(yaml) else { return };
        if yaml.get(spec, "goTemplate").and_then(|n| yaml.bool(n)) != Some(true) {
            return;
        }
        let options = yaml.get(spec, "goTemplateOptions");
        if options.is_some_and(|opts| {
            yaml.items(opts)
                .iter()
                .filter_map(|&i| yaml.str(i))
                .any(|s| s.replace(' ', "") == "missingkey=error")
        }) {
            return;
        }
        let span = cx
            .entry_span(spec, "goTemplate")
            .unwrap_or_else(|| cx.span(spec));
        let fix = if options.is_none() {
            cx.set(
                spec,
                &["goTemplateOptions"],
                Value::Seq(vec![Value::raw("missingkey=error")]),
            )
            .map(|e| Fix::unsafe_("Add `goTemplateOptions: [missingkey=error]`", vec![e]))
        } else {
            None
        };
        out.add(
            span,
            format!(
                "{} uses Go templates without `missingkey=error`: a missing parameter renders as `<no value>`",
                o.display()
            ),
        )
        .help("add `goTemplateOptions: [\"missingkey=error\"]`")
        .fix_opt(fix);
    }
}
