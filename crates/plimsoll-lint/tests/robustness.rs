//! Bad input never crashes a rule: the corpus and adversarial files run
//! through every rule without a PL001 (rule crashed) finding.

#![allow(clippy::unwrap_used)]

use plimsoll_lint::engine::NoProgress;
use plimsoll_lint::settings::CliOverrides;
use plimsoll_lint::{CheckRequest, check};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn check_all(paths: Vec<PathBuf>) -> plimsoll_lint::CheckResult {
    let request = CheckRequest {
        paths,
        isolated: true,
        overrides: CliOverrides {
            select: Some(vec!["ALL".into()]),
            ..CliOverrides::default()
        },
        ..CheckRequest::default()
    };
    check(&request, &NoProgress).unwrap()
}

/// A directory of the shared corpus, which sits beside the checkout (or
/// beside the parent of a git worktree).
fn shared_corpus(sub: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared/corpus", "../../../../shared/corpus"]
        .iter()
        .map(|p| manifest.join(p).join(sub))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared/corpus").join(sub))
}

fn crashes(result: &plimsoll_lint::CheckResult) -> Vec<String> {
    result
        .findings
        .iter()
        .filter(|f| f.rule.code == "PL001")
        .map(|f| format!("{}: {}", f.location.display_path(), f.message))
        .collect()
}

#[test]
fn corpus_runs_through_every_rule_without_a_crash() {
    let corpus = shared_corpus("dockerfile");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/dockerfile is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert!(result.files.len() > 100);
    assert_eq!(crashes(&result), Vec::<String>::new());
    // Only the deliberately broken fixture in the corpus has a syntax error.
    let syntax: Vec<_> = result
        .findings
        .iter()
        .filter(|f| matches!(f.rule.code, "DF001" | "DF002"))
        .map(|f| f.location.display_path())
        .collect();
    assert!(
        syntax.iter().all(|p| p.contains("wrong-composefile")),
        "{syntax:?}"
    );
}

#[test]
fn adversarial_files_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.Dockerfile", Vec::new()),
        ("only-comments.Dockerfile", b"# a\n# b\n".to_vec()),
        (
            "binary.Dockerfile",
            (0..=255u8).cycle().take(20_000).collect(),
        ),
        (
            "not-utf8.Dockerfile",
            b"FROM alpine:3.20\nRUN echo \xff\xfe\n".to_vec(),
        ),
        (
            "long-line.Dockerfile",
            format!("FROM alpine:3.20\nRUN echo {}\n", "x".repeat(1_000_000)).into_bytes(),
        ),
        (
            "many-lines.Dockerfile",
            "FROM alpine:3.20\n".repeat(20_000).into_bytes(),
        ),
        (
            "continuation-forever.Dockerfile",
            format!("FROM alpine:3.20\nRUN echo \\\n{}", "a \\\n".repeat(50_000)).into_bytes(),
        ),
        (
            "nested-substitution.Dockerfile",
            format!(
                "FROM alpine:3.20\nRUN echo {}x{}\n",
                "$(echo ".repeat(500),
                ")".repeat(500)
            )
            .into_bytes(),
        ),
        (
            "unterminated-quotes.Dockerfile",
            b"FROM alpine:3.20\nRUN echo \"a 'b `c $(d\nCMD [\"x\n".to_vec(),
        ),
        (
            "heredoc-no-end.Dockerfile",
            b"FROM alpine:3.20\nRUN <<EOF\necho\n".to_vec(),
        ),
        (
            "deep-stages.Dockerfile",
            (0..3000)
                .fold(String::new(), |mut s, i| {
                    let _ = writeln!(s, "FROM s{i} AS s{}", i + 1);
                    s
                })
                .into_bytes(),
        ),
        (
            "weird-escape.Dockerfile",
            b"# escape=`\nFROM alpine:3.20\nRUN echo `\n`\n".to_vec(),
        ),
        (
            "crlf.Dockerfile",
            b"FROM alpine:3.20\r\nRUN a \\\r\n b\r\n".to_vec(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
    assert!(
        result.findings.iter().any(|f| f.rule.code == "PL003"
            && f.location.display_path().ends_with("not-utf8.Dockerfile"))
    );
}

/// A stream of `count` small Kubernetes objects (Deployments, Services and
/// ConfigMaps), about 220 bytes each.
fn many_objects(count: usize) -> String {
    let mut out = String::new();
    for i in 0..count {
        let doc = match i % 3 {
            0 => format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: ns-{}\nspec:\n  selector:\n    matchLabels: {{app: app-{i}}}\n  template:\n    metadata:\n      labels: {{app: app-{i}}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:{i}\n",
                i % 50
            ),
            1 => format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-{}\n  namespace: ns-{}\nspec:\n  selector: {{app: app-{}}}\n  ports: [{{port: 80}}]\n",
                i - 1,
                (i - 1) % 50,
                i - 1
            ),
            _ => format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-{i}\n  namespace: ns-{}\ndata:\n  key: value-{i}\n",
                i % 50
            ),
        };
        out.push_str(&doc);
        out.push_str("---\n");
    }
    out
}

#[test]
fn corpus_yaml_runs_through_every_rule_without_a_crash() {
    let corpus = shared_corpus("");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    }
    let dirs: Vec<PathBuf> = ["kubernetes", "compose", "argocd", "helm", "github-actions"]
        .iter()
        .map(|d| corpus.join(d))
        .collect();
    let result = check_all(dirs);
    assert!(result.files.len() > 1000, "{} files", result.files.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
    // Workflows are recognised in `.github/workflows` and by content.
    let workflows = result
        .files
        .iter()
        .filter(|f| f.kind == plimsoll_lint::FileKind::GithubWorkflow)
        .count();
    assert!(workflows > 250, "{workflows} workflows");
    // Every YAML file of the corpus parses (Helm templates are not YAML and
    // are not read as such).
    let invalid: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.rule.code == "PL004")
        .map(|f| format!("{}: {}", f.location.display_path(), f.message))
        .collect();
    assert_eq!(invalid, Vec::<String>::new());
}

#[test]
fn gitlab_corpus_is_classified_and_runs_through_every_rule() {
    let corpus = shared_corpus("gitlab-ci");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/gitlab-ci is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert_eq!(crashes(&result), Vec::<String>::new());
    // Every pipeline file is a pipeline; gitlab-ci-local's own settings
    // files (`.gitlab-ci-local-variables.yml`...) are not.
    let misread: Vec<String> = result
        .files
        .iter()
        .filter(|f| {
            let name = f.fs_path.file_name().unwrap().to_string_lossy();
            let settings = name.starts_with(".gitlab-ci-local-");
            (f.kind == plimsoll_lint::FileKind::GitlabCi) == settings
        })
        .map(|f| format!("{} read as {:?}", f.fs_path.display(), f.kind))
        .collect();
    assert_eq!(misread, Vec::<String>::new());
    assert!(result.files.len() > 250, "{} files", result.files.len());
}

#[test]
fn adversarial_yaml_does_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let mut laughs = String::from(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        let _ = writeln!(laughs, "  {}: &{} [{refs}]", pair[1], pair[1]);
    }
    let deep_block = format!("{}x\n", "- ".repeat(10_000));
    let deep_flow = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    // Block mappings 10 000 deep need 50 MB of indentation: the first 1 000
    // levels are block mappings, the rest flow mappings.
    let mut deep_map = (0..1_000).fold(String::new(), |mut s, i| {
        let _ = writeln!(s, "{}k{i}:", " ".repeat(i));
        s
    });
    let _ = writeln!(
        deep_map,
        "{}{}x{}",
        " ".repeat(1_000),
        "{k: ".repeat(9_000),
        "}".repeat(9_000)
    );
    // 50 MB: over the default `max-file-size`, reported and not parsed.
    let huge = many_objects(330_000);
    assert!(huge.len() > 50 * 1024 * 1024);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("billion-laughs.yaml", laughs.into_bytes()),
        ("recursive-alias.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  self: *m\ndata: &d [1, *d]\n".to_vec()),
        ("deep-block.yaml", deep_block.into_bytes()),
        ("deep-flow.yaml", deep_flow.into_bytes()),
        ("deep-mapping.yaml", deep_map.into_bytes()),
        ("huge.yaml", huge.into_bytes()),
        ("many-objects.yaml", many_objects(6_000).into_bytes()),
        (
            "not-utf8.yaml",
            b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  k: \"\xff\xfe\"\n".to_vec(),
        ),
        ("tabs.yaml", b"apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab\n".to_vec()),
        (
            "duplicate-keys.yaml",
            b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\nspec:\n  containers: []\n  containers: [{name: x, image: y}]\n".to_vec(),
        ),
        ("binary.yaml", (0..=255u8).cycle().take(50_000).collect()),
        ("unclosed.yaml", b"apiVersion: \"v1\nkind: [Pod\nmetadata: {name: x\n".to_vec()),
        ("template.yaml", b"apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  ports: [{{port}}]\n".to_vec()),
        ("empty.yaml", Vec::new()),
        ("only-separators.yaml", b"---\n---\n...\n---\n".to_vec()),
        ("crlf.yaml", b"apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n".to_vec()),
        ("compose.yaml", b"services:\n  web:\n    image: nginx\n    ports: [\"80:80\"]\n  \xff: {}\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
    let codes_in = |file: &str| -> Vec<&str> {
        result
            .findings
            .iter()
            .filter(|f| f.location.display_path().ends_with(file))
            .map(|f| f.rule.code)
            .collect()
    };
    assert!(codes_in("billion-laughs.yaml").contains(&"PL006"));
    assert!(codes_in("recursive-alias.yaml").contains(&"PL006"));
    for deep in [
        "deep-block.yaml",
        "deep-flow.yaml",
        "deep-mapping.yaml",
        "tabs.yaml",
        "unclosed.yaml",
    ] {
        assert!(
            codes_in(deep).contains(&"PL004"),
            "{deep}: {:?}",
            codes_in(deep)
        );
    }
    assert_eq!(codes_in("huge.yaml"), ["PL003"]);
    assert!(codes_in("not-utf8.yaml").contains(&"PL003"));
    assert!(codes_in("duplicate-keys.yaml").contains(&"PL005"));
    // The many-object stream is checked like any other file.
    assert!(
        codes_in("many-objects.yaml").contains(&"K8S100")
            || codes_in("many-objects.yaml").contains(&"K8S001")
    );
}

#[test]
fn adversarial_workflows_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    let deep_parens = format!("{}a{}", "(".repeat(5_000), ")".repeat(5_000));
    let long_chain = vec!["github.event.issue.title"; 20_000].join(" || ");
    let many_templates = "${{ github.head_ref }} ".repeat(20_000);
    let unclosed = "${{ ".repeat(20_000);
    let bangs = "!".repeat(50_000);
    let cases: Vec<(&str, String)> = vec![
        (
            "deep.yml",
            format!("on: push\njobs:\n  a:\n    runs-on: x\n    if: {deep_parens}\n    steps:\n      - run: echo ${{{{ {deep_parens} }}}}\n"),
        ),
        (
            "chain.yml",
            format!("on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo \"${{{{ {long_chain} }}}}\"\n        if: {long_chain}\n"),
        ),
        (
            "many.yml",
            format!("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          {many_templates}\n          {unclosed}\n"),
        ),
        (
            "bangs.yml",
            format!("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - if: {bangs}a\n        run: echo ${{{{ {bangs}a }}}}\n"),
        ),
        (
            "shapes.yml",
            "on: [push, {x: 1}, [a]]\npermissions: [1]\njobs:\n  a: [1]\n  b:\n    needs: {x: y}\n    runs-on: {group: [1]}\n    steps: {a: b}\n  c:\n    steps:\n      - [1]\n      - uses: {a: b}\n        with: [1]\n        run: {a: b}\n".to_string(),
        ),
        ("alias.yml", "on: &o push\njobs: &j\n  a:\n    runs-on: x\n    needs: [a]\n    steps:\n      - &s {run: echo, id: x}\n      - *s\n      - <<: *s\n".to_string()),
    ];
    for (name, text) in &cases {
        std::fs::write(wf.join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("action.yml"),
        "runs:\n  using: composite\n  steps: [{uses: docker://, run: '${{', if: '${{ a }} ${{'}]\n",
    )
    .unwrap();
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(result.files.len(), cases.len() + 1);
    assert_eq!(crashes(&result), Vec::<String>::new());
}

/// The secret scan reads every file of the corpus, whatever its kind.
#[test]
fn secret_scan_reads_the_whole_corpus_without_a_crash() {
    let corpus = shared_corpus("");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert!(result.files.len() > 2000, "{} files", result.files.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
}

/// Inputs built to make a secret scanner quadratic or panic: runs of
/// token prefixes, key words, URL separators and key headers, cut
/// multi-byte characters, and a dotenv file that is not UTF-8.
#[test]
fn adversarial_secret_inputs_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let big = 2_000_000;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("prefixes.env", "AKIA".repeat(big / 4).into_bytes()),
        ("jwt.env", "eyJ".repeat(big / 3).into_bytes()),
        ("urls.env", "a://".repeat(big / 4).into_bytes()),
        ("keys.env", "password".repeat(big / 8).into_bytes()),
        ("assign.env", "password=".repeat(big / 9).into_bytes()),
        (
            "pem.yaml",
            "-----BEGIN PRIVATE KEY-----\n"
                .repeat(big / 28)
                .into_bytes(),
        ),
        (
            "auths.yaml",
            "\"auths\" \"auth\": \"".repeat(big / 20).into_bytes(),
        ),
        ("slack.env", "xoxb-1-".repeat(big / 7).into_bytes()),
        ("sk.env", "SK".repeat(big / 2).into_bytes()),
        (
            "mixed.env",
            "é://ü:ö@ä ghp_é AIzaé pass=é€ -----BEGIN é"
                .repeat(20_000)
                .into_bytes(),
        ),
        (
            "binary.env",
            vec![0xff, 0xfe, b'A', b'K', b'I', b'A', 0x80, b'='],
        ),
        (".env", Vec::new()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    // A quadratic scan shows up as a slow test run, not as a timing assertion.
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
}

#[test]
fn adversarial_dashboards_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let head = "{\"title\": \"deep\", \"uid\": \"d\", \"schemaVersion\": 39, \"panels\": ";
    let deep_json = format!("{head}{}", "[".repeat(100_000));
    let deep_closed = format!("{head}{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_configmap = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  labels:\n    grafana_dashboard: \"1\"\ndata:\n  deep.json: |\n    {head}{}\n",
        "[".repeat(100_000)
    );
    let deep_yaml_data = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  labels:\n    grafana_dashboard: \"1\"\ndata:\n  deep.json: {}x{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    // 20 000 panels sharing one id and lacking queries: findings are capped.
    let panel = "{\"id\": 1, \"type\": \"timeseries\", \"datasource\": \"Prometheus\"}";
    let many = format!(
        "{{\"title\": \"many\", \"uid\": \"m\", \"panels\": [{}]}}",
        vec![panel; 20_000].join(",\n")
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("deep.json", deep_json.into_bytes()),
        ("deep-closed.json", deep_closed.into_bytes()),
        ("deep-configmap.yaml", deep_configmap.into_bytes()),
        ("deep-yaml-data.yaml", deep_yaml_data.into_bytes()),
        ("many.json", many.into_bytes()),
        (
            "truncated.json",
            b"{\"title\": \"t\", \"panels\": [{\"id\": 1, \"targets\": [{\"expr\": \"up".to_vec(),
        ),
        (
            "bom-not-utf8.json",
            b"\xef\xbb\xbf{\"title\": \"\xff\", \"panels\": []}".to_vec(),
        ),
        (
            "odd-shapes.json",
            b"{\"title\": 3, \"uid\": [], \"panels\": \"x\", \"rows\": [1, {\"panels\": {}}], \"templating\": 1, \"__inputs\": {}}".to_vec(),
        ),
        (
            "wrapped-odd.json",
            b"{\"dashboard\": {\"panels\": [null, 1, {\"panels\": [[]]}], \"title\": null}, \"panels\": 0}".to_vec(),
        ),
        (
            "escaped-keys.json",
            b"{\"ti\\u0074le\": \"e\", \"pan\\u0065ls\": [{\"id\": 1, \"type\": \"stat\"}], \"title\": \"x\"}".to_vec(),
        ),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(crashes(&result), Vec::<String>::new());
    let codes_in = |file: &str| -> Vec<&str> {
        result
            .findings
            .iter()
            .filter(|f| f.location.display_path().ends_with(file))
            .map(|f| f.rule.code)
            .collect()
    };
    for invalid in [
        "deep.json",
        "deep-closed.json",
        "deep-configmap.yaml",
        "truncated.json",
    ] {
        assert!(
            codes_in(invalid).contains(&"OBS010"),
            "{invalid}: {:?}",
            codes_in(invalid)
        );
    }
    let many = codes_in("many.json");
    assert_eq!(many.iter().filter(|c| **c == "OBS015").count(), 20);
    assert_eq!(many.iter().filter(|c| **c == "OBS016").count(), 20);
}

#[test]
fn prometheus_corpus_is_classified_and_runs_through_every_rule() {
    let corpus = shared_corpus("prometheus");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/prometheus is absent");
        return;
    }
    let argocd = shared_corpus("argocd");
    let mut paths = vec![corpus];
    if argocd.is_dir() {
        paths.push(argocd);
    }
    let result = check_all(paths);
    assert_eq!(crashes(&result), Vec::<String>::new());
    let rule_files = result
        .files
        .iter()
        .filter(|f| f.kind == plimsoll_lint::FileKind::PrometheusRules)
        .count();
    assert!(rule_files >= 35, "{rule_files} rule files");
    let operator_objects = result
        .files
        .iter()
        .filter(|f| f.kind == plimsoll_lint::FileKind::Yaml)
        .filter(|f| f.yaml().is_some_and(|y| y.prometheus.is_some()))
        .count();
    assert!(
        operator_objects >= 9,
        "{operator_objects} PrometheusRule files"
    );
}

#[test]
fn adversarial_prometheus_rules_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |expr: &str, summary: &str| {
        format!(
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: '{}'\n    for: 5m\n    annotations:\n      summary: '{}'\n",
            expr.replace('\'', "''"),
            summary.replace('\'', "''")
        )
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "deep-parens.rules.yml",
            rule(&format!("{}up{}", "(".repeat(10_000), ")".repeat(10_000)), "x"),
        ),
        (
            "deep-calls.rules.yml",
            rule(&format!("{}up{}", "abs(".repeat(5_000), ")".repeat(5_000)), "x"),
        ),
        ("long-chain.rules.yml", rule(&vec!["up"; 20_000].join(" + "), "x")),
        (
            "huge-selector.rules.yml",
            rule(&format!("up{{job=~\"{}\"}}", "a|".repeat(30_000)), "x"),
        ),
        ("unclosed.rules.yml", rule("sum(rate(x[5m]", "{{ {{ {{ $labels.")),
        (
            "template-bomb.rules.yml",
            rule("up == 0", &"{{ if $value }}{{ range . }}".repeat(5_000)),
        ),
        (
            "broken-shapes.rules.yml",
            "groups:\n- name: [1, 2]\n  interval: {a: b}\n  limit: x\n  rules: {a: b}\n- name: g\n  rules:\n  - [1]\n  - alert: {x: 1}\n    record: [1]\n    expr: {a: b}\n    labels: [1]\n    annotations: x\n    for: [1]\n".to_string(),
        ),
        (
            "operator.yaml",
            "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: x}\nspec:\n  groups: x\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: y}\nspec: [1]\n".to_string(),
        ),
    ];
    for (name, text) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(crashes(&result), Vec::<String>::new());
}

#[test]
fn terraform_corpus_parses_and_runs_through_every_rule() {
    let corpus = shared_corpus("terraform");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/terraform is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert_eq!(crashes(&result), Vec::<String>::new());
    let syntax: Vec<String> = result
        .findings
        .iter()
        .filter(|f| f.rule.code == "TF001")
        .map(|f| format!("{}: {}", f.location.display_path(), f.message))
        .collect();
    assert_eq!(syntax, Vec::<String>::new());
    let tf = result
        .files
        .iter()
        .filter(|f| f.kind == plimsoll_lint::FileKind::Terraform)
        .count();
    assert!(tf > 100, "{tf} Terraform files");
}

#[test]
fn adversarial_hcl_does_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let huge = "x".repeat(1 << 20);
    let deep_blocks = format!("{}{}", "a {\n".repeat(5_000), "}\n".repeat(5_000));
    let deep_lists = format!("x = {}1{}\n", "[".repeat(5_000), "]".repeat(5_000));
    let long_chain = format!("x = {}\n", vec!["var.a"; 20_000].join(" || "));
    let cases: Vec<(&str, String)> = vec![
        ("heredoc.tf", "locals {\n  x = <<EOT\nnever closed\n".to_string()),
        ("deep_blocks.tf", deep_blocks),
        ("deep_lists.tf", deep_lists),
        ("chain.tf", long_chain),
        ("huge.tf", format!("variable \"password\" {{\n  default = \"{huge}\"\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"{huge}\"\n}}\n")),
        ("binary.tf", "\u{0}\u{1}\u{7f}resource \u{fffd}\u{0} {\n".to_string()),
        ("cycle.tf", "locals {\n  a = local.b\n  b = local.a\n  c = [local.c, local.c]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.a\n  acl = local.c\n  count = 1\n  for_each = {}\n}\n".to_string()),
        ("fanout.tf", {
            let mut s = String::from("locals {\n  l0 = 1\n");
            for i in 1..40 {
                let p = i - 1;
                let _ = writeln!(s, "  l{i} = [local.l{p}, local.l{p}, local.l{p}, local.l{p}]");
            }
            s.push_str("}\nterraform {\n  backend \"s3\" {\n    encrypt = local.l39\n  }\n}\n");
            s
        }),
        ("shapes.tf", "resource {}\nresource \"a\" {}\nmodule {}\nvariable {}\noutput {}\nterraform {\n  required_providers = 1\n  backend {}\n}\nprovider {}\nlocals {}\nresource \"aws_s3_bucket\" \"b\" \"c\" {\n  dynamic \"x\" {}\n}\n".to_string()),
        ("terragrunt.hcl", "include {\n}\nremote_state = 1\nterraform {\n  source = 42\n}\n".to_string()),
        ("bad.tfvars", "password = <<EOT\n".to_string()),
        ("x.tfstate", "not json".to_string()),
    ];
    for (name, text) in &cases {
        let sub = root.join(name.replace('.', "_"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), text).unwrap();
    }
    let result = check_all(vec![root.to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
}

#[test]
fn adversarial_cloud_resources_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let many_actions = format!(
        "data \"aws_iam_policy_document\" \"d\" {{\n  statement {{\n    actions   = [{}]\n    resources = [\"*\"]\n  }}\n}}\n",
        vec!["\"s3:*\""; 20_000].join(", ")
    );
    let cases: Vec<(&str, String)> = vec![
        ("policies.tf", concat!(
            "resource \"aws_iam_policy\" \"a\" {\n  policy = <<EOF\n{\"Statement\": [{\"Action\": \"*\", \"Effect\": \"Allow\", \"Resource\": ${jsonencode([1])}}]}\nEOF\n}\n",
            "resource \"aws_iam_policy\" \"b\" {\n  policy = <<EOF\n{\"Statement\": \"Action\"\nEOF\n}\n",
            "resource \"aws_iam_policy\" \"c\" {\n  policy = <<EOF\n\u{e9}\u{1f600}\"Action\"\nEOF\n}\n",
            "resource \"aws_iam_policy\" \"d\" {\n  policy = <<EOF\n{\"Statement\": {\"Effect\": \"Allow\", \"Action\": [\"*\"], \"Resource\": \"${ {a = 1}[\"a\"] }\"}}\nEOF\n}\n",
            "resource \"aws_iam_policy\" \"e\" {\n  policy = jsonencode({ Statement = 42 })\n}\n",
            "resource \"aws_iam_policy\" \"f\" {\n  policy = jsonencode({ Statement = [1, \"x\", { Effect = var.e, Action = local.a }] })\n}\n",
            "resource \"aws_iam_policy\" \"g\" {\n  policy = jsonencode()\n}\n",
            "resource \"aws_iam_policy\" \"h\" {\n  policy = \"{\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"*\\\"}]}\"\n}\n",
        ).to_string()),
        ("actions.tf", many_actions),
        ("ports.tf", concat!(
            "resource \"aws_security_group\" \"a\" {\n  ingress {\n    from_port = 1e300\n    to_port = -1e300\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\", {}, [], null]\n  }\n  ingress {\n    from_port = 2.5\n    to_port = \"x\"\n    protocol = 6\n    cidr_blocks = \"0.0.0.0/0\"\n  }\n}\n",
            "resource \"aws_vpc_security_group_ingress_rule\" \"b\" {\n  cidr_ipv6 = \"::/0\"\n  ip_protocol = \"-1\"\n}\n",
            "resource \"google_compute_firewall\" \"c\" {\n  source_ranges = [\"0.0.0.0/0\"]\n  allow {\n    protocol = \"tcp\"\n    ports = [\"99999999999-1\", \"abc\", \"22-\", \"-\"]\n  }\n  allow {}\n}\n",
            "resource \"azurerm_network_security_rule\" \"d\" {\n  direction = \"Inbound\"\n  access = \"Allow\"\n  protocol = \"*\"\n  source_address_prefixes = [\"*\"]\n  destination_port_ranges = [\"4294967296\", \"0-4294967295\"]\n}\n",
        ).to_string()),
        ("secrets.tf", format!(
            "resource \"aws_lambda_function\" \"a\" {{\n  environment {{\n    variables = {{\n      (var.k) = \"AKIA\"\n      \"PASSWORD\" = \"{0}\"\n      TOKEN = 1\n    }}\n  }}\n}}\nresource \"aws_instance\" \"b\" {{\n  user_data = \"PASSWORD={0}\\u00e9${{\"\n}}\n",
            "\u{e9}\u{1f600}".repeat(50_000)
        )),
        ("links.tf", concat!(
            "resource \"aws_s3_bucket\" \"a\" {\n  bucket = aws_s3_bucket.a.id\n  logging {\n    target_bucket = aws_s3_bucket.a.id\n  }\n}\n",
            "resource \"aws_s3_bucket_public_access_block\" \"a\" {\n  bucket = aws_s3_bucket.a[0][\"x\"].id\n}\n",
            "resource \"aws_eks_node_group\" \"n\" {\n  node_role_arn = aws_iam_role.r.arn\n  subnet_ids = [aws_subnet, aws_subnet.x[*].id]\n}\n",
            "resource \"aws_iam_role_policy_attachment\" \"p\" {\n  role = aws_iam_role\n  policy_arn = \"arn:aws:iam::aws:policy/\"\n}\n",
            "resource \"google_sql_database_instance\" \"s\" {\n  settings {\n    ip_configuration {\n      authorized_networks {}\n      authorized_networks {\n        value = [\"0.0.0.0/0\"]\n      }\n    }\n  }\n}\n",
        ).to_string()),
    ];
    for (name, text) in &cases {
        let sub = root.join(name.replace('.', "_"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), text).unwrap();
    }
    let result = check_all(vec![root.to_path_buf()]);
    assert_eq!(result.files.len(), cases.len());
    assert_eq!(crashes(&result), Vec::<String>::new());
}

#[test]
fn helm_corpus_renders_and_checks_without_a_crash() {
    let corpus = shared_corpus("helm");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus/helm is absent");
        return;
    }
    let result = check_all(vec![corpus]);
    assert_eq!(crashes(&result), Vec::<String>::new());
    let templates = result
        .files
        .iter()
        .filter(|f| f.kind == plimsoll_lint::FileKind::HelmTemplate)
        .count();
    assert!(templates > 100, "{templates} templates");
}

#[test]
fn adversarial_charts_do_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let chart = "apiVersion: v2\nname: x\nversion: 0.1.0\n";
    // Unbounded recursion through `include`.
    write("loop/Chart.yaml", chart);
    write(
        "loop/templates/a.yaml",
        "{{- define \"r\" }}{{ include \"r\" . }}{{- end }}\nkind: ConfigMap\n{{ include \"r\" . }}\n",
    );
    // Broken Chart.yaml and values.
    write("broken/Chart.yaml", "apiVersion: [v2\nname: {{\n");
    write("broken/templates/a.yaml", "kind: ConfigMap\n");
    write("badvalues/Chart.yaml", chart);
    write("badvalues/values.yaml", "a: [1, 2\n");
    write("badvalues/values-prod.yaml", "- just\n- a list\n");
    write("badvalues/templates/a.yaml", "kind: ConfigMap\n");
    // Output that is not YAML, and deep output.
    write("garbage/Chart.yaml", chart);
    write(
        "garbage/templates/a.yaml",
        &format!(
            "kind: ConfigMap\ndata: {}\n{{{{ \"\\x00: [\" }}}}\n",
            "[".repeat(5_000)
        ),
    );
    write(
        "garbage/templates/b.yaml",
        "{{ range until 20000 }}- a\n{{ end }}",
    );
    let result = check_all(vec![dir.path().to_path_buf()]);
    assert_eq!(crashes(&result), Vec::<String>::new());
    let render_errors = result
        .findings
        .iter()
        .filter(|f| f.rule.code == "HELM001")
        .count();
    assert!(render_errors >= 2, "{render_errors} render errors");
}
