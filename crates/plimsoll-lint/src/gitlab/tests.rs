//! Model tests: keywords vs jobs, includes, `extends` with `default:`,
//! `!reference`, anchors and merge keys, pipelines across files.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::engine::NoProgress;
use crate::kind::FileKind;
use crate::settings::CliOverrides;
use crate::{CheckRequest, check};

fn model(text: &str) -> (YamlFile, GitlabFile) {
    let yaml = YamlFile::parse(text);
    let file = GitlabFile::read(&yaml).unwrap();
    (yaml, file)
}

#[test]
fn splits_keywords_jobs_and_hidden_jobs() {
    let (yaml, f) = model(
        "stages: [build, test]\nvariables:\n  A: one\n  B: {value: two, description: x}\n\
         include:\n  - local: ci/a.yml\n  - project: g/p\n    ref: v1\n    file: [x.yml, y.yml]\n  - remote: https://e.x/a.yml\n  - template: Security/SAST.gitlab-ci.yml\n\
         .tpl:\n  image: alpine\nbuild:\n  extends: [.tpl]\n  script: make\nstray: 3\n",
    );
    assert_eq!(
        f.stage_names
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>(),
        ["build", "test"]
    );
    assert_eq!(f.variables.len(), 2);
    assert_eq!(yaml.str(f.variables[1].value.unwrap()), Some("two"));
    let kinds: Vec<_> = f.includes.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            IncludeKind::Local,
            IncludeKind::Project,
            IncludeKind::Remote,
            IncludeKind::Template
        ]
    );
    assert_eq!(f.includes[1].files.len(), 2);
    assert_eq!(yaml.str(f.includes[1].git_ref.unwrap()), Some("v1"));
    assert_eq!(f.jobs.len(), 2);
    assert!(f.jobs[0].hidden);
    assert_eq!(f.jobs[1].extends[0].0, ".tpl");
    assert_eq!(f.stray[0].0, "stray");
    assert_eq!(f.stages_or_default(), ["build", "test"]);
}

#[test]
fn default_stages_and_spec_header() {
    let (_, f) = model("spec:\n  inputs:\n    x:\n---\njob-$[[ inputs.x ]]:\n  script: echo\n");
    assert!(f.header.is_some());
    assert_eq!(f.doc, 1);
    assert!(f.templated);
    assert_eq!(f.stages_or_default(), DEFAULT_STAGES);
}

#[test]
fn anchors_and_merge_keys_are_resolved() {
    let (yaml, f) = model(
        ".base: &base\n  image: ruby:3.3\n  script: [rake]\njob:\n  <<: *base\n  stage: test\n",
    );
    let job = f.job("job").unwrap();
    let image = yaml.get(job.node, "image").unwrap();
    assert_eq!(yaml.str(image), Some("ruby:3.3"));
    assert_eq!(
        script_lines(&yaml, yaml.get(job.node, "script").unwrap()).len(),
        1
    );
}

#[test]
fn nested_script_lists_flatten_and_skip_references() {
    let (yaml, f) = model(
        ".s:\n  script: [a]\njob:\n  script:\n    - !reference [.s, script]\n    - [b, [c]]\n    - d\n",
    );
    let job = f.job("job").unwrap();
    let lines: Vec<_> = script_lines(&yaml, yaml.get(job.node, "script").unwrap())
        .into_iter()
        .map(|n| yaml.str(n).unwrap().to_string())
        .collect();
    assert_eq!(lines, ["b", "c", "d"]);
}

fn run_dir(files: &[(&str, &str)]) -> (tempfile::TempDir, crate::CheckResult) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let request = CheckRequest {
        paths: vec![dir.path().to_path_buf()],
        isolated: true,
        overrides: CliOverrides::default(),
        ..CheckRequest::default()
    };
    let result = check(&request, &NoProgress).unwrap();
    (dir, result)
}

#[test]
fn extends_default_and_references_resolve_across_local_includes() {
    let (_dir, result) = run_dir(&[
        (
            ".gitlab-ci.yml",
            "include:\n  - local: /ci/templates.yml\ndefault:\n  image: alpine:3.20\n  timeout: 10m\n\
             build:\n  extends: [.one, .two]\n  script: !reference [.two, script]\n\
             test:\n  inherit:\n    default: false\n  script: [t]\n",
        ),
        (
            "ci/templates.yml",
            ".one:\n  stage: build\n  tags: [a]\n  variables: {X: one}\n.two:\n  extends: .three\n  tags: [b]\n  script: [two]\n.three:\n  retry: 2\n",
        ),
    ]);
    // The included file is plain YAML by name, a pipeline by inclusion.
    let templates = result
        .files
        .iter()
        .find(|f| f.fs_path.ends_with("ci/templates.yml"))
        .unwrap();
    assert_eq!(templates.kind, FileKind::GitlabCi);
    let index = GitlabIndex::build(&result.files);
    let main = result
        .files
        .iter()
        .find(|f| f.fs_path.ends_with(".gitlab-ci.yml"))
        .unwrap();
    let u = index.unit_of(main).unwrap();
    let scope = index.scope(u);
    assert_eq!(scope.units.len(), 2);
    assert!(!scope.open);
    let str_of = |src: Option<Src>| {
        let src = src.unwrap();
        index.yaml(src.unit).str(src.node).map(ToString::to_string)
    };
    // Later `extends` win: tags from .two.
    let tags = index.value(u, "build", "tags").unwrap();
    let y = index.yaml(tags.unit);
    assert_eq!(y.str(y.items(tags.node)[0]), Some("b"));
    // Through two levels of extends.
    assert_eq!(str_of(index.value(u, "build", "retry")), Some("2".into()));
    assert_eq!(
        str_of(index.value(u, "build", "stage")),
        Some("build".into())
    );
    // default: applies unless inherit turns it off.
    assert_eq!(
        str_of(index.value(u, "build", "image")),
        Some("alpine:3.20".into())
    );
    assert!(index.value(u, "test", "image").is_none());
    // !reference resolves to the referenced list.
    let script = index.value(u, "build", "script").unwrap();
    let y = index.yaml(script.unit);
    assert_eq!(y.str(y.items(script.node)[0]), Some("two"));
    assert_eq!(index.stages(u), DEFAULT_STAGES);
}

#[test]
fn remote_includes_open_the_scope() {
    let (_dir, result) = run_dir(&[(
        ".gitlab-ci.yml",
        "include:\n  - remote: https://example.com/ci.yml\njob:\n  script: [a]\n",
    )]);
    let index = GitlabIndex::build(&result.files);
    let u = index.unit_of(&result.files[0]).unwrap();
    assert!(index.scope(u).open);
}

#[test]
fn content_detection_leaves_compose_and_kubernetes_alone() {
    let (_dir, result) = run_dir(&[
        ("pipeline.yml", "stages: [build]\nbuild:\n  script: make\n"),
        ("ci.yml", "include: x.yml\njob:\n  script: a\n"),
        ("app.yml", "services:\n  web:\n    image: nginx\n"),
        (
            "k8s.yml",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
        ),
        ("config.yml", "stages: [a]\nother: 1\n"),
    ]);
    let kind = |n: &str| {
        result
            .files
            .iter()
            .find(|f| f.fs_path.ends_with(n))
            .map(|f| f.kind)
    };
    assert_eq!(kind("pipeline.yml"), Some(FileKind::GitlabCi));
    assert_eq!(kind("ci.yml"), Some(FileKind::GitlabCi));
    assert_eq!(kind("app.yml"), Some(FileKind::Compose));
    assert_eq!(kind("k8s.yml"), Some(FileKind::Yaml));
    assert_eq!(kind("config.yml"), Some(FileKind::Yaml));
}

#[test]
fn hidden_keys_hold_any_value_and_null_needs_are_skipped() {
    let (yaml, f) = model(".lines: [a, b]\njob:\n  needs: [~]\n  script: !reference [.lines]\n");
    assert!(f.stray.is_empty());
    assert!(f.jobs[0].hidden);
    let job = f.job("job").unwrap();
    assert!(needs(&yaml, yaml.get(job.node, "needs").unwrap()).is_empty());
}
