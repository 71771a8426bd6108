use super::prelude::*;
use regex::Regex;
use std::sync::LazyLock;

/// A secret-like word as a whole `_`-separated segment of the name (BuildKit's rule).
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")
        .expect("valid regex")
});
/// Segments that make such a name harmless: `PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_VERSION`.
static HARMLESS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:_|^)(?:public|file|version|path|url|id|name)(?:_|$)").expect("valid regex")
});

pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAME.is_match(name) && !HARMLESS_NAME.is_match(name)
}

declare_rule! {
    /// ## What it does
    /// Reports `ENV` and `ARG` whose name says it holds a secret
    /// (`AWS_SECRET_ACCESS_KEY`, `NPM_TOKEN`, `DB_PASSWORD`, `API_KEY`...):
    /// a `_`-separated segment is one of apikey, auth, credential(s), key,
    /// password, pword, passwd, secret or token.
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image config, and `ARG` values used by
    /// a `RUN` end up in the image history: anyone who can pull the image
    /// can read them with `docker inspect` or `docker history`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
    /// ```
    ///
    /// Names that describe where a secret lives rather than the secret
    /// (`PASSWORD_FILE`, `TOKEN_PATH`, `PUBLIC_KEY`, `KEY_ID`) are not
    /// reported. `ARG`s before the first `FROM` are reported only when they
    /// carry a default value, which is then a secret written in the
    /// Dockerfile.
    ///
    /// ## References
    /// - Practice D06 (no secrets in images), S01.
    /// - hadolint DL3064, BuildKit SecretsUsedInArgOrEnv.
    pub struct SecretInEnvOrArg {
        code: "DF041",
        name: "secret-in-env-or-arg",
        summary: "ENV or ARG named like a secret",
        severity: Warning,
        category: Security,
        practices: ["D06", "S01"],
        peers: [Hadolint "DL3064", Buildkit "SecretsUsedInArgOrEnv"],
        fix: None,
        default: true,
    }
}

impl Rule for SecretInEnvOrArg {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let global = inst.stage.is_none();
        let inst = inst.effective();
        match &inst.body {
            Body::Env(kv) => {
                for pair in kv.pairs.iter().filter(|p| is_secret_name(&p.key.value)) {
                    out.add(
                        pair.key.span,
                        format!(
                            "`{}` looks like a secret; ENV values are stored in the image",
                            pair.key.value
                        ),
                    )
                    .help("pass it at runtime, or use `RUN --mount=type=secret` during the build");
                }
            }
            Body::Arg(args) => {
                for arg in args.iter().filter(|a| is_secret_name(&a.name.value)) {
                    if global && arg.default.as_ref().is_none_or(|d| d.value.is_empty()) {
                        continue;
                    }
                    out.add(arg.name.span, format!("`{}` looks like a secret; build arguments are visible in the image history", arg.name.value))
                        .help("use `RUN --mount=type=secret,id=...` and `docker build --secret`");
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn names() {
        for n in [
            "AWS_SECRET_ACCESS_KEY",
            "NPM_TOKEN",
            "DB_PASSWORD",
            "apiKey",
            "GITHUB_TOKEN",
            "KEY",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "MONKEY",
            "DB_PASS",
            "AUTHOR",
            "PUBLIC_KEY",
            "PASSWORD_FILE",
            "TOKEN_VERSION",
            "GPG_KEY_ID",
            "KEYS",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
