use super::prelude::*;

/// File names that hold credentials.
const SECRET_NAMES: [&str; 14] = [
    ".env",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    "credentials",
    "credentials.json",
    ".htpasswd",
    "kubeconfig",
    "secrets.yaml",
];
/// Extensions of keys and keystores.
const SECRET_EXTENSIONS: [&str; 7] = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk"];
/// Directories that hold credentials.
const SECRET_DIRS: [&str; 4] = [".ssh", ".aws", ".gnupg", ".docker"];

/// Why a COPY source looks like a secret, if it does.
fn secret_kind(source: &str) -> Option<&'static str> {
    let path = source.trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let harmless = [
        ".example",
        ".sample",
        ".template",
        ".dist",
        ".tpl",
        ".pub",
        ".crt",
    ];
    if harmless.iter().any(|h| name.ends_with(h)) {
        return None;
    }
    if SECRET_NAMES.contains(&name.as_str())
        || (name.starts_with(".env.") && name != ".env.example")
    {
        return Some("a credentials file");
    }
    if SECRET_EXTENSIONS.iter().any(|e| name.ends_with(e)) {
        return Some("a private key or keystore");
    }
    if SECRET_DIRS.contains(&name.as_str()) {
        return Some("a credentials directory");
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports `COPY` and `ADD` of files that usually hold secrets: `.env`,
    /// SSH keys, `.npmrc`, `.pypirc`, `.netrc`, `*.pem`, `*.key`, keystores,
    /// `.aws/` and `.ssh/` directories.
    ///
    /// ## Why is this bad?
    /// Anything copied into a layer stays in the image, even if a later
    /// step deletes it: anyone who can pull the image can read it with
    /// `docker save` or `docker history`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY .npmrc /root/.npmrc
    /// RUN npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    /// and build with `docker build --secret id=npmrc,src=.npmrc .`.
    ///
    /// Example files (`.env.example`, `*.sample`) and public keys (`*.pub`,
    /// `*.crt`) are not reported, nor copies between stages.
    ///
    /// ## References
    /// - Practice D06 (no secrets in images), S01.
    pub struct CopySecretFile {
        code: "DF042",
        name: "copy-secret-file",
        summary: "COPY or ADD of a file that usually holds secrets",
        severity: Error,
        category: Security,
        practices: ["D06", "S01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for CopySecretFile {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let (Body::Copy(copy) | Body::Add(copy)) = &inst.body else {
            return;
        };
        if inst.flag("from").is_some() {
            return;
        }
        for source in &copy.sources {
            if let Some(kind) = secret_kind(&source.value) {
                out.add(
                    source.span,
                    format!(
                        "`{}` looks like {kind}; it stays in the image layer",
                        source.value
                    ),
                )
                .help(
                    "use `RUN --mount=type=secret,id=...` at build time, or inject it at runtime",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::secret_kind;

    #[test]
    fn recognises_secret_files_and_spares_examples() {
        for s in [
            ".env",
            "config/.env.production",
            "id_rsa",
            "certs/server.key",
            ".aws/",
            "app.p12",
            ".npmrc",
        ] {
            assert!(secret_kind(s).is_some(), "{s}");
        }
        for s in [
            ".env.example",
            "id_rsa.pub",
            "ca.crt",
            "server.js",
            "keys.txt",
            "package.json",
        ] {
            assert!(secret_kind(s).is_none(), "{s}");
        }
    }
}
