use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports blank lines inside a line continuation.
    ///
    /// ## Why is this bad?
    /// The builder skips them today but they are deprecated and will become
    /// an error. They also make it easy to believe an instruction ended
    /// where it did not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the blank line. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - BuildKit NoEmptyContinuation.
    pub struct EmptyContinuationLine {
        code: "DF038",
        name: "empty-continuation-line",
        summary: "Blank line inside a line continuation",
        severity: Warning,
        category: Correctness,
        practices: ["D15"],
        peers: [Buildkit "NoEmptyContinuation"],
        fix: Always,
        default: true,
    }
}

impl Rule for EmptyContinuationLine {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let text = cx.file.text();
        for &span in &cx.dockerfile.empty_continuation_lines {
            // Delete the line with its line break.
            let end = text[span.end..]
                .find('\n')
                .map_or(text.len(), |i| span.end + i + 1);
            out.add(span, "blank line inside a continued instruction")
                .fix(Fix::safe(
                    "Delete the blank line",
                    vec![Edit::delete(Span::new(span.start, end))],
                ));
        }
    }
}
