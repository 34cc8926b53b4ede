//! The HTTP client for every call to the provider (discovery, keys, token,
//! userinfo): no redirects (a response must not steer us elsewhere), timeouts,
//! a 5xx turned into an error before anyone parses its body, so a provider
//! outage reads as one whatever the body says, and a cap on the body read: a
//! provider (or whoever answers in its name) cannot make the bridge buffer
//! more than `MAX_RESPONSE_BYTES`. Every call is made for a named endpoint
//! ([`ProviderHttp::to`]) and counted and timed under that name.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::http::{StatusCode, Uri};
use openidconnect::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

use crate::telemetry::metrics::{CallOutcome, Endpoint, Metrics};

/// Larger answers are refused: metadata, key sets, tokens and userinfo are a
/// few kilobytes, even with hundreds of groups.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ProviderHttpError {
    #[error(transparent)]
    Transport(HttpClientError<openidconnect::reqwest::Error>),
    #[error("the provider answered HTTP {0}")]
    ServerStatus(StatusCode),
    #[error("the provider's answer is larger than {MAX_RESPONSE_BYTES} bytes")]
    TooLarge,
}

impl From<openidconnect::reqwest::Error> for ProviderHttpError {
    fn from(error: openidconnect::reqwest::Error) -> Self {
        Self::Transport(HttpClientError::Reqwest(Box::new(error)))
    }
}

#[derive(Debug, Clone)]
pub struct ProviderHttp {
    inner: openidconnect::reqwest::Client,
    metrics: Arc<Metrics>,
}

impl ProviderHttp {
    /// `extra_roots`: CA certificates trusted besides the system's and the public roots.
    pub fn new(
        timeout: Duration,
        extra_roots: &[reqwest::Certificate],
        metrics: Arc<Metrics>,
    ) -> Result<Self, openidconnect::reqwest::Error> {
        let mut builder = openidconnect::reqwest::Client::builder();
        for root in extra_roots {
            builder = builder.add_root_certificate(root.clone());
        }
        let inner = builder
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("jitsi-oidc-bridge/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { inner, metrics })
    }

    /// This client for calls to `endpoint`.
    pub fn to(&self, endpoint: Endpoint) -> EndpointHttp<'_> {
        EndpointHttp { http: self, endpoint }
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ProviderHttpError> {
        let request = openidconnect::reqwest::Request::try_from(request)?;
        let mut response = self.inner.execute(request).await?;
        let status = response.status();
        if status.is_server_error() {
            return Err(ProviderHttpError::ServerStatus(status));
        }
        if response.content_length().is_some_and(|length| length > MAX_RESPONSE_BYTES as u64) {
            return Err(ProviderHttpError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(ProviderHttpError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let mut answer = HttpResponse::new(body);
        *answer.status_mut() = status;
        *answer.headers_mut() = std::mem::take(response.headers_mut());
        Ok(answer)
    }
}

/// [`ProviderHttp`] making calls to one endpoint. Discovery reads the key set
/// with the same client: there, a call that is not for the discovery document
/// is counted as `jwks`.
#[derive(Debug, Clone, Copy)]
pub struct EndpointHttp<'a> {
    http: &'a ProviderHttp,
    endpoint: Endpoint,
}

impl<'c> AsyncHttpClient<'c> for EndpointHttp<'_> {
    type Error = ProviderHttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, ProviderHttpError>> + Send + Sync + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let endpoint = endpoint_of(self.endpoint, request.uri());
            let started = Instant::now();
            let result = self.http.send(request).await;
            self.http.metrics.provider_call(endpoint, outcome_of(&result), started);
            result
        })
    }
}

fn endpoint_of(named: Endpoint, uri: &Uri) -> Endpoint {
    match named {
        Endpoint::Discovery if !uri.path().ends_with("/.well-known/openid-configuration") => Endpoint::Jwks,
        other => other,
    }
}

fn outcome_of(result: &Result<HttpResponse, ProviderHttpError>) -> CallOutcome {
    match result {
        Ok(response) if response.status().is_success() => CallOutcome::Ok,
        Ok(_) => CallOutcome::Refused,
        Err(ProviderHttpError::ServerStatus(_)) => CallOutcome::ServerError,
        Err(ProviderHttpError::TooLarge) => CallOutcome::TooLarge,
        Err(ProviderHttpError::Transport(HttpClientError::Reqwest(error))) if error.is_timeout() => {
            CallOutcome::Timeout
        }
        Err(ProviderHttpError::Transport(_)) => CallOutcome::Unreachable,
    }
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
