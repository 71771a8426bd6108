//! Rule selectors: `ALL`, a code (`DF007`), a name (`latest-base-image`) or
//! a code prefix (`DF`, `DF0`).

use crate::registry::RULES;
use plimsoll_diagnostics::RuleMeta;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    /// Rules enabled by default (the implicit base set).
    Default,
    Prefix(String),
    /// Index into [`RULES`].
    Rule(usize),
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("ALL") {
            return Ok(Selector::All);
        }
        if let Some(i) = RULES
            .iter()
            .position(|r| r.meta().code.eq_ignore_ascii_case(t) || r.meta().name == t)
        {
            return Ok(Selector::Rule(i));
        }
        let upper = t.to_ascii_uppercase();
        if !upper.is_empty() && RULES.iter().any(|r| r.meta().code.starts_with(&upper)) {
            return Ok(Selector::Prefix(upper));
        }
        Err(format!(
            "unknown rule `{t}`: expected ALL, a rule code (DF009), a code prefix (DF) or a rule name (latest-base-image)"
        ))
    }

    /// More specific selectors win over less specific ones.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All | Selector::Default => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }

    /// Whether this selector enables `rule` when used to select. Prefixes
    /// enable only default rules; opt-in rules need their code, name or ALL.
    pub fn selects(&self, index: usize, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Default => rule.default_enabled,
            Selector::Prefix(p) => rule.default_enabled && rule.code.starts_with(p.as_str()),
            Selector::Rule(i) => *i == index,
        }
    }

    /// Whether this selector covers `rule` when used to ignore or override.
    pub fn covers(&self, index: usize, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Default => rule.default_enabled,
            Selector::Prefix(p) => rule.code.starts_with(p.as_str()),
            Selector::Rule(i) => *i == index,
        }
    }
}

/// What a pair of selector lists says about one rule: `Some(true)` to run it,
/// `Some(false)` not to, `None` when neither list mentions it. The most
/// specific matching selector decides; on a tie `ignore` wins.
fn decide(
    index: usize,
    rule: &RuleMeta,
    select: &[&Selector],
    ignore: &[Selector],
) -> Option<bool> {
    let positive = select
        .iter()
        .filter(|s| s.selects(index, rule))
        .map(|s| s.specificity())
        .max();
    let negative = ignore
        .iter()
        .filter(|s| s.covers(index, rule))
        .map(Selector::specificity)
        .max();
    match (positive, negative) {
        (Some(p), Some(n)) => Some(p > n),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// Resolves which rules run from `select` (the default set when absent),
/// `extend-select` and `ignore`.
pub fn resolve_enabled(
    select: Option<&[Selector]>,
    extend_select: &[Selector],
    ignore: &[Selector],
) -> Vec<bool> {
    let default = [Selector::Default];
    let positives: Vec<&Selector> = select
        .unwrap_or(&default)
        .iter()
        .chain(extend_select)
        .collect();
    RULES
        .iter()
        .enumerate()
        .map(|(i, rule)| decide(i, rule.meta(), &positives, ignore).unwrap_or(false))
        .collect()
}

/// Applies a later layer of `extend-select` and `ignore` (the command line)
/// on top of an earlier result: rules neither list mentions keep their state.
pub fn apply_layer(enabled: &mut [bool], extend_select: &[Selector], ignore: &[Selector]) {
    let positives: Vec<&Selector> = extend_select.iter().collect();
    for (i, rule) in RULES.iter().enumerate() {
        if let Some(on) = decide(i, rule.meta(), &positives, ignore) {
            enabled[i] = on;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::rule_index;

    fn sel(s: &str) -> Selector {
        Selector::parse(s).unwrap()
    }

    fn enabled(v: &[bool], code: &str) -> bool {
        v[rule_index(code).unwrap()]
    }

    #[test]
    fn parses_codes_names_prefixes_and_all() {
        assert_eq!(sel("all"), Selector::All);
        assert_eq!(sel("df009"), Selector::Rule(rule_index("DF009").unwrap()));
        assert_eq!(
            sel("latest-base-image"),
            Selector::Rule(rule_index("DF009").unwrap())
        );
        assert_eq!(sel("DF"), Selector::Prefix("DF".into()));
        assert!(Selector::parse("DF999").is_err());
        assert!(Selector::parse("nonsense").is_err());
    }

    #[test]
    fn more_specific_selectors_win() {
        let v = resolve_enabled(None, &[], &[sel("DF")]);
        assert!(!enabled(&v, "DF009"));
        let v = resolve_enabled(Some(&[sel("DF009")]), &[], &[sel("DF")]);
        assert!(enabled(&v, "DF009"));
        assert!(!enabled(&v, "DF008"));
        let v = resolve_enabled(None, &[sel("DF")], &[sel("DF009")]);
        assert!(!enabled(&v, "DF009"));
        assert!(enabled(&v, "DF008"));
    }

    #[test]
    fn opt_in_rules_need_their_code_or_all() {
        let opt = RULES
            .iter()
            .find(|r| !r.meta().default_enabled)
            .expect("at least one opt-in rule")
            .meta();
        let v = resolve_enabled(None, &[sel("DF")], &[]);
        assert!(!enabled(&v, opt.code));
        let v = resolve_enabled(None, &[sel(opt.code)], &[]);
        assert!(enabled(&v, opt.code));
        let v = resolve_enabled(Some(&[Selector::All]), &[], &[]);
        assert!(v.iter().all(|&e| e));
    }
}
