use super::prelude::*;
use plimsoll_syntax::shell::CommandView;

/// Environment variables that switch certificate checks off, with the values that do.
const ENV_SWITCHES: [(&str, &[&str]); 5] = [
    ("PYTHONHTTPSVERIFY", &["0"]),
    ("NODE_TLS_REJECT_UNAUTHORIZED", &["0"]),
    ("NPM_CONFIG_STRICT_SSL", &["false", "0"]),
    ("GIT_SSL_NO_VERIFY", &[]),
    ("PIP_TRUSTED_HOST", &[]),
];

/// What in a command disables certificate checks, if anything.
fn insecure_option(cmd: &CommandView<'_>) -> Option<(String, plimsoll_diagnostics::Span)> {
    let name = cmd.name();
    let hit = |flags: &[&str]| cmd.find_flag(flags).map(|w| (w.value.clone(), w.span));
    match name {
        "curl" => hit(&["-k", "--insecure"]),
        "wget" => hit(&["--no-check-certificate"]),
        _ if name.starts_with("pip") || name.starts_with("python") => hit(&["--trusted-host"]),
        "git" => cmd
            .args
            .iter()
            .find(|a| {
                a.value.to_ascii_lowercase().contains("sslverify")
                    && (a.value.ends_with("false") || a.value.ends_with("=0"))
            })
            .or_else(|| {
                let lower: Vec<String> = cmd
                    .args
                    .iter()
                    .map(|a| a.value.to_ascii_lowercase())
                    .collect();
                lower
                    .iter()
                    .position(|a| a == "http.sslverify")
                    .and_then(|i| {
                        matches!(lower.get(i + 1).map(String::as_str), Some("false" | "0"))
                            .then(|| &cmd.args[i])
                    })
            })
            .map(|w| (w.value.clone(), w.span)),
        "npm" | "yarn" | "pnpm" => {
            let values: Vec<&str> = cmd.args.iter().map(|a| a.value.as_str()).collect();
            let i = values
                .iter()
                .position(|v| *v == "strict-ssl" || *v == "strict-ssl=false")?;
            let off =
                values[i] == "strict-ssl=false" || matches!(values.get(i + 1), Some(&"false"));
            off.then(|| (cmd.args[i].value.clone(), cmd.args[i].span))
        }
        "yum" | "dnf" | "microdnf" => cmd
            .args
            .iter()
            .find(|a| {
                let v = a.value.to_ascii_lowercase();
                v.contains("sslverify=false") || v.contains("sslverify=0")
            })
            .map(|w| (w.value.clone(), w.span)),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports certificate verification switched off: `curl -k`,
    /// `wget --no-check-certificate`, `pip --trusted-host`,
    /// `git -c http.sslVerify=false`, `npm config set strict-ssl false`,
    /// `sslverify=false` for yum and dnf, and the environment variables
    /// `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`,
    /// `NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` and
    /// `PIP_TRUSTED_HOST`.
    ///
    /// ## Why is this bad?
    /// Without certificate checks anyone on the network path can serve a
    /// different file: the image installs whatever they send.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -k https://example.com/tool.tgz -o /tmp/tool.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/tool.tgz -o /tmp/tool.tgz
    /// ```
    /// If a private CA is the problem, add its certificate to the trust store instead.
    ///
    /// ## References
    /// - Practice D06, S02 (supply chain).
    /// - checkov CKV2_DOCKER_2, CKV2_DOCKER_3, CKV2_DOCKER_4, CKV2_DOCKER_5, CKV2_DOCKER_6,
    ///   CKV2_DOCKER_12, CKV2_DOCKER_13, CKV2_DOCKER_14, CKV2_DOCKER_15, CKV2_DOCKER_16.
    pub struct TlsVerificationDisabled {
        code: "DF079",
        name: "tls-verification-disabled",
        summary: "Certificate verification switched off",
        severity: Error,
        category: Security,
        practices: ["D06", "S02"],
        peers: [
            Checkov "CKV2_DOCKER_2", Checkov "CKV2_DOCKER_3", Checkov "CKV2_DOCKER_4",
            Checkov "CKV2_DOCKER_5", Checkov "CKV2_DOCKER_6", Checkov "CKV2_DOCKER_12",
            Checkov "CKV2_DOCKER_13", Checkov "CKV2_DOCKER_14", Checkov "CKV2_DOCKER_15",
            Checkov "CKV2_DOCKER_16",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for TlsVerificationDisabled {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let df = cx.dockerfile;
        for (_, script) in helpers::run_scripts(df) {
            for cmd in script.command_views() {
                if let Some((option, span)) = insecure_option(&cmd) {
                    out.add(
                        span,
                        format!(
                            "`{option}` makes `{}` skip certificate verification",
                            cmd.name()
                        ),
                    );
                }
            }
        }
        for inst in &df.instructions {
            let (Body::Env(kv) | Body::Label(kv)) = &inst.effective().body else {
                continue;
            };
            if inst.effective().keyword != Keyword::Env {
                continue;
            }
            for pair in &kv.pairs {
                let Some((_, values)) = ENV_SWITCHES
                    .iter()
                    .find(|(name, _)| *name == pair.key.value)
                else {
                    continue;
                };
                if values.is_empty()
                    || values.contains(&pair.value.value.to_ascii_lowercase().as_str())
                {
                    out.add(
                        pair.span,
                        format!("`{}` disables certificate verification", pair.key.value),
                    );
                }
            }
        }
    }
}
