//! The `ClientBuilder` of `client.rs`: base URL, credentials, client-level
//! path parameters, timeouts and retries, set in code or read from the
//! environment (`from_env`, with the variable names m3ter's official SDKs
//! use: `<PREFIX>API_KEY`, `API_SECRET`, `API_TOKEN`, `BASE_URL`, and one
//! per client parameter, e.g. `M3TER_ORG_ID`).

mod from_env;
mod setters;

use crate::emit::analysis::Analysis;
use crate::emit::docs::own_doc;
use crate::emit::{ident, EmitContext};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The builder's defaults, written into its code and its docs from here.
struct Defaults {
    timeout_secs: u64,
    connect_timeout_secs: u64,
    max_retries: u32,
    initial_backoff_ms: u64,
    max_backoff_secs: u64,
    max_response_mib: u64,
    max_concurrent_requests: usize,
}

/// What m3ter's official SDKs do (see `transport.rs`).
const DEFAULTS: Defaults = Defaults {
    timeout_secs: 60,
    connect_timeout_secs: 5,
    max_retries: 2,
    initial_backoff_ms: 500,
    max_backoff_secs: 8,
    // Generous: m3ter's largest pages are a few MiB.
    max_response_mib: 64,
    // More than m3ter's rate limit of 50 requests per second per organization
    // needs, far fewer connections than 500 concurrent tasks would open.
    max_concurrent_requests: 64,
};

pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let doc = own_doc(&builder_doc(analysis));
    let fields = builder_fields(cx, analysis);
    let new = new_fn(cx, analysis);
    let from_env = from_env::emit(cx, analysis);
    let setters = setters::emit(cx, analysis);
    let build = build_fn(cx, analysis);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            #fields
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ClientBuilder {
            #new
            #from_env
            #setters
            #build
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

/// The fields of `ClientBuilder`: the base URL, the credentials when the
/// spec has any, the client parameters, and the transport's settings.
fn builder_fields(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let auth = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::AuthSettings,));
    let params = cx.ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: Option<String>,)
    });
    let strict = analysis
        .json_responses
        .then(|| quote!(strict_responses: bool,));
    quote! {
        base_url: Option<String>,
        #auth
        #(#params)*
        timeout: Duration,
        connect_timeout: Duration,
        retry: super::transport::RetryPolicy,
        limits: super::transport::Limits,
        #strict
        http: Option<reqwest::Client>,
    }
}

/// The `DEFAULT_…` constants and `new`.
fn new_fn(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let auth = analysis
        .auth
        .any()
        .then(|| quote!(auth: Default::default(),));
    let params = cx.ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: None,)
    });
    let timeout = Literal::u64_unsuffixed(DEFAULTS.timeout_secs);
    let connect_timeout = Literal::u64_unsuffixed(DEFAULTS.connect_timeout_secs);
    let max_retries = Literal::u32_unsuffixed(DEFAULTS.max_retries);
    let initial_backoff = Literal::u64_unsuffixed(DEFAULTS.initial_backoff_ms);
    let max_backoff = Literal::u64_unsuffixed(DEFAULTS.max_backoff_secs);
    let max_response_mib = Literal::u64_unsuffixed(DEFAULTS.max_response_mib);
    let max_concurrent = Literal::usize_unsuffixed(DEFAULTS.max_concurrent_requests);
    let strict = analysis
        .json_responses
        .then(|| quote!(strict_responses: false,));
    quote! {
        /// How long a request may take, unless set with [`Self::timeout`].
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(#timeout);
        /// How long connecting may take, unless set with [`Self::connect_timeout`].
        pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(#connect_timeout);
        /// Retries after a failed attempt, unless set with [`Self::max_retries`].
        pub const DEFAULT_MAX_RETRIES: u32 = #max_retries;
        /// The largest response body read, unless set with
        /// [`Self::max_response_bytes`].
        pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = #max_response_mib * 1024 * 1024;
        /// How many requests may be in flight at once, unless set with
        /// [`Self::max_concurrent_requests`].
        pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = #max_concurrent;

        /// A builder with the defaults.
        pub fn new() -> Self {
            Self {
                base_url: None,
                #auth
                #(#params)*
                timeout: Self::DEFAULT_TIMEOUT,
                connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
                retry: super::transport::RetryPolicy {
                    max_retries: Self::DEFAULT_MAX_RETRIES,
                    initial_backoff: Duration::from_millis(#initial_backoff),
                    max_backoff: Duration::from_secs(#max_backoff),
                },
                limits: super::transport::Limits {
                    max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
                    max_concurrent_requests: Self::DEFAULT_MAX_CONCURRENT_REQUESTS,
                },
                #strict
                http: None,
            }
        }
    }
}

/// `build`: the HTTP client, the transport and the credentials, shared by
/// the clones of the client it returns.
fn build_fn(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let base_url = base_url(analysis);
    let auth = analysis.auth.any().then(|| quote!(self.auth,));
    let strict = analysis
        .json_responses
        .then(|| quote!(self.strict_responses));
    let params = cx.ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: self.#field,)
    });
    quote! {
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
            let transport = super::transport::Transport::new(http, self.retry, self.limits);
            let shared = Shared::new(base_url, transport, #auth #strict)?;
            Ok(Client {
                shared: Arc::new(shared),
                #(#params)*
            })
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
    let Defaults {
        timeout_secs,
        connect_timeout_secs,
        max_retries,
        initial_backoff_ms,
        max_backoff_secs,
        max_response_mib,
        max_concurrent_requests,
    } = DEFAULTS;
    let initial_backoff = initial_backoff_ms as f64 / 1000.0;
    let strict = if analysis.json_responses {
        "; responses that stray from the spec decoded where they can be \
         (see [`Self::strict_responses`])"
    } else {
        ""
    };
    format!(
        "Configures a [`Client`].\n\n\
         Defaults: base URL {server}; credentials {credentials}; a {timeout_secs} s timeout \
         per attempt ({connect_timeout_secs} s to connect); {max_retries} retries of \
         connection errors, timeouts, 408, 409, 429 and 5xx answers, {initial_backoff} s \
         doubling up to {max_backoff_secs} s apart (or as the server asks with \
         `Retry-After`); at most {max_concurrent_requests} requests in flight at once; \
         response bodies up to {max_response_mib} MiB{strict}. [`Self::from_env`] starts \
         from `{}` and the other variables it lists.",
        vars.base_url
    )
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
