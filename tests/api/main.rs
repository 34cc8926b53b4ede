//! One integration-test binary (one link step): the bridge against real Redis
//! and a real OpenID Provider.

mod helpers;

mod browser;
mod browser_pages;
mod browser_popup;
mod browser_reload;
mod clients;
mod config_check;
mod contrast;
mod deploy;
mod faults;
mod flow;
mod freshness;
mod limits;
mod logout;
mod negative;
mod observe;
mod oidc_clients;
mod pages;
mod policy;
mod provider_tls;
mod redis_topologies;
mod reload;
mod signing_keys;
mod store;
