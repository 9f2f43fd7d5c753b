//! The `null` members of `oneOf`/`anyOf` (3.1's way to write an optional
//! value) → 3.0's `nullable: true` on the real type. A union left with one
//! member is that member: a `$ref` to it, or its keywords merged into the
//! union's schema, never a copy of a referenced struct.

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
