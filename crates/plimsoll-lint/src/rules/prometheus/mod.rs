//! Prometheus alerting and recording rules (PROM), one file per rule (a few related rules share one).

mod prelude;
pub(crate) mod support;

mod absent_grouping;
mod alert_metadata;
mod alert_without_condition;
mod alert_without_for;
mod duplicate_rule;
mod impossible_comparison;
mod invalid_group;
mod invalid_promql;
mod invalid_rule;
mod rate_functions;
mod recording_rule_name;
mod regex_matchers;
mod templates;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &invalid_promql::InvalidPromql,                  // PROM001
    &invalid_rule::InvalidRule,                      // PROM002
    &alert_without_for::AlertWithoutFor,             // PROM003
    &alert_metadata::AlertWithoutSeverity,           // PROM004
    &alert_metadata::AlertWithoutSummary,            // PROM005
    &alert_metadata::AlertWithoutRunbook,            // PROM006
    &templates::InvalidTemplate,                     // PROM007
    &rate_functions::RateOnGauge,                    // PROM008
    &rate_functions::RangeTooShort,                  // PROM009
    &templates::TemplateLabelNotInQuery,             // PROM010
    &duplicate_rule::DuplicateRule,                  // PROM011
    &recording_rule_name::RecordingRuleName,         // PROM012
    &regex_matchers::RedundantRegexAnchors,          // PROM013
    &regex_matchers::RegexWithoutRegex,              // PROM014
    &absent_grouping::AbsentOfAggregation,           // PROM015
    &impossible_comparison::ImpossibleComparison,    // PROM016
    &invalid_group::InvalidGroup,                    // PROM017
    &regex_matchers::MatchAllRegex,                  // PROM018
    &alert_without_condition::AlertWithoutCondition, // PROM019
];
