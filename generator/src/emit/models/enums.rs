//! String enums: open, so that a value the spec does not list decodes into
//! the catch-all variant and serializes back unchanged.

use super::{derive_attr, Derive, ExtraDerive, SERDE_BY_HAND};
use crate::emit::docs::{doc_attrs, own_doc, value_doc};
use crate::emit::ident;
use crate::ir::{EnumDef, TypeDef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// An enum that keeps working when the API adds a value: unknown values
/// land in the catch-all variant and serialize back unchanged.
pub fn emit(def: &TypeDef, e: &EnumDef, extra_derives: &[ExtraDerive]) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let other = ident(&e.other_variant);
    let variants = e.variants.iter().map(|v| {
        let wire = v.wire_value.escape_debug().to_string().replace('`', "'");
        let doc = value_doc(&format!("`{wire}`"), v.doc.as_deref());
        let variant = ident(&v.name);
        quote!(#doc #variant,)
    });
    let other_doc = own_doc("A value this version of the client does not know; kept as sent.");
    let own = [
        Derive::Debug,
        Derive::Clone,
        Derive::PartialEq,
        Derive::Eq,
        Derive::Hash,
    ];
    let derives = derive_attr(&own, SERDE_BY_HAND, extra_derives);
    let impls = conversions(&name, e);
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::std::string::String),
        }

        #impls
    }
}

/// `as_str`, the conversions from and to text, and the serde impls that
/// read and write the enum as its wire value.
fn conversions(name: &Ident, e: &EnumDef) -> TokenStream {
    let other = ident(&e.other_variant);
    let to_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote!(Self::#variant => #wire,)
    });
    let from_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_value;
        quote!(#wire => Self::#variant,)
    });
    let from_body = if e.variants.is_empty() {
        quote!(Self::#other(value))
    } else {
        quote! {
            match value.as_str() {
                #(#from_wire)*
                _ => Self::#other(value),
            }
        }
    };
    quote! {
    impl #name {
        /// The value as it is sent over the wire.
        pub fn as_str(&self) -> &str {
            match self {
                #(#to_wire)*
                Self::#other(value) => value.as_str(),
            }
        }
    }

    impl ::std::convert::From<::std::string::String> for #name {
        fn from(value: ::std::string::String) -> Self {
            #from_body
        }
    }

    impl ::std::str::FromStr for #name {
        type Err = ::std::convert::Infallible;

        fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
            ::std::result::Result::Ok(Self::from(::std::string::String::from(value)))
        }
    }

    impl ::std::fmt::Display for #name {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl ::serde::Serialize for #name {
        fn serialize<S: ::serde::Serializer>(
            &self,
            serializer: S,
        ) -> ::std::result::Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }

    impl<'de> ::serde::Deserialize<'de> for #name {
        fn deserialize<D: ::serde::Deserializer<'de>>(
            deserializer: D,
        ) -> ::std::result::Result<Self, D::Error> {
            <::std::string::String as ::serde::Deserialize<'de>>::deserialize(deserializer)
                .map(Self::from)
        }
    }
    }
}
