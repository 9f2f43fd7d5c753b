//! `null` in 3.1: `type: [T, "null"]`, `type: "null"`, and the `null`
//! members of `oneOf`/`anyOf` → 3.0's `nullable: true` on the real type.
//! A union left with one member is that member (a `$ref` to it, or its
//! keywords merged into the union's schema); a `type` array of several
//! types is a `oneOf` of one schema per type.

use super::origins::Origins;
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Value};

/// Removes the `null` members of `oneOf` and `anyOf`, making the schema
/// nullable; a union left with one member becomes that member.
pub(super) fn remove_null_members(schema: &mut Mapping, pointer: &str, origins: &mut Origins) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = schema.get_mut(keyword) else {
            continue;
        };
        let kept: Vec<usize> = (0..members.len())
            .filter(|&i| !is_null_schema(&members[i]))
            .collect();
        if kept.len() == members.len() {
            continue;
        }
        let mut index = 0;
        members.retain(|_| {
            index += 1;
            kept.contains(&(index - 1))
        });
        let list = push_pointer(pointer, keyword);
        let moves: Vec<(String, String)> = kept
            .iter()
            .enumerate()
            .filter(|(new, old)| new != *old)
            .map(|(new, old)| {
                (
                    push_pointer(&list, &old.to_string()),
                    push_pointer(&list, &new.to_string()),
                )
            })
            .collect();
        origins.moved_together(&moves);
        schema.insert("nullable".into(), true.into());
        match kept.len() {
            0 => {
                schema.shift_remove(keyword);
            }
            1 if !schema.contains_key(other_union(keyword)) => {
                merge_only_member(schema, keyword, pointer, origins);
            }
            _ => {}
        }
    }
}

fn other_union(keyword: &str) -> &'static str {
    if keyword == "oneOf" {
        "anyOf"
    } else {
        "oneOf"
    }
}

/// Whether a union member admits only `null`: `{type: "null"}` (with
/// annotations at most), `{const: null}` or `{enum: [null]}`.
pub(super) fn is_null_schema(member: &Value) -> bool {
    let Value::Mapping(member) = member else {
        return false;
    };
    let null_type = match member.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Sequence(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let null_value = member.get("const").is_some_and(Value::is_null)
        || matches!(member.get("enum"), Some(Value::Sequence(values)) if !values.is_empty() && values.iter().all(Value::is_null));
    let only_annotations = member.keys().all(|key| {
        matches!(
            key.as_str(),
            Some("type" | "const" | "enum" | "title" | "description" | "default" | "nullable")
        )
    });
    (null_type || null_value) && only_annotations
}

/// The one member of `keyword` replaces the union: its keywords join the
/// schema's, the schema's own winning where both have one (the schema's
/// `description` documents the field; the member's `type` is the value's).
fn merge_only_member(schema: &mut Mapping, keyword: &str, pointer: &str, origins: &mut Origins) {
    let Some(Value::Sequence(mut members)) = schema.shift_remove(keyword) else {
        return;
    };
    let member_pointer = push_pointer(&push_pointer(pointer, keyword), "0");
    let member = match members.pop() {
        Some(Value::Mapping(member)) => member,
        Some(Value::Bool(true)) | None => Mapping::new(),
        // `false` (only `null` is valid) or not a schema: left as it is.
        Some(other) => {
            schema.insert(keyword.into(), Value::Sequence(vec![other]));
            return;
        }
    };
    let mut moves = Vec::new();
    for (key, value) in member {
        let Some(name) = key.as_str().map(str::to_string) else {
            continue;
        };
        if schema.contains_key(&key) && name != "nullable" {
            continue;
        }
        if name != "nullable" {
            moves.push((
                push_pointer(&member_pointer, &name),
                push_pointer(pointer, &name),
            ));
            schema.insert(key, value);
        }
    }
    origins.moved_together(&moves);
    origins.merged_into(&member_pointer, pointer);
}

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
    if let Some(null) = types.iter().position(|ty| ty == "null") {
        types.remove(null);
        schema.insert("nullable".into(), true.into());
    }
    match types.as_slice() {
        [] => {}
        [only] => {
            schema.insert("type".into(), only.as_str().into());
        }
        _ if schema.contains_key("oneOf") || schema.contains_key("anyOf") => {}
        _ => split_by_type(schema, &types, pointer, origins),
    }
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
