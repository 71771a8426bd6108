//! The Dockerfile frontend syntax, parsed by hand with spans for every
//! instruction, flag and argument.
//!
//! Covered: parser directives (`syntax`, `escape`, `check`), line
//! continuations with comments and blank lines inside, JSON and shell forms,
//! heredocs (`<<EOF`, `<<-EOF`, quoted delimiters, several per instruction),
//! `ARG` before `FROM` and variable substitution, flags on FROM, RUN, COPY,
//! ADD and HEALTHCHECK, ONBUILD, stages and stage references. Unknown
//! instructions and malformed lines are reported in [`Dockerfile::errors`]
//! or as [`Keyword::Unknown`], and parsing goes on.

mod ast;
mod expand;
mod image;
mod lexer;
mod parser;
mod words;

pub use ast::*;
pub use expand::{Expansion, expand};
pub use image::ImageRef;

/// Parses a Dockerfile. Never fails: see [`Dockerfile::errors`].
pub fn parse(src: &str) -> Dockerfile {
    let lexed = lexer::lex(src);
    let mut errors = lexed.errors;
    let instructions: Vec<Instruction> = lexed
        .instructions
        .into_iter()
        .map(|raw| parser::parse_instruction(raw, src, lexed.escape, &mut errors))
        .collect();
    let mut df = Dockerfile {
        directives: lexed.directives,
        escape: lexed.escape,
        instructions,
        comments: lexed.comments,
        errors,
        empty_continuation_lines: lexed.empty_continuation_lines,
        stages: Vec::new(),
    };
    df.errors.sort_by_key(|e| (e.span.start, e.span.end));
    compute_stages(&mut df);
    df
}

fn compute_stages(df: &mut Dockerfile) {
    let global_args: Vec<(String, Option<String>)> = df
        .global_args()
        .map(|a| {
            (
                a.name.value.clone(),
                a.default.as_ref().map(|d| d.value.clone()),
            )
        })
        .collect();
    let lookup = |name: &str| -> Option<String> {
        global_args
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, d)| d.clone())
            .or_else(|| automatic_platform_arg(name))
    };

    let mut stages: Vec<Stage> = Vec::new();
    for (idx, inst) in df.instructions.iter_mut().enumerate() {
        if inst.keyword == Keyword::From {
            if let Some(last) = stages.last_mut() {
                last.instructions.end = idx;
            }
            let (base, name) = match &inst.body {
                Body::From(f) => (
                    f.image.value.clone(),
                    f.alias.as_ref().map(|a| a.value.to_ascii_lowercase()),
                ),
                _ => (String::new(), None),
            };
            let expansion = expand(&base, df.escape, &lookup);
            let base_resolved = expansion.complete.then_some(expansion.value);
            let base_stage = base_resolved.as_deref().and_then(|b| {
                let b = b.to_ascii_lowercase();
                stages.iter().rposition(|s| s.name.as_deref() == Some(&b))
            });
            stages.push(Stage {
                index: stages.len(),
                from: idx,
                instructions: idx..idx + 1,
                name,
                base,
                base_resolved,
                base_stage,
            });
        }
        inst.stage = stages.len().checked_sub(1);
    }
    if let Some(last) = stages.last_mut() {
        last.instructions.end = df.instructions.len();
    }
    df.stages = stages;
}

/// BuildKit defines these for every build; a `FROM --platform=$BUILDPLATFORM`
/// or `FROM image:$TARGETARCH` is not unresolvable because of them. Their
/// value depends on the build, so they resolve to a placeholder.
fn automatic_platform_arg(name: &str) -> Option<String> {
    matches!(
        name,
        "BUILDPLATFORM"
            | "BUILDOS"
            | "BUILDARCH"
            | "BUILDVARIANT"
            | "TARGETPLATFORM"
            | "TARGETOS"
            | "TARGETARCH"
            | "TARGETVARIANT"
    )
    .then(|| format!("${{{name}}}"))
}

#[cfg(test)]
mod tests;
