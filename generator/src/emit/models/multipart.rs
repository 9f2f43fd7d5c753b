//! The structs of `multipart/form-data` bodies (one field per part), and
//! [`FilePart`](file_part), the files they send. They are the client's
//! arguments, not wire types: the client encodes them part by part, so they
//! derive no serde traits (and no extra derives).

use super::structs::allow_field_complexity;
use crate::emit::analysis::holds_file;
use crate::emit::docs::doc_attrs;
use crate::emit::{ident, type_tokens, Scope};
use crate::ir::reserved::FILE_PART;
use crate::ir::{Ir, StructDef, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// A plain struct with one field per part.
pub fn emit(ir: &Ir, def: &TypeDef, form: &StructDef) -> TokenStream {
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
        let complex = allow_field_complexity(field, 0);
        quote!(#doc #complex pub #name: #ty,)
    });
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default)]
        pub struct #name {
            #(#fields)*
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
