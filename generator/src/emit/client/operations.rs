//! The client's operation methods. Each operation gets a public method
//! that is a plain `fn` returning the future of `Shared::call_json` (or
//! `Shared::call`), generic `async fn`s all operations share, and a private
//! method that builds its request: arguments, path, query, headers and
//! body. Paginated lists also get two `Stream` methods. The shared
//! machinery (`Shared::endpoint`, the calls, `execute`, the encode/decode
//! helpers) is emitted by `client.rs`.
//!
//! Keeping `async` out of the operations is what keeps a large crate quick
//! to check: rustc checks each shared call once, where an `async fn` per
//! operation would be a state machine of its own to check for each (on
//! GitHub's 767 operations, a quarter of the crate's check time).

use super::request::{header_pairs, path, query_pairs, request_body};
use super::streams::pagination_methods;
use crate::emit::analysis::Analysis;
use crate::emit::decode::response_shape;
use crate::emit::docs::{doc_attrs, own_doc, sanitize};
use crate::emit::{
    allow_type_complexity, ident, resolve_alias, type_complexity, type_tokens, wrappers_complexity,
    EmitContext, Scope,
};
use crate::ir::{
    AuthScheme, BodyKind, Ir, Operation, ResponseBody, StatusMatch, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The method of `op`, its request builder, and its streams if it is
/// paginated; `cfg` is the `#[cfg(..)]` of each (empty without features
/// per tag).
pub fn operation_method(
    cx: &EmitContext,
    analysis: &Analysis,
    op: &Operation,
    cfg: &TokenStream,
) -> TokenStream {
    let ir = cx.ir;
    let name = ident(&op.name);
    let request_method = ident(&op.request_method);
    let doc = operation_doc(cx, op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let arguments = arguments(ir, op);
    let declarations: Vec<TokenStream> = arguments.iter().map(Argument::declaration).collect();
    let names = arguments.iter().map(|argument| &argument.name);
    let return_type = return_type(ir, op);
    let complex = allow_signature_complexity(&arguments, future_complexity(op));
    // `Result<RequestParts, Error>`
    let request_complex = allow_signature_complexity(&arguments, 50);
    let call = call(ir, op);
    let request_doc = own_doc(&format!("The request [`Self::{}`] sends.", op.name));
    // clippy reads `from_…` and `into_…` as conversions, which take no
    // `&self`; here they are only an operation's name.
    let conversion_name = ["from_", "into_"]
        .iter()
        .any(|prefix| op.request_method.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    let build = request_statements(ir, analysis, op);
    let pagination = op
        .pagination
        .as_ref()
        .map(|pagination| pagination_methods(ir, op, pagination, cfg));
    quote! {
        #doc
        #cfg
        #deprecated
        #complex
        pub fn #name(&self, #(#declarations),*) -> impl Future<Output = Result<#return_type, Error>> + '_ {
            let request = self.#request_method(#(#names),*);
            #call
        }

        #request_doc
        #cfg
        #conversion_name
        #request_complex
        fn #request_method(&self, #(#declarations),*) -> Result<RequestParts, Error> {
            #build
        }

        #pagination
    }
}

/// The request builder's statements: the path parameters, the query, the
/// URL, the headers and the body, then the `RequestParts`.
fn request_statements(ir: &Ir, analysis: &Analysis, op: &Operation) -> TokenStream {
    let (path_locals, path) = path(ir, op);
    let query = query_pairs(ir, op);
    let query_arg = if op.query.is_some() {
        quote!(&request_query)
    } else {
        quote!(&[])
    };
    let headers = header_pairs(ir, op);
    let body = request_body(ir, op);
    let request = request_parts(ir, analysis, op);
    quote! {
        #(#path_locals)*
        #query
        let request_url = self.shared.endpoint(#path, #query_arg);
        #headers
        #body
        Ok(#request)
    }
}

/// One argument of an operation method.
pub struct Argument {
    pub name: proc_macro2::Ident,
    ty: TokenStream,
    pub passing: Passing,
    /// Clippy's `type_complexity` score of `ty`.
    complexity: u32,
}

/// How an argument is passed, which says how a pagination stream keeps
/// its own copy of it.
#[derive(Clone, Copy, PartialEq)]
pub enum Passing {
    /// By value: numbers and booleans, which are `Copy`.
    Value,
    /// `&T`: the stream owns a `T::Owned` and lends it to each call.
    Borrowed,
    /// `&T` of a `Copy` type (a date): the stream copies it once, and each
    /// call borrows its own copy of that.
    BorrowedCopy,
    /// `Option<&T>` (an optional body): the stream owns an `Option<T::Owned>`.
    OptionalBorrowed,
}

impl Argument {
    fn new(name: &str, ty: TokenStream, passing: Passing, complexity: u32) -> Self {
        Self {
            name: ident(name),
            ty,
            passing,
            complexity,
        }
    }

    /// `name: Type`, as the method declares it.
    pub fn declaration(&self) -> TokenStream {
        let Self { name, ty, .. } = self;
        quote!(#name: #ty)
    }

    /// `let name = <an owned copy>;`: how a stream keeps a borrowed
    /// argument, so that it is `'static` (nothing for a value, which it
    /// captures as it is).
    pub fn owned_copy(&self) -> TokenStream {
        let name = &self.name;
        match self.passing {
            Passing::Value => TokenStream::new(),
            Passing::Borrowed => quote!(let #name = ToOwned::to_owned(#name);),
            Passing::BorrowedCopy => quote!(let #name = *#name;),
            Passing::OptionalBorrowed => {
                quote!(let #name = #name.map(ToOwned::to_owned);)
            }
        }
    }

    /// The argument as a stream passes its owned copy to the method.
    pub fn lent(&self) -> TokenStream {
        let name = &self.name;
        match self.passing {
            Passing::Value => quote!(#name),
            Passing::Borrowed | Passing::BorrowedCopy => quote!(&#name),
            // `Option<String>` → `Option<&str>`, `Option<T>` → `Option<&T>`.
            Passing::OptionalBorrowed => {
                quote!(#name.as_ref().map(std::borrow::Borrow::borrow))
            }
        }
    }
}

/// `#[allow(clippy::type_complexity)]` for a method that takes `args` and
/// returns a type scoring `returned`, when one of them scores above
/// clippy's limit (it scores each on its own).
pub fn allow_signature_complexity(args: &[Argument], returned: u32) -> Option<TokenStream> {
    let most = args.iter().map(|a| a.complexity).fold(returned, u32::max);
    allow_type_complexity(most)
}

/// Clippy's score of `&super::models::Name`: a reference and one path.
const BORROWED_MODEL_COMPLEXITY: u32 = 11;

/// The method's arguments, in order: path parameters not held by the
/// client, the query struct, the header (and cookie) struct, the body.
pub fn arguments(ir: &Ir, op: &Operation) -> Vec<Argument> {
    let path_args = op
        .path_params
        .iter()
        .filter(|p| p.client_param.is_none())
        .map(|p| {
            let passing = if by_value(ir, &p.ty) {
                Passing::Value
            } else if matches!(resolve_alias(ir, &p.ty), TypeRef::Date | TypeRef::DateTime) {
                Passing::BorrowedCopy
            } else {
                Passing::Borrowed
            };
            // `&T` adds one to `T`; `&[T]` and `&str` score as `Vec<T>` and
            // `String` do.
            let complexity = u32::from(passing != Passing::Value) + type_complexity(&p.ty, 1);
            Argument::new(&p.arg_name, argument_type(ir, &p.ty), passing, complexity)
        });
    let query_arg = op.query.as_ref().map(|q| {
        let ty = ident(&ir.types[q.ty.0].name);
        Argument::new(
            &q.arg_name,
            quote!(&super::models::#ty),
            Passing::Borrowed,
            BORROWED_MODEL_COMPLEXITY,
        )
    });
    let headers_arg = op.headers.as_ref().map(|h| {
        let ty = ident(&ir.types[h.ty.0].name);
        Argument::new(
            &h.arg_name,
            quote!(&super::models::#ty),
            Passing::Borrowed,
            BORROWED_MODEL_COMPLEXITY,
        )
    });
    let body_arg = op.body.as_ref().map(|b| {
        let ty = match &b.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => {
                borrowed_type(ir, ty)
            }
            BodyKind::Multipart(id) => {
                let name = ident(&ir.types[id.0].name);
                quote!(super::models::#name)
            }
            BodyKind::Text => quote!(str),
            BodyKind::Binary => quote!([u8]),
        };
        if b.required {
            Argument::new(
                &b.arg_name,
                quote!(&#ty),
                Passing::Borrowed,
                1 + body_complexity(&b.kind, 1),
            )
        } else {
            let ty = quote!(Option<&#ty>);
            let complexity = wrappers_complexity(1) + 1 + body_complexity(&b.kind, 2);
            Argument::new(&b.arg_name, ty, Passing::OptionalBorrowed, complexity)
        }
    });
    path_args
        .chain(query_arg)
        .chain(headers_arg)
        .chain(body_arg)
        .collect()
}

/// Clippy's complexity score of the type a body is borrowed as, `nest`
/// levels deep: `[T]` and `str` score as `Vec<T>` and `String` do.
fn body_complexity(kind: &BodyKind, nest: u32) -> u32 {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => {
            type_complexity(ty, nest)
        }
        // A struct, `str`
        BodyKind::Multipart(_) | BodyKind::Text => 10 * nest,
        // `[u8]`
        BodyKind::Binary => 10 * nest + 10 * (nest + 1),
    }
}

/// The `RequestParts` literal the request builder returns.
fn request_parts(ir: &Ir, analysis: &Analysis, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method);
    let body = analysis.bodies.then(|| {
        if op.body.is_some() {
            quote!(body: request_body,)
        } else {
            quote!(body: None,)
        }
    });
    let headers = analysis.headers.then(|| {
        if op.headers.is_some() {
            quote!(headers: request_headers,)
        } else {
            quote!(headers: Vec::new(),)
        }
    });
    let accept = &op.accept;
    let scheme = analysis.auth.any().then(|| {
        let variant = ident(match op.auth {
            Some(AuthScheme::OAuth2ClientCredentials { .. } | AuthScheme::Bearer) => "Bearer",
            Some(AuthScheme::Basic) => "Basic",
            None => "None",
        });
        quote!(scheme: super::auth::Scheme::#variant,)
    });
    let keys = analysis.auth.api_keys.then(|| {
        let keys = op.api_keys.iter().map(|&index| {
            let variant = ident(&ir.api_keys[index].variant);
            quote!(super::auth::Key::#variant)
        });
        quote!(keys: &[#(#keys),*],)
    });
    quote! {
        RequestParts {
            method: reqwest::Method::#method,
            url: request_url,
            accept: #accept,
            #headers
            #body
            #scheme
            #keys
        }
    }
}

fn operation_doc(cx: &EmitContext, op: &Operation) -> TokenStream {
    let summary = doc_attrs(op.doc.as_deref());
    let separator = op.doc.is_some().then(|| quote!(#[doc = ""]));
    let mut line = format!("`{} {}`", op.method, op.path.replace('`', "'"));
    let params: Vec<String> = op
        .path_params
        .iter()
        .filter_map(|p| {
            if let Some(index) = p.client_param {
                let param = &cx.ir.client_params[index];
                return Some(format!(
                    "- `{}` comes from the client: [`ClientBuilder::{}`], [`Client::{}`].",
                    p.wire_name, param.field, param.setter
                ));
            }
            let doc = p.doc.as_deref()?;
            Some(format!(
                "- `{}`: {}",
                p.arg_name,
                sanitize(doc).replace('\n', " ")
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

/// Numbers and booleans are taken by value, everything else by reference.
pub fn by_value(ir: &Ir, ty: &TypeRef) -> bool {
    matches!(
        resolve_alias(ir, ty),
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64
    )
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

/// The success type the method's future yields.
fn return_type(ir: &Ir, op: &Operation) -> TokenStream {
    match &op.response {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => type_tokens(ir, ty, Scope::Sibling),
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
        ResponseBody::ByStatus(id) => match &ir.types[id.0].kind {
            TypeKind::Responses(_) => {
                let name = ident(&ir.types[id.0].name);
                quote!(super::models::#name)
            }
            _ => quote!(()),
        },
    }
}

/// Clippy's complexity score of the method's return type, `impl
/// Future<Output = Result<T, Error>>`: the trait counts nothing, `Result`
/// stands alone and `T` and `Error` are its arguments.
fn future_complexity(op: &Operation) -> u32 {
    let answer = match &op.response {
        ResponseBody::Json(ty) => type_complexity(ty, 2),
        // `String`, a responses enum or `()`; `Vec<u8>`
        ResponseBody::Text | ResponseBody::ByStatus(_) | ResponseBody::Empty => 20,
        ResponseBody::Bytes => 50,
    };
    wrappers_complexity(1) + answer + 20
}

/// The future the method returns: `Shared::call_json` for one JSON body,
/// else `Shared::call` with the closure that reads the 2xx answer
/// (`received`); the closure is handed the `Shared` as `shared`, to decode
/// JSON with.
fn call(ir: &Ir, op: &Operation) -> TokenStream {
    let read = match &op.response {
        ResponseBody::Json(ty) => {
            let operation = &op.name;
            let shape = response_shape(ir, ty);
            return quote!(self.shared.call_json(request, #operation, #shape));
        }
        ResponseBody::Empty => quote!(|_, _| Ok(())),
        ResponseBody::Text => {
            quote!(|_, received| Ok(String::from_utf8_lossy(&received.body).into_owned()))
        }
        ResponseBody::Bytes => quote!(|_, received| Ok(received.body)),
        ResponseBody::ByStatus(id) => by_status(ir, op, *id),
    };
    quote!(self.shared.call(request, #read))
}

/// `shared.decode_json(..)` of the answer's body as a `ty`, for `op`.
fn decode_json(ir: &Ir, op: &Operation, ty: &TypeRef) -> TokenStream {
    let operation = &op.name;
    let shape = response_shape(ir, ty);
    quote!(shared.decode_json(#operation, #shape, &received.body))
}

/// A closure with a `match` on the status picking the responses enum's
/// variant.
fn by_status(ir: &Ir, op: &Operation, id: crate::ir::TypeId) -> TokenStream {
    let name = ident(&ir.types[id.0].name);
    let enum_type = quote!(super::models::#name);
    let TypeKind::Responses(responses) = &ir.types[id.0].kind else {
        return quote!(|_, _| Ok(()));
    };
    let arms = responses.variants.iter().map(|variant| {
        let pattern = match variant.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::AnySuccess => quote!(_),
        };
        let name = ident(&variant.name);
        let value = match &variant.body {
            ResponseBody::Json(ty) => {
                let decode = decode_json(ir, op, ty);
                quote!(#enum_type::#name(#decode?))
            }
            ResponseBody::Text => {
                quote!(#enum_type::#name(String::from_utf8_lossy(&received.body).into_owned()))
            }
            ResponseBody::Bytes => quote!(#enum_type::#name(received.body)),
            ResponseBody::Empty | ResponseBody::ByStatus(_) => quote!(#enum_type::#name),
        };
        quote!(#pattern => #value,)
    });
    let other = ident(&responses.other_variant);
    let has_catch_all = responses
        .variants
        .iter()
        .any(|v| v.status == StatusMatch::AnySuccess);
    let other_arm = (!has_catch_all)
        .then(|| quote!(status => #enum_type::#other { status, body: received.body },));
    let decodes_json = responses
        .variants
        .iter()
        .any(|v| matches!(v.body, ResponseBody::Json(_)));
    let shared = if decodes_json {
        quote!(shared)
    } else {
        quote!(_)
    };
    quote! {
        |#shared, received| Ok(match received.status.as_u16() {
            #(#arms)*
            #other_arm
        })
    }
}
