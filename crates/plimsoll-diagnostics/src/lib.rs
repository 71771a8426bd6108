//! The finding model shared by every plimsoll crate.
//!
//! A [`Finding`] is what a rule reports: a code and name from its [`RuleMeta`],
//! a severity, a message, one primary [`Location`] and optional related ones,
//! and zero or more [`Fix`]es. Locations are byte ranges resolved to 1-based
//! line and column so every output format can use them directly.

mod finding;
mod fix;
mod location;
mod rule_meta;
mod severity;

pub use finding::{Finding, Related, mask_secret};
pub use fix::{Applicability, Edit, Fix};
pub use location::{LineCol, Location, Span};
pub use rule_meta::{DOCS_BASE_URL, Domain, FixAvailability, PeerRule, PeerTool, RuleMeta};
pub use severity::{Category, Severity};
