use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that refreshes the package index (`apt-get update`,
    /// `apk update`, `zypper refresh`) without installing anything in the
    /// same `RUN`.
    ///
    /// ## Why is this bad?
    /// The build cache keeps that layer: a later `RUN apt-get install` in
    /// another layer reuses the index from whenever the cache was built, so
    /// it installs outdated packages or fails with 404s once the mirror has
    /// moved on.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - Practice D12, D07.
    /// - checkov CKV_DOCKER_5.
    pub struct UpdateWithoutInstall {
        code: "DF082",
        name: "update-without-install",
        summary: "Package index refreshed in a RUN that installs nothing",
        severity: Warning,
        category: Reliability,
        practices: ["D12", "D07"],
        peers: [Checkov "CKV_DOCKER_5"],
        fix: None,
        default: true,
    }
}

impl Rule for UpdateWithoutInstall {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            let mut update = None;
            let mut installs = false;
            for cmd in script.command_views() {
                let sub = cmd
                    .subcommand(&["-o", "-t", "-c", "-X", "--repository"])
                    .map(|w| w.value.as_str());
                match (cmd.name(), sub) {
                    ("apt-get" | "apt" | "apk", Some("update"))
                    | ("zypper", Some("refresh" | "ref")) => {
                        update.get_or_insert(cmd.span());
                    }
                    (
                        "apt-get" | "apt",
                        Some(
                            "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep"
                            | "source",
                        ),
                    )
                    | ("apk", Some("add" | "upgrade" | "fix"))
                    | (
                        "zypper",
                        Some("install" | "in" | "update" | "up" | "dist-upgrade" | "dup" | "patch"),
                    ) => installs = true,
                    _ => {}
                }
            }
            if let (Some(span), false) = (update, installs) {
                out.add(
                    span,
                    "the package index is refreshed in a RUN that installs nothing",
                )
                .help(
                    "refresh and install in the same RUN: `apt-get update && apt-get install ...`",
                );
            }
        }
    }
}
