use super::prelude::*;
use plimsoll_syntax::dockerfile::ImageRef;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<image>` where the image has no tag or uses
    /// `latest`.
    ///
    /// ## Why is this bad?
    /// Files copied from an external image are part of your image just like
    /// its base. An unpinned source changes between builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --from=ghcr.io/astral-sh/uv:latest /uv /usr/local/bin/uv
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --from=ghcr.io/astral-sh/uv:0.5.4 /uv /usr/local/bin/uv
    /// ```
    ///
    /// ## References
    /// - Practice D03 (images pinned).
    pub struct UnpinnedCopyFromImage {
        code: "DF093",
        name: "unpinned-copy-from-image",
        summary: "COPY --from an external image without a pinned tag",
        severity: Warning,
        category: Reliability,
        practices: ["D03"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UnpinnedCopyFromImage {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Some(flag) = inst.effective().flag("from") else {
            return;
        };
        let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
            return;
        };
        // Stage names and bare words are the stage rules' business.
        if value.contains('$')
            || helpers::is_stage_name(cx.dockerfile, value)
            || !value.contains([':', '/', '@'])
        {
            return;
        }
        let Some(image) = ImageRef::parse(value) else {
            return;
        };
        if image.digest.is_some() {
            return;
        }
        match image.tag.as_deref() {
            None => {
                out.add(span, format!("`{value}` has no tag, so it means `latest`"))
                    .help("pin a version tag, ideally with its digest");
            }
            Some("latest") => {
                out.add(span, format!("`{value}` uses the moving `latest` tag"))
                    .help("pin a version tag, ideally with its digest");
            }
            Some(_) => {}
        }
    }
}
