use super::package_managers::{self, Tool};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `go install <package>` (and the older `go get <package>`)
    /// without a version, or with `@latest`.
    ///
    /// ## Why is this bad?
    /// `@latest` resolves to whatever was tagged last, so the tool in the
    /// image changes between builds of the same commit.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install github.com/go-delve/delve/cmd/dlv@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1
    /// ```
    ///
    /// Local packages (`.`, `./cmd/app`) build the module's own code and are
    /// not reported.
    ///
    /// ## References
    /// - Practice D08 (reproducible installs).
    /// - hadolint DL3062.
    pub struct UnpinnedGoInstall {
        code: "DF073",
        name: "unpinned-go-install",
        summary: "go install without a version or with @latest",
        severity: Warning,
        category: Reliability,
        practices: ["D08"],
        peers: [Hadolint "DL3062"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedGoInstall {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::installs(script, Tool::Go) {
                for pkg in &cmd.packages {
                    let v = &pkg.value;
                    // Local packages, and `go get` of the module's own dependencies by flags.
                    if v.starts_with('.') || v.starts_with('/') || package_managers::is_dynamic(pkg)
                    {
                        continue;
                    }
                    match v.rsplit_once('@') {
                        Some((_, version)) if version != "latest" && !version.is_empty() => {}
                        Some((path, _)) => {
                            out.add(pkg.span, format!("`{v}` installs whatever is latest"))
                                .help(format!("pin a version: `{path}@v1.2.3`"));
                        }
                        None => {
                            out.add(pkg.span, format!("`{v}` has no version"))
                                .help(format!("pin a version: `{v}@v1.2.3`"));
                        }
                    }
                }
            }
        }
    }
}
