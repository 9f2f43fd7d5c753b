//! The client's operation methods: one `async fn` per operation, with its
//! arguments, path, query, body and response decoding, and for paginated
//! lists two `Stream` methods. The shared machinery they call
//! (`Shared::endpoint`, `Shared::execute`, the encode/decode helpers) is
//! emitted by `client.rs`.
//!
//! A method builds a `RequestParts` (method, URL, query, body, auth scheme)
//! and hands it to `execute`, which sends, retries and authenticates.

use super::analysis::{is_object, Analysis};
use super::docs::{doc_attrs, own_doc};
use super::text::{has_text_form, sent_as_display_text, wire_text};
use super::{ident, resolve_alias, type_tokens, EmitContext, Scope};
use crate::ir::{
    AuthScheme, BodyKind, Field, Ir, Operation, Pagination, PathSegment, QueryStyle, ResponseBody,
    StatusMatch, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn operation_method(cx: &EmitContext, analysis: &Analysis, op: &Operation) -> TokenStream {
    let ir = cx.ir;
    let name = ident(&op.name);
    let doc = operation_doc(cx, op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let args = arguments(ir, op)
        .iter()
        .map(Argument::declaration)
        .collect::<Vec<_>>();
    let client_params = client_param_bindings(cx, analysis, op);
    let call = quote!(self.shared.execute(request).await);
    let (return_type, tail) = response_handling(ir, &op.response, call);
    let path = path_expression(ir, op);
    let query = query_pairs(ir, op);
    let headers = header_pairs(ir, op);
    let body = request_body(ir, op);
    let request = request_parts(ir, analysis, op);
    let pagination = op
        .pagination
        .as_ref()
        .map(|pagination| pagination_methods(ir, op, pagination));
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#return_type, Error> {
            #(#client_params)*
            let request_url = self.shared.endpoint(#path);
            #query
            #headers
            #body
            let request = #request;
            #tail
        }

        #pagination
    }
}

/// One argument of an operation method.
struct Argument {
    name: proc_macro2::Ident,
    ty: TokenStream,
    passing: Passing,
}

/// How an argument is passed, which says how a pagination stream keeps
/// its own copy of it.
#[derive(Clone, Copy, PartialEq)]
enum Passing {
    /// By value: numbers and booleans, which are `Copy`.
    Value,
    /// `&T`: the stream owns a `T::Owned` and lends it to each call.
    Borrowed,
    /// `Option<&T>` (an optional body): the stream owns an `Option<T::Owned>`.
    OptionalBorrowed,
}

impl Argument {
    fn new(name: &str, ty: TokenStream, passing: Passing) -> Self {
        Self {
            name: ident(name),
            ty,
            passing,
        }
    }

    /// `name: Type`, as the method declares it.
    fn declaration(&self) -> TokenStream {
        let Self { name, ty, .. } = self;
        quote!(#name: #ty)
    }

    /// `let name = <an owned copy>;`: how a stream keeps a borrowed
    /// argument, so that it is `'static` (nothing for a value, which it
    /// captures as it is).
    fn owned_copy(&self) -> TokenStream {
        let name = &self.name;
        match self.passing {
            Passing::Value => TokenStream::new(),
            Passing::Borrowed => quote!(let #name = ::std::borrow::ToOwned::to_owned(#name);),
            Passing::OptionalBorrowed => {
                quote!(let #name = #name.map(::std::borrow::ToOwned::to_owned);)
            }
        }
    }

    /// The argument as a stream passes its owned copy to the method.
    fn lent(&self) -> TokenStream {
        let name = &self.name;
        match self.passing {
            Passing::Value => quote!(#name),
            Passing::Borrowed => quote!(&#name),
            // `Option<String>` → `Option<&str>`, `Option<T>` → `Option<&T>`.
            Passing::OptionalBorrowed => {
                quote!(#name.as_ref().map(::std::borrow::Borrow::borrow))
            }
        }
    }
}

/// The method's arguments, in order: path parameters not held by the
/// client, the query struct, the header (and cookie) struct, the body.
fn arguments(ir: &Ir, op: &Operation) -> Vec<Argument> {
    let path_args = op
        .path_params
        .iter()
        .filter(|p| p.client_param.is_none())
        .map(|p| {
            let passing = if by_value(ir, &p.ty) {
                Passing::Value
            } else {
                Passing::Borrowed
            };
            Argument::new(&p.arg_name, argument_type(ir, &p.ty), passing)
        });
    let query_arg = op.query.as_ref().map(|q| {
        let ty = ident(&ir.types[q.ty.0].name);
        Argument::new(&q.arg_name, quote!(&super::models::#ty), Passing::Borrowed)
    });
    let headers_arg = op.headers.as_ref().map(|h| {
        let ty = ident(&ir.types[h.ty.0].name);
        Argument::new(&h.arg_name, quote!(&super::models::#ty), Passing::Borrowed)
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
            Argument::new(&b.arg_name, quote!(&#ty), Passing::Borrowed)
        } else {
            let ty = quote!(::std::option::Option<&#ty>);
            Argument::new(&b.arg_name, ty, Passing::OptionalBorrowed)
        }
    });
    path_args
        .chain(query_arg)
        .chain(headers_arg)
        .chain(body_arg)
        .collect()
}

/// `let org_id = client_param(&self.org_id, "...")?;` for each path
/// parameter the client holds.
fn client_param_bindings(
    cx: &EmitContext,
    analysis: &Analysis,
    op: &Operation,
) -> Vec<TokenStream> {
    op.path_params
        .iter()
        .filter_map(|p| {
            let index = p.client_param?;
            let param = &cx.ir.client_params[index];
            let local = ident(&p.arg_name);
            let field = ident(&param.field);
            let missing = format!(
                "`{}` is not set: set it with `ClientBuilder::{}`, `Client::{}` or the {} environment variable",
                param.wire_name,
                param.field,
                param.setter,
                analysis.env.client_params[index]
            );
            Some(quote!(let #local = client_param(&self.#field, #missing)?;))
        })
        .collect()
}

/// `let request_body = ...;` when the operation has a body.
fn request_body(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let arg = ident(&body.arg_name);
    let encoded = if body.required {
        encode_body(ir, &body.kind, &body.media_type, &quote!(#arg))
    } else {
        let encoded = encode_body(ir, &body.kind, &body.media_type, &quote!(body));
        quote!(match #arg {
            ::std::option::Option::Some(body) => #encoded,
            ::std::option::Option::None => ::std::option::Option::None,
        })
    };
    Some(quote!(let request_body = #encoded;))
}

/// An expression of type `Option<Body>` encoding `value` (a reference).
fn encode_body(ir: &Ir, kind: &BodyKind, media_type: &str, value: &TokenStream) -> TokenStream {
    match kind {
        BodyKind::Json(_) => quote!(encode_json(#value, #media_type)?),
        BodyKind::Form(_) => quote!(encode_form(#value, #media_type)?),
        BodyKind::MultipartValue(_) => quote!(encode_multipart_value(#value)?),
        BodyKind::Text => quote! {
            ::std::option::Option::Some(Body::Bytes { bytes: #value.as_bytes().to_vec(), content_type: #media_type })
        },
        BodyKind::Binary => quote! {
            ::std::option::Option::Some(Body::Bytes { bytes: #value.to_vec(), content_type: #media_type })
        },
        BodyKind::Multipart(id) => {
            let TypeKind::Multipart(form) = &ir.types[id.0].kind else {
                return quote!(::std::option::Option::None);
            };
            let parts = form
                .fields
                .iter()
                .map(|field| multipart_part(ir, value, field));
            quote!({
                let mut parts = ::std::vec::Vec::new();
                #(#parts)*
                ::std::option::Option::Some(Body::Multipart(parts))
            })
        }
    }
}

/// The statement adding one field's part(s) of a multipart form: a file
/// part for files, a text part for values with a text form, JSON text for
/// the others; one part per item of a list; none for an absent value.
fn multipart_part(ir: &Ir, form: &TokenStream, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let (inner, nullable) = field.ty.strip_nullable();
    let (item, is_list) = match resolve_alias(ir, inner) {
        TypeRef::List(item) => (&**item, true),
        other => (other, false),
    };
    let push = match item {
        TypeRef::File => quote!(parts.push(file_part(#wire, value)?);),
        _ if has_text_form(ir, item) => {
            let text = wire_text(ir, item, quote!(value));
            quote!(parts.push(text_part(#wire, #text));)
        }
        _ => {
            quote!(parts.push(text_part(#wire, ::serde_json::to_string(value).map_err(Error::Encode)?));)
        }
    };
    let optional = nullable || !field.required;
    match (optional, is_list) {
        (false, false) => quote!({ let value = &#form.#name; #push }),
        (false, true) => quote!(for value in &#form.#name { #push }),
        (true, false) => quote!(if let ::std::option::Option::Some(value) = &#form.#name { #push }),
        (true, true) => quote! {
            if let ::std::option::Option::Some(values) = &#form.#name {
                for value in values { #push }
            }
        },
    }
}

/// `let request_headers = ...;` with the header parameters (values checked
/// by `header_value`) and one `Cookie` header for the cookie parameters.
fn header_pairs(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let headers = op.headers.as_ref()?;
    let arg = ident(&headers.arg_name);
    let TypeKind::Struct(params) = &ir.types[headers.ty.0].kind else {
        return None;
    };
    let mut statements = Vec::new();
    for (field, &cookie) in params.fields.iter().zip(&headers.cookies) {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let (inner, nullable) = field.ty.strip_nullable();
        let add = |text: TokenStream| {
            if cookie {
                quote!(cookies.push(cookie_pair(#wire, &#text));)
            } else {
                quote!(request_headers.push((#wire, header_value(#wire, #text)?));)
            }
        };
        statements.push(if nullable || !field.required {
            let text = parameter_text(ir, inner, quote!(value), ",");
            let add = add(text);
            quote!(if let ::std::option::Option::Some(value) = &#arg.#name { #add })
        } else {
            let text = parameter_text(ir, inner, quote!(&#arg.#name), ",");
            add(text)
        });
    }
    let has_cookies = headers.cookies.contains(&true);
    let has_headers = headers.cookies.contains(&false);
    let cookies_init = has_cookies.then(|| quote!(let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();));
    let cookies_add = has_cookies.then(|| {
        quote! {
            if !cookies.is_empty() {
                request_headers.push(("cookie", cookies.join("; ")));
            }
        }
    });
    let mutability = (has_cookies || has_headers).then(|| quote!(mut));
    Some(quote! {
        let #mutability request_headers: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        #cookies_init
        #(#statements)*
        #cookies_add
    })
}

/// The text of a header or cookie parameter: a list is comma-separated
/// (OpenAPI's `simple` and `form` styles), anything else as in a query.
fn parameter_text(ir: &Ir, ty: &TypeRef, value: TokenStream, separator: &str) -> TokenStream {
    let TypeRef::List(item) = resolve_alias(ir, ty) else {
        return wire_text(ir, ty, value);
    };
    // Function paths where a closure would only forward its argument, as
    // clippy's `redundant_closure` asks.
    let texts = match resolve_alias(ir, item) {
        TypeRef::String => return quote!(#value.join(#separator)),
        _ if sent_as_display_text(ir, item) => {
            quote!(#value.iter().map(::std::string::ToString::to_string))
        }
        _ if has_text_form(ir, item) => {
            let text = wire_text(ir, item, quote!(item));
            quote!(#value.iter().map(|item| #text))
        }
        _ => return wire_text(ir, ty, value),
    };
    quote!(#texts.collect::<::std::vec::Vec<_>>().join(#separator))
}

/// The `RequestParts` literal handed to `execute`.
fn request_parts(ir: &Ir, analysis: &Analysis, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method);
    let query = if op.query.is_some() {
        quote!(&request_query)
    } else {
        quote!(&[])
    };
    let body = analysis.bodies.then(|| {
        if op.body.is_some() {
            quote!(body: request_body,)
        } else {
            quote!(body: ::std::option::Option::None,)
        }
    });
    let headers = analysis.headers.then(|| {
        if op.headers.is_some() {
            quote!(headers: &request_headers,)
        } else {
            quote!(headers: &[],)
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
            method: ::reqwest::Method::#method,
            url: request_url,
            query: #query,
            accept: #accept,
            #headers
            #body
            #scheme
            #keys
        }
    }
}

/// `…_pages` and `…_stream` of a paginated list operation. They own a
/// copy of the client and of the arguments, so the streams are `'static`
/// and can be moved to other tasks.
fn pagination_methods(ir: &Ir, op: &Operation, pagination: &Pagination) -> TokenStream {
    let (Some(query), ResponseBody::Json(page_type)) = (&op.query, &op.response) else {
        return TokenStream::new();
    };
    let name = ident(&op.name);
    let pages = ident(&pagination.pages_method);
    let items = ident(&pagination.items_method);
    let query_arg = ident(&query.arg_name);
    let query_type = ident(&ir.types[query.ty.0].name);
    let page_type = type_tokens(ir, page_type, Scope::Sibling);
    let item_type = type_tokens(ir, &pagination.item, Scope::Sibling);
    let token_field = ident(&pagination.query_token_field);
    let next_field = ident(&pagination.next_token_field);
    let items_field = ident(&pagination.items_field);
    let args = arguments(ir, op);
    let arg_decls: Vec<TokenStream> = args.iter().map(Argument::declaration).collect();
    let arg_names: Vec<&proc_macro2::Ident> = args.iter().map(|a| &a.name).collect();
    // Every argument but the query (copied apart: each call sets its own
    // page token in it) is copied into the stream once, and lent to each
    // call from a clone of that copy; numbers and booleans are `Copy` and
    // captured as they are.
    let copied: Vec<&Argument> = args
        .iter()
        .filter(|a| a.name != query_arg && a.passing != Passing::Value)
        .collect();
    let owned = copied.iter().map(|a| a.owned_copy());
    let per_call = copied.iter().map(|a| {
        let arg = &a.name;
        quote!(let #arg = #arg.clone();)
    });
    let call_args = args.iter().map(Argument::lent);
    let next = if pagination.next_token_optional {
        quote!(page.#next_field.clone())
    } else {
        quote!(::std::option::Option::Some(page.#next_field.clone()))
    };
    let items_of = if pagination.items_optional {
        quote!(|page| page.#items_field.unwrap_or_default())
    } else {
        quote!(|page| page.#items_field)
    };
    let summary = op
        .doc
        .as_deref()
        .and_then(|d| d.lines().next())
        .unwrap_or(&op.name);
    let pages_doc = own_doc(&format!(
        "{}: every page, as a stream, from the one `{}.{}` names (the first when `None`) to the last.\n\n\
         Each page is fetched when the stream is polled for it, with the same retries and \
         authentication as [`Self::{}`].",
        super::docs::sanitize(summary),
        query.arg_name,
        pagination.query_token_field,
        op.name
    ));
    // The streams of a deprecated operation are deprecated too, and call it
    // without a warning of their own.
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    let items_doc = own_doc(&format!(
        "{}: every item of every page, as a stream (see [`Self::{}`]).",
        super::docs::sanitize(summary),
        pagination.pages_method
    ));
    quote! {
        #pages_doc
        #deprecated
        pub fn #pages(&self, #(#arg_decls),*) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<#page_type, Error>> {
            let client = self.clone();
            let #query_arg: super::models::#query_type = ::std::clone::Clone::clone(#query_arg);
            #(#owned)*
            super::pagination::pages(#query_arg.#token_field.clone(), move |token| {
                let client = client.clone();
                let mut #query_arg = #query_arg.clone();
                #query_arg.#token_field = token;
                #(#per_call)*
                async move {
                    let page = client.#name(#(#call_args),*).await?;
                    let next = #next;
                    ::std::result::Result::Ok((page, next))
                }
            })
        }

        #items_doc
        #deprecated
        pub fn #items(&self, #(#arg_decls),*) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<#item_type, Error>> {
            super::pagination::items(self.#pages(#(#arg_names),*), #items_of)
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

/// Numbers and booleans are taken by value, everything else by reference.
fn by_value(ir: &Ir, ty: &TypeRef) -> bool {
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
    let mut deep_objects = Vec::new();
    for (field, &style) in params.fields.iter().zip(&query.styles) {
        let expanded = match style {
            QueryStyle::DeepObject => Some(quote!(deep_object_pairs)),
            QueryStyle::FormExploded if is_object(ir, &field.ty) => Some(quote!(property_pairs)),
            _ => None,
        };
        if let Some(pairs) = expanded {
            let (prepare, extend) = expanded_field(&arg, field, pairs);
            deep_objects.push(prepare);
            optional.push(extend);
            continue;
        }
        let (is_list, statement) = query_field(ir, &arg, field, style);
        if field.required && !is_list {
            required.push(statement);
        } else {
            optional.push(statement);
        }
    }
    let mutability = (!optional.is_empty()).then(|| quote!(mut));
    quote! {
        #(#deep_objects)*
        let #mutability request_query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec![#(#required),*];
        #(#optional)*
    }
}

/// An object parameter sent as several pairs: `filter[name]=value`
/// (`deepObject`) or one pair per property (`form`, exploded). The pairs
/// are computed first, into a local the query borrows the names from.
fn expanded_field(
    query: &proc_macro2::Ident,
    field: &Field,
    pairs: TokenStream,
) -> (TokenStream, TokenStream) {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let local = format_ident!("pairs_{}", field.name.trim_start_matches("r#"));
    let (_, nullable) = field.ty.strip_nullable();
    let prepare = if nullable || !field.required {
        quote! {
            let #local = match &#query.#name {
                ::std::option::Option::Some(value) => #pairs(#wire, value)?,
                ::std::option::Option::None => ::std::vec::Vec::new(),
            };
        }
    } else {
        quote!(let #local = #pairs(#wire, &#query.#name)?;)
    };
    let extend = quote! {
        request_query.extend(#local.iter().map(|(name, value)| (name.as_str(), value.clone())));
    };
    (prepare, extend)
}

/// For a required scalar: the `(name, text)` pair; otherwise a statement
/// that adds the pairs. The flag says whether the statement form is used.
fn query_field(
    ir: &Ir,
    query: &proc_macro2::Ident,
    field: &Field,
    style: QueryStyle,
) -> (bool, TokenStream) {
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let (inner, nullable) = field.ty.strip_nullable();
    let optional = nullable || !field.required;
    let separator = match style {
        QueryStyle::FormExploded | QueryStyle::DeepObject => None,
        QueryStyle::Form => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
    };
    match (resolve_alias(ir, inner), separator) {
        // `ids=a&ids=b`
        (TypeRef::List(item), None) => {
            let text = wire_text(ir, item, quote!(value));
            let extend = quote!(request_query.extend(values.iter().map(|value| (#wire, #text))););
            let statement = if optional {
                quote!(if let ::std::option::Option::Some(values) = &#query.#name { #extend })
            } else {
                quote!({ let values = &#query.#name; #extend })
            };
            (true, statement)
        }
        // `ids=a,b` (or space- or pipe-separated)
        (TypeRef::List(_), Some(separator)) => {
            let text = parameter_text(ir, inner, quote!(values), separator);
            let push = quote!(request_query.push((#wire, #text)););
            let statement = if optional {
                quote!(if let ::std::option::Option::Some(values) = &#query.#name { #push })
            } else {
                quote!({ let values = &#query.#name; #push })
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
/// expression that yields the 2xx answer.
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
            quote!(decode_json(&#call?.body)),
        ),
        ResponseBody::Text => (
            quote!(::std::string::String),
            quote!(::std::result::Result::Ok(::std::string::String::from_utf8_lossy(&#call?.body).into_owned())),
        ),
        ResponseBody::Bytes => (
            quote!(::std::vec::Vec<u8>),
            quote!(::std::result::Result::Ok(#call?.body)),
        ),
        ResponseBody::ByStatus(id) => by_status(ir, *id, call),
    }
}

/// A `match` on the status picking the responses enum's variant.
fn by_status(ir: &Ir, id: crate::ir::TypeId, call: TokenStream) -> (TokenStream, TokenStream) {
    let name = ident(&ir.types[id.0].name);
    let enum_type = quote!(super::models::#name);
    let TypeKind::Responses(responses) = &ir.types[id.0].kind else {
        return (quote!(()), quote!(::std::result::Result::Ok(())));
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
            ResponseBody::Json(_) => quote!(#enum_type::#name(decode_json(&received.body)?)),
            ResponseBody::Text => quote!(#enum_type::#name(::std::string::String::from_utf8_lossy(&received.body).into_owned())),
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
    (
        enum_type.clone(),
        quote! {
            let received = #call?;
            ::std::result::Result::Ok(match received.status.as_u16() {
                #(#arms)*
                #other_arm
            })
        },
    )
}
