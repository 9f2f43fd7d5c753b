//! `models.rs`: one struct per object schema, one open enum per string enum,
//! one alias per schema that just names another type.

use super::docs::{doc_attrs, own_doc};
use super::{ident, type_tokens, EmitContext, Scope};
use crate::ir::{
    EnumDef, Field, Ir, StructDef, TypeDef, TypeId, TypeKind, TypeRef, UnionDef, UnionVariant,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

pub fn emit(cx: &EmitContext) -> TokenStream {
    let ir = cx.ir;
    // Parsed here (paths cannot cross threads); every one was checked when
    // the options were read, so none is dropped.
    let extra_derives: Vec<syn::Path> = cx
        .extra_derives
        .iter()
        .filter_map(|path| syn::parse_str(path).ok())
        .collect();
    let extra_derives = &extra_derives;
    let query_structs = query_structs(cx);
    let items = ir.types.iter().enumerate().map(|(i, def)| match &def.kind {
        TypeKind::Struct(s) => {
            let serde = !query_structs.contains(&TypeId(i));
            emit_struct(ir, def, s, extra_derives, serde)
        }
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::Union(u) => emit_union(ir, def, u),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(def.doc.as_deref());
            let name = ident(&def.name);
            let target = type_tokens(ir, target, Scope::Models);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::IntegerEnum(e) => super::integer_enums::emit(def, e),
        TypeKind::Multipart(form) => super::forms::multipart_struct(ir, def, form),
        TypeKind::Responses(responses) => super::forms::responses_enum(ir, def, responses),
    });
    let file_part = super::forms::uses_files(ir).then(super::forms::file_part);
    quote! {
        //! The API's data types, as the spec's schemas describe them.
        #(#items)*
        #file_part
    }
}

/// The structs of query, header and cookie parameters, when the client is
/// emitted: it encodes them field by field, so they derive no serde traits
/// (serde's derives are the costliest part of compiling a generated crate).
/// With models only, they are left as other structs, for the caller to
/// encode.
fn query_structs(cx: &EmitContext) -> HashSet<TypeId> {
    if cx.models_only {
        return HashSet::new();
    }
    let ir = cx.ir;
    ir.operations
        .iter()
        .flat_map(|op| {
            let query = op.query.as_ref().map(|query| query.ty);
            let headers = op.headers.as_ref().map(|headers| headers.ty);
            query.into_iter().chain(headers)
        })
        .filter(|&id| matches!(&ir.types[id.0].kind, TypeKind::Struct(s) if s.additional.is_none()))
        .collect()
}

/// A struct; without `serde`, one that derives no serde traits.
fn emit_struct(
    ir: &Ir,
    def: &TypeDef,
    s: &StructDef,
    extra_derives: &[syn::Path],
    serde: bool,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let default = s.all_optional().then(|| quote!(::std::default::Default,));
    let serde_derives = serde.then(|| quote!(::serde::Serialize, ::serde::Deserialize,));
    let fields = s.fields.iter().map(|f| emit_field(ir, f, serde));
    let additional = s.additional.as_ref().map(|(field, value)| {
        let field = ident(field);
        let value = type_tokens(ir, value, Scope::Models);
        quote! {
            /// Properties beyond the declared ones.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    quote! {
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            #default
            #serde_derives
            #(#extra_derives,)*
        )]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_field(ir: &Ir, field: &Field, serde: bool) -> TokenStream {
    let doc = doc_attrs(field.doc.as_deref());
    let name = ident(&field.name);
    let (inner, nullable) = field.ty.strip_nullable();
    let mut ty = type_tokens(ir, inner, Scope::Models);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if nullable || !field.required {
        ty = quote!(::std::option::Option<#ty>);
    }
    let mut serde_args = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if !field.required {
        serde_args.push(quote!(
            default,
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    let serde_attr = (serde && !serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #doc
        #serde_attr
        pub #name: #ty,
    }
}

/// An enum that keeps working when the API adds a value: unknown values
/// land in the catch-all variant and serialize back unchanged.
fn emit_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let other = ident(&e.other_variant);
    let variants = e.variants.iter().map(|v| {
        let doc = own_doc(&format!(
            "`{}`",
            v.wire_value.escape_debug().to_string().replace('`', "'")
        ));
        let variant = ident(&v.name);
        quote!(#doc #variant,)
    });
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
    let other_doc = own_doc("A value this version of the client does not know; kept as sent.");
    quote! {
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
        )]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::std::string::String),
        }

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

/// The payload type of a union variant (boxed when the union is recursive).
fn variant_payload(ir: &Ir, variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(ir, &variant.ty, Scope::Models);
    if variant.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

fn emit_union(ir: &Ir, def: &TypeDef, u: &UnionDef) -> TokenStream {
    match &u.discriminator {
        Some(property) => emit_tagged_union(ir, def, u, property),
        None => emit_untagged_union(ir, def, u),
    }
}

/// Without a usable discriminator the first variant that decodes wins.
fn emit_untagged_union(ir: &Ir, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = variant_payload(ir, v);
        quote!(#variant(#payload),)
    });
    let display = super::text::is_text_union(ir, u).then(|| text_union_display(ir, def, u));
    quote! {
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::serde::Serialize,
            ::serde::Deserialize,
        )]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
        #display
    }
}

/// A union of scalars and enums shows the value it holds, as a parameter
/// sends it (a date-time in RFC 3339, an enum as its wire value).
fn text_union_display(ir: &Ir, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let write = match super::resolve_alias(ir, &v.ty) {
            TypeRef::String => quote!(f.write_str(value)),
            TypeRef::Named(id) if matches!(ir.types[id.0].kind, TypeKind::Enum(_)) => {
                let enum_name = ident(&ir.types[id.0].name);
                quote!(f.write_str(#enum_name::as_str(value)))
            }
            TypeRef::DateTime => {
                let text = super::text::wire_text(ir, &v.ty, quote!(value));
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
fn emit_tagged_union(ir: &Ir, def: &TypeDef, u: &UnionDef, property: &str) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let other = ident(&u.other_variant);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = variant_payload(ir, v);
        let values = v.tag_values.join("`, `").replace('`', "'");
        let variant_doc = own_doc(&format!("`{property}`: '{values}'"));
        quote!(#variant_doc #variant(#payload),)
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
    quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(::serde_json::Value),
        }

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

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(::serde_json::Value::as_str)
                    .map(::std::string::String::from);
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                }
            }
        }
    }
}
