//! ADD of local files and ADD of URLs (D14).

use super::prelude::*;

/// Extensions `ADD` unpacks: tar archives, plain or compressed.
pub(crate) const ARCHIVE_EXTENSIONS: [&str; 18] = [
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz2",
    ".tbz",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.lzma",
    ".tlz",
    ".tar.zst",
    ".tzst",
    ".tar.z",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
];

pub(crate) fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ARCHIVE_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

pub(crate) fn is_url(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
}

/// Flags only `ADD` understands; with them the instruction cannot become `COPY`.
const ADD_ONLY_FLAGS: [&str; 3] = ["checksum", "keep-git-dir", "unpack"];

declare_rule! {
    /// ## What it does
    /// Reports `ADD` of local files or directories that are not archives.
    ///
    /// ## Why is this bad?
    /// `ADD` also downloads URLs and unpacks archives. Using it for plain
    /// files hides which of those behaviours is intended, and a file that
    /// later becomes a `.tar.gz` is silently extracted. `COPY` does exactly
    /// one thing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD config.yaml /etc/app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY config.yaml /etc/app/
    /// ```
    ///
    /// ## Fix safety
    /// The fix renames the instruction to `COPY`. It is safe: for local
    /// files that are not archives both instructions behave the same. It is
    /// not offered when `ADD`-only flags (`--checksum`, `--keep-git-dir`,
    /// `--unpack`) are present.
    ///
    /// ## References
    /// - Practice D14 (COPY over ADD for local files).
    /// - hadolint DL3020, checkov CKV_DOCKER_4.
    pub struct AddInsteadOfCopy {
        code: "DF026",
        name: "add-instead-of-copy",
        summary: "ADD used for local files that COPY would copy",
        severity: Warning,
        category: BestPractice,
        practices: ["D14"],
        peers: [Hadolint "DL3020", Checkov "CKV_DOCKER_4"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for AddInsteadOfCopy {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let Body::Add(add) = &inst.body else { return };
        let unclear = |s: &str| is_url(s) || is_archive(s) || s.contains('$');
        if add.sources.iter().any(|s| unclear(&s.value)) {
            return;
        }
        let fix = (!inst
            .flags
            .iter()
            .any(|f| ADD_ONLY_FLAGS.contains(&f.name.as_str())))
        .then(|| {
            let copy = if inst.keyword_text.chars().all(|c| c.is_ascii_lowercase()) {
                "copy"
            } else {
                "COPY"
            };
            Fix::safe(
                "Replace `ADD` with `COPY`",
                vec![Edit::replace(inst.keyword_span, copy)],
            )
        });
        out.add(
            inst.keyword_span,
            "use `COPY` for local files; `ADD` is for URLs and archives",
        )
        .fix_opt(fix);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `ADD <url>` without `--checksum`.
    ///
    /// ## Why is this bad?
    /// The download is not verified: a compromised or changed file at that
    /// URL ends up in the image unnoticed, and builds are not reproducible.
    /// `ADD --checksum=sha256:...` makes the build fail when the content
    /// changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD https://example.com/tool-1.2.tar.gz /opt/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/
    /// ```
    ///
    /// Git sources (`.git` URLs) are pinned by commit instead and are not reported.
    ///
    /// ## References
    /// - Practice D14, S02 (supply chain: verified downloads).
    pub struct AddUrlWithoutChecksum {
        code: "DF027",
        name: "add-url-without-checksum",
        summary: "ADD downloads a URL without --checksum",
        severity: Warning,
        category: Security,
        practices: ["D14", "S02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for AddUrlWithoutChecksum {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let Body::Add(add) = &inst.body else { return };
        if inst.flag("checksum").is_some() {
            return;
        }
        for source in &add.sources {
            let v = source.value.to_ascii_lowercase();
            let is_git = v.starts_with("git@")
                || v.starts_with("git://")
                || v.split('#').next().is_some_and(|u| u.ends_with(".git"));
            if (v.starts_with("http://") || v.starts_with("https://")) && !is_git {
                out.add(
                    source.span,
                    "download is not verified: add `--checksum=sha256:<digest>`",
                )
                .help("compute it with `curl -sL <url> | sha256sum`");
            }
        }
    }
}
