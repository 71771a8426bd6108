use super::package_managers::{self, Tool};
use super::prelude::*;

const YARN_CACHES: [&str; 3] = [
    "/usr/local/share/.cache/yarn",
    "/root/.cache/yarn",
    "/root/.yarn",
];

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` in the final image that installs with yarn but does
    /// not run `yarn cache clean` in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// Yarn keeps a copy of every package tarball in its global cache; in an
    /// image layer that doubles the size of `node_modules` for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// A cache mount on yarn's cache directory is accepted. Only stages that
    /// end up in the final image are checked.
    ///
    /// ## References
    /// - Practice D12 (package caches cleaned in the same layer).
    /// - hadolint DL3060.
    pub struct YarnCacheNotCleaned {
        code: "DF074",
        name: "yarn-cache-not-cleaned",
        summary: "yarn cache left in the image layer",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3060"],
        fix: None,
        default: true,
    }
}

impl Rule for YarnCacheNotCleaned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (inst, script) in helpers::run_scripts(df) {
            if !helpers::is_in_final_image(df, inst) || helpers::has_cache_mount(inst, &YARN_CACHES)
            {
                continue;
            }
            let commands = package_managers::commands(script, Tool::Yarn);
            // Bare `yarn` installs too.
            let install = commands.iter().find(|c| {
                c.action
                    .is_none_or(|a| matches!(a.value.as_str(), "install" | "add"))
            });
            let cleaned = commands.iter().any(|c| {
                c.action.is_some_and(|a| a.value == "cache")
                    && c.packages.first().is_some_and(|p| p.value == "clean")
            });
            if let Some(install) = install.filter(|_| !cleaned) {
                out.add(install.view.span(), "the yarn cache stays in this layer")
                    .help("end the RUN with `&& yarn cache clean`, or mount a cache on yarn's cache directory");
            }
        }
    }
}
