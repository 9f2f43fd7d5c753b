//! Integer enums (`type: integer` with `enum`): a Rust enum that reads and
//! writes the number itself, and keeps values the spec does not list, so a
//! server that adds one does not break decoding.

use super::{derive_attr, Derive, ExtraDerive, SERDE_BY_HAND};
use crate::emit::docs::{doc_attrs, value_doc};
use crate::emit::ident;
use crate::ir::{IntegerEnumDef, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn emit(def: &TypeDef, e: &IntegerEnumDef, extra_derives: &[ExtraDerive]) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let other = ident(&e.other_variant);
    let variants = e.variants.iter().map(|v| {
        let doc = value_doc(&format!("`{}`", v.value), v.doc.as_deref());
        let variant = ident(&v.name);
        quote!(#doc #variant,)
    });
    let to_value = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(Self::#variant => #value,)
    });
    let from_value = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = Literal::i64_unsuffixed(v.value);
        quote!(#value => Self::#variant,)
    });
    let own = [
        Derive::Debug,
        Derive::Clone,
        Derive::Copy,
        Derive::PartialEq,
        Derive::Eq,
        Derive::Hash,
    ];
    let derives = derive_attr(&own, SERDE_BY_HAND, extra_derives);
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know; kept as sent.
            #other(i64),
        }

        impl #name {
            /// The number on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
