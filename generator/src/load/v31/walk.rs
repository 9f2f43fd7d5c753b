//! Where the schemas of a 3.1 document are: the walks the rewrite makes
//! over it.
//!
//! A schema is found by its position (under `components/schemas`, a
//! parameter's `schema`, a property, ...), as `shape` knows them for 3.0,
//! plus the positions 3.1 adds: `webhooks`, `components/pathItems`, and the
//! JSON Schema keywords holding schemas (`prefixItems`, `$defs`, ...). A key
//! named like a keyword inside `properties` is a property, not a keyword,
//! which only a walk by position can tell.

use crate::load::shape::{self, Kind, Slot};
use crate::pointer::push_pointer;
use serde_yaml::Value;

/// Calls `visit` with every schema of `document`, its pointer and the key
/// of the slot it stands in (`properties`, `items`, `schema`, ...), a
/// schema before the schemas inside it: `visit` may rewrite a schema, and
/// the schemas it holds afterwards are the ones walked.
pub fn schemas_mut(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &str, &str)) {
    walk(Kind::Root, document, "", "", visit);
}

/// The pointers of the nodes of `kind` that stand in the slot `key` of
/// their parent (the entries of every `$defs`, say), in document order; a
/// node inside another comes after it.
pub fn entries_of(document: &mut Value, kind: Kind, key: &str) -> Vec<String> {
    let mut found = Vec::new();
    walk_slots(
        Kind::Root,
        document,
        "",
        &mut |node_kind, slot_key, pointer| {
            if node_kind == kind && slot_key == key {
                found.push(pointer.to_string());
            }
        },
    );
    found
}

fn walk(
    kind: Kind,
    node: &mut Value,
    pointer: &str,
    slot_key: &str,
    visit: &mut dyn FnMut(&mut Value, &str, &str),
) {
    if kind == Kind::Schema {
        visit(node, pointer, slot_key);
    }
    for_each_child(kind, node, pointer, &mut |kind, key, child, pointer| {
        walk(kind, child, pointer, key, visit);
    });
}

fn walk_slots(
    kind: Kind,
    node: &mut Value,
    pointer: &str,
    visit: &mut dyn FnMut(Kind, &str, &str),
) {
    for_each_child(kind, node, pointer, &mut |kind, key, child, pointer| {
        visit(kind, key, pointer);
        walk_slots(kind, child, pointer, visit);
    });
}

/// Calls `each` with every value in a slot of `node`: its kind, the slot's
/// key, the value and its pointer.
fn for_each_child(
    kind: Kind,
    node: &mut Value,
    pointer: &str,
    each: &mut dyn FnMut(Kind, &str, &mut Value, &str),
) {
    let Value::Mapping(mapping) = node else {
        return;
    };
    for (key, value) in mapping.iter_mut() {
        let Some(key) = key.as_str() else { continue };
        let Some(slot) = slot(kind, key) else {
            continue;
        };
        let child_pointer = push_pointer(pointer, key);
        match (slot, value) {
            (Slot::One(kind, _), value) => each(kind, key, value, &child_pointer),
            (Slot::Map(kind, _), Value::Mapping(entries)) => {
                for (name, entry) in entries.iter_mut() {
                    let name = name.as_str().unwrap_or_default();
                    each(kind, key, entry, &push_pointer(&child_pointer, name));
                }
            }
            (Slot::List(kind, _), Value::Sequence(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let item_pointer = push_pointer(&child_pointer, &i.to_string());
                    each(kind, key, item, &item_pointer);
                }
            }
            _ => {}
        }
    }
}

/// What a key of a 3.1 object holds: what it holds in 3.0, or one of the
/// positions 3.1 adds.
fn slot(kind: Kind, key: &str) -> Option<Slot> {
    shape::slot(kind, key).or_else(|| {
        Some(match (kind, key) {
            (Kind::Root, "webhooks") | (Kind::Components, "pathItems") => {
                Slot::Map(Kind::PathItem, true)
            }
            (Kind::Schema, "$defs" | "dependentSchemas" | "patternProperties") => {
                Slot::Map(Kind::Schema, true)
            }
            (Kind::Schema, "prefixItems") => Slot::List(Kind::Schema, true),
            (Kind::Schema, keyword) if SCHEMA_KEYWORDS.contains(&keyword) => {
                Slot::One(Kind::Schema, true)
            }
            _ => return None,
        })
    })
}

/// The 3.1 keywords that hold one schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Calls `visit` with every mapping of `node` and its pointer, except those
/// inside values that are data, not spec (examples, defaults, enum values):
/// a `$ref` or `$id` in an example is text of the example.
pub fn mappings_mut(node: &mut Value, pointer: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    match node {
        Value::Mapping(_) => {
            visit(node, pointer);
            let Value::Mapping(mapping) = node else {
                return;
            };
            for (key, value) in mapping.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                if !is_data_keyword(key) {
                    mappings_mut(value, &push_pointer(pointer, key), visit);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                mappings_mut(item, &push_pointer(pointer, &i.to_string()), visit);
            }
        }
        _ => {}
    }
}

/// Keys whose values are data of the API rather than parts of the spec.
pub fn is_data_keyword(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "const" | "enum")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_found_by_position() {
        let mut document: Value = serde_yaml::from_str(
            r"
paths:
  /a:
    get:
      parameters: [{name: p, in: query, schema: {type: string}}]
webhooks:
  hook: {post: {requestBody: {content: {application/json: {schema: {$ref: '#/x'}}}}}}
components:
  schemas:
    A:
      properties:
        $defs: {type: string}
        if: {prefixItems: [{type: integer}]}
      $defs: {B: {type: string}}
",
        )
        .unwrap();
        let mut seen = Vec::new();
        schemas_mut(&mut document, &mut |_, pointer, _| {
            seen.push(pointer.to_string())
        });
        assert_eq!(
            seen,
            [
                "/paths/~1a/get/parameters/0/schema",
                "/webhooks/hook/post/requestBody/content/application~1json/schema",
                "/components/schemas/A",
                "/components/schemas/A/properties/$defs",
                "/components/schemas/A/properties/if",
                "/components/schemas/A/properties/if/prefixItems/0",
                "/components/schemas/A/$defs/B",
            ]
        );
    }
}
