//! End to end over the fixture projects: detect, generate every artifact
//! (with and without a cloud), and check the result with every default rule
//! (G02–G06: zero findings). Also the cross-file agreements the single model
//! is there to guarantee (X01–X04), read back from the generated files.

mod support;

use plimsoll_generate::model::Project;
use plimsoll_generate::options::{CiPlatform, Cloud, DeployMode, paths};
use plimsoll_generate::{GeneratedFile, Options, detect, generate};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The options `plimsoll init` starts from: GitOps deploys (its default).
fn init_options(project: &Project) -> Options {
    let mut options = Options::for_project(project);
    options.deploy = DeployMode::Gitops;
    options
}

fn detected(dir: &Path) -> Project {
    detect(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The project's own files plus the generated ones, as `plimsoll check` sees
/// them after `plimsoll init`.
fn init_and_check(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("tempdir");
    copy_tree(dir, scratch.path());
    support::write_all(scratch.path(), files);
    support::findings_in(scratch.path())
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from)
        .expect("read fixture")
        .filter_map(Result::ok)
    {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn every_fixture_project_is_detected_with_at_least_one_service() {
    let all = fixtures();
    assert!(
        all.len() >= 8,
        "expected the fixture projects, found {}",
        all.len()
    );
    for (name, dir) in &all {
        let project = detected(dir);
        assert!(!project.services.is_empty(), "{name}: no service detected");
    }
}

#[test]
fn init_then_check_reports_nothing_g02_g06() {
    let mut failures = Vec::new();
    for (name, dir) in fixtures() {
        let project = detected(&dir);
        for (ci, cloud) in [
            (CiPlatform::GithubActions, None),
            (CiPlatform::GitlabCi, Some(Cloud::Aws)),
        ] {
            let mut options = init_options(&project);
            options.ci = ci;
            if let Some(c) = cloud {
                options.cloud = Some(c);
                options.terraform.provider = c;
            }
            let files = generate(&project, &options, &[]);
            assert!(!files.is_empty(), "{name}: nothing generated");
            for finding in init_and_check(&dir, &files) {
                failures.push(format!("{name} ({ci}, {cloud:?}): {finding}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} finding(s) after init:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `EXPOSE`, `USER` and the HEALTHCHECK path of a generated Dockerfile.
fn dockerfile_facts(text: &str) -> (Vec<String>, Option<String>, String) {
    let mut expose = Vec::new();
    let mut user = None;
    let mut healthcheck = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("EXPOSE ") {
            expose.extend(
                rest.split_whitespace()
                    .map(|p| p.trim_end_matches("/tcp").to_owned()),
            );
        } else if let Some(rest) = trimmed.strip_prefix("USER ") {
            user = Some(rest.trim().to_owned());
        } else if trimmed.starts_with("HEALTHCHECK")
            || !healthcheck.is_empty() && line.starts_with("  ")
        {
            healthcheck.push_str(trimmed);
        }
    }
    (expose, user, healthcheck)
}

#[test]
fn ports_paths_users_and_images_agree_across_files_x01_x04() {
    for (name, dir) in fixtures() {
        let project = detected(&dir);
        let options = init_options(&project);
        let files = generate(&project, &options, &[]);
        let text = |path: &str| support::file(&files, path).to_owned();
        for svc in &project.services {
            let port = svc.port.value.to_string();
            // X01/X03: the Dockerfile exposes the model's port and runs as the app UID.
            let (expose, user, healthcheck) = dockerfile_facts(&text(&paths::dockerfile(svc)));
            assert!(
                expose.contains(&port),
                "{name}/{}: EXPOSE {expose:?} != {port}",
                svc.name
            );
            let uid = plimsoll_generate::options::APP_UID.to_string();
            assert!(
                user.as_deref()
                    .is_some_and(|u| u.split(':').next() == Some(uid.as_str())),
                "{name}/{}: USER {user:?}",
                svc.name
            );
            // X02: the HEALTHCHECK (when the runtime image can run one) probes the liveness path.
            if !healthcheck.contains("NONE") {
                assert!(
                    healthcheck.contains(&svc.health_path.value),
                    "{name}/{}: HEALTHCHECK {healthcheck:?} does not probe {}",
                    svc.name,
                    svc.health_path.value
                );
            }
            // X01/X02/X03/X04 in the chart's default values and templates.
            let chart = paths::chart_dir(svc);
            let values = text(&format!("{chart}/values.yaml"));
            assert!(
                values.contains(&options.image(svc)),
                "{name}/{}: chart image",
                svc.name
            );
            assert!(values.contains(&port), "{name}/{}: chart port", svc.name);
            let deployment = text(&format!("{chart}/templates/deployment.yaml"));
            assert!(
                values.contains(&format!("runAsUser: {uid}"))
                    || deployment.contains(&format!("runAsUser: {uid}")),
                "{name}/{}: chart runAsUser",
                svc.name
            );
            assert!(
                values.contains(&svc.health_path.value)
                    || deployment.contains(&svc.health_path.value),
                "{name}/{}: chart liveness path",
                svc.name
            );
            // X02: compose probes the same path on the same port.
            let compose = text(paths::COMPOSE);
            assert!(
                compose.contains(&format!("127.0.0.1:{port}{}", svc.health_path.value)),
                "{name}/{}: compose healthcheck",
                svc.name
            );
            // X04: CI builds the image the chart deploys.
            let ci: String = files
                .iter()
                .filter(|f| f.path.starts_with(".github/workflows/"))
                .map(|f| f.contents.as_str())
                .collect();
            assert!(
                ci.contains(&options.image(svc)),
                "{name}/{}: CI image",
                svc.name
            );
        }
    }
}

#[test]
fn fixture_outputs_match_snapshots() {
    for (name, dir) in fixtures() {
        let project = detected(&dir);
        let options = init_options(&project);
        let files = generate(&project, &options, &[]);
        let mut all = String::new();
        for f in &files {
            let _ = write!(all, "==> {} <==\n{}\n", f.path, f.contents);
        }
        insta::assert_snapshot!(format!("init__{name}"), all);
    }
}
