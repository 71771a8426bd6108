//! DC018 to DC021: names a service uses are defined in its project.

use super::prelude::*;
use super::support::scope_services;
use crate::compose::Resource;

/// What a file can see: `None` when the project is incomplete (an include
/// the run cannot read, an override without its base).
fn checkable(cx: &ComposeContext<'_>) -> bool {
    !cx.compose.legacy_v1 && !cx.project.is_incomplete(cx.member)
}

/// The top-level resources of a kind in the file's scope.
fn defined<'x>(cx: &'x ComposeContext<'_>, pick: fn(&ComposeFile) -> &[Resource]) -> Vec<&'x str> {
    cx.project
        .scope(cx.member)
        .into_iter()
        .flat_map(|j| {
            pick(cx.project.member(j).compose())
                .iter()
                .map(|r| r.name.as_str())
        })
        .collect()
}

fn where_() -> &'static str {
    "in this file or the compose files merged or included with it"
}

declare_rule! {
    /// ## What it does
    /// Reports a reference to a service that no compose file of the project
    /// defines: `depends_on` (unless `required: false`), `links`,
    /// `extends.service`, `network_mode: service:x`, `ipc`/`pid:
    /// service:x` and `volumes_from`. The project is this file, the other
    /// compose files of its directory (base and overrides) and the files
    /// they include; nothing is reported when an include cannot be read or
    /// an override's base file is not in the run. For `extends` with a
    /// `file`, the service must be in that file.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("depends on undefined service",
    /// "service x not found"), usually after a service was renamed on one
    /// side only.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on: [database]
    ///   db:
    ///     image: postgres:16
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on: [db]
    /// ```
    ///
    /// ## References
    /// - Practice C01 (services and their dependencies wired correctly).
    /// - compose-lint and dclint have no equivalent check.
    pub struct UndefinedServiceReference {
        code: "DC018",
        name: "undefined-service-reference",
        summary: "Reference to a service the project does not define",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedServiceReference {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        if !checkable(cx) {
            return;
        }
        let services = scope_services(cx);
        let known = |name: &str| services.iter().any(|s| s.name == name);
        for s in &cx.compose.services {
            let mut refs: Vec<(NodeId, String, &str)> = Vec::new();
            for d in s.depends_on.iter().filter(|d| d.required) {
                refs.push((d.node, d.service.clone(), "depends on"));
            }
            for l in &s.links {
                let name = l.value.split(':').next().unwrap_or("").to_string();
                refs.push((l.node, name, "links to"));
            }
            for v in &s.volumes_from {
                if v.value.starts_with("container:") {
                    continue;
                }
                let name = v.value.split(':').next().unwrap_or("").to_string();
                refs.push((v.node, name, "mounts the volumes of"));
            }
            for (field, value) in [
                ("network_mode", &s.network_mode),
                ("ipc", &s.ipc),
                ("pid", &s.pid),
            ] {
                if let Some(v) = value
                    && let Some(name) = v.value.strip_prefix("service:")
                {
                    refs.push((v.node, name.to_string(), field));
                }
            }
            for (node, name, how) in refs {
                if name.is_empty() || interpolation::is_interpolated(&name) || known(&name) {
                    continue;
                }
                let how = match how {
                    "network_mode" | "ipc" | "pid" => format!("shares the `{how}` of"),
                    other => other.to_string(),
                };
                out.add(
                    cx.span(node),
                    format!(
                        "{} {how} `{name}`, which no service defines {}",
                        s.display(),
                        where_()
                    ),
                )
                .help("fix the name, or define the service");
            }
            if let Some(ext) = &s.extends
                && let Some(name) = &ext.service
                && !name.is_interpolated()
            {
                match &ext.file {
                    None => {
                        if !known(&name.value) {
                            out.add(
                                cx.span(name.node),
                                format!(
                                    "{} extends `{}`, which no service defines {}",
                                    s.display(),
                                    name.value,
                                    where_()
                                ),
                            )
                            .help("fix the name, or add `file:` naming the file that defines it");
                        }
                    }
                    Some(file)
                        if !file.is_interpolated() && !crate::compose::is_remote(&file.value) =>
                    {
                        let path = crate::compose::project::resolve(
                            &cx.project.member(cx.member).dir,
                            &file.value,
                        );
                        let target = cx.project.members().iter().find(|m| m.path == path);
                        if let Some(t) = target
                            && t.compose().service(&name.value).is_none()
                        {
                            out.add(
                                cx.span(name.node),
                                format!(
                                    "{} extends `{}`, which `{}` does not define",
                                    s.display(),
                                    name.value,
                                    file.value
                                ),
                            )
                            .help("fix the service or the file name");
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a network a service joins (`networks:` list or keys) that no
    /// compose file of the project declares under the top-level
    /// `networks`, other than the implicit `default`. The project is as for
    /// DC018; nothing is reported when part of it cannot be read.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("service x refers to undefined network
    /// y"). An existing network must still be declared, with
    /// `external: true`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     networks: [backend]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     networks: [backend]
    /// networks:
    ///   backend:
    /// ```
    ///
    /// ## References
    /// - Practice C01 (services wired correctly; the closest practice).
    /// - compose-lint and dclint have no equivalent check.
    pub struct UndefinedNetwork {
        code: "DC019",
        name: "undefined-network",
        summary: "Service joins a network the project does not declare",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedNetwork {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        if !checkable(cx) {
            return;
        }
        let networks = defined(cx, |c| &c.networks);
        for s in &cx.compose.services {
            for n in &s.networks {
                if n.name == "default"
                    || interpolation::is_interpolated(&n.name)
                    || networks.contains(&n.name.as_str())
                {
                    continue;
                }
                out.add(
                    cx.span(n.node),
                    format!("{} joins network `{}`, which is not declared {}", s.display(), n.name, where_()),
                )
                .help(format!("declare it under the top-level `networks` (`{}:`, or with `external: true` if it exists already)", n.name));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a named volume a service mounts (`data:/var/lib/x`, or the
    /// long syntax `type: volume` with a `source`) that no compose file of
    /// the project declares under the top-level `volumes`. Bind mounts
    /// (sources starting with `.`, `/` or `~`), anonymous volumes and
    /// sources read from a variable are not names. The project is as for
    /// DC018.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("service x refers to undefined volume
    /// y"). A source meant as a host path but written without `./`
    /// (`data:/data`) is read as a volume name: this finding is then the
    /// only hint that the host directory is not mounted.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     volumes: [db-data:/var/lib/postgresql/data]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     volumes: [db-data:/var/lib/postgresql/data]
    /// volumes:
    ///   db-data:
    /// ```
    ///
    /// ## References
    /// - Practice C07 (named volumes for persistent data).
    /// - compose-lint and dclint have no equivalent check.
    pub struct UndefinedVolume {
        code: "DC020",
        name: "undefined-volume",
        summary: "Service mounts a named volume the project does not declare",
        severity: Error,
        category: Correctness,
        practices: ["C07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedVolume {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        if !checkable(cx) {
            return;
        }
        let volumes = defined(cx, |c| &c.volumes);
        for s in &cx.compose.services {
            for m in &s.volumes {
                if m.kind != MountKind::Volume || m.interpolated {
                    continue;
                }
                let Some(source) = &m.source else { continue };
                if volumes.contains(&source.value.as_str()) {
                    continue;
                }
                let node = if m.long { source.node } else { m.node };
                out.add(
                    cx.span(node),
                    format!(
                        "{} mounts volume `{}`, which is not declared {}",
                        s.display(),
                        source.value,
                        where_()
                    ),
                )
                .help(format!(
                    "declare it under the top-level `volumes`, or write a host path as `./{}`",
                    source.value
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a config or secret granted to a service (`configs:`,
    /// `secrets:`, and `build.secrets`), short or long syntax, that no
    /// compose file of the project declares under the top-level `configs`
    /// or `secrets`. The project is as for DC018.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project ("service x refers to undefined secret
    /// y"): the service never starts, or the build fails.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     secrets: [db_password]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   api:
    ///     secrets: [db_password]
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt
    /// ```
    ///
    /// ## References
    /// - Practice C06 (secrets through compose secrets).
    /// - compose-lint and dclint have no equivalent check.
    pub struct UndefinedConfigOrSecret {
        code: "DC021",
        name: "undefined-config-or-secret",
        summary: "Service uses a config or secret the project does not declare",
        severity: Error,
        category: Correctness,
        practices: ["C06"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for UndefinedConfigOrSecret {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        if !checkable(cx) {
            return;
        }
        let configs = defined(cx, |c| &c.configs);
        let secrets = defined(cx, |c| &c.secrets);
        for s in &cx.compose.services {
            let build_secrets = s.build.iter().flat_map(|b| b.secrets.iter());
            let uses = s.configs.iter().map(|r| ("config", r, &configs)).chain(
                s.secrets
                    .iter()
                    .chain(build_secrets)
                    .map(|r| ("secret", r, &secrets)),
            );
            for (kind, r, known) in uses {
                if interpolation::is_interpolated(&r.source) || known.contains(&r.source.as_str()) {
                    continue;
                }
                out.add(
                    cx.span(r.node),
                    format!(
                        "{} uses {kind} `{}`, which is not declared {}",
                        s.display(),
                        r.source,
                        where_()
                    ),
                )
                .help(format!("declare it under the top-level `{kind}s`"));
            }
        }
    }
}
