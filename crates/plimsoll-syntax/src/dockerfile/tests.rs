use super::*;
use plimsoll_diagnostics::Span;

fn words(ws: &[Word]) -> Vec<&str> {
    ws.iter().map(|w| w.value.as_str()).collect()
}

#[test]
fn parses_stages_aliases_and_stage_references() {
    let src = "ARG BASE=golang:1.22\nFROM ${BASE} AS Build\nRUN go build\nFROM build AS test\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.stages.len(), 3);
    assert_eq!(df.stages[0].name.as_deref(), Some("build"));
    assert_eq!(df.stages[0].base_resolved.as_deref(), Some("golang:1.22"));
    assert_eq!(df.stages[1].base_stage, Some(0));
    assert_eq!(df.stages[2].instructions, 4..6);
    assert_eq!(df.instructions[0].stage, None);
    assert_eq!(df.instructions[5].stage, Some(2));
    let copy = &df.instructions[5];
    assert_eq!(
        copy.flag("from").and_then(|f| f.value.as_deref()),
        Some("build")
    );
    assert_eq!(df.stage_by_name("BUILD").map(|s| s.index), Some(0));
    assert_eq!(df.stage_ancestry(1), vec![1, 0]);
}

#[test]
fn unresolvable_base_images_are_none() {
    let df = parse("ARG TAG\nFROM alpine:$TAG\n");
    assert_eq!(df.stages[0].base_resolved, None);
    let df = parse("FROM --platform=$BUILDPLATFORM alpine:3.20\n");
    assert_eq!(df.stages[0].base_resolved.as_deref(), Some("alpine:3.20"));
}

#[test]
fn exec_and_shell_forms() {
    let src = "FROM a\nCMD [\"node\", \"server.js\"]\nENTRYPOINT exec node x\nRUN [\"a\" \"b\"]\n";
    let df = parse(src);
    match &df.instructions[1].body {
        Body::Cmd(Command::Exec(e)) => {
            assert_eq!(words(&e.args), ["node", "server.js"]);
            assert_eq!(e.args[1].span.slice(src), "\"server.js\"");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &df.instructions[2].body,
        Body::Entrypoint(Command::Shell(_))
    ));
    // Invalid JSON falls back to shell form, as BuildKit does.
    assert!(matches!(
        &df.instructions[3].body,
        Body::Run(Command::Shell(_))
    ));
}

#[test]
fn run_flags_and_script_spans() {
    let src = "FROM a\nRUN --mount=type=cache,target=/var/cache/apt \\\n    apt-get update && \\\n    apt-get install -y curl\n";
    let df = parse(src);
    let run = &df.instructions[1];
    assert_eq!(run.flags.len(), 1);
    let mount = run.flag("mount").unwrap();
    assert_eq!(
        mount.csv_fields(),
        vec![
            ("type".into(), "cache".into()),
            ("target".into(), "/var/cache/apt".into())
        ]
    );
    let script = run.script().unwrap();
    let install = script.commands_named("apt-get").nth(1).unwrap();
    assert_eq!(install.args[2].span.slice(src), "curl");
    assert_eq!(run.span.slice(src).lines().count(), 3);
}

#[test]
fn env_label_and_arg_forms() {
    let src = "FROM a\nENV A=1 B=\"two words\" C=x\\ y\nENV LEGACY some value\nLABEL \"com.example\"=\"v\" other=2\nARG X Y=3\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let Body::Env(env) = &df.instructions[1].body else {
        panic!()
    };
    assert!(!env.legacy);
    let pairs: Vec<_> = env
        .pairs
        .iter()
        .map(|p| (p.key.value.as_str(), p.value.value.as_str()))
        .collect();
    assert_eq!(pairs, [("A", "1"), ("B", "two words"), ("C", "x y")]);
    let Body::Env(legacy) = &df.instructions[2].body else {
        panic!()
    };
    assert!(legacy.legacy);
    assert_eq!(legacy.pairs[0].value.value, "some value");
    let Body::Label(label) = &df.instructions[3].body else {
        panic!()
    };
    assert_eq!(label.pairs[0].key.value, "com.example");
    let Body::Arg(args) = &df.instructions[4].body else {
        panic!()
    };
    assert_eq!(args[0].default, None);
    assert_eq!(
        args[1].default.as_ref().map(|d| d.value.as_str()),
        Some("3")
    );
}

#[test]
fn heredoc_run_uses_the_body_as_script() {
    let src = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y vim\nEOF\nCOPY <<EOF /etc/conf\nkey=1\nEOF\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let script = df.instructions[1].script().unwrap();
    assert_eq!(script.commands.len(), 2);
    assert_eq!(script.commands[1].args[2].span.slice(src), "vim");
    let Body::Copy(copy) = &df.instructions[2].body else {
        panic!()
    };
    assert_eq!(copy.dest.value, "/etc/conf");
    assert_eq!(df.instructions[2].heredocs[0].body, "key=1\n");
}

#[test]
fn heredoc_as_stdin_keeps_the_command_line() {
    let src = "FROM a\nRUN python3 <<EOF\nimport os\nEOF\n";
    let df = parse(src);
    let script = df.instructions[1].script().unwrap();
    let names: Vec<_> = script.command_views().map(|c| c.name()).collect();
    assert_eq!(names, ["python3"]);
}

#[test]
fn errors_do_not_stop_parsing() {
    let src = "FROM\nFROM a b c d\nCOPY onlyone\nENV\nBOGUS x\nHEALTHCHECK MAYBE\nRUN --bogus=1 echo\nSHELL /bin/bash\nWORKDIR /app\n";
    let df = parse(src);
    assert_eq!(df.instructions.len(), 9);
    assert_eq!(df.errors.len(), 7, "{:#?}", df.errors);
    assert_eq!(df.instructions[4].keyword, Keyword::Unknown);
    assert!(matches!(df.instructions[8].body, Body::Workdir(_)));
}

#[test]
fn onbuild_wraps_an_instruction() {
    let df = parse("FROM a\nONBUILD RUN apt-get install -y x\n");
    let inst = &df.instructions[1];
    assert_eq!(inst.keyword, Keyword::Onbuild);
    assert_eq!(inst.effective().keyword, Keyword::Run);
    assert!(inst.effective().script().is_some());
}

#[test]
fn healthcheck_forms() {
    let src = "FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(
        df.instructions[1]
            .flag("interval")
            .and_then(|f| f.value.as_deref()),
        Some("5s")
    );
    assert!(df.instructions[1].script().is_some());
    assert!(matches!(
        df.instructions[2].body,
        Body::Healthcheck(Healthcheck::None { .. })
    ));
}

#[test]
fn keyword_spans_and_args_spans_are_exact() {
    let src = "  from  alpine:3  AS  base  \n";
    let df = parse(src);
    let from = &df.instructions[0];
    assert_eq!(from.keyword_span.slice(src), "from");
    assert_eq!(from.args_span.slice(src), "alpine:3  AS  base");
    assert_eq!(from.span, Span::new(2, 26));
}

#[test]
fn exec_form_commands_are_scripts_too() {
    let src = "FROM a\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\nRUN [\"/bin/sh\", \"-c\", \"apk add x && rm -rf /y\"]\n";
    let df = parse(src);
    let s1 = df.instructions[1].script().unwrap();
    assert_eq!(s1.commands[0].name.value, "apt-get");
    assert_eq!(s1.commands[0].args[2].span.slice(src), "\"curl\"");
    let s2 = df.instructions[2].script().unwrap();
    let names: Vec<_> = s2.command_views().map(|c| c.name()).collect();
    assert_eq!(names, ["apk", "rm"]);
    assert_eq!(s2.commands[1].name.span.slice(src), "rm");
}
