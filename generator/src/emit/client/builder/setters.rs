//! The setters of `ClientBuilder`: the base URL, the credentials of the
//! schemes the spec uses, the client parameters, and the transport's
//! timeouts, retries and HTTP client.

use crate::emit::analysis::{Analysis, AuthFeatures};
use crate::emit::docs::{doc_attrs, own_doc};
use crate::emit::{ident, EmitContext};
use crate::ir::{ApiKeyLocation, ClientParam};
use proc_macro2::TokenStream;
use quote::quote;

/// The setters; the credential ones only for the schemes the spec uses.
pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let credentials = credential_setters(&analysis.auth);
    let keys = key_setters(cx, analysis);
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
    let transport = transport_setters();
    let strict = analysis
        .json_responses
        .then(|| strict_setter(&analysis.env.strict_responses));
    quote! {
        /// The server to call: an absolute `http` or `https` URL, to which the
        /// operations' paths are appended.
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.base_url = Some(url.into());
            self
        }

        #credentials
        #(#keys)*
        #(#params)*
        #transport
        #strict
    }
}

/// `strict_responses`.
fn strict_setter(var: &str) -> TokenStream {
    let doc = own_doc(&format!(
        "Refuses every response that strays from the spec, with [`Error::Decode`] naming \
         the JSON path, instead of decoding what can be decoded (a value where an array \
         is declared, a number sent as a string, `null` in an optional field, an optional \
         field whose value its type cannot hold). For tests and staging; `from_env` \
         reads it from `{var}` (`true` or `false`)."
    ));
    quote! {
        #doc
        pub fn strict_responses(mut self, strict: bool) -> Self {
            self.strict_responses = strict;
            self
        }
    }
}

/// `credentials`, `bearer_token` and `token_url`, for the schemes that use
/// them.
fn credential_setters(auth: &AuthFeatures) -> TokenStream {
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
    quote!(#credentials #bearer #token_url)
}

/// One setter per API key scheme (`api_key`).
fn key_setters(cx: &EmitContext, analysis: &Analysis) -> Vec<TokenStream> {
    let keys = cx.ir.api_keys.iter().zip(&analysis.env.api_keys);
    keys.map(|(key, var)| {
        let method = ident(&key.setter);
        let scheme = &key.scheme;
        let place = match key.location {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query parameter",
            ApiKeyLocation::Cookie => "cookie",
        };
        let own = own_doc(&format!(
            "The key of the `{}` scheme, sent in the `{}` {place} of the operations that \
             ask for it (`from_env` reads it from `{}`).",
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
    })
    .collect()
}

/// The setters of the transport: timeouts, retries, the HTTP client.
fn transport_setters() -> TokenStream {
    quote! {
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

        /// The largest response body the client reads, in bytes; a larger one
        /// is refused with [`Error::ResponseTooLarge`] (by its `Content-Length`
        /// before it is read, or as soon as it exceeds the limit).
        pub fn max_response_bytes(mut self, bytes: u64) -> Self {
            self.limits.max_response_bytes = bytes;
            self
        }

        /// How many requests the client (with its clones) has in flight at once,
        /// from sending to the end of the body; more wait for their turn. It
        /// bounds the connections the client opens (at least 1).
        pub fn max_concurrent_requests(mut self, requests: usize) -> Self {
            self.limits.max_concurrent_requests = requests;
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
