//! How compose-go types YAML scalars (go-yaml v4) and turns non-string
//! values into strings where Compose wants strings (environment, labels,
//! build args: Go's `fmt.Sprint`). Unlike YAML 1.1 readers, go-yaml v4
//! reads `yes`/`no`/`on`/`off` as strings and has no base-60 numbers, but
//! like them it reads `0440` as octal and drops `_` in numbers.

use plimsoll_syntax::yaml::{GoYamlType, NodeKind, ScalarStyle, YamlFile, go_yaml_v2_type};

/// The type go-yaml v4 gives a plain scalar.
pub fn go_yaml_type(plain: &str) -> GoYamlType {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO"
        | "off" | "Off" | "OFF" => GoYamlType::String,
        _ => go_yaml_v2_type(plain),
    }
}

/// A scalar node's go-yaml type: quoted and block scalars are strings.
pub fn node_type(yaml: &YamlFile, node: plimsoll_syntax::yaml::NodeId) -> Option<GoYamlType> {
    match yaml.kind(node) {
        NodeKind::Scalar {
            value,
            style: ScalarStyle::Plain,
        } => Some(go_yaml_type(value)),
        NodeKind::Scalar { .. } => Some(GoYamlType::String),
        _ => None,
    }
}

/// What Go's `fmt.Sprint` prints for a non-string value; `None` for
/// strings and null.
pub fn go_sprint(value: GoYamlType) -> Option<String> {
    match value {
        GoYamlType::Bool(b) => Some(b.to_string()),
        GoYamlType::Int(i) => Some(i.to_string()),
        GoYamlType::Float(f) => Some(go_format_float(f)),
        GoYamlType::Null | GoYamlType::String => None,
    }
}

/// Go's `%v` for a float64: the shortest representation in `%g` form,
/// exponent notation when the exponent is below -4 or at least 6
/// (`1e+06`, `1.1`, `1000`).
pub fn go_format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `1.234e5`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    // Positional notation.
    let point = exp + 1; // digits before the decimal point
    let body = if point <= 0 {
        format!(
            "0.{}{digits}",
            "0".repeat(usize::try_from(-point).unwrap_or(0))
        )
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if digits.len() <= point {
            format!("{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{body}")
}

/// A boolean as compose-go casts boolean fields: `true`/`false` in any
/// case, and (with a warning) `y`, `yes`, `on`, `n`, `no`, `off`; quoted
/// strings are cast too.
pub fn compose_bool(yaml: &YamlFile, node: plimsoll_syntax::yaml::NodeId) -> Option<bool> {
    let value = yaml.str(node)?;
    match value.to_ascii_lowercase().as_str() {
        "true" | "y" | "yes" | "on" => Some(true),
        "false" | "n" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// An integer field (`replicas: 3`, `replicas: "3"`).
pub fn compose_int(yaml: &YamlFile, node: plimsoll_syntax::yaml::NodeId) -> Option<i64> {
    match node_type(yaml, node)? {
        GoYamlType::Int(i) => Some(i),
        GoYamlType::String => yaml.str(node)?.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_yaml_v4_typing() {
        assert_eq!(go_yaml_type("yes"), GoYamlType::String);
        assert_eq!(go_yaml_type("on"), GoYamlType::String);
        assert_eq!(go_yaml_type("true"), GoYamlType::Bool(true));
        assert_eq!(go_yaml_type("0440"), GoYamlType::Int(288));
        assert_eq!(go_yaml_type("0o440"), GoYamlType::Int(288));
        assert_eq!(go_yaml_type("1_000"), GoYamlType::Int(1000));
        assert_eq!(go_yaml_type("22:22"), GoYamlType::String);
        assert_eq!(go_yaml_type("2024-01-02"), GoYamlType::String);
    }

    #[test]
    fn sprint_like_go() {
        let s = |t: &str| go_sprint(go_yaml_type(t));
        assert_eq!(s("0440").as_deref(), Some("288"));
        assert_eq!(s("1.10").as_deref(), Some("1.1"));
        assert_eq!(s("1e3").as_deref(), Some("1000"));
        assert_eq!(s("true").as_deref(), Some("true"));
        assert_eq!(s("True").as_deref(), Some("true"));
        assert_eq!(s("8080").as_deref(), Some("8080"));
        assert_eq!(s("1e6").as_deref(), Some("1e+06"));
        assert_eq!(s("123456.5").as_deref(), Some("123456.5"));
        assert_eq!(s("0.00001").as_deref(), Some("1e-05"));
        assert_eq!(s("0.0001").as_deref(), Some("0.0001"));
        assert_eq!(s("-2.50").as_deref(), Some("-2.5"));
        assert_eq!(s(".5").as_deref(), Some("0.5"));
        assert_eq!(s("08").as_deref(), Some("8"));
        assert_eq!(s("1.0").as_deref(), Some("1"));
        assert_eq!(s("1234567.0").as_deref(), Some("1.234567e+06"));
        assert_eq!(s("0x1F").as_deref(), Some("31"));
        assert_eq!(s("yes"), None);
        assert_eq!(s("~"), None);
    }
}
