//! Shared knowledge for Dockerfile rules: stages, base images, users.

use plimsoll_syntax::dockerfile::{Body, Dockerfile, ImageRef, Instruction, Keyword, Stage};

/// The `FROM` instruction of a stage.
pub fn from_instruction<'a>(df: &'a Dockerfile, stage: &Stage) -> &'a Instruction {
    &df.instructions[stage.from]
}

/// The external image a stage starts from: `None` for `scratch`, for
/// another stage, and for images whose variables cannot be resolved.
pub fn base_image(stage: &Stage) -> Option<ImageRef> {
    if stage.base_stage.is_some() || stage.is_scratch() {
        return None;
    }
    let resolved = stage.base_resolved.as_deref()?;
    if resolved.contains('$') {
        return None;
    }
    ImageRef::parse(resolved)
}

/// The user of the final image: the last `USER` of the final stage or of the
/// stages it builds on. `None` when no stage in the chain sets one.
pub fn final_user(df: &Dockerfile) -> Option<&Instruction> {
    let last = df.stages.len().checked_sub(1)?;
    df.stage_ancestry(last).into_iter().find_map(|s| {
        df.stage_instructions(&df.stages[s])
            .iter()
            .rev()
            .find(|i| i.keyword == Keyword::User && matches!(i.body, Body::User(_)))
    })
}

/// The user name or UID of a `USER` value (`user:group` → `user`).
pub fn user_of(value: &str) -> &str {
    value.split(':').next().unwrap_or(value).trim()
}

/// Whether a `USER` value is root.
pub fn is_root_user(value: &str) -> bool {
    matches!(user_of(value), "root" | "0")
}

/// Instructions of the final stage and of the stages it builds on: what
/// ends up in the image that runs.
pub fn final_image_instructions(df: &Dockerfile) -> Vec<&Instruction> {
    let Some(last) = df.stages.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut chain = df.stage_ancestry(last);
    chain.reverse();
    chain
        .into_iter()
        .flat_map(|s| df.stage_instructions(&df.stages[s]).iter())
        .collect()
}

/// Whether the final image is known to run as non-root because of its base
/// (distroless `:nonroot`, Chainguard images, and images that say so in the tag).
pub fn base_is_nonroot(df: &Dockerfile) -> bool {
    let Some(last) = df.stages.len().checked_sub(1) else {
        return false;
    };
    let root_stage = *df.stage_ancestry(last).last().unwrap_or(&last);
    let Some(image) = base_image(&df.stages[root_stage]) else {
        return false;
    };
    let tag = image.tag.as_deref().unwrap_or("");
    tag.contains("nonroot")
        || tag.contains("non-root")
        || image.registry.as_deref() == Some("cgr.dev")
}

/// Whether the image reference names a build stage of this file.
pub fn is_stage_name(df: &Dockerfile, name: &str) -> bool {
    df.stage_by_name(name).is_some()
}

/// Every `RUN` (including `ONBUILD RUN`) with its parsed script.
pub fn run_scripts(
    df: &Dockerfile,
) -> impl Iterator<Item = (&Instruction, &plimsoll_syntax::shell::Script)> {
    df.instructions.iter().filter_map(|i| {
        let i = i.effective();
        if i.keyword != Keyword::Run {
            return None;
        }
        Some((i, i.script()?))
    })
}

/// Whether a `RUN` mounts a cache (or tmpfs) at one of `targets`, which makes
/// cleaning that directory in the same layer unnecessary.
pub fn has_cache_mount(inst: &Instruction, targets: &[&str]) -> bool {
    inst.flags_named("mount").any(|m| {
        let fields = m.csv_fields();
        let kind = fields
            .iter()
            .find(|(k, _)| k == "type")
            .map(|(_, v)| v.as_str());
        let target = fields
            .iter()
            .find(|(k, _)| matches!(k.as_str(), "target" | "dst" | "destination"))
            .map(|(_, v)| v.trim_end_matches('/'));
        matches!(kind, Some("cache" | "tmpfs"))
            && target.is_some_and(|t| {
                targets.iter().any(|want| {
                    t == want.trim_end_matches('/') || want.starts_with(&format!("{t}/"))
                })
            })
    })
}

/// Whether a script removes `path` (e.g. `rm -rf /var/lib/apt/lists/*`).
pub fn script_removes(script: &plimsoll_syntax::shell::Script, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    script.commands_named("rm").any(|rm| {
        rm.args.iter().any(|a| {
            let v = a.value.trim_end_matches('*').trim_end_matches('/');
            v == path || (v.len() > 1 && path.starts_with(&format!("{v}/")))
        })
    })
}

/// The stage index of an instruction, ONBUILD triggers resolved to their stage.
pub fn is_in_final_image(df: &Dockerfile, inst: &Instruction) -> bool {
    let Some(last) = df.stages.len().checked_sub(1) else {
        return false;
    };
    inst.stage
        .is_some_and(|s| df.stage_ancestry(last).contains(&s))
}
