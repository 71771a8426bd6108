//! Compiled services: Go (static, CGO off, distroless static) and Rust
//! (release build with cache mounts, distroless cc) (D01, D07, D13).

use super::{Df, sh_quote, start_argv, static_wget};
use crate::model::Service;

/// Binary name: the start command's file name, else the service name.
fn binary_name(svc: &Service, from_build: Option<String>) -> String {
    let name = from_build
        .or_else(|| {
            svc.start_command
                .value
                .first()
                .and_then(|c| c.rsplit('/').next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| svc.name.clone());
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        "app".to_owned()
    } else {
        clean
    }
}

/// Where the binary goes in the image: the start command's path when it is
/// absolute, else `/app/<name>`.
fn install_path(svc: &Service, name: &str) -> String {
    match svc.start_command.value.first() {
        Some(p) if p.starts_with('/') && !p.contains(char::is_whitespace) => p.clone(),
        _ => format!("/app/{name}"),
    }
}

fn words(svc: &Service) -> Vec<String> {
    svc.build_command
        .as_ref()
        .map(|b| b.value.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

fn runtime(df: &mut Df, svc: &Service, image: &str, why: &str, built: &str, dest: &str) {
    df.stage(why, image, super::RUNTIME_STAGE);
    df.labels();
    static_wget(df);
    df.line("WORKDIR /app");
    df.copy(Some("build"), true, &[built], dest);
    df.runtime_tail(svc, &start_argv(svc, &[dest]));
}

pub(super) fn go(df: &mut Df, svc: &Service) {
    let v = match svc.language_version.value.trim() {
        "" => "1.23",
        v => v,
    };
    let w = words(svc);
    // The main package: the last `./...` argument of the detected build.
    let package = w
        .iter()
        .rev()
        .find(|a| a.starts_with("./") || *a == ".")
        .cloned()
        .unwrap_or_else(|| ".".to_owned());
    let out_name = w
        .iter()
        .position(|a| a == "-o")
        .and_then(|i| w.get(i + 1))
        .and_then(|o| o.rsplit('/').next().map(str::to_owned));
    let name = binary_name(svc, out_name);
    df.stage(
        "Build: modules first (cached until go.mod/go.sum change), then a static binary.",
        &format!("golang:{v}-bookworm"),
        "build",
    );
    df.line("WORKDIR /src");
    df.comment("go.sum* also matches nothing when the module has no dependencies.");
    df.copy(None, false, &["go.mod", "go.sum*"], "./");
    df.line("RUN --mount=type=cache,target=/go/pkg/mod go mod download");
    df.copy(None, false, &["."], ".");
    df.comment(
        "CGO off gives a static binary for the distroless static image; -trimpath and -s -w\n\
         drop local paths and debug symbols.",
    );
    df.line("ENV CGO_ENABLED=0");
    df.line(format!(
        "RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    mkdir -p /out \\\n && go build -trimpath -ldflags=\"-s -w\" -o /out/{name} {}",
        sh_quote(&package)
    ));
    let dest = install_path(svc, &name);
    runtime(
        df,
        svc,
        "gcr.io/distroless/static-debian12:nonroot",
        "Runtime: distroless static (no shell, no package manager, CA certificates and tzdata included).",
        &format!("/out/{name}"),
        &dest,
    );
}

pub(super) fn rust(df: &mut Df, svc: &Service) {
    let v = match svc.language_version.value.trim() {
        "" => "1.83",
        v => v,
    };
    let w = words(svc);
    let bin = w
        .iter()
        .position(|a| a == "--bin")
        .and_then(|i| w.get(i + 1))
        .cloned()
        .or_else(|| {
            svc.build_output
                .as_ref()
                .and_then(|o| o.value.rsplit('/').next().map(str::to_owned))
        });
    let name = binary_name(svc, bin);
    df.stage(
        "Build: the registry and target/ live in cache mounts, so unchanged dependencies\n\
         are not recompiled; the binary is copied out of the mount.",
        &format!("rust:{v}-slim-bookworm"),
        "build",
    );
    df.line("WORKDIR /src");
    df.copy(None, false, &["."], ".");
    df.comment("--locked: Cargo.lock is the source of truth, the build fails if it is stale.");
    df.line(format!(
        "RUN --mount=type=cache,target=/usr/local/cargo/registry \\\n    --mount=type=cache,target=/src/target \\\n    cargo build --release --locked --bin {name} \\\n && install -D target/release/{name} /out/{name}"
    ));
    let dest = install_path(svc, &name);
    runtime(
        df,
        svc,
        "gcr.io/distroless/cc-debian12:nonroot",
        "Runtime: distroless cc (glibc and libgcc for Rust binaries; no shell, no package manager).",
        &format!("/out/{name}"),
        &dest,
    );
}
