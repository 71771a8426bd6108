//! A minimal Prometheus HTTP API client: instant queries over hyper.

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use serde::Deserialize;

use super::AnalysisError;
use crate::duration::Span;

/// Answers larger than this are refused (an instant query for one number is
/// a few hundred bytes).
const MAX_BODY: usize = 4 << 20;

pub(crate) struct Prometheus {
    /// `<base>/api/v1/query`, also the URL named in errors.
    query_url: String,
    uri: http::Uri,
    bearer: Option<String>,
    timeout: Span,
    transport: crate::http::Transport,
}

impl std::fmt::Debug for Prometheus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("Prometheus")
            .field("query_url", &self.query_url)
            .field("bearer", &self.bearer.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// An instant query's result reduced to what the analysis needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Sample {
    /// An empty vector: nothing matched.
    NoData,
    Value(f64),
}

#[derive(Deserialize)]
struct Envelope {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Deserialize)]
struct Series {
    #[serde(default)]
    metric: serde_json::Map<String, serde_json::Value>,
    value: (f64, String),
}

impl Prometheus {
    pub(crate) fn new(
        base: &str,
        bearer: Option<String>,
        timeout: Span,
    ) -> Result<Self, AnalysisError> {
        let query_url = format!("{}/api/v1/query", base.trim_end_matches('/'));
        let uri: http::Uri =
            query_url
                .parse()
                .map_err(|e: http::uri::InvalidUri| AnalysisError::Unreachable {
                    url: query_url.clone(),
                    cause: format!("invalid URL: {e}"),
                })?;
        let transport =
            crate::http::Transport::for_uri(&uri).map_err(|cause| AnalysisError::Tls {
                url: query_url.clone(),
                cause,
            })?;
        Ok(Self {
            query_url,
            uri,
            bearer,
            timeout,
            transport,
        })
    }

    pub(crate) fn url(&self) -> &str {
        &self.query_url
    }

    /// Runs one instant query (POST, form-encoded) and reduces the answer to
    /// one number. `metric` names the metric in errors.
    pub(crate) async fn query(&self, metric: &str, promql: &str) -> Result<Sample, AnalysisError> {
        let body = format!("query={}", form_encode(promql));
        let mut request = http::Request::post(self.uri.clone())
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(http::header::ACCEPT, "application/json")
            .header(http::header::USER_AGENT, "plimsoll-deploy");
        if let Some(token) = &self.bearer {
            request = request.header(http::header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request =
            request
                .body(Full::new(Bytes::from(body)))
                .map_err(|e| AnalysisError::Query {
                    metric: metric.to_owned(),
                    message: format!("cannot build the request: {e}"),
                })?;
        let timeout: Duration = self.timeout.as_duration();
        let exchange =
            async {
                let response = self.transport.send(request).await.map_err(|cause| {
                    AnalysisError::Unreachable {
                        url: self.query_url.clone(),
                        cause,
                    }
                })?;
                let status = response.status();
                let bytes = Limited::new(response.into_body(), MAX_BODY)
                    .collect()
                    .await
                    .map_err(|e| AnalysisError::Unreachable {
                        url: self.query_url.clone(),
                        cause: format!("reading the answer: {e}"),
                    })?
                    .to_bytes();
                Ok::<_, AnalysisError>((status, bytes))
            };
        let (status, bytes) = tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| AnalysisError::Timeout {
                url: self.query_url.clone(),
                timeout: self.timeout,
            })??;
        self.decode(metric, promql, status, &bytes)
    }

    fn decode(
        &self,
        metric: &str,
        promql: &str,
        status: http::StatusCode,
        bytes: &[u8],
    ) -> Result<Sample, AnalysisError> {
        let query_error = |message: String| AnalysisError::Query {
            metric: metric.to_owned(),
            message: format!("{message} (query: {promql})"),
        };
        let envelope: Option<Envelope> = serde_json::from_slice(bytes).ok();
        match envelope {
            Some(env) if env.status == "error" => Err(query_error(format!(
                "Prometheus at {} refused the query: {}: {}",
                self.query_url,
                env.error_type.as_deref().unwrap_or("error"),
                env.error.as_deref().unwrap_or("no message")
            ))),
            _ if !status.is_success() => Err(AnalysisError::Http {
                url: self.query_url.clone(),
                status: status.as_u16(),
                body: snippet(bytes),
            }),
            Some(Envelope {
                data: Some(data), ..
            }) => reduce(&data).map_err(query_error),
            _ => Err(query_error(format!(
                "Prometheus at {} answered something that is not a query result: {}",
                self.query_url,
                snippet(bytes)
            ))),
        }
    }
}

fn reduce(data: &Data) -> Result<Sample, String> {
    match data.result_type.as_str() {
        "scalar" => {
            let (_, text): (f64, String) = serde_json::from_value(data.result.clone())
                .map_err(|e| format!("malformed scalar: {e}"))?;
            parse_value(&text)
        }
        "vector" => {
            let series: Vec<Series> = serde_json::from_value(data.result.clone())
                .map_err(|e| format!("malformed vector: {e}"))?;
            match series.as_slice() {
                [] => Ok(Sample::NoData),
                [one] => parse_value(&one.value.1),
                many => Err(format!(
                    "returned {} series (e.g. {}); aggregate it (sum, max, ...) to one number per track",
                    many.len(),
                    serde_json::Value::Object(many[0].metric.clone())
                )),
            }
        }
        other => Err(format!(
            "returned a {other}; an instant query must return a scalar or a vector"
        )),
    }
}

/// Prometheus' sample values: decimal text, `NaN`, `+Inf`, `-Inf`. NaN is
/// no data (e.g. 0/0 or a quantile of an empty histogram).
fn parse_value(text: &str) -> Result<Sample, String> {
    let value = match text {
        "NaN" => return Ok(Sample::NoData),
        "+Inf" | "Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other
            .parse::<f64>()
            .map_err(|_| format!("`{other}` is not a number"))?,
    };
    if value.is_nan() {
        Ok(Sample::NoData)
    } else {
        Ok(Sample::Value(value))
    }
}

/// `application/x-www-form-urlencoded`: unreserved bytes as they are, space
/// as `+`, everything else `%XX`.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(other >> 4)]));
                out.push(char::from(HEX[usize::from(other & 0xF)]));
            }
        }
    }
    out
}

fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(json: &str) -> Data {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reduces_vectors_and_scalars() {
        let one = data(
            r#"{"resultType":"vector","result":[{"metric":{},"value":[1700000000.5,"0.25"]}]}"#,
        );
        assert_eq!(reduce(&one), Ok(Sample::Value(0.25)));
        let empty = data(r#"{"resultType":"vector","result":[]}"#);
        assert_eq!(reduce(&empty), Ok(Sample::NoData));
        let nan = data(r#"{"resultType":"scalar","result":[1700000000,"NaN"]}"#);
        assert_eq!(reduce(&nan), Ok(Sample::NoData));
        let inf = data(r#"{"resultType":"scalar","result":[1700000000,"+Inf"]}"#);
        assert_eq!(reduce(&inf), Ok(Sample::Value(f64::INFINITY)));
        let two = data(
            r#"{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1,"1"]},{"metric":{"pod":"b"},"value":[1,"2"]}]}"#,
        );
        assert!(reduce(&two).unwrap_err().contains("returned 2 series"));
        let matrix = data(r#"{"resultType":"matrix","result":[]}"#);
        assert!(reduce(&matrix).unwrap_err().contains("matrix"));
    }

    #[test]
    fn form_encoding() {
        assert_eq!(
            form_encode(r#"sum(x{a=~"b.*"}) / 2"#),
            "sum%28x%7Ba%3D%7E%22b.*%22%7D%29+%2F+2"
        );
        assert_eq!(form_encode("é"), "%C3%A9");
    }

    #[test]
    fn errors_and_odd_answers() {
        let prom = Prometheus::new("http://127.0.0.1:9/", None, Span::secs(1)).unwrap();
        assert_eq!(prom.url(), "http://127.0.0.1:9/api/v1/query");
        let refused = prom
            .decode(
                "m",
                "q(",
                http::StatusCode::BAD_REQUEST,
                br#"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
            )
            .unwrap_err()
            .to_string();
        assert!(refused.contains("metric `m`"), "{refused}");
        assert!(refused.contains("bad_data: parse error"), "{refused}");
        assert!(refused.contains("query: q("), "{refused}");
        let proxy = prom
            .decode(
                "m",
                "q",
                http::StatusCode::BAD_GATEWAY,
                b"<html>bad gateway</html>",
            )
            .unwrap_err();
        assert!(
            matches!(&proxy, AnalysisError::Http { status: 502, url, .. } if url == "http://127.0.0.1:9/api/v1/query"),
            "{proxy:?}"
        );
        let garbage = prom
            .decode("m", "q", http::StatusCode::OK, b"hello")
            .unwrap_err();
        assert!(garbage.to_string().contains("not a query result"));
    }
}
