//! jitsi-oidc-bridge: single sign-on for Jitsi Meet.
//!
//! Visitors arrive for a room; employees are sent through the company's OpenID
//! Connect provider and come back with a Jitsi JWT, guests go to the room
//! without one. Flow reads one way: `routes` -> (`oidc`, `policy`, `session`) -> `jitsi`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_debug_implementations, rust_2018_idioms)]

pub mod config;
pub mod error;
pub mod explain;
pub mod identity;
pub mod jitsi;
pub mod oidc;
pub mod pages;
pub mod policy;
pub mod public_url;
pub mod reload;
pub mod routes;
pub mod session;
pub mod sessions_admin;
pub mod shutdown;
pub mod startup;
pub mod suggest;
pub mod telemetry;
