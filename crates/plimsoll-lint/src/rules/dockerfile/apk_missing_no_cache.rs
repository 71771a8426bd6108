use super::package_managers::{self, Tool};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, apk keeps the package index in
    /// `/var/cache/apk`, which ends up in the layer. `--no-cache` fetches
    /// the index to a temporary place and also makes `apk update` and
    /// `rm -rf /var/cache/apk/*` unnecessary.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// A cache mount on `/var/cache/apk`, or removing `/var/cache/apk/*` in
    /// the same `RUN`, is accepted.
    ///
    /// ## Fix safety
    /// The fix inserts `--no-cache` after `add`. It is safe.
    ///
    /// ## References
    /// - Practice D12 (`--no-cache`).
    /// - hadolint DL3019.
    pub struct ApkMissingNoCache {
        code: "DF058",
        name: "apk-missing-no-cache",
        summary: "apk add without --no-cache",
        severity: Info,
        category: Efficiency,
        practices: ["D12"],
        peers: [Hadolint "DL3019"],
        fix: Always,
        default: true,
    }
}

impl Rule for ApkMissingNoCache {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (inst, script) in helpers::run_scripts(cx.dockerfile) {
            if helpers::has_cache_mount(inst, &["/var/cache/apk"])
                || helpers::script_removes(script, "/var/cache/apk")
            {
                continue;
            }
            for cmd in package_managers::installs(script, Tool::Apk) {
                if cmd.has_flag(&["--no-cache"]) {
                    continue;
                }
                let Some(action) = cmd.action else { continue };
                out.add(
                    action.span,
                    "`apk add` keeps the package index in the layer; add `--no-cache`",
                )
                .fix(Fix::safe(
                    "Add `--no-cache`",
                    vec![Edit::insert(action.span.end, " --no-cache")],
                ));
            }
        }
    }
}
