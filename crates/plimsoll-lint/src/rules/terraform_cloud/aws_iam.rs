//! TF048-TF050: IAM policies granting every action, every action of a
//! service on every resource, and policies attached to IAM users.

use super::policy::{Statement, statements};
use super::prelude::*;

fn is_star_action(a: &str) -> bool {
    a == "*" || a == "*:*"
}

/// `s3:*`: every action of one service.
fn is_service_wildcard(a: &str) -> bool {
    a.split_once(':').is_some_and(|(svc, rest)| {
        rest == "*" && !svc.is_empty() && svc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

fn full_admin(s: &Statement) -> bool {
    s.unconditional_allow() && s.actions.iter().any(|a| is_star_action(a))
}

declare_rule! {
    /// ## What it does
    /// Reports identity policy statements that allow every action
    /// (`"Action": "*"`) without a condition: the `policy` of
    /// `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
    /// `aws_iam_group_policy` and `aws_iam_role` `inline_policy` blocks,
    /// written as `jsonencode({...})`, a JSON string or a heredoc (with
    /// `${...}` interpolations), and `statement` blocks of
    /// `aws_iam_policy_document` data sources. `Deny` statements,
    /// `NotAction` statements, conditional statements and resource
    /// policies (with a `Principal`) are not reported.
    ///
    /// ## Why is this bad?
    /// `Action = "*"` is administrator access (on every resource when
    /// `Resource = "*"`): whoever holds the policy can create users and
    /// keys, read every secret and delete anything. A compromised workload
    /// or CI job with it owns the account.
    ///
    /// ## Example
    /// ```hcl
    /// data "aws_iam_policy_document" "ci" {
    ///   statement {
    ///     actions   = ["*"]
    ///     resources = ["*"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// data "aws_iam_policy_document" "ci" {
    ///   statement {
    ///     actions   = ["s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.artifacts.arn}/*"]
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T09 (least-privilege identities for workloads).
    /// - checkov CKV_AWS_62, CKV_AWS_1, CKV_AWS_63, CKV_AWS_49; Trivy
    ///   AVD-AWS-0057.
    pub struct IamPolicyFullAdmin {
        code: "TF048",
        name: "iam-policy-full-admin",
        summary: "IAM policy allowing every action",
        severity: Error,
        category: Security,
        practices: ["T09"],
        peers: [
            Checkov "CKV_AWS_62", Checkov "CKV_AWS_1", Checkov "CKV_AWS_63",
            Checkov "CKV_AWS_49", Trivy "AVD-AWS-0057",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for IamPolicyFullAdmin {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for r in cx.tf.resources.iter().chain(cx.tf.data.iter()) {
            for s in statements(cx, r).iter().filter(|s| full_admin(s)) {
                let scope = if s.all_resources() {
                    "on every resource".to_string()
                } else {
                    "on the resources it names".to_string()
                };
                out.add(
                    s.span,
                    format!(
                        "{} allows every action (`*`) {scope}: administrator access",
                        subject(r)
                    ),
                )
                .help("list the actions the holder needs instead of `*`");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports identity policy statements (the same places as
    /// `iam-policy-full-admin`) that allow every action of a service
    /// (`s3:*`, `ec2:*`, `iam:*`) on every resource (`"Resource": "*"`)
    /// without a condition. Statements allowing `*` outright are left to
    /// `iam-policy-full-admin`; `Resource = "*"` with named actions
    /// (`ec2:DescribeInstances`, often required) is not reported.
    ///
    /// ## Why is this bad?
    /// `s3:*` on `*` reads, rewrites and deletes every bucket of the
    /// account and changes their policies; `iam:*` is administrator access
    /// in disguise. A leaked credential or a compromised workload with such
    /// a policy reaches far beyond what it was written for.
    ///
    /// ## Example
    /// ```hcl
    /// data "aws_iam_policy_document" "app" {
    ///   statement {
    ///     actions   = ["s3:*"]
    ///     resources = ["*"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// data "aws_iam_policy_document" "app" {
    ///   statement {
    ///     actions   = ["s3:GetObject", "s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.app.arn}/*"]
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T09 (least-privilege identities for workloads).
    /// - checkov CKV_AWS_355, CKV_AWS_290, CKV_AWS_289; Trivy
    ///   AVD-AWS-0057, AVD-AWS-0345.
    pub struct IamPolicyServiceWildcard {
        code: "TF049",
        name: "iam-policy-service-wildcard",
        summary: "IAM policy allowing every action of a service on every resource",
        severity: Warning,
        category: Security,
        practices: ["T09"],
        peers: [
            Checkov "CKV_AWS_355", Checkov "CKV_AWS_290", Checkov "CKV_AWS_289",
            Trivy "AVD-AWS-0057", Trivy "AVD-AWS-0345",
        ],
        fix: None,
        default: true,
    }
}

impl Rule for IamPolicyServiceWildcard {
    fn check_terraform(&self, cx: &TerraformContext<'_>, out: &mut Diagnostics<'_>) {
        for r in cx.tf.resources.iter().chain(cx.tf.data.iter()) {
            for s in statements(cx, r) {
                if full_admin(&s) || !s.unconditional_allow() || !s.all_resources() {
                    continue;
                }
                let wild: Vec<String> = s
                    .actions
                    .iter()
                    .filter(|a| is_service_wildcard(a))
                    .map(|a| format!("`{a}`"))
                    .collect();
                if wild.is_empty() {
                    continue;
                }
                out.add(
                    s.span,
                    format!(
                        "{} allows {} on every resource (`*`)",
                        subject(r),
                        wild.join(", ")
                    ),
                )
                .help("name the actions needed and scope `Resource` to the ARNs they apply to");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports IAM policies attached directly to IAM users:
    /// `aws_iam_user_policy`, `aws_iam_user_policy_attachment`, and
    /// `aws_iam_policy_attachment` with a non-empty `users` list.
    ///
    /// ## Why is this bad?
    /// IAM users authenticate with long-lived access keys, which leak
    /// through laptops, CI variables and repositories; permissions given
    /// to each user one by one are also hard to review and revoke. People
    /// should sign in through SSO and assume roles, machines should use
    /// roles (instance profiles, IRSA, OIDC federation from CI), and any
    /// remaining users should get permissions through groups.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_user_policy_attachment" "ci" {
    ///   user       = aws_iam_user.ci.name
    ///   policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_iam_group_policy_attachment" "ci" {
    ///   group      = aws_iam_group.ci.name
    ///   policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice CI08 (OIDC instead of long-lived cloud keys).
    /// - checkov CKV_AWS_40; Trivy AVD-AWS-0143.
    pub struct IamPolicyAttachedToUser {
        code: "TF050",
        name: "iam-policy-attached-to-user",
        summary: "IAM policy attached directly to an IAM user",
        severity: Info,
        category: Security,
        practices: ["CI08"],
        peers: [Checkov "CKV_AWS_40", Trivy "AVD-AWS-0143"],
        fix: None,
        default: true,
    }
}

impl Rule for IamPolicyAttachedToUser {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        let span = match r.kind {
            "aws_iam_user_policy" | "aws_iam_user_policy_attachment" => {
                r.attr("user").map_or_else(|| r.header_span(), |a| a.span)
            }
            "aws_iam_policy_attachment" => {
                let Some(a) = r.attr("users") else { return };
                let empty = match a.value {
                    Expr::Array(items) => items.is_empty(),
                    _ => matches!(cx.eval(a.value), Value::List(ref l) if l.is_empty()),
                };
                if empty {
                    return;
                }
                a.span
            }
            _ => return,
        };
        out.add(
            span,
            format!("{} grants permissions directly to an IAM user", subject(r)),
        )
        .help("grant permissions to roles (or groups) and have people and machines assume roles instead of using user keys");
    }
}
