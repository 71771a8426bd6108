//! The five-field cron syntax (minute hour day-of-month month day-of-week)
//! shared by Kubernetes CronJobs and GitHub Actions schedules: ranges,
//! lists, steps, month and weekday names, day of week 0-7.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Checks five whitespace-separated fields. `question_mark` accepts `?`
/// as "any" (Kubernetes' robfig/cron does; GitHub does not).
pub fn check_fields(cron: &str, question_mark: bool) -> Result<(), String> {
    let fields: Vec<&str> = cron.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected 5 fields (minute hour day-of-month month day-of-week), found {}",
            fields.len()
        ));
    }
    let specs: [(&str, u32, u32, &[&str]); 5] = [
        ("minute", 0, 59, &[]),
        ("hour", 0, 23, &[]),
        ("day of month", 1, 31, &[]),
        ("month", 1, 12, &MONTHS),
        ("day of week", 0, 7, &DAYS),
    ];
    for (field, (what, min, max, names)) in fields.iter().zip(specs) {
        check_field(field, what, min, max, names, question_mark)?;
    }
    Ok(())
}

fn check_field(
    field: &str,
    what: &str,
    min: u32,
    max: u32,
    names: &[&str],
    question_mark: bool,
) -> Result<(), String> {
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        if let Some(step) = step
            && !step.parse::<u32>().is_ok_and(|n| n > 0)
        {
            return Err(format!(
                "step `{step}` in the {what} field is not a positive number"
            ));
        }
        if range == "*" || (question_mark && range == "?") {
            continue;
        }
        let value = |v: &str| -> Result<u32, String> {
            if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(v)) {
                let base = u32::from(names.len() == 12);
                return Ok(u32::try_from(i).unwrap_or(0) + base);
            }
            let n: u32 = v
                .parse()
                .map_err(|_| format!("`{v}` is not a valid {what}"))?;
            if n < min || n > max {
                return Err(format!("{what} {n} is out of range {min}-{max}"));
            }
            Ok(n)
        };
        match range.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (value(a)?, value(b)?);
                if a > b {
                    return Err(format!("range {a}-{b} in the {what} field is backwards"));
                }
            }
            None => {
                value(range)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_fields;

    #[test]
    fn fields() {
        assert!(check_fields("*/15 0-6 1,15 jan-mar MON-FRI", false).is_ok());
        assert!(check_fields("0 0 ? * 7", true).is_ok());
        assert!(check_fields("0 0 ? * 7", false).is_err());
        assert!(check_fields("60 * * * *", false).is_err());
        assert!(check_fields("* * * *", false).is_err());
        assert!(check_fields("5-1 * * * *", false).is_err());
        assert!(check_fields("*/0 * * * *", false).is_err());
    }
}
