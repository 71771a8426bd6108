use super::prelude::*;

/// Whether an EXPOSE argument covers port 22.
fn covers_22(arg: &str) -> bool {
    let ports = arg.split('/').next().unwrap_or(arg);
    let (low, high) = ports.split_once('-').unwrap_or((ports, ports));
    matches!((low.parse::<u32>(), high.parse::<u32>()), (Ok(a), Ok(b)) if a <= 22 && 22 <= b)
}

declare_rule! {
    /// ## What it does
    /// Reports a final image that exposes port 22 (SSH).
    ///
    /// ## Why is this bad?
    /// A container should run one service, not an SSH daemon: `docker exec`
    /// and `kubectl exec` give shell access without a listening port,
    /// passwords or host keys baked into the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// EXPOSE 22 8080
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - Practice D09 (no remote access tools in production), D10.
    /// - checkov CKV_DOCKER_1.
    pub struct ExposedSshPort {
        code: "DF019",
        name: "exposed-ssh-port",
        summary: "Final image exposes the SSH port 22",
        severity: Warning,
        category: Security,
        practices: ["D09", "D10"],
        peers: [Checkov "CKV_DOCKER_1"],
        fix: None,
        default: true,
    }
}

impl Rule for ExposedSshPort {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for inst in helpers::final_image_instructions(cx.dockerfile) {
            let Body::Expose(ports) = &inst.body else {
                continue;
            };
            for port in ports.iter().filter(|p| covers_22(&p.value)) {
                out.add(port.span, "the image exposes port 22 (SSH)")
                    .help("drop the SSH daemon; use `docker exec` or `kubectl exec` for access");
            }
        }
    }
}
