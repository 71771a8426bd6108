#![allow(clippy::unwrap_used)]

use super::*;

const WORKFLOW: &str = r"
name: CI
on:
  push:
    branches: [main]
    tags: ['v*']
  pull_request_target:
    types: [opened, synchronize]
  schedule:
    - cron: '0 3 * * 1'
  workflow_dispatch:
    inputs:
      level:
        type: choice
        required: true
  workflow_call:
    secrets:
      token:
        required: true
    outputs:
      out:
        value: ${{ jobs.build.outputs.x }}
permissions:
  contents: read
  pull-requests: write
env:
  A: 1
defaults:
  run:
    shell: bash
jobs:
  build:
    name: Build ${{ matrix.os }}
    runs-on: [self-hosted, linux]
    needs: lint
    if: github.event_name == 'push'
    environment:
      name: prod
      url: https://x
    strategy:
      matrix:
        os: [a, b]
    container: node:20
    services:
      db:
        image: postgres:16
        credentials:
          username: u
          password: ${{ secrets.P }}
    outputs:
      x: ${{ steps.s.outputs.x }}
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - id: s
        name: Say
        run: echo hi
        shell: sh
        working-directory: app
      - uses: ./local/action
      - uses: docker://alpine:3.20
      - uses: github/codeql-action/init@0123456789abcdef0123456789abcdef01234567
  lint:
    runs-on:
      group: big
      labels: [x]
    permissions: write-all
    steps: []
  call:
    uses: org/repo/.github/workflows/w.yml@main
    with:
      a: b
    secrets: inherit
    needs: [build, lint]
";

#[test]
fn reads_a_workflow() {
    let yaml = YamlFile::parse(WORKFLOW);
    assert!(looks_like_workflow(&yaml));
    let w = Workflow::read(&yaml).unwrap();
    assert_eq!(w.name.as_ref().unwrap().value, "CI");
    let events: Vec<&str> = w.triggers.iter().map(|t| t.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "push",
            "pull_request_target",
            "schedule",
            "workflow_dispatch",
            "workflow_call"
        ]
    );
    let push = w.trigger("push").unwrap();
    assert_eq!(push.filter(&yaml, "branches")[0].value, "main");
    assert_eq!(push.filter(&yaml, "tags")[0].value, "v*");
    assert_eq!(w.trigger("pull_request_target").unwrap().types.len(), 2);
    assert_eq!(w.trigger("schedule").unwrap().crons[0].value, "0 3 * * 1");
    assert_eq!(
        w.trigger("workflow_dispatch").unwrap().inputs[0].name,
        "level"
    );
    let call = w.trigger("workflow_call").unwrap();
    assert_eq!(call.secrets[0].name, "token");
    assert_eq!(call.outputs[0].name, "out");
    let perms = w.permissions.as_ref().unwrap();
    assert_eq!(perms.level("contents"), Some("read"));
    assert_eq!(perms.level("issues"), Some("none"));
    assert_eq!(perms.writes(), ["pull-requests"]);
    assert_eq!(w.default_shell.as_ref().unwrap().value, "bash");
    assert_eq!(w.env[0].name, "A");

    let build = w.job("build").unwrap();
    assert!(build.runs_on.is_self_hosted());
    assert_eq!(build.needs[0].value, "lint");
    assert!(build.if_.is_some());
    assert_eq!(
        build
            .environment
            .as_ref()
            .unwrap()
            .name
            .as_ref()
            .unwrap()
            .value,
        "prod"
    );
    assert!(build.matrix.is_some());
    assert_eq!(
        build
            .container
            .as_ref()
            .unwrap()
            .image
            .as_ref()
            .unwrap()
            .value,
        "node:20"
    );
    assert_eq!(build.services[0].name.as_deref(), Some("db"));
    assert!(build.services[0].credentials.is_some());
    assert_eq!(build.outputs[0].name, "x");
    assert_eq!(build.steps.len(), 5);
    let checkout = &build.steps[0];
    assert!(checkout.uses().unwrap().is_action("actions/checkout"));
    assert_eq!(checkout.uses().unwrap().git_ref(), Some("v4"));
    assert!(checkout.input("persist-credentials").is_some());
    let s = build.step_by_id("s").unwrap();
    assert_eq!(s.run.as_ref().unwrap().value, "echo hi");
    assert_eq!(s.shell.as_ref().unwrap().value, "sh");
    assert_eq!(s.working_directory.as_ref().unwrap().value, "app");
    assert_eq!(
        build.steps[2].uses(),
        Some(&Uses::Local {
            path: "./local/action".into()
        })
    );
    assert_eq!(
        build.steps[3].uses(),
        Some(&Uses::Docker {
            image: "alpine:3.20".into()
        })
    );
    let codeql = build.steps[4].uses().unwrap();
    assert!(codeql.is_sha_pinned());
    assert!(!codeql.is_action("github/codeql-action"));
    assert_eq!(codeql.slug().as_deref(), Some("github/codeql-action"));

    let lint = w.job("lint").unwrap();
    assert_eq!(lint.runs_on.group.as_ref().unwrap().value, "big");
    assert!(lint.runs_on.is_self_hosted());
    assert_eq!(
        lint.permissions.as_ref().unwrap().kind,
        Permission::WriteAll
    );

    let call = w.job("call").unwrap();
    let (_, uses) = call.uses.as_ref().unwrap();
    assert_eq!(
        uses,
        &Uses::Repo {
            owner: "org".into(),
            repo: "repo".into(),
            path: Some(".github/workflows/w.yml".into()),
            git_ref: Some("main".into())
        }
    );
    assert!(matches!(call.secrets, JobSecrets::Inherit(_)));
    assert_eq!(call.needs.len(), 2);
    assert_eq!(call.with[0].name, "a");
}

#[test]
fn reads_short_trigger_forms() {
    let yaml = YamlFile::parse("on: push\njobs:\n  a:\n    runs-on: x\n");
    let w = Workflow::read(&yaml).unwrap();
    assert_eq!(w.triggers[0].event, "push");
    let yaml = YamlFile::parse("on: [push, pull_request]\njobs: {}\n");
    let w = Workflow::read(&yaml).unwrap();
    assert_eq!(w.triggers.len(), 2);
    assert!(w.has_trigger("pull_request"));
    let yaml = YamlFile::parse("true: push\npermissions: {}\njobs: {}\n");
    let w = Workflow::read(&yaml).unwrap();
    assert!(w.has_trigger("push"));
    assert_eq!(w.permissions.unwrap().kind, Permission::None);
}

#[test]
fn uses_forms() {
    assert_eq!(Uses::parse("${{ matrix.a }}"), Uses::Invalid);
    assert_eq!(Uses::parse("nope"), Uses::Invalid);
    assert_eq!(Uses::parse("a/b").git_ref(), None);
    assert!(Uses::parse("Actions/Checkout@v4").is_action("actions/checkout"));
}

#[test]
fn reads_an_action() {
    let text = "name: x\ninputs:\n  a:\n    default: b\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n";
    let yaml = YamlFile::parse(text);
    assert!(looks_like_action(&yaml));
    let a = Action::read(&yaml).unwrap();
    assert_eq!(a.kind, ActionKind::Composite);
    assert_eq!(a.inputs[0].name, "a");
    assert_eq!(a.steps.len(), 1);
    let yaml = YamlFile::parse("runs:\n  using: docker\n  image: Dockerfile\n");
    let a = Action::read(&yaml).unwrap();
    assert_eq!(a.kind, ActionKind::Docker);
    assert_eq!(a.image.unwrap().value, "Dockerfile");
    assert!(!looks_like_action(&YamlFile::parse("name: x\n")));
}

#[test]
fn content_detection() {
    assert!(!looks_like_workflow(&YamlFile::parse(
        "services:\n  a:\n    image: x\n"
    )));
    assert!(!looks_like_workflow(&YamlFile::parse(
        "on: x\njobs:\n  a:\n    script: x\n"
    )));
}
