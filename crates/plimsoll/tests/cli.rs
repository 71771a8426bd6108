//! The real binary, end to end: formats, exit codes, configuration errors,
//! fixes, baselines and suppressions.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const BAD: &str = "FROM node:latest\nRUN apt update && apt install -y curl\nCMD node server.js\n";

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        // Stop configuration discovery and .dockerignore lookup at the project.
        if !files.iter().any(|(p, _)| *p == "plimsoll.toml") {
            std::fs::write(dir.path().join("plimsoll.toml"), "").unwrap();
        }
        Project { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("plimsoll").unwrap();
        cmd.current_dir(self.dir.path()).env("NO_COLOR", "1");
        cmd
    }

    fn check(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().arg("check").args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

#[test]
fn findings_exit_one_clean_exits_zero_and_exit_zero_overrides() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (code, out, _) = p.check(&[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "Dockerfile:1:6: DF009 [warning] base image `node:latest` uses the moving `latest` tag"
        ),
        "{out}"
    );
    assert!(out.contains("Dockerfile:2:5: DF052"), "{out}");
    assert!(out.contains("fixable with `--fix`"), "{out}");
    let (code, _, _) = p.check(&["--exit-zero"]);
    assert_eq!(code, 0);

    let clean = Project::new(&[
        (
            "Dockerfile",
            "FROM alpine:3.20\nUSER 10001\nCMD [\"true\"]\n",
        ),
        (".dockerignore", ".git\n"),
    ]);
    let (code, out, _) = clean.check(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("All checks passed (2 files checked)"), "{out}");
}

#[test]
fn configuration_errors_name_file_line_and_key_and_exit_two() {
    let p = Project::new(&[
        ("Dockerfile", BAD),
        ("plimsoll.toml", "[dockerfile]\ntrusted-registry = []\n"),
    ]);
    let (code, _, err) = p.check(&[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("plimsoll.toml:2:1: unknown field `trusted-registry`"),
        "{err}"
    );

    let p = Project::new(&[("Dockerfile", BAD)]);
    let (code, _, err) = p.check(&["--select", "DF999"]);
    assert_eq!(code, 2);
    assert!(err.contains("--select: unknown rule `DF999`"), "{err}");

    let (code, _, err) = p.check(&["does-not-exist"]);
    assert_eq!(code, 2);
    assert!(err.contains("does-not-exist"), "{err}");
}

#[test]
fn select_ignore_and_min_severity_filter_findings() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (_, out, _) = p.check(&["--select", "latest-base-image"]);
    assert!(out.contains("DF009") && !out.contains("DF052"), "{out}");
    let (_, out, _) = p.check(&["--ignore", "DF009,DF052"]);
    assert!(!out.contains("DF009") && !out.contains("DF052"), "{out}");
    let (_, out, _) = p.check(&["--min-severity", "error"]);
    assert!(
        !out.contains("[warning]") && out.contains("below min-severity"),
        "{out}"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (_, out, _) = p.check(&["--format", "json", "--select", "DF009,DF052"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["findings"], 3);
    let f = &doc["findings"][0];
    assert_eq!(f["code"], "DF009");
    assert_eq!(f["name"], "latest-base-image");
    assert_eq!(f["path"], "Dockerfile");
    assert_eq!(
        f["location"]["start"],
        serde_json::json!({"line": 1, "column": 6})
    );
    assert_eq!(
        f["location"]["end"],
        serde_json::json!({"line": 1, "column": 17})
    );
    assert_eq!(f["location"]["byte_range"], serde_json::json!([5, 16]));
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 16);
    let fix = &doc["findings"][1]["fixes"][0];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["replacement"], "apt-get");
}

fn sarif_schema() -> Option<serde_json::Value> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/sarif-2.1.0.json");
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

#[test]
fn sarif_report_validates_against_the_schema() {
    let Some(schema) = sarif_schema() else {
        eprintln!("skipping: ../shared/schemas/sarif-2.1.0.json is absent");
        return;
    };
    let p = Project::new(&[("Dockerfile", BAD), ("sub dir/Dockerfile", "FROM alpine\n")]);
    let (_, out, _) = p.check(&["--format", "sarif", "--select", "DF008,DF009,DF052"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let run = &doc["runs"][0];
    let result = &run["results"][0];
    assert_eq!(
        result["ruleId"],
        run["tool"]["driver"]["rules"]
            [usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap()]["id"]
    );
    assert!(result["partialFingerprints"]["plimsoll/v1"].is_string());
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startColumn"],
        6
    );
    assert!(
        out.contains("sub%20dir/Dockerfile"),
        "URIs are percent-encoded"
    );
    assert!(
        run["tool"]["driver"]["rules"][0]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
}

#[test]
fn junit_and_github_and_gitlab_formats() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (_, out, _) = p.check(&["--format", "junit", "--select", "DF009"]);
    assert!(out.contains("<testsuite name=\"Dockerfile\""), "{out}");
    assert!(out.contains("<failure message=\"base image `node:latest` uses the moving `latest` tag\" type=\"DF009\""), "{out}");
    let (_, out, _) = p.check(&["--format", "github", "--select", "DF009"]);
    assert!(out.starts_with("::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=17,title=DF009 latest-base-image::"), "{out}");
    let (_, out, _) = p.check(&["--format", "gitlab", "--select", "DF009"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc[0]["check_name"], "DF009");
    assert_eq!(doc[0]["location"]["lines"]["begin"], 1);
}

#[test]
fn full_format_shows_the_code_frame() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (_, out, _) = p.check(&["--format", "full", "--select", "DF009,DF052"]);
    insta::assert_snapshot!(out);
}

#[test]
fn fix_writes_files_and_diff_only_prints() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (code, out, _) = p.check(&["--diff", "--select", "DF052,DF013"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("-RUN apt update && apt install -y curl\n"),
        "{out}"
    );
    assert!(
        out.contains("+RUN apt-get update && apt-get install -y curl\n"),
        "{out}"
    );
    assert!(out.contains("+CMD [\"node\", \"server.js\"]"), "{out}");
    assert_eq!(std::fs::read_to_string(p.path("Dockerfile")).unwrap(), BAD);

    let (code, out, err) = p.check(&["--fix", "--select", "DF052,DF013"]);
    assert_eq!(code, 0, "{out}");
    assert!(err.contains("Fixed 3 problem(s) in 1 file(s)."), "{err}");
    assert_eq!(
        std::fs::read_to_string(p.path("Dockerfile")).unwrap(),
        "FROM node:latest\nRUN apt-get update && apt-get install -y curl\nCMD [\"node\", \"server.js\"]\n"
    );
}

#[test]
fn fixes_respect_min_severity() {
    let p = Project::new(&[("Dockerfile", "FROM alpine:3.20\nRUN apk add curl\n")]);
    let (_, _, _) = p.check(&["--fix", "--select", "DF058", "--min-severity", "warning"]);
    assert!(
        std::fs::read_to_string(p.path("Dockerfile"))
            .unwrap()
            .contains("apk add curl")
    );
    let (_, _, _) = p.check(&["--fix", "--select", "DF058"]);
    assert!(
        std::fs::read_to_string(p.path("Dockerfile"))
            .unwrap()
            .contains("apk add --no-cache curl")
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let p = Project::new(&[("Dockerfile", "FROM node:22-slim\nRUN npm install\n")]);
    let (code, _, _) = p.check(&["--fix", "--select", "DF075"]);
    assert_eq!(code, 1);
    assert!(
        std::fs::read_to_string(p.path("Dockerfile"))
            .unwrap()
            .contains("npm install")
    );
    let (code, _, _) = p.check(&["--fix", "--unsafe-fixes", "--select", "DF075"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(p.path("Dockerfile"))
            .unwrap()
            .contains("npm ci")
    );
}

#[test]
fn baseline_hides_known_findings_even_when_lines_move() {
    let p = Project::new(&[("Dockerfile", BAD)]);
    let (code, _, err) = p.check(&["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert!(err.contains("to the baseline baseline.json"), "{err}");
    let (code, out, _) = p.check(&["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("hidden by the baseline"), "{out}");

    // Shift every line and add one new problem: only the new one fails.
    std::fs::write(
        p.path("Dockerfile"),
        format!("# comment\n\n{BAD}FROM python:latest\n"),
    )
    .unwrap();
    let (code, out, _) = p.check(&["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Dockerfile:6:6: DF009 [warning] base image `python:latest`"),
        "{out}"
    );
    assert!(!out.contains("node:latest"), "{out}");
}

#[test]
fn suppressions_plimsoll_and_hadolint() {
    let text = "# plimsoll: ignore[DF009] vendor image has only latest\nFROM node:latest\n# hadolint ignore=DL3027\nRUN apt update\nCMD node server.js # plimsoll: ignore[shell-form-cmd]\n";
    let p = Project::new(&[("Dockerfile", text)]);
    let (_, out, _) = p.check(&["--select", "DF009,DF052,DF013,PL002"]);
    assert!(
        !out.contains("DF009") && !out.contains("DF052") && !out.contains("DF013"),
        "{out}"
    );
    let p = Project::new(&[(
        "Dockerfile",
        "FROM alpine:3.20\n# plimsoll: ignore[DF009]\nRUN true\n",
    )]);
    let (_, out, _) = p.check(&["--select", "DF009,PL002"]);
    assert!(
        out.contains("Dockerfile:2:20: PL002 [warning] suppression of `DF009` is unused"),
        "{out}"
    );
}

#[test]
fn dclint_directives_suppress_mapped_compose_rules() {
    let select = ["--select", "DC017,DC040,DC010,PL002", "--format", "concise"];
    // `disable-line` at the end of `ports:` covers its items; alone on a
    // line it covers the next node; other rules stay reported.
    let text = "services:\n  web:\n    image: nginx:1.27\n    ports: # dclint disable-line no-unbound-port-interfaces\n      - \"8080:80\"\n  api:\n    # dclint disable-line\n    image: api\n    ports:\n      - \"9090:80\"\n";
    let p = Project::new(&[("compose.yaml", text)]);
    let (_, out, _) = p.check(&select);
    assert!(!out.contains("compose.yaml:5:"), "{out}");
    assert!(!out.contains("DC010"), "{out}");
    assert!(out.contains("compose.yaml:10:9: DC040"), "{out}");
    // File-wide forms only count on the first line, and never as PL002.
    let p = Project::new(&[(
        "compose.yaml",
        "# dclint disable no-version-field\nversion: \"3\"\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n",
    )]);
    let (_, out, _) = p.check(&select);
    assert!(!out.contains("DC017") && out.contains("DC040"), "{out}");
    let p = Project::new(&[(
        "compose.yaml",
        "---\n# dclint disable-file\nversion: \"3\"\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n",
    )]);
    let (_, out, _) = p.check(&select);
    assert!(!out.contains("DC0") && !out.contains("PL002"), "{out}");
    let p = Project::new(&[(
        "compose.yaml",
        "version: \"3\"\n# dclint disable-file\nservices:\n  web:\n    image: nginx:1.27\n",
    )]);
    let (_, out, _) = p.check(&select);
    assert!(out.contains("DC017"), "{out}");
}

#[test]
fn zizmor_comments_suppress_mapped_github_rules() {
    let select = [
        "--select",
        "GHA005,GHA006,GHA007,PL002",
        "--format",
        "concise",
    ];
    let text = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: checkout # zizmor: ignore[artipacked]\n        uses: actions/checkout@v4\n      - uses: docker/login-action@v3 # zizmor: ignore[unpinned-uses, artipacked]\n      - uses: some/action@main\n  call:\n    # zizmor: ignore[secrets-inherit]\n    uses: org/wf/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567\n    secrets: inherit\n  other:\n    uses: org/wf/.github/workflows/y.yml@0123456789abcdef0123456789abcdef01234567\n    secrets: inherit #zizmor: ignore[secrets-inherit]\n";
    let p = Project::new(&[(".github/workflows/ci.yml", text)]);
    let (_, out, _) = p.check(&select);
    // The checkout step and the login step are covered; `some/action` is not.
    assert!(
        !out.contains("GHA006") && !out.contains("ci.yml:9:"),
        "{out}"
    );
    assert!(out.contains("ci.yml:10:15: GHA005"), "{out}");
    // Alone on a line: the next node; the misspelt comment is not a directive.
    assert!(!out.contains("ci.yml:13:"), "{out}");
    assert!(out.contains("ci.yml:16:11: GHA007"), "{out}");
    assert!(!out.contains("PL002"), "{out}");
}

#[test]
fn rules_and_explain() {
    let out = Command::cargo_bin("plimsoll")
        .unwrap()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let df = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"].as_str().unwrap().starts_with("DF"))
        .count();
    assert!(df >= 55, "{df} Dockerfile rules");
    let out = Command::cargo_bin("plimsoll")
        .unwrap()
        .args(["explain", "latest-base-image"])
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with("# DF009 `latest-base-image`") && page.contains("## Why is this bad?"),
        "{page}"
    );
    let out = Command::cargo_bin("plimsoll")
        .unwrap()
        .args(["explain", "DF999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Secrets (made up for this test) never reach any output in full: not in
/// messages, code frames, JSON, SARIF, the CI formats, `--diff`, nor the
/// baseline file.
#[test]
fn secrets_are_masked_in_every_output() {
    let secrets = [
        "ghp_zymMlopiWfqUyHRSIf8NFmAUNLnY5Yx0y3Rn",
        "ghp_jDQl2Kvf8THRXfEuzcrJaBnx7IfDH5mMDdwi",
        "n86TkVYCM7l8GQlchb",
        "kER0Af7BOfjtNayviHzm5YdOnCqI",
    ];
    let key_line = "G3L0uKW4yWRzSaTLyvH1D0SZaozaNv4AH17KzcnNjeh1MVLymYZwH6Qqq5X1wUGA";
    let dockerfile = "FROM node:22\nRUN apt update && curl -H 'Authorization: token ghp_zymMlopiWfqUyHRSIf8NFmAUNLnY5Yx0y3Rn' https://api.github.com/user\nENV GH_TOKEN=ghp_jDQl2Kvf8THRXfEuzcrJaBnx7IfDH5mMDdwi\nCMD node server.js\n";
    let p = Project::new(&[
        ("Dockerfile", dockerfile),
        (
            ".env",
            "SESSION_SECRET=kER0Af7BOfjtNayviHzm5YdOnCqI\nDATABASE_URL=postgres://app:n86TkVYCM7l8GQlchb@db.internal/app\n",
        ),
        (
            "tls.yaml",
            "key: |\n    -----BEGIN PRIVATE KEY-----\n    ZqT8hqt0pmpsLww0sAO/DGpUxjKbgRBWZRZX1VlxeVZ4DNCNnOBFXL4k41GiLP9q\n    G3L0uKW4yWRzSaTLyvH1D0SZaozaNv4AH17KzcnNjeh1MVLymYZwH6Qqq5X1wUGA\n    J7Wx98vjE6boQ/jQaJbO0HvrgYegRDLu4h1Dyo+vIJUjzwTkoqrtleWvTDuRgR3y\n    Nwos/bDWmE4kuv4VGOfYcMuqbKLLp/2jfTuOQPeWIDtcKZ1Dw0gBEHum3adzqxMh\n    -----END PRIVATE KEY-----\n",
        ),
    ]);
    let leaks = |what: &str, text: &str| {
        for s in secrets.iter().chain(std::iter::once(&key_line)) {
            assert!(!text.contains(s), "{what} shows {s}:\n{text}");
        }
    };
    for format in [
        "full", "concise", "json", "sarif", "junit", "github", "gitlab",
    ] {
        let (code, out, err) = p.check(&["--format", format]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        leaks(format, &out);
        leaks(format, &err);
    }
    // The findings are there, masked.
    let (_, out, _) = p.check(&["--format", "full", "--select", "SEC,DF041"]);
    for code in ["SEC004", "DF041", "SEC011", "SEC012", "SEC003"] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    assert!(out.contains("ghp_****"), "{out}");
    // `ENV GH_TOKEN=ghp_…` is DF041's: the token rule does not repeat it,
    // and DF041's code frame masks the token all the same.
    let (_, out, _) = p.check(&["--format", "concise", "--select", "SEC,DF041"]);
    assert!(out.contains("Dockerfile:3:5: DF041"), "{out}");
    assert!(!out.contains("Dockerfile:3:14: SEC004"), "{out}");
    assert!(out.contains("Dockerfile:2:"), "{out}");
    let (_, out, err) = p.check(&["--diff", "--select", "DF052,DF013,SEC"]);
    assert!(out.contains("+RUN apt-get update"), "{out}");
    leaks("--diff", &out);
    leaks("--diff", &err);
    let (_, _, err) = p.check(&["--write-baseline", "baseline.json"]);
    leaks("--write-baseline", &err);
    leaks(
        "baseline.json",
        &std::fs::read_to_string(p.path("baseline.json")).unwrap(),
    );
}

#[test]
fn gitleaks_allow_suppresses_secret_rules_on_its_line() {
    let p = Project::new(&[(
        ".env",
        "API_TOKEN=ghp_zymMlopiWfqUyHRSIf8NFmAUNLnY5Yx0y3Rn # gitleaks:allow\nOTHER_TOKEN=ghp_jDQl2Kvf8THRXfEuzcrJaBnx7IfDH5mMDdwi\n",
    )]);
    let (_, out, _) = p.check(&["--select", "SEC"]);
    assert!(!out.contains(".env:1:"), "{out}");
    assert!(out.contains(".env:2:13: SEC004"), "{out}");
    assert!(!out.contains("PL002"), "{out}");
}

#[test]
fn helm_template_renders_with_set_values_and_show_only() {
    let p = Project::new(&[
        (
            "chart/Chart.yaml",
            "apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: \"2.1\"\n",
        ),
        (
            "chart/values.yaml",
            "replicas: 1\nimage: {tag: \"\"}\nlist: []\n",
        ),
        (
            "chart/templates/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n      - image: \"app:{{ .Values.image.tag | default .Chart.AppVersion }}\"\n        args: {{ toJson .Values.list }}\n",
        ),
        (
            "chart/templates/svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n",
        ),
        ("chart/templates/NOTES.txt", "installed"),
        ("prod.yaml", "replicas: 3\n"),
    ]);
    let out = p
        .cmd()
        .args([
            "helm",
            "template",
            "chart",
            "-f",
            "prod.yaml",
            "--set",
            "image.tag=v9,list={a,b}",
            "--release-name",
            "r",
            "-n",
            "ns",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "---\n# Source: demo/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n---\n# Source: demo/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r-demo\n  namespace: ns\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - image: \"app:v9\"\n        args: [\"a\",\"b\"]\n"
    );
    let out = p
        .cmd()
        .args([
            "helm",
            "template",
            "chart",
            "--show-only",
            "templates/svc.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "---\n# Source: demo/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n"
    );
    let bad = Project::new(&[
        ("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n"),
        ("c/templates/a.yaml", "{{ .Values.a.b }}\n"),
    ]);
    let out = bad.cmd().args(["helm", "template", "c"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("c/templates/a.yaml:1:10"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn helm_test_runs_suites_reports_and_writes_junit() {
    let p = Project::new(&[
        (
            "chart/Chart.yaml",
            "apiVersion: v2\nname: demo\nversion: 1.0.0\nappVersion: \"2.1\"\n",
        ),
        ("chart/values.yaml", "replicas: 1\n"),
        (
            "chart/templates/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Name }}\n  namespace: {{ .Release.Namespace }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
        ),
        (
            "chart/tests/good_test.yaml",
            "suite: good\ntemplates: [deploy.yaml]\ntests:\n  - it: uses helm-unittest's release defaults\n    asserts:\n      - equal: {path: metadata.name, value: RELEASE-NAME-demo}\n      - equal: {path: metadata.namespace, value: NAMESPACE}\n  - it: takes set values\n    set: {replicas: 4}\n    asserts:\n      - equal: {path: spec.replicas, value: 4}\n",
        ),
        (
            "chart/tests/bad_test.yaml",
            "suite: bad\ntemplates: [deploy.yaml]\ntests:\n  - it: expects two replicas\n    asserts:\n      - equal: {path: spec.replicas, value: 2}\n",
        ),
    ]);
    let out = p
        .cmd()
        .args(["helm", "test", "chart", "-o", "report.xml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(" FAIL  bad\t"), "{stdout}");
    assert!(stdout.contains(" PASS  good\t"), "{stdout}");
    assert!(stdout.contains("\t- expects two replicas"), "{stdout}");
    assert!(
        stdout.contains("Expected to equal:\n\t\t\t\t2\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Test Suites: 1 failed, 1 passed, 2 total\nTests:       1 failed, 2 passed, 3 total\n"
        ),
        "{stdout}"
    );
    let xml = std::fs::read_to_string(p.path("report.xml")).unwrap();
    assert!(xml.contains("takes set values"), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
    let out = p
        .cmd()
        .args(["helm", "test", "chart", "--file", "tests/good_*.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Tests:       2 passed, 2 total"),
        "{stdout}"
    );
}
