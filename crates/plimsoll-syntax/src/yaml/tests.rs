use super::*;

fn kind_name(f: &YamlFile, id: NodeId) -> &'static str {
    match &f.node(id).kind {
        NodeKind::Scalar { .. } => "scalar",
        NodeKind::Sequence { .. } => "seq",
        NodeKind::Mapping { .. } => "map",
        NodeKind::Alias { .. } => "alias",
    }
}

#[test]
fn spans_cover_exactly_the_node_text() {
    let text = "a: |\n  line1\n  line2\nb: &x [1, {k: v}]\nc: *x\nd:\n  - e: 1\n    f: \"q\"  # c\n  - g\n# tail\n";
    let f = YamlFile::parse(text);
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    let root = f.documents[0].root.unwrap();
    let slice = |id: NodeId| f.node(id).span.slice(text);
    assert_eq!(slice(f.get(root, "a").unwrap()), "|\n  line1\n  line2");
    let b = f.get(root, "b").unwrap();
    assert_eq!(slice(b), "[1, {k: v}]");
    assert_eq!(f.node(b).anchor.as_deref(), Some("x"));
    let c = f.get(root, "c").unwrap();
    assert_eq!(kind_name(&f, c), "alias");
    assert_eq!(f.resolve(c), b);
    let d = f.get(root, "d").unwrap();
    assert_eq!(slice(d), "- e: 1\n    f: \"q\"  # c\n  - g");
    let item0 = f.items(d)[0];
    assert_eq!(slice(f.get(item0, "f").unwrap()), "\"q\"");
    assert_eq!(f.str(f.get(item0, "f").unwrap()), Some("q"));
    assert_eq!(f.comments.len(), 2);
    assert_eq!(f.comments[1].text, " tail");
    let key_a = f.key_node(root, "a").unwrap();
    assert_eq!(slice(key_a), "a");
}

#[test]
fn multi_document_streams_have_document_spans() {
    let text = "---\na: 1\n---\n- x\n...\n---\nb: 2\n";
    let f = YamlFile::parse(text);
    assert_eq!(f.documents.len(), 3);
    assert_eq!(f.documents[0].span.slice(text), "---\na: 1");
    assert_eq!(f.documents[1].span.slice(text), "---\n- x\n...");
    assert!(f.documents.iter().all(|d| d.explicit_start));
    assert_eq!(f.nodes.iter().filter(|n| n.doc == 2).count(), 3);
}

#[test]
fn errors_recover_at_the_next_document() {
    let text = "a: [1, 2\n---\nb: ok\n";
    let f = YamlFile::parse(text);
    assert_eq!(f.errors.len(), 1);
    assert_eq!(f.documents.len(), 2);
    assert!(f.documents[0].root.is_none());
    let root = f.documents[1].root.unwrap();
    assert_eq!(f.str(f.get(root, "b").unwrap()), Some("ok"));
}

#[test]
fn duplicate_keys_are_all_reported() {
    let text = "a: 1\nb: 2\na: 3\nb: 4\nc: {x: 1, x: 2}\n";
    let f = YamlFile::parse(text);
    let dups: Vec<_> = f
        .duplicate_keys
        .iter()
        .map(|d| (d.key.as_str(), d.first.slice(text), d.duplicate.start))
        .collect();
    assert_eq!(dups, [("a", "a", 10), ("b", "b", 15), ("x", "x", 30)]);
    // The last value wins, as in most readers.
    let root = f.documents[0].root.unwrap();
    assert_eq!(f.int(f.get(root, "a").unwrap()), Some(3));
}

#[test]
fn merge_keys_and_scalar_types() {
    let text = "base: &b {image: x, port: 80}\nsvc:\n  <<: *b\n  port: 8080\n  on: yes\n  empty:\n  hex: 0x10\n";
    let f = YamlFile::parse(text);
    let root = f.documents[0].root.unwrap();
    let svc = f.get(root, "svc").unwrap();
    assert_eq!(f.str(f.get(svc, "image").unwrap()), Some("x"));
    assert_eq!(f.int(f.get(svc, "port").unwrap()), Some(8080));
    assert_eq!(f.entries(svc).len(), 5);
    assert_eq!(f.str(f.get(svc, "on").unwrap()), Some("yes"));
    assert_eq!(yaml11_hazard("yes"), Some(Yaml11Hazard::Boolean(true)));
    assert!(f.is_null(f.get(svc, "empty").unwrap()));
    assert_eq!(f.int(f.get(svc, "hex").unwrap()), Some(16));
}

#[test]
fn billion_laughs_is_measured_not_expanded() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&[name, ": &", name, " [", &refs, "]\n"].concat());
    }
    let f = YamlFile::parse(&text);
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert!(f.nodes.len() < 200);
    // 10 * 9^8 nodes in the last list alone.
    assert!(f.expanded_size(0) > 400_000_000);
    let recursive = YamlFile::parse("a: &a [1, *a]\n");
    assert_eq!(recursive.expanded_size(0), u64::MAX);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{}x\n", "- ".repeat(10_000));
    let f = YamlFile::parse(&text);
    assert_eq!(f.errors.len(), 1);
    let flow = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(YamlFile::parse(&flow).errors.len(), 1);
}

#[test]
fn routes_parse_display_and_find() {
    let r = Route::parse("[1] spec.template.spec.containers[1].image").unwrap();
    assert_eq!(r.doc, 1);
    assert_eq!(r.to_string(), "[1] spec.template.spec.containers[1].image");
    let q = Route::parse("metadata.annotations.\"example.com/x\"").unwrap();
    assert_eq!(q.path.last(), Some(&Segment::Key("example.com/x".into())));
    let text = "---\na: 1\n---\nspec:\n  containers:\n    - name: x\n";
    let f = YamlFile::parse(text);
    let err = f
        .find(&Route::parse("[1] spec.containers[0].image").unwrap())
        .unwrap_err();
    assert_eq!(err.missing, 3);
    assert_eq!(f.node(err.parent.unwrap()).span.slice(text), "name: x");
}

#[test]
fn tags_are_kept_as_written() {
    let text = "a: !!str 3\nb: !Ref x\n";
    let f = YamlFile::parse(text);
    let root = f.documents[0].root.unwrap();
    assert_eq!(
        f.node(f.get(root, "a").unwrap()).tag.as_deref(),
        Some("!!str")
    );
    assert_eq!(
        f.node(f.get(root, "b").unwrap()).tag.as_deref(),
        Some("!Ref")
    );
}
