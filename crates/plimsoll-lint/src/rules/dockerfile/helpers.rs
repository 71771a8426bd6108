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
