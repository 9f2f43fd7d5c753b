//! `…_pages` and `…_stream`: the two `Stream` methods of a paginated list
//! operation, which follow `nextToken` from page to page through
//! `pagination.rs`.

use super::operations::{allow_signature_complexity, arguments, Argument, Passing};
use crate::emit::docs::{own_doc, sanitize};
use crate::emit::{ident, type_tokens, wrapped_complexity, Scope};
use crate::ir::{Ir, Operation, Pagination, QueryParams, ResponseBody, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `…_pages` and `…_stream` of a paginated list operation. They own a
/// copy of the client and of the arguments, so the streams are `'static`
/// and can be moved to other tasks.
pub fn pagination_methods(
    ir: &Ir,
    op: &Operation,
    pagination: &Pagination,
    cfg: &TokenStream,
) -> TokenStream {
    let (Some(query), ResponseBody::Json(page_type)) = (&op.query, &op.response) else {
        return TokenStream::new();
    };
    let args = arguments(ir, op);
    let (pages_doc, items_doc) = docs(op, pagination, &query.arg_name);
    // The streams of a deprecated operation are deprecated too, and call it
    // without a warning of their own.
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    let pages = pages_method(ir, op, pagination, query, page_type, &args);
    let items = items_method(ir, pagination, &args);
    quote! {
        #pages_doc
        #cfg
        #deprecated
        #pages

        #items_doc
        #cfg
        #deprecated
        #items
    }
}

/// `…_pages`: the method called again with each page's token.
fn pages_method(
    ir: &Ir,
    op: &Operation,
    pagination: &Pagination,
    query: &QueryParams,
    page_type: &TypeRef,
    args: &[Argument],
) -> TokenStream {
    let name = ident(&op.name);
    let pages = ident(&pagination.pages_method);
    let query_arg = ident(&query.arg_name);
    let query_type = ident(&ir.types[query.ty.0].name);
    // `BoxStream<Result<Page, Error>>`
    let complex = allow_signature_complexity(args, 90);
    let page_type = type_tokens(ir, page_type, Scope::Sibling);
    let token_field = ident(&pagination.query_token_field);
    let next_field = ident(&pagination.next_token_field);
    let arg_decls = args.iter().map(Argument::declaration);
    // Every argument but the query (copied apart: each call sets its own
    // page token in it) is copied into the stream once, and lent to each
    // call from a clone of that copy; numbers and booleans are `Copy` and
    // captured as they are.
    let copied: Vec<&Argument> = args
        .iter()
        .filter(|a| a.name != query_arg && a.passing != Passing::Value)
        .collect();
    let owned = copied.iter().map(|a| a.owned_copy());
    // `Copy` values are copied into each call's future as they are.
    let per_call = copied
        .iter()
        .filter(|a| a.passing != Passing::BorrowedCopy)
        .map(|a| {
            let arg = &a.name;
            quote!(let #arg = #arg.clone();)
        });
    let call_args = args.iter().map(Argument::lent);
    let page = ident(&pagination.locals.page);
    let next = if pagination.next_token_optional {
        quote!(#page.#next_field.clone())
    } else {
        quote!(Some(#page.#next_field.clone()))
    };
    let locals = &pagination.locals;
    let (client, token) = (ident(&locals.client), ident(&locals.token));
    let next_token = ident(&locals.next);
    quote! {
        #complex
        pub fn #pages(&self, #(#arg_decls),*) -> futures_util::stream::BoxStream<'static, Result<#page_type, Error>> {
            let #client = self.clone();
            let #query_arg: super::models::#query_type = Clone::clone(#query_arg);
            #(#owned)*
            super::pagination::pages(#query_arg.#token_field.clone(), move |#token| {
                let #client = #client.clone();
                let mut #query_arg = #query_arg.clone();
                #query_arg.#token_field = #token;
                #(#per_call)*
                async move {
                    let #page = #client.#name(#(#call_args),*).await?;
                    let #next_token = #next;
                    Ok((#page, #next_token))
                }
            })
        }
    }
}

/// `…_stream`: the items of the pages of `…_pages`.
fn items_method(ir: &Ir, pagination: &Pagination, args: &[Argument]) -> TokenStream {
    let pages = ident(&pagination.pages_method);
    let items = ident(&pagination.items_method);
    // `BoxStream<Result<item, Error>>`: the item is three levels deep and
    // `Error` scores 30.
    let returned = wrapped_complexity(&pagination.item, 2) + 30;
    let complex = allow_signature_complexity(args, returned);
    let item_type = type_tokens(ir, &pagination.item, Scope::Sibling);
    let items_field = ident(&pagination.items_field);
    let arg_decls = args.iter().map(Argument::declaration);
    let arg_names = args.iter().map(|a| &a.name);
    let items_of = if pagination.items_optional {
        quote!(|page| page.#items_field.unwrap_or_default())
    } else {
        quote!(|page| page.#items_field)
    };
    quote! {
        #complex
        pub fn #items(&self, #(#arg_decls),*) -> futures_util::stream::BoxStream<'static, Result<#item_type, Error>> {
            super::pagination::items(self.#pages(#(#arg_names),*), #items_of)
        }
    }
}

/// The docs of `…_pages` and of `…_stream`.
fn docs(op: &Operation, pagination: &Pagination, query_arg: &str) -> (TokenStream, TokenStream) {
    let summary = op
        .doc
        .as_deref()
        .and_then(|d| d.lines().next())
        .unwrap_or(&op.name);
    let pages_doc = own_doc(&format!(
        "{}: every page, as a stream, from the one `{}.{}` names (the first when `None`) to the last.\n\n\
         Each page is fetched when the stream is polled for it, with the same retries and \
         authentication as [`Self::{}`].",
        sanitize(summary),
        query_arg,
        pagination.query_token_field,
        op.name
    ));
    let items_doc = own_doc(&format!(
        "{}: every item of every page, as a stream (see [`Self::{}`]).",
        sanitize(summary),
        pagination.pages_method
    ));
    (pages_doc, items_doc)
}
