use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `scheme://user:password@host` URLs whose password is a literal.
    /// Not reported: an empty password (`user:@host`), a password that is a
    /// variable, a command or a template (`${DB_PASSWORD}`, `$(cat …)`,
    /// `{{ … }}`), a placeholder (`password`, `changeme`, `***`, `<password>`),
    /// well-known defaults (`postgres`, `guest`) and a password equal to the user
    /// name. The message shows the URL with the password elided.
    ///
    /// ## Why is this bad?
    /// Connection strings travel: into logs, error messages, process lists and
    /// every copy of the repository. A password in one is as exposed as the
    /// file.
    ///
    /// ## Example
    /// ```yaml
    /// DATABASE_URL: postgres://app:s3cr…@db.internal:5432/app
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// DATABASE_URL: postgres://app:${DB_PASSWORD}@db.internal:5432/app
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10, D06, K12, C06.
    /// - checkov: `CKV_SECRET_4`.
    pub struct PasswordInUrl {
        code: "SEC011",
        name: "password-in-url",
        summary: "URL with a literal password",
        severity: Warning,
        category: Security,
        practices: ["S01", "T10", "D06", "K12", "C06"],
        peers: [Checkov "CKV_SECRET_4"],
        fix: None,
        default: true,
    }
}

impl Rule for PasswordInUrl {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::UrlPassword, out);
    }
}
