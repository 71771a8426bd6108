//! DC026, DC027 and DC028: container names are unique and valid.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports two services of the merged view of a project (base file,
    /// overrides, includes) with the same `container_name`. Names that
    /// read a variable are compared as written: `${NAME}` twice is the
    /// same name whatever the variable holds. Services whose `profiles`
    /// never run together are not compared. The later service is reported,
    /// pointing at the earlier one.
    ///
    /// ## Why is this bad?
    /// Container names are global to the Docker host: the second container
    /// cannot be created ("Conflict. The container name is already in
    /// use").
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     container_name: app
    ///   worker:
    ///     container_name: app
    /// ```
    ///
    /// ## Use instead
    /// Give each service its own name, or drop `container_name` and let
    /// Compose name the containers.
    ///
    /// ## References
    /// - Practice C02 (services start and restart reliably; the closest
    ///   practice).
    /// - dclint no-duplicate-container-names.
    pub struct DuplicateContainerName {
        code: "DC026",
        name: "duplicate-container-name",
        summary: "Two services use the same `container_name`",
        severity: Error,
        category: Correctness,
        practices: ["C02"],
        peers: [Dclint "no-duplicate-container-names"],
        fix: None,
        default: true,
    }
}

impl Rule for DuplicateContainerName {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let merged = cx.project.merged(cx.member);
        let mut seen: Vec<(usize, &Service, &Scalar)> = Vec::new();
        for &j in &merged {
            for s in &cx.project.member(j).compose().services {
                let Some(name) = &s.container_name else {
                    continue;
                };
                let earlier = seen.iter().find(|(_, other, n)| {
                    n.value == name.value && other.name != s.name && other.may_run_with(s)
                });
                if let Some(&(m, other, first)) = earlier
                    && j == cx.member
                {
                    let member = cx.project.member(m);
                    out.add(
                        cx.span(name.node),
                        format!(
                            "{} and service `{}` both set `container_name: {}`",
                            s.display(),
                            other.name,
                            name.value
                        ),
                    )
                    .help("give each service its own container name, or remove `container_name`")
                    .related_in(
                        member.source(),
                        member.yaml().node(first.node).span,
                        "first set here",
                    );
                }
                seen.push((j, s, name));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service that sets `container_name` and runs more than one
    /// replica (`deploy.replicas` or `scale` above 1), in any file merged
    /// with it.
    ///
    /// ## Why is this bad?
    /// Every replica would need the same container name; Compose refuses
    /// the project ("can't set container_name and replicas as container
    /// name must be unique").
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     container_name: worker
    ///     deploy:
    ///       replicas: 3
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   worker:
    ///     deploy:
    ///       replicas: 3
    /// ```
    ///
    /// ## References
    /// - Practice C02 (services start reliably; the closest practice).
    /// - compose-lint and dclint have no equivalent check.
    pub struct ContainerNameWithReplicas {
        code: "DC027",
        name: "container-name-with-replicas",
        summary: "Service with several replicas sets `container_name`",
        severity: Error,
        category: Correctness,
        practices: ["C02"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for ContainerNameWithReplicas {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let merged = cx.project.merged_service(cx.member, &s.name);
        let replicas = merged
            .defs
            .iter()
            .find_map(|d| d.service.replicas(d.member.yaml()).map(|(_, n)| n));
        let Some(n) = replicas.filter(|&n| n > 1) else {
            return;
        };
        if let Some(name) = &s.container_name {
            out.add(
                cx.span(name.node),
                format!(
                    "{} sets `container_name: {}` but runs {n} replicas, which cannot share one name",
                    s.display(),
                    name.value
                ),
            )
            .help("remove `container_name` (Compose names replicas `<project>-<service>-<n>`)");
        }
    }
}

/// Docker's container name syntax.
fn valid_container_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

declare_rule! {
    /// ## What it does
    /// Reports a `container_name` Docker rejects: it must match
    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (two characters at least, no spaces,
    /// slashes or colons). Names that read a variable are not judged.
    ///
    /// ## Why is this bad?
    /// The container cannot be created ("Invalid container name").
    ///
    /// ## Example
    /// ```yaml
    /// container_name: my app
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// container_name: my-app
    /// ```
    ///
    /// ## References
    /// - Practice C08 (files follow the Compose Specification; the closest
    ///   practice).
    /// - dclint service-container-name-regex (which also rejects names read
    ///   from variables).
    pub struct InvalidContainerName {
        code: "DC028",
        name: "invalid-container-name",
        summary: "`container_name` is not a valid Docker container name",
        severity: Error,
        category: Correctness,
        practices: ["C08"],
        peers: [Dclint "service-container-name-regex"],
        fix: None,
        default: true,
    }
}

impl Rule for InvalidContainerName {
    fn check_service(&self, cx: &ComposeContext<'_>, s: &Service, out: &mut Diagnostics<'_>) {
        let Some(name) = &s.container_name else {
            return;
        };
        let Some(value) = interpolation::literal(&name.value) else {
            return;
        };
        if valid_container_name(&value) {
            return;
        }
        out.add(
            cx.span(name.node),
            format!(
                "{}: `container_name: {value}` is not a valid container name",
                s.display()
            ),
        )
        .help("use letters, digits, `_`, `.` and `-`, starting with a letter or digit");
    }
}
