//! `auth.rs`: the credentials a client holds and what each request carries.
//!
//! Driven by the security schemes the operations use:
//! - OAuth2 `clientCredentials`: the client exchanges an API key and secret
//!   (HTTP Basic) for an access token at the scheme's token URL, keeps it
//!   until shortly before it expires, and shares it between concurrent
//!   calls: the token sits behind an async mutex held during a fetch, so
//!   callers that find it stale wait for one fetch instead of starting their
//!   own (the Go SDK's lock-free refresh fetches once per caller). A 401 or
//!   403 answer to a call refreshes it once (see `refresh`).
//! - HTTP `bearer` (or another OAuth2 flow): a ready token, sent as is.
//! - HTTP `basic`: the same key and secret as user name and password.
//! - `apiKey` schemes: one key each, sent in the header, query parameter or
//!   cookie the scheme names; a security requirement may ask for several
//!   (an API key and an application key), and for a key beside a token.
//!
//! Only what the spec uses is emitted, so that the generated crate has no
//! dead code. Secrets are wrapped in `Secret`, whose `Debug` is redacted.

use super::analysis::{AuthFeatures, TokenUrl};
use crate::ir::{ApiKey, ApiKeyLocation, Ir};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(ir: &Ir, features: &AuthFeatures) -> TokenStream {
    let secret = secret();
    let settings = settings(features);
    let auth = auth_struct(features);
    let apply = apply(features, &ir.api_keys);
    let keys = key_enum(&ir.api_keys);
    let tokens = features.oauth.as_ref().map(|_| token_cache());
    let variants = features.scheme_variants().into_iter().map(super::ident);
    let btree_map = features.api_keys.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let time = features.oauth.is_some().then(|| {
        quote!(
            use std::time::{Duration, Instant};
        )
    });
    quote! {
        //! Authentication: the credentials the client holds and what each
        //! request carries.

        #btree_map
        use std::fmt;
        #time

        use super::error::Error;

        /// How an operation authenticates, as its spec declares.
        #[derive(Clone, Copy, Debug)]
        pub(crate) enum Scheme {
            #(#variants,)*
        }

        #keys
        #secret
        #settings
        #auth
        #apply
        #tokens
    }
}

/// `Key`: one variant per API key scheme, naming the keys an operation sends.
fn key_enum(keys: &[ApiKey]) -> Option<TokenStream> {
    if keys.is_empty() {
        return None;
    }
    let variants = keys.iter().map(|key| {
        let doc = super::docs::own_doc(&format!(
            "The `{}` scheme's key.",
            key.scheme.replace('`', "'")
        ));
        let variant = super::ident(&key.variant);
        quote!(#doc #variant,)
    });
    Some(quote! {
        /// An API key an operation sends. (The variants are the spec's scheme
        /// names, which often share a suffix such as `Key`.)
        #[derive(Clone, Copy, Debug)]
        #[allow(clippy::enum_variant_names)]
        pub(crate) enum Key {
            #(#variants)*
        }
    })
}

fn secret() -> TokenStream {
    quote! {
        /// A secret value: `Debug` shows `<redacted>`, so that it never ends up
        /// in logs or error messages.
        #[derive(Clone, PartialEq, Eq)]
        pub(crate) struct Secret(String);

        impl Secret {
            pub(crate) fn new(value: String) -> Self {
                Self(value)
            }

            fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for Secret {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
    }
}

/// The builder's part: what the caller configured.
fn settings(features: &AuthFeatures) -> TokenStream {
    let credentials_type = features.credentials().then(|| {
        quote! {
            /// An API key and its secret.
            #[derive(Clone, Debug)]
            pub(crate) struct Credentials {
                pub(crate) key: Secret,
                pub(crate) secret: Secret,
            }
        }
    });
    let credentials = features.credentials().then(|| {
        quote! {
            /// The API key and secret.
            pub(crate) credentials: Option<Credentials>,
        }
    });
    let bearer = features.bearer.then(|| {
        quote! {
            /// A ready bearer token.
            pub(crate) bearer_token: Option<Secret>,
        }
    });
    let token_url = features.oauth.is_some().then(|| {
        quote! {
            /// The token endpoint, when not the spec's.
            pub(crate) token_url: Option<String>,
        }
    });
    let api_keys = features.api_keys.then(|| {
        quote! {
            /// API keys by scheme name.
            pub(crate) api_keys: BTreeMap<&'static str, Secret>,
        }
    });
    quote! {
        #credentials_type

        /// The credentials given to the client builder.
        #[derive(Clone, Debug, Default)]
        pub(crate) struct AuthSettings {
            #credentials
            #bearer
            #token_url
            #api_keys
        }
    }
}

/// The client's part: `Auth`, built from the settings.
fn auth_struct(features: &AuthFeatures) -> TokenStream {
    let credentials_field = features
        .credentials()
        .then(|| quote!(credentials: Option<Credentials>,));
    let credentials_init = features
        .credentials()
        .then(|| quote!(credentials: settings.credentials,));
    // With OAuth2, a ready token seeds the token cache instead.
    let (bearer_field, bearer_init, token_field, token_init) = match &features.oauth {
        Some(url) => {
            let url = token_url_expression(url);
            (
                None,
                None,
                Some(quote!(tokens: TokenCache,)),
                Some(quote! {
                    tokens: TokenCache::new(#url, settings.bearer_token),
                }),
            )
        }
        None if features.bearer => (
            Some(quote!(bearer_token: Option<Secret>,)),
            Some(quote!(bearer_token: settings.bearer_token,)),
            None,
            None,
        ),
        None => (None, None, None, None),
    };
    let (keys_field, keys_init) = if features.api_keys {
        (
            Some(quote!(api_keys: BTreeMap<&'static str, Secret>,)),
            Some(quote!(api_keys: settings.api_keys,)),
        )
    } else {
        (None, None)
    };
    let base_url_arg = if matches!(features.oauth, Some(TokenUrl::OnServer(_))) {
        quote!(base_url)
    } else {
        quote!(_base_url)
    };
    quote! {
        /// The credentials of a client, shared by its clones.
        #[derive(Debug)]
        pub(crate) struct Auth {
            #credentials_field
            #bearer_field
            #token_field
            #keys_field
        }

        impl Auth {
            pub(crate) fn new(
                settings: AuthSettings,
                #base_url_arg: &reqwest::Url,
            ) -> Result<Self, Error> {
                Ok(Self {
                    #credentials_init
                    #bearer_init
                    #token_init
                    #keys_init
                })
            }
        }
    }
}

/// `token_url(settings.token_url.as_deref(), base_url)?` for the spec's rule.
fn token_url_expression(url: &TokenUrl) -> TokenStream {
    let default = match url {
        TokenUrl::OnServer(path) => quote!(base_url.join(#path)),
        TokenUrl::Fixed(url) => quote!(reqwest::Url::parse(#url)),
    };
    quote! {
        match settings.token_url.as_deref() {
            Some(url) => reqwest::Url::parse(url),
            None => #default,
        }
        .map_err(|error| Error::Config {
            message: format!("invalid token URL: {error}"),
        })?
    }
}

/// `bearer_token` (the token for a request) and `apply` (putting the
/// credentials on a request), in an `impl Auth`.
fn apply(features: &AuthFeatures, keys: &[ApiKey]) -> TokenStream {
    let mut arms = Vec::new();
    if features.none {
        arms.push(quote!(Scheme::None => request,));
    }
    if features.bearer {
        arms.push(quote! {
            Scheme::Bearer => match token {
                Some(token) => request.bearer_auth(token.expose()),
                None => request,
            },
        });
    }
    if features.basic {
        arms.push(quote! {
            Scheme::Basic => match &self.credentials {
                Some(credentials) => {
                    request.basic_auth(credentials.key.expose(), Some(credentials.secret.expose()))
                }
                None => request,
            },
        });
    }
    let token_arg = if features.bearer {
        quote!(token)
    } else {
        quote!(_token)
    };
    let bearer_token = bearer_token_fn(features);
    let by_scheme = quote! {
        match scheme {
            #(#arms)*
        }
    };
    let (keys_param, add_keys) = if keys.is_empty() {
        (None, by_scheme)
    } else {
        let key_arms = keys.iter().map(key_arm);
        (
            Some(quote!(keys: &[Key],)),
            quote! {
                let request = #by_scheme;
                keys.iter().fold(request, |request, key| match key {
                    #(#key_arms)*
                })
            },
        )
    };
    quote! {
        impl Auth {
            #bearer_token

            /// Puts the credentials a request of `scheme` (and its API keys) needs on it.
            pub(crate) fn apply(
                &self,
                scheme: Scheme,
                #keys_param
                #token_arg: Option<&Secret>,
                request: reqwest::RequestBuilder,
            ) -> reqwest::RequestBuilder {
                #add_keys
            }
        }
    }
}

/// `Auth::bearer_token`, when some operation sends a bearer token: with
/// OAuth2, the cached token, fetched again when stale.
fn bearer_token_fn(features: &AuthFeatures) -> Option<TokenStream> {
    match (&features.oauth, features.bearer) {
        (Some(_), _) => Some(quote! {
            /// The token for a bearer request: the cached one while it is
            /// fresh; otherwise a new one, fetched with the API key and secret.
            /// Without them, a given token is used however old it is.
            pub(crate) async fn bearer_token(
                &self,
                transport: &super::transport::Transport,
            ) -> Result<Option<Secret>, Error> {
                let mut current = self.tokens.current.lock().await;
                if let Some(token) = current.as_ref().filter(|token| token.is_fresh()) {
                    return Ok(Some(token.value.clone()));
                }
                let Some(credentials) = &self.credentials else {
                    return Ok(current.as_ref().map(|token| token.value.clone()));
                };
                let token = fetch_token(transport, &self.tokens.url, credentials).await?;
                let value = token.value.clone();
                *current = Some(token);
                Ok(Some(value))
            }
        }),
        (None, true) => Some(quote! {
            /// The token for a bearer request.
            pub(crate) async fn bearer_token(
                &self,
                _transport: &super::transport::Transport,
            ) -> Result<Option<Secret>, Error> {
                Ok(self.bearer_token.clone())
            }
        }),
        (None, false) => None,
    }
}

/// Puts one API key, when set, where its scheme says.
fn key_arm(key: &ApiKey) -> TokenStream {
    let variant = super::ident(&key.variant);
    let scheme = &key.scheme;
    let name = &key.wire_name;
    let add = match key.location {
        ApiKeyLocation::Header => quote!(request.header(#name, value.expose())),
        ApiKeyLocation::Query => quote!(request.query(&[(#name, value.expose())])),
        ApiKeyLocation::Cookie => quote! {
            request.header(reqwest::header::COOKIE, format!("{}={}", #name, value.expose()))
        },
    };
    quote! {
        Key::#variant => match self.api_keys.get(#scheme) {
            Some(value) => #add,
            None => request,
        },
    }
}

/// The OAuth2 client-credentials token: cache, fetch and refresh.
fn token_cache() -> TokenStream {
    let fetch = fetch_token();
    quote! {
        /// How long before its expiry a token is replaced: 5 minutes, or half
        /// its lifetime if that is less (so a short-lived token is still reused).
        const REFRESH_MARGIN: Duration = Duration::from_secs(300);

        /// The current access token, behind a lock that a fetch holds, so
        /// that concurrent calls share one fetch.
        #[derive(Debug)]
        struct TokenCache {
            url: reqwest::Url,
            current: tokio::sync::Mutex<Option<Token>>,
        }

        impl TokenCache {
            fn new(url: reqwest::Url, given: Option<Secret>) -> Self {
                let given = given.map(|value| Token { value, refresh_at: None });
                Self { url, current: tokio::sync::Mutex::new(given) }
            }
        }

        #[derive(Debug)]
        struct Token {
            value: Secret,
            /// When to fetch a new one; `None`: only when the API refuses it.
            refresh_at: Option<Instant>,
        }

        impl Token {
            fn new(value: Secret, expires_in: Option<i64>) -> Self {
                let refresh_at = expires_in.and_then(|seconds| {
                    let lifetime = Duration::from_secs(u64::try_from(seconds).unwrap_or(0));
                    let margin = (lifetime / 2).min(REFRESH_MARGIN);
                    Instant::now().checked_add(lifetime - margin)
                });
                Self { value, refresh_at }
            }

            fn is_fresh(&self) -> bool {
                // (`Option::is_none_or` is newer than the Rust 1.80 supported.)
                match self.refresh_at {
                    Some(at) => Instant::now() < at,
                    None => true,
                }
            }
        }

        impl Auth {
            /// After the API refused `used` (401, or 403, with which some APIs,
            /// m3ter among them, answer an expired token), a token to retry
            /// with once: a new one, unless another call already replaced
            /// `used`. `None` when there are no credentials to fetch one with.
            pub(crate) async fn refresh(
                &self,
                used: &Secret,
                transport: &super::transport::Transport,
            ) -> Result<Option<Secret>, Error> {
                let Some(credentials) = &self.credentials else {
                    return Ok(None);
                };
                let mut current = self.tokens.current.lock().await;
                if let Some(token) = current.as_ref() {
                    if token.value != *used && token.is_fresh() {
                        return Ok(Some(token.value.clone()));
                    }
                }
                let token = fetch_token(transport, &self.tokens.url, credentials).await?;
                let value = token.value.clone();
                *current = Some(token);
                Ok(Some(value))
            }
        }

        #fetch
    }
}

fn fetch_token() -> TokenStream {
    quote! {
        /// The token endpoint's answer (RFC 6749, section 5.1). No `Debug`:
        /// it holds the token.
        #[derive(serde::Deserialize)]
        struct Grant {
            access_token: String,
            #[serde(default)]
            expires_in: Option<i64>,
        }

        /// Gets a token with the client-credentials grant: HTTP Basic with the
        /// key and secret, and the form body RFC 6749 (section 4.4.2) requires.
        /// Retried like any request.
        async fn fetch_token(
            transport: &super::transport::Transport,
            url: &reqwest::Url,
            credentials: &Credentials,
        ) -> Result<Token, Error> {
            let received = transport
                .send(|| {
                    transport
                        .http()
                        .post(url.clone())
                        .basic_auth(credentials.key.expose(), Some(credentials.secret.expose()))
                        .header(reqwest::header::ACCEPT, "application/json")
                        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body("grant_type=client_credentials")
                })
                .await
                .map_err(|error| Error::Auth {
                    message: format!("cannot reach the token endpoint {url}"),
                    status: None,
                    source: Some(Box::new(error)),
                })?;
            let status = received.status;
            if !status.is_success() {
                return Err(Error::Auth {
                    message: format!(
                        "the token endpoint {url} answered HTTP {status}: {}",
                        super::error::body_start(&received.body)
                    ),
                    status: Some(status.as_u16()),
                    source: None,
                });
            }
            // The body holds the token: neither it nor the decoder's message
            // (which may quote it) goes into the error.
            let grant: Grant = serde_json::from_slice(&received.body).map_err(|_| Error::Auth {
                message: format!(
                    "the token endpoint {url} answered with no token (expected JSON with `access_token`)"
                ),
                status: Some(status.as_u16()),
                source: None,
            })?;
            Ok(Token::new(Secret::new(grant.access_token), grant.expires_in))
        }
    }
}
