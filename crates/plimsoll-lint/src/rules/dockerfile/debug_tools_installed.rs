use super::package_managers::{self, Tool};
use super::prelude::*;

/// Packages that give an attacker a foothold or are only useful to debug.
const DEBUG_PACKAGES: [&str; 22] = [
    "openssh-server",
    "openssh",
    "dropbear",
    "telnet",
    "telnetd",
    "netcat",
    "netcat-openbsd",
    "netcat-traditional",
    "ncat",
    "nmap",
    "socat",
    "gdb",
    "strace",
    "ltrace",
    "tcpdump",
    "valgrind",
    "sudo",
    "vim",
    "vim-tiny",
    "nano",
    "emacs",
    "emacs-nox",
];

fn package_name(spec: &str) -> &str {
    spec.split(['=', '~', '<', '>']).next().unwrap_or(spec)
}

declare_rule! {
    /// ## What it does
    /// Reports debug and remote-access tools installed in the final image:
    /// SSH servers, `telnet`, `netcat`, `nmap`, `socat`, debuggers and
    /// tracers (`gdb`, `strace`, `tcpdump`), `sudo` and editors.
    ///
    /// ## Why is this bad?
    /// They are not needed to run the application and are exactly what an
    /// attacker looks for after getting in. They also add size and CVEs.
    /// Debug with an ephemeral debug container (`kubectl debug`) instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl vim strace \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Build stages are not reported: only what ships matters.
    ///
    /// ## References
    /// - Practice D09 (no debug or remote tools in production stages).
    pub struct DebugToolsInstalled {
        code: "DF084",
        name: "debug-tools-installed",
        summary: "Debug or remote-access tools installed in the final image",
        severity: Warning,
        category: Security,
        practices: ["D09"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for DebugToolsInstalled {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (inst, script) in helpers::run_scripts(df) {
            if !helpers::is_in_final_image(df, inst) {
                continue;
            }
            for tool in [
                Tool::AptGet,
                Tool::Apt,
                Tool::Apk,
                Tool::Yum,
                Tool::Dnf,
                Tool::Microdnf,
                Tool::Zypper,
            ] {
                for cmd in package_managers::installs(script, tool) {
                    for pkg in cmd.packages {
                        let name = package_name(&pkg.value);
                        if DEBUG_PACKAGES.contains(&name) {
                            out.add(pkg.span, format!("`{name}` is a debug or remote-access tool in the final image"))
                                .help("leave it out; debug with an ephemeral container (`kubectl debug`, `docker debug`)");
                        }
                    }
                }
            }
        }
    }
}
