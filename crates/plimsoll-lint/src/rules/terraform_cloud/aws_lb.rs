//! TF063: load balancer listeners serving plain HTTP.

use super::prelude::*;

/// Whether a listener's default action redirects to HTTPS.
fn redirects_to_https(cx: &TerraformContext<'_>, r: &Resource<'_>) -> bool {
    r.blocks("default_action").any(|b| {
        let is = |body: &plimsoll_syntax::hcl::Body, key: &str, want: &str| {
            body.attr(key)
                .and_then(|a| {
                    cx.eval(&a.value)
                        .as_str()
                        .map(|s| s.eq_ignore_ascii_case(want))
                })
                .unwrap_or(false)
        };
        is(&b.body, "type", "redirect")
            && b.body
                .block("redirect")
                .is_some_and(|rd| is(&rd.body, "protocol", "HTTPS"))
    }) || r.has_dynamic("default_action")
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_lb_listener` and `aws_alb_listener` resources with
    /// `protocol = "HTTP"` whose default action does not redirect to HTTPS,
    /// and `aws_elb` `listener` blocks with `lb_protocol = "http"`.
    /// Listeners that only redirect to HTTPS and TCP/UDP/TLS listeners are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// Requests and responses, cookies and credentials included, cross the
    /// internet in clear text and can be read or altered by anyone on the
    /// path. Serve HTTPS with a certificate from ACM and keep port 80 only
    /// to redirect.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_lb_listener" "web" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///   default_action {
    ///     type             = "forward"
    ///     target_group_arn = aws_lb_target_group.web.arn
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_lb_listener" "web" {
    ///   load_balancer_arn = aws_lb.web.arn
    ///   port              = 80
    ///   protocol          = "HTTP"
    ///   default_action {
    ///     type = "redirect"
    ///     redirect {
    ///       port        = "443"
    ///       protocol    = "HTTPS"
    ///       status_code = "HTTP_301"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (data protection: encryption in transit).
    /// - checkov CKV_AWS_2, CKV_AWS_376; Trivy AVD-AWS-0054.
    pub struct LoadBalancerPlainHttp {
        code: "TF063",
        name: "load-balancer-plain-http",
        summary: "Load balancer listener serving plain HTTP",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_AWS_2", Checkov "CKV_AWS_376", Trivy "AVD-AWS-0054"],
        fix: None,
        default: true,
    }
}

impl Rule for LoadBalancerPlainHttp {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        let help = "serve HTTPS with an ACM certificate, and make port 80 redirect to it";
        match r.kind {
            "aws_lb_listener" | "aws_alb_listener" => {
                if let Some((a, v, p)) = known_str(cx, r, "protocol")
                    && p.eq_ignore_ascii_case("HTTP")
                    && !redirects_to_https(cx, r)
                {
                    out.add(
                            a.span,
                            format!(
                                "{} serves {} without redirecting to HTTPS, so traffic crosses the network in clear text",
                                subject(r),
                                shown(cx, &a, &v)
                            ),
                        )
                        .help(help);
                }
            }
            "aws_elb" => {
                for b in r.blocks("listener") {
                    let Some(a) = b.body.attr("lb_protocol") else {
                        continue;
                    };
                    if cx
                        .eval(&a.value)
                        .as_str()
                        .is_some_and(|p| p.eq_ignore_ascii_case("http"))
                    {
                        out.add(
                            a.span,
                            format!(
                                "{} has a listener with `lb_protocol = \"http\"`, so traffic crosses the network in clear text",
                                subject(r)
                            ),
                        )
                        .help(help);
                    }
                }
            }
            _ => {}
        }
    }
}
