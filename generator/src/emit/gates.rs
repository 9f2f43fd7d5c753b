//! The `#[cfg(feature = ..)]` attributes of a crate generated with cargo
//! features per tag (see `ir::features`): every operation method, model
//! type and response shape gets the gate the IR decided for it.

use crate::ir::features::{Features, Gate};
use crate::ir::TypeId;
use proc_macro2::TokenStream;
use quote::quote;

/// The gates of a crate's items; without features, no item has one.
#[derive(Clone, Copy, Default)]
pub struct Gates<'a> {
    features: Option<&'a Features>,
}

impl<'a> Gates<'a> {
    pub fn new(features: Option<&'a Features>) -> Self {
        Self { features }
    }

    /// The crate's features, if it has any.
    pub fn features(&self) -> Option<&'a Features> {
        self.features
    }

    /// The `#[cfg(..)]` of the model type `id` (and of its shape).
    pub fn of_type(&self, id: TypeId) -> TokenStream {
        self.attr(|features| &features.types[id.0])
    }

    /// The `#[cfg(..)]` of the operation at `index` in `Ir::operations`
    /// (its method, and its command in the example program).
    pub fn of_operation(&self, index: usize) -> TokenStream {
        self.attr(|features| &features.operations[index])
    }

    fn attr(&self, gate: impl Fn(&'a Features) -> &'a Gate) -> TokenStream {
        let Some(features) = self.features else {
            return TokenStream::new();
        };
        cfg_attr(&features.names(gate(features)))
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing for no feature.
fn cfg_attr(names: &[&str]) -> TokenStream {
    match names {
        [] => TokenStream::new(),
        [name] => quote!(#[cfg(feature = #name)]),
        names => quote!(#[cfg(any(#(feature = #names),*))]),
    }
}

/// Puts `cfg` on every item of `items` (the several items one model type
/// may emit: its declaration and its impls), after its docs as a person
/// would write it.
pub fn gate_items(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    // syn's attributes are not `Clone` here: each item gets its own parse.
    let cfg_attrs = || syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg.clone());
    // The emitters' tokens always parse, and a cfg always does; should
    // either not, the render stage reports the tokens with the module's
    // name (and the tests stop here).
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        debug_assert!(false, "a model type's items do not parse");
        return items;
    };
    for item in &mut file.items {
        let (Some(attrs), Ok(cfg)) = (item_attrs(item), cfg_attrs()) else {
            debug_assert!(
                false,
                "an item without attributes, or a cfg that does not parse"
            );
            return items;
        };
        let after_docs = attrs
            .iter()
            .take_while(|attr| attr.path().is_ident("doc"))
            .count();
        attrs.splice(after_docs..after_docs, cfg);
    }
    let items = file.items.iter();
    quote!(#(#items)*)
}

/// An item's attributes; `None` only for tokens syn could not read as an
/// item (which no emitter writes).
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        syn::Item::Union(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Type(item) => &mut item.attrs,
        syn::Item::Const(item) => &mut item.attrs,
        syn::Item::Static(item) => &mut item.attrs,
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::TraitAlias(item) => &mut item.attrs,
        syn::Item::Use(item) => &mut item.attrs,
        syn::Item::Macro(item) => &mut item.attrs,
        syn::Item::ExternCrate(item) => &mut item.attrs,
        syn::Item::ForeignMod(item) => &mut item.attrs,
        _ => return None,
    })
}
