//! The enums of operations whose 2xx statuses have different bodies: one
//! variant per documented status, and one for the others. They are the
//! client's answers, not wire types: the client decodes them itself, so
//! they derive no serde traits (and no extra derives).

use crate::emit::docs::{doc_attrs, own_doc};
use crate::emit::{allow_type_complexity, ident, type_complexity, type_tokens, Scope};
use crate::ir::{Ir, ResponseBody, ResponsesDef, StatusMatch, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// One variant per documented success status, and one for the others.
pub fn emit(ir: &Ir, def: &TypeDef, responses: &ResponsesDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let variants = responses.variants.iter().map(|variant| {
        let status = match variant.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::AnySuccess => "Any other 2xx status".to_string(),
        };
        let (payload, complex, what) = match &variant.body {
            ResponseBody::Json(ty) => {
                let complex = allow_type_complexity(type_complexity(ty, 1));
                let ty = type_tokens(ir, ty, Scope::Models);
                (Some(quote!((#ty))), complex, "")
            }
            ResponseBody::Text => (
                Some(quote!((::std::string::String))),
                None,
                ", with a text body",
            ),
            ResponseBody::Bytes => (
                Some(quote!((::std::vec::Vec<u8>))),
                None,
                ", with a binary body",
            ),
            ResponseBody::Empty | ResponseBody::ByStatus(_) => (None, None, ", without a body"),
        };
        let status_doc = own_doc(&format!("{status}{what}."));
        let spec_doc = variant.doc.as_deref().map(|text| {
            let text = doc_attrs(Some(text));
            quote!(#[doc = ""] #text)
        });
        let variant = ident(&variant.name);
        quote!(#status_doc #spec_doc #complex #variant #payload,)
    });
    let other = ident(&responses.other_variant);
    // An answer is matched once and dropped: boxing a large body would cost
    // every caller a dereference and save nothing.
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A 2xx status the spec does not document, with the body as received.
            #other {
                status: u16,
                body: ::std::vec::Vec<u8>,
            },
        }
    }
}
