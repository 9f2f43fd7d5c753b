//! Structs: one per object schema, its fields typed and renamed to their
//! wire names.

use super::{derive_attr, serde_derives, struct_decoding, struct_encoding, Derive, ExtraDerive};
use crate::emit::docs::doc_attrs;
use crate::emit::{
    allow_type_complexity, ident, type_complexity, type_tokens, wrapped_complexity, Scope,
};
use crate::ir::serde_impls::SerdeImpls;
use crate::ir::{Field, Ir, StructDef, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// How a struct implements serde's traits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct StructSerde {
    pub serialize: bool,
    pub deserialize: bool,
    pub how: SerdeHow,
}

/// Whether a struct's serde impls are derived or written out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SerdeHow {
    /// Written out (`struct_encoding`, `struct_decoding`), with `use`s of
    /// the prelude where the crate shadows it.
    WrittenOut {
        prelude_shadowed: bool,
    },
    Derived,
}

impl StructSerde {
    /// Whether serde's derive reads the fields' `#[serde(..)]` attributes.
    fn derives(self) -> bool {
        self.how == SerdeHow::Derived && (self.serialize || self.deserialize)
    }
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
    let impls = SerdeImpls {
        serialize: serde.serialize,
        deserialize: serde.deserialize,
    };
    let mut by_hand = Vec::new();
    match serde.how {
        SerdeHow::Derived => own.extend(serde_derives(impls)),
        SerdeHow::WrittenOut { .. } => by_hand.extend(serde_derives(impls).map(Derive::name)),
    }
    let derives = derive_attr(&own, &by_hand, extra_derives);
    let fields = s.fields.iter().map(|f| emit_field(ir, f, serde));
    let additional = s.additional.as_ref().map(|(field, value)| {
        let field = ident(field);
        let complex = allow_additional_complexity(value);
        let value = type_tokens(ir, value, Scope::Models);
        let flatten = serde.derives().then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties beyond the declared ones.
            #flatten
            #complex
            pub #field: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let (serialize, deserialize) = match serde.how {
        SerdeHow::WrittenOut { prelude_shadowed } => (
            serde
                .serialize
                .then(|| struct_encoding::serialize_impl(def, s)),
            serde
                .deserialize
                .then(|| struct_decoding::deserialize_impl(ir, def, s, prelude_shadowed)),
        ),
        SerdeHow::Derived => (None, None),
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }
        #serialize
        #deserialize
    }
}

/// A newtype around what would be a recursive alias: transparent on the
/// wire, so `Tree(vec![])` is `[]`; with the serde traits `serde` says.
pub fn emit_newtype(
    ir: &Ir,
    def: &TypeDef,
    target: &TypeRef,
    extra_derives: &[ExtraDerive],
    serde: SerdeImpls,
) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let mut own = vec![Derive::Debug, Derive::Clone, Derive::PartialEq];
    own.extend(serde_derives(serde));
    let derives = derive_attr(&own, &[], extra_derives);
    let complex = allow_type_complexity(type_complexity(target, 1));
    let target = type_tokens(ir, target, Scope::Models);
    let transparent = (serde != SerdeImpls::NONE).then(|| quote!(#[serde(transparent)]));
    quote! {
        #doc
        #derives
        #transparent
        pub struct #name(#complex pub #target);
    }
}

fn emit_field(ir: &Ir, field: &Field, serde: StructSerde) -> TokenStream {
    let doc = doc_attrs(field.doc.as_deref());
    let name = ident(&field.name);
    let ty = field_type(ir, field);
    let mut serde_args = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if !field.required {
        if serde.deserialize {
            serde_args.push(quote!(default));
        }
        if serde.serialize {
            serde_args.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
    }
    let serde_attr =
        (serde.derives() && !serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let complex = allow_field_complexity(field, 0);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        #serde_attr
        #complex
        pub #name: #ty,
    }
}

/// The Rust type of a struct's field, as `models.rs` spells it: the
/// schema's type, boxed where it breaks a cycle, in an `Option` where the
/// field may be missing or `null`.
pub(super) fn field_type(ir: &Ir, field: &Field) -> TokenStream {
    let (inner, nullable) = field.ty.strip_nullable();
    let mut ty = type_tokens(ir, inner, Scope::Models);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if nullable || !field.required {
        ty = quote!(::std::option::Option<#ty>);
    }
    ty
}

/// `#[allow(clippy::type_complexity)]` where the map of additional
/// properties, `BTreeMap<String, value>`, scores above clippy's limit.
pub(super) fn allow_additional_complexity(value: &TypeRef) -> Option<TokenStream> {
    allow_type_complexity(type_complexity(&TypeRef::Map(Box::new(value.clone())), 1))
}

/// `#[allow(clippy::type_complexity)]` where the field's type inside
/// `extra_wrappers` more `Option`s scores above clippy's limit, for the
/// field itself or a local that holds it.
pub(super) fn allow_field_complexity(field: &Field, extra_wrappers: u32) -> Option<TokenStream> {
    let (inner, nullable) = field.ty.strip_nullable();
    let wrappers = u32::from(field.boxed) + u32::from(nullable || !field.required) + extra_wrappers;
    allow_type_complexity(wrapped_complexity(inner, wrappers))
}
