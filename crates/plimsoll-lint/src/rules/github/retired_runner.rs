use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `runs-on` labels naming GitHub-hosted runner images that
    /// GitHub retired (`ubuntu-18.04`, `ubuntu-20.04`, `macos-10.15`,
    /// `macos-11`, `macos-12`, `macos-13`, `windows-2016`, `windows-2019`),
    /// and label lists that combine two different hosted images
    /// (`[ubuntu-latest, windows-latest]`), which no runner has. Labels in
    /// a matrix are followed when the matrix is written out.
    ///
    /// ## Why is this bad?
    /// No runner picks the job up: it waits in the queue and is cancelled
    /// (or fails during a brownout), and the pipeline stalls without an
    /// error pointing at the label.
    ///
    /// ## Example
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-18.04
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// jobs:
    ///   build:
    ///     runs-on: ubuntu-24.04
    /// ```
    ///
    /// ## Fix safety
    /// The fix moves the job to the current image of the same OS
    /// (`ubuntu-24.04`, `macos-15`, `windows-2022`); it is unsafe because
    /// tool versions on the image change.
    ///
    /// ## References
    /// - Practice CI02 (a pipeline that runs at all).
    /// - actionlint runner-label.
    /// - GitHub: runner-images deprecation announcements; "Choosing the
    ///   runner for a job".
    pub struct RetiredRunner {
        code: "GHA055",
        name: "retired-runner-image",
        summary: "`runs-on` names a retired or impossible GitHub-hosted runner",
        severity: Error,
        category: Reliability,
        practices: ["CI02"],
        peers: [Actionlint "runner-label"],
        fix: Sometimes,
        default: true,
    }
}

/// Retired images and their successors.
const RETIRED: &[(&str, &str)] = &[
    ("ubuntu-18.04", "ubuntu-24.04"),
    ("ubuntu-20.04", "ubuntu-24.04"),
    ("macos-10.15", "macos-15"),
    ("macos-11", "macos-15"),
    ("macos-12", "macos-15"),
    ("macos-13", "macos-15"),
    ("windows-2016", "windows-2022"),
    ("windows-2019", "windows-2022"),
];

/// The hosted image family of a label (`ubuntu-latest` -> `ubuntu`).
fn family(label: &str) -> Option<&'static str> {
    let l = label.to_ascii_lowercase();
    ["ubuntu", "macos", "windows"]
        .into_iter()
        .find(|f| l.starts_with(&format!("{f}-")))
}

/// Labels a job's `runs-on` may take: literal ones, and matrix values for
/// `${{ matrix.x }}`.
fn labels(cx: &WorkflowContext<'_>, job: &Job) -> Vec<Str> {
    let y = cx.yaml;
    let mut out = Vec::new();
    for l in &job.runs_on.labels {
        if !l.has_expression() {
            out.push(l.clone());
            continue;
        }
        let inner = l
            .value
            .trim()
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim();
        if let Some(key) = inner.strip_prefix("matrix.")
            && let Some(m) = job.matrix
            && let Some(values) = y.get(m, key)
        {
            out.extend(y.items(values).iter().filter_map(|&i| Str::of(y, i)));
        }
    }
    out
}

impl Rule for RetiredRunner {
    fn check_job(&self, cx: &WorkflowContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        for l in labels(cx, job) {
            if let Some((old, new)) = RETIRED
                .iter()
                .find(|(r, _)| r.eq_ignore_ascii_case(l.value.trim()))
            {
                let edit = patch::replace(cx.yaml, l.node, &Value::raw(*new));
                out.add(
                    cx.span(l.node),
                    format!(
                        "job `{}` runs on `{old}`, a runner image GitHub retired",
                        job.id
                    ),
                )
                .help(format!("use `{new}`"))
                .fix(Fix::unsafe_(format!("Use `{new}`"), vec![edit]));
            }
        }
        let literal: Vec<&Str> = job
            .runs_on
            .labels
            .iter()
            .filter(|l| !l.has_expression())
            .collect();
        if let Some(first) = literal
            .iter()
            .find_map(|l| family(&l.value).map(|f| (l, f)))
            && let Some(other) = literal
                .iter()
                .find(|l| family(&l.value).is_some_and(|f| f != first.1))
        {
            out.add(
                cx.span(other.node),
                format!(
                    "job `{}` asks for both `{}` and `{}`, which no runner has",
                    job.id, first.0.value, other.value
                ),
            )
            .help("a list means all labels at once; use a matrix to run on several systems");
        }
    }
}
