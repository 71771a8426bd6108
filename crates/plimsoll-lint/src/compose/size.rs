//! Byte sizes as compose-go reads them (`types.UnitBytes`): a plain integer
//! (`-1` included, for `memswap_limit`), else docker/go-units' `RAMInBytes`:
//! a decimal number, an optional space, then an optional suffix `b`, or
//! `k`, `m`, `g`, `t`, `p` (binary multiples, any case) optionally followed
//! by `b` or `ib`. `512Mi` is rejected ("invalid suffix"), as are negative
//! sizes other than the integer form.

/// Why a size is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
}

/// The size in bytes.
pub fn parse(text: &str) -> Result<i64, Error> {
    if let Ok(n) = text.parse::<i64>() {
        return Ok(n);
    }
    let err = |m: String| Err(Error { message: m });
    // The number ends at the last digit, dot or space.
    let Some(sep) = text.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return err(format!("`{text}` is not a size: it has no digits"));
    };
    let (number, suffix) = if text.as_bytes()[sep] == b' ' {
        (&text[..sep], &text[sep + 1..])
    } else {
        (&text[..=sep], &text[sep + 1..])
    };
    let Some(size) = go_parse_float(number) else {
        return err(format!(
            "`{text}` is not a size: `{number}` is not a number"
        ));
    };
    if size < 0.0 {
        return err(format!("`{text}` is negative"));
    }
    let bad_suffix = || {
        err(format!(
            "`{text}` has the unsupported suffix `{suffix}` (use b, k, m, g, t or p, optionally followed by b or ib: `512m`, `1gb`)"
        ))
    };
    let lower = suffix.to_ascii_lowercase();
    let multiplier: f64 = match lower.as_bytes() {
        [] | [b'b'] => 1.0,
        _ if lower.len() > 3 => return bad_suffix(),
        [unit, rest @ ..] => {
            let exp = match unit {
                b'k' => 1,
                b'm' => 2,
                b'g' => 3,
                b't' => 4,
                b'p' => 5,
                _ => return bad_suffix(),
            };
            if !(rest.is_empty() || rest == b"b" || rest == b"ib") {
                return bad_suffix();
            }
            1024f64.powi(exp)
        }
    };
    let bytes = size * multiplier;
    #[allow(clippy::cast_precision_loss)]
    if !bytes.is_finite() || bytes > i64::MAX as f64 {
        return err(format!("`{text}` is too large"));
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(bytes as i64)
}

/// Go's `strconv.ParseFloat` for the forms a size can take: decimal
/// numbers with an optional exponent (no `inf`, no underscores).
fn go_parse_float(text: &str) -> Option<f64> {
    let t = text.strip_prefix(['+', '-']).unwrap_or(text);
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_compose_sizes() {
        for (text, bytes) in [
            ("2b", 2),
            ("1024kb", 1024 * 1024),
            ("2048k", 2048 * 1024),
            ("300m", 300 * 1024 * 1024),
            ("1gb", 1 << 30),
            ("1GiB", 1 << 30),
            ("512M", 512 << 20),
            ("1.5g", 3 << 29),
            ("1 gb", 1 << 30),
            ("1t", 1 << 40),
            ("100", 100),
            ("-1", -1),
            ("0", 0),
            ("10B", 10),
            ("12 ", 12),
        ] {
            assert_eq!(parse(text), Ok(bytes), "{text}");
        }
    }

    #[test]
    fn rejects_what_compose_rejects() {
        for text in [
            "512Mi", "1gig", "1x", "m", "", "-1m", "1  gb", "1.2.3m", "1_000m", "1kbb", "inf",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        assert!(parse("512Mi").unwrap_err().message.contains("`Mi`"));
    }
}
