//! The HTTP client behind smoke checks and Prometheus queries: hyper, with
//! rustls on ring (as kube builds it) for https.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// A connection pool for one scheme.
pub(crate) enum Transport {
    Http(Client<HttpConnector, Full<Bytes>>),
    Https(Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>),
}

impl Transport {
    /// The transport `uri`'s scheme needs; an error only when TLS cannot be
    /// set up (no usable root certificates).
    pub(crate) fn for_uri(uri: &http::Uri) -> Result<Self, String> {
        if uri.scheme_str() == Some("https") {
            let connector = hyper_rustls::HttpsConnectorBuilder::new()
                .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
                .map_err(|e| e.to_string())?
                .https_only()
                .enable_http1()
                .build();
            Ok(Transport::Https(
                Client::builder(TokioExecutor::new()).build(connector),
            ))
        } else {
            Ok(Transport::Http(
                Client::builder(TokioExecutor::new()).build_http(),
            ))
        }
    }

    pub(crate) async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
    ) -> Result<http::Response<Incoming>, String> {
        match self {
            Transport::Http(client) => client.request(request).await,
            Transport::Https(client) => client.request(request).await,
        }
        .map_err(|e| crate::error_chain(&e))
    }
}

/// GETs `url` and returns the status code; the body is read (bounded) and
/// dropped so the connection closes cleanly.
pub async fn get_status(url: &str, timeout: Duration) -> Result<u16, String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("invalid URL {url}: {e}"))?;
    let transport = Transport::for_uri(&uri).map_err(|e| format!("TLS setup: {e}"))?;
    let request = http::Request::get(uri)
        .header(
            http::header::USER_AGENT,
            concat!("plimsoll/", env!("CARGO_PKG_VERSION")),
        )
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let send = async {
        let response = transport.send(request).await?;
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
