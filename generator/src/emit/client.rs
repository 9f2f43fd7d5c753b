//! `client.rs`: the async `Client`, its configuration and the shared request
//! machinery; the operation methods come from `operations.rs`.
//!
//! Methods stay small: the non-generic work (building the URL, sending,
//! reading the status and body) lives in shared helpers, so each operation
//! adds only its own path, arguments and decoding to the compiled crate.

use super::docs::own_doc;
use super::EmitContext;
use crate::ir::{Ir, ResponseBody};
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext) -> TokenStream {
    let ir = cx.ir;
    let client_doc = own_doc(&format!(
        "An async client for the {} (version {}).",
        super::docs::sanitize(&ir.api.title),
        super::docs::sanitize(&ir.api.version)
    ));
    let constructors = constructors(default_base_url(ir));
    let default_impl = default_impl(default_base_url(ir));
    let auth = (!ir.auth.is_empty()).then(|| {
        quote! {
            /// Sends `token` as `Authorization: Bearer <token>` with every request.
            pub fn with_bearer_token(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.bearer_token = ::std::option::Option::Some(token.into());
                self
            }
        }
    });
    let methods = ir
        .operations
        .iter()
        .map(|op| super::operations::operation_method(ir, op));
    let helpers = helpers(ir);
    quote! {
        //! The HTTP client: one method per operation of the spec.

        use super::error::{ApiError, Error};

        #client_doc
        #[derive(::std::clone::Clone)]
        pub struct Client {
            base_url: ::reqwest::Url,
            http: ::reqwest::Client,
            bearer_token: ::std::option::Option<::std::string::String>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("bearer_token", &self.bearer_token.as_ref().map(|_| "<redacted>"))
                    .finish_non_exhaustive()
            }
        }

        #default_impl

        impl Client {
            #constructors

            /// Sends requests through `http` (for proxies, timeouts, TLS settings).
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }

            #auth

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.base_url
            }

            #(#methods)*

            /// The base URL with `path` (already percent-encoded) appended.
            fn endpoint(&self, path: &str) -> ::reqwest::Url {
                let mut url = self.base_url.clone();
                let joined = ::std::format!("{}{}", self.base_url.path().trim_end_matches('/'), path);
                url.set_path(&joined);
                url
            }

            /// Sends one request and returns the body of a 2xx response.
            async fn execute(
                &self,
                method: ::reqwest::Method,
                mut url: ::reqwest::Url,
                query: &[(&str, ::std::string::String)],
                body: ::std::option::Option<::std::vec::Vec<u8>>,
            ) -> ::std::result::Result<::std::vec::Vec<u8>, Error> {
                if !query.is_empty() {
                    url.query_pairs_mut()
                        .extend_pairs(query.iter().map(|(name, value)| (*name, value.as_str())));
                }
                let mut request = self
                    .http
                    .request(method, url)
                    .header(::reqwest::header::ACCEPT, "application/json");
                if let ::std::option::Option::Some(token) = &self.bearer_token {
                    request = request.bearer_auth(token);
                }
                if let ::std::option::Option::Some(body) = body {
                    request = request
                        .header(::reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body);
                }
                let response = request.send().await.map_err(Error::Transport)?;
                let status = response.status();
                let request_id = response
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .map(::std::string::String::from);
                let bytes = response.bytes().await.map_err(Error::Transport)?.to_vec();
                if status.is_success() {
                    ::std::result::Result::Ok(bytes)
                } else {
                    ::std::result::Result::Err(Error::Api(ApiError {
                        status: status.as_u16(),
                        body: ::std::string::String::from_utf8_lossy(&bytes).into_owned(),
                        request_id,
                    }))
                }
            }
        }

        #helpers
    }
}

/// Free helper functions, each only when some operation uses it (an unused
/// one would be a `dead_code` warning in the generated crate).
fn helpers(ir: &Ir) -> TokenStream {
    let ops = &ir.operations;
    let path_params = ops.iter().any(|op| !op.path_params.is_empty()).then(|| {
        quote! {
            /// Everything but RFC 3986's unreserved characters is percent-encoded
            /// in a path parameter, so a value can never add path segments, a
            /// query or a fragment.
            const PATH_PARAMETER: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// Percent-encodes one path parameter. An empty value, `.` and `..`
            /// are refused: the first leaves the segment out, and every URL parser
            /// resolves the others (encoded or not) as "this" and "parent" segment,
            /// so each would send the request to another resource.
            fn encode_path_parameter<'a>(
                name: &'static str,
                value: &'a str,
            ) -> ::std::result::Result<::percent_encoding::PercentEncode<'a>, Error> {
                if value.is_empty() || value == "." || value == ".." {
                    return ::std::result::Result::Err(Error::InvalidPathParameter {
                        name,
                        value: value.into(),
                    });
                }
                ::std::result::Result::Ok(::percent_encoding::utf8_percent_encode(value, PATH_PARAMETER))
            }
        }
    });
    let encode = ops.iter().any(|op| op.body.is_some()).then(|| {
        quote! {
            fn encode_json<T: ::serde::Serialize + ?::std::marker::Sized>(
                value: &T,
            ) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                ::serde_json::to_vec(value).map(::std::option::Option::Some).map_err(Error::Encode)
            }
        }
    });
    let decode = ops
        .iter()
        .any(|op| matches!(op.response, ResponseBody::Json(_)))
        .then(|| {
            quote! {
                /// How many bytes of an undecodable body an error keeps.
                const BODY_START_LEN: usize = 512;

                fn decode_json<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> ::std::result::Result<T, Error> {
                    ::serde_json::from_slice(body).map_err(|source| Error::Decode {
                        source,
                        body_start: ::std::string::String::from_utf8_lossy(&body[..body.len().min(BODY_START_LEN)])
                            .into_owned(),
                    })
                }
            }
        });
    quote!(#path_params #encode #decode)
}

/// The spec's first server, if it is a plain absolute URL the client can
/// parse (templated and relative server URLs have no default).
fn default_base_url(ir: &Ir) -> Option<&str> {
    let url = ir.api.server_url.as_deref()?;
    let (scheme, rest) = url.split_once("://")?;
    let plain = rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=%".contains(c));
    (matches!(scheme, "http" | "https") && !rest.is_empty() && plain).then_some(url)
}

fn constructors(default_base_url: Option<&str>) -> TokenStream {
    let with_base_url = quote! {
        /// A client for the server at `base_url` (e.g. a test server).
        pub fn with_base_url(base_url: &str) -> ::std::result::Result<Self, Error> {
            let invalid = |reason: &str| Error::InvalidBaseUrl {
                url: base_url.into(),
                reason: reason.into(),
            };
            let url = ::reqwest::Url::parse(base_url).map_err(|e| invalid(&e.to_string()))?;
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                return ::std::result::Result::Err(invalid("expected an absolute http or https URL"));
            }
            ::std::result::Result::Ok(Self {
                base_url: url,
                http: ::reqwest::Client::new(),
                bearer_token: ::std::option::Option::None,
            })
        }
    };
    let Some(url) = default_base_url else {
        return with_base_url;
    };
    let doc = own_doc(&format!("The server the spec names: `{url}`."));
    quote! {
        #doc
        pub const DEFAULT_BASE_URL: &'static str = #url;

        /// A client for [`Self::DEFAULT_BASE_URL`].
        pub fn new() -> Self {
            match Self::with_base_url(Self::DEFAULT_BASE_URL) {
                ::std::result::Result::Ok(client) => client,
                // The generator only emits a default it has checked is a plain absolute URL.
                ::std::result::Result::Err(error) => ::std::unreachable!("{error}"),
            }
        }

        #with_base_url
    }
}

/// `impl Default` for a client with a default base URL (clippy asks for it
/// next to an argument-less `new`).
fn default_impl(default_base_url: Option<&str>) -> TokenStream {
    match default_base_url {
        Some(_) => quote! {
            impl ::std::default::Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        },
        None => TokenStream::new(),
    }
}
