use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports JSON Web Tokens: three base64url segments (`eyJ…`) whose header
    /// decodes to a JSON object with `alg` and whose payload decodes to a JSON
    /// object. Unsigned tokens (`alg: none`) are named as such. jwt.io's sample
    /// token is not reported.
    ///
    /// ## Why is this bad?
    /// A JWT is a bearer credential: whoever presents it is who the payload
    /// says, until it expires, and many service-account tokens never do. The
    /// severity is a warning because some tokens in configuration are expired or
    /// only identify a public client.
    ///
    /// ## Example
    /// ```yaml
    /// headers:
    ///   Authorization: Bearer eyJhbGciOi…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// headers:
    ///   Authorization: Bearer ${API_TOKEN}
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `jwt`.
    /// - Trivy secret rule: `jwt-token`.
    /// - checkov: `CKV_SECRET_9`.
    pub struct HardcodedJwt {
        code: "SEC010",
        name: "hardcoded-jwt",
        summary: "JSON Web Token written in a file",
        severity: Warning,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "jwt", Trivy "jwt-token", Checkov "CKV_SECRET_9"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedJwt {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::Jwt, out);
    }
}
