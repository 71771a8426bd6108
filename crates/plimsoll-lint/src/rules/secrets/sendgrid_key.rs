use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports SendGrid API keys: `SG.`, 22 URL-safe characters, `.`, and 43
    /// more.
    ///
    /// ## Why is this bad?
    /// A SendGrid key sends mail from the account's verified domains:
    /// phishing that passes SPF and DKIM.
    ///
    /// ## Example
    /// ```sh
    /// SENDGRID_API_KEY=SG.…
    /// ```
    ///
    /// ## Use instead
    /// ```sh
    /// SENDGRID_API_KEY=  # injected by the platform
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `sendgrid-api-token`.
    /// - Trivy secret rule: `sendgrid-api-token`.
    pub struct HardcodedSendgridKey {
        code: "SEC015",
        name: "hardcoded-sendgrid-key",
        summary: "SendGrid API key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "sendgrid-api-token", Trivy "sendgrid-api-token"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedSendgridKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::SendgridKey, out);
    }
}
