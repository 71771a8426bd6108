//! Casing of instruction keywords (D15).

use super::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Mixed,
}

fn case_of(word: &str) -> Case {
    if word.chars().all(|c| !c.is_ascii_lowercase()) {
        Case::Upper
    } else if word.chars().all(|c| !c.is_ascii_uppercase()) {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// The keywords of a file, ONBUILD triggers included.
fn keywords(df: &plimsoll_syntax::dockerfile::Dockerfile) -> Vec<&Instruction> {
    let mut out = Vec::new();
    // Global ARGs before the first FROM are neither counted nor checked (BuildKit).
    let first_from = df
        .instructions
        .iter()
        .position(|i| i.keyword == Keyword::From)
        .unwrap_or(df.instructions.len());
    for inst in &df.instructions[first_from..] {
        if inst.keyword == Keyword::Unknown {
            continue;
        }
        out.push(inst);
        if let Body::Onbuild(inner) = &inst.body {
            out.push(inner.as_ref());
        }
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports instruction keywords whose case differs from the rest of the
    /// file (the majority of upper- or lower-case keywords sets the style),
    /// and mixed-case keywords such as `From`.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, but mixed styles make a Dockerfile
    /// harder to scan and are often a sign of copy-paste from elsewhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run echo hi
    /// Copy . /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hi
    /// COPY . /app
    /// ```
    ///
    /// ## Fix safety
    /// The fix rewrites the keyword in the file's style. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - BuildKit ConsistentInstructionCasing.
    pub struct InconsistentInstructionCasing {
        code: "DF033",
        name: "inconsistent-instruction-casing",
        summary: "Instruction keyword casing differs from the rest of the file",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Buildkit "ConsistentInstructionCasing"],
        fix: Always,
        default: true,
    }
}

impl Rule for InconsistentInstructionCasing {
    fn check_dockerfile(&self, cx: &DockerfileContext<'_>, out: &mut Diagnostics<'_>) {
        let all = keywords(cx.dockerfile);
        let upper = all
            .iter()
            .filter(|i| case_of(&i.keyword_text) == Case::Upper)
            .count();
        let lower = all
            .iter()
            .filter(|i| case_of(&i.keyword_text) == Case::Lower)
            .count();
        let style = if lower > upper {
            Case::Lower
        } else {
            Case::Upper
        };
        for inst in all {
            if case_of(&inst.keyword_text) == style {
                continue;
            }
            let fixed = if style == Case::Lower {
                inst.keyword_text.to_ascii_lowercase()
            } else {
                inst.keyword_text.to_ascii_uppercase()
            };
            let style_name = if style == Case::Lower {
                "lower"
            } else {
                "upper"
            };
            out.add(
                inst.keyword_span,
                format!(
                    "`{}` differs from the file's {style_name}-case keywords",
                    inst.keyword_text
                ),
            )
            .fix(Fix::safe(
                format!("Write `{fixed}`"),
                vec![Edit::replace(inst.keyword_span, fixed.clone())],
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `FROM ... AS name` where `FROM` and `AS` are in different case
    /// (`FROM x as y`, `from x AS y`).
    ///
    /// ## Why is this bad?
    /// It is valid, but inconsistent casing on one line reads as a mistake
    /// and makes searching for stages harder.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// The fix writes `AS` in the case of `FROM`. It is safe.
    ///
    /// ## References
    /// - Practice D15.
    /// - BuildKit FromAsCasing.
    pub struct FromAsCasing {
        code: "DF034",
        name: "from-as-casing",
        summary: "FROM and AS keywords in different case",
        severity: Info,
        category: BestPractice,
        practices: ["D15"],
        peers: [Buildkit "FromAsCasing"],
        fix: Always,
        default: true,
    }
}

impl Rule for FromAsCasing {
    fn check_instruction(
        &self,
        _cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::From(from) = &inst.body else { return };
        let Some(as_kw) = &from.as_keyword else {
            return;
        };
        let from_case = case_of(&inst.keyword_text);
        let as_case = case_of(&as_kw.value);
        let expected = match from_case {
            Case::Lower => "as",
            _ => "AS",
        };
        if from_case != Case::Mixed && as_case != from_case {
            out.add(
                as_kw.span,
                format!(
                    "`{}` does not match the case of `{}`",
                    as_kw.value, inst.keyword_text
                ),
            )
            .fix(Fix::safe(
                format!("Write `{expected}`"),
                vec![Edit::replace(as_kw.span, expected)],
            ));
        }
    }
}
