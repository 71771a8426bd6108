//! Chart checks: every chart of the run (a directory with `Chart.yaml`,
//! not nested under another chart's `charts/`, not a library chart) is
//! rendered natively (plimsoll-helm) with `values.yaml` and with each
//! environment overlay (`values-*.yaml`, `values/*.yaml`,
//! `ci/*-values.yaml`), release `release-name` in namespace `release-namespace`.
//! Render errors become HELM001; the rendered objects go through the
//! Kubernetes rules and their findings are mapped back to the template file
//! and line that wrote them (the render's output segments).

mod rendered;

use crate::kind::FileKind;
use crate::parse::ParsedFile;
use crate::rules::helm::ChartRenderError;
use plimsoll_diagnostics::{Finding, Span};
use plimsoll_helm::helm::{RenderOptions, RenderedFile};
use plimsoll_helm::{Map, Value, chart, serial};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// A chart of the run.
pub struct ChartDir<'a> {
    /// Its `Chart.yaml`.
    pub chart_yaml: &'a ParsedFile,
    /// The directory on disk and as displayed.
    pub fs_dir: PathBuf,
    pub display_dir: PathBuf,
}

/// Charts of the run: each `Chart.yaml` whose directory is not a subchart
/// (under another chart's `charts/`).
pub fn charts(files: &[ParsedFile]) -> Vec<ChartDir<'_>> {
    files
        .iter()
        .filter(|f| f.fs_path.file_name() == Some(OsStr::new("Chart.yaml")))
        .filter(|f| !matches!(f.model, crate::parse::Model::Unreadable(_)))
        .filter_map(|f| {
            let fs_dir = f.fs_path.parent()?.to_path_buf();
            let display_dir = f.source.path().parent()?.to_path_buf();
            let nested = fs_dir.ancestors().skip(1).any(|d| {
                d.file_name() == Some(OsStr::new("charts"))
                    && d.parent().is_some_and(|p| p.join("Chart.yaml").is_file())
            });
            (!nested).then_some(ChartDir {
                chart_yaml: f,
                fs_dir,
                display_dir,
            })
        })
        .collect()
}

/// Environment overlays of a chart directory, relative paths, sorted:
/// `values-*.yaml`, `values/*.yaml`, `ci/*-values.yaml` (and `.yml`).
pub fn overlays(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let yaml = |n: &str| n.ends_with(".yaml") || n.ends_with(".yml");
    let list = |sub: &str| -> Vec<String> {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            return Vec::new();
        };
        rd.filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect()
    };
    for n in list(".") {
        if n.starts_with("values-") && yaml(&n) {
            out.push(n);
        }
    }
    for n in list("values") {
        if yaml(&n) {
            out.push(format!("values/{n}"));
        }
    }
    for n in list("ci") {
        if yaml(&n) && (n.contains("-values.") || n.starts_with("values")) {
            out.push(format!("ci/{n}"));
        }
    }
    out.sort();
    out
}

/// Is this overlay a production one (`values-prod*.yaml`,
/// `values-production.yaml`, `values/prod*.yaml`)?
pub fn is_production_overlay(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.starts_with("values-prod") || lower.starts_with("values/prod")
}

/// One render of a chart with one values file.
pub struct Render {
    /// `values.yaml` or the overlay's relative path.
    pub values: String,
    pub result: Result<Vec<RenderedFile>, plimsoll_helm::RenderError>,
}

/// Kubernetes rules not run on rendered charts: the release namespace is
/// chosen at install time and the chart does not own it (K8S100 missing
/// namespace, K8S062 namespace without a default-deny NetworkPolicy); a
/// rendered Secret's data comes from values or is generated at install time,
/// it is not committed (K8S055).
const NOT_FOR_CHARTS: &[&str] = &["K8S100", "K8S062", "K8S055"];

/// The namespace charts are rendered in.
pub const RELEASE_NAMESPACE: &str = "release-namespace";

/// Stack of the render threads: reserved, not committed (templates may nest
/// `include` as deep as Helm allows).
const RENDER_STACK: usize = 1 << 30;

/// Renders, checks and maps back every chart of the run.
pub fn check_charts(files: &[ParsedFile]) -> Vec<Finding> {
    let charts = charts(files);
    if charts.is_empty() {
        return Vec::new();
    }
    let index: HashMap<&OsStr, &ParsedFile> = files
        .iter()
        .map(|f| (f.source.path().as_os_str(), f))
        .collect();
    charts
        .par_iter()
        .flat_map_iter(|c| {
            std::thread::scope(|s| {
                std::thread::Builder::new()
                    .name("plimsoll-helm".into())
                    .stack_size(RENDER_STACK)
                    .spawn_scoped(s, || check_chart(c, &index))
                    .ok()
                    .and_then(|h| h.join().ok())
                    .unwrap_or_default()
            })
        })
        .collect()
}

fn load_values(path: &Path) -> Result<Map, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    match serial::from_yaml(&text) {
        Ok(Value::Map(m)) => Ok(m.borrow().clone()),
        Ok(Value::Nil) => Ok(Map::new()),
        Ok(_) => Err("values must be a mapping".into()),
        Err(e) => Err(e),
    }
}

/// Every render of one chart (values.yaml first, then each overlay).
pub fn render_all(dir: &Path) -> Result<Vec<Render>, String> {
    let loaded = chart::load(dir).map_err(|e| e.0)?;
    if loaded.library {
        return Ok(Vec::new());
    }
    let opts = RenderOptions {
        record_segments: true,
        fixed_env: Some((0, 1)),
        // Not `default`: the namespace is chosen at install time, so the
        // default-namespace rule must not fire on `.Release.Namespace`.
        namespace: RELEASE_NAMESPACE.into(),
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    let mut names = vec!["values.yaml".to_string()];
    names.extend(overlays(dir));
    for (i, name) in names.into_iter().enumerate() {
        let user = if i == 0 {
            Ok(Map::new())
        } else {
            load_values(&dir.join(&name))
        };
        let result = match user {
            Err(e) => Err(plimsoll_helm::RenderError::Chart(format!(
                "cannot read values file: {e}"
            ))),
            Ok(user) => {
                let mut c = loaded.clone();
                plimsoll_helm::helm::prepare(&mut c, &user)
                    .and_then(|vals| plimsoll_helm::helm::render_chart(&c, vals, &opts))
            }
        };
        out.push(Render {
            values: name,
            result,
        });
    }
    Ok(out)
}

/// `chart/templates/x.yaml` (a template name) → the displayed path of that
/// file under the chart directory.
fn template_path(display_dir: &Path, name: &str) -> PathBuf {
    let rest = name.split_once('/').map_or(name, |(_, r)| r);
    display_dir.join(rest)
}

/// The (template name, line, column) an error message points at.
fn error_origin(message: &str) -> Option<(String, usize, usize)> {
    static RE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"([A-Za-z0-9_.\-/]+/templates/[^:\s()]+):(\d+)(?::(\d+))?").ok()
    });
    let caps = RE.as_ref()?.captures(message)?;
    let col = caps
        .get(3)
        .and_then(|c| c.as_str().parse().ok())
        .unwrap_or(1);
    Some((
        caps.get(1)?.as_str().to_string(),
        caps.get(2)?.as_str().parse().ok()?,
        col,
    ))
}

fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_chart(c: &ChartDir<'_>, index: &HashMap<&OsStr, &ParsedFile>) -> Vec<Finding> {
    let mut out = Vec::new();
    let chart_name = c.display_dir.file_name().map_or_else(
        || c.display_dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let error = |out: &mut Vec<Finding>,
                 file: &ParsedFile,
                 (line, col): (usize, usize),
                 message: String| {
        let line_span = file.source.line_span(line.max(1));
        let start = (line_span.start + col.saturating_sub(1)).min(line_span.end);
        let span = Span::new(start, line_span.end);
        let mut d = crate::rule::Diagnostics::new(&ChartRenderError::META, &file.source, out);
        d.add(span, message)
            .help("Fix the template or the values file so that `helm template` succeeds with it");
    };
    let timing = timing_enabled();
    let started = std::time::Instant::now();
    let renders = match render_all(&c.fs_dir) {
        Ok(r) => r,
        Err(e) => {
            error(
                &mut out,
                c.chart_yaml,
                (1, 1),
                format!("chart `{}` cannot be loaded: {}", chart_name, one_line(&e)),
            );
            return out;
        }
    };
    let rendered_at = std::time::Instant::now();
    let settings = Arc::clone(&c.chart_yaml.settings);
    let mut seen: HashSet<(&'static str, PathBuf, usize, String)> = HashSet::new();
    // (code, template, line) reported by an earlier values file: the same
    // finding from a later one (object names may differ) is not repeated.
    let mut earlier: HashSet<(&'static str, PathBuf, usize)> = HashSet::new();
    // Rendered files parsed by an earlier render, by path: overlays usually
    // change a few objects, the other files render to the same text (and
    // keep their parse and schema checks).
    let mut parsed_before: HashMap<PathBuf, Vec<Rc<ParsedFile>>> = HashMap::new();
    for (i, render) in renders.iter().enumerate() {
        if repeats_earlier_render(&renders[..i], render) {
            // Its findings would all be repeats: same text, same origins.
            continue;
        }
        let mut this: HashSet<(&'static str, PathBuf, usize)> = HashSet::new();
        let files = match &render.result {
            Err(e) => {
                let text = e.to_string();
                let target = error_origin(&text).and_then(|(name, line, col)| {
                    let p = template_path(&c.display_dir, &name);
                    index.get(p.as_os_str()).map(|f| (*f, (line, col)))
                });
                let (file, (line, col)) = target.unwrap_or((c.chart_yaml, (1, 1)));
                let message = format!(
                    "chart `{}` does not render with {}: {}",
                    chart_name,
                    render.values,
                    one_line(&text)
                );
                if seen.insert((
                    ChartRenderError::META.code,
                    file.source.path().as_ref().clone(),
                    line,
                    one_line(&text),
                )) {
                    error(&mut out, file, (line, col), message);
                }
                continue;
            }
            Ok(files) => files,
        };
        let rendered: Vec<(&RenderedFile, PathBuf)> = files
            .iter()
            .filter(|f| !f.name.ends_with("NOTES.txt") && !f.output.text.trim().is_empty())
            .filter_map(|f| {
                let p = template_path(&c.display_dir, &f.name);
                index.contains_key(p.as_os_str()).then_some((f, p))
            })
            .collect();
        let parsed: Vec<Rc<ParsedFile>> = rendered
            .iter()
            .map(|(f, p)| {
                let before = parsed_before.entry(p.clone()).or_default();
                if let Some(same) = before
                    .iter()
                    .find(|b| b.source.text() == f.output.text.as_str())
                {
                    return Rc::clone(same);
                }
                let new = Rc::new(ParsedFile::from_text(
                    p.clone(),
                    FileKind::Yaml,
                    f.output.text.clone(),
                    Arc::clone(&settings),
                ));
                before.push(Rc::clone(&new));
                new
            })
            .collect();
        let parsed: Vec<&ParsedFile> = parsed.iter().map(|p| &**p).collect();
        let mut found = crate::engine::lint_rendered(&parsed);
        let own = rendered::check(&parsed, is_production_overlay(&render.values));
        for (all, extra) in found.iter_mut().zip(own) {
            all.extend(extra);
        }
        for (((rf, path), _), findings) in rendered.iter().zip(&parsed).zip(found) {
            for f in findings {
                if NOT_FOR_CHARTS.contains(&f.rule.code) {
                    continue;
                }
                let origin = origin(&rf.output, f.location.span.start).and_then(|(name, line)| {
                    let p = template_path(&c.display_dir, &name);
                    index.get(p.as_os_str()).map(|t| (*t, line))
                });
                let (template, line) = match origin {
                    Some(o) => o,
                    None => match index.get(path.as_os_str()) {
                        Some(t) => (*t, 1),
                        None => continue,
                    },
                };
                if template_comment_ignores(template, line, f.rule.code) {
                    continue;
                }
                let path = template.source.path().as_ref().clone();
                if earlier.contains(&(f.rule.code, path.clone(), line))
                    || !seen.insert((f.rule.code, path.clone(), line, f.message.clone()))
                {
                    continue;
                }
                this.insert((f.rule.code, path, line));
                let keys = values_keys_in(&rf.output, f.location.span);
                out.push(map_finding(f, template, line, &render.values, &keys));
            }
        }
        earlier.extend(this);
    }
    if timing {
        eprintln!(
            "plimsoll: helm timing: {}: {} renders in {:.1} ms, checked in {:.1} ms",
            c.display_dir.display(),
            renders.len(),
            (rendered_at - started).as_secs_f64() * 1e3,
            rendered_at.elapsed().as_secs_f64() * 1e3,
        );
    }
    out
}

/// `PLIMSOLL_HELM_TIMING=1`: print per chart how long rendering and checking
/// took (stderr), to profile chart checks.
fn timing_enabled() -> bool {
    std::env::var_os("PLIMSOLL_HELM_TIMING").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Does `render` print exactly what an earlier render printed, every byte
/// from the same template node (so its findings map to the same places),
/// and is it checked the same way (production overlay or not)? Its findings
/// would then all repeat earlier ones, which are never reported twice.
fn repeats_earlier_render(earlier: &[Render], render: &Render) -> bool {
    let Ok(files) = &render.result else {
        return false;
    };
    let production = is_production_overlay(&render.values);
    earlier.iter().any(|e| {
        is_production_overlay(&e.values) == production
            && e.result.as_ref().is_ok_and(|other| {
                other.len() == files.len()
                    && other
                        .iter()
                        .zip(files)
                        .all(|(a, b)| a.name == b.name && same_output(&a.output, &b.output))
            })
    })
}

fn same_output(a: &plimsoll_helm::exec::Output, b: &plimsoll_helm::exec::Output) -> bool {
    a.text == b.text
        && a.segments.len() == b.segments.len()
        && a.segments.iter().zip(&b.segments).all(|(x, y)| {
            x.out == y.out
                && x.pos == y.pos
                && x.values_key == y.values_key
                && (Rc::ptr_eq(&x.source, &y.source)
                    || (x.source.name == y.source.name && x.source.text == y.source.text))
        })
}

/// The template (name, line) that wrote rendered byte `offset`. A segment
/// gives the writing node; inside verbatim template text the rendered line is
/// looked up in the node's source (a text node spans many lines), else the
/// node's own line is used (actions, `include` call sites).
pub fn origin(
    out: &plimsoll_helm::exec::Output,
    offset: usize,
) -> Option<(std::rc::Rc<str>, usize)> {
    let o = u32::try_from(offset).ok()?;
    let idx = out.segments.partition_point(|s| s.out <= o);
    let seg = out.segments.get(idx.checked_sub(1)?)?;
    let src = &seg.source;
    let node_line = src.line_col(seg.pos).0;
    let name = src.name.clone();
    let text = out.text.as_str();
    let seg_out = seg.out as usize;
    let seg_end = out.segments.get(idx).map_or(text.len(), |n| n.out as usize);
    let found = (|| {
        let before = text.get(..offset)?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1).max(seg_out);
        let after = text.get(offset..)?;
        let line_end = after
            .find('\n')
            .map_or(text.len(), |i| offset + i)
            .min(seg_end);
        let needle = text.get(line_start..line_end)?.trim();
        if needle.is_empty() {
            return None;
        }
        let window = (seg_end.saturating_sub(seg_out)).saturating_add(1024);
        let from = seg.pos as usize;
        let hay_end = from.saturating_add(window).min(src.text.len());
        let hay = src
            .text
            .get(from..hay_end)
            .or_else(|| src.text.get(from..))?;
        let i = hay.find(needle)?;
        Some(src.line_col(u32::try_from(from + i).ok()?).0)
    })();
    Some((name, found.unwrap_or(node_line)))
}

/// The `.Values` keys printed by plain `{{ .Values.x }}` actions inside
/// the rendered `span`, in order, without repeats.
fn values_keys_in(out: &plimsoll_helm::exec::Output, span: Span) -> Vec<std::rc::Rc<str>> {
    let (Ok(start), Ok(end)) = (
        u32::try_from(span.start),
        u32::try_from(span.end.max(span.start + 1)),
    ) else {
        return Vec::new();
    };
    let first = out
        .segments
        .partition_point(|s| s.out <= start)
        .saturating_sub(1);
    let mut keys: Vec<std::rc::Rc<str>> = Vec::new();
    for seg in out.segments.get(first..).unwrap_or_default() {
        if seg.out >= end {
            break;
        }
        if let Some(k) = &seg.values_key
            && !keys.contains(k)
        {
            keys.push(k.clone());
        }
    }
    keys
}

/// Does a Go template comment `{{/* plimsoll: ignore[CODE] */}}` on `line`,
/// or alone on the nearest non-blank line above it, cover `code`? Codes
/// match exactly or by prefix (`K8S`, `K8S0`). (YAML comment lines,
/// `# plimsoll: ignore[...]`, go through the usual suppressions instead.)
fn template_comment_ignores(template: &ParsedFile, line: usize, code: &str) -> bool {
    let covers = |text: &str| {
        let Some(i) = text.find("{{") else {
            return false;
        };
        let rest = &text[i..];
        let Some(body) = rest.find("/*").map(|j| &rest[j..]) else {
            return false;
        };
        let Some(list) = body
            .find("plimsoll: ignore[")
            .map(|j| &body[j + "plimsoll: ignore[".len()..])
            .and_then(|l| l.split_once(']').map(|(a, _)| a))
        else {
            return false;
        };
        list.split(',')
            .map(str::trim)
            .any(|c| !c.is_empty() && code.starts_with(c))
    };
    let src = &template.source;
    if covers(src.line_text(line)) {
        return true;
    }
    let above = (1..line)
        .rev()
        .map(|l| src.line_text(l))
        .find(|t| !t.trim().is_empty());
    above.is_some_and(|t| t.trim_start().starts_with("{{") && covers(t))
}

/// A finding on rendered output moved to template `line`, naming the
/// values file and, when plain `{{ .Values.x }}` actions printed the
/// offending text, the values keys to change; fixes and related locations (which
/// point into the rendered text) are dropped.
fn map_finding(
    mut f: Finding,
    template: &ParsedFile,
    line: usize,
    values: &str,
    values_keys: &[std::rc::Rc<str>],
) -> Finding {
    let span = template.source.line_span(line.max(1));
    let text = span.slice(template.source.text());
    let lead = text.len() - text.trim_start().len();
    let span = Span::new(span.start + lead, span.end.max(span.start + lead));
    f.location = template.source.location(span);
    f.message = if values_keys.is_empty() {
        format!("{} (rendered with {values})", f.message)
    } else {
        let keys: Vec<String> = values_keys
            .iter()
            .map(|k| format!("`.Values.{k}`"))
            .collect();
        format!(
            "{} (rendered with {values}; from {})",
            f.message,
            keys.join(", ")
        )
    };
    f.fixes.clear();
    f.related.clear();
    f.sensitive = None;
    f
}
