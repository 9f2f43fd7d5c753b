//! `client.rs`: the async `Client` and one method per operation.
//!
//! Methods stay small: the non-generic work (building the URL, sending,
//! reading the status and body) lives in shared helpers, so each operation
//! adds only its own path, arguments and decoding to the compiled crate.

use super::docs::{doc_attrs, own_doc};
use super::{ident, resolve_alias, type_tokens, EmitContext, Scope};
use crate::ir::{Field, Ir, Operation, PathSegment, ResponseBody, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
    let methods = ir.operations.iter().map(|op| operation_method(ir, op));
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

fn operation_method(ir: &Ir, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let method = format_ident!("{}", op.method);
    let doc = operation_doc(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let path_args = op.path_params.iter().map(|p| {
        let arg = ident(&p.arg_name);
        let ty = argument_type(ir, &p.ty);
        quote!(#arg: #ty)
    });
    let query_arg = op.query.as_ref().map(|q| {
        let arg = ident(&q.arg_name);
        let ty = ident(&ir.types[q.ty.0].name);
        quote!(#arg: &super::models::#ty,)
    });
    let body_arg = op.body.as_ref().map(|b| {
        let arg = ident(&b.arg_name);
        let ty = borrowed_type(ir, &b.ty);
        if b.required {
            quote!(#arg: &#ty,)
        } else {
            quote!(#arg: ::std::option::Option<&#ty>,)
        }
    });
    let query_pairs_arg = if op.query.is_some() {
        quote!(&request_query)
    } else {
        quote!(&[])
    };
    let call = quote! {
        self.execute(::reqwest::Method::#method, request_url, #query_pairs_arg, request_body).await
    };
    let (return_type, tail) = response_handling(ir, &op.response, call);
    let path = path_expression(ir, op);
    let query = query_pairs(ir, op);
    let body = match &op.body {
        None => quote!(::std::option::Option::None),
        Some(b) => {
            let arg = ident(&b.arg_name);
            if b.required {
                quote!(encode_json(#arg)?)
            } else {
                quote!(match #arg {
                    ::std::option::Option::Some(body) => encode_json(body)?,
                    ::std::option::Option::None => ::std::option::Option::None,
                })
            }
        }
    };
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#path_args,)* #query_arg #body_arg) -> ::std::result::Result<#return_type, Error> {
            let request_url = self.endpoint(#path);
            #query
            let request_body = #body;
            #tail
        }
    }
}

fn operation_doc(op: &Operation) -> TokenStream {
    let summary = doc_attrs(op.doc.as_deref());
    let separator = op.doc.is_some().then(|| quote!(#[doc = ""]));
    let mut line = format!("`{} {}`", op.method, op.path.replace('`', "'"));
    let params: Vec<String> = op
        .path_params
        .iter()
        .filter_map(|p| {
            let doc = p.doc.as_deref()?;
            Some(format!(
                "- `{}`: {}",
                p.arg_name,
                super::docs::sanitize(doc).replace('\n', " ")
            ))
        })
        .collect();
    if !params.is_empty() {
        line.push_str("\n\nArguments:\n");
        line.push_str(&params.join("\n"));
    }
    let endpoint = own_doc(&line);
    quote!(#summary #separator #endpoint)
}

/// Path arguments are taken by value when they are numbers or booleans,
/// and borrowed otherwise.
fn argument_type(ir: &Ir, ty: &TypeRef) -> TokenStream {
    match resolve_alias(ir, ty) {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            type_tokens(ir, ty, Scope::Sibling)
        }
        _ => {
            let ty = borrowed_type(ir, ty);
            quote!(&#ty)
        }
    }
}

/// What `&` is put in front of: `str` for strings and `[T]` for lists, as
/// clippy's `ptr_arg` asks.
fn borrowed_type(ir: &Ir, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(str),
        TypeRef::List(item) => {
            let item = type_tokens(ir, item, Scope::Sibling);
            quote!([#item])
        }
        other => type_tokens(ir, other, Scope::Sibling),
    }
}

/// An expression turning a parameter value into its text on the wire.
/// `value` is an expression of reference type; every form below is a plain
/// function call, so any expression can be passed without precedence issues.
fn wire_text(ir: &Ir, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match resolve_alias(ir, ty) {
        TypeRef::DateTime => quote! {
            ::chrono::DateTime::to_rfc3339_opts(#value, ::chrono::SecondsFormat::AutoSi, true)
        },
        TypeRef::Named(id) if matches!(ir.types[id.0].kind, TypeKind::Enum(_)) => {
            let name = ident(&ir.types[id.0].name);
            quote!(::std::string::String::from(super::models::#name::as_str(#value)))
        }
        TypeRef::String => quote!(::std::string::String::from(#value)),
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Date => {
            quote!(::std::string::ToString::to_string(#value))
        }
        // Objects, lists and free-form values have no standard text form;
        // they are sent as JSON text. Serializing them cannot fail (all maps
        // have string keys), so the empty fallback is never reached.
        _ => quote!(::serde_json::to_string(#value).unwrap_or_default()),
    }
}

/// The argument of `endpoint`: the path literal, or
/// `&format!("/organizations/{}/statementjobs/{}", encode(org_id), encode(id))`.
fn path_expression(ir: &Ir, op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    for segment in &op.segments {
        match segment {
            PathSegment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathSegment::Param(index) => {
                let param = &op.path_params[*index];
                let arg = ident(&param.arg_name);
                let text = match resolve_alias(ir, &param.ty) {
                    TypeRef::String => quote!(#arg),
                    _ => {
                        // Numbers and booleans are taken by value, everything else by reference.
                        let by_value = matches!(
                            resolve_alias(ir, &param.ty),
                            TypeRef::Bool
                                | TypeRef::I32
                                | TypeRef::I64
                                | TypeRef::F32
                                | TypeRef::F64
                        );
                        let value = if by_value {
                            quote!(&#arg)
                        } else {
                            quote!(#arg)
                        };
                        let owned = wire_text(ir, &param.ty, value);
                        quote!(&#owned)
                    }
                };
                let wire_name = &param.wire_name;
                template.push_str("{}");
                args.push(quote!(encode_path_parameter(#wire_name, #text)?));
            }
        }
    }
    if args.is_empty() {
        quote!(#template)
    } else {
        quote!(&::std::format!(#template, #(#args),*))
    }
}

/// `let request_query = vec![...]` with required parameters, then pushes
/// for the optional ones.
fn query_pairs(ir: &Ir, op: &Operation) -> TokenStream {
    let Some(query) = &op.query else {
        return TokenStream::new();
    };
    let arg = ident(&query.arg_name);
    let TypeKind::Struct(params) = &ir.types[query.ty.0].kind else {
        return TokenStream::new();
    };
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for field in &params.fields {
        let (is_list, statement) = query_field(ir, &arg, field);
        if field.required && !is_list {
            required.push(statement);
        } else {
            optional.push(statement);
        }
    }
    let mutability = (!optional.is_empty()).then(|| quote!(mut));
    quote! {
        let #mutability request_query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec![#(#required),*];
        #(#optional)*
    }
}

/// For a required scalar: the `(name, text)` pair; otherwise a statement
/// that adds the pairs. The flag says whether the field is a list.
fn query_field(ir: &Ir, query: &proc_macro2::Ident, field: &Field) -> (bool, TokenStream) {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let (inner, nullable) = field.ty.strip_nullable();
    let optional = nullable || !field.required;
    match resolve_alias(ir, inner) {
        TypeRef::List(item) => {
            let text = wire_text(ir, item, quote!(value));
            let extend = quote!(request_query.extend(values.iter().map(|value| (#wire, #text))););
            let statement = if optional {
                quote!(if let ::std::option::Option::Some(values) = &#query.#name { #extend })
            } else {
                quote!({ let values = &#query.#name; #extend })
            };
            (true, statement)
        }
        _ if optional => {
            let text = wire_text(ir, inner, quote!(value));
            (
                false,
                quote!(if let ::std::option::Option::Some(value) = &#query.#name { request_query.push((#wire, #text)); }),
            )
        }
        _ => {
            let text = wire_text(ir, inner, quote!(&#query.#name));
            (false, quote!((#wire, #text)))
        }
    }
}

/// The return type, and the method's last statements given the `call`
/// expression that yields the response body.
fn response_handling(
    ir: &Ir,
    response: &ResponseBody,
    call: TokenStream,
) -> (TokenStream, TokenStream) {
    match response {
        ResponseBody::Empty => (
            quote!(()),
            quote! {
                #call?;
                ::std::result::Result::Ok(())
            },
        ),
        ResponseBody::Json(ty) => (
            type_tokens(ir, ty, Scope::Sibling),
            quote!(decode_json(&#call?)),
        ),
        ResponseBody::Text => (
            quote!(::std::string::String),
            quote!(::std::result::Result::Ok(::std::string::String::from_utf8_lossy(&#call?).into_owned())),
        ),
        ResponseBody::Bytes => (quote!(::std::vec::Vec<u8>), call),
    }
}
