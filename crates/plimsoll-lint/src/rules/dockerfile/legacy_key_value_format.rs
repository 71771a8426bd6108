use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `ENV key value` and `LABEL key value`, the legacy form
    /// without `=`.
    ///
    /// ## Why is this bad?
    /// The legacy form takes the whole rest of the line as the value, so
    /// `ENV A 1 B 2` sets `A` to `1 B 2`. It is deprecated and reads
    /// differently from every other `ENV`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME /opt/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/opt/app
    /// ```
    ///
    /// ## Fix safety
    /// The fix rewrites the pair as `key=value`, quoting values with spaces.
    /// It is safe; it is not offered when the value already contains quotes
    /// or escapes.
    ///
    /// ## References
    /// - Practice D15.
    /// - BuildKit LegacyKeyValueFormat.
    pub struct LegacyKeyValueFormat {
        code: "DF032",
        name: "legacy-key-value-format",
        summary: "ENV or LABEL in the legacy `key value` form",
        severity: Warning,
        category: BestPractice,
        practices: ["D15"],
        peers: [Buildkit "LegacyKeyValueFormat"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for LegacyKeyValueFormat {
    fn check_instruction(
        &self,
        cx: &DockerfileContext<'_>,
        inst: &Instruction,
        out: &mut Diagnostics<'_>,
    ) {
        let inst = inst.effective();
        let (Body::Env(kv) | Body::Label(kv)) = &inst.body else {
            return;
        };
        if !kv.legacy {
            return;
        }
        let Some(pair) = kv.pairs.first() else { return };
        let raw = cx.text(pair.value.span);
        let simple = !raw.contains(['"', '\'', '\\', '`', '\n']);
        let fix = simple.then(|| {
            let value = if raw.contains(char::is_whitespace) {
                format!("\"{raw}\"")
            } else {
                raw.to_string()
            };
            Fix::safe(
                format!("Write `{}={value}`", pair.key.value),
                vec![Edit::replace(
                    pair.span,
                    format!("{}={value}", cx.text(pair.key.span)),
                )],
            )
        });
        out.add(
            pair.span,
            format!(
                "`{} {} ...` uses the legacy form; write `{}=...`",
                inst.keyword_text, pair.key.value, pair.key.value
            ),
        )
        .fix_opt(fix);
    }
}
