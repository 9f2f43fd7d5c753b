//! `client.rs`: the async `Client`, its `ClientBuilder`, and the shared
//! request machinery; the operation methods come from `operations.rs`, the
//! authentication from `auth.rs`, retries from `transport.rs`, the free
//! encoding and decoding helpers from `helpers.rs`.
//!
//! A `Client` is an `Arc` of what its clones share (base URL, HTTP client,
//! retry policy, credentials and token) plus the client-level path
//! parameters (m3ter's `orgId`), so `with_org_id` makes a cheap copy that
//! shares the token. Methods stay small: the non-generic work (sending,
//! retrying, authenticating, reading errors) lives in `Shared::execute`, so
//! each operation adds only its own path, arguments and decoding.

use super::analysis::{Analysis, BodyKinds};
use super::docs::own_doc;
use super::{ident, EmitContext};
use crate::ir::ClientParam;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let ir = cx.ir;
    let client = client_struct(cx, analysis);
    let builder = super::builder::emit(cx, analysis);
    let methods = ir
        .operations
        .iter()
        .map(|op| super::operations::operation_method(cx, analysis, op));
    let setters = ir.client_params.iter().map(client_param_setter);
    let shared = shared_impl(analysis);
    let request = request_parts(analysis);
    let helpers = super::helpers::emit(cx, analysis);
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

fn client_struct(cx: &EmitContext, analysis: &Analysis) -> TokenStream {
    let ir = cx.ir;
    let client_doc = own_doc(&format!(
        "An async client for the {} (version {}).\n\n\
         Build one with [`Client::builder`] or [`Client::from_env`]. Clones are cheap and \
         share the connection pool{}.",
        super::docs::sanitize(&ir.api.title),
        super::docs::sanitize(&ir.api.version),
        if analysis.auth.oauth.is_some() {
            " and the access token"
        } else {
            ""
        }
    ));
    let param_fields = ir.client_params.iter().map(|param| {
        let field = ident(&param.field);
        quote!(#field: ::std::option::Option<::std::string::String>,)
    });
    let auth_field = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth,));
    let default_url = analysis.default_base_url.as_deref().map(|url| {
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
fn shared_impl(analysis: &Analysis) -> TokenStream {
    let auth_init = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::Auth::new(auth, &base_url)?,));
    let auth_param = analysis
        .auth
        .any()
        .then(|| quote!(auth: super::auth::AuthSettings,));
    let execute = execute(analysis);
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
                    .header(::reqwest::header::ACCEPT, parts.accept);
                parts.add_to(request)
            }
        }
    }
}

/// Sends a request (with retries) and returns the body of a 2xx answer;
/// with OAuth2, a 401 or 403 answer refreshes the token and sends the
/// request once more, and only once, whatever the second answer is.
fn execute(analysis: &Analysis) -> TokenStream {
    let auth = &analysis.auth;
    let keys = auth.api_keys.then(|| quote!(parts.keys,));
    let send = if auth.any() {
        quote!(
            self.transport
                .send(|| self
                    .auth
                    .apply(parts.scheme, #keys token.as_ref(), self.request(&parts)))
                .await?
        )
    } else {
        quote!(self.transport.send(|| self.request(&parts)).await?)
    };
    let token = auth.any().then(|| {
        let bearer_arm = auth.bearer.then(|| {
            quote!(super::auth::Scheme::Bearer => self.auth.bearer_token(&self.transport).await?,)
        });
        let others: Vec<TokenStream> = auth
            .scheme_variants()
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
                        return success(received);
                    }
                }
            }
        }
    });
    let doc = if auth.oauth.is_some() {
        "Sends a request (with retries) and returns a 2xx answer. A 401 or 403\n\
         answer to a bearer request refreshes the token and sends the request once more,\n\
         and only once: whatever the second answer is, it is final."
    } else {
        "Sends a request (with retries) and returns a 2xx answer."
    };
    let doc = own_doc(doc);
    quote! {
        #doc
        async fn execute(&self, parts: RequestParts<'_>) -> ::std::result::Result<super::transport::Received, Error> {
            #token
            let received = #send;
            #refresh
            success(received)
        }
    }
}

/// `RequestParts`: what an operation method hands to `execute`.
fn request_parts(analysis: &Analysis) -> TokenStream {
    let scheme = analysis
        .auth
        .any()
        .then(|| quote!(scheme: super::auth::Scheme,));
    let keys = analysis.auth.api_keys.then(|| {
        quote! {
            /// The API keys the operation sends.
            keys: &'static [super::auth::Key],
        }
    });
    let body_field = analysis
        .bodies
        .then(|| quote!(body: ::std::option::Option<Body>,));
    let body_type = analysis.bodies.then(|| body_type(&analysis.body_kinds));
    let add_body = analysis.bodies.then(|| add_body(&analysis.body_kinds));
    let (headers_field, add_headers) = if analysis.headers {
        (
            Some(quote!(headers: &'a [(&'static str, ::std::string::String)],)),
            Some(quote! {
                let request = self
                    .headers
                    .iter()
                    .fold(request, |request, (name, value)| request.header(*name, value));
            }),
        )
    } else {
        (None, None)
    };
    quote! {
        /// One operation's request: everything `execute` needs to send it, and
        /// to send it again.
        struct RequestParts<'a> {
            method: ::reqwest::Method,
            url: ::reqwest::Url,
            query: &'a [(&'a str, ::std::string::String)],
            /// The media types the operation answers with.
            accept: &'static str,
            #headers_field
            #body_field
            #scheme
            #keys
        }

        #body_type

        impl RequestParts<'_> {
            /// The headers, the body and the query on `request`.
            fn add_to(&self, request: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
                #add_headers
                #add_body
                if self.query.is_empty() { request } else { request.query(self.query) }
            }
        }

        /// A 2xx answer, or the API error of any other.
        fn success(received: super::transport::Received) -> ::std::result::Result<super::transport::Received, Error> {
            if received.status.is_success() {
                ::std::result::Result::Ok(received)
            } else {
                ::std::result::Result::Err(Error::Api(ApiError::new(received.status, &received.headers, &received.body)))
            }
        }
    }
}

/// `Body` (and `Part`), with the variants the spec's bodies use.
fn body_type(kinds: &BodyKinds) -> TokenStream {
    let bytes = kinds.bytes().then(|| {
        quote! {
            /// Encoded bytes and their media type.
            Bytes {
                bytes: ::std::vec::Vec<u8>,
                content_type: &'static str,
            },
        }
    });
    let multipart = kinds.multipart().then(|| {
        quote! {
            /// `multipart/form-data` parts; the boundary is chosen each time
            /// the request is sent.
            Multipart(::std::vec::Vec<Part>),
        }
    });
    let part = kinds.multipart().then(|| {
        quote! {
            /// One part of a multipart body.
            struct Part {
                name: ::std::borrow::Cow<'static, str>,
                bytes: ::std::vec::Vec<u8>,
                file_name: ::std::option::Option<::std::string::String>,
                content_type: ::std::option::Option<::std::string::String>,
            }

            impl Part {
                /// The part as reqwest sends it; a multipart form is consumed when
                /// sent, so every attempt builds its own.
                fn to_reqwest(&self) -> ::reqwest::multipart::Part {
                    let part = ::reqwest::multipart::Part::bytes(self.bytes.clone());
                    let part = match &self.file_name {
                        ::std::option::Option::Some(file_name) => part.file_name(file_name.clone()),
                        ::std::option::Option::None => part,
                    };
                    match &self.content_type {
                        // `file_part` checked that it parses.
                        ::std::option::Option::Some(content_type) => part
                            .mime_str(content_type)
                            .unwrap_or_else(|_| ::reqwest::multipart::Part::bytes(self.bytes.clone())),
                        ::std::option::Option::None => part,
                    }
                }
            }
        }
    });
    let text_part = kinds.multipart_text.then(|| {
        quote! {
            /// A text part.
            fn text_part(name: &'static str, text: ::std::string::String) -> Part {
                Part {
                    name: ::std::borrow::Cow::Borrowed(name),
                    bytes: text.into_bytes(),
                    file_name: ::std::option::Option::None,
                    content_type: ::std::option::Option::None,
                }
            }
        }
    });
    let file_part = kinds.multipart_files.then(|| {
        quote! {
            /// A file part (`application/octet-stream` unless the file says
            /// otherwise); a media type that does not parse is refused here.
            fn file_part(name: &'static str, file: &super::models::FilePart) -> ::std::result::Result<Part, Error> {
                let content_type = file
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into());
                if let ::std::result::Result::Err(error) = ::reqwest::multipart::Part::bytes(::std::vec::Vec::new()).mime_str(&content_type) {
                    return ::std::result::Result::Err(Error::InvalidArgument {
                        name,
                        message: ::std::format!("media type `{content_type}`: {error}"),
                    });
                }
                ::std::result::Result::Ok(Part {
                    name: ::std::borrow::Cow::Borrowed(name),
                    bytes: file.bytes.clone(),
                    file_name: file.file_name.clone(),
                    content_type: ::std::option::Option::Some(content_type),
                })
            }
        }
    });
    quote! {
        /// An encoded request body.
        enum Body {
            #bytes
            #multipart
        }

        #part
        #text_part
        #file_part
    }
}

/// The `add_to` statement that puts the body on the request.
fn add_body(kinds: &BodyKinds) -> TokenStream {
    let bytes = kinds.bytes().then(|| {
        quote! {
            ::std::option::Option::Some(Body::Bytes { bytes, content_type }) => request
                .header(::reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
        }
    });
    let multipart = kinds.multipart().then(|| {
        quote! {
            ::std::option::Option::Some(Body::Multipart(parts)) => request.multipart(
                parts
                    .iter()
                    .fold(::reqwest::multipart::Form::new(), |form, part| form.part(part.name.clone(), part.to_reqwest())),
            ),
        }
    });
    quote! {
        let request = match &self.body {
            #bytes
            #multipart
            ::std::option::Option::None => request,
        };
    }
}
