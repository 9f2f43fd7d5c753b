//! Discriminators without a `mapping` whose variants say their own tag.
//!
//! Without a mapping, OpenAPI takes a variant's tag to be its schema's
//! name (`ComparisonFilter`); but 3.1 specs (OpenAI's, 107 discriminators)
//! leave the mapping out where each variant declares the values of the
//! property itself (`type: {enum: [eq, ne, ...]}`, or a `const`). Decoding
//! by the schema's name would then take every value for an unknown one: the
//! mapping is filled in from the values the variant declares, when the
//! schema's name is not among them.

use super::walk::schemas_mut;
use crate::pointer::{value_at, RefTarget, MAX_REF_HOPS};
use serde_yaml::{Mapping, Value};

/// Adds the missing mapping entries of every discriminator of `document`.
pub fn infer_mappings(document: &mut Value) {
    let mut discriminated = Vec::new();
    schemas_mut(document, &mut |schema, pointer, _| {
        if schema.get("discriminator").is_some() {
            discriminated.push(pointer.to_string());
        }
    });
    let found: Vec<(String, Vec<(String, String)>)> = discriminated
        .into_iter()
        .filter_map(|pointer| {
            let entries = missing_entries(document, value_at(document, &pointer)?);
            (!entries.is_empty()).then_some((pointer, entries))
        })
        .collect();
    for (pointer, entries) in found {
        let Some(Value::Mapping(schema)) = crate::pointer::value_at_mut(document, &pointer) else {
            continue;
        };
        let Some(Value::Mapping(discriminator)) = schema.get_mut("discriminator") else {
            continue;
        };
        let mapping = discriminator
            .entry("mapping".into())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if let Value::Mapping(mapping) = mapping {
            for (value, reference) in entries {
                mapping.insert(value.into(), reference.into());
            }
        }
    }
}

/// The (tag value, `$ref`) entries the discriminator of `schema` lacks.
fn missing_entries(document: &Value, schema: &Value) -> Vec<(String, String)> {
    let Some(property) = schema
        .get("discriminator")
        .and_then(|d| d.get("propertyName"))
        .and_then(Value::as_str)
    else {
        return Vec::new();
    };
    let mapping = schema
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_mapping);
    let members = ["oneOf", "anyOf"]
        .into_iter()
        .filter_map(|keyword| schema.get(keyword)?.as_sequence())
        .flatten();
    let mut entries = Vec::new();
    for member in members {
        let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let name = reference.rsplit('/').next().unwrap_or_default();
        let mapped = mapping.is_some_and(|m| {
            m.values()
                .any(|v| v.as_str().is_some_and(|v| v == reference || v == name))
        });
        if mapped {
            continue;
        }
        let values = declared_values(document, reference, property);
        if values.is_empty() || values.iter().any(|v| v == name) {
            continue;
        }
        let taken = |value: &String| {
            mapping.is_some_and(|m| m.contains_key(value.as_str()))
                || entries.iter().any(|(v, _)| v == value)
        };
        let fresh: Vec<String> = values.into_iter().filter(|v| !taken(v)).collect();
        entries.extend(fresh.into_iter().map(|v| (v, reference.to_string())));
    }
    entries
}

/// The string values the schema `reference` names declares for its
/// `property` (an `enum`, which a `const` became), in it or in the members
/// of its `allOf`.
fn declared_values(document: &Value, reference: &str, property: &str) -> Vec<String> {
    let Some(schema) = follow(document, reference) else {
        return Vec::new();
    };
    let mut schemas = vec![schema];
    if let Some(members) = schema.get("allOf").and_then(Value::as_sequence) {
        schemas.extend(members.iter().filter_map(|m| match m.get("$ref") {
            Some(Value::String(r)) => follow(document, r),
            _ => Some(m),
        }));
    }
    for schema in schemas {
        let Some(declared) = schema.get("properties").and_then(|p| p.get(property)) else {
            continue;
        };
        let declared = match declared.get("$ref") {
            Some(Value::String(r)) => follow(document, r),
            _ => Some(declared),
        };
        let values: Vec<String> = declared
            .and_then(|d| d.get("enum"))
            .and_then(Value::as_sequence)
            .map(|values| {
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if !values.is_empty() {
            return values;
        }
    }
    Vec::new()
}

/// The node a local `$ref` leads to, through chains of references.
fn follow<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    let mut current = reference;
    for _ in 0..MAX_REF_HOPS {
        let target = RefTarget::parse(current);
        if !target.is_local() {
            return None;
        }
        let node = value_at(document, &target.pointer)?;
        match node.get("$ref") {
            Some(Value::String(next)) => current = next,
            _ => return Some(node),
        }
    }
    None
}
