use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports npm access tokens: `npm_` followed by 36 alphanumerics.
    /// Placeholders (`changeme`, `xxxx…`, `${VAR}`, `{{ .Values.x }}`, `<token>`, values containing `example`, `dummy`, `test`, repeated characters) are never reported.
    ///
    /// ## Why is this bad?
    /// An automation or publish token publishes packages as its owner: a
    /// supply-chain compromise for everyone who installs them.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN=npm_…
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `npm-access-token`.
    /// - checkov: `CKV_SECRET_12`.
    pub struct HardcodedNpmToken {
        code: "SEC013",
        name: "hardcoded-npm-token",
        summary: "npm access token written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "npm-access-token", Checkov "CKV_SECRET_12"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedNpmToken {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::NpmToken, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports PyPI API tokens: `pypi-AgEIcHlwaS5vcmc` (the encoded
    /// `pypi.org` macaroon header) followed by at least 50 URL-safe
    /// characters.
    ///
    /// ## Why is this bad?
    /// An upload token publishes releases of the projects it covers.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   TWINE_PASSWORD: pypi-AgEIcHlwaS5vcmc…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// permissions:
    ///   id-token: write  # PyPI trusted publishing, no token
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `pypi-upload-token`.
    /// - Trivy secret rule: `pypi-upload-token`.
    pub struct HardcodedPypiToken {
        code: "SEC014",
        name: "hardcoded-pypi-token",
        summary: "PyPI API token written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "pypi-upload-token", Trivy "pypi-upload-token"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedPypiToken {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::PypiToken, out);
    }
}
