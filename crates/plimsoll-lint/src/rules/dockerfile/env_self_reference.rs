use super::prelude::*;

/// Variables referenced by `$NAME` or `${NAME...}` in raw Dockerfile text,
/// outside single quotes and not escaped.
pub(crate) fn referenced_vars(raw: &str, escape: char) -> Vec<String> {
    let mut vars = Vec::new();
    let mut chars = raw.chars().peekable();
    let mut in_single = false;
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_single = !in_single;
            continue;
        }
        if in_single {
            continue;
        }
        if c == escape {
            chars.next();
            continue;
        }
        if c != '$' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
        }
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_'))
                .collect();
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
            vars.push(name);
        }
    }
    vars
}

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` pair that refers to a variable set earlier in the
    /// same `ENV` instruction.
    ///
    /// ## Why is this bad?
    /// Substitution uses the values from before the instruction, so
    /// `ENV A=1 B=$A` sets `B` to the old `A` (usually empty), not to `1`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## References
    /// - Practice D15.
    /// - hadolint DL3044.
    pub struct EnvSelfReference {
        code: "DF031",
        name: "env-self-reference",
        summary: "ENV refers to a variable set in the same instruction",
        severity: Error,
        category: Correctness,
        practices: ["D15"],
        peers: [Hadolint "DL3044"],
        fix: None,
        default: true,
    }
}

impl Rule for EnvSelfReference {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let Body::Env(env) = &inst.effective().body else {
            return;
        };
        for (i, pair) in env.pairs.iter().enumerate() {
            let raw = cx.text(pair.value.span);
            for var in referenced_vars(raw, cx.dockerfile.escape) {
                if let Some(earlier) = env.pairs[..i].iter().find(|p| p.key.value == var) {
                    out.add(
                        pair.value.span,
                        format!("`${var}` is expanded with its value from before this ENV, not the `{var}` set here"),
                    )
                    .related(earlier.key.span, "set in the same instruction")
                    .help(format!("move `{}` to its own ENV after this one", pair.key.value));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::referenced_vars;

    #[test]
    fn finds_references_outside_single_quotes() {
        assert_eq!(
            referenced_vars("$A/${B:-x}/\\$C/'$D'/\"$E\"", '\\'),
            ["A", "B", "E"]
        );
    }
}
