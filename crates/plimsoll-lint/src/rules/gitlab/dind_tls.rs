use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports jobs with a `docker:dind` service (any `docker:*-dind`
    /// tag) whose variables, after `extends` and the global ones, turn TLS
    /// off (`DOCKER_TLS_CERTDIR: ""`) or point `DOCKER_HOST` at port
    /// 2375.
    ///
    /// ## Why is this bad?
    /// Without TLS the Docker daemon listens unauthenticated on the job
    /// network: on shared runners other containers of the host network
    /// can drive it, which means root on the runner.
    ///
    /// ## Example
    /// ```yaml
    /// build:
    ///   image: docker:27
    ///   services: [docker:27-dind]
    ///   variables:
    ///     DOCKER_TLS_CERTDIR: ""
    ///   script: docker build .
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// build:
    ///   image: docker:27
    ///   services: [docker:27-dind]
    ///   variables:
    ///     DOCKER_TLS_CERTDIR: "/certs"
    ///   script: docker build .
    /// ```
    ///
    /// ## References
    /// - Practice S02 (build infrastructure) and CI08 (least privilege).
    pub struct DindWithoutTls {
        code: "GL021",
        name: "dind-without-tls",
        summary: "Docker-in-Docker service with TLS turned off",
        severity: Warning,
        category: Security,
        practices: ["S02", "CI08"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The value of variable `name` for a job: its own, extended, then global.
fn variable(cx: &GitlabContext<'_>, job: &Job, name: &str) -> Option<(Src, String)> {
    let from_job = cx
        .index
        .chain(cx.unit, &job.name)
        .into_iter()
        .find_map(|r| {
            let y = cx.index.yaml(r.unit);
            let v = y.path(cx.index.job(r).node, &["variables", name])?;
            Some(Src {
                unit: r.unit,
                node: v,
            })
        });
    let src = from_job.or_else(|| {
        let scope = cx.index.scope(cx.unit);
        scope.units.iter().find_map(|&u| {
            let y = cx.index.yaml(u);
            let root = cx.index.unit(u).model().root?;
            let v = y.path(root, &["variables", name])?;
            Some(Src { unit: u, node: v })
        })
    })?;
    let y = cx.index.yaml(src.unit);
    let value = y
        .str(src.node)
        .or_else(|| y.get(src.node, "value").and_then(|v| y.str(v)))?;
    Some((src, value.to_string()))
}

impl Rule for DindWithoutTls {
    fn check_gitlab_job(&self, cx: &GitlabContext<'_>, job: &Job, out: &mut Diagnostics<'_>) {
        if job.hidden {
            return;
        }
        let Some(services) = cx.value(job, "services") else {
            return;
        };
        let y = cx.yaml_of(services);
        let dind = service_images(y, services.node).into_iter().any(|n| {
            y.str(n).is_some_and(|s| {
                let s = s.rsplit('/').next().unwrap_or(s);
                s.starts_with("docker:") && s.contains("dind")
            })
        });
        if !dind {
            return;
        }
        let certdir = variable(cx, job, "DOCKER_TLS_CERTDIR");
        let host = variable(cx, job, "DOCKER_HOST");
        let off = certdir
            .as_ref()
            .filter(|(_, v)| v.is_empty())
            .map(|(s, _)| (*s, "`DOCKER_TLS_CERTDIR` is empty"))
            .or_else(|| {
                host.as_ref()
                    .filter(|(_, v)| v.ends_with(":2375") || v.contains(":2375/"))
                    .map(|(s, _)| (*s, "`DOCKER_HOST` uses the plain-text port 2375"))
            });
        if let Some((src, why)) = off {
            let span = if cx.is_here(src) {
                cx.span(src.node)
            } else {
                cx.job_span(job)
            };
            out.add(
                span,
                format!(
                    "job `{}` runs Docker-in-Docker without TLS: {why}",
                    job.name
                ),
            )
            .help("set `DOCKER_TLS_CERTDIR: \"/certs\"` and use `tcp://docker:2376`");
        }
    }
}
