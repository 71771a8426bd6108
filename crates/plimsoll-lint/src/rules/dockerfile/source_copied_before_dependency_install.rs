use super::prelude::*;

/// Files that describe dependencies and that an install step reads.
const MANIFESTS: [&str; 22] = [
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements.txt",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "Pipfile",
    "Pipfile.lock",
    "Gemfile",
    "Gemfile.lock",
    "go.mod",
    "go.sum",
    "composer.json",
    "composer.lock",
    "Cargo.toml",
    "Cargo.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
];

/// Whether a script installs dependencies from manifests.
fn installs_dependencies(script: &plimsoll_syntax::shell::Script) -> bool {
    script.command_views().any(|c| {
        let sub = c
            .positionals(&["-r", "--requirement"])
            .first()
            .map(|w| w.value.clone());
        match c.name() {
            "npm" => {
                matches!(sub.as_deref(), Some("ci"))
                    || (matches!(sub.as_deref(), Some("install" | "i"))
                        && c.positionals(&[]).len() == 1)
            }
            "yarn" => sub.is_none() || matches!(sub.as_deref(), Some("install")),
            "pnpm" => {
                matches!(sub.as_deref(), Some("install" | "i")) && c.positionals(&[]).len() == 1
            }
            "bundle" | "poetry" | "pipenv" | "composer" => {
                matches!(sub.as_deref(), Some("install"))
            }
            "uv" => matches!(sub.as_deref(), Some("sync")),
            "go" => {
                c.args.first().is_some_and(|a| a.value == "mod")
                    && c.args.get(1).is_some_and(|a| a.value == "download")
            }
            "cargo" => matches!(sub.as_deref(), Some("fetch")),
            name if name.starts_with("pip") => c.has_flag(&["-r", "--requirement"]),
            _ => false,
        }
    })
}

fn is_whole_context(source: &str) -> bool {
    matches!(source, "." | "./" | "./." | "*")
}

fn is_manifest(source: &str) -> bool {
    let name = source
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(source);
    MANIFESTS.contains(&name)
        || name.starts_with("requirements")
        || name.ends_with(".csproj")
        || name.contains('*')
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY . .` (the whole build context) placed before the step
    /// that installs dependencies, when the dependency manifests were not
    /// copied on their own first.
    ///
    /// ## Why is this bad?
    /// Any change to any source file invalidates the layer cache from that
    /// `COPY` on, so every build reinstalls every dependency. Copying the
    /// manifests and lockfiles first keeps the install layer cached until the
    /// dependencies actually change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// ```
    ///
    /// ## References
    /// - Practice D07 (layer order for caching), CI03.
    pub struct SourceCopiedBeforeDependencyInstall {
        code: "DF086",
        name: "source-copied-before-dependency-install",
        summary: "Whole context copied before dependencies are installed",
        severity: Warning,
        category: Efficiency,
        practices: ["D07", "CI03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for SourceCopiedBeforeDependencyInstall {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for stage in &df.stages {
            let mut manifests_copied = false;
            let mut whole_copy: Option<&Instruction> = None;
            for inst in df.stage_instructions(stage) {
                match &inst.body {
                    Body::Copy(copy) | Body::Add(copy) if inst.flag("from").is_none() => {
                        if copy.sources.iter().any(|s| is_whole_context(&s.value)) {
                            whole_copy.get_or_insert(inst);
                        } else if whole_copy.is_none()
                            && copy.sources.iter().any(|s| is_manifest(&s.value))
                        {
                            manifests_copied = true;
                        }
                    }
                    Body::Run(_) => {
                        let (Some(copy), Some(script)) = (whole_copy, inst.script()) else {
                            continue;
                        };
                        if !manifests_copied && installs_dependencies(script) {
                            out.add(
                                copy.span,
                                "the whole context is copied before dependencies are installed",
                            )
                            .related(inst.span, "dependencies are installed here")
                            .help("copy the manifest and lockfile first, install, then `COPY . .`");
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
