use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `strategy.matrix` entries that do not do what they say, in
    /// matrices written out literally: an `exclude` entry naming a key the
    /// matrix does not have (GitHub rejects the workflow), an `exclude`
    /// value that none of the key's values equals (the entry removes
    /// nothing, a warning), and a value listed twice for one key (the same
    /// job runs twice, a warning). Values that are mappings, sequences or
    /// expressions are not compared.
    ///
    /// ## Why is this bad?
    /// A typo in `exclude` either breaks the workflow or silently keeps
    /// the combination it was meant to drop, such as a platform the build
    /// does not support.
    ///
    /// ## Example
    /// ```yaml
    /// strategy:
    ///   matrix:
    ///     os: [ubuntu-latest, windows-latest]
    ///     node: [18, 20]
    ///     exclude:
    ///       - os: windows
    ///         node: 18
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    ///     exclude:
    ///       - os: windows-latest
    ///         node: 18
    /// ```
    ///
    /// ## References
    /// - Practice CI02 (a pipeline fails fast only if GitHub accepts it).
    /// - actionlint matrix.
    /// - GitHub: Running variations of jobs in a workflow, "Excluding
    ///   matrix configurations".
    pub struct InvalidMatrix {
        code: "GHA068",
        name: "invalid-matrix-exclude",
        summary: "Matrix `exclude` that matches nothing, or duplicate matrix values",
        severity: Error,
        category: Correctness,
        practices: ["CI02"],
        peers: [Actionlint "matrix"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidMatrix {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        let y = cx.yaml;
        let Some(m) = job.matrix.filter(|m| y.is_mapping(*m)) else {
            return;
        };
        let mut rows: Vec<(String, Option<Vec<String>>)> = Vec::new();
        for (k, v) in y.entries(m) {
            let Some(name) = y.str(k) else {
                return;
            };
            if name.contains("${{") {
                return;
            }
            if matches!(name, "include" | "exclude") {
                continue;
            }
            // Scalar values of the row, `None` when some cannot be compared.
            let values: Option<Vec<String>> = if y.is_sequence(v) {
                y.items(v)
                    .iter()
                    .map(|&i| y.str(i).filter(|s| !s.contains("${{")).map(str::to_string))
                    .collect()
            } else {
                None
            };
            if let Some(vals) = &values {
                for (i, &item) in y.items(v).iter().enumerate() {
                    if vals
                        .get(..i)
                        .is_some_and(|before| before.contains(&vals[i]))
                    {
                        let _ = out
                            .add(
                                cx.span(item),
                                format!(
                                    "matrix value `{}` of `{name}` is listed twice in job `{}`",
                                    vals[i], job.id
                                ),
                            )
                            .help("remove the duplicate; it runs the same job twice")
                            .severity(Severity::Warning);
                    }
                }
            }
            rows.push((name.to_string(), values));
        }
        let Some(exclude) = y.get(m, "exclude").filter(|e| y.is_sequence(*e)) else {
            return;
        };
        for &entry in y.items(exclude) {
            if !y.is_mapping(entry) {
                continue;
            }
            for (k, v) in y.entries(entry) {
                let Some(key) = y.str(k) else {
                    continue;
                };
                let Some((_, values)) = rows.iter().find(|(n, _)| n == key) else {
                    out.add(
                        y.node(k).span,
                        format!(
                            "`exclude` names `{key}`, which is not a key of the matrix of job `{}`",
                            job.id
                        ),
                    )
                    .help(format!(
                        "use one of {}",
                        rows.iter()
                            .map(|(n, _)| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    continue;
                };
                let (Some(values), Some(value)) = (values, y.str(v)) else {
                    continue;
                };
                if !value.contains("${{") && !values.iter().any(|x| x == value) {
                    let _ = out
                        .add(cx.span(v), format!("`exclude` value `{value}` matches no `{key}` of the matrix of job `{}`", job.id))
                        .help(format!(
                            "use one of {}",
                            values.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
                        ))
                        .severity(Severity::Warning);
                }
            }
        }
    }
}
