//! Everything about the Jitsi side: room names, return URLs, token minting.
//! Pure code: no I/O, no clock reads.

pub mod apps;
pub mod auth_request;
pub mod features;
pub mod returns;
pub mod room;
mod room_chars;
pub mod signing;
pub mod token;
pub mod url;

pub use apps::{AppSchemes, JitsiApp};
pub use auth_request::{AuthRequest, AuthRequestError};
pub use returns::{Client, Delivery, Destination, Returns};
pub use room::{NameError, NameKind, RoomName, RoomTarget, TenantName};
pub use room_chars::{shown, Shown};
pub use token::{Grant, TokenSettings, TokenSigner};
pub use url::{ConfigOverrides, JitsiBaseUrl, TokenIn};
