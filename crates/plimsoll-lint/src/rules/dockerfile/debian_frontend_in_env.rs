use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `ENV DEBIAN_FRONTEND=noninteractive`.
    ///
    /// ## Why is this bad?
    /// `ENV` persists into every container started from the image, so
    /// anyone running `apt-get` interactively inside it gets no prompts and
    /// silently accepted defaults. The setting is only needed while
    /// building.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ENV DEBIAN_FRONTEND=noninteractive
    /// RUN apt-get update && apt-get install -y --no-install-recommends tzdata
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ARG DEBIAN_FRONTEND=noninteractive
    /// RUN apt-get update && apt-get install -y --no-install-recommends tzdata
    /// ```
    ///
    /// ## Fix safety
    /// The fix turns the `ENV` into an `ARG`. It is unsafe: the variable is
    /// no longer set in running containers, which is the point but may
    /// matter to an entrypoint that installs packages.
    ///
    /// ## References
    /// - Practice D15.
    pub struct DebianFrontendInEnv {
        code: "DF092",
        name: "debian-frontend-in-env",
        summary: "DEBIAN_FRONTEND set with ENV persists at runtime",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DebianFrontendInEnv {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::Env(kv) = &inst.body else { return };
        let Some(pair) = kv.pairs.iter().find(|p| p.key.value == "DEBIAN_FRONTEND") else {
            return;
        };
        let fix = (kv.pairs.len() == 1 && !kv.legacy).then(|| {
            Fix::unsafe_(
                "Use `ARG` instead of `ENV`",
                vec![Edit::replace(inst.keyword_span, "ARG")],
            )
        });
        out.add(
            pair.span,
            "`DEBIAN_FRONTEND` set with ENV stays set in running containers",
        )
        .help("use `ARG DEBIAN_FRONTEND=noninteractive`, or set it inline in the RUN")
        .fix_opt(fix);
    }
}
