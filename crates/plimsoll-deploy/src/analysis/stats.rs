//! The decision rules, pure: numbers in, a verdict and a reason out.
//!
//! # Error rate (`kind = "error-rate"`)
//!
//! Inputs per track: the number of requests `n` and of failed requests `e`
//! over the window (Prometheus `increase()`, so they may be fractional).
//! The observed rate is `p = e / n`.
//!
//! 1. A track with fewer than `min-requests` requests is **Inconclusive**:
//!    a handful of requests says nothing either way.
//! 2. The limit `L` is the tighter of
//!    * the relative bound `max(max-ratio × p_baseline, error-rate-floor)` —
//!      the floor (default 1 %) keeps a baseline of 0 errors from turning a
//!      single canary error into a failure — and
//!    * the absolute bound `max`, if configured.
//!
//!    Without a baseline (rolling, blue-green) only `max` applies; a metric
//!    with `max-ratio` alone is then Inconclusive.
//! 3. `p_candidate ≤ L` → **Pass**.
//! 4. Above the limit, the excess must be significant before it fails: a
//!    one-sided two-proportion z-test with a ratio margin (the usual
//!    non-inferiority form), `H0: p_c ≤ L` against `H1: p_c > L`, with
//!    `z = (p_c − L) / sqrt(p_c(1−p_c)/n_c + Var(L))`, where
//!    `Var(L) = max-ratio² · p_b(1−p_b)/n_b` when `L` comes from the baseline
//!    and `0` when it is the floor or `max` (a constant). If the one-sided
//!    p-value is at most `1 − confidence` (default confidence 95 %, i.e.
//!    `z ≥ 1.645`) → **Fail**.
//! 5. Above the limit but not significant → **Inconclusive**: the rollout
//!    neither promotes on an observed excess nor rolls back on noise; the
//!    next measurement decides.
//!
//! # Values (`kind = "latency"` and `kind = "query"`)
//!
//! One number per track (for latency the `histogram_quantile`, interpolated
//! within the bucket it falls in). No data or NaN is **Inconclusive**, never
//! Pass. Each configured bound is a check: `max` (value ≤ max), `min`
//! (value ≥ min), `max-ratio` (value ≤ max-ratio × baseline value). Any
//! failing check → **Fail**; otherwise a relative check without baseline data
//! → **Inconclusive**; otherwise **Pass**. Without a baseline track the
//! relative check is skipped when an absolute bound exists, and the metric is
//! Inconclusive when it has none.

use super::Verdict;

/// Failed requests out of all requests on one track over the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub errors: f64,
    pub requests: f64,
}

impl Counts {
    /// The error rate, clamped to [0, 1] (`increase()` extrapolates the two
    /// series separately, so errors can come out a hair above requests).
    pub fn rate(self) -> f64 {
        if self.requests > 0.0 {
            (self.errors / self.requests).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// The error-rate rule's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorRateRule {
    pub max_ratio: Option<f64>,
    pub max: Option<f64>,
    pub floor: f64,
    pub min_requests: f64,
    pub confidence: f64,
}

/// What a rule decided, with the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub candidate: Option<f64>,
    pub baseline: Option<f64>,
    pub limit: Option<f64>,
    pub reason: String,
}

fn pct(rate: f64) -> String {
    let value = rate * 100.0;
    if value == 0.0 {
        "0%".to_owned()
    } else if value.abs() >= 10.0 {
        format!("{value:.1}%")
    } else {
        format!("{value:.2}%")
    }
}

fn count(value: f64) -> String {
    format!("{value:.0}")
}

/// Judges one error-rate metric. `candidate`/`baseline` are `None` when the
/// query returned no data; `has_baseline` says whether the step has a
/// baseline track at all (canary) or not (rolling, blue-green).
pub fn judge_error_rate(
    rule: &ErrorRateRule,
    candidate: Option<Counts>,
    baseline: Option<Counts>,
    has_baseline: bool,
) -> Judgement {
    let mut out = Judgement {
        verdict: Verdict::Inconclusive,
        candidate: candidate.map(Counts::rate),
        baseline: baseline.map(Counts::rate),
        limit: None,
        reason: String::new(),
    };
    let Some(cand) = candidate else {
        out.reason = "no requests recorded for the candidate in the window".into();
        return out;
    };
    if cand.requests < rule.min_requests {
        out.reason = format!(
            "only {} requests on the candidate in the window (need {})",
            count(cand.requests),
            count(rule.min_requests)
        );
        return out;
    }
    // The relative bound and its variance, if it applies.
    let mut relative: Option<(f64, f64)> = None;
    if let Some(ratio) = rule.max_ratio {
        if has_baseline {
            let Some(base) = baseline else {
                out.reason = "no requests recorded for the baseline in the window".into();
                return out;
            };
            if base.requests < rule.min_requests {
                out.reason = format!(
                    "only {} requests on the baseline in the window (need {})",
                    count(base.requests),
                    count(rule.min_requests)
                );
                return out;
            }
            let p_b = base.rate();
            let scaled = ratio * p_b;
            relative = Some(if scaled >= rule.floor {
                (scaled, ratio * ratio * p_b * (1.0 - p_b) / base.requests)
            } else {
                (rule.floor, 0.0)
            });
        } else if rule.max.is_none() {
            out.reason = format!(
                "bound is relative ({ratio}× baseline) but this step has no baseline and no absolute `max`"
            );
            return out;
        }
    }
    let (limit, limit_var) = match (relative, rule.max) {
        (Some((rel, _)), Some(max)) if max < rel => (max, 0.0),
        (Some(bound), _) => bound,
        (None, Some(max)) => (max, 0.0),
        (None, None) => {
            out.reason = "no bound configured".into();
            return out;
        }
    };
    out.limit = Some(limit);
    let p_c = cand.rate();
    let observed = format!(
        "{} ({} of {})",
        pct(p_c),
        count(cand.errors.max(0.0)),
        count(cand.requests)
    );
    if p_c <= limit {
        out.verdict = Verdict::Pass;
        out.reason = format!("error rate {observed} ≤ limit {}", pct(limit));
        return out;
    }
    let alpha = 1.0 - rule.confidence;
    let variance = p_c * (1.0 - p_c) / cand.requests + limit_var;
    let p_value = if variance > 0.0 {
        normal_sf((p_c - limit) / variance.sqrt())
    } else {
        0.0
    };
    if p_value <= alpha {
        out.verdict = Verdict::Fail;
        out.reason = format!(
            "error rate {observed} > limit {} (significant, p = {p_value:.2e})",
            pct(limit)
        );
    } else {
        out.reason = format!(
            "error rate {observed} > limit {} but not significant at {}% (p = {p_value:.3}); waiting for more traffic",
            pct(limit),
            rule.confidence * 100.0
        );
    }
    out
}

/// The bounds of a value metric (latency quantile or a custom query).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ValueRule {
    pub max: Option<f64>,
    pub min: Option<f64>,
    pub max_ratio: Option<f64>,
}

/// Judges one value metric; `show` formats values for the reason (seconds
/// as `250ms` for latency, plain numbers otherwise).
pub fn judge_value(
    rule: &ValueRule,
    candidate: Option<f64>,
    baseline: Option<f64>,
    has_baseline: bool,
    show: fn(f64) -> String,
) -> Judgement {
    let candidate = candidate.filter(|v| !v.is_nan());
    let baseline = baseline.filter(|v| !v.is_nan());
    let mut out = Judgement {
        verdict: Verdict::Inconclusive,
        candidate,
        baseline,
        limit: None,
        reason: String::new(),
    };
    let Some(value) = candidate else {
        out.reason = "no data for the candidate".into();
        return out;
    };
    let mut failures = Vec::new();
    let mut passes = Vec::new();
    let mut pending = None;
    let mut upper: Option<f64> = None;
    if let Some(max) = rule.max {
        upper = Some(max);
        if value > max {
            failures.push(format!("{} > max {}", show(value), show(max)));
        } else {
            passes.push(format!("≤ max {}", show(max)));
        }
    }
    if let Some(min) = rule.min {
        if value < min {
            out.limit = Some(min);
            failures.push(format!("{} < min {}", show(value), show(min)));
        } else {
            passes.push(format!("≥ min {}", show(min)));
        }
    }
    if let Some(ratio) = rule.max_ratio {
        if !has_baseline {
            if rule.max.is_none() && rule.min.is_none() {
                pending = Some(format!(
                    "bound is relative ({ratio}× baseline) but this step has no baseline and no absolute bound"
                ));
            }
        } else if let Some(base) = baseline {
            let bound = ratio * base;
            upper = Some(upper.map_or(bound, |u| u.min(bound)));
            if value > bound {
                failures.push(format!(
                    "{} > {ratio}× baseline {} = {}",
                    show(value),
                    show(base),
                    show(bound)
                ));
            } else {
                passes.push(format!("≤ {ratio}× baseline {}", show(base)));
            }
        } else {
            pending = Some("no data for the baseline".into());
        }
    }
    if out.limit.is_none() || failures.is_empty() {
        out.limit = upper.or(out.limit);
    }
    if !failures.is_empty() {
        out.verdict = Verdict::Fail;
        out.reason = failures.join("; ");
    } else if let Some(reason) = pending {
        out.reason = reason;
    } else {
        out.verdict = Verdict::Pass;
        out.reason = format!("{} {}", show(value), passes.join(", "));
    }
    out
}

/// Upper-tail probability of the standard normal distribution, P(Z > z).
pub fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// Complementary error function, Chebyshev fit with fractional error below
/// 1.2e-7 everywhere (Numerical Recipes' `erfcc`), ample for a p-value.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Seconds shown the way durations are written in the config: `250ms`, `1.5s`.
pub fn show_seconds(value: f64) -> String {
    if value.is_infinite() {
        return if value > 0.0 { "+Inf s" } else { "-Inf s" }.to_owned();
    }
    if value.abs() < 1.0 {
        let ms = (value * 1000.0 * 10.0).round() / 10.0;
        format!("{ms}ms")
    } else {
        let s = (value * 1000.0).round() / 1000.0;
        format!("{s}s")
    }
}

/// Plain numbers, at most six significant-ish decimals.
pub fn show_number(value: f64) -> String {
    if value.is_finite() {
        let rounded = (value * 1e6).round() / 1e6;
        format!("{rounded}")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> ErrorRateRule {
        ErrorRateRule {
            max_ratio: Some(2.0),
            max: None,
            floor: 0.01,
            min_requests: 50.0,
            confidence: 0.95,
        }
    }

    #[allow(clippy::unnecessary_wraps)]
    fn counts(errors: f64, requests: f64) -> Option<Counts> {
        Some(Counts { errors, requests })
    }

    #[test]
    fn normal_tail_matches_tables() {
        for (z, p) in [
            (0.0, 0.5),
            (1.0, 0.158_655),
            (1.644_854, 0.05),
            (2.326_348, 0.01),
            (-1.0, 0.841_345),
        ] {
            assert!((normal_sf(z) - p).abs() < 1e-6, "z={z}: {}", normal_sf(z));
        }
        assert!(normal_sf(40.0) < 1e-300);
    }

    #[test]
    fn same_rate_as_baseline_passes() {
        let j = judge_error_rate(&rule(), counts(10.0, 1000.0), counts(10.0, 1000.0), true);
        assert_eq!(j.verdict, Verdict::Pass, "{}", j.reason);
        assert_eq!(j.limit, Some(0.02));
        assert_eq!(j.candidate, Some(0.01));
    }

    #[test]
    fn three_times_the_baseline_with_traffic_fails() {
        let j = judge_error_rate(&rule(), counts(60.0, 2000.0), counts(20.0, 2000.0), true);
        assert_eq!(j.verdict, Verdict::Fail, "{}", j.reason);
        assert!(j.reason.contains("significant"), "{}", j.reason);
    }

    #[test]
    fn three_times_the_baseline_on_thin_traffic_is_not_a_failure() {
        // 3 % vs 1 % on 200 requests each: could be noise.
        let j = judge_error_rate(&rule(), counts(6.0, 200.0), counts(2.0, 200.0), true);
        assert_eq!(j.verdict, Verdict::Inconclusive, "{}", j.reason);
        assert!(j.reason.contains("not significant"), "{}", j.reason);
    }

    #[test]
    fn one_error_against_a_clean_baseline_does_not_fail() {
        let j = judge_error_rate(&rule(), counts(1.0, 60.0), counts(0.0, 5000.0), true);
        assert_ne!(j.verdict, Verdict::Fail, "{}", j.reason);
        // Below the floor outright:
        let j = judge_error_rate(&rule(), counts(1.0, 200.0), counts(0.0, 5000.0), true);
        assert_eq!(j.verdict, Verdict::Pass, "{}", j.reason);
        assert_eq!(j.limit, Some(0.01));
    }

    #[test]
    fn everything_failing_fails_even_against_a_clean_baseline() {
        let j = judge_error_rate(&rule(), counts(100.0, 100.0), counts(0.0, 5000.0), true);
        assert_eq!(j.verdict, Verdict::Fail, "{}", j.reason);
    }

    #[test]
    fn too_few_requests_is_inconclusive() {
        let j = judge_error_rate(&rule(), counts(5.0, 20.0), counts(0.0, 5000.0), true);
        assert_eq!(j.verdict, Verdict::Inconclusive);
        assert!(
            j.reason.contains("only 20 requests on the candidate"),
            "{}",
            j.reason
        );
        let j = judge_error_rate(&rule(), counts(0.0, 500.0), counts(0.0, 10.0), true);
        assert_eq!(j.verdict, Verdict::Inconclusive);
        assert!(j.reason.contains("baseline"), "{}", j.reason);
        let j = judge_error_rate(&rule(), None, counts(0.0, 500.0), true);
        assert_eq!(j.verdict, Verdict::Inconclusive);
    }

    #[test]
    fn without_baseline_relative_falls_back_to_max_or_is_inconclusive() {
        let j = judge_error_rate(&rule(), counts(0.0, 500.0), None, false);
        assert_eq!(j.verdict, Verdict::Inconclusive);
        assert!(j.reason.contains("no baseline"), "{}", j.reason);
        let with_max = ErrorRateRule {
            max: Some(0.05),
            ..rule()
        };
        let j = judge_error_rate(&with_max, counts(5.0, 500.0), None, false);
        assert_eq!(j.verdict, Verdict::Pass, "{}", j.reason);
        assert_eq!(j.limit, Some(0.05));
        let j = judge_error_rate(&with_max, counts(200.0, 1000.0), None, false);
        assert_eq!(j.verdict, Verdict::Fail, "{}", j.reason);
    }

    #[test]
    fn absolute_max_tightens_the_relative_bound() {
        let with_max = ErrorRateRule {
            max: Some(0.03),
            ..rule()
        };
        // 2× a 10 % baseline would allow 20 %; max caps it at 3 %.
        let j = judge_error_rate(
            &with_max,
            counts(150.0, 1000.0),
            counts(100.0, 1000.0),
            true,
        );
        assert_eq!(j.limit, Some(0.03));
        assert_eq!(j.verdict, Verdict::Fail, "{}", j.reason);
    }

    #[test]
    fn value_rules() {
        let latency = ValueRule {
            max: Some(0.5),
            ..ValueRule::default()
        };
        let j = judge_value(&latency, Some(0.1), None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Pass);
        assert_eq!(j.reason, "100ms ≤ max 500ms");
        let j = judge_value(&latency, Some(0.75), None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Fail);
        assert_eq!(j.reason, "750ms > max 500ms");
        let j = judge_value(&latency, Some(f64::NAN), None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Inconclusive);
        let j = judge_value(&latency, None, None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Inconclusive);
        let j = judge_value(&latency, Some(f64::INFINITY), None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Fail);

        let relative = ValueRule {
            max_ratio: Some(1.5),
            ..ValueRule::default()
        };
        let j = judge_value(&relative, Some(0.2), Some(0.1), true, show_seconds);
        assert_eq!(j.verdict, Verdict::Fail, "{}", j.reason);
        assert!((j.limit.unwrap_or_default() - 0.15).abs() < 1e-12);
        let j = judge_value(&relative, Some(0.12), Some(0.1), true, show_seconds);
        assert_eq!(j.verdict, Verdict::Pass, "{}", j.reason);
        let j = judge_value(&relative, Some(0.12), None, true, show_seconds);
        assert_eq!(j.verdict, Verdict::Inconclusive, "{}", j.reason);
        let j = judge_value(&relative, Some(0.12), None, false, show_seconds);
        assert_eq!(j.verdict, Verdict::Inconclusive, "{}", j.reason);
        assert!(j.reason.contains("no baseline"), "{}", j.reason);

        let floor = ValueRule {
            min: Some(0.9),
            ..ValueRule::default()
        };
        let j = judge_value(&floor, Some(0.5), None, false, show_number);
        assert_eq!(j.verdict, Verdict::Fail);
        assert_eq!(j.limit, Some(0.9));
    }

    #[test]
    fn formatting() {
        assert_eq!(show_seconds(0.5), "500ms");
        assert_eq!(show_seconds(0.0995), "99.5ms");
        assert_eq!(show_seconds(1.5), "1.5s");
        assert_eq!(show_number(0.123_456_789), "0.123457");
        assert_eq!(pct(0.0123), "1.23%");
        assert_eq!(pct(0.5), "50.0%");
    }
}
