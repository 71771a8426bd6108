use super::ingress_support::is_ingress;
use super::prelude::*;

/// Annotations through which cloud load balancers terminate TLS for an
/// Ingress without `spec.tls`.
const TLS_ELSEWHERE: [&str; 6] = [
    "alb.ingress.kubernetes.io/certificate-arn",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "networking.gke.io/managed-certificates",
    "networking.gke.io/pre-shared-cert",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
];

/// Whether TLS is handled outside `spec.tls` (cloud certificates, or
/// plain HTTP switched off).
fn tls_elsewhere(o: &Object) -> bool {
    TLS_ELSEWHERE.iter().any(|a| o.annotation(a).is_some())
        || o.annotation("kubernetes.io/ingress.allow-http") == Some("false")
        || o.annotation("alb.ingress.kubernetes.io/listen-ports")
            .is_some_and(|p| p.contains("HTTPS"))
}

/// Whether a TLS host covers a rule host: the same name, or a wildcard
/// one label deep (`*.example.com` covers `www.example.com`).
fn covers(tls: &str, host: &str) -> bool {
    tls.eq_ignore_ascii_case(host)
        || tls.strip_prefix("*.").is_some_and(|domain| {
            host.len() > domain.len() + 1
                && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain)
                && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
                && !host[..host.len() - domain.len() - 1].contains('.')
        })
}

declare_rule! {
    /// ## What it does
    /// Reports an Ingress without `spec.tls` (a warning), and a rule `host`
    /// that none of the `spec.tls[].hosts` covers (advice: that host is
    /// served over plain HTTP, or with the controller's default
    /// certificate). A TLS host covers the same name, and a wildcard
    /// `*.example.com` covers names one label deeper. A TLS entry without
    /// `hosts` is taken to cover every host. Ingresses whose TLS a cloud
    /// load balancer terminates (`alb.ingress.kubernetes.io/certificate-arn`,
    /// GKE managed or pre-shared certificates, Application Gateway
    /// certificates, `kubernetes.io/ingress.allow-http: "false"`) are not
    /// reported. Templated hosts are skipped.
    ///
    /// ## Why is this bad?
    /// Without TLS, credentials, cookies and data travel in clear text and
    /// can be read or altered on the way. A host missing from the TLS list
    /// gets the controller's default (usually self-signed) certificate, so
    /// clients see certificate errors.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   rules:
    ///     - host: shop.example.com
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Ingress
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: shop-tls
    ///   rules:
    ///     - host: shop.example.com
    /// ```
    ///
    /// ## References
    /// - Practice K18 (Ingress has TLS).
    /// - Polaris tlsSettingsMissing.
    pub struct IngressWithoutTls {
        code: "K8S083",
        name: "ingress-without-tls",
        summary: "Ingress serves hosts without TLS",
        severity: Warning,
        category: Security,
        practices: ["K18"],
        peers: [Polaris "tlsSettingsMissing"],
        fix: None,
        default: true,
    }
}

impl Rule for IngressWithoutTls {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !is_ingress(o) || tls_elsewhere(o) || cx.cluster.is_patch(cx.parsed) {
            return;
        }
        let Some(spec) = o.spec(yaml) else {
            return;
        };
        let tls = yaml.get(spec, "tls").filter(|t| !yaml.items(*t).is_empty());
        let Some(tls) = tls else {
            if yaml
                .get(spec, "tls")
                .and_then(|t| yaml.str(t))
                .is_some_and(helpers::is_templated)
            {
                return;
            }
            out.add(
                cx.object_span(o),
                format!("{} has no `spec.tls`: it serves plain HTTP", o.display()),
            )
            .help("add a `tls` entry with the hosts and the Secret holding their certificate");
            return;
        };
        let mut hosts: Vec<&str> = Vec::new();
        for &entry in yaml.items(tls) {
            let Some(list) = yaml
                .get(entry, "hosts")
                .filter(|l| !yaml.items(*l).is_empty())
            else {
                return;
            };
            for &h in yaml.items(list) {
                match yaml.str(h) {
                    Some(h) if !helpers::is_templated(h) => hosts.push(h),
                    _ => return,
                }
            }
        }
        let Some(rules) = yaml.get(spec, "rules") else {
            return;
        };
        for &rule in yaml.items(rules) {
            let Some(node) = yaml.get(rule, "host") else {
                continue;
            };
            let Some(host) = yaml
                .str(node)
                .filter(|h| !h.is_empty() && !helpers::is_templated(h))
            else {
                continue;
            };
            if hosts.iter().any(|t| covers(t, host)) {
                continue;
            }
            out.add(
                cx.span(node),
                format!(
                    "host `{host}` of {} is not among its TLS hosts",
                    o.display()
                ),
            )
            .severity(plimsoll_diagnostics::Severity::Info)
            .help(
                "add the host to a `spec.tls[].hosts` list whose Secret has a certificate for it",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn wildcards_cover_one_label() {
        assert!(covers("*.example.com", "www.example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "wwwexample.com"));
        assert!(covers("Shop.example.com", "shop.example.com"));
    }
}
