use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a service that builds a multi-stage Dockerfile without
    /// `build.target`, in any file merged with it. The Dockerfile is the
    /// service's `dockerfile_inline`, or the file at `context`/`dockerfile`
    /// (from the run, else read from disk); builds whose Dockerfile is
    /// remote, read from a variable or missing are not reported.
    ///
    /// ## Why is this bad?
    /// Without a target the last stage is built. Which stage that is
    /// depends on the order of the Dockerfile: adding a `test` or `debug`
    /// stage at the end silently changes what the service runs, and a
    /// reader of the compose file cannot tell which stage is deployed.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     build: .          # Dockerfile: FROM ... AS build / FROM ... AS runtime
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     build:
    ///       context: .
    ///       target: runtime
    /// ```
    ///
    /// ## References
    /// - Practice C05 (built services name their target stage).
    /// - compose-lint and dclint have no equivalent check.
    pub struct BuildWithoutTarget {
        code: "DC012",
        name: "build-without-target",
        summary: "Service builds a multi-stage Dockerfile without `target`",
        severity: Info,
        category: BestPractice,
        practices: ["C05"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for BuildWithoutTarget {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(build) = &s.build else { return };
        let merged = cx.project.merged_service(cx.member, &s.name);
        if merged.any(|d| d.build.as_ref().is_some_and(|b| b.target.is_some())) {
            return;
        }
        let Some(df) = cx.project.dockerfile(cx.member, s) else {
            return;
        };
        if df.stages.len() < 2 {
            return;
        }
        let last = df.stages.last().and_then(|st| st.name.clone());
        let names: Vec<String> = df
            .stages
            .iter()
            .map(|st| st.name.clone().unwrap_or_else(|| format!("#{}", st.index)))
            .collect();
        let what = if build.dockerfile_inline.is_some() {
            "its inline Dockerfile".to_string()
        } else {
            format!(
                "`{}`",
                build
                    .dockerfile
                    .as_ref()
                    .map_or("Dockerfile", |d| d.value.as_str())
            )
        };
        let span = cx
            .yaml
            .key_node(s.node, "build")
            .map_or_else(|| cx.span(build.node), |k| cx.yaml.node(k).span);
        let mut b = out
            .add(
                span,
                format!(
                    "{} builds {what}, which has {} stages ({}), without `target`: the last stage is built",
                    s.display(),
                    df.stages.len(),
                    names.join(", ")
                ),
            )
            .help(match &last {
                Some(name) => format!("name the stage to run: `target: {name}`"),
                None => "name the stage to run with `build.target` (give it an `AS` name)".into(),
            });
        if let Some(file) = cx.project.dockerfile_file(cx.member, s)
            && let Some(stage) = df.stages.last()
            && let Some(from) = df.instructions.get(stage.from)
        {
            b = b.related_in(&file.source, from.span, "the stage built by default");
        }
        let _ = b;
    }
}
