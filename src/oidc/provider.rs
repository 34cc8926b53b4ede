//! The identity provider as the bridge sees it: discovery metadata and keys,
//! fetched on first use (so the bridge starts while the provider is down),
//! re-read every hour, and re-read at once (at most every 30 s) when an ID
//! token names a key we do not have. Readiness asks how long ago the last
//! read succeeded, and may start one in the background, never waiting on it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    Client, ClientId, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    ProviderMetadataWithLogout, RedirectUrl, StandardErrorResponse, StandardTokenResponse,
};
use tokio::sync::{Mutex, RwLock};

use super::claims::ExtraClaims;
use super::http::ProviderHttp;
use super::OidcError;
use crate::config::OidcSettings;
use crate::telemetry::metrics::{Endpoint, Metrics};

pub type TokenResponse = StandardTokenResponse<
    IdTokenFields<
        ExtraClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// An OIDC client with our claim types and the endpoints discovery provides.
pub type OidcClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

const METADATA_MAX_AGE: Duration = Duration::from_secs(3600);
const MIN_FORCED_REFRESH_INTERVAL: Duration = Duration::from_secs(30);
const FAILURE_BACKOFF: Duration = Duration::from_secs(5);

/// The provider's metadata, with the RP-Initiated Logout fields (`end_session_endpoint`).
pub type Metadata = ProviderMetadataWithLogout;

/// What discovery produced, ready to use.
#[derive(Debug)]
pub struct Discovered {
    pub client: OidcClient,
    pub metadata: Metadata,
    /// The provider's keys again, in the form the logout-token check reads.
    pub logout_keys: jsonwebtoken::jwk::JwkSet,
    fetched_at: Instant,
}

pub struct Provider {
    settings: OidcSettings,
    pub(super) http: ProviderHttp,
    current: RwLock<Option<Arc<Discovered>>>,
    /// Serialises refreshes, and remembers how the last ones went.
    refreshing: Mutex<RefreshState>,
}

#[derive(Debug, Default)]
struct RefreshState {
    last_forced: Option<Instant>,
    /// A failed read, kept for a few seconds so that, with the provider down or
    /// hanging, waiting requests answer at once instead of each trying in turn.
    last_failure: Option<(Instant, OidcError)>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("issuer", &self.settings.issuer_url).finish_non_exhaustive()
    }
}

impl Provider {
    pub fn new(settings: OidcSettings, metrics: Arc<Metrics>) -> Result<Self, OidcError> {
        let http = ProviderHttp::new(settings.http_timeout, &settings.ca_certificates, metrics)
            .map_err(|e| OidcError::Fault(format!("building the HTTP client: {e}")))?;
        Ok(Self { settings, http, current: RwLock::new(None), refreshing: Mutex::new(RefreshState::default()) })
    }

    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// The current discovery result, fetching it when missing or stale. A stale
    /// result is kept (and used) when the provider cannot be reached.
    pub async fn discovered(&self) -> Result<Arc<Discovered>, OidcError> {
        if let Some(current) = self.fresh_copy().await {
            return Ok(current);
        }
        let mut refresh = self.refreshing.lock().await;
        // Another request may have refreshed while this one waited.
        if let Some(current) = self.fresh_copy().await {
            return Ok(current);
        }
        let stale = self.current.read().await.clone();
        let result = match &refresh.last_failure {
            Some((at, error)) if at.elapsed() < FAILURE_BACKOFF => Err(error.clone()),
            _ => self.discover_and_keep(&mut refresh).await,
        };
        match (result, stale) {
            (Ok(fresh), _) => Ok(fresh),
            (Err(error), Some(stale)) => {
                tracing::warn!(%error, "could not refresh provider metadata; using the previous copy");
                Ok(stale)
            }
            (Err(error), None) => Err(error),
        }
    }

    /// Re-read metadata and keys now (an ID token named a key we do not have:
    /// the provider may have rotated its keys). At most once every 30 s, so a
    /// stream of such tokens cannot turn into a stream of requests.
    pub async fn force_refresh(&self) -> Result<Arc<Discovered>, OidcError> {
        let mut refresh = self.refreshing.lock().await;
        if refresh.last_forced.is_some_and(|at| at.elapsed() < MIN_FORCED_REFRESH_INTERVAL) {
            if let Some(current) = self.current.read().await.clone() {
                return Ok(current);
            }
        }
        refresh.last_forced = Some(Instant::now());
        self.discover_and_keep(&mut refresh).await
    }

    /// How long ago metadata and keys were last read (`None`: never). Does not
    /// wait for a read under way: the lock it takes is only held to swap copies.
    pub async fn metadata_age(&self) -> Option<Duration> {
        self.current.read().await.as_ref().map(|d| d.fetched_at.elapsed())
    }

    /// Re-read metadata and keys, unless a read is under way (it may hang for
    /// the HTTP timeout) or failed a moment ago.
    pub async fn refresh_unless_busy(&self) {
        let Ok(mut refresh) = self.refreshing.try_lock() else { return };
        if refresh.last_failure.as_ref().is_some_and(|(at, _)| at.elapsed() < FAILURE_BACKOFF) {
            return;
        }
        if let Err(error) = self.discover_and_keep(&mut refresh).await {
            tracing::warn!(%error, "could not re-read the provider's metadata");
        }
    }

    async fn discover_and_keep(&self, refresh: &mut RefreshState) -> Result<Arc<Discovered>, OidcError> {
        match self.discover().await {
            Ok(fresh) => {
                refresh.last_failure = None;
                Ok(self.keep(fresh).await)
            }
            Err(error) => {
                refresh.last_failure = Some((Instant::now(), error.clone()));
                Err(error)
            }
        }
    }

    async fn fresh_copy(&self) -> Option<Arc<Discovered>> {
        self.current.read().await.as_ref().filter(|d| d.fetched_at.elapsed() < METADATA_MAX_AGE).cloned()
    }

    async fn keep(&self, fresh: Discovered) -> Arc<Discovered> {
        let fresh = Arc::new(fresh);
        *self.current.write().await = Some(fresh.clone());
        fresh
    }

    async fn discover(&self) -> Result<Discovered, OidcError> {
        let issuer = IssuerUrl::new(self.settings.issuer_url.clone())
            .map_err(|e| OidcError::Fault(format!("issuer URL: {e}")))?;
        let metadata = Metadata::discover_async(issuer, &self.http.to(Endpoint::Discovery))
            .await
            .map_err(|e| OidcError::from_discovery(&e))?;
        tracing::info!(issuer = %self.settings.issuer_url, keys = metadata.jwks().keys().len(), "read provider metadata");
        Ok(Discovered {
            client: self.client_for(&metadata)?,
            logout_keys: logout_keys(&metadata),
            metadata,
            fetched_at: Instant::now(),
        })
    }

    fn client_for(&self, metadata: &Metadata) -> Result<OidcClient, OidcError> {
        let redirect = RedirectUrl::new(self.settings.redirect_url.to_string())
            .map_err(|e| OidcError::Fault(format!("redirect URL: {e}")))?;
        Ok(OidcClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_auth.secret(),
        )
        .set_auth_type(self.settings.client_auth.auth_type())
        .set_redirect_uri(redirect))
    }

    /// Signing algorithms to accept for ID tokens: what the provider says it uses, never "none".
    pub fn id_token_algorithms(discovered: &Discovered) -> Vec<CoreJwsSigningAlgorithm> {
        discovered
            .metadata
            .id_token_signing_alg_values_supported()
            .iter()
            .filter(|alg| **alg != CoreJwsSigningAlgorithm::None)
            .cloned()
            .collect()
    }
}

/// The provider's key set as jsonwebtoken reads it. A key it cannot read (a
/// type it does not know) is left out rather than failing discovery: ID tokens
/// are checked by openidconnect, which has its own copy.
fn logout_keys(metadata: &Metadata) -> jsonwebtoken::jwk::JwkSet {
    let keys = metadata
        .jwks()
        .keys()
        .iter()
        .filter_map(|key| serde_json::to_value(key).ok())
        .filter_map(|json| serde_json::from_value::<jsonwebtoken::jwk::Jwk>(json).ok())
        .collect();
    jsonwebtoken::jwk::JwkSet { keys }
}
