use crate::{Category, Fix, Location, RuleMeta, Severity};

/// A secondary location that helps explain a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One problem found by one rule.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// The rule's default severity unless configuration overrides it.
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    pub related: Vec<Related>,
    pub help: Option<String>,
    pub fixes: Vec<Fix>,
    /// A span of the finding's file holding a secret: output formats that
    /// quote source mask it (see [`mask_secret`]), and messages never
    /// repeat it.
    pub sensitive: Option<crate::Span>,
}

/// A secret as it may be shown: its first four characters, the rest as
/// `*` (one per character, so columns stay aligned). Whitespace and line
/// breaks are kept, so a masked multi-line secret keeps its shape.
pub fn mask_secret(secret: &str) -> String {
    let mut shown = 0;
    secret
        .chars()
        .map(|c| {
            if c.is_whitespace() {
                c
            } else if shown < 4 {
                shown += 1;
                c
            } else {
                '*'
            }
        })
        .collect()
}

impl Finding {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn name(&self) -> &'static str {
        self.rule.name
    }

    pub fn category(&self) -> Category {
        self.rule.category
    }

    pub fn docs_url(&self) -> String {
        self.rule.docs_url()
    }

    /// Sort key giving deterministic output: path, position, code, message.
    pub fn sort_key(&self) -> (&std::path::Path, usize, usize, &'static str, &str) {
        (
            self.location.path.as_path(),
            self.location.start.line,
            self.location.start.column,
            self.rule.code,
            &self.message,
        )
    }
}
