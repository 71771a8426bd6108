//! Findings about plimsoll's own inputs. PL001–PL003 have no hooks: the
//! engine reports them (a crashed rule, an unreadable file, an unused
//! suppression) under their codes so they can be selected and suppressed
//! like any other. The YAML rules (`yaml.rs`) check any YAML file.

mod yaml;

use crate::declare_rule;
use crate::rule::Rule;

declare_rule! {
    /// ## What it does
    /// Reports a rule that failed while checking a file.
    ///
    /// ## Why is this bad?
    /// A crashed rule checked nothing, so the file may hide problems that rule
    /// would have found. plimsoll keeps going with the other rules and files
    /// and reports the crash here so it is never silent.
    ///
    /// ## Example
    /// ```text
    /// Dockerfile:1:1: PL001 [error] rule DF011 failed on this file: index out of bounds
    /// ```
    ///
    /// ## Use instead
    /// Report the file and message to the plimsoll maintainers. Meanwhile the
    /// rule can be ignored for that file with `per-file-ignores`.
    ///
    /// ## References
    /// - Practice G07 (tooling that never silently drops work).
    pub struct InternalError {
        code: "PL001",
        name: "internal-error",
        summary: "A rule failed while checking this file",
        severity: Error,
        category: Correctness,
        practices: ["G07"],
        peers: [],
        fix: None,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports suppression comments that suppress nothing: `# plimsoll:
    /// ignore[CODE]` where no finding of CODE is on the line it covers, and
    /// codes that name no rule.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and an
    /// unknown code suggests a typo that suppresses nothing at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// # plimsoll: ignore[DF009] pinned upstream
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the unused code, or the whole comment when no code in
    /// it is used. It is safe: the comment has no effect.
    ///
    /// Only plimsoll's own comments are checked. `# hadolint ignore=` and
    /// `# check=skip=` also serve other tools, so plimsoll honours them for
    /// its mapped rules but never reports them as unused.
    ///
    /// ## References
    /// - Practice G07.
    pub struct UnusedSuppression {
        code: "PL002",
        name: "unused-suppression",
        summary: "Suppression comment suppresses nothing",
        severity: Warning,
        category: BestPractice,
        practices: ["G07"],
        peers: [],
        fix: Always,
        default: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports files that could not be read or decoded: permission errors,
    /// files over `max-file-size`, and files that are not valid UTF-8.
    ///
    /// ## Why is this bad?
    /// A file plimsoll cannot read is a file it cannot check. Files that are
    /// not UTF-8 are checked after lossy decoding, but fixes are never written
    /// to them.
    ///
    /// ## Example
    /// ```text
    /// Dockerfile:1:1: PL003 [warning] file is not valid UTF-8 (first bad byte at offset 120)
    /// ```
    ///
    /// ## Use instead
    /// Save the file as UTF-8, fix its permissions, or raise `max-file-size`.
    ///
    /// ## References
    /// - Practice G07.
    pub struct UnreadableFile {
        code: "PL003",
        name: "unreadable-file",
        summary: "File could not be read or decoded",
        severity: Warning,
        category: Correctness,
        practices: ["G07"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for InternalError {}
impl Rule for UnusedSuppression {}
impl Rule for UnreadableFile {}

pub use yaml::{DuplicateYamlKey, InvalidYaml, YamlAliasBomb};

pub static RULES: &[&dyn Rule] = &[
    &InternalError,
    &UnusedSuppression,
    &UnreadableFile,
    &InvalidYaml,
    &DuplicateYamlKey,
    &YamlAliasBomb,
];
