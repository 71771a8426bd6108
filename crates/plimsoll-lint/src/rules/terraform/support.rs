//! Shared helpers of the Terraform rules (practices T01-T13): module
//! sources and refs (T03, T12), secret-looking names (T10), and where a
//! module-level finding is reported.

use crate::rule::TerraformContext;
use crate::terraform::{Module, TfFile};
use plimsoll_diagnostics::Span;
use plimsoll_syntax::hcl::{HclFile, ParseError};

/// The parse error of a file, if any.
pub fn parse_error(hcl: &HclFile) -> Option<&ParseError> {
    hcl.error.as_ref()
}

/// How a module `source` (or Terragrunt `terraform.source`) is pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourcePin {
    /// A local path: nothing to pin.
    Local,
    /// A registry address (`hashicorp/consul/aws`): pinned by `version`.
    Registry,
    /// Git with no `ref`.
    GitNoRef,
    /// Git with `ref=<branch>` naming a well-known branch.
    GitBranch(String),
    /// Git with a tag or commit (or a ref we cannot classify).
    GitPinned,
    /// Anything else (archives, buckets, interpolated): not judged.
    Other,
}

/// Branch names that are never releases.
const BRANCHES: [&str; 8] = [
    "main",
    "master",
    "develop",
    "dev",
    "HEAD",
    "trunk",
    "development",
    "latest",
];

/// Classifies a module source string.
pub fn source_pin(source: &str) -> SourcePin {
    let s = source.trim();
    if s.starts_with("./") || s.starts_with("../") || s.starts_with('/') {
        return SourcePin::Local;
    }
    if s.contains("${") {
        return SourcePin::Other;
    }
    let lower = s.to_ascii_lowercase();
    let git = lower.starts_with("git::")
        || lower.starts_with("git@")
        || lower.starts_with("github.com/")
        || lower.starts_with("bitbucket.org/")
        || lower.starts_with("hg::")
        || ((lower.starts_with("https://") || lower.starts_with("ssh://"))
            && lower.split('?').next().is_some_and(|u| u.ends_with(".git")));
    if git {
        let query = s.split_once('?').map_or("", |(_, q)| q);
        let reference = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("ref="))
            .map(|r| r.split("//").next().unwrap_or(r));
        return match reference {
            None | Some("") => SourcePin::GitNoRef,
            Some(r) if BRANCHES.iter().any(|b| b.eq_ignore_ascii_case(r)) => {
                SourcePin::GitBranch(r.to_string())
            }
            Some(_) => SourcePin::GitPinned,
        };
    }
    if lower.contains("::") || lower.starts_with("http://") || lower.starts_with("https://") {
        return SourcePin::Other;
    }
    // `namespace/name/provider`, optionally behind a hostname, optionally
    // with a `//subdir`.
    let address = s.split("//").next().unwrap_or(s);
    let parts: Vec<&str> = address.split('/').collect();
    let word = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    };
    match parts.as_slice() {
        [ns, name, provider] if word(ns) && word(name) && word(provider) && !ns.contains('.') => {
            SourcePin::Registry
        }
        [host, ns, name, provider]
            if host.contains('.') && word(ns) && word(name) && word(provider) =>
        {
            SourcePin::Registry
        }
        _ => SourcePin::Other,
    }
}

/// Name parts that mark a secret. Matched on `_`/`-`-separated words of
/// the lower-case name, so `password_length` or `secret_arn` are handled
/// by [`NOT_SECRET_WORDS`].
const SECRET_WORDS: [&str; 12] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "credential",
    "credentials",
    "passphrase",
    "pwd",
    "pat",
    "sas",
];

/// Words that, anywhere in the name, make it metadata about a secret
/// rather than the secret (`password_length`, `secret_arn`, `token_ttl`).
const NOT_SECRET_WORDS: [&str; 30] = [
    "arn",
    "id",
    "ids",
    "name",
    "names",
    "length",
    "len",
    "ttl",
    "expiry",
    "expiration",
    "enabled",
    "enable",
    "rotation",
    "policy",
    "version",
    "versions",
    "path",
    "file",
    "type",
    "count",
    "min",
    "max",
    "special",
    "upper",
    "lower",
    "numeric",
    "url",
    "uri",
    "key_id",
    "kms",
];

/// Whether a variable, output or tfvars key names a secret value:
/// `db_password`, `api_key`, `private_key`, `github_token`, `client_secret`.
pub fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['_', '-']).filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| NOT_SECRET_WORDS.contains(w)) {
        return false;
    }
    let joined_pairs = words.windows(2).map(|w| format!("{}{}", w[0], w[1]));
    let secret_word = words.iter().any(|w| {
        SECRET_WORDS.contains(w)
            || w.ends_with("password")
            || w.ends_with("secret")
            || w.ends_with("token")
    });
    let pair = joined_pairs
        .into_iter()
        .any(|p| p == "apikey" || p == "privatekey" || p == "accesskey" || p == "secretkey");
    secret_word || pair
}

/// Whether a literal looks like a placeholder rather than a secret:
/// empty, `changeme`, `<password>`, `${...}`, `xxx`, `TODO`, `REPLACE_ME`.
pub fn placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.len() < 4
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.contains("${")
        || v.bytes()
            .all(|b| b == b'x' || b == b'X' || b == b'*' || b == b'.')
        || ["password", "secret", "token"].contains(&lower.as_str())
        || [
            "changeme",
            "change-me",
            "change_me",
            "replace",
            "todo",
            "example",
            "placeholder",
            "dummy",
            "redacted",
            "your-",
            "your_",
            "fixme",
            "none",
            "null",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// The file where a finding about the whole module is reported: the
/// file holding the first `terraform` block, else the first `provider`
/// block, else the first `.tf` file; with the span to use.
pub fn module_anchor<'m>(module: &'m Module<'_>) -> Option<(&'m TfFile<'m>, Span)> {
    let files: Vec<&TfFile<'_>> = module.tf_files().collect();
    if let Some(f) = files.iter().find(|f| !f.terraform.is_empty()) {
        return Some((f, f.terraform[0].block.header_span()));
    }
    if let Some(f) = files.iter().find(|f| !f.providers.is_empty()) {
        return Some((f, f.providers[0].block.header_span()));
    }
    let f = files.first()?;
    let span = f
        .hcl
        .body
        .blocks
        .first()
        .map_or(Span::empty(0), plimsoll_syntax::hcl::Block::header_span);
    Some((f, span))
}

/// The span where this file reports a module-level finding, when it is
/// the module's anchor file.
pub fn anchored_here(cx: &TerraformContext<'_>) -> Option<Span> {
    let (f, span) = module_anchor(cx.module)?;
    std::ptr::eq(f.parsed, cx.parsed).then_some(span)
}

/// Whether a Terragrunt file sits in the module's directory or above it
/// (Terragrunt then generates the backend and provider files).
pub fn under_terragrunt(cx: &TerraformContext<'_>) -> bool {
    cx.index.terragrunt.iter().any(|t| {
        t.fs_path
            .parent()
            .is_some_and(|d| cx.module.dir.starts_with(crate::paths::normalize(d)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        for (s, want) in [
            ("./modules/vpc", SourcePin::Local),
            ("terraform-aws-modules/vpc/aws", SourcePin::Registry),
            ("app.terraform.io/org/vpc/aws", SourcePin::Registry),
            (
                "terraform-aws-modules/vpc/aws//modules/x",
                SourcePin::Registry,
            ),
            ("git::https://example.com/vpc.git", SourcePin::GitNoRef),
            ("github.com/org/repo", SourcePin::GitNoRef),
            (
                "git::https://example.com/vpc.git?ref=main",
                SourcePin::GitBranch("main".into()),
            ),
            (
                "git@github.com:org/repo.git?ref=v1.2.0",
                SourcePin::GitPinned,
            ),
            (
                "git::https://x/y.git//sub?ref=0123456789abcdef0123456789abcdef01234567",
                SourcePin::GitPinned,
            ),
            ("s3::https://s3.amazonaws.com/b/vpc.zip", SourcePin::Other),
            ("https://example.com/vpc.zip", SourcePin::Other),
        ] {
            assert_eq!(source_pin(s), want, "{s}");
        }
    }

    #[test]
    fn secret_names() {
        for n in [
            "db_password",
            "api_key",
            "private_key",
            "github_token",
            "client_secret",
            "master_password",
            "secret",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "password_length",
            "secret_arn",
            "token_ttl",
            "kms_key_id",
            "enable_secret_rotation",
            "key_name",
            "public_key",
            "tokens_enabled",
        ] {
            assert!(!secret_name(n), "{n}");
        }
    }
}
