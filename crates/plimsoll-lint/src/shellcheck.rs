//! ShellCheck, when it is installed: scripts of CI files are checked by
//! the `shellcheck` program found on `PATH` (looked up once per process).
//! Without it nothing is reported. A script is assembled from one or more
//! scalars ([`Script`]), fed on stdin (`--format=json1`, `--norc`), and each
//! comment is mapped back to the file through the scalars'
//! [`ScalarText`] maps; a comment whose span does not map verbatim is
//! reported at the first line of its scalar.
//!
//! A failing, crashing or hanging ShellCheck (killed after [`TIMEOUT`])
//! yields no comments, never an error.

use crate::github::exprs::ScalarText;
use plimsoll_diagnostics::{Severity, Span};
use serde::Deserialize;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one ShellCheck run may take before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Comments that GitHub Actions and GitLab CI make meaningless for every
/// script: sourced files are not at hand on stdin (SC1090, SC1091), the CI
/// system sets variables the script does not (SC2154), and scripts run
/// with `-e`, so a failing `cd` stops them (SC2164).
pub const ALWAYS_EXCLUDED: [u32; 4] = [1090, 1091, 2154, 2164];

/// Comments about constant words (`[ -z "X" ]`, `case X in`, `for x in X`)
/// that a placeholder for a `${{ }}` template provokes: dropped on lines
/// holding a template.
const PLACEHOLDER_CODES: [u32; 5] = [2043, 2050, 2157, 2193, 2194];

/// The `shellcheck` executable on `PATH`, if any (looked up once).
pub fn binary() -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| find_on_path("shellcheck")).as_deref()
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(&exe))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The shell dialect ShellCheck is told (`--shell`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Bash,
    Sh,
    Dash,
    Ksh,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Bash => "bash",
            Dialect::Sh => "sh",
            Dialect::Dash => "dash",
            Dialect::Ksh => "ksh",
        }
    }

    /// The dialect of a program name (`/bin/bash`, `sh`); `None` for
    /// shells ShellCheck does not know (zsh, fish, pwsh...).
    pub fn of_program(program: &str) -> Option<Dialect> {
        let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
        let name = name.strip_suffix(".exe").unwrap_or(name);
        match name {
            "bash" => Some(Dialect::Bash),
            "sh" | "ash" => Some(Dialect::Sh),
            "dash" => Some(Dialect::Dash),
            "ksh" => Some(Dialect::Ksh),
            _ => None,
        }
    }
}

/// One ShellCheck comment (json1), positions 1-based, columns in
/// characters, end column exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub line: usize,
    pub end_line: usize,
    pub column: usize,
    pub end_column: usize,
    pub level: String,
    pub code: u32,
    pub message: String,
}

impl Comment {
    /// Error → Error, warning → Warning, info and style → Info.
    pub fn severity(&self) -> Severity {
        match self.level.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        }
    }

    /// `SC2086: Double quote to prevent globbing and word splitting`.
    pub fn title(&self) -> String {
        let message = self.message.trim().trim_end_matches('.').trim_end();
        format!("SC{:04}: {message}", self.code)
    }

    /// The ShellCheck wiki page of the code.
    pub fn wiki(&self) -> String {
        format!("https://www.shellcheck.net/wiki/SC{:04}", self.code)
    }
}

#[derive(Deserialize)]
struct Json1 {
    comments: Vec<Comment>,
}

/// The comments of ShellCheck's `--format=json1` output (none when it is
/// not that format).
pub fn parse_json1(output: &str) -> Vec<Comment> {
    serde_json::from_str::<Json1>(output.trim()).map_or_else(|_| Vec::new(), |j| j.comments)
}

/// Runs ShellCheck on `script`; no comments when it is absent, fails or
/// times out.
pub fn run(script: &str, dialect: Dialect, exclude: &[u32]) -> Vec<Comment> {
    let Some(bin) = binary() else {
        return Vec::new();
    };
    let mut cmd = Command::new(bin);
    cmd.arg("--format=json1")
        .arg("--norc")
        .arg(format!("--shell={}", dialect.as_str()));
    if !exclude.is_empty() {
        let codes: Vec<String> = exclude.iter().map(|c| format!("SC{c:04}")).collect();
        cmd.arg(format!("--exclude={}", codes.join(",")));
    }
    cmd.arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let Ok(mut child) = cmd.spawn() else {
        return Vec::new();
    };
    // Feed stdin and drain stdout on their own threads: either pipe may
    // fill up while the other waits.
    let input = script.to_owned();
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(input.as_bytes());
        }
    });
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        if let Some(stdout) = stdout {
            let _ = stdout.take(64 << 20).read_to_string(&mut out);
        }
        out
    });
    let deadline = Instant::now() + TIMEOUT;
    let mut pause = Duration::from_millis(1);
    let finished = loop {
        match child.try_wait() {
            Ok(Some(_)) => break true,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break false;
            }
        }
    };
    let _ = writer.join();
    let output = reader.join().unwrap_or_default();
    if finished {
        parse_json1(&output)
    } else {
        Vec::new()
    }
}

/// A script assembled from scalars joined by newlines (GitLab runs the
/// lines of a `script:` in one shell; a `run:` is one scalar).
#[derive(Debug, Default)]
pub struct Script {
    /// What ShellCheck reads: templates replaced by `X`s of the same length.
    pub text: String,
    /// The scalars' values as written.
    original: String,
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Piece {
    /// Offset of the scalar's value in `text`.
    start: usize,
    scalar: ScalarText,
    /// Where to report a comment that does not map verbatim.
    fallback: Span,
}

impl Script {
    /// Appends a scalar (a newline first when the script is not empty);
    /// `blanked` is its value with templates replaced (same length).
    pub fn push(&mut self, scalar: ScalarText, blanked: &str, file_text: &str) {
        if blanked.len() != scalar.value.len() {
            return;
        }
        if !self.pieces.is_empty() {
            self.text.push('\n');
            self.original.push('\n');
        }
        let start = self.text.len();
        self.text.push_str(blanked);
        self.original.push_str(&scalar.value);
        let fallback = first_line(file_text, &scalar);
        self.pieces.push(Piece {
            start,
            scalar,
            fallback,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty() || self.text.trim().is_empty()
    }

    /// Runs ShellCheck and returns the comments with their file spans,
    /// in script order.
    pub fn check(
        &self,
        file_text: &str,
        dialect: Dialect,
        exclude: &[u32],
    ) -> Vec<(Span, Comment)> {
        if self.is_empty() || binary().is_none() {
            return Vec::new();
        }
        let comments = run(&self.text, dialect, exclude);
        self.locate_all(file_text, comments)
    }

    /// File spans of `comments` (ShellCheck's output for `text`), dropping
    /// placeholder artefacts.
    pub fn locate_all(&self, file_text: &str, comments: Vec<Comment>) -> Vec<(Span, Comment)> {
        let mut out: Vec<(Span, Comment)> = comments
            .into_iter()
            .filter(|c| !self.placeholder_artefact(c))
            .filter_map(|c| Some((self.locate(file_text, &c)?, c)))
            .collect();
        out.sort_by_key(|(s, c)| (s.start, s.end, c.code));
        out.dedup_by(|a, b| a.0 == b.0 && a.1.code == b.1.code);
        out
    }

    fn placeholder_artefact(&self, c: &Comment) -> bool {
        PLACEHOLDER_CODES.contains(&c.code)
            && (c.line..=c.end_line.max(c.line)).any(|l| {
                line_range(&self.original, l)
                    .and_then(|r| self.original.get(r))
                    .is_some_and(|t| t.contains("${{"))
            })
    }

    /// The file span of a comment: exact when the value's bytes map to
    /// the same bytes of the file, else the first line of its scalar.
    pub fn locate(&self, file_text: &str, c: &Comment) -> Option<Span> {
        let start = offset(&self.text, c.line, c.column)?;
        let end = offset(&self.text, c.end_line, c.end_column)
            .filter(|&e| e >= start)
            .unwrap_or(start);
        let idx = self
            .pieces
            .partition_point(|p| p.start <= start)
            .checked_sub(1)?;
        let piece = self.pieces.get(idx)?;
        let len = piece.scalar.value.len();
        let (s, e) = (start - piece.start, (end - piece.start).min(len));
        if s > len {
            return Some(piece.fallback);
        }
        // A point (SC1083 `{` is literal) covers the character there.
        let e = if e == s {
            piece
                .scalar
                .value
                .get(s..)
                .and_then(|r| r.chars().next())
                .filter(|&ch| ch != '\n')
                .map_or(e, |ch| s + ch.len_utf8())
        } else {
            e
        };
        let span = piece.scalar.span(Span::new(s, e));
        let exact = e > s
            && piece.scalar.value.get(s..e).is_some()
            && file_text.get(span.start..span.end) == piece.scalar.value.get(s..e);
        Some(if exact { span } else { piece.fallback })
    }
}

/// The first line of a scalar's value in the file (after a block
/// scalar's header), trimmed.
fn first_line(file_text: &str, scalar: &ScalarText) -> Span {
    let first = scalar.value.lines().next().unwrap_or("");
    let trimmed = first.trim_start();
    let lead = first.len() - trimmed.len();
    let trimmed = trimmed.trim_end();
    if !trimmed.is_empty() {
        let span = scalar.span(Span::new(lead, lead + trimmed.len()));
        if span.end <= file_text.len() && span.start < span.end {
            // Folded or escaped text may not map verbatim: keep the line.
            let line_end = file_text[span.start..]
                .find('\n')
                .map_or(file_text.len(), |i| span.start + i);
            return Span::new(span.start, span.end.min(line_end).max(span.start));
        }
    }
    let start = scalar.span(Span::new(0, 0)).start.min(file_text.len());
    Span::new(start, start)
}

/// The byte range of 1-based line `line` of `text` (without its newline).
fn line_range(text: &str, line: usize) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.find('\n')? + 1;
    }
    let end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    Some(start..end)
}

/// The byte offset of a 1-based (line, column in characters) position;
/// a column past the end of the line is the line's end.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let range = line_range(text, line)?;
    let line_text = text.get(range.clone())?;
    let n = column.checked_sub(1)?;
    Some(
        line_text
            .char_indices()
            .nth(n)
            .map_or(range.end, |(i, _)| range.start + i),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_syntax::yaml::YamlFile;

    fn script_of(text: &str, keys: &[&str]) -> Script {
        let yaml = YamlFile::parse(text);
        let root = yaml.documents[0].root.unwrap();
        let mut script = Script::default();
        for key in keys {
            let node = yaml.get(root, key).unwrap();
            let st = ScalarText::new(&yaml, text, node).unwrap();
            let blanked = crate::github::exprs::blank_templates(&st.value);
            script.push(st, &blanked, text);
        }
        script
    }

    fn comment(line: usize, column: usize, end_column: usize, code: u32) -> Comment {
        Comment {
            line,
            end_line: line,
            column,
            end_column,
            level: "info".into(),
            code,
            message: "Double quote to prevent globbing and word splitting.".into(),
        }
    }

    #[test]
    fn parses_json1_and_maps_block_scalars() {
        let text = "run: |\n  echo hi\n  é ${{ x }} $a\n";
        let script = script_of(text, &["run"]);
        assert_eq!(script.text, "echo hi\né XXXXXXXX $a\n");
        let out = r#"{"comments":[{"file":"-","line":2,"endLine":2,"column":12,"endColumn":14,
            "level":"info","code":2086,"message":"Double quote to prevent globbing and word splitting.","fix":null}]}"#;
        let comments = parse_json1(out);
        assert_eq!(comments, vec![comment(2, 12, 14, 2086)]);
        let located = script.locate_all(text, comments);
        let (span, c) = &located[0];
        assert_eq!(&text[span.start..span.end], "$a");
        assert_eq!(
            c.title(),
            "SC2086: Double quote to prevent globbing and word splitting"
        );
        assert_eq!(c.wiki(), "https://www.shellcheck.net/wiki/SC2086");
        assert_eq!(c.severity(), Severity::Info);
        assert!(parse_json1("not json").is_empty());
    }

    #[test]
    fn maps_quoted_scalars_and_falls_back_when_inexact() {
        let text = "run: \"echo \\\"x\\\" $a\"\n";
        let script = script_of(text, &["run"]);
        assert_eq!(script.text, "echo \"x\" $a");
        let (span, _) = script.locate_all(text, vec![comment(1, 10, 12, 2086)])[0].clone();
        assert_eq!(&text[span.start..span.end], "$a");
        // A span across the escapes does not map verbatim: first line.
        let (span, _) = script.locate_all(text, vec![comment(1, 6, 9, 2086)])[0].clone();
        assert_eq!(&text[span.start..span.end], "echo \\\"x\\\" $a");
        // A point covers the character there.
        let (span, _) = script.locate_all(text, vec![comment(1, 10, 10, 1083)])[0].clone();
        assert_eq!(&text[span.start..span.end], "$");
    }

    #[test]
    fn joins_pieces_and_drops_placeholder_artefacts() {
        let text = "a: cd $d\nb: '[ -z \"${{ x }}\" ] && echo $b'\n";
        let script = script_of(text, &["a", "b"]);
        assert_eq!(script.text, "cd $d\n[ -z \"XXXXXXXX\" ] && echo $b");
        let located = script.locate_all(
            text,
            vec![
                comment(1, 4, 6, 2086),
                comment(2, 6, 16, 2157),
                comment(2, 27, 29, 2086),
            ],
        );
        let spans: Vec<_> = located
            .iter()
            .map(|(s, c)| (&text[s.start..s.end], c.code))
            .collect();
        assert_eq!(spans, vec![("$d", 2086), ("$b", 2086)]);
    }

    #[test]
    fn dialects_and_offsets() {
        assert_eq!(Dialect::of_program("/usr/bin/bash"), Some(Dialect::Bash));
        assert_eq!(Dialect::of_program("pwsh"), None);
        assert_eq!(offset("ab\ncd", 2, 2), Some(4));
        assert_eq!(offset("ab\ncd", 2, 9), Some(5));
        assert_eq!(offset("ab\ncd", 3, 1), None);
    }
}
