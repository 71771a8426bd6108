//! TF076-TF078: Cloud Storage buckets without uniform access or public
//! access prevention, and data shared with `allUsers` /
//! `allAuthenticatedUsers`.

use super::prelude::*;
use super::support::strings;

const BUCKET: &str = "google_storage_bucket";
const PUBLIC_MEMBERS: [&str; 2] = ["allUsers", "allAuthenticatedUsers"];

declare_rule! {
    /// ## What it does
    /// Reports `google_storage_bucket` resources whose
    /// `uniform_bucket_level_access` is unset (the default is `false`) or
    /// `false`.
    ///
    /// ## Why is this bad?
    /// With fine-grained access, every object can carry its own ACL, so
    /// bucket IAM does not tell who can read the data and a single object
    /// ACL can make a file public. Uniform access disables object ACLs and
    /// makes IAM the only source of truth.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_storage_bucket" "data" {
    ///   name     = "acme-data"
    ///   location = "EU"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_storage_bucket" "data" {
    ///   name                        = "acme-data"
    ///   location                    = "EU"
    ///   uniform_bucket_level_access = true
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics).
    /// - checkov CKV_GCP_29; Trivy AVD-GCP-0002.
    pub struct GcsUniformAccessDisabled {
        code: "TF076",
        name: "gcs-uniform-access-disabled",
        summary: "Cloud Storage bucket with per-object ACLs",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_29", Trivy "AVD-GCP-0002"],
        fix: None,
        default: true,
    }
}

impl Rule for GcsUniformAccessDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind == BUCKET {
            check_bool(
                cx,
                r,
                &BoolCheck {
                    path: "uniform_bucket_level_access",
                    want: true,
                    default: false,
                    problem: "object ACLs can grant access that bucket IAM does not show",
                    help: "set `uniform_bucket_level_access = true`",
                },
                out,
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_storage_bucket` resources whose
    /// `public_access_prevention` is unset (`inherited`: public access is
    /// possible unless an organization policy forbids it) or `inherited`.
    /// Buckets with a `website` block, public on purpose, are not reported.
    ///
    /// ## Why is this bad?
    /// Without enforced prevention, one IAM binding to `allUsers` or one
    /// object ACL makes data public. `enforced` makes Cloud Storage refuse
    /// such grants whatever is written elsewhere.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_storage_bucket" "data" {
    ///   name                        = "acme-data"
    ///   location                    = "EU"
    ///   uniform_bucket_level_access = true
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_storage_bucket" "data" {
    ///   name                        = "acme-data"
    ///   location                    = "EU"
    ///   uniform_bucket_level_access = true
    ///   public_access_prevention    = "enforced"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: public access block).
    /// - checkov CKV_GCP_114.
    pub struct GcsPublicAccessPreventionUnenforced {
        code: "TF077",
        name: "gcs-public-access-prevention-unenforced",
        summary: "Cloud Storage bucket without enforced public access prevention",
        severity: Info,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_114"],
        fix: None,
        default: true,
    }
}

impl Rule for GcsPublicAccessPreventionUnenforced {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != BUCKET || is_set(r, "website") {
            return;
        }
        let help = "set `public_access_prevention = \"enforced\"`";
        match setting(cx, r, "public_access_prevention") {
            Setting::Missing => {
                out.add(
                    r.header_span(),
                    format!(
                        "{} does not set `public_access_prevention` (default `inherited`), so an IAM binding or ACL can make it public",
                        subject(r)
                    ),
                )
                .help(help);
            }
            Setting::Known(a, v)
                if v.as_str()
                    .is_some_and(|s| !s.eq_ignore_ascii_case("enforced")) =>
            {
                out.add(
                    a.span,
                    format!(
                        "{} sets `public_access_prevention` to {}, so an IAM binding or ACL can make it public",
                        subject(r),
                        shown(cx, &a, &v)
                    ),
                )
                .help(help);
            }
            _ => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports grants to `allUsers` (anyone) or `allAuthenticatedUsers`
    /// (any Google account) on Cloud Storage and BigQuery:
    /// `google_storage_bucket_iam_binding` / `_iam_member`,
    /// `google_storage_bucket_access_control`,
    /// `google_storage_default_object_access_control`,
    /// `google_bigquery_dataset_iam_binding` / `_iam_member`, and
    /// `access` blocks of `google_bigquery_dataset` (`special_group` or
    /// `iam_member`).
    ///
    /// ## Why is this bad?
    /// The data becomes readable (or writable, with such roles) by anyone
    /// on the internet; `allAuthenticatedUsers` is not "our users" but
    /// every Google account in the world.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_storage_bucket_iam_member" "public" {
    ///   bucket = google_storage_bucket.data.name
    ///   role   = "roles/storage.objectViewer"
    ///   member = "allUsers"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_storage_bucket_iam_member" "team" {
    ///   bucket = google_storage_bucket.data.name
    ///   role   = "roles/storage.objectViewer"
    ///   member = "group:data@example.com"
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (storage basics: no public data).
    /// - checkov CKV_GCP_28, CKV_GCP_15; Trivy AVD-GCP-0001, AVD-GCP-0046.
    pub struct GcpDataPublicToAllUsers {
        code: "TF078",
        name: "gcp-data-public-to-all-users",
        summary: "Cloud Storage or BigQuery data granted to allUsers or allAuthenticatedUsers",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [
            Checkov "CKV_GCP_28", Checkov "CKV_GCP_15", Trivy "AVD-GCP-0001",
            Trivy "AVD-GCP-0046",
        ],
        fix: None,
        default: true,
    }
}

fn report(r: &Resource<'_>, span: Span, who: &str, out: &mut Diagnostics<'_>) {
    let audience = if who == "allUsers" {
        "anyone on the internet"
    } else {
        "every Google account"
    };
    out.add(
        span,
        format!("{} grants access to `{who}` ({audience})", subject(r)),
    )
    .help("grant access to named users, groups or service accounts instead");
}

impl Rule for GcpDataPublicToAllUsers {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        let keys: &[&str] = match r.kind {
            "google_storage_bucket_iam_binding" | "google_bigquery_dataset_iam_binding" => {
                &["members"]
            }
            "google_storage_bucket_iam_member" | "google_bigquery_dataset_iam_member" => {
                &["member"]
            }
            "google_storage_bucket_access_control"
            | "google_storage_default_object_access_control" => &["entity"],
            "google_bigquery_dataset" => {
                for b in r.blocks("access") {
                    for key in ["special_group", "iam_member"] {
                        let Some(a) = b.body.attr(key) else { continue };
                        if let Some(who) = cx
                            .eval(&a.value)
                            .as_str()
                            .and_then(|s| PUBLIC_MEMBERS.iter().find(|m| **m == s))
                        {
                            report(r, a.span, who, out);
                        }
                    }
                }
                return;
            }
            _ => return,
        };
        for key in keys {
            let Setting::Known(a, v) = setting(cx, r, key) else {
                continue;
            };
            for m in strings(&v) {
                if let Some(who) = PUBLIC_MEMBERS.iter().find(|p| **p == m) {
                    report(r, support::item_span(cx, &a, &m), who, out);
                }
            }
        }
    }
}
