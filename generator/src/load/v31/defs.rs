//! `$defs` → `components/schemas`: a schema defined inside another is a
//! named type of its own, as a component is.
//!
//! An entry is moved under its own name when that is free; an entry equal
//! to the component of the same name (what pydantic writes: the component
//! repeated inside the schema that uses it) is that component, and
//! disappears; otherwise it is named after the component it was defined in
//! (`Request` + `Granularity` → `Request_Granularity`). The `$ref`s to
//! moved entries are rewritten with the others, from [`Origins`].

use super::origins::Origins;
use super::walk::entries_of;
use crate::load::shape::Kind;
use crate::pointer::{pointer_segments, push_pointer, value_at_mut};
use serde_yaml::{Mapping, Value};

/// Moves every `$defs` entry of `document` to `components/schemas`.
pub fn hoist(document: &mut Value, origins: &mut Origins) {
    let entries = entries_of(document, Kind::Schema, "$defs");
    for source in entries {
        // An entry inside another entry moved with it.
        let current = origins.to_rewritten(&source);
        hoist_one(document, &current, origins);
    }
}

fn hoist_one(document: &mut Value, pointer: &str, origins: &mut Origins) {
    let Some(name) = pointer_segments(pointer).pop() else {
        return;
    };
    let Some(schema) = take(document, pointer) else {
        return;
    };
    let schemas = component_schemas(document);
    let destination = match schemas.get(name.as_str()) {
        Some(existing) if *existing == schema => {
            origins.moved(pointer, &schema_pointer(&name));
            return;
        }
        None => name,
        Some(_) => free_name(schemas, &format!("{}_{name}", owner_name(pointer))),
    };
    schemas.insert(destination.as_str().into(), schema);
    origins.moved(pointer, &schema_pointer(&destination));
}

/// Removes the node at `pointer` from its mapping, and returns it.
fn take(document: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = pointer_segments(&format!("/{key}")).pop()?;
    match value_at_mut(document, parent)? {
        Value::Mapping(entries) => entries.shift_remove(key.as_str()),
        _ => None,
    }
}

/// `components/schemas`, made if the document has none.
fn component_schemas(document: &mut Value) -> &mut Mapping {
    let components = mapping_entry(as_mapping(document), "components");
    mapping_entry(components, "schemas")
}

/// The mapping under `key`, made (or replacing what is not a mapping)
/// when there is none.
pub fn mapping_entry<'m>(mapping: &'m mut Mapping, key: &str) -> &'m mut Mapping {
    let entry = mapping
        .entry(key.into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    as_mapping(entry)
}

/// The mapping `node` is, after making it one if it is not.
pub fn as_mapping(node: &mut Value) -> &mut Mapping {
    if !node.is_mapping() {
        *node = Value::Mapping(Mapping::new());
    }
    match node {
        Value::Mapping(mapping) => mapping,
        // Made a mapping above.
        _ => unreachable!(),
    }
}

fn schema_pointer(name: &str) -> String {
    push_pointer("/components/schemas", name)
}

/// The name of the component a schema is defined in, or `Schema`.
fn owner_name(pointer: &str) -> String {
    match pointer_segments(pointer).as_slice() {
        [components, schemas, name, ..] if components == "components" && schemas == "schemas" => {
            name.clone()
        }
        _ => "Schema".to_string(),
    }
}

/// `wanted`, or `wanted_2`, `wanted_3`, ... whichever is free.
fn free_name(schemas: &Mapping, wanted: &str) -> String {
    (1..)
        .map(|n| match n {
            1 => wanted.to_string(),
            n => format!("{wanted}_{n}"),
        })
        .find(|name| !schemas.contains_key(name.as_str()))
        .unwrap_or_default()
}
