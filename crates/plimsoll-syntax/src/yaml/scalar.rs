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
    fn integers() {
        assert_eq!(parse_int("8080"), Some(8080));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("0x1F"), Some(31));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(parse_int("80a"), None);
    }
}
