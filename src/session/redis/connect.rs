//! One connection to the store's Redis, whichever way it is run. Each is built
//! without connecting, so the bridge starts (and answers 503) while Redis is
//! down, and each recovers by itself: the connection manager reconnects to one
//! server, the cluster connection re-reads its slots and reconnects to nodes,
//! and [`SentinelConnection`] follows the master through a failover.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::cluster::{ClusterClientBuilder, ClusterConfig};
use redis::cluster_async::ClusterConnection;
use redis::{AsyncConnectionConfig, Client, Cmd, FromRedisValue, IntoConnectionInfo, Pipeline, RedisResult};
use secrecy::ExposeSecret;

use super::sentinel::SentinelConnection;
use super::tls::trusted_roots;
use crate::config::{RedisAuth, RedisSettings, RedisTopology};

pub(super) enum Connection {
    Standalone(ConnectionManager),
    Cluster(ClusterConnection),
    Sentinel(Box<SentinelConnection>),
}

impl Connection {
    /// `settings` must be validated; must be called inside a Tokio runtime.
    pub(super) fn open(settings: &RedisSettings) -> RedisResult<Self> {
        let certificates = trusted_roots(settings.extra_ca.as_deref());
        let timeout = settings.timeout;
        match &settings.topology {
            RedisTopology::Standalone { url, auth, .. } => {
                let info = with_auth(url.expose_secret().into_connection_info()?, auth);
                let client = match certificates {
                    Some(certificates) => Client::build_with_tls(info, certificates)?,
                    None => Client::open(info)?,
                };
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(timeout))
                    .set_response_timeout(Some(timeout))
                    .set_number_of_retries(1)
                    .set_max_delay(Duration::from_millis(200));
                Ok(Self::Standalone(ConnectionManager::new_lazy_with_config(client, config)?))
            }
            RedisTopology::Cluster { nodes, auth, .. } => {
                let nodes = nodes.iter().map(|node| node.expose_secret().to_owned());
                let mut builder = ClusterClientBuilder::new(nodes)
                    .connection_timeout(timeout)
                    .response_timeout(timeout)
                    // A slot moving or a replica taking over is retried briefly; the store bounds the whole call.
                    .retries(2)
                    .min_retry_wait(20)
                    .max_retry_wait(200)
                    .overall_response_timeout(Some(timeout.saturating_mul(2)));
                if let Some(username) = &auth.username {
                    builder = builder.username(username);
                }
                if let Some(password) = &auth.password {
                    builder = builder.password(password.expose_secret());
                }
                if let Some(certificates) = certificates {
                    builder = builder.certs(certificates);
                }
                let config = ClusterConfig::new().set_connection_timeout(timeout).set_response_timeout(timeout);
                Ok(Self::Cluster(builder.build()?.get_pending_async_connection_with_config(config)))
            }
            RedisTopology::Sentinel { .. } => {
                let config = AsyncConnectionConfig::new()
                    .set_connection_timeout(Some(timeout))
                    .set_response_timeout(Some(timeout));
                let sentinel = SentinelConnection::new(&settings.topology, certificates, config)?;
                Ok(Self::Sentinel(Box::new(sentinel)))
            }
        }
    }

    pub(super) async fn query<T: FromRedisValue>(&self, cmd: &Cmd) -> RedisResult<T> {
        match self {
            Self::Standalone(conn) => cmd.query_async(&mut conn.clone()).await,
            Self::Cluster(conn) => cmd.query_async(&mut conn.clone()).await,
            Self::Sentinel(conn) => conn.query(cmd).await,
        }
    }

    pub(super) async fn query_pipe(&self, pipe: &Pipeline) -> RedisResult<()> {
        match self {
            Self::Standalone(conn) => pipe.query_async(&mut conn.clone()).await,
            Self::Cluster(conn) => pipe.query_async(&mut conn.clone()).await,
            Self::Sentinel(conn) => conn.query_pipe(pipe).await,
        }
    }
}

/// The URL's address with credentials given apart from it, if any.
fn with_auth(info: redis::ConnectionInfo, auth: &RedisAuth) -> redis::ConnectionInfo {
    let mut redis = info.redis_settings().clone();
    if let Some(username) = &auth.username {
        redis = redis.set_username(username);
    }
    if let Some(password) = &auth.password {
        redis = redis.set_password(password.expose_secret());
    }
    info.set_redis_settings(redis)
}
