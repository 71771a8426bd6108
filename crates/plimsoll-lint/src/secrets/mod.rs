//! The secret scan: one pass over a file's text, whatever its kind.
//!
//! Two Aho-Corasick automata find the places worth a look: literal token
//! prefixes (`AKIA`, `ghp_`, `-----BEGIN `, `xox`, `://`, `eyJ`...) and,
//! case-insensitively, words of secret-named keys (`pass`, `secret`,
//! `token`, `api_key`...). Only there are the candidates checked by hand
//! (character classes, lengths, boundaries, Shannon entropy, a base64
//! decoding for JWTs and Docker `auth` values), and every candidate goes
//! through [`is_placeholder`]. A file without any prefix or key word costs
//! two automaton passes and no allocation.
//!
//! The rules in `rules/secrets/` each report one [`Detector`]'s
//! detections, computed once per file by [`crate::rule::TextContext`].

pub mod dotenv;
mod placeholder;

pub use placeholder::is_placeholder;

use crate::kind::FileKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use plimsoll_diagnostics::{Domain, Finding, Span};
use std::sync::LazyLock;

/// A family of secrets, one rule each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detector {
    AwsAccessKeyId,
    AwsSecretAccessKey,
    PrivateKey,
    GithubToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    StripeKey,
    GoogleApiKey,
    Jwt,
    UrlPassword,
    GenericSecret,
    NpmToken,
    PypiToken,
    SendgridKey,
    TwilioKey,
    AzureStorageKey,
    GcpServiceAccountKey,
    DockerConfigAuth,
}

impl Detector {
    /// Lower wins when two detections overlap: a recognised format beats a
    /// password in a URL, which beats a high-entropy value.
    fn rank(self) -> u8 {
        match self {
            Detector::GenericSecret => 3,
            Detector::UrlPassword => 2,
            Detector::AwsSecretAccessKey | Detector::Jwt | Detector::DockerConfigAuth => 1,
            _ => 0,
        }
    }
}

/// One secret found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub detector: Detector,
    /// Where the finding is reported.
    pub span: Span,
    /// The secret itself: never printed, masked where source is quoted.
    pub secret: Span,
    /// The secret-named key the value is assigned to, if any.
    pub key: Option<Span>,
    /// A detail for the message (token family, `alg: none`...), or "".
    pub detail: &'static str,
}

/// Literal prefixes, case-sensitive, in the order of [`Prefix`].
const PREFIXES: [&str; 29] = [
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "-----BEGIN ",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glrt-",
    "glptt-",
    "GR1348941",
    "xox",
    "hooks.slack.com/",
    "sk_live_",
    "rk_live_",
    "AIza",
    "eyJ",
    "://",
    "npm_",
    "pypi-AgEIcHlwaS5vcmc",
    "SG.",
    "SK",
    "AccountKey=",
    "\"auths\"",
];

/// Words of secret-named keys, matched case-insensitively.
const KEY_WORDS: [&str; 15] = [
    "pass",
    "accountkey",
    "account_key",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "access_key",
    "accesskey",
    "private_key",
    "privatekey",
    "auth",
    "credential",
];

/// Candidates checked per prefix (and key words per file) before the
/// scan gives up on them: bounds the work on generated or hostile files.
const MAX_CANDIDATES: u32 = 20_000;

static PREFIX_AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(PREFIXES)
        .ok()
});

static KEY_AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(KEY_WORDS)
        .ok()
});

/// Every secret in `text`, at most one per place (the most specific
/// detector wins), sorted by position.
pub fn scan(text: &str, _kind: FileKind) -> Vec<Detection> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Private key blocks and Docker `auths` windows already read.
    let mut skip_until = 0;
    let mut auths_until = 0;
    let service_account = std::sync::OnceLock::new();
    if let Some(ac) = PREFIX_AC.as_ref() {
        let mut attempts = [0u32; PREFIXES.len()];
        for m in ac.find_overlapping_iter(text) {
            let at = m.start();
            // A file with this many candidates of one prefix is not
            // configuration: stop paying for that prefix.
            let tries = &mut attempts[m.pattern().as_usize()];
            *tries += 1;
            if *tries > MAX_CANDIDATES {
                continue;
            }
            let found = match PREFIXES[m.pattern().as_usize()] {
                "AKIA" | "ASIA" | "ABIA" | "ACCA" => aws_key_id(text, at),
                "-----BEGIN " if at >= skip_until => {
                    let found = private_key(text, at, &service_account);
                    if let Some(d) = &found {
                        skip_until = d.secret.end;
                    }
                    found
                }
                "ghp_" => token(text, at, 4, 36, 36, Detector::GithubToken, alnum)
                    .map(|d| with_detail(d, "personal access token")),
                "gho_" => token(text, at, 4, 36, 36, Detector::GithubToken, alnum)
                    .map(|d| with_detail(d, "OAuth access token")),
                "ghu_" | "ghs_" => token(text, at, 4, 36, 36, Detector::GithubToken, alnum)
                    .map(|d| with_detail(d, "GitHub App token")),
                "ghr_" => token(text, at, 4, 36, 76, Detector::GithubToken, alnum)
                    .map(|d| with_detail(d, "refresh token")),
                "github_pat_" => token(text, at, 11, 82, 82, Detector::GithubToken, word)
                    .map(|d| with_detail(d, "fine-grained personal access token")),
                "glpat-" => token(text, at, 6, 20, 64, Detector::GitlabToken, url_safe)
                    .map(|d| with_detail(d, "personal access token")),
                "gldt-" => token(text, at, 5, 20, 64, Detector::GitlabToken, url_safe)
                    .map(|d| with_detail(d, "deploy token")),
                "glrt-" => token(text, at, 5, 20, 64, Detector::GitlabToken, url_safe)
                    .map(|d| with_detail(d, "runner authentication token")),
                "glptt-" => token(text, at, 6, 40, 40, Detector::GitlabToken, hex)
                    .map(|d| with_detail(d, "pipeline trigger token")),
                "GR1348941" => token(text, at, 9, 20, 20, Detector::GitlabToken, url_safe)
                    .map(|d| with_detail(d, "runner registration token")),
                "xox" => slack_token(text, at),
                "hooks.slack.com/" => slack_webhook(text, at),
                "sk_live_" | "rk_live_" => token(text, at, 8, 20, 247, Detector::StripeKey, alnum),
                "AIza" => token(text, at, 4, 35, 35, Detector::GoogleApiKey, url_safe),
                "eyJ" => jwt(text, at),
                "://" => url_password(text, at),
                "npm_" => token(text, at, 4, 36, 36, Detector::NpmToken, alnum),
                "pypi-AgEIcHlwaS5vcmc" => {
                    token(text, at, 20, 50, 400, Detector::PypiToken, url_safe)
                }
                "SG." => sendgrid(text, at),
                "SK" => token(text, at, 2, 32, 32, Detector::TwilioKey, hex),
                "AccountKey=" => azure_account_key(text, at),
                "\"auths\"" if at >= auths_until => {
                    auths_until = docker_auths(text, at, &mut out);
                    None
                }
                _ => None,
            };
            out.extend(found);
        }
    }
    let aws_ids: Vec<Span> = out
        .iter()
        .filter(|d| d.detector == Detector::AwsAccessKeyId)
        .map(|d| d.span)
        .collect();
    for id in aws_ids {
        out.extend(aws_secret_near(text, id));
    }
    if let Some(ac) = KEY_AC.as_ref() {
        let mut last_key_end = 0;
        let mut tries = 0;
        for m in ac.find_iter(text) {
            if m.start() < last_key_end {
                continue;
            }
            tries += 1;
            if tries > MAX_CANDIDATES {
                break;
            }
            let key = key_around(bytes, m.start());
            last_key_end = key.end;
            if let Some(value) = key_assignment(bytes, key) {
                // Key words inside the value are not keys.
                last_key_end = value.end;
                out.extend(keyed_secret(text, key, value));
            }
        }
    }
    keep_most_specific(out)
}

fn with_detail(mut d: Detection, detail: &'static str) -> Detection {
    d.detail = detail;
    d
}

/// Sorts and drops detections overlapping a more specific one.
fn keep_most_specific(mut found: Vec<Detection>) -> Vec<Detection> {
    found.sort_by_key(|d| {
        (
            d.secret.start,
            d.detector.rank(),
            d.key.is_none(),
            d.secret.end,
        )
    });
    found.dedup_by(|b, a| a.secret == b.secret && a.detector == b.detector);
    let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
    for d in found {
        let overlaps =
            |k: &Detection| k.secret.start < d.secret.end && d.secret.start < k.secret.end;
        // Sorted by start: only recent detections can overlap (bounded, so
        // that a file of thousands of tokens stays linear).
        let recent = kept.len().saturating_sub(8);
        if let Some(i) = kept[recent..].iter().rposition(overlaps) {
            if d.detector.rank() < kept[recent + i].detector.rank() {
                let older = kept.split_off(recent);
                kept.extend(older.into_iter().filter(|k| !overlaps(k)));
                kept.push(d);
            }
            continue;
        }
        kept.push(d);
    }
    kept.sort_by_key(|d| (d.span.start, d.secret.start));
    kept
}

/// Codes of domain rules that report literal secrets themselves. A secret
/// finding on the same line as one of theirs is dropped (the domain rule
/// keeps its more specific message), its secret span handed over so the
/// domain finding's code frame masks it.
pub const DOMAIN_SECRET_RULES: [&str; 7] = [
    "DF041", "K8S056", "K8S057", "GHA008", "GL018", "DC013", "DC014",
];

/// Drops secret findings that repeat a domain rule's finding at the same
/// place (overlapping spans or the same line), see [`DOMAIN_SECRET_RULES`].
pub fn drop_duplicates(findings: &mut Vec<Finding>) {
    if !findings.iter().any(|f| f.rule.domain == Domain::Secrets) {
        return;
    }
    let domain: Vec<usize> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| DOMAIN_SECRET_RULES.contains(&f.rule.code))
        .map(|(i, _)| i)
        .collect();
    if domain.is_empty() {
        return;
    }
    let mut drop = vec![false; findings.len()];
    let mut handed: Vec<(usize, Span)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if f.rule.domain != Domain::Secrets {
            continue;
        }
        let s = f.location.span;
        let hit = domain.iter().copied().find(|&j| {
            let d = &findings[j].location;
            (d.span.start < s.end.max(s.start + 1) && s.start < d.span.end.max(d.span.start + 1))
                || d.start.line == f.location.start.line
        });
        if let Some(j) = hit {
            drop[i] = true;
            if let Some(secret) = f.sensitive {
                handed.push((j, secret));
            }
        }
    }
    for (j, secret) in handed {
        if findings[j].sensitive.is_none() {
            findings[j].sensitive = Some(secret);
        }
    }
    let mut i = 0;
    findings.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
}

// ---------------------------------------------------------------------------
// Character classes and helpers.

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

fn base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

fn base32(b: u8) -> bool {
    b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)
}

/// The end of the run of `class` bytes starting at `from`, at most
/// `limit` bytes long (every caller bounds its work by the longest token
/// it accepts, so that adversarial runs cost linear time).
fn run(bytes: &[u8], from: usize, limit: usize, class: impl Fn(u8) -> bool) -> usize {
    let stop = from.saturating_add(limit).min(bytes.len());
    let mut i = from;
    while i < stop && class(bytes[i]) {
        i += 1;
    }
    i
}

/// No letter or digit right before `at`.
fn starts_word(bytes: &[u8], at: usize) -> bool {
    at == 0 || !bytes[at - 1].is_ascii_alphanumeric()
}

/// Shannon entropy of the bytes, in bits per byte.
#[allow(clippy::cast_precision_loss)]
pub fn entropy(s: &str) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Decodes base64 (standard or URL-safe alphabet, padding optional).
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// A token: `prefix_len` bytes of prefix at `at`, then `min..=max` bytes
/// of `class`, not glued to letters or digits on either side, not a
/// placeholder, and not too repetitive.
fn token(
    text: &str,
    at: usize,
    prefix_len: usize,
    min: usize,
    max: usize,
    detector: Detector,
    class: fn(u8) -> bool,
) -> Option<Detection> {
    let bytes = text.as_bytes();
    if !starts_word(bytes, at) || (at > 0 && matches!(bytes[at - 1], b'_' | b'-')) {
        return None;
    }
    let body = at + prefix_len;
    let end = run(bytes, body, max + 1, class);
    let len = end - body;
    if len < min || len > max || end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
        return None;
    }
    let secret = Span::new(at, end);
    let body_text = &text[body..end];
    if is_placeholder(secret.slice(text)) || entropy(body_text) < 3.0 {
        return None;
    }
    Some(Detection {
        detector,
        span: secret,
        secret,
        key: None,
        detail: "",
    })
}

// ---------------------------------------------------------------------------
// Detectors.

/// `AKIA` + 16 base32 characters (also `ASIA` temporary, `ABIA`, `ACCA`).
fn aws_key_id(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    if !starts_word(bytes, at) {
        return None;
    }
    let end = run(bytes, at + 4, 17, base32);
    if end - at != 20 || (end < bytes.len() && bytes[end].is_ascii_alphanumeric()) {
        return None;
    }
    let secret = Span::new(at, end);
    if is_placeholder(secret.slice(text)) {
        return None;
    }
    let detail = if text[at..].starts_with("ASIA") {
        "temporary (STS) key"
    } else {
        ""
    };
    Some(Detection {
        detector: Detector::AwsAccessKeyId,
        span: secret,
        secret,
        key: None,
        detail,
    })
}

/// Whether a 40-character value reads as an AWS secret access key: the
/// base64 alphabet, every character class, high entropy.
fn aws_secret_shape(v: &str) -> bool {
    v.len() == 40
        && v.bytes().all(base64)
        && v.bytes().any(|b| b.is_ascii_uppercase())
        && v.bytes().any(|b| b.is_ascii_lowercase())
        && v.bytes().any(|b| b.is_ascii_digit())
        && entropy(v) >= 4.0
        && !is_placeholder(v)
}

/// A 40-character secret access key within 512 bytes of an access key ID.
fn aws_secret_near(text: &str, id: Span) -> Vec<Detection> {
    let bytes = text.as_bytes();
    let from = id.start.saturating_sub(512);
    let to = (id.end + 512).min(bytes.len());
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if !base64(bytes[i]) {
            i += 1;
            continue;
        }
        let end = run(bytes, i, 41, base64);
        let glued = (i > 0 && matches!(bytes[i - 1], b'=' | b'_' | b'-'))
            || (end < bytes.len() && matches!(bytes[end], b'=' | b'_' | b'-'));
        if end - i == 40 && !glued && (i == 0 || !base64(bytes[i - 1])) {
            let v = &text[i..end];
            if aws_secret_shape(v) {
                let secret = Span::new(i, end);
                out.push(Detection {
                    detector: Detector::AwsSecretAccessKey,
                    span: secret,
                    secret,
                    key: None,
                    detail: "next to an access key ID",
                });
            }
        }
        i = end;
    }
    out
}

/// `-----BEGIN (RSA |EC |OPENSSH |DSA |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----`
/// followed by a body of at least 64 base64 characters.
fn private_key(
    text: &str,
    at: usize,
    service_account: &std::sync::OnceLock<bool>,
) -> Option<Detection> {
    let rest = &text[at + 11..];
    let label_end = rest.find("-----").filter(|&e| e <= 40)?;
    let label = &rest[..label_end];
    let kind = label
        .strip_suffix("PRIVATE KEY BLOCK")
        .or_else(|| label.strip_suffix("PRIVATE KEY"))?;
    let detail = match kind {
        "" | "RSA " | "EC " | "OPENSSH " | "DSA " | "PGP " => "",
        "ENCRYPTED " => "encrypted with a passphrase",
        _ => return None,
    };
    let header = Span::new(at, at + 11 + label_end + 5);
    let body_start = header.end;
    let tail = &text[body_start..];
    let mut window = tail.len().min(16 * 1024);
    while !tail.is_char_boundary(window) {
        window -= 1;
    }
    let body = &tail[..window];
    let body_len = body
        .find("-----END")
        .or_else(|| body.find("-----BEGIN"))
        .unwrap_or(window);
    let body = &tail[..body_len];
    // Key material: runs of base64 of 16 characters or more, between
    // whitespace, `\n` escapes, quotes and comment markers; prose in a
    // comment that mentions a key header has none.
    let material: usize = body
        .split(|c: char| c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | '#' | '|'))
        .map(|t| t.strip_prefix('n').filter(|r| r.len() >= 16).unwrap_or(t))
        .filter(|t| t.len() >= 16 && t.bytes().all(|b| base64(b) || b == b'='))
        .map(str::len)
        .sum();
    if material < 64 || body.contains("...") || body.contains('<') || body.contains("{{") {
        return None;
    }
    let service_account = *service_account
        .get_or_init(|| text.contains("\"private_key_id\"") && text.contains("service_account"));
    Some(Detection {
        detector: if service_account {
            Detector::GcpServiceAccountKey
        } else {
            Detector::PrivateKey
        },
        span: header,
        secret: Span::new(body_start, body_start + body_len),
        key: None,
        detail,
    })
}

/// `xox[baprse]-` then digits and alphanumerics in dash-separated parts.
fn slack_token(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    let kind = *bytes.get(at + 3)?;
    if !b"baprse".contains(&kind) || bytes.get(at + 4) != Some(&b'-') || !starts_word(bytes, at) {
        return None;
    }
    let end = run(bytes, at + 5, 256, |b| {
        b.is_ascii_alphanumeric() || b == b'-'
    });
    let body = &text[at + 5..end];
    if body.len() < 20
        || !body.bytes().any(|b| b.is_ascii_digit())
        || body.split('-').count() < 2
        || is_placeholder(&text[at..end])
        || entropy(body) < 3.0
    {
        return None;
    }
    let secret = Span::new(at, end);
    Some(Detection {
        detector: Detector::SlackToken,
        span: secret,
        secret,
        key: None,
        detail: match kind {
            b'b' => "bot token",
            b'p' => "user token",
            b'a' => "app token",
            b'r' => "refresh token",
            _ => "",
        },
    })
}

/// `https://hooks.slack.com/services/T…/B…/…` (and `/workflows/`).
fn slack_webhook(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    let rest = &text[at + 16..];
    let path = rest
        .strip_prefix("services/")
        .or_else(|| rest.strip_prefix("workflows/"))?;
    let path_start = text.len() - path.len();
    let end = run(bytes, path_start, 256, |b| {
        b.is_ascii_alphanumeric() || b == b'/' || b == b'_' || b == b'-'
    });
    let parts: Vec<&str> = text[path_start..end].split('/').collect();
    if parts.len() < 3
        || !parts[0].starts_with(['T', 'A'])
        || parts[2].len() < 16
        || is_placeholder(parts[2])
        || entropy(parts[2]) < 3.0
    {
        return None;
    }
    let start = text[..at]
        .rfind("https://")
        .filter(|&s| s + 8 == at)
        .unwrap_or(at);
    let secret_start = path_start + parts[0].len() + 1;
    Some(Detection {
        detector: Detector::SlackWebhook,
        span: Span::new(start, end),
        secret: Span::new(secret_start, end),
        key: None,
        detail: "",
    })
}

/// `SG.` + 22 + `.` + 43 URL-safe characters.
fn sendgrid(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    if !starts_word(bytes, at) {
        return None;
    }
    let a = run(bytes, at + 3, 23, url_safe);
    if a - (at + 3) != 22 || bytes.get(a) != Some(&b'.') {
        return None;
    }
    let b = run(bytes, a + 1, 44, url_safe);
    if b - (a + 1) != 43 || is_placeholder(&text[at..b]) || entropy(&text[a + 1..b]) < 3.5 {
        return None;
    }
    let secret = Span::new(at, b);
    Some(Detection {
        detector: Detector::SendgridKey,
        span: secret,
        secret,
        key: None,
        detail: "",
    })
}

/// `AccountKey=` + 86 base64 characters and `==`.
fn azure_account_key(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    let start = at + 11;
    let end = run(bytes, start, 91, |b| base64(b) || b == b'=');
    let v = &text[start..end];
    if !(80..=90).contains(&v.len()) || is_placeholder(v) || entropy(v) < 4.5 {
        return None;
    }
    let secret = Span::new(start, end);
    Some(Detection {
        detector: Detector::AzureStorageKey,
        span: secret,
        secret,
        key: None,
        detail: "",
    })
}

/// Docker's `config.json`: `"auth": "<base64 user:password>"` entries
/// under `"auths"`.
fn docker_auths(text: &str, at: usize, out: &mut Vec<Detection>) -> usize {
    static AUTH: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r#"\\?"auth\\?"\s*:\s*\\?"([A-Za-z0-9+/]{8,}={0,2})\\?""#).ok()
    });
    let mut end = (at + 4096).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let Some(re) = AUTH.as_ref() else { return end };
    for caps in re.captures_iter(&text[at..end]) {
        let Some(v) = caps.get(1) else { continue };
        let Some(decoded) = decode_base64(v.as_str()).and_then(|d| String::from_utf8(d).ok())
        else {
            continue;
        };
        let Some((user, password)) = decoded.split_once(':') else {
            continue;
        };
        if user.is_empty() || password.is_empty() || is_placeholder(password) {
            continue;
        }
        let secret = Span::new(at + v.start(), at + v.end());
        out.push(Detection {
            detector: Detector::DockerConfigAuth,
            span: secret,
            secret,
            key: None,
            detail: "",
        });
    }
    end
}

/// Three base64url segments whose header decodes to JSON with `alg`.
fn jwt(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    if at > 0 && (url_safe(bytes[at - 1]) || bytes[at - 1] == b'.') {
        return None;
    }
    let h_end = run(bytes, at, 1024, url_safe);
    if bytes.get(h_end) != Some(&b'.') {
        return None;
    }
    let p_end = run(bytes, h_end + 1, 8192, url_safe);
    if p_end - h_end < 8 || bytes.get(p_end) != Some(&b'.') {
        return None;
    }
    let s_end = run(bytes, p_end + 1, 1024, url_safe);
    let header = decode_base64(&text[at..h_end])?;
    let header: serde_json::Value = serde_json::from_slice(&header).ok()?;
    let alg = header.get("alg")?.as_str()?;
    let payload = decode_base64(&text[h_end + 1..p_end])?;
    let payload = String::from_utf8(payload).ok()?;
    if !payload.trim_start().starts_with('{') {
        return None;
    }
    // jwt.io's sample token and other documentation examples.
    if payload.contains("John Doe") || payload.contains("\"1234567890\"") {
        return None;
    }
    let unsigned = alg.eq_ignore_ascii_case("none");
    if !unsigned && s_end - p_end < 16 {
        return None;
    }
    let secret = Span::new(at, s_end);
    Some(Detection {
        detector: Detector::Jwt,
        span: secret,
        secret,
        key: None,
        detail: if unsigned {
            "unsigned: `alg: none`"
        } else {
            ""
        },
    })
}

/// `scheme://user:password@host`: the password, unless a template, a
/// reference, a placeholder or the user name again.
fn url_password(text: &str, at: usize) -> Option<Detection> {
    let bytes = text.as_bytes();
    let mut s = at;
    while s > 0
        && at - s < 32
        && (bytes[s - 1].is_ascii_alphanumeric() || matches!(bytes[s - 1], b'+' | b'.' | b'-'))
    {
        s -= 1;
    }
    if at - s < 2 || !bytes[s].is_ascii_alphabetic() {
        return None;
    }
    let auth_start = at + 3;
    let mut auth_end = run(bytes, auth_start, 512, |b| {
        !(b.is_ascii_whitespace() || b"/?#\"'`<>\\)]".contains(&b))
    });
    // The cap may cut a multi-byte character.
    while !text.is_char_boundary(auth_end) {
        auth_end -= 1;
    }
    let authority = &text[auth_start..auth_end];
    let at_sign = authority.rfind('@')?;
    let userinfo = &authority[..at_sign];
    let host = &authority[at_sign + 1..];
    let (user, password) = userinfo.split_once(':')?;
    if password.is_empty()
        || host.is_empty()
        || !host.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[')
        || password == user
        || password.contains('$')
        || password.contains('{')
        || is_placeholder(password)
        || is_placeholder(user) && user.len() > 1 && user.starts_with(['$', '{', '<'])
    {
        return None;
    }
    let pw_start = auth_start + user.len() + 1;
    let secret = Span::new(pw_start, pw_start + password.len());
    Some(Detection {
        detector: Detector::UrlPassword,
        span: secret,
        secret,
        key: None,
        detail: "",
    })
}

// ---------------------------------------------------------------------------
// Secret-named keys.

fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// The key around a key word found at `hit` (at most 128 bytes each way).
///
/// Assignment forms: a key followed by `:`, `=`, `:=` or `=>` and a value on the same line:
/// YAML `key: value`, dotenv `KEY=value`, HCL `key = "value"`, JSON
/// `"key": "value"`, Dockerfile `ENV KEY=value`, `--password=value`.
/// The value span excludes quotes.
fn key_around(bytes: &[u8], hit: usize) -> Span {
    let mut ks = hit;
    while ks > 0 && hit - ks < 128 && key_byte(bytes[ks - 1]) {
        ks -= 1;
    }
    Span::new(ks, run(bytes, hit, 128, key_byte))
}

/// The value assigned to `key` (see [`key_around`]), without quotes.
fn key_assignment(bytes: &[u8], key: Span) -> Option<Span> {
    let (ks, ke) = (key.start, key.end);
    // `$DB_PASSWORD`, `${DB_PASSWORD}`, `secrets.TOKEN`: references.
    if ks > 0 && matches!(bytes[ks - 1], b'$' | b'{' | b'%') {
        return None;
    }
    let mut i = ke;
    if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
        i += 1;
    }
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b':') => {
            i += 1;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
            } else if !matches!(bytes.get(i), Some(b' ' | b'\t' | b'"' | b'\'')) {
                return None;
            }
        }
        Some(b'=') => {
            i += 1;
            match bytes.get(i) {
                Some(b'>') => i += 1,
                Some(b'=' | b'~') => return None,
                _ => {}
            }
        }
        _ => return None,
    }
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    let quote = *bytes.get(i)?;
    let value = if quote == b'"' || quote == b'\'' {
        let start = i + 1;
        let stop = (start + 512).min(bytes.len());
        let mut j = start;
        while j < stop && bytes[j] != quote && bytes[j] != b'\n' {
            if bytes[j] == b'\\' {
                j += 1;
            }
            j += 1;
        }
        if bytes.get(j) != Some(&quote) {
            return None;
        }
        Span::new(start, j)
    } else {
        let end = run(bytes, i, 512, |b| {
            !(b.is_ascii_whitespace() || b",;}]\"'`".contains(&b))
        });
        if end - i >= 512 {
            return None;
        }
        // Prose after the value (`password: see the vault`) is not an
        // assignment of a secret; another `KEY=value` or a comment is fine.
        let mut j = end;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        if j > end && j < bytes.len() && !matches!(bytes[j], b'\n' | b'\r' | b'#' | b'\\') {
            let next = run(bytes, j, 128, |b| b.is_ascii_alphanumeric() || b == b'_');
            if bytes.get(next) != Some(&b'=') {
                return None;
            }
        }
        Span::new(i, end)
    };
    Some(value)
}

/// The words of a key, lower-cased: split at punctuation and at camelCase
/// boundaries (`dbPassword` -> `db`, `password`). Shared with the
/// Kubernetes secret rules.
pub(crate) fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

const SECRET_WORDS: [&str; 19] = [
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "auth",
    "authorization",
    "privatekey",
    "accesskey",
    "secretkey",
    "clientsecret",
    "authtoken",
    "accesstoken",
    "apitoken",
];

/// Endings of run-together lower-case names (`azurestorageaccountkey`,
/// `dbpassword`, `authtoken`).
const SECRET_SUFFIXES: [&str; 9] = [
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "secretkey",
    "accountkey",
];

const SECRET_PAIRS: [(&str, &str); 8] = [
    ("api", "key"),
    ("access", "key"),
    ("private", "key"),
    ("secret", "key"),
    ("account", "key"),
    ("signing", "key"),
    ("encryption", "key"),
    ("master", "key"),
];

/// Last words of names that point at a secret or describe it rather than
/// hold it: `PASSWORD_FILE`, `secretName`, `TOKEN_TTL`, `auth_enabled`.
const POINTER_WORDS: [&str; 73] = [
    "file",
    "files",
    "path",
    "dir",
    "directory",
    "url",
    "uri",
    "endpoint",
    "host",
    "name",
    "names",
    "id",
    "ids",
    "ref",
    "reference",
    "env",
    "var",
    "variable",
    "type",
    "types",
    "mode",
    "method",
    "length",
    "len",
    "size",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "timeout",
    "duration",
    "enabled",
    "enable",
    "disabled",
    "required",
    "user",
    "username",
    "header",
    "policy",
    "prefix",
    "suffix",
    "format",
    "provider",
    "field",
    "count",
    "min",
    "max",
    "hash",
    "hashed",
    "arn",
    "version",
    "location",
    "source",
    "store",
    "backend",
    "command",
    "label",
    "selector",
    "kind",
    "mount",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "algorithm",
    "pattern",
    "mtime",
    "time",
    "date",
    "timestamp",
    "updated",
    "created",
    "at",
];

/// Whether a key names a secret: `DB_PASSWORD`, `clientSecret`,
/// `api-key`, `AWS_SECRET_ACCESS_KEY`; not `PASSWORD_FILE`, `secretName`,
/// `public_key`, `secrets` (a block of references).
fn secret_named(words: &[String]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    if POINTER_WORDS.contains(&last.as_str()) || words.iter().any(|w| w == "public" || w == "no") {
        return false;
    }
    words.iter().any(|w| {
        SECRET_WORDS.contains(&w.as_str())
            || SECRET_SUFFIXES
                .iter()
                .any(|s| w.len() > s.len() && w.ends_with(s))
    }) || words
        .windows(2)
        .any(|p| SECRET_PAIRS.contains(&(p[0].as_str(), p[1].as_str())))
}

/// A value assigned to a secret-named key: an AWS secret access key when
/// the name says so and the shape fits, else a generic secret when it is
/// long, mixes letters and digits and has high entropy.
fn keyed_secret(text: &str, key: Span, value: Span) -> Option<Detection> {
    let v = value.slice(text);
    let words = key_words(key.slice(text));
    if !secret_named(&words) {
        return None;
    }
    let has = |w: &str| words.iter().any(|x| x == w);
    if (has("aws") || (has("secret") && has("access"))) && aws_secret_shape(v) {
        return Some(Detection {
            detector: Detector::AwsSecretAccessKey,
            span: value,
            secret: value,
            key: Some(key),
            detail: "",
        });
    }
    // Kubernetes Secret `data` and similar: judge what the base64 holds.
    let decoded = printable_base64(v);
    let judged = decoded.as_deref().unwrap_or(v);
    generic_secret(judged).then_some(Detection {
        detector: Detector::GenericSecret,
        span: value,
        secret: value,
        key: Some(key),
        detail: if decoded.is_some() {
            "base64-encoded"
        } else {
            ""
        },
    })
}

/// The text a base64 value encodes, when it is padded or a multiple of
/// four long and decodes to printable ASCII.
fn printable_base64(v: &str) -> Option<String> {
    if v.len() < 8 || !v.len().is_multiple_of(4) || !v.bytes().all(|b| base64(b) || b == b'=') {
        return None;
    }
    let bytes = decode_base64(v)?;
    let text = String::from_utf8(bytes).ok()?;
    // `echo secret | base64` adds a newline.
    let text = text.trim_end_matches(['\n', '\r']);
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        .then(|| text.to_string())
}

/// Letters only, yet not words: mixed case, 12 characters or more, and
/// not camelCase words (`ThisIsMyPassword`: every capital starts a run
/// of at least one lower-case letter).
fn random_letters(v: &str) -> bool {
    let bytes = v.as_bytes();
    if bytes.len() < 12
        || !bytes.iter().all(u8::is_ascii_alphabetic)
        || !bytes.iter().any(u8::is_ascii_uppercase)
        || !bytes.iter().any(u8::is_ascii_lowercase)
    {
        return false;
    }
    let camel = bytes.iter().enumerate().all(|(i, b)| {
        !b.is_ascii_uppercase() || bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase)
    });
    !camel
}

/// Environment variable names: `MY_ENV_VAR1`, `DB_PASSWORD`.
fn looks_like_env_name(v: &str) -> bool {
    v.contains('_')
        && v.starts_with(|c: char| c.is_ascii_uppercase())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// Identifiers and phrases: `etcd-cluster-k8s`, `secure-password-123`,
/// `my_app.v2`: separated segments that are each letters only, digits
/// only, or at most three characters.
fn looks_like_words(v: &str) -> bool {
    let segments: Vec<&str> = v.split(['-', '_', '.', ':', '/', '#', '@']).collect();
    if segments.len() < 2 {
        return false;
    }
    let all_words = segments.iter().all(|s| {
        s.len() <= 4
            || s.bytes().all(|b| b.is_ascii_alphabetic())
            || s.bytes().all(|b| b.is_ascii_digit())
    });
    // `owner/repo#assets/crates-credentials`: lower-case names with
    // separators, at least two of them real words.
    let lower_words = !v.bytes().any(|b| b.is_ascii_uppercase())
        && segments
            .iter()
            .filter(|s| s.len() >= 4 && s.bytes().all(|b| b.is_ascii_lowercase()))
            .count()
            >= 2;
    all_words || lower_words
}

/// A literal that reads as a generated secret: 10 to 256 characters, no
/// whitespace, letters and digits, entropy of at least
/// `min(3.3, 0.8 * log2(len))` bits per character, and no placeholder,
/// URL, path or tag.
#[allow(clippy::cast_precision_loss)]
fn generic_secret(v: &str) -> bool {
    let len = v.len();
    if !(10..=256).contains(&len)
        || v.bytes()
            .any(|b| b.is_ascii_whitespace() || !b.is_ascii_graphic())
        || v.starts_with(['!', '&', '*', '|', '>', '-', '@'])
        || v.contains("://")
        || !v.bytes().any(|b| b.is_ascii_alphabetic())
        || !(v.bytes().any(|b| b.is_ascii_digit()) || random_letters(v))
        || looks_like_words(v)
        || looks_like_env_name(v)
        || is_placeholder(v)
    {
        return false;
    }
    let threshold = (0.8 * (len as f64).log2()).min(3.3);
    entropy(v) >= threshold
}

#[cfg(test)]
mod tests;
