//! `client.rs`: the async `Client`, its `ClientBuilder`, and the shared
//! request machinery; the operation methods come from `operations.rs`, the
//! authentication from `auth.rs`, retries from `transport.rs`.
//!
//! A `Client` is an `Arc` of what its clones share (base URL, HTTP client,
//! retry policy, credentials and token) plus the client-level path
//! parameters (m3ter's `orgId`), so `with_org_id` makes a cheap copy that
//! shares the token. Methods stay small: the non-generic work (sending,
//! retrying, authenticating, reading errors) lives in `Shared::execute`, so
//! each operation adds only its own path, arguments and decoding.

use super::auth::{scheme_variants, AuthFeatures};
use super::docs::{doc_attrs, own_doc};
use super::{ident, EmitContext};
use crate::ir::{ClientParam, Ir, ResponseBody};
use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

/// What of the client machinery a spec needs; nothing else is emitted, so
/// the generated crate has no dead code.
pub struct Features {
    pub auth: AuthFeatures,
    /// Some operation is a paginated list.
    pub pagination: bool,
    /// Some operation sends a request body.
    pub bodies: bool,
}

impl Features {
    pub fn of(ir: &Ir) -> Self {
        Self {
            auth: AuthFeatures::of(ir),
            pagination: ir.operations.iter().any(|op| op.pagination.is_some()),
            bodies: ir.operations.iter().any(|op| op.body.is_some()),
        }
    }
}

/// The environment variables `from_env` reads, for docs and code.
pub struct EnvVars {
    pub base_url: String,
    pub api_key: String,
    pub api_secret: String,
    pub api_token: String,
}

impl EnvVars {
    pub fn new(prefix: &str) -> Self {
        Self {
            base_url: format!("{prefix}BASE_URL"),
            api_key: format!("{prefix}API_KEY"),
            api_secret: format!("{prefix}API_SECRET"),
            api_token: format!("{prefix}API_TOKEN"),
        }
    }

    /// The variable holding a client parameter, e.g. `M3TER_ORG_ID`.
    pub fn param(prefix: &str, param: &ClientParam) -> String {
        format!("{prefix}{}", param.wire_name.to_shouty_snake_case())
    }
}

pub fn emit(cx: &EmitContext, features: &Features) -> TokenStream {
    let ir = cx.ir;
    let client = client_struct(cx, features);
    let builder = super::builder::emit(cx, features);
    let methods = ir
        .operations
        .iter()
        .map(|op| super::operations::operation_method(cx, features, op));
    let setters = ir.client_params.iter().map(client_param_setter);
    let shared = shared_impl(features);
    let request = request_parts(features);
    let helpers = helpers(cx);
    quote! {
        //! The HTTP client: its configuration, and one method per operation of
        //! the spec.

        use super::error::{ApiError, Error};

        #client
        #builder

        impl Client {
            #(#setters)*
            #(#methods)*
        }

        #shared
        #request
        #helpers
    }
}

fn client_struct(cx: &EmitContext, features: &Features) -> TokenStream {
    let ir = cx.ir;
    let client_doc = own_doc(&format!(
        "An async client for the {} (version {}).\n\n\
         Build one with [`Client::builder`] or [`Client::from_env`]. Clones are cheap and \
         share the connection pool{}.",
        super::docs::sanitize(&ir.api.title),
        super::docs::sanitize(&ir.api.version),
        if features.auth.oauth.is_some() {
            " and the access token"
        } else {
            ""
        }
    ));
    let param_fields = ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: ::std::option::Option<::std::string::String>,)
    });
    let auth_field = features
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth,));
    let default_url = default_base_url(ir).map(|url| {
        let doc = own_doc(&format!("The server the spec names: `{url}`."));
        quote!(#doc pub const DEFAULT_BASE_URL: &'static str = #url;)
    });
    quote! {
        #client_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            shared: ::std::sync::Arc<Shared>,
            #(#param_fields)*
        }

        /// What all clones of a client share.
        #[derive(::std::fmt::Debug)]
        struct Shared {
            base_url: ::reqwest::Url,
            transport: super::transport::Transport,
            #auth_field
        }

        impl Client {
            #default_url

            /// A builder, to configure the base URL, credentials, timeouts and retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// A client configured from the environment variables that
            /// [`ClientBuilder::from_env`] reads.
            pub fn from_env() -> ::std::result::Result<Self, Error> {
                ClientBuilder::from_env()?.build()
            }

            /// The URL every request path is appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.shared.base_url
            }
        }
    }
}

/// `with_org_id`: a copy of the client with another value, sharing the rest.
fn client_param_setter(param: &ClientParam) -> TokenStream {
    let setter = ident(&param.setter);
    let field = ident(&param.field);
    let doc = own_doc(&format!(
        "A copy of this client that sends `{}` as the `{}` path parameter; it shares \
         everything else (connections, credentials, token) with this one.",
        param.field, param.wire_name
    ));
    quote! {
        #doc
        pub fn #setter(&self, #field: impl ::std::convert::Into<::std::string::String>) -> Self {
            let mut copy = self.clone();
            copy.#field = ::std::option::Option::Some(#field.into());
            copy
        }
    }
}

/// `Shared::new`, `endpoint` and `execute`: every request goes through here.
fn shared_impl(features: &Features) -> TokenStream {
    let auth_init = features
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth::new(auth, &base_url)?,));
    let auth_param = features
        .auth
        .any()
        .then(|| quote!(auth: super::auth::AuthSettings,));
    let execute = execute(features);
    quote! {
        impl Shared {
            fn new(
                base_url: ::reqwest::Url,
                transport: super::transport::Transport,
                #auth_param
            ) -> ::std::result::Result<Self, Error> {
                ::std::result::Result::Ok(Self {
                    #auth_init
                    base_url,
                    transport,
                })
            }

            /// The base URL with `path` (already percent-encoded) appended.
            fn endpoint(&self, path: &str) -> ::reqwest::Url {
                let mut url = self.base_url.clone();
                let joined = ::std::format!("{}{}", self.base_url.path().trim_end_matches('/'), path);
                url.set_path(&joined);
                url
            }

            #execute

            /// The request of `parts`, without credentials.
            fn request(&self, parts: &RequestParts<'_>) -> ::reqwest::RequestBuilder {
                let request = self
                    .transport
                    .http()
                    .request(parts.method.clone(), parts.url.clone())
                    .header(::reqwest::header::ACCEPT, "application/json");
                parts.add_to(request)
            }
        }
    }
}

/// Sends a request (with retries) and returns the body of a 2xx answer;
/// with OAuth2, a 401 or 403 answer refreshes the token and sends the
/// request once more, and only once, whatever the second answer is.
fn execute(features: &Features) -> TokenStream {
    let auth = &features.auth;
    let send = if auth.any() {
        quote!(
            self.transport
                .send(|| self
                    .auth
                    .apply(parts.scheme, token.as_ref(), self.request(&parts)))
                .await?
        )
    } else {
        quote!(self.transport.send(|| self.request(&parts)).await?)
    };
    let token = auth.any().then(|| {
        let bearer_arm = auth.bearer.then(|| {
            quote!(super::auth::Scheme::Bearer => self.auth.bearer_token(&self.transport).await?,)
        });
        let others: Vec<TokenStream> = scheme_variants(auth)
            .into_iter()
            .filter(|v| *v != "Bearer")
            .map(|v| {
                let v = ident(v);
                quote!(super::auth::Scheme::#v)
            })
            .collect();
        let other_arm =
            (!others.is_empty()).then(|| quote!(#(#others)|* => ::std::option::Option::None,));
        quote! {
            let token = match parts.scheme {
                #bearer_arm
                #other_arm
            };
        }
    });
    let refresh = auth.oauth.is_some().then(|| {
        quote! {
            if ::std::matches!(received.status.as_u16(), 401 | 403) {
                if let ::std::option::Option::Some(used) = &token {
                    if let ::std::option::Option::Some(fresh) = self.auth.refresh(used, &self.transport).await? {
                        let token = ::std::option::Option::Some(fresh);
                        let received = #send;
                        return into_body(received);
                    }
                }
            }
        }
    });
    let doc = if auth.oauth.is_some() {
        "Sends a request (with retries) and returns the body of a 2xx answer. A 401 or 403\n\
         answer to a bearer request refreshes the token and sends the request once more,\n\
         and only once: whatever the second answer is, it is final."
    } else {
        "Sends a request (with retries) and returns the body of a 2xx answer."
    };
    let doc = own_doc(doc);
    quote! {
        #doc
        async fn execute(&self, parts: RequestParts<'_>) -> ::std::result::Result<::std::vec::Vec<u8>, Error> {
            #token
            let received = #send;
            #refresh
            into_body(received)
        }
    }
}

/// `RequestParts`: what an operation method hands to `execute`.
fn request_parts(features: &Features) -> TokenStream {
    let scheme = features
        .auth
        .any()
        .then(|| quote!(scheme: super::auth::Scheme,));
    let (body_field, body_type, add_body) = if features.bodies {
        (
            Some(quote!(body: ::std::option::Option<Body>,)),
            Some(quote! {
                /// An encoded request body and its media type.
                struct Body {
                    bytes: ::std::vec::Vec<u8>,
                    content_type: &'static str,
                }
            }),
            Some(quote! {
                let request = match &self.body {
                    ::std::option::Option::Some(body) => request
                        .header(::reqwest::header::CONTENT_TYPE, body.content_type)
                        .body(body.bytes.clone()),
                    ::std::option::Option::None => request,
                };
            }),
        )
    } else {
        (None, None, None)
    };
    quote! {
        /// One operation's request: everything `execute` needs to send it, and
        /// to send it again.
        struct RequestParts<'a> {
            method: ::reqwest::Method,
            url: ::reqwest::Url,
            query: &'a [(&'a str, ::std::string::String)],
            #body_field
            #scheme
        }

        #body_type

        impl RequestParts<'_> {
            /// The body and the query on `request`.
            fn add_to(&self, request: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
                #add_body
                if self.query.is_empty() { request } else { request.query(self.query) }
            }
        }

        /// The body of a 2xx answer, or the API error of any other.
        fn into_body(received: super::transport::Received) -> ::std::result::Result<::std::vec::Vec<u8>, Error> {
            if received.status.is_success() {
                ::std::result::Result::Ok(received.body)
            } else {
                ::std::result::Result::Err(Error::Api(ApiError::new(received.status, &received.headers, &received.body)))
            }
        }
    }
}

/// Free helper functions, each only when some operation uses it (an unused
/// one would be a `dead_code` warning in the generated crate).
fn helpers(cx: &EmitContext) -> TokenStream {
    let ops = &cx.ir.operations;
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
    let client_param = (!cx.ir.client_params.is_empty()).then(|| {
        quote! {
            /// The value of a client-level path parameter, or the error that
            /// says how to set it.
            fn client_param<'a>(
                value: &'a ::std::option::Option<::std::string::String>,
                missing: &'static str,
            ) -> ::std::result::Result<&'a str, Error> {
                value.as_deref().ok_or_else(|| Error::Config { message: missing.into() })
            }
        }
    });
    let encode = ops.iter().any(|op| op.body.is_some()).then(|| {
        quote! {
            fn encode_json<T: ::serde::Serialize + ?::std::marker::Sized>(
                value: &T,
            ) -> ::std::result::Result<::std::option::Option<Body>, Error> {
                let bytes = ::serde_json::to_vec(value).map_err(Error::Encode)?;
                ::std::result::Result::Ok(::std::option::Option::Some(Body { bytes, content_type: "application/json" }))
            }
        }
    });
    let decode = ops
        .iter()
        .any(|op| matches!(op.response, ResponseBody::Json(_)))
        .then(|| {
            quote! {
                fn decode_json<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> ::std::result::Result<T, Error> {
                    ::serde_json::from_slice(body).map_err(|source| Error::Decode {
                        source,
                        body_start: super::error::body_start(body),
                    })
                }
            }
        });
    quote!(#path_params #client_param #encode #decode)
}

/// The spec's first server, if it is a plain absolute URL the client can
/// parse (templated and relative server URLs have no default).
pub fn default_base_url(ir: &Ir) -> Option<&str> {
    let url = ir.api.server_url.as_deref()?;
    let (scheme, rest) = url.split_once("://")?;
    let plain = rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=%".contains(c));
    (matches!(scheme, "http" | "https") && !rest.is_empty() && plain).then_some(url)
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
