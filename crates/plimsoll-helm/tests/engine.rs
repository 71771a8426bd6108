//! The template engine and functions against outputs recorded from a real
//! `helm template` (v3.17.2) on small templates, plus errors, bounds and a
//! no-panic property over arbitrary template text.

use plimsoll_helm::helm::RenderOptions;
use plimsoll_helm::{Map, Value, render_str, serial};
use std::path::Path;

fn data() -> Value {
    serial::from_yaml("Values: {}\n").expect("yaml")
}

fn render(t: &str) -> String {
    render_str(t, &data()).unwrap_or_else(|e| panic!("{t}: {e}"))
}

#[test]
fn go_template_builtins_like_helm() {
    let t = r#"a: {{ "a" | printf "%s %s" "b" }}|{{ range $i, $e := list 1 2 3 }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $e }}{{ end }}|{{ with .Values.no }}x{{ else with "w" }}{{ . }}{{ end }}|{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}|{{ slice (list 1 2 3) 1 }}|{{ index (dict "a" (list 5 6)) "a" 1 }}|{{ len "héllo" }}|{{ print 1 2 "a" 3 }}|{{ println "x" 1 }}|{{ html "<a&b>" }}|{{ js "it's <x>" }}|{{ urlquery "a b&c" }}|{{ and 1 0 2 }}|{{ or 0 "" "z" }}|{{ not 0 }}|{{ eq 1 2 1 }}|{{ lt "a" "b" }}|{{/* c */ -}} x {{- /* d */}}y"#;
    assert_eq!(
        render(t),
        "a: b a|13|w|2|[2 3]|6|6|1 2a3|x 1\n|&lt;a&amp;b&gt;|it\\'s \\u003Cx\\u003E|a+b%26c|0|z|true|true|true|xy"
    );
}

#[test]
fn sprig_functions_like_helm() {
    let t = r#"b: {{ semverCompare "^1.2.0" "1.5.0" }} {{ (semver "1.2.3-beta.1+m").Prerelease }} {{ trunc -3 "abcdef" }} {{ substr 1 3 "abcdef" }} {{ abbrev 5 "hello world" }} {{ camelcase "foo_bar" }} {{ snakecase "FooBar" }} {{ kebabcase "FooBarBaz" }} {{ title "hello world-x" }} {{ wrap 5 "aaa bbb ccc" | quote }} {{ until 3 }} {{ untilStep 0 10 3 }} {{ seq 3 }} {{ splitList "," "a,b" }} {{ split "," "a,b" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexSplit "z+" "pizza" -1 }} {{ toStrings (list 1 "a") }} {{ atoi "42" }} {{ int "0x10" }} {{ float64 "1.5" }} {{ add 1 2.7 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ floor 1.7 }} {{ round 2.456 2 }} {{ b64enc "hi" }} {{ sha1sum "hi" }} {{ adler32sum "hi" }} {{ pluck "a" (dict "a" 1) (dict "a" 2) }} {{ dig "a" "b" "d" (dict "a" (dict "b" "v")) }} {{ omit (dict "a" 1 "b" 2) "a" }} {{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ compact (list 0 1 "" "a") }} {{ sortAlpha (list "b" "a") }} {{ typeOf 1.5 }} {{ kindOf (list) }} {{ coalesce 0 "" "x" }} {{ ternary "a" "b" false }} {{ toJson (list 1 "a" nil) }} {{ fromJson "{\"a\": 1}" }} {{ cat "a" nil "b" }} {{ squote "a" 1 }} {{ initials "hello world" }} {{ plural "one" "many" 2 }} {{ nospace "a b c" }} {{ repeat 3 "ab" }} {{ toYaml (dict "a" (list 1 2)) | indent 2 }}"#;
    assert_eq!(
        render(t),
        "b: true beta.1 def bc he... FooBar foo_bar foo-bar-baz Hello World-X \"aaa\\nbbb\\nccc\" [0 1 2] [0 3 6 9] 1 2 3 [a b] map[_0:a _1:b] -W-xxW- [pi a] [1 a] 42 16 1.5 3 24 3 1 5 1 2.46 aGk= c22b5f9178342609428d6f51b2c5af4c0bde6a42 20644050 [1 2] v map[b:2] [1 2] [1 3] [1 a] [a b] float64 slice x b [1,\"a\",null] map[a:1] a b 'a' '1' hw many abc ababab   a:\n  - 1\n  - 2"
    );
}

#[test]
fn printing_like_helm() {
    let d = serial::from_yaml(
        "Values: {big: 123456789, f: 0.5, m: {b: [1, x], a: null, c: {}}, l: [a, 1, true]}\n",
    )
    .expect("yaml");
    let t = r#"{{ printf "%v|%v|%v|%v" 1000000.0 .Values.big .Values.f .Values.m }}|{{ .Values.missing }}|{{ print nil }}|{{ printf "%s %d" "x" }}|{{ printf "%d" "s" }}|{{ printf "%q" .Values.l }}|{{ quote .Values.missing }}|{{ .Values.l }}|{{ 3.0 }}"#;
    assert_eq!(
        render_str(t, &d).expect("render"),
        "1e+06|1.23456789e+08|0.5|map[a:<nil> b:[1 x] c:map[]]|<no value>|<nil>|x %!d(MISSING)|%!d(string=s)|[\"a\" %!q(float64=1) %!q(bool=true)]||[a 1 true]|3"
    );
}

#[test]
fn to_yaml_pretty_indents_sequences_like_helm() {
    assert_eq!(
        render("a: {{ toYamlPretty (dict \"a\" (list 1 2)) | nindent 2 }}"),
        "a: \n  a:\n    - 1\n    - 2"
    );
}

#[test]
fn define_template_block_and_trim() {
    let t = "{{- define \"x\" }}[{{ . }}]{{ end -}}\n{{ template \"x\" 1 }} {{ block \"y\" 2 }}<{{ . }}>{{ end }}\n  {{- \"t\" }}";
    assert_eq!(render(t), "[1] <2>t");
    assert_eq!(
        render("{{ range $k, $v := dict \"b\" 2 \"a\" 1 }}{{ $k }}={{ $v }};{{ end }}"),
        "a=1;b=2;"
    );
    assert_eq!(render("{{ range list }}x{{ else }}empty{{ end }}"), "empty");
    assert_eq!(
        render("{{ range $i := list 5 6 }}{{ if eq $i 6 }}{{ break }}{{ end }}{{ $i }}{{ end }}"),
        "5"
    );
    assert_eq!(
        render("{{ if false }}a{{ else if true }}b{{ else }}c{{ end }}"),
        "b"
    );
    assert_eq!(
        render("{{ $d := dict }}{{ $_ := set $d \"k\" 1 }}{{ $d.k }}"),
        "1"
    );
}

#[test]
fn nil_fields_like_go() {
    // A nil from a pipeline is an invalid value: its fields are nil too.
    assert_eq!(render("{{ ((.Values.a).b).c }}"), "<no value>");
    assert_eq!(render("{{ $x := .Values.a }}{{ $x.b }}"), "<no value>");
    // A nil found inside one field chain is a nil interface: an error.
    let e = render_str("{{ .Values.a.b }}", &data()).expect_err("nil pointer");
    assert_eq!(
        e,
        "template: t:1:10: executing \"t\" at <.Values.a.b>: nil pointer evaluating interface {}.b"
    );
}

fn write_chart(dir: &Path, templates: &[(&str, &str)], values: &str) {
    std::fs::create_dir_all(dir.join("templates")).expect("mkdir");
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: cap\nversion: 0.1.0\n",
    )
    .expect("write");
    std::fs::write(dir.join("values.yaml"), values).expect("write");
    for (name, text) in templates {
        std::fs::write(dir.join("templates").join(name), text).expect("write");
    }
}

fn template_chart(templates: &[(&str, &str)], values: &str) -> Result<String, String> {
    let dir = std::env::temp_dir().join(format!(
        "plimsoll-helm-test-{}-{}",
        std::process::id(),
        templates[0].1.len()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    write_chart(&dir, templates, values);
    let opts = RenderOptions {
        release_name: "x".into(),
        ..RenderOptions::default()
    };
    let r = plimsoll_helm::template(&dir, &Map::new(), &opts, &[]).map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    r
}

#[test]
fn errors_like_helm() {
    let e = |t: &str| template_chart(&[("a.yaml", t)], "").expect_err("error");
    assert_eq!(
        e("{{ required \"need x\" .Values.x }}"),
        "execution error at (cap/templates/a.yaml:1:3): need x"
    );
    assert_eq!(
        e("{{ fail \"boom\" }}"),
        "execution error at (cap/templates/a.yaml:1:3): boom"
    );
    assert_eq!(
        e("{{ foo }}"),
        "parse error at (cap/templates/a.yaml:1): function \"foo\" not defined"
    );
    assert_eq!(
        e("{{ if }}"),
        "parse error at (cap/templates/a.yaml:1): missing value for if"
    );
    assert_eq!(
        e("{{ end }}"),
        "parse error at (cap/templates/a.yaml:1): unexpected {{end}}"
    );
    assert_eq!(
        e("x: {{ include \"r\" . }}{{ define \"r\" }}{{ required \"deep\" .Values.q }}{{ end }}"),
        "execution error at (cap/templates/a.yaml:1:6): deep"
    );
}

#[test]
fn recursion_and_output_are_bounded() {
    let e = template_chart(
        &[(
            "a.yaml",
            "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}",
        )],
        "",
    )
    .expect_err("recursion");
    assert!(e.contains("exceeded max template depth"), "{e}");
    let e = template_chart(&[("a.yaml", "{{ define \"t\" }}{{ tpl \"{{ include \\\"t\\\" . }}\" . }}{{ end }}{{ include \"t\" . }}")], "").expect_err("tpl recursion");
    assert!(e.contains("exceeded max template depth"), "{e}");
    let e = template_chart(
        &[(
            "a.yaml",
            "{{ range until 100000 }}{{ repeat 1000 \"x\" }}{{ end }}",
        )],
        "",
    )
    .expect_err("size");
    assert!(e.contains("output exceeds"), "{e}");
}

#[test]
fn manifests_sorted_and_hooks_last_like_helm() {
    let out = template_chart(
        &[
            ("a.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n"),
            ("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n# only a comment\n"),
            ("_p.tpl", "{{ define \"p\" }}x{{ end }}"),
            ("NOTES.txt", "notes"),
        ],
        "",
    )
    .expect("render");
    assert_eq!(
        out,
        "---\n# Source: cap/templates/b.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n# Source: cap/templates/a.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\n# Source: cap/templates/b.yaml\n# only a comment\n---\n# Source: cap/templates/a.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n"
    );
}

#[test]
fn segments_map_output_to_template_lines() {
    let dir = std::env::temp_dir().join(format!("plimsoll-helm-seg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_chart(
        &dir,
        &[(
            "a.yaml",
            "a: {{ .Values.none }}1\nb: {{ .Values.b }}\nc: 3\n",
        )],
        "b: two\n",
    );
    let mut chart = plimsoll_helm::chart::load(&dir).expect("load");
    let vals = plimsoll_helm::helm::prepare(&mut chart, &Map::new()).expect("prepare");
    let opts = RenderOptions {
        record_segments: true,
        ..RenderOptions::default()
    };
    let files = plimsoll_helm::helm::render_chart(&chart, vals, &opts).expect("render");
    let _ = std::fs::remove_dir_all(&dir);
    let out = &files[0].output;
    let at = out.text.find("two").expect("value");
    assert_eq!(
        out.origin(at).map(|(f, l)| (f.to_string(), l)),
        Some(("cap/templates/a.yaml".to_string(), 2))
    );
    // `<no value>` was removed before "two"; offsets moved with it.
    assert_eq!(out.values_key(at).as_deref(), Some("b"));
    assert_eq!(out.values_key(0), None);
    let c = out.text.find("c: 3").expect("c");
    // The text node after the action starts on line 2 (its newline).
    assert!(matches!(out.origin(c), Some((_, 2 | 3))));
}

mod fuzz {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn any_template_text_never_panics(t in "(\\{\\{-? |[a-z.$\"'`()|=:, 0-9\\\\é☃]|/\\*|\\*/|if |end|range |else|with |define \"x\"|template \"x\" |-?\\}\\}|\\n){0,40}") {
            let d = plimsoll_helm::serial::from_yaml("Values: {a: [1, 2], b: {c: x}}\n").unwrap_or_default();
            let _ = plimsoll_helm::render_str(&t, &d);
        }

        #[test]
        fn any_set_and_semver_never_panic(t in "[a-z0-9.,={}\\[\\]\\\\^~<>=|* -]{0,30}") {
            let mut m = plimsoll_helm::Map::new();
            let _ = plimsoll_helm::strvals::parse_into(&t, &mut m, true);
            if let Ok(c) = plimsoll_helm::semver::Constraint::parse(&t) {
                let _ = plimsoll_helm::semver::Version::parse("1.2.3-rc.1").map(|v| c.matches(&v));
            }
        }

        #[test]
        fn any_yaml_never_panics(t in "([a-z:\\- \\[\\]{},'\"|>#&*!\\n]){0,60}") {
            if let Ok(v) = plimsoll_helm::serial::from_yaml(&t) {
                let _ = plimsoll_helm::serial::to_yaml(&v);
                let _ = plimsoll_helm::serial::to_json(&v, true, true);
            }
        }
    }
}

/// Tricky strings, keys and numbers through toYaml/toJson/toPrettyJson; the
/// expected file is `helm template x tests/data/yq` output (Helm 3.17.2).
#[test]
fn serialisation_matches_helm_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let opts = RenderOptions {
        release_name: "x".into(),
        ..RenderOptions::default()
    };
    let ours = plimsoll_helm::template(&dir.join("yq"), &Map::new(), &opts, &[]).expect("render");
    let expected = std::fs::read_to_string(dir.join("yq.expected")).expect("expected");
    assert_eq!(ours, expected);
}

/// Hostile templates and charts end in an error or a bounded output, never
/// a panic or a stack overflow (this runs on a default 2 MiB test thread).
#[test]
fn adversarial_inputs_do_not_panic() {
    let d = data();
    let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    assert!(render_str(&deep_parens, &d).is_err());
    let deep_ifs = format!(
        "{}x{}",
        "{{ if true }}".repeat(5000),
        "{{ end }}".repeat(5000)
    );
    assert!(render_str(&deep_ifs, &d).is_err());
    let many_ifs = format!("{}x{}", "{{ if true }}".repeat(50), "{{ end }}".repeat(50));
    assert_eq!(render_str(&many_ifs, &d).as_deref(), Ok("x"));
    assert!(
        render_str(
            "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}",
            &d
        )
        .is_err()
    );
    assert!(render_str("{{ indent 100000 (repeat 10000 \"\\n\") }}", &d).is_err());
    assert!(render_str("{{ repeat 1000000000 \"x\" }}", &d).is_err());
    assert!(render_str("{{ printf \"%999999999d\" 1 | len }}", &d).is_ok());
    assert!(render_str("{{ regexMatch \"(a{1000}){1000}\" \"a\" }}", &d).is_err());
    assert!(render_str("{{ until 100000000 | len }}", &d).is_ok());
    assert!(render_str("{{ \"unterminated }}", &d).is_err());
    assert!(render_str("{{ /* unterminated comment }}", &d).is_err());
    assert!(render_str("{{ $x := 1 }}{{ $y = 2 }}", &d).is_err());
    assert!(render_str("{{ index (list 1) 5 }}", &d).is_err());
    assert!(render_str("{{ div 1 0 }}", &d).is_err());
    assert!(
        render_str("{{ slice \"abc\" 2 1 }}", &d).is_err()
            || render_str("{{ slice \"abc\" 2 1 }}", &d).is_ok()
    );
    let deep_yaml = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(serial::from_yaml(&deep_yaml).is_err() || serial::from_yaml(&deep_yaml).is_ok());
    // A chart archive that is not gzip, and one that is empty.
    assert!(plimsoll_helm::chart::from_archive(b"not a tarball").is_err());
    assert!(plimsoll_helm::chart::from_archive(&[]).is_err());
}

fn tgz(files: &[(&str, &str)]) -> Vec<u8> {
    let enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut b = tar::Builder::new(enc);
    for (path, text) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, path, text.as_bytes())
            .expect("append");
    }
    b.into_inner().expect("tar").finish().expect("gzip")
}

/// Subcharts from a `.tgz` and a `file://` dependency; values scoping,
/// globals, conditions, aliases and import-values.
#[test]
fn subcharts_values_and_dependencies() {
    let root = std::env::temp_dir().join(format!("plimsoll-helm-deps-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let p = root.join("parent");
    std::fs::create_dir_all(p.join("charts")).expect("mkdir");
    std::fs::create_dir_all(p.join("templates")).expect("mkdir");
    std::fs::write(
        p.join("Chart.yaml"),
        "apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 1.x\n  repository: https://example.com\n  condition: sub.enabled\n- name: sub\n  alias: other\n  version: 1.x\n  repository: https://example.com\n  import-values:\n  - child: exported\n    parent: fromOther\n- name: local\n  version: 0.1.0\n  repository: file://../local\n- name: off\n  version: 0.1.0\n  repository: file://../off\n  tags: [extra]\n",
    )
    .expect("write");
    std::fs::write(p.join("values.yaml"), "global: {region: eu}\nsub: {enabled: true, greeting: hi}\nother: {greeting: hey}\ntags: {extra: false}\n").expect("write");
    std::fs::write(
        p.join("templates/cm.yaml"),
        "parent: {{ .Values.sub.greeting }} {{ .Values.fromOther.x }} {{ .Values.local.v }}\n",
    )
    .expect("write");
    let sub = tgz(&[
        (
            "sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 1.2.0\n",
        ),
        (
            "sub/values.yaml",
            "greeting: hello\nenabled: false\nexported: {x: 42}\n",
        ),
        (
            "sub/templates/a.yaml",
            "{{ .Chart.Name }}: {{ .Values.greeting }} {{ .Values.global.region }} {{ .Template.BasePath }}\n",
        ),
    ]);
    std::fs::write(p.join("charts/sub-1.2.0.tgz"), sub).expect("write");
    for (name, v) in [("local", "7"), ("off", "8")] {
        let d = root.join(name);
        std::fs::create_dir_all(d.join("templates")).expect("mkdir");
        std::fs::write(
            d.join("Chart.yaml"),
            format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n"),
        )
        .expect("write");
        std::fs::write(d.join("values.yaml"), format!("v: {v}\n")).expect("write");
        std::fs::write(
            d.join("templates/x.yaml"),
            "{{ .Chart.Name }}: {{ .Values.v }}\n",
        )
        .expect("write");
    }
    let opts = RenderOptions {
        release_name: "x".into(),
        ..RenderOptions::default()
    };
    let out = plimsoll_helm::template(&p, &Map::new(), &opts, &[]).expect("render");
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        out,
        "---\n# Source: parent/charts/local/templates/x.yaml\nlocal: 7\n---\n# Source: parent/charts/other/templates/a.yaml\nother: hey eu parent/charts/other/templates\n---\n# Source: parent/charts/sub/templates/a.yaml\nsub: hi eu parent/charts/sub/templates\n---\n# Source: parent/templates/cm.yaml\nparent: hi 42 7\n"
    );
}

/// A map that holds itself (twice) must not hang printing, copying,
/// comparing or serialising.
#[test]
fn cyclic_maps_are_bounded() {
    let d = data();
    let t = "{{ $d := dict }}{{ $_ := set $d \"a\" $d }}{{ $_ := set $d \"b\" $d }}{{ len (toJson $d) }}|{{ len (toYaml $d) }}|{{ len (print $d) }}|{{ eq (deepCopy $d | len) 2 }}|{{ deepEqual $d $d }}";
    let start = std::time::Instant::now();
    let r = render_str(t, &d);
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
    assert!(r.is_ok() || r.is_err());
}

/// `--include-crds`: raw `crds/` files first, like `helm template --include-crds`.
#[test]
fn include_crds_prints_crds_first() {
    let dir = std::env::temp_dir().join(format!("plimsoll-helm-crds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_chart(&dir, &[("a.yaml", "kind: ConfigMap\n")], "");
    std::fs::create_dir_all(dir.join("crds")).expect("mkdir");
    std::fs::write(
        dir.join("crds/c.yaml"),
        "kind: CustomResourceDefinition\nx: {{ not templated }} ",
    )
    .expect("write");
    std::fs::write(dir.join("crds/README.md"), "not a manifest").expect("write");
    let opts = RenderOptions {
        include_crds: true,
        ..RenderOptions::default()
    };
    let out = plimsoll_helm::template(&dir, &Map::new(), &opts, &[]).expect("render");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out,
        "---\n# Source: cap/crds/c.yaml\nkind: CustomResourceDefinition\nx: {{ not templated }} \n---\n# Source: cap/templates/a.yaml\nkind: ConfigMap\n"
    );
}

/// `--set` numbers are int64, values.yaml numbers float64, literals int: the
/// types Helm's templates see (bitnami's common library branches on them).
#[test]
fn number_types_like_helm() {
    let dir = std::env::temp_dir().join(format!("plimsoll-helm-types-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let t = "a: {{ typeOf .Values.p }} {{ typeIs \"int\" .Values.p }} {{ typeIs \"float64\" .Values.q }} {{ .Values.p }} {{ typeOf (add 1 1) }} {{ typeOf (int64 3) }} {{ printf \"%s\" (add 1 1) }} {{ typeOf (len \"x\") }} {{ eq (add 1 1) 2 }} {{ kindIs \"int64\" (sub 3 1) }}\n";
    write_chart(&dir, &[("a.yaml", t)], "q: 8080\n");
    let mut user = Map::new();
    plimsoll_helm::strvals::parse_into("p=12345678", &mut user, true).expect("set");
    let out = plimsoll_helm::template(&dir, &user, &RenderOptions::default(), &[]).expect("render");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out,
        "---\n# Source: cap/templates/a.yaml\na: int64 false true 12345678 int64 int64 %!s(int64=2) int true true\n"
    );
}
