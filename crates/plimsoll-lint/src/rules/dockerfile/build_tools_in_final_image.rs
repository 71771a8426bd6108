use super::package_managers::{self, Tool};
use super::prelude::*;

/// Compiler toolchains installed through OS packages.
const TOOLCHAIN_PACKAGES: [&str; 12] = [
    "build-essential",
    "build-base",
    "alpine-sdk",
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
    "golang",
    "rustc",
    "cargo",
    "maven",
    "gradle",
];

/// Commands that compile the application.
fn compile_command(view: &plimsoll_syntax::shell::CommandView<'_>) -> bool {
    let sub = view.args.first().map(|a| a.value.as_str());
    match view.name() {
        "go" => sub == Some("build"),
        "cargo" => matches!(sub, Some("build" | "install")),
        "mvn" | "mvnw" | "./mvnw" => view
            .args
            .iter()
            .any(|a| matches!(a.value.as_str(), "package" | "install" | "verify")),
        "gradle" | "gradlew" | "./gradlew" => view.args.iter().any(|a| {
            matches!(
                a.value.as_str(),
                "build" | "assemble" | "bootJar" | "shadowJar" | "installDist"
            )
        }),
        "dotnet" => matches!(sub, Some("publish" | "build")),
        "javac" | "gcc" | "g++" | "cc" | "rustc" => true,
        _ => false,
    }
}

/// Whether the script removes the toolchain again (`apk del .build-deps`).
fn removes_packages(script: &plimsoll_syntax::shell::Script) -> bool {
    script.command_views().any(|c| {
        let sub = c.args.first().map(|a| a.value.as_str());
        matches!(
            (c.name(), sub),
            ("apk", Some("del"))
                | ("apt-get" | "apt", Some("purge" | "remove" | "autoremove"))
                | ("yum" | "dnf", Some("remove" | "autoremove"))
        )
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a final image that compiles the application (`go build`,
    /// `cargo build`, `mvn package`, `gradle build`, `dotnet publish`...) or
    /// installs a compiler toolchain (`build-essential`, `gcc`,
    /// `build-base`...) without removing it in the same step.
    ///
    /// ## Why is this bad?
    /// Compilers, SDKs and build caches ship with the application: images
    /// grow by hundreds of megabytes and attackers get a toolchain. A
    /// multi-stage build compiles in one stage and copies only the artifact
    /// into a small runtime stage.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /app /app
    /// CMD ["/app"]
    /// ```
    ///
    /// Installing build dependencies and removing them in the same `RUN`
    /// (`apk add --virtual .build-deps ... && apk del .build-deps`) is
    /// accepted.
    ///
    /// ## References
    /// - Practice D01 (multi-stage build: build tooling stays out of the final stage).
    pub struct BuildToolsInFinalImage {
        code: "DF087",
        name: "build-tools-in-final-image",
        summary: "The final image compiles code or keeps a compiler toolchain",
        severity: Warning,
        category: Efficiency,
        practices: ["D01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for BuildToolsInFinalImage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (inst, script) in helpers::run_scripts(df) {
            if !helpers::is_in_final_image(df, inst) {
                continue;
            }
            if let Some(cmd) = script.command_views().find(compile_command) {
                out.add(cmd.span(), "the final image builds the application, so its toolchain ships with it")
                    .help("build in a separate stage (`FROM ... AS build`) and `COPY --from=build` only the artifact");
                return;
            }
            if removes_packages(script) {
                continue;
            }
            for tool in [
                Tool::AptGet,
                Tool::Apt,
                Tool::Apk,
                Tool::Yum,
                Tool::Dnf,
                Tool::Zypper,
            ] {
                for cmd in package_managers::installs(script, tool) {
                    if let Some(pkg) = cmd.packages.iter().find(|p| {
                        TOOLCHAIN_PACKAGES.contains(&p.value.split(['=', '~']).next().unwrap_or(""))
                    }) {
                        out.add(pkg.span, format!("`{}` keeps a compiler toolchain in the final image", pkg.value))
                            .help("compile in a build stage, or remove build dependencies in the same RUN");
                        return;
                    }
                }
            }
        }
    }
}
