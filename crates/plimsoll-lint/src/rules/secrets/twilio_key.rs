use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Twilio API key SIDs: `SK` followed by 32 hexadecimal digits,
    /// standing alone as a word. The SID identifies the key; its secret is
    /// usually nearby, so this is a warning to look.
    ///
    /// ## Why is this bad?
    /// With the key secret, the SID sends messages and places calls billed to
    /// the account.
    ///
    /// ## Example
    /// ```sh
    /// TWILIO_API_KEY=SK…  # 34 characters
    /// ```
    ///
    /// ## Use instead
    /// ```sh
    /// TWILIO_API_KEY=  # from the secret store
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `twilio-api-key`.
    /// - Trivy secret rule: `twilio-api-key`.
    /// - checkov: `CKV_SECRET_18`.
    pub struct HardcodedTwilioKey {
        code: "SEC016",
        name: "hardcoded-twilio-key",
        summary: "Twilio API key written in a file",
        severity: Warning,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "twilio-api-key", Trivy "twilio-api-key", Checkov "CKV_SECRET_18"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedTwilioKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::TwilioKey, out);
    }
}
