//! The authentication the operations of a spec use, and so what `auth.rs`
//! holds.

use crate::ir::{AuthScheme, Ir};

/// The authentication the operations of a spec use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthFeatures {
    /// How the token URL is found, when an operation uses OAuth2 client
    /// credentials.
    pub oauth: Option<TokenUrl>,
    /// Some operation sends a bearer token (OAuth2 or HTTP bearer).
    pub bearer: bool,
    /// Some operation uses HTTP Basic.
    pub basic: bool,
    /// Some operation sends no bearer token or Basic credentials.
    pub none: bool,
    /// Some operation sends an API key.
    pub api_keys: bool,
}

/// Where the token endpoint is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenUrl {
    /// On the API's server (the spec's token URL has the server's origin, or
    /// is relative): joined to the base URL, so that a client pointed at
    /// another server (a test server, a proxy) gets its tokens there too.
    OnServer(String),
    /// On another host: used as written.
    Fixed(String),
}

impl AuthFeatures {
    pub fn of(ir: &Ir) -> Self {
        let mut features = Self::default();
        for op in &ir.operations {
            match &op.auth {
                Some(AuthScheme::OAuth2ClientCredentials { token_url }) => {
                    features.bearer = true;
                    if features.oauth.is_none() {
                        features.oauth =
                            Some(TokenUrl::of(token_url, ir.api.server_url.as_deref()));
                    }
                }
                Some(AuthScheme::Bearer) => features.bearer = true,
                Some(AuthScheme::Basic) => features.basic = true,
                None => features.none = true,
            }
        }
        features.api_keys = !ir.api_keys.is_empty();
        features
    }

    /// Whether any operation sends credentials (and so `auth.rs` exists).
    pub fn any(&self) -> bool {
        self.bearer || self.basic || self.api_keys
    }

    /// Whether the client holds an API key and secret.
    pub fn credentials(&self) -> bool {
        self.oauth.is_some() || self.basic
    }

    /// The `Scheme` variants the spec's operations need, in a fixed order.
    pub fn scheme_variants(&self) -> Vec<&'static str> {
        let mut variants = Vec::new();
        if self.none {
            variants.push("None");
        }
        if self.bearer {
            variants.push("Bearer");
        }
        if self.basic {
            variants.push("Basic");
        }
        variants
    }
}

impl TokenUrl {
    pub fn of(token_url: &str, server_url: Option<&str>) -> Self {
        match origin(token_url) {
            None => TokenUrl::OnServer(token_url.to_string()),
            Some(token_origin) if server_url.and_then(origin) == Some(token_origin) => {
                let path = &token_url[token_origin.len()..];
                TokenUrl::OnServer(if path.is_empty() {
                    "/".into()
                } else {
                    path.to_string()
                })
            }
            Some(_) => TokenUrl::Fixed(token_url.to_string()),
        }
    }
}

/// `https://api.m3ter.com` of `https://api.m3ter.com/oauth/token`; `None`
/// for a relative URL.
fn origin(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + 3 + authority_len])
}

#[cfg(test)]
mod tests {
    use super::TokenUrl;

    #[test]
    fn token_urls_on_the_server_follow_the_base_url() {
        let on_server = |path: &str| TokenUrl::OnServer(path.into());
        let cases = [
            // (token URL, server URL, where the token endpoint is)
            (
                "https://api.m3ter.com/oauth/token",
                Some("https://api.m3ter.com"),
                on_server("/oauth/token"),
            ),
            (
                "https://api.example.com/oauth/token?x=1",
                Some("https://api.example.com/v2"),
                on_server("/oauth/token?x=1"),
            ),
            ("/token", None, on_server("/token")),
            (
                "https://auth.example.com/token",
                Some("https://api.example.com"),
                TokenUrl::Fixed("https://auth.example.com/token".into()),
            ),
            (
                "https://api.example.com",
                Some("https://api.example.com"),
                on_server("/"),
            ),
        ];
        for (token_url, server_url, expected) in cases {
            assert_eq!(TokenUrl::of(token_url, server_url), expected, "{token_url}");
        }
    }
}
