use super::prelude::*;

/// Absolute on Linux (`/app`), Windows (`C:\app`, `c:/app`), or a variable we cannot judge.
fn is_absolute_or_dynamic(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || path.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

declare_rule! {
    /// ## What it does
    /// Reports `WORKDIR` with a relative path.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working
    /// directory, which may come from the base image and change with it.
    /// Absolute paths say exactly where files go.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// ```
    ///
    /// Paths starting with a variable (`$HOME/app`) and Windows paths
    /// (`C:\app`) are not reported.
    ///
    /// ## References
    /// - Practice D15 (absolute WORKDIR).
    /// - hadolint DL3000, checkov CKV_DOCKER_10, BuildKit WorkdirRelativePath.
    pub struct RelativeWorkdir {
        code: "DF004",
        name: "relative-workdir",
        summary: "WORKDIR uses a relative path",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3000", Checkov "CKV_DOCKER_10", Buildkit "WorkdirRelativePath"],
        fix: None,
        default: true,
    }
}

impl Rule for RelativeWorkdir {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        if let Body::Workdir(dir) = &inst.effective().body
            && !is_absolute_or_dynamic(&dir.value)
        {
            out.add(dir.span, format!("`WORKDIR {}` is relative", dir.value))
                .help(format!(
                    "use an absolute path such as `/{}`",
                    dir.value.trim_start_matches("./")
                ));
        }
    }
}
