//! Metric analysis (in progress).
