//! A connection to whichever server the sentinels call master now. The redis
//! crate finds the master through the sentinels but does not follow it after
//! a failover, so this keeps one multiplexed connection and drops it when it
//! breaks, times out or lands on a server that has become a replica (READONLY);
//! the next call asks the sentinels again. While they still name the dead
//! master, that call fails fast (connection refused), which the HTTP layer
//! answers with 503; the caller bounds every call by the store timeout.

use std::sync::{Mutex, PoisonError};

use redis::aio::MultiplexedConnection;
use redis::sentinel::{SentinelClient, SentinelClientBuilder, SentinelServerType};
use redis::{AsyncConnectionConfig, Cmd, ConnectionAddr, FromRedisValue, Pipeline, RedisError, RedisResult, TlsMode};
use secrecy::ExposeSecret;

use crate::config::RedisTopology;

pub(super) struct SentinelConnection {
    /// Serialises lookups: during a failover many requests would otherwise ask at once.
    client: tokio::sync::Mutex<SentinelClient>,
    /// The master's connection and its generation, so a failure forgets only the
    /// connection it happened on, never a newer one another request just made.
    current: Mutex<(u64, Option<MultiplexedConnection>)>,
    config: AsyncConnectionConfig,
}

impl SentinelConnection {
    /// Nothing connects yet; `topology` must be `Sentinel`.
    pub(super) fn new(
        topology: &RedisTopology,
        certificates: Option<redis::TlsCertificates>,
        config: AsyncConnectionConfig,
    ) -> RedisResult<Self> {
        let RedisTopology::Sentinel { sentinels, master_name, db, tls, auth, sentinel_auth } = topology else {
            return Err(RedisError::from((redis::ErrorKind::InvalidClientConfig, "not a Sentinel topology")));
        };
        let addresses = sentinels.iter().map(|(host, port)| match tls {
            true => ConnectionAddr::TcpTls { host: host.clone(), port: *port, insecure: false, tls_params: None },
            false => ConnectionAddr::Tcp(host.clone(), *port),
        });
        let mut builder =
            SentinelClientBuilder::new(addresses, master_name, SentinelServerType::Master)?.set_client_to_redis_db(*db);
        if *tls {
            builder =
                builder.set_client_to_redis_tls_mode(TlsMode::Secure).set_client_to_sentinel_tls_mode(TlsMode::Secure);
            if let Some(certificates) = certificates {
                builder = builder
                    .set_client_to_redis_certificates(certificates.clone())
                    .set_client_to_sentinel_certificates(certificates);
            }
        }
        if let Some(username) = &auth.username {
            builder = builder.set_client_to_redis_username(username);
        }
        if let Some(password) = &auth.password {
            builder = builder.set_client_to_redis_password(password.expose_secret());
        }
        if let Some(username) = &sentinel_auth.username {
            builder = builder.set_client_to_sentinel_username(username);
        }
        if let Some(password) = &sentinel_auth.password {
            builder = builder.set_client_to_sentinel_password(password.expose_secret());
        }
        let client = tokio::sync::Mutex::new(builder.build()?);
        Ok(Self { client, current: Mutex::new((0, None)), config })
    }

    pub(super) async fn query<T: FromRedisValue>(&self, cmd: &Cmd) -> RedisResult<T> {
        let (generation, mut conn) = self.connection().await?;
        let result = cmd.query_async(&mut conn).await;
        self.forget_if_broken(generation, result.as_ref().err());
        result
    }

    pub(super) async fn query_pipe(&self, pipe: &Pipeline) -> RedisResult<()> {
        let (generation, mut conn) = self.connection().await?;
        let result = pipe.query_async(&mut conn).await;
        self.forget_if_broken(generation, result.as_ref().err());
        result
    }

    async fn connection(&self) -> RedisResult<(u64, MultiplexedConnection)> {
        if let Some(found) = self.cached() {
            return Ok(found);
        }
        let mut client = self.client.lock().await;
        // Another request may have connected while this one waited for the lock.
        if let Some(found) = self.cached() {
            return Ok(found);
        }
        // Asks the sentinels, then checks that the server they name says it is master.
        let conn = client.get_async_connection_with_config(&self.config).await?;
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current.0 += 1;
        current.1 = Some(conn.clone());
        tracing::info!("connected to the Redis master the sentinels name");
        Ok((current.0, conn))
    }

    fn cached(&self) -> Option<(u64, MultiplexedConnection)> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        current.1.clone().map(|conn| (current.0, conn))
    }

    fn forget_if_broken(&self, generation: u64, error: Option<&RedisError>) {
        let Some(error) = error else { return };
        let broken = error.is_connection_dropped()
            || error.is_io_error()
            || error.is_timeout()
            || error.is_unrecoverable_error()
            || matches!(error.code(), Some("READONLY" | "MASTERDOWN" | "LOADING"));
        if !broken {
            return;
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.0 == generation && current.1.is_some() {
            tracing::warn!(%error, "dropping the Redis master connection; the sentinels are asked again");
            current.1 = None;
        }
    }
}
