//! The values metric labels may take. Each label is a closed set named here,
//! so no room name, subject, e-mail or other visitor-supplied text can ever
//! become a label (the one open-looking label, the HTTP route, is the pattern
//! the bridge declared, never the path a visitor typed).

use prometheus_client::encoding::{EncodeLabelValue, LabelValueEncoder};

/// An enum of label values, each with its text.
macro_rules! label_values {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, to start each series at zero.
            #[allow(dead_code)] // not every set needs it
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl EncodeLabelValue for $name {
            fn encode(&self, encoder: &mut LabelValueEncoder<'_>) -> Result<(), std::fmt::Error> {
                EncodeLabelValue::encode(&self.as_str(), encoder)
            }
        }
    };
}

label_values!(
    /// Request methods the bridge serves; anything else is `other` (a client may
    /// send any token as a method, which must not grow the label set).
    Method {
        Get => "GET",
        Head => "HEAD",
        Post => "POST",
        Options => "OPTIONS",
        Other => "other",
    }
);

impl Method {
    pub fn of(method: &actix_web::http::Method) -> Self {
        match method.as_str() {
            "GET" => Self::Get,
            "HEAD" => Self::Head,
            "POST" => Self::Post,
            "OPTIONS" => Self::Options,
            _ => Self::Other,
        }
    }
}

label_values!(
    /// Why a sign-in ended without a token, at its start or at the callback.
    Refusal {
        /// The policy admits the user to no such room.
        Policy => "policy",
        /// The provider sent the visitor back with an error (cancelled, refused).
        ProviderDenied => "provider_denied",
        /// The provider's answer did not verify (ID token, issuer, refused code).
        Rejected => "rejected",
        /// The sign-in state was unknown, expired or already used.
        ExpiredState => "expired_state",
        /// The callback came to another browser than the one that started.
        ForeignBrowser => "foreign_browser",
        RateLimited => "rate_limited",
        ProviderUnavailable => "provider_unavailable",
        ProviderFault => "provider_fault",
        StoreUnavailable => "store_unavailable",
        /// A callback without its parameters, or another malformed request.
        BadRequest => "bad_request",
        Internal => "internal",
    }
);

label_values!(
    /// What a minted Jitsi token makes its holder.
    Role {
        Member => "member",
        Moderator => "moderator",
    }
);

label_values!(
    /// Which of the provider's endpoints a call went to.
    Endpoint {
        Discovery => "discovery",
        Jwks => "jwks",
        Token => "token",
        Refresh => "refresh",
        Userinfo => "userinfo",
    }
);

label_values!(
    /// How a call to the provider went.
    CallOutcome {
        /// A 2xx answer.
        Ok => "ok",
        /// A 3xx or 4xx answer (a refused code or token, a redirect not followed).
        Refused => "refused",
        /// A 5xx answer.
        ServerError => "server_error",
        Timeout => "timeout",
        /// No connection, TLS failure, or the connection broke.
        Unreachable => "unreachable",
        /// An answer over the size cap.
        TooLarge => "too_large",
    }
);

label_values!(
    /// Session-store operations, as the `Store` trait names them.
    StoreOperation {
        Put => "put",
        PutNew => "put_new",
        Replace => "replace",
        Get => "get",
        GetAndTouch => "get_and_touch",
        Take => "take",
        Delete => "delete",
        DeleteIf => "delete_if",
        IndexAdd => "index_add",
        IndexMembers => "index_members",
        IndexRemove => "index_remove",
        /// Several writes as one atomic step (a session with its index entry).
        Apply => "apply",
        Ping => "ping",
    }
);

label_values!(
    /// How a session-store operation went.
    StoreOutcome {
        Ok => "ok",
        Error => "error",
    }
);
