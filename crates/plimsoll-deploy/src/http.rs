//! A small HTTP client (hyper, rustls with ring as kube builds it) for smoke
//! checks: one GET with a timeout, the status code back.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// GETs `url` and returns the status code; the body is read (bounded) and
/// dropped so the connection closes cleanly.
pub async fn get_status(url: &str, timeout: Duration) -> Result<u16, String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("invalid URL {url}: {e}"))?;
    let request = http::Request::get(uri.clone())
        .header(
            http::header::USER_AGENT,
            concat!("plimsoll/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let send = async {
        let response = if uri.scheme_str() == Some("https") {
            let connector = hyper_rustls::HttpsConnectorBuilder::new()
                .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
                .map_err(|e| format!("TLS setup: {e}"))?
                .https_only()
                .enable_http1()
                .build();
            Client::builder(TokioExecutor::new())
                .build(connector)
                .request(request)
                .await
        } else {
            Client::builder(TokioExecutor::new())
                .build_http()
                .request(request)
                .await
        }
        .map_err(|e| crate::error_chain(&e))?;
        let status = response.status().as_u16();
        let _ = http_body_util::Limited::new(response.into_body(), 1 << 20)
            .collect()
            .await;
        Ok(status)
    };
    match tokio::time::timeout(timeout, send).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {}s", timeout.as_secs_f32())),
    }
}
