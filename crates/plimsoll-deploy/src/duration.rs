//! Durations written the Go/Prometheus way: `30s`, `5m`, `1h30m`, `500ms`.

use std::fmt;
use std::time::Duration;

/// A duration read from configuration, kept with its canonical spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span(pub Duration);

impl Span {
    pub const fn secs(secs: u64) -> Self {
        Self(Duration::from_secs(secs))
    }

    pub const fn as_duration(self) -> Duration {
        self.0
    }
}

/// Parses `1h30m`, `90s`, `250ms`, `2d`. A bare `0` is zero; anything else
/// without a unit is refused so `timeout = 30` is not silently 30 ns or 30 s.
pub fn parse(text: &str) -> Result<Span, String> {
    let text = text.trim();
    if text == "0" {
        return Ok(Span::default());
    }
    if text.is_empty() {
        return Err("empty duration".into());
    }
    let mut total: u128 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!(
                "`{text}` is not a duration (expected e.g. 30s, 5m, 1h30m)"
            ));
        }
        let value: u128 = rest[..digits]
            .parse()
            .map_err(|_| format!("`{text}`: number too large"))?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let millis_per = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "" => return Err(format!("`{text}`: missing unit (ms, s, m, h, d)")),
            other => return Err(format!("`{text}`: unknown unit `{other}` (ms, s, m, h, d)")),
        };
        rest = &rest[unit_len..];
        total = total
            .checked_add(value.saturating_mul(millis_per))
            .ok_or_else(|| format!("`{text}`: too long"))?;
    }
    let millis = u64::try_from(total).map_err(|_| format!("`{text}`: too long"))?;
    Ok(Span(Duration::from_millis(millis)))
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut millis = self.0.as_millis();
        if millis == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)] {
            if millis >= size {
                write!(f, "{}{unit}", millis / size)?;
                millis %= size;
            }
        }
        Ok(())
    }
}

impl<'de> serde::Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for Span {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]+(ms|s|m|h|d))+$|^0$",
            "description": "A duration such as 30s, 5m or 1h30m"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_go_style_durations() {
        for (text, millis, shown) in [
            ("30s", 30_000, "30s"),
            ("1h30m", 5_400_000, "1h30m"),
            ("90s", 90_000, "1m30s"),
            ("250ms", 250, "250ms"),
            ("0", 0, "0s"),
            ("2d", 172_800_000, "48h"),
        ] {
            let span = parse(text).unwrap();
            assert_eq!(span.0.as_millis(), millis, "{text}");
            assert_eq!(span.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn refuses_numbers_without_units_and_unknown_units() {
        assert!(parse("30").unwrap_err().contains("missing unit"));
        assert!(parse("5w").unwrap_err().contains("unknown unit `w`"));
        assert!(parse("").is_err());
        assert!(parse("m5").is_err());
    }
}
