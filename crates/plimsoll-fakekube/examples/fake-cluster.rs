//! A fake cluster to try `plimsoll deploy` by hand:
//!
//! ```sh
//! cargo run -p plimsoll-fakekube --example fake-cluster -- /tmp/fake-kubeconfig
//! # in another terminal, with a [deploy.demo] table for namespace shop / deployment web:
//! plimsoll deploy --env demo --kubeconfig /tmp/fake-kubeconfig --image 2.0 --dry-run
//! ```
//!
//! It serves a namespace `shop` with a Deployment and a Service `web`
//! (3 replicas of `ghcr.io/acme/web:1.0`), controllers at 10× speed, and pods
//! of any image containing `broken` crash-looping. Ctrl-C stops it.

use plimsoll_fakekube::{FakeCluster, Fault};
use serde_json::json;

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fake-kubeconfig".into());
    let cluster = FakeCluster::start();
    cluster.time_scale(10.0);
    cluster.fault_for_image("ghcr.io/acme/web:broken", Fault::CrashLoop);
    cluster.apply(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "ghcr.io/acme/web:1.0"}]}
            }
        }
    }));
    cluster.apply(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    }));
    cluster.write_kubeconfig(std::path::Path::new(&path), "fake", "shop")?;
    println!(
        "fake cluster at {}; kubeconfig written to {path} (context `fake`)",
        cluster.url()
    );
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
