//! Model types that exist for the client rather than for the wire format:
//! `multipart/form-data` bodies (with [`FilePart`](file_part) files) and
//! the enums of operations whose success statuses have different bodies.
//! Neither is (de)serialized with serde; the client encodes and decodes
//! them itself.

use super::analysis::holds_file;
use super::docs::{doc_attrs, own_doc};
use super::{ident, type_tokens, Scope};
use crate::ir::reserved::FILE_PART;
use crate::ir::{Ir, ResponseBody, ResponsesDef, StatusMatch, StructDef, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// A plain struct with one field per part.
pub fn multipart_struct(ir: &Ir, def: &TypeDef, form: &StructDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let default = form
        .all_optional()
        .then(|| quote!(::std::default::Default,));
    let fields = form.fields.iter().map(|field| {
        let doc = doc_attrs(field.doc.as_deref());
        let name = ident(&field.name);
        let (inner, nullable) = field.ty.strip_nullable();
        let mut ty = type_tokens(ir, inner, Scope::Models);
        if nullable || !field.required {
            ty = quote!(::std::option::Option<#ty>);
        }
        quote!(#doc pub #name: #ty,)
    });
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// One variant per documented success status, and one for the others.
pub fn responses_enum(ir: &Ir, def: &TypeDef, responses: &ResponsesDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let variants = responses.variants.iter().map(|variant| {
        let status = match variant.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::AnySuccess => "Any other 2xx status".to_string(),
        };
        let (payload, what) = match &variant.body {
            ResponseBody::Json(ty) => {
                let ty = type_tokens(ir, ty, Scope::Models);
                (Some(quote!((#ty))), "")
            }
            ResponseBody::Text => (Some(quote!((::std::string::String))), ", with a text body"),
            ResponseBody::Bytes => (Some(quote!((::std::vec::Vec<u8>))), ", with a binary body"),
            ResponseBody::Empty | ResponseBody::ByStatus(_) => (None, ", without a body"),
        };
        let status_doc = own_doc(&format!("{status}{what}."));
        let spec_doc = variant.doc.as_deref().map(|text| {
            let text = doc_attrs(Some(text));
            quote!(#[doc = ""] #text)
        });
        let variant = ident(&variant.name);
        quote!(#status_doc #spec_doc #variant #payload,)
    });
    let other = ident(&responses.other_variant);
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
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

/// Whether some multipart body sends files.
pub fn uses_files(ir: &Ir) -> bool {
    ir.types.iter().any(|def| match &def.kind {
        TypeKind::Multipart(form) => form.fields.iter().any(|f| holds_file(&f.ty)),
        _ => false,
    })
}

/// `FilePart`: a file's bytes with the name and media type sent with it.
pub fn file_part() -> TokenStream {
    let name = ident(FILE_PART);
    quote! {
        /// A file sent as one part of a `multipart/form-data` body.
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::default::Default,
        )]
        pub struct #name {
            /// The file's contents.
            pub bytes: ::std::vec::Vec<u8>,
            /// The file name sent with the part, if any.
            pub file_name: ::std::option::Option<::std::string::String>,
            /// The part's media type; `application/octet-stream` when `None`.
            pub content_type: ::std::option::Option<::std::string::String>,
        }

        impl #name {
            /// A file part with these contents, no file name and no media type.
            pub fn new(bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                Self {
                    bytes: bytes.into(),
                    ..::std::default::Default::default()
                }
            }

            /// Sends `file_name` as the part's file name.
            pub fn with_file_name(mut self, file_name: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.file_name = ::std::option::Option::Some(file_name.into());
                self
            }

            /// Sends `content_type` as the part's media type.
            pub fn with_content_type(mut self, content_type: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.content_type = ::std::option::Option::Some(content_type.into());
                self
            }
        }
    }
}
