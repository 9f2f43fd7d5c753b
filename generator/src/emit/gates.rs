//! The `#[cfg(feature = ..)]` attributes of a crate generated with cargo
//! features per tag (see `ir::features`): every operation method, model
//! type and response shape gets the gate the IR decided for it.

use crate::ir::features::{Features, Gate};
use crate::ir::TypeId;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
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
///
/// This works on the tokens, without parsing them: an item is its outer
/// attributes and everything up to a `;` or a `{..}` block that ends it
/// (one not followed by `;`, as a `const _: () = {..};` is). The
/// emitters write no item that this reading would cut elsewhere (no
/// braces in generic arguments, no macro items), and the render stage
/// would report one that did not parse.
pub fn gate_items(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut gated = TokenStream::new();
    let mut at = 0;
    while at < tokens.len() {
        while is_doc_attribute(&tokens[at..]) {
            gated.extend(tokens[at..at + 2].iter().cloned());
            at += 2;
        }
        gated.extend(cfg.clone());
        while at < tokens.len() {
            let token = &tokens[at];
            at += 1;
            gated.extend([token.clone()]);
            if ends_item(token, tokens.get(at)) {
                break;
            }
        }
    }
    gated
}

/// Whether `tokens` start with `#[doc = ..]`.
fn is_doc_attribute(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Punct(hash), TokenTree::Group(group), ..] => {
            hash.as_char() == '#'
                && group.delimiter() == Delimiter::Bracket
                && matches!(
                    group.stream().into_iter().next(),
                    Some(TokenTree::Ident(name)) if name == "doc"
                )
        }
        _ => false,
    }
}

/// Whether `token` is the last of an item, given the token after it.
fn ends_item(token: &TokenTree, next: Option<&TokenTree>) -> bool {
    let is_semicolon =
        |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.as_char() == ';');
    match token {
        TokenTree::Group(group) => {
            group.delimiter() == Delimiter::Brace && !next.is_some_and(is_semicolon)
        }
        other => is_semicolon(other),
    }
}

#[cfg(test)]
mod tests {
    use super::gate_items;
    use quote::quote;

    #[test]
    fn every_item_gets_the_cfg_after_its_docs() {
        let items = quote! {
            /// A pet.
            #[derive(Debug)]
            pub struct Pet { pub name: String }
            /// An id.
            pub struct Id(pub String);
            impl Pet { fn new() -> Self { Self { name: String::new() } } }
            const _: () = { let _ = 1; };
            pub type Pets = Vec<Pet>;
        };
        let gated = gate_items(items, &quote!(#[cfg(feature = "pets")]));
        let file: syn::File = syn::parse2(gated).expect("the gated items parse");
        assert_eq!(file.items.len(), 5, "no item was cut or merged");
        for item in &file.items {
            let text = quote!(#item).to_string();
            assert_eq!(text.matches("cfg").count(), 1, "one cfg on {text}");
            let cfg = text.find("cfg").unwrap();
            assert!(
                text.find("derive").is_none_or(|derive| cfg < derive),
                "the cfg comes before the other attributes: {text}"
            );
            assert!(
                text.find("doc").is_none_or(|doc| doc < cfg),
                "the docs come first: {text}"
            );
        }
    }

    #[test]
    fn without_a_cfg_the_items_are_as_they_were() {
        let items = quote!(
            pub struct Pet;
        );
        assert_eq!(
            gate_items(items.clone(), &quote!()).to_string(),
            items.to_string()
        );
    }
}
