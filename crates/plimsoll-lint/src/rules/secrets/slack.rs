use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports Slack API tokens: `xoxb-` (bot), `xoxp-` (user), `xoxa-`,
    /// `xoxr-`, `xoxs-` and `xoxe-`, followed by at least 20 characters in
    /// dash-separated parts with digits. Placeholders (`changeme`, `xxxx…`, `${VAR}`, `{{ .Values.x }}`, `<token>`, values containing `example`, `dummy`, `test`, repeated characters) are never reported.
    ///
    /// ## Why is this bad?
    /// A bot or user token reads and posts in every channel the app or user
    /// can see, including private conversations.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   SLACK_BOT_TOKEN: xoxb-…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: SLACK_BOT_TOKEN
    ///     valueFrom:
    ///       secretKeyRef: {name: slack, key: bot-token}
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `slack-bot-token`, `slack-user-token`.
    /// - Trivy secret rule: `slack-access-token`.
    /// - checkov: `CKV_SECRET_14`.
    pub struct HardcodedSlackToken {
        code: "SEC006",
        name: "hardcoded-slack-token",
        summary: "Slack API token written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "slack-bot-token", Gitleaks "slack-user-token", Trivy "slack-access-token", Checkov "CKV_SECRET_14"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedSlackToken {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::SlackToken, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Slack incoming webhook URLs,
    /// `https://hooks.slack.com/services/T…/B…/<secret>` (and `/workflows/`),
    /// whose last segment has at least 16 characters. The message shows the
    /// workspace and channel IDs, never the secret part.
    ///
    /// ## Why is this bad?
    /// The URL is the credential: anyone holding it can post to the channel,
    /// for example convincing phishing messages from a trusted integration.
    ///
    /// ## Example
    /// ```yaml
    /// receivers:
    ///   - name: ops
    ///     slack_configs:
    ///       - api_url: https://hooks.slack.com/services/T0…/B0…/…
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// receivers:
    ///   - name: ops
    ///     slack_configs:
    ///       - api_url_file: /etc/alertmanager/secrets/slack-url
    /// ```
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - gitleaks: `slack-webhook-url`.
    /// - Trivy secret rule: `slack-web-hook`.
    /// - checkov: `CKV_SECRET_14`.
    pub struct HardcodedSlackWebhook {
        code: "SEC007",
        name: "hardcoded-slack-webhook",
        summary: "Slack incoming webhook URL written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Gitleaks "slack-webhook-url", Trivy "slack-web-hook", Checkov "CKV_SECRET_14"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedSlackWebhook {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::SlackWebhook, out);
    }
}
