//! One deploy at a time per target (R06): a `coordination.k8s.io/v1` Lease
//! named after the target, taken with create-or-replace on resourceVersion
//! (two racing deploys cannot both win) and renewed while the deploy runs.
//! A holder that stopped renewing for longer than the lease duration (a
//! crashed CLI) loses it; the next deploy may then resume or abort.

use super::{Backend, Kind, KubeError};
use k8s_openapi::jiff::Timestamp;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Seconds a holder may go without renewing.
pub const LEASE_SECONDS: i64 = 30;
/// How often the holder renews.
pub const RENEW_EVERY: Duration = Duration::from_secs(10);

/// Who holds a target's lock, for messages and `plimsoll status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockInfo {
    pub holder: String,
    pub renewed: String,
    pub expired: bool,
}

pub fn lease_name(target: &str) -> String {
    format!("plimsoll-deploy-{target}")
}

/// A held lock; renews in the background until released or dropped.
pub struct LeaseGuard {
    backend: Backend,
    name: String,
    holder: String,
    lost: Arc<AtomicBool>,
    renewer: Option<tokio::task::JoinHandle<()>>,
}

/// RFC 3339 with exactly six fractional digits, as `MicroTime` is written.
fn now_micro() -> String {
    let now = Timestamp::now();
    format!(
        "{}.{:06}Z",
        now.strftime("%Y-%m-%dT%H:%M:%S"),
        now.subsec_microsecond()
    )
}

/// Now, RFC 3339 to the second (for records people read).
pub fn now_rfc3339() -> String {
    Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn lease_expired(lease: &Value) -> bool {
    let duration = lease["spec"]["leaseDurationSeconds"]
        .as_i64()
        .unwrap_or(LEASE_SECONDS);
    let Some(renewed) = lease["spec"]["renewTime"]
        .as_str()
        .and_then(|t| t.parse::<Timestamp>().ok())
    else {
        return true;
    };
    let age = Timestamp::now().as_second() - renewed.as_second();
    lease["spec"]["holderIdentity"]
        .as_str()
        .is_none_or(str::is_empty)
        || age > duration
}

/// A name for this process, unique enough to tell two deploys apart.
pub fn holder_identity() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .unwrap_or_else(|| "unknown-host".into());
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    format!(
        "{user}@{host}/pid-{}/{}",
        std::process::id(),
        Timestamp::now().as_millisecond()
    )
}

impl Backend {
    /// The current holder of `target`'s lock, if any.
    pub async fn lock_info(&self, target: &str) -> Result<Option<LockInfo>, KubeError> {
        let Some(lease) = self.get(Kind::Lease, &lease_name(target)).await? else {
            return Ok(None);
        };
        let holder = lease["spec"]["holderIdentity"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if holder.is_empty() {
            return Ok(None);
        }
        Ok(Some(LockInfo {
            holder,
            renewed: lease["spec"]["renewTime"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            expired: lease_expired(&lease),
        }))
    }

    /// Takes `target`'s lock or says who has it.
    pub async fn acquire_lock(&self, target: &str, holder: &str) -> Result<LeaseGuard, KubeError> {
        let name = lease_name(target);
        for _ in 0..5 {
            let spec = json!({
                "holderIdentity": holder,
                "leaseDurationSeconds": LEASE_SECONDS,
                "acquireTime": now_micro(),
                "renewTime": now_micro(),
            });
            match self.get(Kind::Lease, &name).await? {
                None => {
                    let lease = json!({
                        "apiVersion": "coordination.k8s.io/v1",
                        "kind": "Lease",
                        "metadata": {"name": name, "namespace": self.namespace(), "labels": {"app.kubernetes.io/managed-by": "plimsoll"}},
                        "spec": spec,
                    });
                    match self.create(Kind::Lease, &lease).await {
                        Ok(_) => return Ok(self.guard(name, holder)),
                        Err(KubeError::Conflict(_)) => {}
                        Err(error) => return Err(error),
                    }
                }
                Some(mut lease) => {
                    let current = lease["spec"]["holderIdentity"].as_str().unwrap_or_default();
                    if current != holder && !lease_expired(&lease) {
                        return Err(KubeError::Locked(format!(
                            "another deploy holds {target}: Lease {}/{name} is held by {current} (renewed {}); wait for it to finish, or, if that process is gone, for the lock to expire ({LEASE_SECONDS} s after its last renewal) and run `plimsoll deploy` to resume or `plimsoll abort` to roll back",
                            self.namespace(),
                            lease["spec"]["renewTime"].as_str().unwrap_or("?")
                        )));
                    }
                    lease["spec"] = spec;
                    // The read resourceVersion makes this a compare-and-swap.
                    match self.replace(Kind::Lease, &name, &lease).await {
                        Ok(_) => return Ok(self.guard(name, holder)),
                        Err(KubeError::Conflict(_)) => {}
                        Err(error) => return Err(error),
                    }
                }
            }
        }
        Err(KubeError::Conflict(format!(
            "could not take Lease {name}: it kept changing"
        )))
    }

    fn guard(&self, name: String, holder: &str) -> LeaseGuard {
        let lost = Arc::new(AtomicBool::new(false));
        let backend = self.clone();
        let renew_name = name.clone();
        let renew_holder = holder.to_string();
        let renew_lost = Arc::clone(&lost);
        let renewer = tokio::spawn(async move {
            loop {
                tokio::time::sleep(RENEW_EVERY).await;
                // An error is a blip: the lease lasts three renewals, so
                // the next try is in time.
                if let Ok(false) = backend.renew(&renew_name, &renew_holder).await {
                    renew_lost.store(true, Ordering::SeqCst);
                    return;
                }
            }
        });
        LeaseGuard {
            backend: self.clone(),
            name,
            holder: holder.to_string(),
            lost,
            renewer: Some(renewer),
        }
    }

    /// `Ok(false)` when someone else took the lease.
    async fn renew(&self, name: &str, holder: &str) -> Result<bool, KubeError> {
        let mut still_ours = true;
        let result = self
            .update(Kind::Lease, name, |lease| {
                if lease["spec"]["holderIdentity"] != holder {
                    still_ours = false;
                    return Ok(());
                }
                lease["spec"]["renewTime"] = json!(now_micro());
                Ok(())
            })
            .await;
        result.map(|_| still_ours)
    }
}

impl LeaseGuard {
    /// Whether another process took the lease (this deploy must stop).
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Gives the lock back.
    pub async fn release(mut self) -> Result<(), KubeError> {
        if let Some(renewer) = self.renewer.take() {
            renewer.abort();
        }
        let holder = self.holder.clone();
        self.backend
            .update(Kind::Lease, &self.name, |lease| {
                if lease["spec"]["holderIdentity"] == holder.as_str() {
                    lease["spec"]["holderIdentity"] = Value::Null;
                    lease["spec"]["renewTime"] = Value::Null;
                }
                Ok(())
            })
            .await
            .map(drop)
    }
}

impl Drop for LeaseGuard {
    fn drop(&mut self) {
        if let Some(renewer) = self.renewer.take() {
            renewer.abort();
        }
    }
}
