//! Where browsers reach the bridge (`server.public_url`), and every address
//! of the bridge built from it.
//!
//! The bridge may live under a path of another site: Jitsi's inline sign-in
//! popup only accepts a message from the Jitsi origin, so operators serve the
//! bridge as `https://meet.example.com/sso`. Every route, link, redirect URI
//! and cookie path then carries that prefix; with a bare host it is empty.

use url::Url;

/// The bridge's public base URL: http(s), a host, an optional path prefix
/// without a trailing slash, no query, fragment or credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// `https://host[/prefix]`, the prefix without a trailing slash.
    base: Url,
    /// `""` or `"/prefix"`.
    prefix: String,
}

impl PublicUrl {
    /// Check `raw`: https (http only with `allow_http`), a host, a plain path.
    pub fn parse(raw: &str, allow_http: bool) -> Result<Self, String> {
        let url = web_url(raw, allow_http)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not carry credentials".into());
        }
        let prefix = url.path().trim_end_matches('/').to_owned();
        // The prefix becomes a cookie path and a route scope: keep it to plain segments.
        let plain = |segment: &str| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
        };
        if !prefix.is_empty() && !prefix[1..].split('/').all(plain) {
            return Err(format!(
                "path {:?} must be plain segments of letters, digits, '-', '_', '.' or '~' (such as \"/sso\")",
                url.path()
            ));
        }
        let mut base = url;
        base.set_path(&prefix);
        Ok(Self { base, prefix })
    }

    /// `""` at the root of the host, else `"/prefix"`: the scope of every route.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The path of a bridge page: `path` starts with `/`.
    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The absolute URL of a bridge page: `path` starts with `/`.
    pub fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        url.set_path(&self.path(path));
        url
    }

    /// Where the provider sends the browser back: `<public_url>/callback`.
    pub fn callback(&self) -> Url {
        self.url("/callback")
    }

    /// The path our cookies are limited to: `/` or the prefix.
    pub fn cookie_path(&self) -> &str {
        if self.prefix.is_empty() {
            "/"
        } else {
            &self.prefix
        }
    }

    pub fn origin(&self) -> url::Origin {
        self.base.origin()
    }

    /// As configured, for logs and summaries.
    pub fn as_str(&self) -> &str {
        self.base.as_str()
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.base.as_str())
    }
}

/// An absolute http(s) URL with a host and no query or fragment; https
/// unless `allow_http` (dev mode).
pub fn web_url(raw: &str, allow_http: bool) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("{raw:?} is not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => return Err("must be https:// (set server.dev_mode = true only for a local trial)".into()),
        other => return Err(format!("scheme {other:?} is not http(s)")),
    }
    if url.host_str().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err("must be a plain URL with a host and no query or fragment".into());
    }
    Ok(url)
}

#[cfg(test)]
#[path = "public_url_tests.rs"]
mod tests;
