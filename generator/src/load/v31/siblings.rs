//! A `$ref` with keywords beside it (3.1 allows them; 3.0 ignores them) →
//! the referenced type, with the annotations kept where 3.0 keeps them: in
//! an `allOf` wrapper of the one `$ref`, which the IR reads as the
//! referenced type documented by the wrapper's `description`, made an
//! `Option` by its `nullable`, deprecated by its `deprecated`.
//!
//! Beside a `$ref`, `const` and `enum` say which values the field holds,
//! so they win over the reference (a tag `$ref: ExpressionType` with
//! `const: "true"`); keywords that only restrict values (`type`, `format`,
//! `required`, `minLength`, ...) are dropped, the referenced schema says
//! the type; keywords that add structure (`properties`, `items`, ...) are
//! merged with the referenced schema in an `allOf`.

use super::origins::Origins;
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Value};

/// Keywords that document a value without shaping it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "deprecated",
    "default",
    "readOnly",
    "writeOnly",
    "example",
    "externalDocs",
    "xml",
];

/// Keywords that add to the structure of the value.
const STRUCTURE: &[&str] = &[
    "properties",
    "additionalProperties",
    "patternProperties",
    "items",
    "prefixItems",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
];

pub(super) fn is_reference(schema: &Mapping) -> bool {
    matches!(schema.get("$ref"), Some(Value::String(_)))
}

/// Rewrites a `$ref` that has sibling keywords; `member` when the schema is
/// a member of a union or an `allOf`, where annotations have no place (and
/// a wrapper would hide the reference that names the variant).
pub(super) fn rewrite(schema: &mut Mapping, pointer: &str, member: bool, origins: &mut Origins) {
    if schema.len() == 1 {
        return;
    }
    if schema.contains_key("const") || schema.contains_key("enum") {
        schema.shift_remove("$ref");
        return;
    }
    let nullable = is_nullable(schema);
    let Some(reference) = schema.shift_remove("$ref") else {
        return;
    };
    let structure = take_keys(schema, |key| STRUCTURE.contains(&key));
    schema.retain(|key, _| {
        key.as_str()
            .is_some_and(|key| ANNOTATIONS.contains(&key) || key.starts_with("x-"))
    });
    if member && structure.is_empty() && !nullable {
        schema.clear();
    }
    let mut target = Mapping::new();
    target.insert("$ref".into(), reference);
    if schema.is_empty() && structure.is_empty() && !nullable {
        *schema = target;
        return;
    }
    let list = push_pointer(pointer, "allOf");
    let mut members = vec![Value::Mapping(target)];
    origins.made_from(pointer, &push_pointer(&list, "0"));
    if !structure.is_empty() {
        members.push(Value::Mapping(structure));
        origins.made_from(pointer, &push_pointer(&list, "1"));
    }
    schema.insert("allOf".into(), Value::Sequence(members));
    if nullable {
        schema.insert("nullable".into(), true.into());
    }
}

/// Whether the keywords beside a `$ref` let the value be `null`.
fn is_nullable(schema: &Mapping) -> bool {
    let null_type = match schema.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Sequence(types)) => types.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    null_type || schema.get("nullable").and_then(Value::as_bool) == Some(true)
}

/// Removes the entries whose key passes `wanted`, and returns them.
fn take_keys(schema: &mut Mapping, wanted: impl Fn(&str) -> bool) -> Mapping {
    let keys: Vec<Value> = schema
        .keys()
        .filter(|key| key.as_str().is_some_and(&wanted))
        .cloned()
        .collect();
    keys.into_iter()
        .filter_map(|key| schema.shift_remove(&key).map(|value| (key, value)))
        .collect()
}
