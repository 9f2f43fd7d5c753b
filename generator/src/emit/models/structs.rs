//! Structs: one per object schema, its fields typed and renamed to their
//! wire names.

use super::{derive_attr, struct_decoding, Derive, ExtraDerive};
use crate::emit::docs::doc_attrs;
use crate::emit::{ident, type_tokens, Scope};
use crate::ir::{Field, Ir, StructDef, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// How a struct implements serde's traits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StructSerde {
    /// Neither trait (the structs of query and header parameters, which
    /// the client encodes field by field).
    None,
    /// `Serialize` alone, derived (a struct only requests carry).
    SerializeOnly,
    /// `Serialize` derived, `Deserialize` written out (`struct_decoding`),
    /// with `use`s of the prelude where the crate shadows it.
    Compact { prelude_shadowed: bool },
    /// Both derived.
    Derived,
}

/// A struct, with the serde impls `serde` says.
pub fn emit(
    ir: &Ir,
    def: &TypeDef,
    s: &StructDef,
    extra_derives: &[ExtraDerive],
    serde: StructSerde,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let mut own = vec![Derive::Debug, Derive::Clone, Derive::PartialEq];
    if s.all_optional() {
        own.push(Derive::Default);
    }
    let mut by_hand: &[&str] = &[];
    match serde {
        StructSerde::None => {}
        StructSerde::SerializeOnly => own.push(Derive::Serialize),
        StructSerde::Compact { .. } => {
            own.push(Derive::Serialize);
            by_hand = &["Deserialize"];
        }
        StructSerde::Derived => own.extend([Derive::Serialize, Derive::Deserialize]),
    }
    let derives = derive_attr(&own, by_hand, extra_derives);
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
    let deserialize = match serde {
        StructSerde::Compact { prelude_shadowed } => {
            Some(struct_decoding::deserialize_impl(def, s, prelude_shadowed))
        }
        _ => None,
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }
        #deserialize
    }
}

/// A newtype around what would be a recursive alias: transparent on the
/// wire, so `Tree(vec![])` is `[]`; `Deserialize` where `deserialize`.
pub fn emit_newtype(
    ir: &Ir,
    def: &TypeDef,
    target: &TypeRef,
    extra_derives: &[ExtraDerive],
    deserialize: bool,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let mut own = vec![
        Derive::Debug,
        Derive::Clone,
        Derive::PartialEq,
        Derive::Serialize,
    ];
    if deserialize {
        own.push(Derive::Deserialize);
    }
    let derives = derive_attr(&own, &[], extra_derives);
    let target = type_tokens(ir, target, Scope::Models);
    quote! {
        #doc
        #derives
        #[serde(transparent)]
        pub struct #name(pub #target);
    }
}

fn emit_field(ir: &Ir, field: &Field, serde: StructSerde) -> TokenStream {
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
        // `default` is for a derived `Deserialize`; the compact one knows.
        if serde == StructSerde::Derived {
            serde_args.push(quote!(default));
        }
        serde_args.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    let serde_attr = (serde != StructSerde::None && !serde_args.is_empty())
        .then(|| quote!(#[serde(#(#serde_args),*)]));
    // The spec's nesting, spelled out: a `type` alias would only hide it.
    let wrappers = u32::from(field.boxed) + u32::from(nullable || !field.required);
    let complex = (type_complexity(inner, wrappers) > CLIPPY_TYPE_COMPLEXITY)
        .then(|| quote!(#[allow(clippy::type_complexity)]));
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        #serde_attr
        #complex
        pub #name: #ty,
    }
}

/// The score above which clippy's `type_complexity` lint fires.
const CLIPPY_TYPE_COMPLEXITY: u32 = 250;

/// Clippy's complexity score of `ty` as the models spell it, inside
/// `wrappers` single-parameter generics (`Option`, `Box`): each type path
/// scores ten times its nesting depth.
fn type_complexity(ty: &TypeRef, wrappers: u32) -> u32 {
    fn score(ty: &TypeRef, depth: u32) -> u32 {
        let own = 10 * depth;
        match ty {
            TypeRef::List(item) | TypeRef::Nullable(item) => own + score(item, depth + 1),
            // `BTreeMap<String, V>`: the key is one more path.
            TypeRef::Map(value) => own + 10 * (depth + 1) + score(value, depth + 1),
            _ => own,
        }
    }
    (1..=wrappers).map(|depth| 10 * depth).sum::<u32>() + score(ty, wrappers + 1)
}
