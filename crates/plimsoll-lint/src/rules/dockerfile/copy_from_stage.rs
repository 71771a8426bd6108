//! `COPY --from` must name an earlier stage or an external image (D15).

use super::prelude::*;
use plimsoll_syntax::dockerfile::Stage;

/// What a `--from` value refers to.
enum Source<'a> {
    Stage(&'a Stage),
    /// A stage index (`--from=0`).
    Index(usize),
    /// Looks like an image reference (has a tag, digest, registry or path).
    Image,
    /// A bare word that names no stage.
    Unknown,
    Dynamic,
}

fn classify<'a>(df: &'a plimsoll_syntax::dockerfile::Dockerfile, value: &str) -> Source<'a> {
    if value.contains('$') {
        return Source::Dynamic;
    }
    if let Ok(i) = value.parse::<usize>() {
        return Source::Index(i);
    }
    if let Some(stage) = df.stage_by_name(value) {
        return Source::Stage(stage);
    }
    if value.contains([':', '/', '@', '.']) {
        Source::Image
    } else {
        Source::Unknown
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<name>` where `<name>` is neither a stage defined
    /// earlier in the file nor an image reference, and `--from=<index>`
    /// pointing at a stage that does not come earlier.
    ///
    /// ## Why is this bad?
    /// A mistyped stage name is silently treated as an image name: the build
    /// tries to pull `docker.io/library/<name>:latest`, and either fails or,
    /// worse, copies files out of an unrelated public image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// To copy from an external image, name it with a tag
    /// (`--from=busybox:1.36`), which also pins it.
    ///
    /// ## References
    /// - Practice D15 (`COPY --from` names an existing stage).
    /// - hadolint DL3022.
    pub struct CopyFromUnknownStage {
        code: "DF020",
        name: "copy-from-unknown-stage",
        summary: "COPY --from names no earlier stage",
        severity: Warning,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3022"],
        fix: None,
        default: true,
    }
}

impl Rule for CopyFromUnknownStage {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let df = cx.dockerfile;
        let Some(flag) = inst.flag("from") else {
            return;
        };
        let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
            return;
        };
        let current = inst.stage.unwrap_or(0);
        match classify(df, value) {
            Source::Stage(stage) if stage.index > current => {
                out.add(
                    span,
                    format!("stage `{value}` is defined after this instruction"),
                )
                .related(helpers::from_instruction(df, stage).span, "defined here")
                .help("a stage can only copy from stages defined before it");
            }
            Source::Index(i) if i > current && inst.stage.is_some() => {
                out.add(span, format!("`--from={i}` does not refer to an earlier stage"))
                    .help("stage indexes count from 0 and must point to a stage before this one; prefer naming stages with `AS`");
            }
            Source::Unknown => {
                let names: Vec<&str> = df.stages.iter().filter_map(|s| s.name.as_deref()).collect();
                let help = if names.is_empty() {
                    format!(
                        "no stage is named `{value}`; if you mean the image, pin it: `--from={value}:<tag>`"
                    )
                } else {
                    format!(
                        "defined stages: {}; if you mean the image, pin it: `--from={value}:<tag>`",
                        names.join(", ")
                    )
                };
                out.add(
                    span,
                    format!("no stage named `{value}` is defined before this instruction"),
                )
                .help(help);
            }
            _ => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from` that names the stage it is in.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: BuildKit reports a circular
    /// dependency and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim AS build
    /// COPY --from=build /app/dist /srv
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim AS build
    /// RUN npm run build
    /// FROM nginx:1.27-alpine
    /// COPY --from=build /app/dist /usr/share/nginx/html
    /// ```
    ///
    /// ## References
    /// - Practice D15 (`COPY --from` names an existing stage).
    /// - hadolint DL3023.
    pub struct CopyFromOwnStage {
        code: "DF021",
        name: "copy-from-own-stage",
        summary: "COPY --from names its own stage",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3023"],
        fix: None,
        default: true,
    }
}

impl Rule for CopyFromOwnStage {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let df = cx.dockerfile;
        let (Some(flag), Some(current)) = (inst.flag("from"), inst.stage) else {
            return;
        };
        let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
            return;
        };
        let own = match classify(df, value) {
            Source::Stage(stage) => stage.index == current,
            Source::Index(i) => i == current,
            _ => false,
        };
        if own {
            out.add(
                span,
                format!("`--from={value}` names the stage this instruction is in"),
            )
            .help("copy from an earlier stage, or split this stage in two");
        }
    }
}
