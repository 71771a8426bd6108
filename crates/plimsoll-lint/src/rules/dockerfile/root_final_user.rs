use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a final image whose last `USER` is `root` (or UID 0).
    ///
    /// ## Why is this bad?
    /// A process running as root in a container is root on the host's kernel:
    /// a container escape or a writable host mount becomes a full compromise.
    /// Switch to root for installation steps if needed, then back to an
    /// unprivileged user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// CMD ["curl", "--version"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// USER 10001:10001
    /// CMD ["curl", "--version"]
    /// ```
    ///
    /// Only the image that runs matters: `USER root` in a build stage that
    /// is not the final one is fine.
    ///
    /// ## References
    /// - Practice D02 (final stage runs as a non-root user).
    /// - hadolint DL3002, checkov CKV_DOCKER_8.
    pub struct RootFinalUser {
        code: "DF005",
        name: "root-final-user",
        summary: "The final image runs as root",
        severity: Warning,
        category: Security,
        practices: ["D02"],
        peers: [Hadolint "DL3002", Checkov "CKV_DOCKER_8"],
        fix: None,
        default: true,
    }
}

impl Rule for RootFinalUser {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let Some(user) = helpers::final_user(cx.dockerfile) else {
            return;
        };
        let Body::User(word) = &user.body else { return };
        if helpers::is_root_user(&word.value) {
            out.add(word.span, format!("the final image runs as `{}`", word.value))
                .help("add `USER <uid>:<gid>` with a non-zero UID (10001 for example) after the steps that need root");
        }
    }
}
