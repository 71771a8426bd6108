use super::package_managers::{self, Tool};
use super::prelude::*;

/// Whether an npm package spec names a version, a path, a tarball or a URL.
fn npm_pinned(spec: &str) -> bool {
    // `@scope/name@1.2.3`: the version `@` is the one after the name.
    let name_part = spec.strip_prefix('@').unwrap_or(spec);
    name_part.contains('@')
        || spec.starts_with(['.', '/', '~'])
        || spec.contains(':')
        || spec.ends_with(".tgz")
        || spec.ends_with(".tar.gz")
}

declare_rule! {
    /// ## What it does
    /// Reports `npm install <package>` without a version.
    ///
    /// ## Why is this bad?
    /// The build installs the newest release that day; a new major version
    /// can break the image without any change in the repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g pm2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN npm install -g pm2@5.4.2
    /// ```
    ///
    /// `npm install` without packages (from `package.json`) is covered by
    /// `non-reproducible-install` instead. Paths, tarballs and URLs are not
    /// reported.
    ///
    /// ## References
    /// - Practice D08 (reproducible installs).
    /// - hadolint DL3016.
    pub struct UnpinnedNpmPackage {
        code: "DF071",
        name: "unpinned-npm-package",
        summary: "npm install of a package without a version",
        severity: Warning,
        category: Reliability,
        practices: ["D08"],
        peers: [Hadolint "DL3016"],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedNpmPackage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in package_managers::installs(script, Tool::Npm) {
                for pkg in &cmd.packages {
                    if npm_pinned(&pkg.value) || package_managers::is_dynamic(pkg) {
                        continue;
                    }
                    out.add(
                        pkg.span,
                        format!("{} is not pinned to a version", pkg.describe()),
                    )
                    .help(format!("write `{}@<version>`", pkg.value));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::npm_pinned;

    #[test]
    fn scoped_packages_need_a_second_at() {
        assert!(npm_pinned("@angular/cli@18.0.0"));
        assert!(!npm_pinned("@angular/cli"));
        assert!(npm_pinned("pm2@5"));
        assert!(npm_pinned("./local"));
        assert!(npm_pinned("git+https://x/y.git"));
        assert!(!npm_pinned("pm2"));
    }
}
