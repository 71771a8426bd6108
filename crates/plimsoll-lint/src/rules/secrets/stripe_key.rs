use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Stripe live-mode secret and restricted keys (`sk_live_`,
    /// `rk_live_` and at least 20 alphanumerics). Test-mode keys (`sk_test_`)
    /// are not reported: they cannot move money and Stripe's documentation is
    /// full of them. Publishable keys (`pk_live_`) are public by design.
    ///
    /// ## Why is this bad?
    /// A live secret key creates charges, refunds and payouts and reads
    /// customer data.
    ///
    /// ## Example
    /// ```sh
    /// STRIPE_SECRET_KEY=sk_live_…
    /// ```
    ///
    /// ## Use instead
    /// ```sh
    /// STRIPE_SECRET_KEY=  # set in the deployment environment
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `stripe-access-token`.
    /// - Trivy secret rule: `stripe-secret-token`.
    /// - checkov: `CKV_SECRET_17`.
    pub struct HardcodedStripeKey {
        code: "SEC008",
        name: "hardcoded-stripe-key",
        summary: "Stripe live secret key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "stripe-access-token", Trivy "stripe-secret-token", Checkov "CKV_SECRET_17"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedStripeKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::StripeKey, out);
    }
}
