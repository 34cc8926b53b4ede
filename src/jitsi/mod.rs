//! Everything about the Jitsi side: room names, return URLs, token minting.
//! Pure code: no I/O, no clock reads.

pub mod room;
pub mod token;
pub mod url;

pub use room::{NameError, RoomName, RoomTarget, TenantName};
pub use token::{Grant, TokenSettings, TokenSigner};
pub use url::{ConfigOverrides, JitsiBaseUrl};
