//! The `Serialize` impls of structs, written out instead of derived.
//!
//! serde's derive writes every field as its own fallible call followed by
//! `?`, each a conversion rustc type-checks and borrow-checks apart. Here
//! a struct's impl is one chain of calls on a shared writer, the private
//! module `ser` of `models.rs`, which keeps the first error and skips the
//! rest. What a serializer sees is what the derive shows it: a struct of
//! the fields present (`serialize_struct` with their number, `skip_field`
//! for an absent optional one), or, for a struct that keeps undeclared
//! properties, a map of its fields followed by those properties (as
//! `#[serde(flatten)]` writes it). An optional field that is present is
//! written as the `Option` it is, as the derive writes it.

use crate::emit::ident;
use crate::ir::{StructDef, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `Serialize` impl of struct `def`.
pub fn serialize_impl(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let (len, start) = start(def, s);
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if skipped_when_absent(f) {
            quote!(.optional(#wire, &self.#field))
        } else {
            quote!(.field(#wire, &self.#field))
        }
    });
    let rest = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(.rest(&self.#field))
    });
    let deprecated = super::allow_deprecated_fields(s);
    quote! {
        #deprecated
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #len
                #start
                    #(#fields)*
                    #rest
                    .end()
            }
        }
    }
}

/// How the impl starts writing `s`: as a map where it keeps undeclared
/// properties, else as a struct of the number of fields present, counted
/// first (the `let`), so that the chain of fields starts on one line.
fn start(def: &TypeDef, s: &StructDef) -> (Option<TokenStream>, TokenStream) {
    if s.additional.is_some() {
        return (None, quote!(ser::Fields::map(serializer)));
    }
    let name = &def.name;
    let required = s.fields.iter().filter(|f| !skipped_when_absent(f)).count();
    let required = Literal::usize_unsuffixed(required);
    let optional: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| skipped_when_absent(f))
        .map(|f| {
            let field = ident(&f.name);
            quote!(self.#field.is_some())
        })
        .collect();
    if optional.is_empty() {
        return (None, quote!(ser::Fields::new(serializer, #name, #required)));
    }
    (
        Some(quote!(let len = ser::count(#required, &[#(#optional),*]);)),
        quote!(ser::Fields::new(serializer, #name, len)),
    )
}

/// Whether the field is left out when it is `None`: an optional one (a
/// required nullable field is written as `null`).
fn skipped_when_absent(field: &crate::ir::Field) -> bool {
    !field.required
}

/// The module `ser` the impls share, with only the parts they use, so that
/// none is dead code: `map` and `rest` where some struct keeps undeclared
/// properties, `new` where some does not, `count` where such a struct has
/// an optional field, `optional` where any has, `field` where there is any
/// field.
pub fn module(structs: &[&StructDef]) -> TokenStream {
    let uses = Uses::of(structs);
    let states = [
        uses.plain.then(|| quote!(Struct(S::SerializeStruct),)),
        uses.keeping.then(|| quote!(Map(S::SerializeMap),)),
    ];
    let traits = [
        uses.plain.then(|| quote!(SerializeStruct,)),
        uses.keeping.then(|| quote!(SerializeMap,)),
    ];
    let btree_map = uses.keeping.then(|| {
        quote!(
            use ::std::collections::BTreeMap;
        )
    });
    let count = uses.counted.then(count);
    let starts = starts(&uses);
    let field = uses.fields.then(|| field(&uses));
    let optional = uses.optional.then(|| optional(&uses));
    let end = uses.arms(quote!(state.end()), quote!(state.end()));
    quote! {
        /// What the `Serialize` impls of the structs share, written once.
        mod ser {
            use ::serde::ser::{Serialize, #(#traits)* Serializer};
            #btree_map

            /// A struct being written: the serializer's state, or the first
            /// error, after which nothing more is written.
            pub(super) struct Fields<S: Serializer>(Result<State<S>, S::Error>);

            enum State<S: Serializer> {
                #(#states)*
            }

            #count
            #starts

            impl<S: Serializer> Fields<S> {
                #field
                #optional

                /// Ends the struct; the first error, if any.
                pub(super) fn end(self) -> Result<S::Ok, S::Error> {
                    match self.0? {
                        #end
                    }
                }
            }
        }
    }
}

/// Which parts of `ser` the structs use.
struct Uses {
    /// Some struct keeps undeclared properties (written as a map).
    keeping: bool,
    /// Some struct does not (written as a struct).
    plain: bool,
    /// Some struct has an optional field.
    optional: bool,
    /// Some struct written as a struct has an optional field.
    counted: bool,
    /// Some struct has a field.
    fields: bool,
}

impl Uses {
    fn of(structs: &[&StructDef]) -> Self {
        let has_optional = |s: &StructDef| s.fields.iter().any(skipped_when_absent);
        Self {
            keeping: structs.iter().any(|s| s.additional.is_some()),
            plain: structs.iter().any(|s| s.additional.is_none()),
            optional: structs.iter().any(|s| has_optional(s)),
            counted: structs
                .iter()
                .any(|s| s.additional.is_none() && has_optional(s)),
            fields: structs.iter().any(|s| !s.fields.is_empty()),
        }
    }

    /// The arms of a `match` on `State`: `on_struct` and `on_map`, each
    /// where that state exists.
    fn arms(&self, on_struct: TokenStream, on_map: TokenStream) -> TokenStream {
        let on_struct = self
            .plain
            .then(|| quote!(State::Struct(state) => #on_struct,));
        let on_map = self.keeping.then(|| quote!(State::Map(state) => #on_map,));
        quote!(#on_struct #on_map)
    }
}

fn count() -> TokenStream {
    quote! {
        /// The number of fields a struct writes: its `required` ones, and
        /// those of `optional` that are present.
        pub(super) fn count(required: usize, optional: &[bool]) -> usize {
            required + optional.iter().filter(|present| **present).count()
        }
    }
}

/// `new` (a struct) and `map` with `rest` (a struct that keeps undeclared
/// properties), where used.
fn starts(uses: &Uses) -> TokenStream {
    let new = uses.plain.then(|| {
        quote! {
            /// Starts writing the struct `name`, of `len` fields.
            pub(super) fn new(serializer: S, name: &'static str, len: usize) -> Self {
                Self(serializer.serialize_struct(name, len).map(State::Struct))
            }
        }
    });
    let map = uses.keeping.then(|| {
        quote! {
            /// Starts writing a struct that keeps undeclared properties, as
            /// a map.
            pub(super) fn map(serializer: S) -> Self {
                Self(serializer.serialize_map(None).map(State::Map))
            }

            /// Writes the undeclared properties the struct keeps.
            pub(super) fn rest<T: Serialize>(mut self, kept: &BTreeMap<String, T>) -> Self {
                for (key, value) in kept {
                    let Ok(State::Map(state)) = &mut self.0 else {
                        break;
                    };
                    if let Err(error) = state.serialize_entry(key, value) {
                        self.0 = Err(error);
                    }
                }
                self
            }
        }
    });
    quote! {
        impl<S: Serializer> Fields<S> {
            #new
            #map
        }
    }
}

fn field(uses: &Uses) -> TokenStream {
    let write = uses.arms(
        quote!(state.serialize_field(name, value)),
        quote!(state.serialize_entry(name, value)),
    );
    quote! {
        /// Writes the field `name`.
        pub(super) fn field<T: ?Sized + Serialize>(mut self, name: &'static str, value: &T) -> Self {
            if let Ok(state) = &mut self.0 {
                let written = match state {
                    #write
                };
                if let Err(error) = written {
                    self.0 = Err(error);
                }
            }
            self
        }
    }
}

/// `optional`, and the `skip` it calls for an absent field, which tells a
/// struct's serializer and is nothing to a map.
fn optional(uses: &Uses) -> TokenStream {
    let skip = if uses.plain {
        quote! {
            /// Tells the serializer the field `name` is absent.
            fn skip(mut self, name: &'static str) -> Self {
                if let Ok(State::Struct(state)) = &mut self.0 {
                    if let Err(error) = state.skip_field(name) {
                        self.0 = Err(error);
                    }
                }
                self
            }
        }
    } else {
        quote! {
            fn skip(self, _name: &'static str) -> Self {
                self
            }
        }
    };
    quote! {
        /// Writes the optional field `name` when it is present.
        pub(super) fn optional<T: Serialize>(self, name: &'static str, value: &Option<T>) -> Self {
            match value {
                Some(_) => self.field(name, value),
                None => self.skip(name),
            }
        }

        #skip
    }
}
