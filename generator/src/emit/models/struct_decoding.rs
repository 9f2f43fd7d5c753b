//! The `Deserialize` impls of structs, written out instead of derived.
//!
//! serde's derive writes, for every struct, an enum of its keys with a
//! visitor of its own, a struct visitor that reads both maps and sequences,
//! and the key matching three times over (as text, bytes and index): most
//! of the time a generated crate takes to compile goes there. Here the
//! reading of keys and values is written once, in a private module `de` of
//! `models.rs`, and each struct adds one function: a `match` on the index of
//! each key in its table of wire names, and the checks of its required
//! fields. JSON decodes as with the derive: undeclared keys are ignored (or
//! kept by the struct's map of additional properties), `Option` fields may
//! be missing or `null`, a key sent twice or a required one missing is an
//! error that names it. What the derive accepts beyond that, a struct sent
//! as an array of its field values, is not accepted.

use super::structs::{allow_additional_complexity, allow_field_complexity, field_type};
use crate::emit::{ident, type_tokens, Scope};
use crate::ir::{Field, Ir, StructDef, TypeDef, TypeKind};
use proc_macro2::{Group, Ident, Literal, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// Names of std's prelude a spec's newtype (a tuple struct, so a value too)
/// could take in `models.rs`, where the impls below spell them bare.
const PRELUDE_VALUES: [&str; 4] = ["Some", "None", "Ok", "Err"];

/// The `Deserialize` impl of struct `def`, and its `de::Struct` impl;
/// `prelude_shadowed` from [`prelude_shadowed`].
pub fn deserialize_impl(
    ir: &Ir,
    def: &TypeDef,
    s: &StructDef,
    prelude_shadowed: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let name_text = &def.name;
    let wire_names = s.fields.iter().map(|f| &f.wire_name);
    let visit_map = visit_map(ir, s, prelude_shadowed);
    let deprecated = super::allow_deprecated_fields(s);
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                de::deserialize_struct(deserializer)
            }
        }

        #deprecated
        impl de::Struct for #name {
            const NAME: &'static str = #name_text;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];

            #visit_map
        }
    }
}

/// `visit_map`: each declared field into a slot of its own, then the
/// struct from the slots.
fn visit_map(ir: &Ir, s: &StructDef, prelude_shadowed: bool) -> TokenStream {
    // Every field's slot, and the map of undeclared properties, are locals.
    let declared = s.fields.iter().map(|f| f.name.as_str());
    let field_names: Vec<&str> = declared
        .chain(s.additional.as_ref().map(|(field, _)| field.as_str()))
        .collect();
    let map = local("map", &field_names);
    let key = local("key", &field_names);
    let prelude = shadowed_prelude(prelude_shadowed, s);
    // Each slot's type is written out. Inferred from the slot's first use,
    // it costs rustc more than the longer source does: on GitHub's 551
    // structs, spelling the types saves 7.6 % of the crate's check
    // (instructions counted by callgrind).
    let slots = s.fields.iter().map(|f| {
        let slot = ident(&f.name);
        let mut ty = field_type(ir, f);
        if prelude_shadowed {
            ty = prelude_named_models_by_path(ty);
        }
        let complex = allow_field_complexity(f, 1);
        quote! {
            #complex
            let mut #slot: ::std::option::Option<#ty> = None;
        }
    });
    let additional = s.additional.as_ref().map(|(field, value)| {
        let field = ident(field);
        let complex = allow_additional_complexity(value);
        let mut value = type_tokens(ir, value, Scope::Models);
        if prelude_shadowed {
            value = prelude_named_models_by_path(value);
        }
        quote! {
            #complex
            let mut #field: ::std::collections::BTreeMap<::std::string::String, #value> =
                ::std::collections::BTreeMap::new();
        }
    });
    let reading = reading(s, &map, &key);
    let result = result(s);
    quote! {
        fn visit_map<'de, A: ::serde::de::MapAccess<'de>>(
            mut #map: A,
        ) -> ::std::result::Result<Self, A::Error> {
            #prelude
            #(#slots)*
            #additional
            #reading
            #result
        }
    }
}

/// The loop over the keys of `map`, each value into the slot of its
/// field, or the map of undeclared properties, or skipped.
fn reading(s: &StructDef, map: &Ident, key: &Ident) -> TokenStream {
    if s.fields.is_empty() && s.additional.is_none() {
        return quote! {
            while #map.next_key_seed(de::Key(Self::FIELDS))?.is_some() {
                de::skip(&mut #map)?;
            }
        };
    }
    // A struct that keeps undeclared keys reads them as `Err(key)`, and
    // its declared ones as `Ok(index)`.
    let keeps = s.additional.is_some();
    let arms = s.fields.iter().enumerate().map(|(index, f)| {
        let slot = ident(&f.name);
        let wire = &f.wire_name;
        let index = Literal::usize_unsuffixed(index);
        let pattern = if keeps {
            quote!(Ok(#index))
        } else {
            quote!(Some(#index))
        };
        quote!(#pattern => de::value(&mut #map, &mut #slot, #wire),)
    });
    let (seed, rest) = match &s.additional {
        Some((field, _)) => {
            let field = ident(field);
            (
                quote!(de::KeyOrName),
                quote! {
                    Err(#key) => de::keep(&mut #map, &mut #field, #key),
                    Ok(_) => de::skip(&mut #map),
                },
            )
        }
        None => (quote!(de::Key), quote!(_ => de::skip(&mut #map),)),
    };
    // One `?` after the `match` rather than one in every arm: each `?` is a
    // conversion rustc type-checks and borrow-checks on its own, and on a
    // crate of a thousand structs the arms' add up to a tenth of its
    // check time.
    quote! {
        while let Some(#key) = #map.next_key_seed(#seed(Self::FIELDS))? {
            match #key {
                #(#arms)*
                #rest
            }?;
        }
    }
}

/// The checks that every required field was there, and the struct.
fn result(s: &StructDef) -> TokenStream {
    let checks = s.fields.iter().filter(|f| !is_option(f)).map(|f| {
        let slot = ident(&f.name);
        let wire = &f.wire_name;
        quote! {
            let Some(#slot) = #slot else {
                return Err(::serde::de::Error::missing_field(#wire));
            };
        }
    });
    let inits = s.fields.iter().map(|f| {
        let slot = ident(&f.name);
        if is_option(f) {
            quote!(#slot: #slot.flatten(),)
        } else {
            quote!(#slot,)
        }
    });
    let additional = s.additional.as_ref().map(|(field, _)| {
        let field = ident(field);
        quote!(#field,)
    });
    quote! {
        #(#checks)*
        Ok(Self {
            #(#inits)*
            #additional
        })
    }
}

/// `ty` with the models named like a prelude value spelled `self::Some`:
/// in a `visit_map` that imports the variant `Some` (which is a type too),
/// the bare name would be the variant. std's types in `ty` are absolute
/// paths through `Option` and `Result`, never through their variants, so
/// every such name in it is a model.
fn prelude_named_models_by_path(ty: TokenStream) -> TokenStream {
    ty.into_iter()
        .flat_map(|tree| -> Vec<TokenTree> {
            match tree {
                TokenTree::Ident(name) if PRELUDE_VALUES.contains(&name.to_string().as_str()) => {
                    quote!(self::#name).into_iter().collect()
                }
                TokenTree::Group(group) => {
                    let stream = prelude_named_models_by_path(group.stream());
                    vec![TokenTree::Group(Group::new(group.delimiter(), stream))]
                }
                other => vec![other],
            }
        })
        .collect()
}

/// Whether the field is an `Option`: missing or `null`, it is `None`.
fn is_option(field: &Field) -> bool {
    !field.required || field.ty.strip_nullable().1
}

/// A local of `visit_map` named `base`, or `base` with underscores added
/// where a field (whose slot is a local too) has that name.
fn local(base: &str, field_names: &[&str]) -> Ident {
    let mut name = base.to_string();
    while field_names.contains(&name.as_str()) {
        name.push('_');
    }
    format_ident!("{name}")
}

/// Whether a newtype of the spec takes the name of one of the prelude
/// values the impls spell bare; asked once per crate.
pub fn prelude_shadowed(ir: &Ir) -> bool {
    ir.types.iter().any(|def| {
        matches!(def.kind, TypeKind::Newtype(_)) && PRELUDE_VALUES.contains(&def.name.as_str())
    })
}

/// `use` of the prelude values `visit_map` of `s` spells, where `shadowed`
/// ([`prelude_shadowed`]); nothing otherwise.
fn shadowed_prelude(shadowed: bool, s: &StructDef) -> Option<TokenStream> {
    let slots = !s.fields.is_empty();
    let errors = s.additional.is_some() || s.fields.iter().any(|f| !is_option(f));
    let option = if slots {
        quote!({None, Some})
    } else {
        quote!(Some)
    };
    let result = if errors {
        quote!({Err, Ok})
    } else {
        quote!(Ok)
    };
    shadowed.then(|| {
        quote! {
            use ::std::option::Option::#option;
            use ::std::result::Result::#result;
        }
    })
}

/// The module `de` the impls share: the visitor of every struct, the reading
/// of keys by their index in a struct's table, and of values into slots.
pub fn module(structs: &[&StructDef]) -> TokenStream {
    // `Key` for structs that ignore undeclared keys, `KeyOrName` and `keep`
    // for those that keep them, so that neither is dead code.
    let key = structs
        .iter()
        .any(|s| s.additional.is_none())
        .then(key_seed);
    let keeping = structs.iter().any(|s| s.additional.is_some()).then(keeping);
    let btree_map = keeping.is_some().then(|| {
        quote!(
            use ::std::collections::BTreeMap;
        )
    });
    quote! {
        /// What the `Deserialize` impls of the structs share, written once.
        mod de {
            use ::serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
            use ::serde::Deserialize;
            #btree_map
            use ::std::fmt;
            use ::std::marker::PhantomData;

            /// A struct read from a map of its fields.
            pub(super) trait Struct: Sized {
                /// The struct's name, for messages: `expected struct Pet`.
                const NAME: &'static str;
                /// The wire names of its declared fields, which keys are
                /// matched against by their index here.
                const FIELDS: &'static [&'static str];

                fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
            }

            /// Reads the struct `T`.
            pub(super) fn deserialize_struct<'de, D: Deserializer<'de>, T: Struct>(
                deserializer: D,
            ) -> Result<T, D::Error> {
                deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
            }

            struct StructVisitor<T>(PhantomData<T>);

            impl<'de, T: Struct> Visitor<'de> for StructVisitor<T> {
                type Value = T;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "struct {}", T::NAME)
                }

                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::visit_map(map)
                }
            }

            #key
            /// Reads the value of the field `name` into its slot; a field
            /// sent twice is an error.
            pub(super) fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
                map: &mut A,
                slot: &mut Option<T>,
                name: &'static str,
            ) -> Result<(), A::Error> {
                if slot.is_some() {
                    return Err(A::Error::duplicate_field(name));
                }
                *slot = Some(map.next_value()?);
                Ok(())
            }

            #keeping
            /// Skips the value of a key the struct ignores.
            pub(super) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
                map.next_value::<IgnoredAny>()?;
                Ok(())
            }
        }
    }
}

/// `Key`: the seed of a key of a struct that ignores undeclared ones.
fn key_seed() -> TokenStream {
    quote! {
            /// A key of a struct: the index of the field it names in the
            /// struct's table, or `None` for a key the struct ignores.
            pub(super) struct Key(pub(super) &'static [&'static str]);

            impl<'de> DeserializeSeed<'de> for Key {
                type Value = Option<usize>;

                fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
                    deserializer.deserialize_identifier(self)
                }
            }

            impl<'de> Visitor<'de> for Key {
                type Value = Option<usize>;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("field identifier")
                }

                fn visit_u64<E: Error>(self, index: u64) -> Result<Option<usize>, E> {
                    Ok(usize::try_from(index).ok().filter(|&index| index < self.0.len()))
                }

                fn visit_str<E: Error>(self, key: &str) -> Result<Option<usize>, E> {
                    Ok(self.0.iter().position(|field| *field == key))
                }

                fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
                    Ok(self.0.iter().position(|field| field.as_bytes() == key))
                }
            }

    }
}

/// `KeyOrName` and `keep`: the reading of the keys of a struct that keeps
/// undeclared properties.
fn keeping() -> TokenStream {
    quote! {
            /// A key of a struct that keeps undeclared properties: the index
            /// of the field it names, or the key itself.
            pub(super) struct KeyOrName(pub(super) &'static [&'static str]);

            impl<'de> DeserializeSeed<'de> for KeyOrName {
                type Value = Result<usize, String>;

                fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
                    deserializer.deserialize_identifier(self)
                }
            }

            impl<'de> Visitor<'de> for KeyOrName {
                type Value = Result<usize, String>;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("field identifier")
                }

                fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
                    Ok(self.0.iter().position(|field| *field == key).ok_or_else(|| key.to_owned()))
                }

                fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
                    Ok(self.0.iter().position(|field| *field == key).ok_or(key))
                }

                fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Self::Value, E> {
                    match ::std::str::from_utf8(key) {
                        Ok(key) => self.visit_str(key),
                        Err(_) => Err(E::invalid_value(::serde::de::Unexpected::Bytes(key), &self)),
                    }
                }
            }

            /// Reads the value of an undeclared property into the map that
            /// keeps them.
            pub(super) fn keep<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
                map: &mut A,
                kept: &mut BTreeMap<String, T>,
                key: String,
            ) -> Result<(), A::Error> {
                kept.insert(key, map.next_value()?);
                Ok(())
            }

    }
}
