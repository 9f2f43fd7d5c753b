//! Arrays and maps that 3.1 writes with new keywords: `prefixItems` (a
//! tuple, when the array has exactly those items) and `patternProperties`
//! (a map whose values are those schemas).

use super::extensions::TUPLE;
use super::origins::Origins;
use crate::pointer::push_pointer;
use serde_yaml::{Mapping, Value};

/// `prefixItems: [A, B]` → `items: {oneOf: [A, B]}`, marked [`TUPLE`] when
/// the array holds exactly those items (`maxItems` is their number, or no
/// other items are allowed): the IR makes it `(A, B)`. Otherwise the array
/// is a list of any of the members (and of `items`, the other items).
/// Draft 2019-09's `items: [A, B]` means the same.
pub(super) fn prefix_items(schema: &mut Mapping, pointer: &str, origins: &mut Origins) {
    let legacy = matches!(schema.get("items"), Some(Value::Sequence(_)));
    let (prefix_key, rest_key) = if legacy {
        ("items", "additionalItems")
    } else {
        ("prefixItems", "items")
    };
    let Some(Value::Sequence(prefix)) = schema.shift_remove(prefix_key) else {
        return;
    };
    let rest = schema.shift_remove(rest_key);
    let length = prefix.len();
    let max_items = schema.get("maxItems").and_then(Value::as_u64);
    let closed = matches!(rest, Some(Value::Bool(false))) || max_items == Some(length as u64);
    let tuple = closed && length > 0;
    let mut members = prefix;
    let prefix_pointer = push_pointer(pointer, prefix_key);
    let mut moves: Vec<(String, usize)> = (0..length)
        .map(|i| (push_pointer(&prefix_pointer, &i.to_string()), i))
        .collect();
    let keyword = if tuple { "oneOf" } else { "anyOf" };
    if let (false, Some(rest)) = (closed, rest) {
        if rest != Value::Bool(true) {
            moves.push((push_pointer(pointer, rest_key), length));
            members.push(rest);
        }
    }
    let list = push_pointer(&push_pointer(pointer, "items"), keyword);
    let moves: Vec<(String, String)> = moves
        .into_iter()
        .map(|(from, index)| (from, push_pointer(&list, &index.to_string())))
        .collect();
    origins.moved_together(&moves);
    let mut items = Mapping::new();
    items.insert(keyword.into(), Value::Sequence(members));
    schema.insert("items".into(), Value::Mapping(items));
    if tuple {
        schema.insert(TUPLE.into(), true.into());
    }
}

/// `patternProperties` → `additionalProperties`: the keys are not known,
/// only what their values are. Several patterns (or patterns beside an
/// `additionalProperties` schema) give a value of any of their schemas.
pub(super) fn pattern_properties(schema: &mut Mapping, pointer: &str, origins: &mut Origins) {
    let Some(Value::Mapping(patterns)) = schema.shift_remove("patternProperties") else {
        return;
    };
    if patterns.is_empty() {
        return;
    }
    let patterns_pointer = push_pointer(pointer, "patternProperties");
    let mut values: Vec<(String, Value)> = patterns
        .into_iter()
        .map(|(pattern, value)| {
            let from = push_pointer(&patterns_pointer, pattern.as_str().unwrap_or_default());
            (from, value)
        })
        .collect();
    match schema.shift_remove("additionalProperties") {
        None | Some(Value::Bool(_)) => {}
        Some(Value::Mapping(empty)) if empty.is_empty() => {}
        Some(other) => values.push((push_pointer(pointer, "additionalProperties"), other)),
    }
    let additional = push_pointer(pointer, "additionalProperties");
    let value = if values.len() == 1 {
        let (from, value) = values.remove(0);
        origins.moved(&from, &additional);
        value
    } else {
        let list = push_pointer(&additional, "anyOf");
        let moves: Vec<(String, String)> = values
            .iter()
            .enumerate()
            .map(|(i, (from, _))| (from.clone(), push_pointer(&list, &i.to_string())))
            .collect();
        origins.moved_together(&moves);
        let mut any_of = Mapping::new();
        let members = values.into_iter().map(|(_, value)| value).collect();
        any_of.insert("anyOf".into(), Value::Sequence(members));
        Value::Mapping(any_of)
    };
    schema.insert("additionalProperties".into(), value);
}
