use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<stage or image> / /`: copying another image's
    /// whole file system over this one.
    ///
    /// ## Why is this bad?
    /// Everything is replaced at once: `/etc/passwd`, the package database,
    /// CA certificates, the dynamic loader. The result is neither image, and
    /// scanners cannot tell what is installed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM alpine:3.20
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM alpine:3.20
    /// COPY --from=build /go/bin/app /usr/local/bin/app
    /// ```
    ///
    /// ## References
    /// - Practice D01 (copy only artifacts from build stages), D15.
    /// - hadolint DL3067.
    pub struct CopyRootToRoot {
        code: "DF094",
        name: "copy-root-to-root",
        summary: "COPY --from copies a whole file system onto /",
        severity: Warning,
        category: Reliability,
        practices: ["D01", "D15"],
        peers: [Hadolint "DL3067"],
        fix: None,
        default: true,
    }
}

impl Rule for CopyRootToRoot {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let Body::Copy(copy) = &inst.body else { return };
        if inst.flag("from").is_none() {
            return;
        }
        if copy.dest.value == "/" && copy.sources.iter().any(|s| s.value == "/") {
            out.add(
                inst.args_span,
                "copies a whole file system over this image's root",
            )
            .help("copy only the files you need, e.g. the built binary");
        }
    }
}
