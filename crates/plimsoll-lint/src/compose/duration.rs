//! Durations as compose-go reads them (`types.Duration`, through
//! `go-str2duration`): Go's `time.ParseDuration` grammar,
//! `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, with the units `ns`, `us`, `µs`,
//! `ms`, `s`, `m`, `h`, plus `d` (24h) and `w` (7d). A bare number is
//! rejected except `0`. The Compose schema types these fields as strings,
//! so an unquoted YAML number (`interval: 10`) is rejected before parsing.

/// Why a duration is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
}

fn err(message: impl Into<String>) -> Error {
    Error {
        message: message.into(),
    }
}

const UNITS: [(&str, u128); 11] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 86_400_000_000_000),
    ("w", 604_800_000_000_000),
    ("", 0),
];

/// The duration in nanoseconds (negative when signed so).
pub fn parse(text: &str) -> Result<i128, Error> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(err("an empty duration"));
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let first = rest.as_bytes()[0];
        if !(first == b'.' || first.is_ascii_digit()) {
            return Err(err(format!(
                "`{text}` is not a duration: expected a number at `{rest}`"
            )));
        }
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, after) = rest.split_at(int_len);
        let (frac_part, after) = match after.strip_prefix('.') {
            Some(a) => {
                let n = a.bytes().take_while(u8::is_ascii_digit).count();
                a.split_at(n)
            }
            None => ("", after),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(err(format!(
                "`{text}` is not a duration: a number has no digits"
            )));
        }
        let unit_len = after
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(after.len(), |(i, _)| i);
        if unit_len == 0 {
            return Err(if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                err(format!(
                    "`{text}` has no unit: write `{text}s` for seconds (units: ns, us, ms, s, m, h, d, w)"
                ))
            } else {
                err(format!("`{text}` is missing a unit after `{int_part}`"))
            });
        }
        let (unit, after) = after.split_at(unit_len);
        let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == unit && !u.is_empty()) else {
            return Err(err(format!(
                "`{text}` has the unknown unit `{unit}` (units: ns, us, ms, s, m, h, d, w)"
            )));
        };
        let number: f64 = format!(
            "{}.{}",
            if int_part.is_empty() { "0" } else { int_part },
            if frac_part.is_empty() { "0" } else { frac_part }
        )
        .parse()
        .map_err(|_| err(format!("`{text}` is not a duration")))?;
        #[allow(clippy::cast_precision_loss)]
        let part = number * scale as f64;
        total += part;
        rest = after;
    }
    // Go durations are 64-bit nanoseconds.
    #[allow(clippy::cast_precision_loss)]
    if total > i64::MAX as f64 {
        return Err(err(format!(
            "`{text}` overflows the largest duration (about 292 years)"
        )));
    }
    #[allow(clippy::cast_possible_truncation)]
    let nanos = total as i128;
    Ok(if negative { -nanos } else { nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = 1_000_000_000;

    #[test]
    fn accepts_go_durations_with_days_and_weeks() {
        for (text, nanos) in [
            ("10s", 10 * S),
            ("1m30s", 90 * S),
            ("1h5m30s20ms", 3930 * S + 20_000_000),
            ("10ms", 10_000_000),
            ("40s", 40 * S),
            ("1.5s", 1_500_000_000),
            (".5s", 500_000_000),
            ("1.s", S),
            ("0", 0),
            ("-0", 0),
            ("-1s", -S),
            ("+2s", 2 * S),
            ("1d", 86_400 * S),
            ("2w", 2 * 604_800 * S),
            ("100us", 100_000),
            ("100µs", 100_000),
            ("5ns", 5),
            ("1h1h", 7200 * S),
        ] {
            assert_eq!(parse(text), Ok(nanos), "{text}");
        }
    }

    #[test]
    fn rejects_what_compose_rejects() {
        for text in [
            "",
            "10",
            "1.5",
            "s",
            ".s",
            "-.s",
            "10 s",
            "10S",
            "10sec",
            "1y",
            "1m30",
            "ten",
            "1h-5m",
            "-",
            "+",
            "1e3s",
            "99999999999h",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        assert!(parse("30").unwrap_err().message.contains("`30s`"));
    }
}
