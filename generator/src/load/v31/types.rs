//! `type` in 3.1: a list of types (`[string, "null"]` → `type: string` with
//! `nullable: true`; several types → a `oneOf` of one schema per type),
//! and the keywords beside a `type` that do not apply to it (`required` on
//! an array), which JSON Schema ignores but which would make the 3.0 model
//! read the schema as untyped.

use super::extensions::NULL;
use super::origins::Origins;
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Value};

/// `type` as a list (or `"null"`) → one type and `nullable`; a list of
/// several types → a `oneOf` of one schema per type.
pub(super) fn type_arrays(schema: &mut Mapping, pointer: &str, origins: &mut Origins) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(ty)) if ty == "null" => vec![ty.clone()],
        Some(Value::Sequence(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return,
    };
    schema.shift_remove("type");
    let mut types: Vec<String> = types.into_iter().fold(Vec::new(), |mut seen, ty| {
        if !seen.contains(&ty) {
            seen.push(ty);
        }
        seen
    });
    let null = types.iter().position(|ty| ty == "null");
    if let Some(null) = null {
        types.remove(null);
        schema.insert("nullable".into(), true.into());
    }
    match types.as_slice() {
        [] if null.is_some() && is_null_only(schema) => {
            schema.insert(NULL.into(), true.into());
        }
        [] => {}
        [only] => {
            schema.insert("type".into(), only.as_str().into());
        }
        _ if schema.contains_key("oneOf") || schema.contains_key("anyOf") => {}
        _ => split_by_type(schema, &types, pointer, origins),
    }
}

/// Whether a schema whose `type` was `null` alone holds nothing else that
/// shapes values (a `oneOf` beside it, say): its only value is `null`.
pub(super) fn is_null_only(schema: &Mapping) -> bool {
    ![
        "oneOf",
        "anyOf",
        "allOf",
        "enum",
        "properties",
        "items",
        "$ref",
    ]
    .iter()
    .any(|key| schema.contains_key(*key))
}

/// A schema of several types → `oneOf` one schema per type, each with the
/// keywords that apply to its type; annotations stay on the schema.
fn split_by_type(schema: &mut Mapping, types: &[String], pointer: &str, origins: &mut Origins) {
    let mut members: Vec<Mapping> = types
        .iter()
        .map(|ty| {
            let mut member = Mapping::new();
            member.insert("type".into(), ty.as_str().into());
            member
        })
        .collect();
    let keys: Vec<Value> = schema.keys().cloned().collect();
    for key in keys {
        let Some(name) = key.as_str() else { continue };
        let owners: Vec<usize> = (0..types.len())
            .filter(|&i| applies_to(name, schema.get(&key), &types[i]))
            .collect();
        if owners.is_empty() {
            continue;
        }
        let Some(value) = schema.shift_remove(&key) else {
            continue;
        };
        for i in owners {
            let value = match name {
                "enum" => values_of_type(&value, &types[i]),
                _ => value.clone(),
            };
            members[i].insert(key.clone(), value);
        }
    }
    let list = push_pointer(pointer, "oneOf");
    for i in 0..members.len() {
        origins.made_from(pointer, &push_pointer(&list, &i.to_string()));
    }
    let members = members.into_iter().map(Value::Mapping).collect();
    schema.insert("oneOf".into(), Value::Sequence(members));
}

/// Whether the keyword `name` (with `value`) restricts values of `ty`.
fn applies_to(name: &str, value: Option<&Value>, ty: &str) -> bool {
    let numeric = matches!(ty, "integer" | "number");
    match name {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => {
            ty == "string"
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => numeric,
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" => ty == "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "minProperties"
        | "maxProperties"
        | "discriminator" => ty == "object",
        "format" => match value.and_then(Value::as_str) {
            Some("int32" | "int64" | "float" | "double" | "decimal") => numeric,
            _ => ty == "string",
        },
        "enum" => value
            .and_then(Value::as_sequence)
            .is_some_and(|values| values.iter().any(|v| is_of_type(v, ty))),
        _ => false,
    }
}

/// The values of an `enum` that are of JSON type `ty`.
fn values_of_type(values: &Value, ty: &str) -> Value {
    let values = values.as_sequence().map(Vec::as_slice).unwrap_or_default();
    Value::Sequence(
        values
            .iter()
            .filter(|v| is_of_type(v, ty))
            .cloned()
            .collect(),
    )
}

fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_bool(),
        "array" => value.is_sequence(),
        "object" => value.is_mapping(),
        _ => false,
    }
}

/// The keywords the 3.0 model reads from a schema's `type`-specific
/// fields: beside a `type` they do not apply to, it reads the schema as
/// "any value".
const TYPED_KEYWORDS: &[&str] = &[
    "pattern",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "format",
    "minLength",
    "maxLength",
];

/// Drops the keywords that do not apply to the schema's one `type` (they
/// restrict only values of other types, which the type excludes); a schema
/// without `type` but with `items` (and nothing of other types) is an array.
pub(super) fn applicable_keywords(schema: &mut Mapping) {
    let ty = match schema.get("type") {
        Some(Value::String(ty)) => ty.clone(),
        None if schema.contains_key("items") && !has_other_structure(schema) => {
            schema.insert("type".into(), "array".into());
            "array".to_string()
        }
        _ => return,
    };
    if !matches!(
        ty.as_str(),
        "string" | "number" | "integer" | "boolean" | "object" | "array"
    ) {
        return;
    }
    schema.retain(|key, value| {
        let Some(key) = key.as_str() else {
            return true;
        };
        !TYPED_KEYWORDS.contains(&key) || keeps(key, value, &ty)
    });
}

/// Whether the keyword `key` applies to a schema of `type: ty`.
fn keeps(key: &str, value: &Value, ty: &str) -> bool {
    match (key, ty) {
        ("enum", "object" | "array") => false,
        ("enum", _) => true,
        ("format", "boolean" | "object" | "array") => false,
        _ => applies_to(key, Some(value), ty),
    }
}

/// Whether a schema without `type` has keywords of objects or unions, which
/// `items` alone does not make an array.
fn has_other_structure(schema: &Mapping) -> bool {
    [
        "properties",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
    ]
    .iter()
    .any(|key| schema.contains_key(*key))
}
