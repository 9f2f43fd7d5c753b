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

use super::auth::{scheme_variants, AuthFeatures};
use super::docs::{doc_attrs, own_doc};
use super::{ident, EmitContext};
use crate::ir::{
    ApiKey, BodyKind, ClientParam, Ir, Operation, QueryStyle, ResponseBody, TypeKind, TypeRef,
};
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
    /// Which kinds of request bodies operations send.
    pub body_kinds: BodyKinds,
    /// Some operation has header or cookie parameters.
    pub headers: bool,
    /// Some operation has cookie parameters.
    pub cookies: bool,
    /// Some operation decodes a JSON response.
    pub json_responses: bool,
    /// Some query parameter has `style: deepObject`.
    pub deep_objects: bool,
    /// Some query parameter is an object sent one pair per property.
    pub property_pairs: bool,
}

/// The request body encodings in use, each emitted only when needed.
#[derive(Default)]
pub struct BodyKinds {
    pub json: bool,
    pub form: bool,
    /// A body sent as bytes as they are (text or binary).
    pub raw: bool,
    /// A multipart body with text parts.
    pub multipart_text: bool,
    /// A multipart body with file parts.
    pub multipart_files: bool,
    /// A multipart body from a value's JSON form.
    pub multipart_value: bool,
}

impl BodyKinds {
    fn of(ir: &Ir) -> Self {
        let mut kinds = Self::default();
        for body in ir.operations.iter().filter_map(|op| op.body.as_ref()) {
            match &body.kind {
                BodyKind::Json(_) => kinds.json = true,
                BodyKind::Form(_) => kinds.form = true,
                BodyKind::Text | BodyKind::Binary => kinds.raw = true,
                BodyKind::MultipartValue(_) => kinds.multipart_value = true,
                BodyKind::Multipart(id) => {
                    if let TypeKind::Multipart(form) = &ir.types[id.0].kind {
                        for field in &form.fields {
                            if is_file(&field.ty) {
                                kinds.multipart_files = true;
                            } else {
                                kinds.multipart_text = true;
                            }
                        }
                    }
                }
            }
        }
        kinds
    }

    /// Some body is sent as encoded bytes (all but multipart).
    pub fn bytes(&self) -> bool {
        self.json || self.form || self.raw
    }

    pub fn multipart(&self) -> bool {
        self.multipart_text || self.multipart_files || self.multipart_value
    }
}

/// A file, or a list of files, in a multipart form.
pub fn is_file(ty: &TypeRef) -> bool {
    match ty.strip_nullable().0 {
        TypeRef::File => true,
        TypeRef::List(item) => is_file(item),
        _ => false,
    }
}

impl Features {
    pub fn of(ir: &Ir) -> Self {
        let ops = &ir.operations;
        Self {
            auth: AuthFeatures::of(ir),
            pagination: ops.iter().any(|op| op.pagination.is_some()),
            bodies: ops.iter().any(|op| op.body.is_some()),
            body_kinds: BodyKinds::of(ir),
            headers: ops.iter().any(|op| op.headers.is_some()),
            cookies: ops
                .iter()
                .filter_map(|op| op.headers.as_ref())
                .any(|h| h.cookies.contains(&true)),
            json_responses: ops.iter().any(|op| decodes_json(ir, op)),
            deep_objects: ops
                .iter()
                .filter_map(|op| op.query.as_ref())
                .any(|q| q.styles.contains(&QueryStyle::DeepObject)),
            property_pairs: ops.iter().any(|op| exploded_objects(ir, op)),
        }
    }
}

/// Whether a query parameter of the operation is an object in the default
/// (`form`, exploded) style.
fn exploded_objects(ir: &Ir, op: &Operation) -> bool {
    let Some(query) = &op.query else {
        return false;
    };
    let TypeKind::Struct(params) = &ir.types[query.ty.0].kind else {
        return false;
    };
    params
        .fields
        .iter()
        .zip(&query.styles)
        .any(|(field, &style)| {
            style == QueryStyle::FormExploded && super::operations::is_object(ir, &field.ty)
        })
}

/// Whether the operation's success answer (or one of them) is JSON.
fn decodes_json(ir: &Ir, op: &Operation) -> bool {
    match &op.response {
        ResponseBody::Json(_) => true,
        ResponseBody::ByStatus(id) => match &ir.types[id.0].kind {
            TypeKind::Responses(r) => r
                .variants
                .iter()
                .any(|v| matches!(v.body, ResponseBody::Json(_))),
            _ => false,
        },
        _ => false,
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

    /// The variable holding an API key: the prefix and the scheme's name
    /// (`PETSTORE_API_KEY`), with `_KEY` added when the client reads that
    /// variable for other credentials already.
    pub fn api_key(prefix: &str, key: &ApiKey, auth: &AuthFeatures) -> String {
        let var = format!("{prefix}{}", key.scheme.to_shouty_snake_case());
        let vars = Self::new(prefix);
        let taken = (auth.credentials() && (var == vars.api_key || var == vars.api_secret))
            || (auth.bearer && var == vars.api_token)
            || var == vars.base_url;
        if taken {
            format!("{var}_KEY")
        } else {
            var
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
    let helpers = super::helpers::emit(cx, features);
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
                    .header(::reqwest::header::ACCEPT, parts.accept);
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
fn request_parts(features: &Features) -> TokenStream {
    let scheme = features
        .auth
        .any()
        .then(|| quote!(scheme: super::auth::Scheme,));
    let keys = features.auth.api_keys.then(|| {
        quote! {
            /// The API keys the operation sends.
            keys: &'static [super::auth::Key],
        }
    });
    let body_field = features
        .bodies
        .then(|| quote!(body: ::std::option::Option<Body>,));
    let body_type = features.bodies.then(|| body_type(&features.body_kinds));
    let add_body = features.bodies.then(|| add_body(&features.body_kinds));
    let (headers_field, add_headers) = if features.headers {
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
