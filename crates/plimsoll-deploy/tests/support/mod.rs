//! Shared test harnesses.

pub mod prometheus;
