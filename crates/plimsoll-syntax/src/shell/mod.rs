//! Shell scripts (`RUN`, `CMD`, `HEALTHCHECK` in shell form) split into
//! simple commands with source spans.
//!
//! Parsing uses brush-parser; when it cannot parse a script (Windows
//! `cmd`/PowerShell, broken quoting) the script is split into words and
//! commands at `&&`, `||`, `;`, `|`, `&` and newlines instead, so rules still
//! see commands.

mod brush;
pub mod downloads;
mod fallback;
mod unquote;

use crate::SourceMap;
use plimsoll_diagnostics::Span;

pub use brush::in_third_party_parser;
pub use unquote::unquote;

/// A parsed shell script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command in source order, including those nested in
    /// `if`, loops, subshells and brace groups.
    pub commands: Vec<SimpleCommand>,
    /// Pipelines of two or more commands.
    pub pipelines: Vec<Pipeline>,
    /// Set when brush-parser rejected the script and the fallback split it.
    pub parse_error: Option<String>,
    /// Assignments that stand alone as commands (`deps='a b'`), in order,
    /// so rules can see what `$deps` holds.
    pub assignments: Vec<ShellWord>,
}

/// `a | b | c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub span: Span,
    /// Number of stages in the pipeline.
    pub len: usize,
}

/// A command word or argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// The word with quotes removed (expansions such as `$VAR` kept as written).
    pub value: String,
    /// The word as written.
    pub raw: String,
    /// Source span of `raw`.
    pub span: Span,
}

/// Where a command sits in a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelinePosition {
    /// Index into [`Script::pipelines`].
    pub pipeline: usize,
    /// 0 for the first stage.
    pub position: usize,
}

/// `NAME=value cmd arg...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub assignments: Vec<ShellWord>,
    pub name: ShellWord,
    pub args: Vec<ShellWord>,
    pub span: Span,
    pub pipeline: Option<PipelinePosition>,
    /// Started with `&`.
    pub background: bool,
}

/// Commands run through these keep their own name as the first argument.
const WRAPPERS: [&str; 9] = [
    "sudo", "env", "exec", "nohup", "time", "command", "nice", "ionice", "gosu",
];

impl Script {
    /// Parses `text`; `map` turns offsets in `text` into source offsets.
    pub fn parse(text: &str, map: &SourceMap) -> Script {
        match brush::parse(text, map) {
            Ok(script) => script,
            Err(message) => {
                let mut script = fallback::split(text, map);
                script.parse_error = Some(message);
                script
            }
        }
    }

    /// Each command seen through wrappers such as `sudo` and `env`.
    pub fn command_views(&self) -> impl Iterator<Item = CommandView<'_>> {
        self.commands.iter().map(SimpleCommand::effective)
    }

    /// Commands named `name` (seen through wrappers).
    pub fn commands_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = CommandView<'a>> + 'a {
        self.command_views().filter(move |c| c.name() == name)
    }

    pub fn has_pipe(&self) -> bool {
        !self.pipelines.is_empty()
    }

    /// The value of a variable assigned earlier in the script (the last
    /// standalone assignment before `before`), if the script sets it.
    pub fn variable(&self, name: &str, before: usize) -> Option<&str> {
        self.assignments
            .iter()
            .filter(|a| a.span.start < before)
            .filter_map(|a| a.value.split_once('='))
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .next_back()
    }
}

impl SimpleCommand {
    /// The command seen through `sudo`, `env`, `exec`... with their options.
    pub fn effective(&self) -> CommandView<'_> {
        let mut view = CommandView {
            command: self,
            name: &self.name,
            args: &self.args,
        };
        for _ in 0..4 {
            if !WRAPPERS.contains(&view.name()) {
                break;
            }
            let wrapper = view.name().to_string();
            // Skip the wrapper's own options and, for env, assignments.
            let mut rest = view.args;
            while let Some((first, tail)) = rest.split_first() {
                let v = first.value.as_str();
                let is_option = v.starts_with('-') && v.len() > 1;
                let is_env_assignment = wrapper == "env" && v.contains('=');
                let is_gosu_user = wrapper == "gosu" && rest.len() == view.args.len();
                if is_option || is_env_assignment || is_gosu_user {
                    // `sudo -u user`, `nice -n 10`: options with a value.
                    let takes_value = matches!(
                        (wrapper.as_str(), v),
                        (
                            "sudo",
                            "-u" | "-g" | "-C" | "-D" | "-h" | "-p" | "-r" | "-t" | "-U"
                        ) | ("nice", "-n")
                            | ("ionice", "-c" | "-n")
                            | ("env", "-u" | "-C" | "-S")
                    );
                    rest = if takes_value && tail.len() > 1 {
                        &tail[1..]
                    } else {
                        tail
                    };
                    continue;
                }
                break;
            }
            let Some((name, args)) = rest.split_first() else {
                break;
            };
            view.name = name;
            view.args = args;
        }
        view
    }
}

/// A command name and its arguments, possibly inside a wrapper.
#[derive(Debug, Clone, Copy)]
pub struct CommandView<'a> {
    pub command: &'a SimpleCommand,
    pub name: &'a ShellWord,
    pub args: &'a [ShellWord],
}

impl<'a> CommandView<'a> {
    /// The command's base name: `/usr/bin/apt-get` is `apt-get`.
    pub fn name(&self) -> &'a str {
        basename(&self.name.value)
    }

    /// Span from the command name to its last argument.
    pub fn span(&self) -> Span {
        self.args
            .iter()
            .fold(self.name.span, |acc, w| acc.cover(w.span))
    }

    /// True when any argument is one of `flags`. Long flags match `--flag`
    /// and `--flag=value`; single-letter flags (`-y`) also match inside
    /// combined short options (`-qy`).
    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.find_flag(flags).is_some()
    }

    pub fn find_flag(&self, flags: &[&str]) -> Option<&'a ShellWord> {
        self.args
            .iter()
            .find(|w| word_matches_flag(&w.value, flags))
    }

    /// Arguments that are not options, skipping the value of every option in
    /// `options_with_value` (given as `-o` or `--option`).
    pub fn positionals(&self, options_with_value: &[&str]) -> Vec<&'a ShellWord> {
        let mut out = Vec::new();
        let mut skip_next = false;
        let mut after_double_dash = false;
        for w in self.args {
            if skip_next {
                skip_next = false;
                continue;
            }
            let v = w.value.as_str();
            if after_double_dash {
                out.push(w);
            } else if v == "--" {
                after_double_dash = true;
            } else if v.starts_with('-') && v.len() > 1 {
                skip_next = !v.contains('=') && options_with_value.contains(&v);
            } else {
                out.push(w);
            }
        }
        out
    }

    /// The first positional argument, e.g. `install` in `apt-get -y install x`.
    pub fn subcommand(&self, options_with_value: &[&str]) -> Option<&'a ShellWord> {
        self.positionals(options_with_value).into_iter().next()
    }

    /// Index in `args` of a given word.
    pub fn arg_index(&self, word: &ShellWord) -> Option<usize> {
        self.args.iter().position(|w| std::ptr::eq(w, word))
    }
}

/// The last path component of a command name, without scanning when there is no `/`.
fn basename(name: &str) -> &str {
    match name.as_bytes().iter().rposition(|&b| b == b'/') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// `-y` matches `-y` and `-qy`; `--yes` matches `--yes` and `--yes=true`.
pub fn word_matches_flag(word: &str, flags: &[&str]) -> bool {
    flags.iter().any(|flag| {
        if let Some(long) = flag.strip_prefix("--") {
            word.strip_prefix("--").is_some_and(|w| {
                w == long || w.strip_prefix(long).is_some_and(|r| r.starts_with('='))
            })
        } else if let Some(short) = flag.strip_prefix('-') {
            if short.len() == 1 {
                // Combined short options: `-qy`, and `-qO-` where `O` takes `-`.
                word.len() > 1
                    && word.starts_with('-')
                    && !word.starts_with("--")
                    && word[1..]
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .any(|c| short.starts_with(c))
            } else {
                word == *flag || word.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
            }
        } else {
            word == *flag
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Script {
        Script::parse(text, &SourceMap::identity(0, text.len()))
    }

    #[test]
    fn splits_lists_pipelines_and_compound_commands() {
        let s = parse(
            "set -e; apt-get update && apt-get install -y curl | tee x; if true; then rm -rf /x; fi",
        );
        let names: Vec<_> = s.command_views().map(|c| c.name()).collect();
        assert_eq!(names, ["set", "apt-get", "apt-get", "tee", "true", "rm"]);
        assert!(s.parse_error.is_none());
        assert_eq!(s.pipelines.len(), 1);
        assert_eq!(s.commands[2].pipeline.map(|p| p.position), Some(0));
        assert_eq!(s.commands[3].pipeline.map(|p| p.position), Some(1));
    }

    #[test]
    fn spans_point_into_the_source_through_the_map() {
        // Derived text "echo  hi" comes from source "echo \\\n hi" at offset 10.
        let mut map = SourceMap::default();
        map.push(10, 5);
        map.push(17, 3);
        let s = Script::parse("echo  hi", &map);
        assert_eq!(s.commands[0].args[0].span, Span::new(18, 20));
    }

    #[test]
    fn non_ascii_scripts_get_byte_spans() {
        let s = parse("echo 'é' && ls x");
        let ls = &s.commands[1];
        assert_eq!(ls.name.span, Span::new(13, 15));
        assert_eq!(s.commands[0].args[0].value, "é");
    }

    #[test]
    fn wrappers_are_seen_through() {
        let s = parse("sudo -u root env DEBIAN_FRONTEND=x apt-get install -y vim");
        let view = s.command_views().next().unwrap();
        assert_eq!(view.name(), "apt-get");
        assert_eq!(
            view.subcommand(&[]).map(|w| w.value.as_str()),
            Some("install")
        );
        assert!(view.has_flag(&["-y", "--yes"]));
    }

    #[test]
    fn flags_match_combined_short_options_and_long_values() {
        assert!(word_matches_flag("-qy", &["-y"]));
        assert!(!word_matches_flag("--yes-really", &["--yes"]));
        assert!(word_matches_flag("--progress=dot", &["--progress"]));
        assert!(!word_matches_flag("-", &["-y"]));
        assert!(word_matches_flag("-qO-", &["-q"]));
        assert!(!word_matches_flag("-O-", &["-q"]));
    }

    #[test]
    fn positionals_skip_option_values() {
        let s = parse("apt-get -o Dpkg::Options::=--force-confold install -t stable curl");
        let view = s.command_views().next().unwrap();
        let pos: Vec<_> = view
            .positionals(&["-o", "-t"])
            .iter()
            .map(|w| w.value.as_str())
            .collect();
        assert_eq!(pos, ["install", "curl"]);
    }

    #[test]
    fn unparseable_scripts_fall_back_to_word_splitting() {
        let s = parse("echo 'unterminated && apt-get install x");
        assert!(s.parse_error.is_some());
        assert_eq!(s.commands.len(), 1);
        let s = parse("cmd /S /C \"dir\" && powershell -Command $x = (Get-Item) | Out-Null ))");
        assert!(s.parse_error.is_some());
        assert_eq!(s.commands[0].name.value, "cmd");
        assert_eq!(s.commands[1].name.value, "powershell");
    }

    #[test]
    fn command_substitutions_are_parsed() {
        let text = "arch=\"$(dpkg --print-architecture | awk '{ print $1 }')\"; cd `ls -1 | head -1` && echo '$(not this)'";
        let s = parse(text);
        let names: Vec<_> = s.command_views().map(|c| c.name()).collect();
        assert_eq!(names, ["dpkg", "awk", "ls", "head", "cd", "echo"]);
        assert_eq!(s.pipelines.len(), 2);
        assert_eq!(s.commands[1].name.span.slice(text), "awk");
        assert_eq!(s.assignments.len(), 1);
    }

    #[test]
    fn standalone_assignments_are_kept_for_lookups() {
        let s = parse("deps='curl git'; apt-get install -y $deps");
        assert_eq!(s.variable("deps", usize::MAX), Some("curl git"));
        let s = parse("deps='a b' set -x && export more=c && apt-get install $deps $more");
        assert_eq!(s.variable("deps", usize::MAX), Some("a b"));
        assert_eq!(s.variable("more", usize::MAX), Some("c"));
        assert_eq!(s.variable("deps", 0), None);
        assert_eq!(s.variable("other", usize::MAX), None);
    }

    #[test]
    fn oversized_file_descriptors_go_to_the_fallback() {
        let s = parse("echo 99999999999>x && ls");
        assert!(s.parse_error.is_some());
        assert_eq!(s.commands.len(), 2);
    }

    #[test]
    fn absurd_nesting_goes_to_the_fallback() {
        let text = format!(
            "echo {}x{} && apt-get install y",
            "$(".repeat(200),
            ")".repeat(200)
        );
        let s = parse(&text);
        assert!(s.parse_error.is_some());
        assert!(s.command_views().any(|c| c.name() == "apt-get"));
    }

    #[test]
    fn heredoc_bodies_are_not_commands() {
        let s = parse("cat <<EOF > /etc/x\napt-get install y\nEOF\necho done");
        let names: Vec<_> = s.command_views().map(|c| c.name()).collect();
        assert_eq!(names, ["cat", "echo"]);
    }
}
