use super::package_managers::{self, Tool};
use super::prelude::*;

/// pip's cache directories for root and for a typical user.
const PIP_CACHES: [&str; 3] = ["/root/.cache/pip", "/root/.cache", "/home/app/.cache/pip"];

/// Whether an ENV or ARG earlier in the image disables the pip cache.
fn cache_disabled_by_env(df: &plimsoll_syntax::dockerfile::Dockerfile, until: usize) -> bool {
    df.instructions[..until].iter().any(|i| match &i.body {
        Body::Env(kv) => kv.pairs.iter().any(|p| p.key.value == "PIP_NO_CACHE_DIR"),
        Body::Arg(args) => args
            .iter()
            .any(|a| a.name.value == "PIP_NO_CACHE_DIR" && a.default.is_some()),
        _ => false,
    })
}

declare_rule! {
    /// ## What it does
    /// Reports `pip install` without `--no-cache-dir`.
    ///
    /// ## Why is this bad?
    /// pip keeps downloaded wheels in `~/.cache/pip`; in an image layer that
    /// cache is dead weight, often larger than the installed packages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    ///
    /// `ENV PIP_NO_CACHE_DIR=1` earlier in the file, or a cache mount on
    /// `/root/.cache/pip`, is accepted.
    ///
    /// ## Fix safety
    /// The fix inserts `--no-cache-dir` after `install`. It is safe.
    ///
    /// ## References
    /// - Practice D12 (`pip --no-cache-dir`).
    /// - hadolint DL3042.
    pub struct PipCacheNotDisabled {
        code: "DF069",
        name: "pip-cache-not-disabled",
        summary: "pip install without --no-cache-dir",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3042"],
        fix: Always,
        default: true,
    }
}

impl Rule for PipCacheNotDisabled {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (index, inst) in df.instructions.iter().enumerate() {
            let inst = inst.effective();
            let Some(script) = inst.script().filter(|_| inst.keyword == Keyword::Run) else {
                continue;
            };
            if helpers::has_cache_mount(inst, &PIP_CACHES) {
                continue;
            }
            for cmd in package_managers::installs(script, Tool::Pip) {
                if cmd.has_flag(&["--no-cache-dir"])
                    || cmd.packages.is_empty()
                        && !cmd.has_flag(&["-r", "--requirement", "-e", "--editable"])
                {
                    continue;
                }
                if cache_disabled_by_env(df, index) {
                    break;
                }
                let Some(action) = cmd.action else { continue };
                out.add(
                    action.span,
                    "`pip install` keeps its download cache in the layer; add `--no-cache-dir`",
                )
                .fix(Fix::safe(
                    "Add `--no-cache-dir`",
                    vec![Edit::insert(action.span.end, " --no-cache-dir")],
                ));
            }
        }
    }
}
