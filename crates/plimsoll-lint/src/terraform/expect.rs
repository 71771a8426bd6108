//! The common "resource type X must set attribute Y to Z" check, declared
//! in one call.
//!
//! ```ignore
//! fn check_tf_resource(&self, cx: &TerraformContext<'_>, r: &Resource<'_>, out: &mut Diagnostics<'_>) {
//!     if r.kind == "aws_ebs_volume" {
//!         if let Some(f) = require_attr(cx, r, "encrypted", Expect::True, out) {
//!             f.help("Set `encrypted = true`");
//!         }
//!     }
//! }
//! ```

use super::eval::Value;
use super::model::{Lookup, Resource};
use crate::rule::{Diagnostics, FindingBuilder, TerraformContext};

/// What an attribute's value must be.
#[derive(Clone, Copy)]
pub enum Expect<'e> {
    True,
    False,
    /// Set to anything but `null`.
    Present,
    /// A string equal (ASCII case-insensitively) to one of these.
    OneOf(&'e [&'e str]),
    /// A string equal to none of these (ASCII case-insensitively).
    NoneOf(&'e [&'e str]),
    /// A number at least this.
    AtLeast(f64),
    /// A custom test on a known value, with the wording of what is
    /// expected (`"a retention of at least 7 days"`).
    Satisfies(&'e dyn Fn(&Value) -> bool, &'e str),
}

impl Expect<'_> {
    /// Whether a known value satisfies the expectation; `None` when the
    /// value cannot be judged.
    pub fn test(&self, v: &Value) -> Option<bool> {
        if v.has_unknown() {
            return None;
        }
        Some(match self {
            Expect::True => v.as_bool()?,
            Expect::False => !v.as_bool()?,
            Expect::Present => !v.is_null(),
            Expect::OneOf(set) => {
                let s = v.as_str()?;
                set.iter().any(|x| x.eq_ignore_ascii_case(s))
            }
            Expect::NoneOf(set) => {
                let s = v.as_str()?;
                !set.iter().any(|x| x.eq_ignore_ascii_case(s))
            }
            Expect::AtLeast(n) => v.as_number()? >= *n,
            Expect::Satisfies(f, _) => f(v),
        })
    }

    /// What is expected, for messages.
    pub fn describe(&self) -> String {
        match self {
            Expect::True => "`true`".into(),
            Expect::False => "`false`".into(),
            Expect::Present => "a value".into(),
            Expect::OneOf(set) => format!(
                "one of {}",
                set.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Expect::NoneOf(set) => format!(
                "none of {}",
                set.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Expect::AtLeast(n) => format!("at least {n}"),
            Expect::Satisfies(_, d) => (*d).to_string(),
        }
    }
}

/// Reports when the attribute at `path` of `resource` is missing (at the
/// block header) or set to a known value that fails `expect` (at the
/// attribute). Nothing when the value is unknown or behind a `dynamic`
/// block. Returns the finding to add help or a fix to.
pub fn require_attr<'o>(
    cx: &TerraformContext<'_>,
    resource: &Resource<'_>,
    path: &str,
    expect: Expect<'_>,
    out: &'o mut Diagnostics<'_>,
) -> Option<FindingBuilder<'o>> {
    match resource.lookup(path) {
        Lookup::Missing => Some(out.add(
            resource.header_span(),
            format!(
                "{} `{}` does not set `{path}` (expected {})",
                what(resource),
                resource.address(),
                expect.describe()
            ),
        )),
        Lookup::Dynamic => None,
        Lookup::Found(_) => check_attr(cx, resource, path, expect, out),
    }
}

/// Like [`require_attr`], but an absent attribute is fine: reports only a
/// known value that fails `expect`.
pub fn check_attr<'o>(
    cx: &TerraformContext<'_>,
    resource: &Resource<'_>,
    path: &str,
    expect: Expect<'_>,
    out: &'o mut Diagnostics<'_>,
) -> Option<FindingBuilder<'o>> {
    let Lookup::Found(attr) = resource.lookup(path) else {
        return None;
    };
    let value = cx.eval(attr.value);
    if expect.test(&value)? {
        return None;
    }
    let shown = cx.source(attr.value_span);
    let shown = if shown.len() > 60 || shown.contains('\n') {
        "a value".to_string()
    } else {
        format!("`{shown}`")
    };
    Some(out.add(
        attr.span,
        format!(
            "{} `{}` sets `{path}` to {shown} (expected {})",
            what(resource),
            resource.address(),
            expect.describe()
        ),
    ))
}

fn what(resource: &Resource<'_>) -> &'static str {
    if resource.data {
        "data source"
    } else {
        "resource"
    }
}
