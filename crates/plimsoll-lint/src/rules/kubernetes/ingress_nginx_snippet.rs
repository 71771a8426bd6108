use super::ingress_support::{annotations_node, is_ingress};
use super::prelude::*;

/// Whether an annotation key is a configuration snippet:
/// `nginx.ingress.kubernetes.io/configuration-snippet`,
/// `server-snippet`, `auth-snippet`, `stream-snippet`, NGINX Inc.'s
/// `nginx.org/server-snippets`...
fn is_snippet(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.ends_with("-snippet") || name.ends_with("-snippets")
}

/// What makes a snippet an outright attack vector (CVE-2021-25742): Lua
/// code, `alias` (reads any file of the controller), or reading the
/// controller's ServiceAccount token.
fn danger(snippet: &str) -> Option<&'static str> {
    let words = snippet.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    if snippet.contains("/var/run/secrets") || snippet.contains("kubernetes.io") {
        Some("reads the controller's ServiceAccount credentials")
    } else if words
        .clone()
        .any(|w| w.starts_with("lua_") || w.ends_with("_lua") || w.contains("_lua_") || w == "lua")
    {
        Some("runs Lua code in the controller")
    } else if words.clone().any(|w| w == "alias") {
        Some("uses `alias`, which serves any file of the controller")
    } else {
        None
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Ingress annotations that inject raw NGINX configuration:
    /// keys ending in `-snippet` (`configuration-snippet`, `server-snippet`,
    /// `auth-snippet`, `stream-snippet`...) or `-snippets` (NGINX Inc.'s
    /// `nginx.org/server-snippets`), whatever their prefix. A snippet is an
    /// error when it holds Lua code (`content_by_lua_block`...), an `alias`
    /// directive, or mentions `/var/run/secrets` or `kubernetes.io`.
    ///
    /// ## Why is this bad?
    /// Snippets are copied verbatim into the configuration of the shared
    /// ingress controller, which runs with a ServiceAccount that can read
    /// every Secret of the cluster. Anyone allowed to create an Ingress can
    /// use them to read those credentials or serve arbitrary files
    /// (CVE-2021-25742), and a broken snippet breaks the configuration
    /// reload for every Ingress. ingress-nginx disables snippet annotations
    /// by default since v1.9.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/configuration-snippet: |
    ///       more_set_headers "X-Frame-Options: DENY";
    /// ```
    ///
    /// ## Use instead
    /// Use the dedicated annotations or the controller's ConfigMap (here
    /// `nginx.ingress.kubernetes.io/custom-headers` or a global header
    /// setting), which the controller validates.
    ///
    /// ## References
    /// - Practice K15 (no path from a workload to the host or the control plane).
    /// - checkov CKV_K8S_153 (any snippet), CKV_K8S_152 (Lua or
    ///   `kubernetes.io`), CKV_K8S_154 (`alias`).
    /// - [CVE-2021-25742](https://github.com/kubernetes/ingress-nginx/issues/7837)
    pub struct IngressNginxSnippet {
        code: "K8S085",
        name: "ingress-nginx-snippet",
        summary: "Ingress injects raw NGINX configuration through a snippet annotation",
        severity: Warning,
        category: Security,
        practices: ["K15"],
        peers: [Checkov "CKV_K8S_153", Checkov "CKV_K8S_152", Checkov "CKV_K8S_154"],
        fix: None,
        default: true,
    }
}

impl Rule for IngressNginxSnippet {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !is_ingress(o) {
            return;
        }
        let Some(annotations) = annotations_node(yaml, o) else {
            return;
        };
        for (k, v) in yaml.entries(annotations) {
            let Some(key) = yaml.str(k).filter(|k| is_snippet(k)) else {
                continue;
            };
            let value = yaml.str(v).unwrap_or("");
            let span = cx
                .entry_span(annotations, key)
                .unwrap_or_else(|| cx.span(k));
            match danger(value) {
                Some(why) => {
                    out.add(
                        span,
                        format!("snippet annotation `{key}` of {} {why}", o.display()),
                    )
                    .severity(plimsoll_diagnostics::Severity::Error)
                    .help("remove the snippet; use the controller's dedicated annotations or ConfigMap");
                }
                None => {
                    out.add(
                        span,
                        format!(
                            "{} injects raw NGINX configuration through `{key}`",
                            o.display()
                        ),
                    )
                    .help("replace the snippet with the controller's dedicated annotations or ConfigMap settings");
                }
            }
        }
    }
}
