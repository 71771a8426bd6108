use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports the `auth` entries of a Docker `config.json` (`"auths"`), in a
    /// JSON file or a JSON string inside YAML (a `.dockerconfigjson` in
    /// `stringData`, a Helm value): base64 of `user:password` with a password
    /// that is not a placeholder.
    ///
    /// ## Why is this bad?
    /// base64 is an encoding, not a protection: the value is the registry
    /// password, good for pushing images as that user.
    ///
    /// ## Example
    /// ```yaml
    /// stringData:
    ///   .dockerconfigjson: '{"auths": {"ghcr.io": {"auth": "Y2k…"}}}'
    /// ```
    ///
    /// ## Use instead
    /// Create the pull secret in the cluster (External Secrets, `kubectl create secret docker-registry`) and reference it from `imagePullSecrets`.
    ///
    /// ## References
    /// - Practices S01, K12.
    /// - No peer rule maps one to one.
    pub struct HardcodedDockerRegistryAuth {
        code: "SEC019",
        name: "hardcoded-docker-registry-auth",
        summary: "Docker registry credentials written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "K12"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedDockerRegistryAuth {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::DockerConfigAuth, out);
    }
}
