//! Shared helpers of the GitLab CI rules (no rules here).
