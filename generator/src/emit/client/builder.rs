//! The `ClientBuilder` of `client.rs`: base URL, credentials, client-level
//! path parameters, timeouts and retries, set in code or read from the
//! environment (`from_env`, with the variable names m3ter's official SDKs
//! use: `<PREFIX>API_KEY`, `API_SECRET`, `API_TOKEN`, `BASE_URL`, and one
//! per client parameter, e.g. `M3TER_ORG_ID`).

use crate::emit::analysis::Analysis;
use crate::emit::docs::{doc_attrs, own_doc};
use crate::emit::{ident, EmitContext};
use crate::ir::{ApiKeyLocation, ClientParam};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let ir = cx.ir;
    let auth_field = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::AuthSettings,));
    let auth_init = analysis
        .auth
        .any()
        .then(|| quote!(auth: Default::default(),));
    let param_fields: Vec<TokenStream> = ir
        .client_params
        .iter()
        .map(|param| {
            let field = ident(&param.field);
            quote!(#field: Option<String>,)
        })
        .collect();
    let param_inits = ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: None,)
    });
    let param_moves = ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: self.#field,)
    });
    let doc = own_doc(&builder_doc(analysis));
    let from_env = from_env(cx, analysis);
    let setters = setters(cx, analysis);
    let base_url = base_url(analysis);
    let auth_arg = analysis.auth.any().then(|| quote!(self.auth));
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            #auth_field
            #(#param_fields)*
            timeout: Duration,
            connect_timeout: Duration,
            retry: super::transport::RetryPolicy,
            http: Option<reqwest::Client>,
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ClientBuilder {
            /// How long a request may take, unless set with [`Self::timeout`].
            pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
            /// How long connecting may take, unless set with [`Self::connect_timeout`].
            pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
            /// Retries after a failed attempt, unless set with [`Self::max_retries`].
            pub const DEFAULT_MAX_RETRIES: u32 = 2;

            /// A builder with the defaults.
            pub fn new() -> Self {
                Self {
                    base_url: None,
                    #auth_init
                    #(#param_inits)*
                    timeout: Self::DEFAULT_TIMEOUT,
                    connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
                    retry: super::transport::RetryPolicy {
                        max_retries: Self::DEFAULT_MAX_RETRIES,
                        initial_backoff: Duration::from_millis(500),
                        max_backoff: Duration::from_secs(8),
                    },
                    http: None,
                }
            }

            #from_env
            #setters

            /// Builds the client.
            pub fn build(self) -> Result<Client, Error> {
                let base_url = #base_url;
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .timeout(self.timeout)
                        .connect_timeout(self.connect_timeout)
                        .build()
                        .map_err(Error::Transport)?,
                };
                let transport = super::transport::Transport::new(http, self.retry);
                let shared = Shared::new(base_url, transport, #auth_arg)?;
                Ok(Client {
                    shared: Arc::new(shared),
                    #(#param_moves)*
                })
            }
        }

        /// Parses a base URL: it must be an absolute `http` or `https` URL.
        fn parse_base_url(base_url: &str) -> Result<reqwest::Url, Error> {
            let invalid = |reason: &str| Error::InvalidBaseUrl {
                url: base_url.into(),
                reason: reason.into(),
            };
            let url = reqwest::Url::parse(base_url).map_err(|e| invalid(&e.to_string()))?;
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                return Err(invalid("expected an absolute http or https URL"));
            }
            Ok(url)
        }

        /// An environment variable, unless it is unset or blank.
        fn env_var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|value| !value.trim().is_empty())
        }
    }
}

fn builder_doc(analysis: &Analysis) -> String {
    let vars = &analysis.env;
    let server = match &analysis.default_base_url {
        Some(url) => format!("the spec's server (`{url}`)"),
        None => "none (the spec names no server: set one)".to_string(),
    };
    let credentials = if analysis.auth.oauth.is_some() {
        "none (given an API key and secret, the client gets OAuth2 access tokens itself)"
    } else if analysis.auth.any() {
        "none"
    } else {
        "none (the spec declares no authentication)"
    };
    format!(
        "Configures a [`Client`].\n\n\
         Defaults: base URL {server}; credentials {credentials}; a 60 s timeout per \
         attempt (5 s to connect); 2 retries of connection errors, timeouts, 408, 409, \
         429 and 5xx answers, 0.5 s doubling up to 8 s apart (or as the server asks \
         with `Retry-After`). [`Self::from_env`] starts from `{}` and the other \
         variables it lists.",
        vars.base_url
    )
}

/// `ClientBuilder::from_env`.
fn from_env(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let vars = &analysis.env;
    let mut listed = vec![format!("- `{}`: the base URL;", vars.base_url)];
    let base_url = &vars.base_url;
    let mut reads = vec![quote! {
        if let Some(url) = env_var(#base_url) {
            builder = builder.base_url(url);
        }
    }];
    if analysis.auth.credentials() {
        let (key, secret) = (&vars.api_key, &vars.api_secret);
        listed.push(format!(
            "- `{key}` and `{secret}`: the API key and its secret;"
        ));
        let message = format!("set both {key} and {secret}, or neither");
        reads.push(quote! {
            match (env_var(#key), env_var(#secret)) {
                (Some(key), Some(secret)) => {
                    builder = builder.credentials(key, secret);
                }
                (None, None) => {}
                _ => return Err(Error::Config { message: #message.into() }),
            }
        });
    }
    if analysis.auth.bearer {
        let token = &vars.api_token;
        listed.push(format!("- `{token}`: a ready bearer token;"));
        reads.push(quote! {
            if let Some(token) = env_var(#token) {
                builder = builder.bearer_token(token);
            }
        });
    }
    for (key, var) in cx.ir.api_keys.iter().zip(&vars.api_keys) {
        let method = ident(&key.setter);
        listed.push(format!(
            "- `{var}`: the key of the `{}` scheme;",
            key.scheme.replace('`', "'")
        ));
        reads.push(quote! {
            if let Some(value) = env_var(#var) {
                builder = builder.#method(value);
            }
        });
    }
    for (param, var) in cx.ir.client_params.iter().zip(&vars.client_params) {
        let method = ident(&param.field);
        listed.push(format!(
            "- `{var}`: the `{}` path parameter;",
            param.wire_name
        ));
        reads.push(quote! {
            if let Some(value) = env_var(#var) {
                builder = builder.#method(value);
            }
        });
    }
    let partial = if analysis.auth.credentials() {
        "\n\nFails when only one of the key and its secret is set."
    } else {
        ""
    };
    let doc = own_doc(&format!(
        "A builder with the defaults and what these environment variables set \
         (unset or blank ones are left out):\n\n{}{partial}",
        listed.join("\n").trim_end_matches(';')
    ));
    quote! {
        #doc
        pub fn from_env() -> Result<Self, Error> {
            let mut builder = Self::new();
            #(#reads)*
            Ok(builder)
        }
    }
}

/// The setters; the credential ones only for the schemes the spec uses.
fn setters(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let auth = &analysis.auth;
    let credentials = auth.credentials().then(|| {
        let what = if auth.oauth.is_some() {
            "With OAuth2, the client exchanges them for access tokens at the token endpoint \
             (HTTP Basic, `grant_type=client_credentials`), reuses a token until shortly \
             before it expires, and fetches a new one when the API refuses it (401 or 403)."
        } else {
            "They are sent with HTTP Basic authentication."
        };
        let doc = own_doc(&format!("The API key and its secret. {what}"));
        quote! {
            #doc
            pub fn credentials(
                mut self,
                api_key: impl Into<String>,
                api_secret: impl Into<String>,
            ) -> Self {
                self.auth.credentials = Some(super::auth::Credentials {
                    key: super::auth::Secret::new(api_key.into()),
                    secret: super::auth::Secret::new(api_secret.into()),
                });
                self
            }
        }
    });
    let bearer = auth.bearer.then(|| {
        let what = if auth.oauth.is_some() {
            " It is used until the API refuses it; then, if an API key and secret are set, \
             the client fetches its own."
        } else {
            ""
        };
        let doc = own_doc(&format!(
            "A ready bearer token, sent as `Authorization: Bearer <token>`.{what}"
        ));
        quote! {
            #doc
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.auth.bearer_token = Some(super::auth::Secret::new(token.into()));
                self
            }
        }
    });
    let token_url = auth.oauth.is_some().then(|| {
        quote! {
            /// The OAuth2 token endpoint. By default the spec's; when it is on the
            /// API's server, it moves with [`Self::base_url`] (same path, new host).
            pub fn token_url(mut self, url: impl Into<String>) -> Self {
                self.auth.token_url = Some(url.into());
                self
            }
        }
    });
    let keys = cx.ir.api_keys.iter().zip(&analysis.env.api_keys).map(|(key, var)| {
        let method = ident(&key.setter);
        let scheme = &key.scheme;
        let place = match key.location {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query parameter",
            ApiKeyLocation::Cookie => "cookie",
        };
        let own = own_doc(&format!(
            "The key of the `{}` scheme, sent in the `{}` {place} of the operations that              ask for it (`from_env` reads it from `{}`).",
            scheme.replace('`', "'"),
            key.wire_name.replace('`', "'"),
            var
        ));
        let spec = key.doc.as_deref().map(|text| {
            let text = doc_attrs(Some(text));
            quote!(#[doc = ""] #text)
        });
        quote! {
            #own
            #spec
            pub fn #method(mut self, key: impl Into<String>) -> Self {
                self.auth.api_keys.insert(#scheme, super::auth::Secret::new(key.into()));
                self
            }
        }
    });
    let params = cx.ir.client_params.iter().zip(&analysis.env.client_params);
    let params = params.map(|(param, var)| {
        let field = ident(&param.field);
        let doc = client_param_doc(param, var);
        quote! {
            #doc
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.#field = Some(value.into());
                self
            }
        }
    });
    quote! {
        /// The server to call: an absolute `http` or `https` URL, to which the
        /// operations' paths are appended.
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.base_url = Some(url.into());
            self
        }

        #credentials
        #bearer
        #token_url
        #(#keys)*
        #(#params)*

        /// How long one attempt may take, from connecting to reading the whole body.
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.timeout = timeout;
            self
        }

        /// How long connecting may take.
        pub fn connect_timeout(mut self, timeout: Duration) -> Self {
            self.connect_timeout = timeout;
            self
        }

        /// How many times a failed request is sent again (0: never).
        pub fn max_retries(mut self, max_retries: u32) -> Self {
            self.retry.max_retries = max_retries;
            self
        }

        /// The delay before the first retry (it doubles with each retry, less up
        /// to 25% jitter) and the longest delay.
        pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
            self.retry.initial_backoff = initial;
            self.retry.max_backoff = max;
            self
        }

        /// Sends requests through `http` (proxies, TLS settings); its own
        /// timeouts then apply instead of [`Self::timeout`] and
        /// [`Self::connect_timeout`].
        pub fn http_client(mut self, http: reqwest::Client) -> Self {
            self.http = Some(http);
            self
        }
    }
}

/// The expression giving the parsed base URL in `build`.
fn base_url(analysis: &Analysis) -> TokenStream {
    match analysis.default_base_url {
        Some(_) => quote!(parse_base_url(
            self.base_url.as_deref().unwrap_or(Client::DEFAULT_BASE_URL)
        )?),
        None => quote! {
            match self.base_url.as_deref() {
                Some(url) => parse_base_url(url)?,
                None => {
                    return Err(Error::Config {
                        message: "no base URL: the spec names no server, so set one with `ClientBuilder::base_url`".into(),
                    })
                }
            }
        },
    }
}

/// The rustdoc of a client parameter's builder method: what it does, then
/// the parameter's text from the spec.
pub fn client_param_doc(param: &ClientParam, env_var: &str) -> TokenStream {
    let own = own_doc(&format!(
        "Sets the `{}` path parameter of every call (`from_env` reads it from `{env_var}`); \
         [`Client::{}`] makes a copy of a client with another value.",
        param.wire_name, param.setter
    ));
    match param.doc.as_deref() {
        Some(text) => {
            let spec = doc_attrs(Some(text));
            quote!(#own #[doc = ""] #spec)
        }
        None => own,
    }
}
