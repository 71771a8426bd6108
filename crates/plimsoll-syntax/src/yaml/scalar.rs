//! Plain scalars that YAML 1.1 readers (Go's yaml.v2, used by Kubernetes
//! tooling and Compose) type differently from YAML 1.2.

/// What a YAML 1.1 reader would make of a plain scalar that YAML 1.2 keeps
/// as a string (or reads as a different number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yaml11Hazard {
    /// `yes`, `no`, `on`, `off`, `y`, `n`: booleans in YAML 1.1.
    Boolean(bool),
    /// `0755`: octal in YAML 1.1, decimal 755 in YAML 1.2.
    Octal,
    /// `1:30`: base-60 in YAML 1.1 (90).
    Sexagesimal,
    /// `1e3`: a float in YAML 1.2 core but not in YAML 1.1; the reverse trap.
    ExponentWithoutDot,
}

impl Yaml11Hazard {
    pub fn describe(self) -> &'static str {
        match self {
            Yaml11Hazard::Boolean(true) => "a YAML 1.1 boolean (true)",
            Yaml11Hazard::Boolean(false) => "a YAML 1.1 boolean (false)",
            Yaml11Hazard::Octal => "an octal number in YAML 1.1 and a decimal in YAML 1.2",
            Yaml11Hazard::Sexagesimal => "a base-60 number in YAML 1.1",
            Yaml11Hazard::ExponentWithoutDot => "a float in YAML 1.2 but a string in YAML 1.1",
        }
    }
}

/// The hazard of a plain scalar's text, if any.
pub fn yaml11_hazard(plain: &str) -> Option<Yaml11Hazard> {
    match plain {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
            return Some(Yaml11Hazard::Boolean(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            return Some(Yaml11Hazard::Boolean(false));
        }
        _ => {}
    }
    let digits = plain.strip_prefix(['+', '-']).unwrap_or(plain);
    if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| matches!(b, b'0'..=b'7' | b'_'))
    {
        return Some(Yaml11Hazard::Octal);
    }
    let mut parts = digits.split(':');
    if digits.contains(':')
        && parts
            .next()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) && p < "60")
    {
        return Some(Yaml11Hazard::Sexagesimal);
    }
    if let Some((mantissa, exp)) = digits.split_once(['e', 'E']) {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if !mantissa.is_empty()
            && mantissa.bytes().all(|b| b.is_ascii_digit())
            && !exp.is_empty()
            && exp.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(Yaml11Hazard::ExponentWithoutDot);
        }
    }
    None
}

/// The type Kubernetes gives a scalar: `kubectl` and the API machinery read
/// YAML with Go's yaml.v2 (YAML 1.1 rules) and convert it to JSON, so
/// `yes` is a boolean and `0755` an octal integer, while quoted and block
/// scalars are always strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GoYamlType {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String,
}

impl GoYamlType {
    /// The JSON type name, for messages.
    pub fn json_name(self) -> &'static str {
        match self {
            GoYamlType::Null => "null",
            GoYamlType::Bool(_) => "boolean",
            GoYamlType::Int(_) => "integer",
            GoYamlType::Float(_) => "number",
            GoYamlType::String => "string",
        }
    }
}

/// How yaml.v2 resolves a plain scalar.
pub fn go_yaml_v2_type(plain: &str) -> GoYamlType {
    match plain {
        "" | "~" | "null" | "Null" | "NULL" => return GoYamlType::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return GoYamlType::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return GoYamlType::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return GoYamlType::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return GoYamlType::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return GoYamlType::Float(f64::NAN),
        _ => {}
    }
    // yaml.v2 drops underscores, then parses like Go's ParseInt with base 0.
    let cleaned = plain.replace('_', "");
    if let Some(i) = go_parse_int(&cleaned) {
        return GoYamlType::Int(i);
    }
    if is_go_yaml_float(&cleaned)
        && let Ok(f) = cleaned.parse::<f64>()
    {
        return GoYamlType::Float(f);
    }
    GoYamlType::String
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, a
/// leading `0` (octal) or decimal.
fn go_parse_int(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, body) = if let Some(b) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, b)
    } else if let Some(b) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        (8, b)
    } else if let Some(b) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        (2, b)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = i64::from_str_radix(body, radix).ok()?;
    Some(if neg { -value } else { value })
}

/// yaml.v2's float pattern: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_go_yaml_float(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && (!int.is_empty() || !frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// YAML 1.2 core-schema integers: decimal, `0x` hex, `0o` octal.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards() {
        assert_eq!(yaml11_hazard("yes"), Some(Yaml11Hazard::Boolean(true)));
        assert_eq!(yaml11_hazard("Off"), Some(Yaml11Hazard::Boolean(false)));
        assert_eq!(yaml11_hazard("0755"), Some(Yaml11Hazard::Octal));
        assert_eq!(yaml11_hazard("1:30"), Some(Yaml11Hazard::Sexagesimal));
        assert_eq!(yaml11_hazard("1e3"), Some(Yaml11Hazard::ExponentWithoutDot));
        for ok in [
            "true",
            "0",
            "10",
            "1.5e3",
            "08",
            "12:60",
            "a:b",
            "yesterday",
            "0x1F",
        ] {
            assert_eq!(yaml11_hazard(ok), None, "{ok}");
        }
    }

    #[test]
    fn go_yaml_v2_types() {
        use GoYamlType::{Bool, Float, Int, Null, String};
        assert_eq!(go_yaml_v2_type("yes"), Bool(true));
        assert_eq!(go_yaml_v2_type("OFF"), Bool(false));
        assert_eq!(go_yaml_v2_type("8080"), Int(8080));
        assert_eq!(go_yaml_v2_type("0755"), Int(493));
        assert_eq!(go_yaml_v2_type("0x1F"), Int(31));
        assert_eq!(go_yaml_v2_type("1_000"), Int(1000));
        assert_eq!(go_yaml_v2_type("-3"), Int(-3));
        assert_eq!(go_yaml_v2_type("1e3"), Float(1000.0));
        assert_eq!(go_yaml_v2_type("1.5"), Float(1.5));
        assert_eq!(go_yaml_v2_type("089"), Float(89.0));
        assert_eq!(go_yaml_v2_type("~"), Null);
        for s in [
            "1.2.3",
            "v1",
            "12:30",
            "1e",
            "0x",
            ".",
            "e3",
            "nginx:1.27",
            "yesterday",
        ] {
            assert_eq!(go_yaml_v2_type(s), String, "{s}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(parse_int("8080"), Some(8080));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(parse_int("80a"), None);
    }
}
