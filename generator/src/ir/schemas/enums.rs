//! String and integer enums, open to values the spec does not list: the
//! variants' names, and the catch-all variant's.

use crate::ir::{EnumDef, IntegerEnumDef, IntegerVariant, Variant};
use crate::naming::{type_name, Namespace};
use std::collections::HashSet;

/// Variants named from their values; the catch-all variant takes the first
/// of `Unknown`, `UnknownValue`, ... that no listed value claimed.
pub(super) fn enum_def(values: Vec<String>) -> EnumDef {
    let mut names = Namespace::new();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    // A set, not a scan of `variants`: enums with tens of thousands of
    // values exist, and a scan per value is quadratic.
    let mut seen = HashSet::with_capacity(values.len());
    for value in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(&type_name(&value)),
            wire_value: value,
        });
    }
    let other_variant = catch_all_name(&mut names);
    EnumDef {
        variants,
        other_variant,
    }
}

/// Variants named by the spec's `x-enum-varnames` when it names every
/// value, otherwise `Value1`, `ValueMinus1`, ...; repeated values are
/// listed once.
pub(super) fn integer_enum_def(
    values: &[i64],
    given_names: Option<&serde_json::Value>,
) -> IntegerEnumDef {
    let given: Option<Vec<&str>> = given_names
        .and_then(|names| names.as_array())
        .filter(|names| names.len() == values.len())
        .and_then(|names| names.iter().map(|n| n.as_str()).collect());
    let mut names = Namespace::new();
    let mut seen = HashSet::with_capacity(values.len());
    let mut variants = Vec::with_capacity(values.len());
    for (index, &value) in values.iter().enumerate() {
        if !seen.insert(value) {
            continue;
        }
        let wanted = match &given {
            Some(given) => type_name(given[index]),
            None if value < 0 => format!("ValueMinus{}", value.unsigned_abs()),
            None => format!("Value{value}"),
        };
        variants.push(IntegerVariant {
            name: names.claim(&wanted),
            value,
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
