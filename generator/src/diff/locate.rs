//! Where in the spec each change is: the JSON pointer of the changed node
//! (a property or parameter is looked up below the type or operation the
//! IR points at, through `allOf` members and local `$ref`s), then its
//! file, line and column, found as the located diagnostics of `load` are.

use super::change::{Change, Location};
use super::compare::{At, Side};
use super::Loaded;
use crate::diagnostic::Diagnostic;
use crate::pointer::push_pointer;
use serde_json::Value;

/// How many `allOf` members and `$ref`s a lookup follows.
const MAX_HOPS: usize = 16;

pub(super) fn locate(changes: Vec<(Change, At)>, old: &Loaded, new: &Loaded) -> Vec<Change> {
    let needs = |side: Side| {
        changes
            .iter()
            .any(|(_, at)| at.side() == side && !matches!(at, At::Node(..)))
    };
    // The typed model, as JSON: the document the IR's pointers point into
    // (split specs are bundled into one), serialized only when needed.
    let old_doc = needs(Side::Old).then(|| serde_json::to_value(&old.spec).unwrap_or(Value::Null));
    let new_doc = needs(Side::New).then(|| serde_json::to_value(&new.spec).unwrap_or(Value::Null));
    let pointers: Vec<String> = changes
        .iter()
        .map(|(_, at)| {
            let doc = match at.side() {
                Side::Old => old_doc.as_ref(),
                Side::New => new_doc.as_ref(),
            };
            pointer_of(at, doc)
        })
        .collect();
    let old_found = positions(old, &changes, &pointers, Side::Old);
    let new_found = positions(new, &changes, &pointers, Side::New);
    let (mut old_found, mut new_found) = (old_found.into_iter(), new_found.into_iter());
    changes
        .into_iter()
        .zip(pointers)
        .map(|((mut change, at), pointer)| {
            let found = match at.side() {
                Side::Old => old_found.next(),
                Side::New => new_found.next(),
            };
            change.location = found.map(|(file, line, column)| Location {
                file,
                line,
                column,
                pointer,
            });
            change
        })
        .collect()
}

/// The pointer of the node a change is about.
fn pointer_of(at: &At, doc: Option<&Value>) -> String {
    match at {
        At::Node(_, pointer) => pointer.clone(),
        At::Property(_, pointer, wire) => doc
            .and_then(|doc| property(doc, pointer, wire, 0))
            .unwrap_or_else(|| pointer.clone()),
        At::Parameter(_, pointer, wire) => doc
            .and_then(|doc| parameter(doc, pointer, wire))
            .unwrap_or_else(|| pointer.clone()),
    }
}

/// `pointer/properties/wire`, or the same in an `allOf` member or the
/// schema a `$ref` names.
fn property(doc: &Value, pointer: &str, wire: &str, hops: usize) -> Option<String> {
    if hops > MAX_HOPS {
        return None;
    }
    let schema = doc.pointer(pointer)?;
    if let Some(target) = local_ref(schema) {
        return property(doc, &target, wire, hops + 1);
    }
    if wire == "additionalProperties" && schema.get(wire).is_some() {
        return Some(push_pointer(pointer, wire));
    }
    if schema.get("properties").and_then(|p| p.get(wire)).is_some() {
        return Some(push_pointer(&format!("{pointer}/properties"), wire));
    }
    let members = schema.get("allOf")?.as_array()?;
    (0..members.len()).find_map(|i| property(doc, &format!("{pointer}/allOf/{i}"), wire, hops + 1))
}

/// The parameter named `wire` of the operation at `pointer`, or of its
/// path item (parameters shared by the path's operations).
fn parameter(doc: &Value, pointer: &str, wire: &str) -> Option<String> {
    let path_item = pointer.rsplit_once('/').map(|(item, _)| item)?;
    [pointer, path_item].into_iter().find_map(|owner| {
        let list = format!("{owner}/parameters");
        let items = doc.pointer(&list)?.as_array()?;
        items.iter().enumerate().find_map(|(i, item)| {
            let resolved = match local_ref(item) {
                Some(target) => doc.pointer(&target)?,
                None => item,
            };
            (resolved.get("name")?.as_str()? == wire).then(|| format!("{list}/{i}"))
        })
    })
}

/// The pointer of a `$ref: '#/...'`.
fn local_ref(node: &Value) -> Option<String> {
    let reference = node.get("$ref")?.as_str()?;
    let target = crate::pointer::RefTarget::parse(reference);
    target.is_local().then_some(target.pointer)
}

type Found = (String, Option<usize>, Option<usize>);

/// File, line and column of each change on `side`, in order. A node that
/// cannot be found (a removed server) falls back to its nearest ancestor.
fn positions(
    loaded: &Loaded,
    changes: &[(Change, At)],
    pointers: &[String],
    side: Side,
) -> Vec<Found> {
    let wanted: Vec<&String> = changes
        .iter()
        .zip(pointers)
        .filter(|((_, at), _)| at.side() == side)
        .map(|(_, pointer)| pointer)
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let candidates: Vec<Vec<String>> = wanted.iter().map(|p| ancestors(p)).collect();
    let diagnostics = candidates
        .iter()
        .flatten()
        .map(|pointer| Diagnostic::warning("", pointer.clone()))
        .collect();
    let mut located = loaded.source.locate_all(diagnostics).into_iter();
    candidates
        .iter()
        .map(|list| {
            let mut best = None;
            for _ in list {
                let diagnostic = located.next();
                if best.is_none() {
                    best = diagnostic.and_then(|d| d.position);
                }
            }
            let file = loaded.source.label.clone();
            (file, best.map(|p| p.line), best.map(|p| p.column))
        })
        .collect()
}

/// The pointer and its ancestors, nearest first, down to the document's
/// top-level key.
fn ancestors(pointer: &str) -> Vec<String> {
    let mut list = vec![pointer.to_string()];
    let mut current = pointer;
    while let Some((parent, _)) = current.rsplit_once('/') {
        if parent.is_empty() {
            break;
        }
        list.push(parent.to_string());
        current = parent;
    }
    list
}
