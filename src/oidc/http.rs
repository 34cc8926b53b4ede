//! The HTTP client for every call to the provider (discovery, keys, token,
//! userinfo): no redirects (a response must not steer us elsewhere), timeouts,
//! and a 5xx turned into an error before anyone parses its body, so a provider
//! outage reads as one whatever the body says.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::http::StatusCode;
use openidconnect::{AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};

#[derive(Debug, thiserror::Error)]
pub enum ProviderHttpError {
    #[error(transparent)]
    Transport(HttpClientError<openidconnect::reqwest::Error>),
    #[error("the provider answered HTTP {0}")]
    ServerStatus(StatusCode),
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
            let response = self.inner.call(request).await.map_err(ProviderHttpError::Transport)?;
            if response.status().is_server_error() {
                return Err(ProviderHttpError::ServerStatus(response.status()));
            }
            Ok(response)
        })
    }
}
