//! The provider interface and the helpers every language shares: candidate
//! building, dependency → backing-service tables, route and port hints.

use super::tree::Tree;
use crate::model::{
    BackingService, Confidence, Evidence, Fact, Language, PackageManager, Service, ServiceKind,
};

/// Where a provider looks: one directory, maybe inside a workspace.
pub(crate) struct Scope<'a> {
    pub dir: &'a str,
    /// The workspace mechanism when `dir` is a member (`pnpm-workspace`...).
    pub workspace: Option<&'a str>,
}

/// What a provider concluded about a directory.
pub(crate) struct Candidate {
    /// The service it would be (name filled in later).
    pub service: Service,
    /// False for libraries and tooling-only manifests: not a service.
    pub deployable: bool,
    /// One line saying what was found (`Express app with pnpm`).
    pub verdict: String,
}

/// One language's detection. Providers run in a fixed order; ties in
/// confidence go to the earlier one.
pub(crate) trait Provider {
    fn language(&self) -> Language;
    /// `None` when the directory has nothing of this language.
    fn detect(&self, tree: &Tree, scope: &Scope<'_>) -> Option<Candidate>;
}

pub(crate) fn providers() -> Vec<Box<dyn Provider>> {
    vec![
        Box::new(super::java::Java),
        Box::new(super::dotnet::DotNet),
        Box::new(super::go::Go),
        Box::new(super::rust::Rust),
        Box::new(super::python::Python),
        Box::new(super::ruby::Ruby),
        Box::new(super::php::Php),
        Box::new(super::node::Node),
    ]
}

pub(crate) fn found<T>(value: T, file: &str, detail: impl Into<String>) -> Fact<T> {
    Fact::found(value, Evidence::file(file, detail))
}

pub(crate) fn field<T>(value: T, file: &str, field: &str, detail: impl Into<String>) -> Fact<T> {
    Fact::found(value, Evidence::field(file, field, detail))
}

pub(crate) fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// A service with the language's conventional defaults, all marked guessed.
pub(crate) fn base(
    scope: &Scope<'_>,
    language: Fact<Language>,
    version: Fact<String>,
    package_manager: Fact<PackageManager>,
    port: u16,
) -> Service {
    Service {
        name: String::new(),
        dir: scope.dir.to_owned(),
        context: scope.dir.to_owned(),
        kind: ServiceKind::Web,
        language,
        language_version: version,
        package_manager,
        framework: None,
        port: Fact::guessed(port, "no port found in the code; the framework's default"),
        health_path: Fact::guessed(
            "/healthz".to_owned(),
            "no health route found; add one that answers without checking dependencies",
        ),
        readiness_path: Fact::guessed(
            "/readyz".to_owned(),
            "no readiness route found; add one that checks the service's dependencies",
        ),
        metrics_path: None,
        start_command: Fact::guessed(Vec::new(), "no start command found"),
        build_command: None,
        build_output: None,
        test_command: None,
        lint_command: None,
        backing_services: Vec::new(),
        confidence: Confidence::Medium,
        runner_up: None,
    }
}

/// Dependency names (exact, or prefix when ending in `*`) that mean a backing service.
pub(crate) type BackingTable = &'static [(&'static str, BackingService)];

/// Adds the backing services the dependencies imply (first evidence wins).
pub(crate) fn add_backing(
    service: &mut Service,
    table: BackingTable,
    deps: &[(String, String)],
    file: &str,
) {
    for (dep, detail) in deps {
        let dep_l = dep.to_ascii_lowercase();
        for (pattern, backing) in table {
            let hit = match pattern.strip_suffix('*') {
                Some(prefix) => dep_l.starts_with(prefix),
                None => dep_l == *pattern,
            };
            if hit && !service.backing_services.iter().any(|b| b.value == *backing) {
                service
                    .backing_services
                    .push(found(*backing, file, detail.clone()));
            }
        }
    }
    service.backing_services.sort_by_key(|b| b.value);
}

/// Liveness route names, most specific first.
const LIVENESS: &[&str] = &[
    "healthz",
    "livez",
    "health/live",
    "health/liveness",
    "health",
];
/// Readiness route names.
const READINESS: &[&str] = &["readyz", "health/ready", "health/readiness", "ready"];

/// Looks for health and readiness routes in the service's sources.
pub(crate) fn find_routes(
    tree: &Tree,
    dir: &str,
    exts: &[&str],
) -> (Option<Fact<String>>, Option<Fact<String>>) {
    let mut live = None;
    let mut ready = None;
    for file in tree.sources(dir, exts) {
        let Some(text) = tree.read_source(file) else {
            continue;
        };
        if live.is_none()
            && let Some(r) = LIVENESS.iter().find(|r| has_route(&text, r))
        {
            live = Some(found(format!("/{r}"), file, format!("route /{r}")));
        }
        if ready.is_none()
            && let Some(r) = READINESS.iter().find(|r| has_route(&text, r))
        {
            ready = Some(found(format!("/{r}"), file, format!("route /{r}")));
        }
        if live.is_some() && ready.is_some() {
            break;
        }
    }
    (live, ready)
}

/// Whether `route` appears as a quoted path (`"/healthz"`, `'healthz/'`, `` `/healthz` ``).
fn has_route(text: &str, route: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(route) {
        let at = from + i;
        let end = at + route.len();
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(end).copied();
        let quote = |c: u8| matches!(c, b'"' | b'\'' | b'`');
        let ok_before = match before {
            Some(b'/') => at >= 2 && (quote(bytes[at - 2]) || bytes[at - 2] == b' '),
            Some(c) => quote(c),
            None => false,
        };
        let ok_after = match after {
            Some(b'/') => bytes.get(end + 1).copied().is_some_and(quote),
            Some(c) => quote(c),
            None => false,
        };
        if ok_before && ok_after {
            return true;
        }
        from = end;
    }
    false
}

/// The first port number written after one of `needles` in the service's
/// sources (`listen(4000)`, `PORT || 4000`, `":8080"`).
pub(crate) fn find_port(
    tree: &Tree,
    dir: &str,
    exts: &[&str],
    needles: &[&str],
) -> Option<Fact<u16>> {
    for file in tree.sources(dir, exts) {
        let Some(text) = tree.read_source(file) else {
            continue;
        };
        for needle in needles {
            let mut from = 0;
            while let Some(i) = text[from..].find(needle) {
                let start = from + i + needle.len();
                let digits: String = text[start..]
                    .chars()
                    .skip_while(|c| *c == ' ')
                    .take_while(char::is_ascii_digit)
                    .collect();
                if let Ok(port) = digits.parse::<u16>()
                    && port >= 80
                {
                    let mut shown = format!("{needle}{digits}");
                    if needle.matches('"').count() % 2 == 1 {
                        shown.push('"');
                    }
                    return Some(found(port, file, shown));
                }
                from = start;
            }
        }
    }
    None
}

/// `major.minor` of a version requirement (`>=3.12`, `^3.12.1`, `~=3.11` → `3.12`...).
pub(crate) fn major_minor(spec: &str) -> Option<String> {
    let start = spec.find(|c: char| c.is_ascii_digit())?;
    let version: String = spec[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let mut parts = version.split('.').filter(|p| !p.is_empty());
    let major = parts.next()?;
    Some(match parts.next() {
        Some(minor) => format!("{major}.{minor}"),
        None => major.to_owned(),
    })
}

/// The major version only (`>=22.11` → `22`, `v20.18.0` → `20`).
pub(crate) fn major(spec: &str) -> Option<String> {
    let start = spec.find(|c: char| c.is_ascii_digit())?;
    let digits: String = spec[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// A lowercase DNS label: `[a-z0-9-]`, starting with a letter, at most 40 characters.
pub(crate) fn dns_name(raw: &str) -> String {
    let raw = raw.rsplit('/').next().unwrap_or(raw);
    let mut out = String::new();
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "app-");
    }
    out.truncate(40);
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "app".to_owned()
    } else {
        out
    }
}

/// A version from asdf/mise `.tool-versions` (`nodejs 22.11.0`) in `dir` or the root.
pub(crate) fn tool_versions(tree: &Tree, dir: &str, tools: &[&str]) -> Option<(String, String)> {
    let files = if dir == "." {
        vec![".tool-versions".to_owned()]
    } else {
        vec![format!("{dir}/.tool-versions"), ".tool-versions".to_owned()]
    };
    for file in files {
        let Some(text) = tree.read(&file) else {
            continue;
        };
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if let (Some(tool), Some(version)) = (words.next(), words.next())
                && tools.contains(&tool)
            {
                return Some((file, format!("{tool} {version}")));
            }
        }
    }
    None
}

/// The simple value of an `<tag>` element in XML text (first occurrence).
pub(crate) fn xml_tag<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&close)? + start;
    Some(text[start..end].trim())
}

/// Text with `<!-- -->` comments and the given element blocks removed.
pub(crate) fn xml_without(text: &str, tags: &[&str]) -> String {
    let mut out = strip_between(text, "<!--", "-->");
    for tag in tags {
        out = strip_between(&out, &format!("<{tag}>"), &format!("</{tag}>"));
    }
    out
}

fn strip_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Inner texts of every `<tag>...</tag>` block.
pub(crate) fn xml_blocks<'a>(text: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let start = i + open.len();
        let Some(j) = rest[start..].find(&close) else {
            break;
        };
        out.push(&rest[start..start + j]);
        rest = &rest[start + j + close.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_requirements() {
        assert_eq!(major_minor(">=3.12").as_deref(), Some("3.12"));
        assert_eq!(major_minor("^3.11.4").as_deref(), Some("3.11"));
        assert_eq!(major_minor("~=3.10, <4").as_deref(), Some("3.10"));
        assert_eq!(major_minor("1.83.0").as_deref(), Some("1.83"));
        assert_eq!(major_minor("stable"), None);
        assert_eq!(major(">=22.11").as_deref(), Some("22"));
        assert_eq!(major("v20.18.0").as_deref(), Some("20"));
        assert_eq!(major("lts/*"), None);
    }

    #[test]
    fn dns_names_are_labels() {
        assert_eq!(dns_name("@acme/Shop_API"), "shop-api");
        assert_eq!(dns_name("9lives"), "app-9lives");
        assert_eq!(dns_name("---"), "app");
        assert_eq!(dns_name("ünïcode service"), "n-code-service");
        assert_eq!(dns_name(&"x".repeat(80)).len(), 40);
        assert!(!dns_name(&format!("{}-y", "x".repeat(39))).ends_with('-'));
    }

    #[test]
    fn routes_are_quoted_paths_only() {
        assert!(has_route(r#"app.get("/healthz", h)"#, "healthz"));
        assert!(has_route(r"path('healthz/', view)", "healthz"));
        assert!(has_route(r#"mux.HandleFunc("GET /healthz", h)"#, "healthz"));
        assert!(has_route("r.get(`/readyz`)", "readyz"));
        assert!(!has_route("// healthz is served elsewhere", "healthz"));
        assert!(!has_route(r#"log("checking healthz now")"#, "healthz"));
        assert!(!has_route(r#""/healthzz""#, "healthz"));
    }

    #[test]
    fn xml_helpers_skip_comments_and_blocks() {
        let pom = "<project><!-- <artifactId>old</artifactId> --><parent><artifactId>p</artifactId></parent><artifactId>app</artifactId></project>";
        let body = xml_without(pom, &["parent"]);
        assert_eq!(xml_tag(&body, "artifactId"), Some("app"));
        assert_eq!(xml_blocks(pom, "parent").len(), 1);
        assert_eq!(xml_tag("<a>", "a"), None);
        assert_eq!(xml_without("<!-- unterminated", &[]), "");
    }
}
