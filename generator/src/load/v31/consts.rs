//! `const` → `enum`: a `const` is an enum of one value (marked, so that it
//! may tag a union), and a `oneOf` of `{const, title, description}` members
//! (Discord writes 91 enums this way) is one enum whose variants are named
//! by the titles and documented by the descriptions.

use super::extensions::{CONST, NULL, VARIANTS};
use super::origins::Origins;
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Value};

/// Keys a `const` member of a union may have for the union to be an enum.
const MEMBER_KEYS: &[&str] = &[
    "const",
    "title",
    "description",
    "deprecated",
    "type",
    "$comment",
];

/// A `oneOf` or `anyOf` whose members are each one value, of one JSON type
/// (strings or integers), → `enum` with the members' titles and
/// descriptions in [`VARIANTS`].
pub(super) fn const_unions(schema: &mut Mapping, pointer: &str, origins: &mut Origins) {
    if schema.contains_key("enum") {
        return;
    }
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = schema.get(keyword) else {
            continue;
        };
        let Some(ty) = const_members_type(members, schema.get("type")) else {
            continue;
        };
        let Some(Value::Sequence(members)) = schema.shift_remove(keyword) else {
            continue;
        };
        let list = push_pointer(pointer, keyword);
        let mut values = Vec::with_capacity(members.len());
        let mut variants = Vec::with_capacity(members.len());
        let mut moves = Vec::new();
        for (i, member) in members.into_iter().enumerate() {
            let member_pointer = push_pointer(&list, &i.to_string());
            let enum_pointer = push_pointer(&push_pointer(pointer, "enum"), &i.to_string());
            moves.push((push_pointer(&member_pointer, "const"), enum_pointer));
            let mut variant = Mapping::new();
            for key in ["title", "description"] {
                if let Some(text) = member.get(key).filter(|v| v.is_string()) {
                    variant.insert(key.into(), text.clone());
                }
            }
            values.push(member.get("const").cloned().unwrap_or(Value::Null));
            variants.push(Value::Mapping(variant));
        }
        origins.moved_together(&moves);
        schema.insert("type".into(), ty.into());
        schema.insert("enum".into(), Value::Sequence(values));
        schema.insert(VARIANTS.into(), Value::Sequence(variants));
        return;
    }
}

/// The JSON type of the values, when every member is `{const: ...}` (with
/// annotations at most) and all values are strings, or all integers,
/// agreeing with the schema's own `type` if it has one.
fn const_members_type(members: &[Value], declared: Option<&Value>) -> Option<&'static str> {
    let mut ty = None;
    for member in members {
        let member = member.as_mapping()?;
        let only_const = member
            .keys()
            .all(|key| key.as_str().is_some_and(|key| MEMBER_KEYS.contains(&key)));
        let value_type = match member.get("const")? {
            Value::String(_) => "string",
            value if value.is_i64() || value.is_u64() => "integer",
            _ => return None,
        };
        if !only_const || ty.is_some_and(|ty| ty != value_type) {
            return None;
        }
        ty = Some(value_type);
    }
    let ty = ty?;
    match declared.and_then(Value::as_str) {
        None => Some(ty),
        Some(declared) if declared == ty || (declared == "number" && ty == "integer") => Some(ty),
        Some(_) => None,
    }
}

/// `const: v` → `enum: [v]` (with `type` from the value when the schema
/// has none; `null` makes the schema nullable, and alone, marked [`NULL`]);
/// one-value enums are marked [`CONST`].
pub(super) fn const_value(schema: &mut Mapping) {
    if let Some(value) = schema.shift_remove("const") {
        if value.is_null() {
            schema.insert("nullable".into(), true.into());
            if super::types::is_null_only(schema) && !schema.contains_key("type") {
                schema.insert(NULL.into(), true.into());
            }
        } else {
            if !schema.contains_key("type") {
                if let Some(ty) = json_type(&value) {
                    schema.insert("type".into(), ty.into());
                }
            }
            schema.insert("enum".into(), Value::Sequence(vec![value]));
        }
    }
    infer_enum_type(schema);
    let one_value =
        matches!(schema.get("enum"), Some(Value::Sequence(values)) if values.len() == 1);
    if one_value {
        schema.insert(CONST.into(), true.into());
    }
}

/// An `enum` without `type` whose values are all of one JSON type gets that
/// type (`const` and `enum` beside a `$ref` leave such schemas).
fn infer_enum_type(schema: &mut Mapping) {
    if schema.contains_key("type") {
        return;
    }
    let Some(Value::Sequence(values)) = schema.get("enum") else {
        return;
    };
    let mut types = values.iter().filter(|v| !v.is_null()).map(json_type);
    let Some(Some(first)) = types.next() else {
        return;
    };
    if types.all(|ty| ty == Some(first)) {
        schema.insert("type".into(), first.into());
    }
}

/// The schema `type` of a JSON value (objects and arrays: none, since an
/// enum of them has no 3.0 type).
fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}
