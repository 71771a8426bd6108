//! Shared helpers of the Terraform rules (practices T01-T13).

use plimsoll_syntax::hcl::HclFile;
use plimsoll_syntax::hcl::ParseError;

/// The parse error of a file, if any.
pub fn parse_error(hcl: &HclFile) -> Option<&ParseError> {
    hcl.error.as_ref()
}
