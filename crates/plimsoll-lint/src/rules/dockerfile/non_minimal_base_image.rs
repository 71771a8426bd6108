use super::prelude::*;

/// Images that are full distributions or SDKs unless a tag says otherwise.
const FULL_IMAGES: [&str; 22] = [
    "ubuntu",
    "debian",
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "amazonlinux",
    "oraclelinux",
    "node",
    "python",
    "ruby",
    "php",
    "golang",
    "rust",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
    "buildpack-deps",
    "perl",
    "elixir",
    "dotnet/sdk",
];

/// Tag words that mark a small variant.
const MINIMAL_MARKERS: [&str; 8] = [
    "slim",
    "alpine",
    "distroless",
    "minimal",
    "busybox",
    "jre",
    "chiselled",
    "runtime",
];

declare_rule! {
    /// ## What it does
    /// Reports a final image based on a full distribution or SDK image
    /// (`ubuntu`, `node:22`, `python:3.12`, `golang`, `maven`...) instead of
    /// a slim, alpine, distroless or other minimal variant.
    ///
    /// ## Why is this bad?
    /// Full images carry compilers, package managers and hundreds of
    /// libraries the application never uses: more to download, more CVEs to
    /// triage, more tools for an attacker.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY . /app
    /// CMD ["node", "/app/server.js"]
    /// ```
    ///
    /// Build stages are not reported: only the image that ships matters. This
    /// rule is off by default; select `DF012` to enable it.
    ///
    /// ## References
    /// - Practice D13 (minimal, trusted base images), D01 (build tooling stays out of the final stage).
    pub struct NonMinimalBaseImage {
        code: "DF012",
        name: "non-minimal-base-image",
        summary: "Final image is based on a full distribution or SDK image",
        severity: Info,
        category: Efficiency,
        practices: ["D13", "D01"],
        peers: [],
        fix: None,
        default: false,
    }
}

impl Rule for NonMinimalBaseImage {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let Some(last) = df.stages.len().checked_sub(1) else {
            return;
        };
        let root = *df.stage_ancestry(last).last().unwrap_or(&last);
        let stage = &df.stages[root];
        let Some(image) = helpers::base_image(stage) else {
            return;
        };
        let repo = image.repository.trim_start_matches("library/");
        let is_full = FULL_IMAGES
            .iter()
            .any(|f| repo == *f || repo.ends_with(&format!("/{f}")));
        let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
        if !is_full || MINIMAL_MARKERS.iter().any(|m| tag.contains(m)) {
            return;
        }
        let Body::From(from) = &helpers::from_instruction(df, stage).body else {
            return;
        };
        out.add(
            from.image.span,
            format!(
                "the final image is based on the full `{}` image",
                from.image.value
            ),
        )
        .help("use a slim, alpine or distroless variant, and build in an earlier stage");
    }
}
