use super::prelude::*;

use super::add_instead_of_copy::is_archive;

/// The file name of an archive an extraction command may unpack: the tar
/// family `ADD` knows, and zip files.
fn archive_name(path: &str) -> Option<&str> {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    (is_archive(name) || name.to_ascii_lowercase().ends_with(".zip")).then_some(name)
}

/// Whether a command unpacks an archive named `name`.
fn extracts(cmd: &plimsoll_syntax::shell::CommandView<'_>, name: &str) -> bool {
    let mentions = cmd.args.iter().any(|a| {
        a.value.ends_with(name)
            || a.value.contains(&format!("={name}"))
            || a.value.ends_with(&format!("/{name}"))
    });
    if !mentions {
        return false;
    }
    match cmd.name() {
        "tar" | "bsdtar" => cmd.args.iter().any(|a| {
            let v = &a.value;
            v == "--extract"
                || v == "--get"
                || (v.starts_with('-') && !v.starts_with("--") && v.contains('x'))
                || (!v.starts_with('-')
                    && v.len() <= 6
                    && v.contains('x')
                    && v.chars().all(|c| c.is_ascii_alphabetic()))
        }),
        "unzip" | "gunzip" | "bunzip2" | "unxz" | "unlzma" | "uncompress" | "zcat" | "gzcat" => {
            true
        }
        _ => false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a local archive copied into the final image with `COPY` and
    /// then unpacked by a `RUN` (`tar -x`, `unzip`, `gunzip`...).
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it, so
    /// the image carries the data twice. `ADD` unpacks a local tar archive in
    /// one layer; a bind mount (`RUN --mount=type=bind,source=app.tar.gz,...`)
    /// keeps the archive out of the image entirely.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// - Practice D14, D12.
    /// - hadolint DL3010.
    pub struct CopyArchiveThenExtract {
        code: "DF028",
        name: "copy-archive-then-extract",
        summary: "Archive copied into a layer and unpacked in another",
        severity: Info,
        category: Efficiency,
        practices: ["D14", "D12"],
        peers: [Hadolint "DL3010"],
        fix: None,
        default: true,
    }
}

impl Rule for CopyArchiveThenExtract {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        let image = helpers::final_image_instructions(df);
        for (i, inst) in image.iter().enumerate() {
            let Body::Copy(copy) = &inst.body else {
                continue;
            };
            if inst.flag("from").is_some() {
                continue;
            }
            for source in &copy.sources {
                let Some(name) =
                    archive_name(&source.value).or_else(|| archive_name(&copy.dest.value))
                else {
                    continue;
                };
                let extraction = image[i + 1..].iter().find(|later| {
                    later.keyword == Keyword::Run
                        && later
                            .script()
                            .is_some_and(|s| s.command_views().any(|c| extracts(&c, name)))
                });
                if let Some(run) = extraction {
                    out.add(source.span, format!("`{name}` is copied into a layer and unpacked later, so it ships twice"))
                        .related(run.span, "unpacked here")
                        .help("use `ADD` for local tar archives, or `RUN --mount=type=bind,source=...` to unpack without copying");
                    break;
                }
            }
        }
    }
}
