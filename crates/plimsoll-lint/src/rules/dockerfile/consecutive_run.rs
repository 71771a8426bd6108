use super::prelude::*;

/// A RUN that is a single command (or none): the kind that can be merged.
fn is_single_command(inst: &Instruction) -> bool {
    inst.script().is_some_and(|s| s.commands.len() <= 1)
}

fn flags_of(inst: &Instruction) -> Vec<(&str, Option<&str>)> {
    let mut f: Vec<_> = inst
        .flags
        .iter()
        .map(|f| (f.name.as_str(), f.value.as_deref()))
        .collect();
    f.sort_unstable();
    f
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` of a single command directly after another `RUN` of
    /// a single command with the same flags.
    ///
    /// ## Why is this bad?
    /// Each `RUN` is a layer. Two one-command layers in a row add size and
    /// build steps for nothing, and files deleted in the second still ship
    /// in the first.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// RUN apk add --no-cache jq
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl jq
    /// ```
    ///
    /// RUNs that already chain several commands, or use different mounts,
    /// are left alone: splitting those is often deliberate, for caching.
    ///
    /// ## References
    /// - Practice D07 (layer order for caching), D12.
    /// - hadolint DL3059.
    pub struct ConsecutiveRun {
        code: "DF040",
        name: "consecutive-run",
        summary: "Consecutive single-command RUN instructions",
        severity: Info,
        category: Efficiency,
        practices: ["D07", "D12"],
        peers: [Hadolint "DL3059"],
        fix: None,
        default: true,
    }
}

impl Rule for ConsecutiveRun {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let mut previous: Option<&Instruction> = None;
        for inst in &cx.dockerfile.instructions {
            if let Some(prev) = previous
                && inst.keyword == Keyword::Run
                && is_single_command(prev)
                && is_single_command(inst)
                && flags_of(prev) == flags_of(inst)
            {
                out.add(inst.keyword_span, "this RUN could join the previous one")
                    .related(prev.keyword_span, "previous RUN")
                    .help("chain the commands with `&&` in one RUN");
            }
            previous = (inst.keyword == Keyword::Run).then_some(inst);
        }
    }
}
