use super::package_managers::{self, Tool};
use super::prelude::*;

const LISTS: &str = "/var/lib/apt/lists";

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` that runs `apt-get update` or `apt-get install` but
    /// does not delete `/var/lib/apt/lists/*` in the same `RUN`.
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads package lists (tens of megabytes). Deleted
    /// in a later `RUN` they still ship in the earlier layer; left in place
    /// they are stale the day after the build anyway.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update \
    ///     && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// A cache mount on `/var/lib/apt/lists` (or `/var/lib/apt`) keeps the
    /// lists out of the image and is accepted. Only the stages that end up
    /// in the final image are checked: build stages are thrown away.
    ///
    /// ## References
    /// - Practice D12 (package caches cleaned in the same layer).
    /// - hadolint DL3009.
    pub struct AptListsNotCleaned {
        code: "DF055",
        name: "apt-lists-not-cleaned",
        summary: "apt lists left in the image layer",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3009"],
        fix: None,
        default: true,
    }
}

impl Rule for AptListsNotCleaned {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (inst, script) in helpers::run_scripts(df) {
            if !helpers::is_in_final_image(df, inst) {
                continue;
            }
            let installs: Vec<_> = [Tool::AptGet, Tool::Apt]
                .into_iter()
                .flat_map(|t| package_managers::commands(script, t))
                .filter(|c| c.is_install() || c.action.is_some_and(|a| a.value == "update"))
                .collect();
            let Some(first) = installs.first() else {
                continue;
            };
            if helpers::script_removes(script, LISTS)
                || helpers::has_cache_mount(inst, &[LISTS, "/var/lib/apt"])
            {
                continue;
            }
            out.add(first.view.name.span.cover(first.action.map_or(first.view.name.span, |a| a.span)), "apt lists stay in this layer")
                .help("end the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use `--mount=type=cache,target=/var/lib/apt/lists`");
        }
    }
}
