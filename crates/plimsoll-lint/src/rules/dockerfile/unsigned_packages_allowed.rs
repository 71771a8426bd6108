use super::prelude::*;

/// Options that let a package manager install unsigned or tampered packages, per command.
const OPTIONS: [(&str, &[&str]); 7] = [
    ("apk", &["--allow-untrusted"]),
    (
        "apt-get",
        &[
            "--allow-unauthenticated",
            "--force-yes",
            "--allow-insecure-repositories",
        ],
    ),
    (
        "apt",
        &[
            "--allow-unauthenticated",
            "--force-yes",
            "--allow-insecure-repositories",
        ],
    ),
    ("yum", &["--nogpgcheck"]),
    ("dnf", &["--nogpgcheck"]),
    ("microdnf", &["--nogpgcheck"]),
    (
        "rpm",
        &[
            "--nodigest",
            "--nosignature",
            "--noverify",
            "--nofiledigest",
        ],
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports package-manager options that skip signature checks:
    /// `apk --allow-untrusted`, `apt-get --allow-unauthenticated` and
    /// `--force-yes`, `yum`/`dnf --nogpgcheck`, `rpm --nosignature`,
    /// `--nodigest`, `--noverify`, `--nofiledigest`, and
    /// `-o APT::Get::AllowUnauthenticated=true`.
    ///
    /// ## Why is this bad?
    /// Signatures are what proves a package comes from the distribution.
    /// Without them a mirror or network attacker can substitute any package.
    /// `--force-yes` also allows downgrades to vulnerable versions.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache --allow-untrusted /tmp/tool.apk
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY tool-signing-key.rsa.pub /etc/apk/keys/
    /// RUN apk add --no-cache /tmp/tool.apk
    /// ```
    ///
    /// ## References
    /// - Practice S02 (supply chain), D06.
    /// - checkov CKV2_DOCKER_7, CKV2_DOCKER_8, CKV2_DOCKER_9, CKV2_DOCKER_10, CKV2_DOCKER_11.
    pub struct UnsignedPackagesAllowed {
        code: "DF080",
        name: "unsigned-packages-allowed",
        summary: "Package manager told to accept unsigned packages",
        severity: Error,
        category: Security,
        practices: ["S02", "D06"],
        peers: [
            Checkov "CKV2_DOCKER_7", Checkov "CKV2_DOCKER_8", Checkov "CKV2_DOCKER_9",
            Checkov "CKV2_DOCKER_10", Checkov "CKV2_DOCKER_11",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for UnsignedPackagesAllowed {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.command_views() {
                let Some((_, options)) = OPTIONS.iter().find(|(n, _)| *n == cmd.name()) else {
                    continue;
                };
                for arg in cmd.args {
                    let unauth_conf = arg.value.contains("AllowUnauthenticated=true")
                        || arg.value.contains("AllowUnauthenticated=1");
                    if options.contains(&arg.value.as_str()) || unauth_conf {
                        out.add(
                            arg.span,
                            format!(
                                "`{} {}` installs packages without checking their signatures",
                                cmd.name(),
                                arg.value
                            ),
                        );
                    }
                }
            }
        }
    }
}
