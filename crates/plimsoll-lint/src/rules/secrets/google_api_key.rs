use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Google API keys: `AIza` followed by 35 URL-safe characters.
    /// Placeholders (`changeme`, `xxxx…`, `${VAR}`, `{{ .Values.x }}`, `<token>`, values containing `example`, `dummy`, `test`, repeated characters) are never reported.
    ///
    /// ## Why is this bad?
    /// An unrestricted key bills its project for every API it enables (Maps,
    /// Gemini, Translate...). Keys meant for browsers must at least be restricted
    /// by referrer and API; server keys belong in a secret store.
    ///
    /// ## Example
    /// ```yaml
    /// data:
    ///   MAPS_API_KEY: AIza…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// data:
    ///   MAPS_API_KEY_SECRET: maps-api-key  # name of a Secret, not its value
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `gcp-api-key`.
    pub struct HardcodedGoogleApiKey {
        code: "SEC009",
        name: "hardcoded-google-api-key",
        summary: "Google API key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "gcp-api-key"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedGoogleApiKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::GoogleApiKey, out);
    }
}
