//! Node.js images: npm, pnpm (corepack, `pnpm fetch` for workspaces), yarn
//! classic and berry, bun; Next.js standalone output (D01, D07, D08, D12, D13).

use super::{Df, dir_in_context, join, one_line, sh_quote, start_argv};
use crate::model::{Framework, PackageManager, Service};
use std::fmt::Write as _;

/// The Node image for a version: a bare major gets the current minor so
/// rebuilds do not jump minors silently (D03).
pub(crate) fn node_image(version: &str) -> String {
    let v = match version.trim().trim_start_matches('v') {
        "18" => "18.20",
        "20" => "20.18",
        "22" | "" => "22.12",
        "23" => "23.5",
        other => other,
    };
    format!("node:{v}-bookworm-slim")
}

const BUN_IMAGE: &str = "oven/bun:1.1-slim";

/// What differs between the Node package managers.
struct Tool {
    /// Files the install reads, besides `package.json`.
    lockfiles: &'static [&'static str],
    install: &'static str,
    install_prod: &'static str,
    cache: &'static str,
    /// Lines run once in the base stage.
    setup: &'static [&'static str],
}

fn tool(pm: PackageManager) -> Tool {
    match pm {
        PackageManager::Pnpm => Tool {
            lockfiles: &["pnpm-lock.yaml"],
            install: "pnpm install --frozen-lockfile",
            install_prod: "pnpm install --frozen-lockfile --prod",
            cache: "--mount=type=cache,id=pnpm,target=/pnpm/store",
            setup: &[
                "# pnpm comes from corepack (the version in package.json `packageManager`).",
                "ENV PNPM_HOME=/pnpm \\\n    PATH=/pnpm:$PATH \\\n    COREPACK_ENABLE_DOWNLOAD_PROMPT=0",
                "RUN corepack enable pnpm",
            ],
        },
        PackageManager::YarnClassic => Tool {
            lockfiles: &["yarn.lock"],
            install: "yarn install --frozen-lockfile --non-interactive",
            install_prod: "yarn install --frozen-lockfile --non-interactive --production",
            cache: "--mount=type=cache,target=/usr/local/share/.cache/yarn",
            setup: &["# Yarn 1 ships with the Node image."],
        },
        PackageManager::YarnBerry => Tool {
            // `.yarnrc.yml*` matches nothing harmlessly when the file is absent.
            lockfiles: &["yarn.lock", ".yarnrc.yml*"],
            install: "yarn install --immutable",
            install_prod: "yarn workspaces focus --all --production",
            cache: "--mount=type=cache,target=/root/.yarn/berry/cache",
            setup: &[
                "# Yarn 2+ comes from corepack (the version in package.json `packageManager`).",
                "ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0",
                "RUN corepack enable yarn",
            ],
        },
        PackageManager::Bun => Tool {
            lockfiles: &["bun.lock*"],
            install: "bun install --frozen-lockfile",
            install_prod: "bun install --frozen-lockfile --production",
            cache: "--mount=type=cache,target=/root/.bun/install/cache",
            setup: &[],
        },
        _ => Tool {
            lockfiles: &["package-lock.json"],
            install: "npm ci --no-audit --no-fund",
            install_prod: "npm ci --omit=dev --no-audit --no-fund",
            cache: "--mount=type=cache,target=/root/.npm",
            setup: &[],
        },
    }
}

/// The `base` and `build` stages; returns the package manager's details and
/// the image.
fn base_and_build(df: &mut Df, svc: &Service, with_build: bool) -> (Tool, String) {
    let pm = svc.package_manager.value;
    let t = tool(pm);
    let image = if pm == PackageManager::Bun {
        BUN_IMAGE.to_owned()
    } else {
        node_image(&svc.language_version.value)
    };
    let workspace = svc.builds_from_root();
    df.stage(
        "Shared base: the pinned runtime image plus the package manager.",
        &image,
        "base",
    );
    df.line("WORKDIR /app");
    for l in t.setup {
        df.line(*l);
    }
    if !with_build {
        return (t, image);
    }
    df.stage(
        "Build: dependencies first (cached until the lockfile changes), then the source.",
        "base",
        "build",
    );
    install_steps(
        df,
        &dir_in_context(svc),
        &t,
        pm,
        workspace && pm == PackageManager::Pnpm,
        workspace,
        false,
    );
    if let Some(build) = &svc.build_command {
        if svc.framework() == Some(Framework::NextJs) {
            df.line("ENV NEXT_TELEMETRY_DISABLED=1");
        }
        df.line(format!("RUN {}", one_line(&build.value)));
    }
    (t, image)
}

pub(super) fn write(df: &mut Df, svc: &Service) {
    let pm = svc.package_manager.value;
    let bun = pm == PackageManager::Bun;
    let dir = dir_in_context(svc);
    let app_dir = join("/app", &dir);
    let workspace = svc.builds_from_root();
    let pnpm_workspace = workspace && pm == PackageManager::Pnpm;
    let output = svc.build_output.as_ref().map(|o| o.value.as_str());
    let standalone = svc.framework() == Some(Framework::NextJs)
        && output.is_some_and(|o| o.trim_end_matches('/').ends_with(".next/standalone"));
    let (t, image) = base_and_build(df, svc, svc.build_command.is_some());

    let whole_tree = svc.build_command.is_some() && output.is_none();
    if !standalone && !whole_tree {
        df.stage(
            "Production dependencies only: no compilers, test runners or type checkers in the final image.",
            "base",
            "prod-deps",
        );
        install_steps(df, &dir, &t, pm, pnpm_workspace, workspace, true);
    }

    df.stage(
        "Runtime: the same pinned image without build tools, running as an unprivileged user.",
        &image,
        super::RUNTIME_STAGE,
    );
    df.labels();
    df.line(format!(
        "ENV NODE_ENV=production \\\n    PORT={}{}",
        svc.port.value,
        if standalone {
            " \\\n    HOSTNAME=0.0.0.0 \\\n    NEXT_TELEMETRY_DISABLED=1"
        } else {
            ""
        }
    ));
    df.line(super::DEBIAN_USER);
    df.line("WORKDIR /app");
    if standalone {
        let out = output.unwrap_or(".next/standalone").trim_end_matches('/');
        df.comment(
            "Next.js standalone output: a minimal server.js with only the node_modules it traces.\n\
             Static assets and public/ are not part of it and are copied next to it.",
        );
        if workspace {
            df.comment(&format!(
                "In a workspace, next.config must set `outputFileTracingRoot` to the repository root:\n\
                 the standalone tree then mirrors the repository and server.js is at {dir}/server.js."
            ));
        }
        df.copy(Some("build"), true, &[&join(&app_dir, out)], "/app/");
        let next_dir = out.trim_end_matches("/standalone");
        df.copy(
            Some("build"),
            true,
            &[&join(&app_dir, &format!("{next_dir}/static"))],
            &format!("{}/", join(&app_dir, &format!("{next_dir}/static"))),
        );
        df.copy(
            Some("build"),
            true,
            &[&join(&app_dir, "public")],
            &format!("{}/", join(&app_dir, "public")),
        );
    } else {
        let built = if svc.build_command.is_some() {
            output
        } else {
            None
        };
        match (svc.build_command.is_some(), built) {
            (false, _) => {
                df.comment("No build step: the source runs as is, with production dependencies.");
                df.copy(None, true, &["."], "/app/");
            }
            (true, None) => {
                df.comment(
                    "The build output directory is unknown: the whole built tree is copied.\n\
                     Set it (e.g. dist) to ship only the output and production dependencies.",
                );
                df.copy(Some("build"), true, &["/app"], "/app/");
            }
            (true, Some(_)) => {}
        }
        if !(svc.build_command.is_some() && built.is_none()) {
            df.copy(
                Some("prod-deps"),
                true,
                &["/app/node_modules"],
                "/app/node_modules/",
            );
            if workspace {
                let nm = join(&app_dir, "node_modules");
                df.copy(Some("prod-deps"), true, &[&nm], &format!("{nm}/"));
            }
        }
        if let Some(out) = built {
            let pkg = join(&app_dir, "package.json");
            df.copy(Some("build"), true, &[&pkg], &pkg);
            let built = join(&app_dir, out.trim_end_matches('/'));
            df.copy(Some("build"), true, &[&built], &format!("{built}/"));
        }
    }
    if app_dir != "/app" {
        df.line(format!("WORKDIR {app_dir}"));
    }
    let fallback: &[&str] = if standalone {
        &["node", "server.js"]
    } else if bun {
        &["bun", "run", "start"]
    } else {
        &["node", "index.js"]
    };
    df.runtime_tail(svc, &start_argv(svc, fallback));
}

/// Manifests, frozen install, then the source (in the build stage) or
/// nothing more (prod-deps, single package).
fn install_steps(
    df: &mut Df,
    dir: &str,
    t: &Tool,
    pm: PackageManager,
    pnpm_workspace: bool,
    workspace: bool,
    prod: bool,
) {
    if pnpm_workspace {
        df.comment(
            "`pnpm fetch` needs only the lockfile: the store layer stays cached while any\n\
             workspace member's source changes; the install below then runs offline.",
        );
        df.copy(
            None,
            false,
            &["pnpm-lock.yaml", "pnpm-workspace.yaml"],
            "./",
        );
        df.line(format!(
            "RUN {} pnpm fetch --frozen-lockfile{}",
            t.cache,
            if prod { " --prod" } else { "" }
        ));
        df.copy(None, false, &["."], ".");
        if prod {
            df.comment("Only this package and the workspace packages it depends on.");
            df.line(format!(
                "RUN {} pnpm install --offline --frozen-lockfile --prod --filter {}",
                t.cache,
                sh_quote(&format!("{{{dir}}}..."))
            ));
        } else {
            df.comment("The whole workspace: the build may use root tooling and sibling packages.");
            df.line(format!(
                "RUN {} pnpm install --offline --frozen-lockfile",
                t.cache
            ));
        }
        return;
    }
    let mut manifests = vec!["package.json"];
    manifests.extend_from_slice(t.lockfiles);
    df.copy(None, false, &manifests, "./");
    if workspace {
        df.comment(&format!(
            "A {pm} workspace install reads every member's package.json: the whole context is needed."
        ));
        df.copy(None, false, &["."], ".");
    }
    df.line(format!(
        "RUN {} {}",
        t.cache,
        if prod { t.install_prod } else { t.install }
    ));
    if !prod && !workspace {
        df.copy(None, false, &["."], ".");
    }
}

/// nginx-unprivileged ships its own `user` and temp paths under /tmp, so it
/// runs as any UID; this image just serves files.
const NGINX_IMAGE: &str = "nginxinc/nginx-unprivileged:1.27-alpine";

/// A static site: built with Node, served by unprivileged nginx (no Node in
/// the final image).
pub(super) fn static_site(df: &mut Df, svc: &Service) {
    let _ = base_and_build(df, svc, true);
    let app_dir = join("/app", &dir_in_context(svc));
    let out = svc
        .build_output
        .as_ref()
        .map_or("dist", |o| o.value.as_str())
        .trim_end_matches('/');
    df.stage(
        "Runtime: only the built files, served by nginx as an unprivileged user (no Node).",
        NGINX_IMAGE,
        super::RUNTIME_STAGE,
    );
    df.labels();
    let conf = join(&dir_in_context(svc), "nginx.conf");
    df.comment("Listens on the service port, answers the health path, falls back to index.html.");
    df.copy(None, false, &[&conf], "/etc/nginx/conf.d/default.conf");
    df.copy(
        Some("build"),
        false,
        &[&join(&app_dir, out)],
        "/usr/share/nginx/html/",
    );
    df.runtime_tail(svc, &start_argv(svc, &["nginx", "-g", "daemon off;"]));
}

/// The nginx server block of a static site.
pub(super) fn nginx_conf(svc: &Service) -> String {
    let health = super::url_path(&svc.health_path.value);
    let ready = super::url_path(&svc.readiness_path.value);
    let mut s = format!(
        "# Generated by `plimsoll init`; edit freely, your edits are kept on re-run.\n\
         # Static site server: the Dockerfile copies this to /etc/nginx/conf.d/default.conf.\n\
         server {{\n    listen {port};\n    listen [::]:{port};\n    server_name _;\n    root /usr/share/nginx/html;\n    server_tokens off;\n\n\
         \x20   # Probes (Docker HEALTHCHECK, compose, Kubernetes): answered without touching files.\n\
         \x20   location = {health} {{\n        access_log off;\n        default_type text/plain;\n        return 200 \"ok\\n\";\n    }}\n",
        port = svc.port.value,
    );
    if ready != health {
        let _ = write!(
            s,
            "    location = {ready} {{\n        access_log off;\n        default_type text/plain;\n        return 200 \"ok\\n\";\n    }}\n"
        );
    }
    s.push_str(
        "\n    # Hashed build assets never change: cache them for a year.\n\
         \x20   location /assets/ {\n        expires 1y;\n        add_header Cache-Control \"public, immutable\";\n    }\n\n\
         \x20   # Client-side routing: unknown paths get the app shell.\n\
         \x20   location / {\n        try_files $uri $uri/ /index.html;\n    }\n}\n",
    );
    s
}
