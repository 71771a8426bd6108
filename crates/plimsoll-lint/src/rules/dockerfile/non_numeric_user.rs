use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `USER` with a user name instead of a numeric UID (`USER app`
    /// rather than `USER 10001`).
    ///
    /// ## Why is this bad?
    /// Kubernetes cannot verify `runAsNonRoot: true` for a named user and
    /// refuses to start the pod, and the name must exist in `/etc/passwd`
    /// of the image (distroless and scratch images have none). A numeric UID
    /// works everywhere and can be matched by `runAsUser` in the manifests.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// USER node
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// USER 1000:1000
    /// ```
    ///
    /// `USER root` is left to `root-final-user`, and variables are not
    /// reported.
    ///
    /// ## References
    /// - Practice D02 (numeric UID preferred), X03.
    /// - hadolint DL3066.
    pub struct NonNumericUser {
        code: "DF091",
        name: "non-numeric-user",
        summary: "USER names a user instead of a numeric UID",
        severity: Info,
        category: Reliability,
        practices: ["D02", "X03"],
        peers: [Hadolint "DL3066"],
        fix: None,
        default: true,
    }
}

impl Rule for NonNumericUser {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::User(user) = &inst.body else { return };
        let name = helpers::user_of(&user.value);
        if name.is_empty()
            || name.contains('$')
            || name.bytes().all(|b| b.is_ascii_digit())
            || helpers::is_root_user(name)
        {
            return;
        }
        out.add(
            user.span,
            format!("`USER {}` names a user; use its numeric UID", user.value),
        )
        .help(
            "Kubernetes can only enforce runAsNonRoot with a numeric user, e.g. `USER 10001:10001`",
        );
    }
}
