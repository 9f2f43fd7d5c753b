//! Unions (`oneOf`/`anyOf`): enums with a variant per member type, decoded
//! by the discriminator when there is one, else by the first variant that
//! decodes.

use super::{derive_attr, serde_derives, Derive, ExtraDerive};
use crate::emit::docs::{doc_attrs, own_doc};
use crate::emit::text::{date_time_text, is_text_union};
use crate::emit::{
    allow_type_complexity, ident, resolve_alias, type_tokens, wrapped_complexity, Scope,
};
use crate::ir::serde_impls::SerdeImpls;
use crate::ir::{Ir, TagKind, TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A union variant: its name and payload (boxed when the union is
/// recursive), with clippy's `type_complexity` allowed when the payload's
/// type scores above its limit.
fn variant_declaration(ir: &Ir, variant: &UnionVariant) -> TokenStream {
    let name = ident(&variant.name);
    let mut payload = type_tokens(ir, &variant.ty, Scope::Models);
    if variant.boxed {
        payload = quote!(::std::boxed::Box<#payload>);
    }
    let complex = allow_type_complexity(wrapped_complexity(&variant.ty, u32::from(variant.boxed)));
    quote!(#complex #name(#payload))
}

/// A union, with the serde traits `serde` says (an untagged one derives
/// them, a tagged one implements them by hand).
pub fn emit(
    ir: &Ir,
    def: &TypeDef,
    u: &UnionDef,
    extra: &[ExtraDerive],
    serde: SerdeImpls,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let union = match &u.discriminator {
        Some(property) => tagged(ir, &name, u, property, extra, serde),
        None => untagged(ir, &name, u, extra, serde),
    };
    quote!(#doc #union)
}

/// Without a usable discriminator the first variant that decodes wins.
fn untagged(
    ir: &Ir,
    name: &Ident,
    u: &UnionDef,
    extra_derives: &[ExtraDerive],
    serde: SerdeImpls,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let declaration = variant_declaration(ir, v);
        quote!(#declaration,)
    });
    let display = is_text_union(ir, u).then(|| text_union_display(ir, name, u));
    let mut own = vec![Derive::Debug, Derive::Clone, Derive::PartialEq];
    own.extend(serde_derives(serde));
    let derives = derive_attr(&own, &[], extra_derives);
    let untagged = (serde != SerdeImpls::NONE).then(|| quote!(#[serde(untagged)]));
    quote! {
        #derives
        #untagged
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        #display
    }
}

/// A union of scalars and enums shows the value it holds, as a parameter
/// sends it (a date-time in RFC 3339, an enum as its wire value).
fn text_union_display(ir: &Ir, name: &Ident, u: &UnionDef) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let write = match resolve_alias(ir, &v.ty) {
            TypeRef::String => quote!(f.write_str(value)),
            TypeRef::Named(id) if matches!(ir.types[id.0].kind, TypeKind::Enum(_)) => {
                let enum_name = ident(&ir.types[id.0].name);
                quote!(f.write_str(#enum_name::as_str(value)))
            }
            TypeRef::DateTime => {
                let text = date_time_text(quote!(value), Scope::Models);
                quote!(f.write_str(&#text))
            }
            _ => quote!(::std::fmt::Display::fmt(value, f)),
        };
        quote!(Self::#variant(value) => #write,)
    });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The discriminator property picks the variant, and the whole object
/// (discriminator included) is decoded as that variant's type. Serde's
/// internally tagged enums would remove the property first, which breaks
/// variant types that declare it; unknown values are kept as JSON.
fn tagged(
    ir: &Ir,
    name: &Ident,
    u: &UnionDef,
    property: &str,
    extra_derives: &[ExtraDerive],
    serde: SerdeImpls,
) -> TokenStream {
    let other = ident(&u.other_variant);
    let variants = u.variants.iter().map(|v| {
        let declaration = variant_declaration(ir, v);
        let values = v.tag_values.join("`, `").replace('`', "'");
        let variant_doc = own_doc(&format!("`{property}`: '{values}'"));
        quote!(#variant_doc #declaration,)
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let deserialize_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let values = &v.tag_values;
        quote! {
            #(::std::option::Option::Some(#values))|* => ::serde_json::from_value(value)
                .map(Self::#variant)
                .map_err(<D::Error as ::serde::de::Error>::custom),
        }
    });
    let other_doc = own_doc(&format!(
        "A `{property}` value this version of the client does not know; kept as sent."
    ));
    // Integer tags are matched as their decimal text.
    let tag_text = match u.tag {
        TagKind::String => {
            quote!(.and_then(::serde_json::Value::as_str).map(::std::string::String::from))
        }
        TagKind::Integer => {
            quote!(.and_then(::serde_json::Value::as_i64).map(|tag| tag.to_string()))
        }
    };
    let own = [Derive::Debug, Derive::Clone, Derive::PartialEq];
    let by_hand: Vec<&str> = serde_derives(serde).map(Derive::name).collect();
    let derives = derive_attr(&own, &by_hand, extra_derives);
    let serialize_impl = serde.serialize.then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#serialize_arms)*
                        Self::#other(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let deserialize_impl = serde.deserialize.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                    let tag = value
                        .get(#property)
                        #tag_text;
                    match tag.as_deref() {
                        #(#deserialize_arms)*
                        _ => ::std::result::Result::Ok(Self::#other(value)),
                    }
                }
            }
        }
    });
    quote! {
        #derives
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::serde_json::Value),
        }

        #serialize_impl
        #deserialize_impl
    }
}
