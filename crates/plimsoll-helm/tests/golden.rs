//! Renders every corpus chart with plimsoll and compares with `helm template`
//! output recorded in tests/golden (see tests/golden/README.md). Prints a
//! table (chart, values, equal as YAML?, byte-identical?, cause) and writes
//! it to target/helm-render-table.md.

use plimsoll_helm::helm::RenderOptions;
use plimsoll_helm::{Map, Value, chart, serial};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The shared corpus sits beside the checkout (or beside the worktrees).
fn corpus_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        "../../../shared/corpus/helm",
        "../../../../shared/corpus/helm",
    ]
    .iter()
    .map(|p| manifest.join(p))
    .find(|p| p.is_dir())
    .unwrap_or_else(|| manifest.join("../../../shared/corpus/helm"))
}

struct Row {
    chart: String,
    values: String,
    equal: bool,
    identical: bool,
    cause: String,
}

fn mask(doc: &mut Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    match doc {
        Value::Map(m) => {
            // Keys may hold `/` (annotations): try the longest key first.
            let mut m = m.borrow_mut();
            for take in (1..=path.len()).rev() {
                let key = path[..take].join("/");
                if let Some(child) = m.get_mut(&key) {
                    if take == path.len() {
                        *child = Value::from("<volatile>");
                    } else {
                        mask(child, &path[take..]);
                    }
                    return;
                }
            }
            let _ = (first, rest);
        }
        Value::List(l) => {
            if let Ok(i) = first.parse::<usize>() {
                let mut items = l.as_ref().clone();
                if let Some(child) = items.get_mut(i) {
                    if rest.is_empty() {
                        *child = Value::from("<volatile>");
                    } else {
                        mask(child, rest);
                    }
                }
                *l = std::rc::Rc::new(items);
            }
        }
        _ => {}
    }
}

fn first_difference(a: &[Value], b: &[Value]) -> String {
    if a.len() != b.len() {
        return format!("{} documents, helm has {}", a.len(), b.len());
    }
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            let xs = serial::to_yaml(x);
            let ys = serial::to_yaml(y);
            for (lx, ly) in xs.lines().zip(ys.lines()) {
                if lx != ly {
                    return format!("doc {i}: `{}` vs helm `{}`", lx.trim(), ly.trim());
                }
            }
            return format!("doc {i} differs in length");
        }
    }
    String::new()
}

fn render(chart_dir: &Path, values: Option<&Path>) -> Result<String, String> {
    let mut user = Map::new();
    if let Some(v) = values {
        let text = std::fs::read_to_string(v).map_err(|e| e.to_string())?;
        if let Ok(Value::Map(m)) = serial::from_yaml(&text) {
            chart::merge_maps(&mut user, &m.borrow());
        }
    }
    let opts = RenderOptions {
        release_name: "golden".into(),
        namespace: "golden-ns".into(),
        ..RenderOptions::default()
    };
    plimsoll_helm::template(chart_dir, &user, &opts, &[]).map_err(|e| e.to_string())
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn corpus_charts_render_like_helm() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        eprintln!(
            "skipping: {} is absent (the shared corpus is not mounted)",
            corpus.display()
        );
        return;
    }
    // Rendering recurses; give it a generous stack.
    let rows = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || collect_rows(&corpus))
        .expect("thread")
        .join()
        .expect("render thread");
    let mut table = String::from(
        "| chart | values | equal as YAML | byte-identical (volatile values aside) | cause |\n|---|---|---|---|---|\n",
    );
    for r in &rows {
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            r.chart,
            r.values,
            if r.equal { "yes" } else { "NO" },
            if r.identical { "yes" } else { "no" },
            r.cause.replace('|', "\\|").replace('\n', " ")
        );
    }
    let equal = rows.iter().filter(|r| r.equal).count();
    let identical = rows.iter().filter(|r| r.identical).count();
    let _ = writeln!(
        table,
        "\n{equal}/{} renders equal as YAML, {identical}/{} byte-identical",
        rows.len(),
        rows.len()
    );
    println!("{table}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/helm-render-table.md");
    let _ = std::fs::write(out, &table);
    assert!(
        equal * 100 >= rows.len() * 90,
        "only {equal}/{} renders equal",
        rows.len()
    );
}

fn collect_rows(corpus: &Path) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("golden dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = std::fs::read_to_string(dir.join("CHART")).unwrap_or_default();
        let chart_dir = corpus.join(rel.trim());
        let mut variants: Vec<String> = std::fs::read_dir(&dir)
            .expect("chart dir")
            .filter_map(Result::ok)
            .filter_map(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.strip_suffix(".yaml")
                    .or_else(|| n.strip_suffix(".error"))
                    .map(str::to_string)
            })
            .collect();
        variants.sort();
        variants.dedup();
        for v in variants {
            let values = if v == "default" {
                None
            } else {
                Some(chart_dir.join("ci").join(format!("{v}.yaml")))
            };
            let ours = render(&chart_dir, values.as_deref());
            let golden = std::fs::read_to_string(dir.join(format!("{v}.yaml")));
            let row = match (ours, golden) {
                (Err(e), Err(_)) => {
                    let helm_err =
                        std::fs::read_to_string(dir.join(format!("{v}.error"))).unwrap_or_default();
                    Row {
                        chart: id.clone(),
                        values: v,
                        equal: true,
                        identical: true,
                        cause: format!(
                            "both fail: {} / helm: {}",
                            e.lines().next().unwrap_or(""),
                            helm_err.trim()
                        ),
                    }
                }
                (Err(e), Ok(_)) => Row {
                    chart: id.clone(),
                    values: v,
                    equal: false,
                    identical: false,
                    cause: format!(
                        "plimsoll fails: {}",
                        e.chars().take(300).collect::<String>()
                    ),
                },
                (Ok(_), Err(_)) => Row {
                    chart: id.clone(),
                    values: v,
                    equal: false,
                    identical: false,
                    cause: "helm fails, plimsoll renders".into(),
                },
                (Ok(ours), Ok(golden)) => {
                    let identical = ours == golden;
                    let volatile = std::fs::read_to_string(dir.join(format!("{v}.volatile")))
                        .unwrap_or_default();
                    match (serial::from_yaml_all(&ours), serial::from_yaml_all(&golden)) {
                        (Ok(mut a), Ok(mut b)) => {
                            for line in volatile.lines() {
                                let parts: Vec<&str> = line.split('/').collect();
                                if let Some((doc, path)) = parts.split_first()
                                    && let Ok(i) = doc.parse::<usize>()
                                {
                                    if let Some(d) = a.get_mut(i) {
                                        mask(d, path);
                                    }
                                    if let Some(d) = b.get_mut(i) {
                                        mask(d, path);
                                    }
                                }
                            }
                            let equal = a == b;
                            // Byte-identical apart from the volatile values'
                            // own lines (random passwords, their checksums).
                            let (ol, gl): (Vec<&str>, Vec<&str>) =
                                (ours.lines().collect(), golden.lines().collect());
                            let differing = ol.iter().zip(&gl).filter(|(x, y)| x != y).count();
                            let identical = identical
                                || (equal
                                    && ol.len() == gl.len()
                                    && differing <= volatile.lines().count());
                            let cause = if equal {
                                String::new()
                            } else {
                                first_difference(&a, &b)
                            };
                            Row {
                                chart: id.clone(),
                                values: v,
                                equal,
                                identical,
                                cause,
                            }
                        }
                        (Err(e), _) => Row {
                            chart: id.clone(),
                            values: v,
                            equal: false,
                            identical,
                            cause: format!("our output is not YAML: {e}"),
                        },
                        (_, Err(e)) => Row {
                            chart: id.clone(),
                            values: v,
                            equal: false,
                            identical,
                            cause: format!("golden is not YAML: {e}"),
                        },
                    }
                }
            };
            rows.push(row);
        }
    }
    rows
}
