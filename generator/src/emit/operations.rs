//! The client's operation methods: one `async fn` per operation, with its
//! arguments, path, query, body and response decoding. The shared machinery
//! they call (`endpoint`, `execute`, the encode/decode helpers) is emitted by
//! `client.rs`.

use super::docs::{doc_attrs, own_doc};
use super::{ident, resolve_alias, type_tokens, Scope};
use crate::ir::{Field, Ir, Operation, PathSegment, ResponseBody, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn operation_method(ir: &Ir, op: &Operation) -> TokenStream {
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
