//! TF065: OpenSearch / Elasticsearch domains without encryption at rest,
//! between nodes, or of client traffic.

use super::prelude::*;

/// The encryption settings of a domain: path, what failing means.
const SETTINGS: [(&str, &str); 3] = [
    (
        "encrypt_at_rest.enabled",
        "its indices and snapshots are stored unencrypted",
    ),
    (
        "node_to_node_encryption.enabled",
        "traffic between its nodes is not encrypted",
    ),
    (
        "domain_endpoint_options.enforce_https",
        "clients may send requests over plain HTTP",
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports `aws_opensearch_domain` and `aws_elasticsearch_domain`
    /// resources that leave one of their three encryption settings unset
    /// or `false`: `encrypt_at_rest.enabled` and
    /// `node_to_node_encryption.enabled` (both default to `false`), and
    /// `domain_endpoint_options.enforce_https` (`false` without a
    /// `domain_endpoint_options` block; inside one the provider defaults it
    /// to `true`). Each failing setting is one finding.
    ///
    /// ## Why is this bad?
    /// Search domains usually hold copies of application data and logs:
    /// unencrypted volumes and snapshots expose it at rest, unencrypted
    /// node traffic inside the VPC, and plain HTTP endpoints on the way to
    /// clients. Encryption at rest and node-to-node encryption can only be
    /// turned on when the domain is created (or with a blue/green update).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_opensearch_domain" "logs" {
    ///   domain_name    = "logs"
    ///   engine_version = "OpenSearch_2.11"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_opensearch_domain" "logs" {
    ///   domain_name    = "logs"
    ///   engine_version = "OpenSearch_2.11"
    ///   encrypt_at_rest {
    ///     enabled = true
    ///   }
    ///   node_to_node_encryption {
    ///     enabled = true
    ///   }
    ///   domain_endpoint_options {
    ///     enforce_https       = true
    ///     tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: encryption).
    /// - checkov CKV_AWS_5, CKV_AWS_6, CKV_AWS_83; Trivy AVD-AWS-0048,
    ///   AVD-AWS-0043, AVD-AWS-0046.
    pub struct SearchDomainUnencrypted {
        code: "TF065",
        name: "search-domain-unencrypted",
        summary: "OpenSearch or Elasticsearch domain without encryption at rest, between nodes or over HTTPS",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_AWS_5", Checkov "CKV_AWS_6", Checkov "CKV_AWS_83",
            Trivy "AVD-AWS-0048", Trivy "AVD-AWS-0043", Trivy "AVD-AWS-0046",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for SearchDomainUnencrypted {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if !matches!(r.kind, "aws_opensearch_domain" | "aws_elasticsearch_domain") {
            return;
        }
        for (path, problem) in SETTINGS {
            let block = path.split('.').next().unwrap_or(path);
            if r.has_dynamic(block) {
                continue;
            }
            let help = format!("set `{path} = true`");
            // The provider defaults `enforce_https` to true inside the
            // block; without the block the API default (false) applies.
            let default = block == "domain_endpoint_options" && r.block(block).is_some();
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path,
                    want: true,
                    default,
                    problem,
                    help: &help,
                },
                out,
            );
        }
    }
}
