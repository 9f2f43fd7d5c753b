//! `models.rs`: one struct per object schema, one open enum per string enum,
//! one alias per schema that just names another type.

use super::docs::{doc_attrs, own_doc, value_doc};
use super::{ident, type_tokens, EmitContext, Scope};
use crate::ir::{
    EnumDef, Field, Ir, StructDef, TagKind, TypeDef, TypeId, TypeKind, TypeRef, UnionDef,
    UnionVariant,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

pub fn emit(cx: &EmitContext) -> TokenStream {
    let ir = cx.ir;
    let extra_derives = &ExtraDerive::parse_all(cx.extra_derives);
    let query_structs = query_structs(cx);
    let items = ir.types.iter().enumerate().map(|(i, def)| match &def.kind {
        TypeKind::Struct(s) => {
            let serde = !query_structs.contains(&TypeId(i));
            emit_struct(ir, def, s, extra_derives, serde)
        }
        TypeKind::Enum(e) => emit_enum(def, e, extra_derives),
        TypeKind::Union(u) => emit_union(ir, def, u, extra_derives),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(def.doc.as_deref());
            let name = ident(&def.name);
            let target = type_tokens(ir, target, Scope::Models);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::IntegerEnum(e) => super::integer_enums::emit(def, e, extra_derives),
        // Multipart forms and the enums of several success statuses are
        // arguments and answers of the client, never inside a schema's
        // type, so a derive on the models needs none of them: they get no
        // extra derives.
        TypeKind::Multipart(form) => super::forms::multipart_struct(ir, def, form),
        TypeKind::Responses(responses) => super::forms::responses_enum(ir, def, responses),
        TypeKind::Webhooks(webhooks) => super::webhooks::emit(ir, def, webhooks),
    });
    let file_part = super::forms::uses_files(ir).then(super::forms::file_part);
    let bytes = super::bytes::uses_bytes(ir).then(super::bytes::base64_bytes);
    quote! {
        //! The API's data types, as the spec's schemas describe them.
        #(#items)*
        #file_part
        #bytes
    }
}

/// An `--extra-derive`, with the name of the trait it derives.
pub struct ExtraDerive {
    path: syn::Path,
    name: String,
}

impl ExtraDerive {
    /// Parsed here (paths cannot cross threads); every one was checked
    /// when the options were read, so none is dropped.
    fn parse_all(paths: &[String]) -> Vec<Self> {
        paths
            .iter()
            .filter_map(|path| syn::parse_str::<syn::Path>(path).ok())
            .filter_map(|path| {
                let name = path.segments.last()?.ident.to_string();
                Some(Self { path, name })
            })
            .collect()
    }
}

/// The `#[derive(..)]` of a model type: its `own` derives, then every
/// extra derive of a trait it does not implement yet. Extra derives reach
/// every type a schema can describe (structs, enums, unions), since a
/// derive on a struct needs its fields' types to implement the trait too.
/// A trait the type already derives or implements `by_hand` (the serde
/// impls of open enums and tagged unions) is left out: implementing it
/// twice would not compile. Traits are matched by name, so `Eq` and
/// `std::cmp::Eq` are one.
pub fn derive_attr(own: &[TokenStream], by_hand: &[&str], extra: &[ExtraDerive]) -> TokenStream {
    let implemented = |name: &str| {
        by_hand.contains(&name)
            || own.iter().any(|path| {
                path.clone()
                    .into_iter()
                    .last()
                    .is_some_and(|t| t.to_string() == name)
            })
    };
    let extra = extra
        .iter()
        .filter(|derive| !implemented(&derive.name))
        .map(|derive| &derive.path);
    quote!(#[derive(#(#own,)* #(#extra,)*)])
}

/// The traits open enums (string and integer) and tagged unions implement
/// by hand.
pub const SERDE_BY_HAND: &[&str] = &["Serialize", "Deserialize"];

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
    extra_derives: &[ExtraDerive],
    serde: bool,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let mut own = vec![
        quote!(::std::fmt::Debug),
        quote!(::std::clone::Clone),
        quote!(::std::cmp::PartialEq),
    ];
    if s.all_optional() {
        own.push(quote!(::std::default::Default));
    }
    if serde {
        own.extend([quote!(::serde::Serialize), quote!(::serde::Deserialize)]);
    }
    let derives = derive_attr(&own, &[], extra_derives);
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
        #derives
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
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        #serde_attr
        pub #name: #ty,
    }
}

/// An enum that keeps working when the API adds a value: unknown values
/// land in the catch-all variant and serialize back unchanged.
fn emit_enum(def: &TypeDef, e: &EnumDef, extra_derives: &[ExtraDerive]) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let other = ident(&e.other_variant);
    let variants = e.variants.iter().map(|v| {
        let wire = v.wire_value.escape_debug().to_string().replace('`', "'");
        let doc = value_doc(&format!("`{wire}`"), v.doc.as_deref());
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
    let own = [
        quote!(::std::fmt::Debug),
        quote!(::std::clone::Clone),
        quote!(::std::cmp::PartialEq),
        quote!(::std::cmp::Eq),
        quote!(::std::hash::Hash),
    ];
    let derives = derive_attr(&own, SERDE_BY_HAND, extra_derives);
    quote! {
        #doc
        #derives
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

fn emit_union(ir: &Ir, def: &TypeDef, u: &UnionDef, extra: &[ExtraDerive]) -> TokenStream {
    match &u.discriminator {
        Some(property) => emit_tagged_union(ir, def, u, property, extra),
        None => emit_untagged_union(ir, def, u, extra),
    }
}

/// Without a usable discriminator the first variant that decodes wins.
fn emit_untagged_union(
    ir: &Ir,
    def: &TypeDef,
    u: &UnionDef,
    extra_derives: &[ExtraDerive],
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = variant_payload(ir, v);
        quote!(#variant(#payload),)
    });
    let display = super::text::is_text_union(ir, u).then(|| text_union_display(ir, def, u));
    let own = [
        quote!(::std::fmt::Debug),
        quote!(::std::clone::Clone),
        quote!(::std::cmp::PartialEq),
        quote!(::serde::Serialize),
        quote!(::serde::Deserialize),
    ];
    let derives = derive_attr(&own, &[], extra_derives);
    quote! {
        #doc
        #derives
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
fn emit_tagged_union(
    ir: &Ir,
    def: &TypeDef,
    u: &UnionDef,
    property: &str,
    extra_derives: &[ExtraDerive],
) -> TokenStream {
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
    // Integer tags are matched as their decimal text.
    let tag_text = match u.tag {
        TagKind::String => {
            quote!(.and_then(::serde_json::Value::as_str).map(::std::string::String::from))
        }
        TagKind::Integer => {
            quote!(.and_then(::serde_json::Value::as_i64).map(|tag| tag.to_string()))
        }
    };
    let own = [
        quote!(::std::fmt::Debug),
        quote!(::std::clone::Clone),
        quote!(::std::cmp::PartialEq),
    ];
    let derives = derive_attr(&own, SERDE_BY_HAND, extra_derives);
    quote! {
        #doc
        #derives
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
                    #tag_text;
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the traits a `#[derive(..)]` attribute derives.
    fn derived(attr: TokenStream) -> Vec<String> {
        let parser = syn::Attribute::parse_outer;
        let attrs = syn::parse::Parser::parse2(parser, attr).unwrap();
        let paths = attrs[0]
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .unwrap();
        paths
            .iter()
            .map(|p| p.segments.last().unwrap().ident.to_string())
            .collect()
    }

    #[test]
    fn an_extra_derive_is_left_out_where_the_type_implements_the_trait() {
        let extra = ExtraDerive::parse_all(&[
            "Eq".into(),
            "std::hash::Hash".into(),
            "serde::Serialize".into(),
            "PartialOrd".into(),
            "schemars::JsonSchema".into(),
        ]);
        let open_enum = [
            quote!(::std::fmt::Debug),
            quote!(::std::cmp::Eq),
            quote!(::std::hash::Hash),
        ];
        assert_eq!(
            derived(derive_attr(&open_enum, SERDE_BY_HAND, &extra)),
            ["Debug", "Eq", "Hash", "PartialOrd", "JsonSchema"]
        );
        let plain_struct = [quote!(::std::fmt::Debug)];
        assert_eq!(
            derived(derive_attr(&plain_struct, &[], &extra)),
            [
                "Debug",
                "Eq",
                "Hash",
                "Serialize",
                "PartialOrd",
                "JsonSchema"
            ]
        );
        assert_eq!(derived(derive_attr(&plain_struct, &[], &[])), ["Debug"]);
    }
}
