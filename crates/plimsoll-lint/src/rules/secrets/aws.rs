use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports an AWS access key ID in any file the run reads: `AKIA` (long-term
    /// user keys), `ASIA` (temporary STS keys), `ABIA` and `ACCA`, followed by 16
    /// characters of AWS's base32 alphabet and not glued to other letters or digits.
    /// AWS's documented example key `AKIAIOSFODNN7EXAMPLE` and other placeholders
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// The key ID names the credential; the secret access key is rarely far
    /// away (same file, same history). Anyone who can read the repository can
    /// then act as that IAM user until the key is deactivated, and Git history
    /// keeps it after the line is deleted.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   AWS_ACCESS_KEY_ID: AKIA…  # a real key ID
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
    /// ```
    ///
    /// Better still, no key at all: an IAM role, IRSA/workload identity, or OIDC federation from CI (practice CI08).
    ///
    /// ## References
    /// - Practices S01, T10, CI08.
    /// - gitleaks: `aws-access-token`.
    /// - Trivy secret rule: `aws-access-key-id`.
    /// - checkov: `CKV_SECRET_2`.
    pub struct HardcodedAwsAccessKeyId {
        code: "SEC001",
        name: "hardcoded-aws-access-key-id",
        summary: "AWS access key ID written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10", "CI08"],
        peers: [Gitleaks "aws-access-token", Trivy "aws-access-key-id", Checkov "CKV_SECRET_2"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedAwsAccessKeyId {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::AwsAccessKeyId, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a 40-character AWS secret access key: a value of the base64
    /// alphabet with upper case, lower case and digits and an entropy of at least
    /// 4 bits per character, either assigned to a key naming it
    /// (`aws_secret_access_key`, `AWS_SECRET_ACCESS_KEY`, `secretAccessKey`) or
    /// written within 512 bytes of an access key ID (SEC001). Git commit hashes
    /// (lower-case hex) and AWS's documented example secret are not reported.
    ///
    /// ## Why is this bad?
    /// With the secret access key, the key ID is a working credential: every
    /// API call the IAM user may make, from anywhere, until someone notices.
    ///
    /// ## Example
    /// ```ini
    /// [default]
    /// aws_access_key_id = AKIA…
    /// aws_secret_access_key = wJal…  # 40 characters
    /// ```
    ///
    /// ## Use instead
    /// Use an IAM role, SSO or OIDC federation; when a static key is unavoidable, keep it in a secret store and inject it at run time.
    ///
    /// ## References
    /// - Practices S01, T10, CI08.
    /// - Trivy secret rule: `aws-secret-access-key`.
    /// - checkov: `CKV_SECRET_2`.
    pub struct HardcodedAwsSecretAccessKey {
        code: "SEC002",
        name: "hardcoded-aws-secret-access-key",
        summary: "AWS secret access key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10", "CI08"],
        peers: [Trivy "aws-secret-access-key", Checkov "CKV_SECRET_2"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedAwsSecretAccessKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::AwsSecretAccessKey, out);
    }
}
