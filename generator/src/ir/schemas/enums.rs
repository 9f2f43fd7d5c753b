//! String and integer enums, open to values the spec does not list: the
//! variants' names, and the catch-all variant's.

use crate::ir::{EnumDef, IntegerEnumDef, IntegerVariant, Variant};
use crate::naming::{type_name, Namespace};
use std::collections::HashSet;

/// The title and description the spec gives each value (from a 3.1 union
/// of `const`s, see `load::v31::extensions::VARIANTS`), when it gives one
/// per value.
struct Described<'v> {
    values: &'v [serde_json::Value],
}

impl<'v> Described<'v> {
    fn of(described: Option<&'v serde_json::Value>, count: usize) -> Option<Self> {
        let values = described?.as_array()?;
        (values.len() == count).then_some(Self { values })
    }

    fn text(&self, index: usize, key: &str) -> Option<String> {
        let text = self.values.get(index)?.get(key)?.as_str()?.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    fn title(&self, index: usize) -> Option<String> {
        self.text(index, "title")
    }

    fn description(&self, index: usize) -> Option<String> {
        self.text(index, "description")
    }
}

/// Variants named from their titles when the spec gives them, else from
/// their values; the catch-all variant takes the first of `Unknown`,
/// `UnknownValue`, ... that no listed value claimed.
pub(super) fn enum_def(values: Vec<String>, described: Option<&serde_json::Value>) -> EnumDef {
    let described = Described::of(described, values.len());
    let mut names = Namespace::new();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    // A set, not a scan of `variants`: enums with tens of thousands of
    // values exist, and a scan per value is quadratic.
    let mut seen = HashSet::with_capacity(values.len());
    for (index, value) in values.into_iter().enumerate() {
        if !seen.insert(value.clone()) {
            continue;
        }
        let title = described.as_ref().and_then(|d| d.title(index));
        variants.push(Variant {
            name: names.claim(&type_name(title.as_deref().unwrap_or(&value))),
            wire_value: value,
            doc: described.as_ref().and_then(|d| d.description(index)),
        });
    }
    let other_variant = catch_all_name(&mut names);
    EnumDef {
        variants,
        other_variant,
    }
}

/// Variants named by the spec's `x-enum-varnames` when it names every
/// value, else by the values' titles, otherwise `Value1`, `ValueMinus1`,
/// ...; repeated values are listed once.
pub(super) fn integer_enum_def(
    values: &[i64],
    given_names: Option<&serde_json::Value>,
    described: Option<&serde_json::Value>,
) -> IntegerEnumDef {
    let given: Option<Vec<&str>> = given_names
        .and_then(|names| names.as_array())
        .filter(|names| names.len() == values.len())
        .and_then(|names| names.iter().map(|n| n.as_str()).collect());
    let described = Described::of(described, values.len());
    let mut names = Namespace::new();
    let mut seen = HashSet::with_capacity(values.len());
    let mut variants = Vec::with_capacity(values.len());
    for (index, &value) in values.iter().enumerate() {
        if !seen.insert(value) {
            continue;
        }
        let title = described.as_ref().and_then(|d| d.title(index));
        let wanted = match (&given, title) {
            (Some(given), _) => type_name(given[index]),
            (None, Some(title)) => type_name(&title),
            (None, None) if value < 0 => format!("ValueMinus{}", value.unsigned_abs()),
            (None, None) => format!("Value{value}"),
        };
        variants.push(IntegerVariant {
            name: names.claim(&wanted),
            value,
            doc: described.as_ref().and_then(|d| d.description(index)),
        });
    }
    let other_variant = catch_all_name(&mut names);
    IntegerEnumDef {
        variants,
        other_variant,
    }
}

/// The name of an open enum's variant for values the spec does not list:
/// the first of `Unknown`, `UnknownValue`, ... that no listed value claimed.
fn catch_all_name(names: &mut Namespace) -> String {
    ["Unknown", "UnknownValue"]
        .into_iter()
        .find(|n| !names.contains(n))
        .map(str::to_string)
        .unwrap_or_else(|| names.claim("UnknownValue"))
}
