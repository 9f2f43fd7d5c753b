//! One 3.1 schema → its 3.0 form: the steps, in order, each in its own
//! module, and the keywords that are dropped.

use super::document::is_known_dialect;
use super::origins::Origins;
use super::{collections, consts, formats, nulls, numbers, siblings, types, Cx, Why};
use serde_yaml::{Mapping, Value};

/// Rewrites the schema at `pointer`, standing in the slot `slot` of its
/// parent (`properties`, `oneOf`, ...). The schemas inside it are
/// rewritten after it, by the walk.
pub(super) fn rewrite(
    node: &mut Value,
    pointer: &str,
    slot: &str,
    cx: &mut Cx,
    origins: &mut Origins,
) {
    if let Value::Bool(valid) = node {
        // `additionalProperties: false` means the same in 3.0.
        if slot != "additionalProperties" {
            *node = boolean_schema(*valid);
        }
        return;
    }
    let Value::Mapping(schema) = node else {
        return;
    };
    drop_keywords(schema, pointer, cx);
    nulls::remove_null_members(schema, pointer, origins);
    if siblings::is_reference(schema) {
        siblings::rewrite(schema, pointer, is_member(slot), origins);
        if siblings::is_reference(schema) || schema.contains_key("allOf") {
            return;
        }
    }
    types::type_arrays(schema, pointer, origins);
    consts::const_unions(schema, pointer, origins);
    consts::const_value(schema);
    numbers::bounds(schema, pointer, cx);
    formats::encodings(schema);
    collections::prefix_items(schema, pointer, origins);
    collections::pattern_properties(schema, pointer, origins);
    types::applicable_keywords(schema);
}

/// Whether a schema in the slot `slot` is a member of a union or of an
/// `allOf`, where annotations have nowhere to go.
fn is_member(slot: &str) -> bool {
    matches!(slot, "oneOf" | "anyOf" | "allOf")
}

/// `true` (any value) is `{}`, `false` (no value) is `{not: {}}`.
fn boolean_schema(valid: bool) -> Value {
    let mut schema = Mapping::new();
    if !valid {
        schema.insert("not".into(), Value::Mapping(Mapping::new()));
    }
    Value::Mapping(schema)
}

/// Keywords that only restrict which values are valid: the types are the
/// same without them. Each kind is reported once.
const VALIDATION_ONLY: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

/// Keywords dropped without a word: annotations with no place in generated
/// code, and identifiers already resolved (see `ids`).
const DROPPED: &[&str] = &[
    "$comment",
    "$vocabulary",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$defs",
    "examples",
    "contentSchema",
];

fn drop_keywords(schema: &mut Mapping, pointer: &str, cx: &mut Cx) {
    for &keyword in VALIDATION_ONLY {
        if schema.shift_remove(keyword).is_some() {
            cx.ignore(
                keyword,
                Why::Validates,
                &crate::pointer::push_pointer(pointer, keyword),
            );
        }
    }
    for &keyword in DROPPED {
        schema.shift_remove(keyword);
    }
    if let Some(dialect) = schema.shift_remove("$schema") {
        if !dialect.as_str().is_some_and(is_known_dialect) {
            cx.ignore(
                "$schema",
                Why::UnknownDialect,
                &crate::pointer::push_pointer(pointer, "$schema"),
            );
        }
    }
}
