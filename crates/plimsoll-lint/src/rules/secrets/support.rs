//! Reporting a detection: a message that never holds the secret (a
//! known prefix at most, and the length), the secret span marked
//! sensitive so that code frames mask it. Practice S01.

use crate::rule::{Diagnostics, TextContext};
use crate::secrets::{Detection, Detector};
use plimsoll_diagnostics::Severity;
use std::fmt::Write as _;

/// What each detector finds, for messages.
fn label(d: Detector) -> &'static str {
    match d {
        Detector::AwsAccessKeyId => "AWS access key ID",
        Detector::AwsSecretAccessKey => "AWS secret access key",
        Detector::PrivateKey => "private key",
        Detector::GithubToken => "GitHub token",
        Detector::GitlabToken => "GitLab token",
        Detector::SlackToken => "Slack token",
        Detector::SlackWebhook => "Slack webhook URL",
        Detector::StripeKey => "Stripe live secret key",
        Detector::GoogleApiKey => "Google API key",
        Detector::Jwt => "JSON Web Token",
        Detector::UrlPassword => "password in URL",
        Detector::GenericSecret => "high-entropy secret",
        Detector::NpmToken => "npm access token",
        Detector::PypiToken => "PyPI API token",
        Detector::SendgridKey => "SendGrid API key",
        Detector::TwilioKey => "Twilio API key",
        Detector::AzureStorageKey => "Azure storage account key",
        Detector::GcpServiceAccountKey => "GCP service-account private key",
        Detector::DockerConfigAuth => "Docker registry credentials",
    }
}

fn help(d: Detector) -> &'static str {
    match d {
        Detector::AwsAccessKeyId | Detector::AwsSecretAccessKey => {
            "deactivate the key in IAM, then use a role, OIDC federation or a secret store"
        }
        Detector::PrivateKey | Detector::GcpServiceAccountKey => {
            "replace the key pair and mount the private key from a secret store at run time"
        }
        Detector::UrlPassword => {
            "change the password and build the URL from a variable or secret at run time"
        }
        Detector::GenericSecret => {
            "rotate the value and read it from a variable, a secret reference or a secret store"
        }
        Detector::Jwt => "revoke the token (or rotate its signing key) and inject it at run time",
        Detector::DockerConfigAuth => {
            "change the registry password and use a credential helper or a CI secret"
        }
        _ => "revoke the token, then read it from a CI secret or a secret store at run time",
    }
}

/// Detectors whose tokens start with a fixed, public prefix: the first
/// four characters can be shown.
fn shows_prefix(d: Detector) -> bool {
    !matches!(
        d,
        Detector::AwsSecretAccessKey
            | Detector::UrlPassword
            | Detector::GenericSecret
            | Detector::AzureStorageKey
            | Detector::DockerConfigAuth
            | Detector::TwilioKey
    )
}

/// `ghp_…(40 chars)`, or `…(24 chars)` when no prefix is public.
pub(crate) fn redacted(d: Detector, secret: &str) -> String {
    let n = secret.chars().count();
    let head: String = if shows_prefix(d) {
        secret.chars().take(4).collect()
    } else {
        String::new()
    };
    format!("{head}…({n} chars)")
}

/// The URL around a password, with the password elided:
/// `postgres://app:…@db.internal:5432`.
fn url_without_password(text: &str, d: &Detection) -> Option<String> {
    let before = text.get(..d.secret.start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let scheme_at = before[line_start..].rfind("://")? + line_start;
    let start = before[..scheme_at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let after = text.get(d.secret.end..)?;
    let host_end = after
        .find(|c: char| c.is_whitespace() || "/?#\"'`<>\\)]".contains(c))
        .unwrap_or(after.len());
    Some(format!(
        "{}…{}",
        &text[start..d.secret.start],
        &after[..host_end]
    ))
}

fn message(text: &str, d: &Detection) -> String {
    let secret = d.secret.slice(text);
    let mut m = match d.detector {
        Detector::PrivateKey | Detector::GcpServiceAccountKey => {
            format!("{} block `{}`", label(d.detector), d.span.slice(text))
        }
        Detector::UrlPassword => match url_without_password(text, d) {
            Some(url) => format!("URL `{url}` holds a literal password"),
            None => "URL holds a literal password".to_string(),
        },
        Detector::SlackWebhook => format!(
            "{} `{}…`",
            label(d.detector),
            d.span
                .slice(text)
                .get(..d.secret.start - d.span.start)
                .unwrap_or("")
        ),
        _ => format!("{} `{}`", label(d.detector), redacted(d.detector, secret)),
    };
    if let Some(key) = d.key {
        let _ = write!(m, " assigned to `{}`", key.slice(text));
    }
    if !d.detail.is_empty() {
        let _ = write!(m, " ({})", d.detail);
    }
    m
}

/// Reports every detection of `detector` in the file.
pub(crate) fn report(cx: &TextContext<'_>, detector: Detector, out: &mut Diagnostics<'_>) {
    for d in cx.detections().iter().filter(|d| d.detector == detector) {
        let b = out
            .add(d.span, message(cx.text(), d))
            .help(help(detector))
            .sensitive(d.secret);
        if d.detail == "encrypted with a passphrase" {
            let _ = b.severity(Severity::Warning);
        }
    }
}
