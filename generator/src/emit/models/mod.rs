//! `models.rs`: one struct per object schema, one open enum per string or
//! integer enum, one enum per union, one alias per schema that just names
//! another type, and the client's own argument and answer types
//! (multipart forms, the enums of several success statuses). Everything
//! from std and dependencies is named by absolute path here: these are the
//! spec's names, and a schema may be called `Option` or `String`.

mod bytes;
mod enums;
mod integer_enums;
mod multipart;
mod responses;
mod struct_decoding;
mod struct_encoding;
mod structs;
mod unions;
mod webhooks;

use crate::emit::docs::doc_attrs;
use crate::emit::gates::gate_items;
use crate::emit::{ident, type_tokens, EmitContext, Scope};
use crate::ir::serde_impls::{Directions, SerdeImpls, SerdePlan};
use crate::ir::{Ir, StructDef, TypeId, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use structs::{SerdeHow, StructSerde};

pub fn emit(cx: &EmitContext) -> TokenStream {
    let ir = cx.ir;
    let extra_derives = &ExtraDerive::parse_all(cx.extra_derives);
    let directions = Directions::new(!cx.models_only, cx.extra_derives);
    let serde = ModelSerde {
        plan: SerdePlan::new(ir, directions),
        // A derive from another crate (`schemars::JsonSchema`) may read
        // serde's field attributes for the wire names, which only a
        // derived impl has.
        derive_serde: cx.derive_serde
            || extra_derives.iter().any(ExtraDerive::is_from_another_crate),
        prelude_shadowed: struct_decoding::prelude_shadowed(ir),
    };
    let items = (0..ir.types.len()).map(TypeId).map(|id| {
        let item = model_type(cx, id, extra_derives, &serde);
        gate_items(item, &cx.gates.of_type(id))
    });
    let file_part = multipart::uses_files(ir).then(multipart::file_part);
    let encoded = written_out(ir, &serde, |impls| impls.serialize);
    let struct_encoding = (!encoded.is_empty()).then(|| struct_encoding::module(&encoded));
    let decoded = written_out(ir, &serde, |impls| impls.deserialize);
    let struct_decoding = (!decoded.is_empty()).then(|| struct_decoding::module(&decoded));
    let bytes = bytes::uses_bytes(ir).then(bytes::base64_bytes);
    let serde_doc = serde_doc(directions);
    quote! {
        //! The API's data types, as the spec's schemas describe them.
        #serde_doc
        #(#items)*
        #file_part
        #bytes
        #struct_encoding
        #struct_decoding
    }
}

/// What the models' rustdoc says of their serde traits.
fn serde_doc(directions: Directions) -> TokenStream {
    match (directions.serialize, directions.deserialize) {
        (false, false) => quote! {
            //!
            //! Every type implements serde's `Serialize` and `Deserialize`.
        },
        (true, true) => quote! {
            //!
            //! Each type implements the serde traits of the way it travels: the
            //! types only requests carry implement `Serialize` alone, the types
            //! only responses carry `Deserialize` alone, and the structs of query
            //! and header parameters neither (the client encodes them itself);
            //! every other type implements both.
        },
        (true, false) => quote! {
            //!
            //! Every type implements serde's `Deserialize`, and `Serialize`
            //! unless only responses carry it or it holds query or header
            //! parameters (which the client encodes itself).
        },
        (false, true) => quote! {
            //!
            //! Every type implements serde's `Serialize`, and `Deserialize`
            //! unless only requests carry it or it holds query or header
            //! parameters (which the client encodes itself).
        },
    }
}

/// The serde impls of the models: which traits (`SerdePlan`), and whether
/// structs derive them or have them written out.
struct ModelSerde {
    plan: SerdePlan,
    derive_serde: bool,
    prelude_shadowed: bool,
}

impl ModelSerde {
    fn of_struct(&self, id: TypeId) -> StructSerde {
        let impls = self.plan.of(id);
        let how = if self.derive_serde {
            SerdeHow::Derived
        } else {
            SerdeHow::WrittenOut {
                prelude_shadowed: self.prelude_shadowed,
            }
        };
        StructSerde {
            serialize: impls.serialize,
            deserialize: impls.deserialize,
            how,
        }
    }
}

/// The structs with the serde impl `wanted` picks written out.
fn written_out<'a>(
    ir: &'a Ir,
    serde: &ModelSerde,
    wanted: impl Fn(SerdeImpls) -> bool,
) -> Vec<&'a StructDef> {
    if serde.derive_serde {
        return Vec::new();
    }
    let types = ir.types.iter().enumerate();
    types
        .filter(|(id, _)| wanted(serde.plan.of(TypeId(*id))))
        .filter_map(|(_, def)| match &def.kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// The items of the model type `id`: its declaration, and its impls.
fn model_type(
    cx: &EmitContext,
    id: TypeId,
    extra_derives: &[ExtraDerive],
    serde: &ModelSerde,
) -> TokenStream {
    let ir = cx.ir;
    let def = &ir.types[id.0];
    match &def.kind {
        TypeKind::Struct(s) => structs::emit(ir, def, s, extra_derives, serde.of_struct(id)),
        TypeKind::Enum(e) => enums::emit(def, e, extra_derives),
        TypeKind::Union(u) => unions::emit(ir, def, u, extra_derives, serde.plan.of(id)),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(def.doc.as_deref());
            let name = ident(&def.name);
            let target = type_tokens(ir, target, Scope::Models);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            structs::emit_newtype(ir, def, target, extra_derives, serde.plan.of(id))
        }
        TypeKind::IntegerEnum(e) => integer_enums::emit(def, e, extra_derives),
        // Multipart forms and the enums of several success statuses are
        // arguments and answers of the client, never inside a schema's
        // type, so a derive on the models needs none of them: they get no
        // extra derives.
        TypeKind::Multipart(form) => multipart::emit(ir, def, form),
        TypeKind::Responses(responses) => responses::emit(ir, def, responses),
        TypeKind::Webhooks(webhooks) => webhooks::emit(ir, def, webhooks),
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

    /// Whether the derive is not one of std's or serde's, whose derives
    /// read no serde attributes.
    fn is_from_another_crate(&self) -> bool {
        const STD_OR_SERDE: [&str; 11] = [
            "Debug",
            "Clone",
            "Copy",
            "PartialEq",
            "Eq",
            "PartialOrd",
            "Ord",
            "Hash",
            "Default",
            "Serialize",
            "Deserialize",
        ];
        !STD_OR_SERDE.contains(&self.name.as_str())
    }
}

/// A trait a model type derives of its own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
}

impl Derive {
    /// The trait's path, absolute: a schema may be called `Clone`.
    fn path(self) -> TokenStream {
        match self {
            Derive::Debug => quote!(::std::fmt::Debug),
            Derive::Clone => quote!(::std::clone::Clone),
            Derive::Copy => quote!(::std::marker::Copy),
            Derive::PartialEq => quote!(::std::cmp::PartialEq),
            Derive::Eq => quote!(::std::cmp::Eq),
            Derive::Hash => quote!(::std::hash::Hash),
            Derive::Default => quote!(::std::default::Default),
            Derive::Serialize => quote!(::serde::Serialize),
            Derive::Deserialize => quote!(::serde::Deserialize),
        }
    }

    /// The trait's name, as an extra derive's is matched against it.
    fn name(self) -> &'static str {
        match self {
            Derive::Debug => "Debug",
            Derive::Clone => "Clone",
            Derive::Copy => "Copy",
            Derive::PartialEq => "PartialEq",
            Derive::Eq => "Eq",
            Derive::Hash => "Hash",
            Derive::Default => "Default",
            Derive::Serialize => "Serialize",
            Derive::Deserialize => "Deserialize",
        }
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
pub fn derive_attr(own: &[Derive], by_hand: &[&str], extra: &[ExtraDerive]) -> TokenStream {
    let implemented =
        |name: &str| by_hand.contains(&name) || own.iter().any(|derive| derive.name() == name);
    let own = own.iter().map(|derive| derive.path());
    let extra = extra
        .iter()
        .filter(|derive| !implemented(&derive.name))
        .map(|derive| &derive.path);
    quote!(#[derive(#(#own,)* #(#extra,)*)])
}

/// `#[allow(deprecated)]` for an impl that reads or writes every field of
/// `s`, where one is deprecated.
fn allow_deprecated_fields(s: &StructDef) -> Option<TokenStream> {
    s.fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]))
}

/// The derives of the serde traits `impls`.
pub fn serde_derives(impls: SerdeImpls) -> impl Iterator<Item = Derive> {
    let serialize = impls.serialize.then_some(Derive::Serialize);
    let deserialize = impls.deserialize.then_some(Derive::Deserialize);
    serialize.into_iter().chain(deserialize)
}

/// The traits open enums (string and integer) and tagged unions implement
/// by hand.
pub const SERDE_BY_HAND: &[&str] = &["Serialize", "Deserialize"];

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
        let open_enum = [Derive::Debug, Derive::Eq, Derive::Hash];
        assert_eq!(
            derived(derive_attr(&open_enum, SERDE_BY_HAND, &extra)),
            ["Debug", "Eq", "Hash", "PartialOrd", "JsonSchema"]
        );
        let plain_struct = [Derive::Debug];
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
