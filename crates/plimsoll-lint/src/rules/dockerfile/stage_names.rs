//! Stage names: unique, not reserved, lower case (D15).

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports two stages with the same `AS` name (names are compared
    /// without regard to case, as BuildKit does).
    ///
    /// ## Why is this bad?
    /// BuildKit rejects the Dockerfile; older builders silently used the
    /// later stage for `COPY --from`, so files came from an unexpected stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim AS build
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim AS build-web
    /// FROM golang:1.23 AS build-api
    /// ```
    ///
    /// ## References
    /// - Practice D15 (unique stage names).
    /// - hadolint DL3024, checkov CKV_DOCKER_11, BuildKit DuplicateStageName.
    pub struct DuplicateStageName {
        code: "DF022",
        name: "duplicate-stage-name",
        summary: "Two stages share a name",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3024", Checkov "CKV_DOCKER_11", Buildkit "DuplicateStageName"],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicateStageName {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (i, stage) in df.stages.iter().enumerate() {
            let Some(name) = &stage.name else { continue };
            let Some(first) = df.stages[..i]
                .iter()
                .find(|s| s.name.as_ref() == Some(name))
            else {
                continue;
            };
            let (Body::From(this), Body::From(earlier)) = (
                &helpers::from_instruction(df, stage).body,
                &helpers::from_instruction(df, first).body,
            ) else {
                continue;
            };
            let (Some(alias), Some(first_alias)) = (&this.alias, &earlier.alias) else {
                continue;
            };
            out.add(
                alias.span,
                format!("stage name `{}` is already used", alias.value),
            )
            .related(first_alias.span, "first used here");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports stages named `scratch` or `context`, names that BuildKit
    /// reserves.
    ///
    /// ## Why is this bad?
    /// `FROM scratch` and named build contexts already mean something: a
    /// stage with such a name is either rejected or shadows them, and
    /// `COPY --from=context` stops meaning what readers expect.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3063, BuildKit ReservedStageName.
    pub struct ReservedStageName {
        code: "DF023",
        name: "reserved-stage-name",
        summary: "Stage uses a reserved name",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3063", Buildkit "ReservedStageName"],
        fix: None,
        default: true,
    }
}

impl Rule for ReservedStageName {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::From(from) = &inst.body else { return };
        let Some(alias) = &from.alias else { return };
        if matches!(
            alias.value.to_ascii_lowercase().as_str(),
            "scratch" | "context"
        ) {
            out.add(
                alias.span,
                format!(
                    "`{}` is a reserved name and cannot name a stage",
                    alias.value
                ),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports stage names with upper-case letters.
    ///
    /// ## Why is this bad?
    /// Stage names are case-insensitive, so `AS Build` and `--from=build`
    /// refer to the same stage. Mixed case suggests otherwise and invites
    /// duplicates that differ only by case.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS Build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// The fix lower-cases the name here and in every `COPY --from` and
    /// `FROM` that refers to it. It is safe: names are case-insensitive.
    ///
    /// ## References
    /// - Practice D15.
    /// - BuildKit StageNameCasing.
    pub struct StageNameCasing {
        code: "DF039",
        name: "stage-name-casing",
        summary: "Stage name is not lower case",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Buildkit "StageNameCasing"],
        fix: Always,
        default: true,
    }
}

impl Rule for StageNameCasing {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for inst in &df.instructions {
            let Body::From(from) = &inst.body else {
                continue;
            };
            let Some(alias) = &from.alias else { continue };
            if !alias.value.chars().any(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let lower = alias.value.to_ascii_lowercase();
            let mut edits = vec![Edit::replace(alias.span, lower.clone())];
            for other in &df.instructions {
                match &other.body {
                    Body::From(f)
                        if f.image.value.eq_ignore_ascii_case(&alias.value)
                            && f.image.value != lower =>
                    {
                        edits.push(Edit::replace(f.image.span, lower.clone()));
                    }
                    _ => {}
                }
                if let Some(flag) = other.effective().flag("from")
                    && let (Some(v), Some(span)) = (&flag.value, flag.value_span)
                    && v.eq_ignore_ascii_case(&alias.value)
                    && *v != lower
                {
                    edits.push(Edit::replace(span, lower.clone()));
                }
            }
            out.add(
                alias.span,
                format!("stage name `{}` should be lower case", alias.value),
            )
            .fix(Fix::safe(format!("Rename the stage to `{lower}`"), edits));
        }
    }
}
