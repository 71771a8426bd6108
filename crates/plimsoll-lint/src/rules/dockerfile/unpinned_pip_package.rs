use super::package_managers::{self, Tool};
use super::prelude::*;

/// Whether a pip requirement names an exact thing: a version specifier, a
/// URL, a local path or archive, or a VCS reference.
fn pip_pinned(req: &str) -> bool {
    let r = req.trim();
    r.contains(['=', '<', '>', '@', '~'])
        || r.starts_with(['.', '/'])
        || r.contains("://")
        || r.starts_with("git+")
        || [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"]
            .iter()
            .any(|e| r.ends_with(e))
}

declare_rule! {
    /// ## What it does
    /// Reports `pip install <package>` (and `pipx install`) without a
    /// version specifier.
    ///
    /// ## Why is this bad?
    /// The build installs the newest release on PyPI that day: a new major
    /// version can break the image without any change in the repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY requirements.txt .
    /// RUN pip install --no-cache-dir -r requirements.txt
    /// ```
    /// or `pip install flask==3.0.3`.
    ///
    /// Requirement files, constraints, local paths, archives, URLs and VCS
    /// references are not reported.
    ///
    /// ## References
    /// - Practice D08 (reproducible installs).
    /// - hadolint DL3013.
    pub struct UnpinnedPipPackage {
        code: "DF070",
        name: "unpinned-pip-package",
        summary: "pip install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D08"],
        peers: [Hadolint "DL3013"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedPipPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            let pip_like = package_managers::installs(script, Tool::Pip)
                .into_iter()
                .chain(package_managers::installs(script, Tool::Pipx));
            for cmd in pip_like {
                if cmd.has_flag(&["-c", "--constraint"]) {
                    continue;
                }
                for pkg in &cmd.packages {
                    if pip_pinned(&pkg.value) || package_managers::is_dynamic(pkg) {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(format!(
                        "write `{}==<version>`, or install from a pinned requirements file",
                        pkg.value
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pip_pinned;

    #[test]
    fn specifiers_paths_and_urls_count_as_pinned() {
        for p in [
            "flask==3.0",
            "flask>=3",
            "flask~=3.0",
            "pkg[extra]==1",
            ".",
            "./pkg",
            "/tmp/x.whl",
            "x.tar.gz",
            "git+https://x/y",
            "pkg @ https://x",
        ] {
            assert!(pip_pinned(p), "{p}");
        }
        for p in ["flask", "pkg[extra]", "pip"] {
            assert!(!pip_pinned(p), "{p}");
        }
    }
}
