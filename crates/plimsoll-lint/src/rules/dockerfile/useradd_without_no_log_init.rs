use super::prelude::*;

/// UIDs at or above this make `useradd` write huge sparse lastlog/faillog files.
const HIGH_UID: u64 = 100_000;

declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a high UID (100000 or more) and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// useradd reserves a slot per UID in `/var/log/lastlog` and
    /// `/var/log/faillog`. With a high UID these sparse files are gigabytes
    /// long, and image layers store them in full.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -u 1000001 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --no-log-init -u 1000001 app
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `--no-log-init`. It is safe: containers do not use
    /// lastlog or faillog.
    ///
    /// ## References
    /// - Practice D02, D12.
    /// - hadolint DL3046.
    pub struct UseraddWithoutNoLogInit {
        code: "DF078",
        name: "useradd-without-no-log-init",
        summary: "useradd with a high UID and without --no-log-init",
        severity: Warning,
        category: Efficiency,
        practices: ["D02", "D12"],
        peers: [Hadolint "DL3046"],
        fix: Always,
        default: true,
    }
}

impl Rule for UseraddWithoutNoLogInit {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        for (_, script) in helpers::run_scripts(cx.dockerfile) {
            for cmd in script.commands_named("useradd") {
                if cmd.has_flag(&["-l", "--no-log-init"]) {
                    continue;
                }
                let values: Vec<&str> = cmd.args.iter().map(|a| a.value.as_str()).collect();
                let uid = values.iter().enumerate().find_map(|(i, v)| {
                    if *v == "-u" || *v == "--uid" {
                        values.get(i + 1).copied()
                    } else {
                        v.strip_prefix("--uid=")
                            .or_else(|| v.strip_prefix("-u").filter(|r| !r.is_empty()))
                    }
                });
                if uid
                    .and_then(|u| u.parse::<u64>().ok())
                    .is_some_and(|u| u >= HIGH_UID)
                {
                    out.add(
                        cmd.span(),
                        format!(
                            "`useradd` with UID {} writes gigabyte-sized lastlog files",
                            uid.unwrap_or_default()
                        ),
                    )
                    .fix(Fix::safe(
                        "Add `--no-log-init`",
                        vec![Edit::insert(cmd.name.span.end, " --no-log-init")],
                    ));
                }
            }
        }
    }
}
