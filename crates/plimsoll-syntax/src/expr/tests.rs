use super::*;
use proptest::prelude::*;

fn ok(text: &str) -> Expr {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

fn paths(text: &str) -> Vec<String> {
    ok(text)
        .context_paths()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn literals() {
    assert_eq!(ok("null").kind, ExprKind::Null);
    assert_eq!(ok("true").kind, ExprKind::Bool(true));
    assert_eq!(ok(" false ").kind, ExprKind::Bool(false));
    assert_eq!(ok("42").kind, ExprKind::Number(42.0));
    assert_eq!(ok("-1.5").kind, ExprKind::Number(-1.5));
    assert_eq!(ok("0xff").kind, ExprKind::Number(255.0));
    assert_eq!(ok("1e3").kind, ExprKind::Number(1000.0));
    assert_eq!(ok("2.5E-1").kind, ExprKind::Number(0.25));
    assert_eq!(ok(".5").kind, ExprKind::Number(0.5));
    assert_eq!(ok("'it''s'").kind, ExprKind::String("it's".into()));
    assert_eq!(ok("''").kind, ExprKind::String(String::new()));
    assert!(matches!(ok("NaN").kind, ExprKind::Number(n) if n.is_nan()));
    assert_eq!(ok("-Infinity").kind, ExprKind::Number(f64::NEG_INFINITY));
}

#[test]
fn spans_are_byte_offsets() {
    let e = parse_at("github.event.issue.title", 10).unwrap();
    assert_eq!(e.span, Span::new(10, 34));
    let ExprKind::Property {
        name, name_span, ..
    } = &e.kind
    else {
        panic!()
    };
    assert_eq!(name, "title");
    assert_eq!(name_span, &Span::new(29, 34));
}

#[test]
fn precedence() {
    let e = ok("a || b && c == d");
    let ExprKind::Binary { op, rhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(*op, BinOp::Or);
    let ExprKind::Binary { op, rhs, .. } = &rhs.kind else {
        panic!()
    };
    assert_eq!(*op, BinOp::And);
    assert!(matches!(rhs.kind, ExprKind::Binary { op: BinOp::Eq, .. }));
    let e = ok("!a == b");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinOp::Eq, .. }));
    let e = ok("a < b == c >= d");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinOp::Eq, .. }));
    let e = ok("(a || b) && c");
    assert!(matches!(e.kind, ExprKind::Binary { op: BinOp::And, .. }));
    assert_eq!(e.span, Span::new(0, 13));
}

#[test]
fn accesses_and_calls() {
    assert_eq!(
        paths("github.event.pull_request.title"),
        ["github.event.pull_request.title"]
    );
    assert_eq!(
        paths("github.event['pull_request'].head.ref"),
        ["github.event.pull_request.head.ref"]
    );
    assert_eq!(
        paths("github.event.commits[0].message"),
        ["github.event.commits[0].message"]
    );
    assert_eq!(
        paths("github.event.commits.*.author.email"),
        ["github.event.commits.*.author.email"]
    );
    assert_eq!(
        paths("github.event.pages[*].page_name"),
        ["github.event.pages.*.page_name"]
    );
    assert_eq!(
        paths("steps.my-step.outputs.x"),
        ["steps.my-step.outputs.x"]
    );
    assert_eq!(
        paths("matrix[inputs.key]"),
        ["matrix.*", "inputs.key"],
        "a computed index ends the literal path"
    );
    assert_eq!(
        paths("contains(github.event.pull_request.labels.*.name, 'ok') && success()"),
        ["github.event.pull_request.labels.*.name"]
    );
    assert_eq!(
        paths("format('{0} {1}', github.head_ref, env.X)"),
        ["github.head_ref", "env.X"]
    );
    assert!(paths("fromJSON(inputs.cfg).a").contains(&"inputs.cfg".to_string()));
    assert_eq!(paths("fromJSON(inputs.cfg).a").len(), 1);
    let e = ok("toJSON(secrets)");
    assert_eq!(e.calls().len(), 1);
    assert_eq!(e.context_paths()[0].context(), "secrets");
    // Keywords as property names.
    assert_eq!(paths("inputs.true"), ["inputs.true"]);
}

#[test]
fn path_matching() {
    let p = &ok("github.event.commits[0].message").context_paths()[0];
    assert!(p.matches("github.event.commits.*.message"));
    assert!(p.matches("GITHUB.Event.commits.*.message"));
    assert!(!p.matches("github.event.commits.*"));
    assert!(p.starts_with("github.event"));
    assert!(p.matches("github.event.**"));
    let w = &ok("github.event.commits.*.message").context_paths()[0];
    assert!(w.matches("github.event.commits.*.message"));
    assert!(!w.matches("github.event.commits.0.message"));
}

#[test]
fn errors_have_spans() {
    let e = parse("github.").unwrap_err();
    assert_eq!(e.span, Span::new(7, 7));
    let e = parse("a b").unwrap_err();
    assert_eq!(e.span, Span::new(2, 3));
    assert!(e.message.contains("`b`"), "{}", e.message);
    let e = parse("\"x\"").unwrap_err();
    assert!(e.message.contains('\''));
    let e = parse("'open").unwrap_err();
    assert_eq!(e.span, Span::new(0, 5));
    assert!(parse("").is_err());
    assert!(parse("f(a,)").is_err());
    assert!(parse("a = b").is_err());
    assert!(parse("a & b").is_err());
    assert!(parse("12ab").is_err());
    assert!(parse("1 - 2").is_err());
    assert!(parse("(a").is_err());
    assert!(parse("a[0").is_err());
    let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert!(parse(&deep).unwrap_err().message.contains("nested"));
    let bangs = format!("{}a", "!".repeat(10_000));
    assert!(parse(&bangs).is_err());
    let long = vec!["a"; 5000].join(" || ");
    assert!(parse(&long).is_err());
    assert!(parse(&vec!["a"; 200].join(" || ")).is_ok());
}

#[test]
fn templates_in_text() {
    let text = "echo ${{ github.event.issue.title }} and ${{ 'a}}b' }}${{ x";
    let ts = find_templates(text, 100);
    assert_eq!(ts.len(), 3);
    assert_eq!(ts[0].span, Span::new(105, 136));
    assert_eq!(
        ts[0].expr().unwrap().context_paths()[0].to_string(),
        "github.event.issue.title"
    );
    assert_eq!(ts[1].expr().unwrap().kind, ExprKind::String("a}}b".into()));
    assert!(ts[2].expr.is_err());
    assert_eq!(ts[2].span.end, 100 + text.len());
    assert!(find_templates("no templates ${ {", 0).is_empty());
    assert!(find_templates("${{ }}", 0)[0].expr.is_err());
    // Multi-byte text around templates.
    let ts = find_templates("é ${{ a }} ü", 0);
    assert_eq!(ts[0].span, Span::new(3, 11));
}

#[test]
fn conditions() {
    assert!(matches!(
        parse_condition("github.ref == 'refs/heads/main'", 0),
        Condition::Bare(Ok(_))
    ));
    let c = parse_condition("${{ success() }}", 5);
    assert!(matches!(c, Condition::Wrapped(_)));
    assert!(c.expr().is_some());
    assert!(matches!(
        parse_condition("${{ success() }}\n", 0),
        Condition::Interpolated(_)
    ));
    let c = parse_condition("${{ a }} && ${{ b }}", 0);
    assert!(matches!(c, Condition::Interpolated(ref t) if t.len() == 2));
    assert!(c.expr().is_none());
    assert_eq!(parse_condition("a ==", 0).errors().len(), 1);
}

#[test]
fn functions() {
    assert_eq!(function_arity("contains"), Some((2, Some(2))));
    assert_eq!(function_arity("toJSON"), Some((1, Some(1))));
    assert_eq!(function_arity("FORMAT"), Some((1, None)));
    assert_eq!(function_arity("join"), Some((1, Some(2))));
    assert_eq!(function_arity("nope"), None);
    assert!(is_status_function("Always"));
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(s in "\\PC{0,80}") {
        let _ = parse(&s);
        let _ = find_templates(&s, 0);
        let _ = parse_condition(&s, 0);
    }

    #[test]
    fn never_panics_on_token_soup(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("("), Just(")"), Just("["), Just("]"), Just("."), Just("*"),
                Just(","), Just("!"), Just("&&"), Just("||"), Just("=="), Just("!="),
                Just("<"), Just("<="), Just(">="), Just("'s''x'"), Just("'"), Just("1e"),
                Just("0x"), Just("-"), Just("1.5"), Just("a"), Just("github"), Just("f"),
                Just("${{"), Just("}}"), Just(" "), Just("null"), Just("é"),
            ],
            0..40,
        )
    ) {
        let s: String = parts.concat();
        if let Ok(e) = parse(&s) {
            // Spans stay inside the text.
            e.visit(&mut |n| assert!(n.span.end <= s.len() && n.span.start <= n.span.end));
            let _ = e.context_paths();
        }
        for t in find_templates(&s, 3) {
            assert!(t.span.end <= s.len() + 3);
        }
    }
}
