//! The HTTP client for every call to the provider (discovery, keys, token,
//! userinfo): no redirects (a response must not steer us elsewhere), timeouts,
//! a 5xx turned into an error before anyone parses its body, so a provider
//! outage reads as one whatever the body says, and a cap on the body read: a
//! provider (or whoever answers in its name) cannot make the bridge buffer
//! more than `MAX_RESPONSE_BYTES`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::http::StatusCode;
use openidconnect::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

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
}

impl ProviderHttp {
    pub fn new(timeout: Duration) -> Result<Self, openidconnect::reqwest::Error> {
        let inner = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("jitsi-oidc-bridge/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { inner })
    }
}

impl<'c> AsyncHttpClient<'c> for ProviderHttp {
    type Error = ProviderHttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, ProviderHttpError>> + Send + Sync + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
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
        })
    }
}
