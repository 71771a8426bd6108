//! COPY and ADD destinations (D15).

use super::prelude::*;

fn copy_args(inst: &Instruction) -> Option<&plimsoll_syntax::dockerfile::Copy> {
    match &inst.body {
        Body::Copy(c) | Body::Add(c) => Some(c),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY` or `ADD` with several sources whose destination does
    /// not end with `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source the destination must be a directory, and
    /// BuildKit requires it to end with `/`. Without it the build fails (or,
    /// with a wildcard matching one file today, silently copies to a file).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// The fix appends `/` to the destination. It is safe: with several
    /// sources the destination can only be a directory.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3021.
    pub struct CopyMultipleSourcesFileDest {
        code: "DF024",
        name: "copy-multiple-sources-file-dest",
        summary: "COPY with several sources to a destination without a trailing slash",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3021"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for CopyMultipleSourcesFileDest {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let Some(copy) = copy_args(inst) else { return };
        let dest = &copy.dest.value;
        if copy.sources.len() < 2
            || dest.ends_with('/')
            || dest.ends_with('\\')
            || dest.contains('$')
        {
            return;
        }
        let fix = (!copy.json).then(|| {
            Fix::safe(
                "Add a trailing `/` to the destination",
                vec![Edit::insert(copy.dest.span.end, "/")],
            )
        });
        out.add(
            copy.dest.span,
            format!(
                "`{}` copies {} sources, so `{dest}` must end with `/`",
                inst.keyword_text,
                copy.sources.len()
            ),
        )
        .fix_opt(fix);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY` or `ADD` to a relative destination in a stage where no
    /// `WORKDIR` has been set (in the stage or the stages it builds on).
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory,
    /// which then comes from the base image: `/` for most images, something
    /// else for others, and it can change when the base image does.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py ./
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3045.
    pub struct CopyRelativeDestWithoutWorkdir {
        code: "DF025",
        name: "copy-relative-dest-without-workdir",
        summary: "COPY to a relative destination with no WORKDIR set",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3045"],
        fix: None,
        default: true,
    }
}

fn is_relative(dest: &str) -> bool {
    let b = dest.as_bytes();
    !(dest.starts_with('/')
        || dest.starts_with('$')
        || dest.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'))
}

impl Rule for CopyRelativeDestWithoutWorkdir {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            // WORKDIR set in a stage this one builds on counts.
            let mut workdir_set = df.stage_ancestry(stage.index).into_iter().skip(1).any(|s| {
                df.stage_instructions(&df.stages[s])
                    .iter()
                    .any(|i| i.keyword == Keyword::Workdir)
            });
            for inst in df.stage_instructions(stage) {
                if inst.keyword == Keyword::Workdir {
                    workdir_set = true;
                }
                let Some(copy) = copy_args(inst) else {
                    continue;
                };
                if !workdir_set && is_relative(&copy.dest.value) {
                    out.add(
                        copy.dest.span,
                        format!("relative destination `{}` but no WORKDIR is set in this stage", copy.dest.value),
                    )
                    .help("set `WORKDIR /app` (or another absolute path) first, or use an absolute destination");
                }
            }
        }
    }
}
