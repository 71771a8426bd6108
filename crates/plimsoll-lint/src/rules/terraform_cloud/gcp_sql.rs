//! TF079-TF081: Cloud SQL instances accepting unencrypted connections,
//! open to the internet, or without backups.

use super::prelude::*;
use super::support::is_world_cidr;

const INSTANCE: &str = "google_sql_database_instance";

declare_rule! {
    /// ## What it does
    /// Reports `google_sql_database_instance` resources that accept
    /// unencrypted connections: `settings.ip_configuration.ssl_mode` is
    /// neither `ENCRYPTED_ONLY` nor `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`
    /// and the older `require_ssl` is not `true` (nothing set means
    /// unencrypted connections are allowed).
    ///
    /// ## Why is this bad?
    /// Clients may connect in clear text: queries, results and passwords
    /// can be read and altered on the network path, including from other
    /// workloads in the VPC.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   database_version = "POSTGRES_15"
    ///   settings {
    ///     tier = "db-custom-2-7680"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   database_version = "POSTGRES_15"
    ///   settings {
    ///     tier = "db-custom-2-7680"
    ///     ip_configuration {
    ///       ssl_mode = "ENCRYPTED_ONLY"
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: encrypted connections).
    /// - checkov CKV_GCP_6; Trivy AVD-GCP-0015.
    pub struct CloudsqlSslNotRequired {
        code: "TF079",
        name: "cloudsql-ssl-not-required",
        summary: "Cloud SQL instance accepting unencrypted connections",
        severity: Warning,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_6", Trivy "AVD-GCP-0015"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudsqlSslNotRequired {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != INSTANCE || r.has_dynamic("settings") {
            return;
        }
        let help = "set `ssl_mode = \"ENCRYPTED_ONLY\"` in `settings.ip_configuration`";
        let mode = setting(cx, r, "settings.ip_configuration.ssl_mode");
        let require = setting(cx, r, "settings.ip_configuration.require_ssl");
        if matches!(mode, Setting::Unknown) || matches!(require, Setting::Unknown) {
            return;
        }
        if let Setting::Known(_, v) = &require
            && v.as_bool() == Some(true)
        {
            return;
        }
        match mode {
            Setting::Known(a, v) => {
                let ok = v.as_str().is_some_and(|m| {
                    m == "ENCRYPTED_ONLY" || m == "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
                });
                if !ok {
                    out.add(
                        a.span,
                        format!(
                            "{} sets `ssl_mode` to {}, so clients may connect without encryption",
                            subject(r),
                            shown(cx, &a, &v)
                        ),
                    )
                    .help(help);
                }
            }
            _ => match require {
                Setting::Known(a, v) => {
                    out.add(
                        a.span,
                        format!(
                            "{} sets `require_ssl` to {} and no `ssl_mode`, so clients may connect without encryption",
                            subject(r),
                            shown(cx, &a, &v)
                        ),
                    )
                    .help(help);
                }
                _ => {
                    out.add(
                        r.header_span(),
                        format!(
                            "{} sets no `ssl_mode` (or `require_ssl`), so clients may connect without encryption",
                            subject(r)
                        ),
                    )
                    .help(help);
                }
            },
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `authorized_networks` blocks of a
    /// `google_sql_database_instance`'s `settings.ip_configuration` whose
    /// `value` is `0.0.0.0/0`, unless the instance has no public IP
    /// (`ipv4_enabled = false`).
    ///
    /// ## Why is this bad?
    /// The instance's public IP accepts connections from the whole
    /// internet, where database ports are scanned and brute-forced
    /// continuously. Use private IP, the Cloud SQL Auth Proxy, or list the
    /// few networks that need access.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   settings {
    ///     ip_configuration {
    ///       authorized_networks {
    ///         name  = "all"
    ///         value = "0.0.0.0/0"
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   settings {
    ///     ip_configuration {
    ///       ipv4_enabled    = false
    ///       private_network = google_compute_network.vpc.id
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: databases are not public).
    /// - checkov CKV_GCP_11; Trivy AVD-GCP-0017.
    pub struct CloudsqlOpenToInternet {
        code: "TF080",
        name: "cloudsql-open-to-internet",
        summary: "Cloud SQL instance authorizing 0.0.0.0/0",
        severity: Error,
        category: Security,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_11", Trivy "AVD-GCP-0017"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudsqlOpenToInternet {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != INSTANCE {
            return;
        }
        let Some(ip) = r.block("settings.ip_configuration") else {
            return;
        };
        if ip
            .body
            .attr("ipv4_enabled")
            .is_some_and(|a| cx.eval(&a.value).as_bool() == Some(false))
        {
            return;
        }
        for b in ip.body.blocks("authorized_networks") {
            let Some(a) = b.body.attr("value") else {
                continue;
            };
            let v = cx.eval(&a.value);
            if v.as_str().is_some_and(is_world_cidr) {
                out.add(
                    a.span,
                    format!(
                        "{} authorizes {} to connect to its public IP",
                        subject(r),
                        support::shown_expr(cx, &a.value, &v)
                    ),
                )
                .help(
                    "use private IP or the Cloud SQL Auth Proxy, or authorize only known networks",
                );
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `google_sql_database_instance` resources whose
    /// `settings.backup_configuration.enabled` is unset (the default is
    /// `false`) or `false`. Read replicas (`master_instance_name`) are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Without automated backups (and the binary logs or WAL archiving
    /// they enable), a dropped table, a bad migration or a deleted instance
    /// cannot be recovered to a point in time.
    ///
    /// ## Example
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   settings {
    ///     tier = "db-custom-2-7680"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "google_sql_database_instance" "main" {
    ///   settings {
    ///     tier = "db-custom-2-7680"
    ///     backup_configuration {
    ///       enabled                        = true
    ///       point_in_time_recovery_enabled = true
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T11 (database basics: backups).
    /// - checkov CKV_GCP_14; Trivy AVD-GCP-0024.
    pub struct CloudsqlBackupsDisabled {
        code: "TF081",
        name: "cloudsql-backups-disabled",
        summary: "Cloud SQL instance without automated backups",
        severity: Warning,
        category: Reliability,
        practices: ["T11"],
        peers: [Checkov "CKV_GCP_14", Trivy "AVD-GCP-0024"],
        fix: None,
        default: true,
    }
}

impl Rule for CloudsqlBackupsDisabled {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != INSTANCE || is_set(r, "master_instance_name") || r.has_dynamic("settings") {
            return;
        }
        check_bool(
            cx,
            r,
            &BoolCheck {
                path: "settings.backup_configuration.enabled",
                want: true,
                default: false,
                problem: "there are no automated backups to restore from",
                help: "add `backup_configuration { enabled = true }` to `settings`",
            },
            out,
        );
    }
}
