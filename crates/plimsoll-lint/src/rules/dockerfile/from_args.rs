//! ARG substitution and --platform in FROM (D15).

use super::env_self_reference::referenced_vars;
use super::prelude::*;

/// ARGs BuildKit defines for every build.
const AUTOMATIC_ARGS: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

declare_rule! {
    /// ## What it does
    /// Reports variables in `FROM` that no `ARG` before the first `FROM`
    /// declares, and declared ones whose default leaves the image reference
    /// invalid (`ARG TAG` without default in `FROM alpine:$TAG`).
    ///
    /// ## Why is this bad?
    /// Only global `ARG`s (before the first `FROM`) are visible in `FROM`.
    /// An undeclared variable expands to nothing, so `FROM node:$VERSION`
    /// becomes `FROM node:` and the build fails, or `FROM $REGISTRY/app`
    /// silently pulls from Docker Hub.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:${NODE_VERSION}-slim
    /// ARG NODE_VERSION=22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG NODE_VERSION=22
    /// FROM node:${NODE_VERSION}-slim
    /// ```
    ///
    /// BuildKit's automatic platform arguments (`BUILDPLATFORM`,
    /// `TARGETARCH`...) need no declaration.
    ///
    /// ## References
    /// - Practice D15, D03.
    /// - BuildKit UndefinedArgInFrom, BuildKit InvalidDefaultArgInFrom.
    pub struct UndefinedArgInFrom {
        code: "DF035",
        name: "undefined-arg-in-from",
        summary: "FROM uses a variable no global ARG declares",
        severity: Error,
        category: Correctness,
        practices: ["D15", "D03"],
        peers: [Buildkit "UndefinedArgInFrom", Buildkit "InvalidDefaultArgInFrom"],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedArgInFrom {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let declared: Vec<&str> = df.global_args().map(|a| a.name.value.as_str()).collect();
        for stage in &df.stages {
            let from = helpers::from_instruction(df, stage);
            let Body::From(f) = &from.body else { continue };
            let mut undefined = false;
            // The image and the --platform value may both use variables.
            let mut spans = vec![f.image.span];
            spans.extend(from.flag("platform").and_then(|p| p.value_span));
            for span in spans {
                for var in referenced_vars(cx.text(span), df.escape) {
                    if !declared.contains(&var.as_str()) && !AUTOMATIC_ARGS.contains(&var.as_str())
                    {
                        undefined = true;
                        out.add(
                            span,
                            format!("`${var}` is not declared by an `ARG` before the first `FROM`"),
                        )
                        .help(format!("add `ARG {var}=<default>` at the top of the file"));
                    }
                }
            }
            if undefined {
                continue;
            }
            // Declared but without a default: the reference is invalid unless
            // the build passes --build-arg.
            if stage.base_resolved.is_none() && stage.base_stage.is_none() {
                let no_default: Vec<&str> = df
                    .global_args()
                    .filter(|a| {
                        a.default.is_none()
                            && referenced_vars(cx.text(f.image.span), df.escape)
                                .contains(&a.name.value)
                    })
                    .map(|a| a.name.value.as_str())
                    .collect();
                if !no_default.is_empty() {
                    out.add(
                        f.image.span,
                        format!(
                            "without `--build-arg {}` this image reference is invalid",
                            no_default.join(", --build-arg ")
                        ),
                    )
                    .help("give the ARG a default value");
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=` with a constant value such as
    /// `linux/amd64`.
    ///
    /// ## Why is this bad?
    /// A hard-coded platform makes multi-platform builds produce the wrong
    /// architecture for every other target, and on Apple silicon or ARM
    /// servers forces slow emulation. Use `$BUILDPLATFORM` for build stages
    /// that cross-compile, and leave the target platform to `docker build
    /// --platform`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ```
    ///
    /// A stage named for its platform (`FROM --platform=linux/arm64 ... AS
    /// build-arm64`) is a deliberate pin and is not reported.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3029, BuildKit FromPlatformFlagConstDisallowed.
    pub struct FromPlatformConstant {
        code: "DF036",
        name: "from-platform-constant",
        summary: "FROM --platform with a hard-coded platform",
        severity: Warning,
        category: Reliability,
        practices: ["D15"],
        peers: [Hadolint "DL3029", Buildkit "FromPlatformFlagConstDisallowed"],
        fix: None,
        default: true,
    }
}

impl Rule for FromPlatformConstant {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        if inst.keyword != Keyword::From {
            return;
        }
        let Some(flag) = inst.flag("platform") else {
            return;
        };
        let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
            return;
        };
        // A stage named for its platform (`AS build-amd64`) pins it on purpose.
        let alias = match &inst.body {
            Body::From(f) => f.alias.as_ref().map(|a| a.value.to_ascii_lowercase()),
            _ => None,
        };
        let named_for_it = alias.is_some_and(|a| {
            value
                .split('/')
                .any(|part| !part.is_empty() && a.contains(&part.to_ascii_lowercase()))
        });
        if !value.contains('$') && !named_for_it {
            out.add(span, format!("`--platform={value}` hard-codes the platform"))
                .help("use `--platform=$BUILDPLATFORM` for build stages, or drop the flag and pass `docker build --platform`");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// The target platform is already the default, so the flag does nothing
    /// but suggest that something special happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the flag. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3065, BuildKit RedundantTargetPlatform.
    pub struct RedundantTargetPlatform {
        code: "DF037",
        name: "redundant-target-platform",
        summary: "FROM --platform=$TARGETPLATFORM is the default",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Hadolint "DL3065", Buildkit "RedundantTargetPlatform"],
        fix: Always,
        default: true,
    }
}

impl Rule for RedundantTargetPlatform {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        if inst.keyword != Keyword::From {
            return;
        }
        let Some(flag) = inst.flag("platform") else {
            return;
        };
        if !matches!(
            flag.value.as_deref(),
            Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")
        ) {
            return;
        }
        // Remove the flag and the blanks after it.
        let rest = &cx.file.text()[flag.span.end..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        out.add(flag.span, "`--platform=$TARGETPLATFORM` is the default")
            .fix(Fix::safe(
                "Remove the flag",
                vec![Edit::delete(Span::new(
                    flag.span.start,
                    flag.span.end + blanks,
                ))],
            ));
    }
}
