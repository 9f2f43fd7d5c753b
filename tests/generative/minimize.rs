//! Delta debugging of a failing document: remove one part at a time (path
//! items, operations, schemas, properties, parameters, members, then
//! decorations), keep each removal after which the failure persists, and
//! go round again until a whole pass removes nothing. `$ref`s a removal
//! leaves dangling are repaired first (a schema becomes `{type: string}`, a
//! parameter goes), so every candidate stays a valid document.

use super::document::{get_mut, pointer_of, refs_in, resolve, Document, Format};
use super::validity::{mapping_resolves, problems};
use serde_json::{json, Value};

/// A part of a document: a file and the segments of a pointer in it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    file: usize,
    at: Vec<String>,
    /// Replace with `{type: string}` instead of removing.
    simplify: bool,
}

/// Keys that never go: the document would stop being one. (A property or
/// schema *named* so may go: see [`is_name`].)
const KEPT: &[&str] = &[
    "openapi",
    "info",
    "paths",
    "items",
    "schema",
    "content",
    "responses",
    "flows",
    "propertyName",
];

/// Maps whose keys are names from the spec rather than keywords.
const NAMED: &[&str] = &[
    "properties",
    "schemas",
    "paths",
    "parameters",
    "responses",
    "requestBodies",
    "securitySchemes",
    "mapping",
    "content",
];

/// Keys removed in the last round: what decorates rather than shapes.
const DECORATIONS: &[&str] = &[
    "description",
    "summary",
    "tags",
    "default",
    "format",
    "nullable",
    "readOnly",
    "writeOnly",
    "x-enum-varnames",
    "required",
    "minLength",
    "minimum",
    "minItems",
    "uniqueItems",
    "deprecated",
    "style",
    "explode",
    "allowReserved",
    "encoding",
    "headers",
    "servers",
    "security",
    "mapping",
    "discriminator",
    "additionalProperties",
    "operationId",
];

/// The smallest document found that still `fails`; `log` hears of each
/// step.
pub fn minimize(
    document: &Document,
    fails: &mut dyn FnMut(&Document) -> bool,
    log: &mut dyn FnMut(&str),
) -> Document {
    let mut current = document.clone();
    if let Some(yaml) = as_yaml(&current) {
        if fails(&yaml) {
            current = yaml;
        }
    }
    loop {
        let before = current.size();
        current = one_pass(current, fails, log);
        if current.size() == before {
            break;
        }
    }
    // Files may have gone on the way.
    match as_yaml(&current) {
        Some(yaml) if fails(&yaml) => yaml,
        _ => current,
    }
}

/// Whether a trial is still a valid document: a removal can leave what
/// repair does not mend (a path parameter undeclared, an operation without
/// responses).
fn valid(document: &Document) -> bool {
    problems(document).is_empty()
}

/// A single JSON file as YAML, which reads better in a report.
fn as_yaml(document: &Document) -> Option<Document> {
    if document.files.len() != 1 || document.root().format == Format::Yaml {
        return None;
    }
    let mut yaml = document.clone();
    yaml.files[0].format = Format::Yaml;
    yaml.files[0].path = "api.yaml".into();
    Some(yaml)
}

fn one_pass(
    mut current: Document,
    fails: &mut dyn FnMut(&Document) -> bool,
    log: &mut dyn FnMut(&str),
) -> Document {
    let mut index = 0;
    loop {
        let parts = parts(&current);
        let Some(part) = parts.get(index) else {
            return current;
        };
        let trial = apply(&current, part);
        if trial != current && valid(&trial) && fails(&trial) {
            log(&format!(
                "  minimized: {} {}{} (size {} → {})",
                if part.simplify {
                    "simplified"
                } else {
                    "removed"
                },
                current.files[part.file].path,
                pointer_of(&part.at),
                current.size(),
                trial.size()
            ));
            // The parts after this one move up into its place.
            current = trial;
        } else {
            index += 1;
        }
    }
}

/// Every part worth trying, coarse to fine: structure by depth, then
/// schemas simplified, then decorations.
fn parts(document: &Document) -> Vec<Part> {
    let mut structural = Vec::new();
    let mut simplifiable = Vec::new();
    let mut decorations = Vec::new();
    for (file, spec) in document.files.iter().enumerate() {
        let mut visit = |at: &[String], value: &Value| {
            let part = |simplify| Part {
                file,
                at: at.to_vec(),
                simplify,
            };
            let key = at.last().map(String::as_str).unwrap_or_default();
            if at.is_empty() || (file == 0 && at.len() == 1 && KEPT.contains(&key)) {
                return;
            }
            let name = is_name(at) || is_response_content(at);
            if !name && DECORATIONS.contains(&key) && !value.is_boolean() {
                decorations.push(part(false));
            } else if (value.is_object() || value.is_array())
                && (name || !KEPT.contains(&key) || is_empty(value))
            {
                structural.push(part(false));
            }
            if looks_like_schema(value) && value != &json!({"type": "string"}) {
                simplifiable.push(part(true));
            }
        };
        walk(&spec.value, &mut Vec::new(), &mut visit);
    }
    structural.sort_by_key(|p| p.at.len());
    structural.extend(simplifiable);
    structural.extend(decorations);
    structural
}

fn walk(value: &Value, at: &mut Vec<String>, visit: &mut dyn FnMut(&[String], &Value)) {
    visit(at, value);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(key.clone());
                walk(child, at, visit);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                walk(child, at, visit);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Whether the last segment of `at` is a name from the spec (a property,
/// a schema, a path), not a keyword.
fn is_name(at: &[String]) -> bool {
    at.len() >= 2 && NAMED.contains(&at[at.len() - 2].as_str())
}

/// A response's `content` may go (a request body's may not).
fn is_response_content(at: &[String]) -> bool {
    at.len() >= 3 && at[at.len() - 1] == "content" && at[at.len() - 3] == "responses"
}

fn is_empty(value: &Value) -> bool {
    value.as_object().is_some_and(|m| m.is_empty())
        || value.as_array().is_some_and(|a| a.is_empty())
}

fn looks_like_schema(value: &Value) -> bool {
    [
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "items",
        "additionalProperties",
        "enum",
    ]
    .iter()
    .any(|k| value.get(k).is_some())
}

/// The document without `part` (or with it simplified), repaired.
fn apply(document: &Document, part: &Part) -> Document {
    let mut trial = document.clone();
    let root = &mut trial.files[part.file].value;
    if part.simplify {
        if let Some(node) = get_mut(root, &part.at) {
            *node = json!({"type": "string"});
        }
    } else {
        remove(root, &part.at);
    }
    repair(&mut trial);
    trial
}

/// Removes the node at `at`; a property also leaves its parent's
/// `required`. Never empties `allOf`/`oneOf`/`anyOf`/`enum`.
fn remove(root: &mut Value, at: &[String]) {
    let Some((last, parent_at)) = at.split_last() else {
        return;
    };
    let parent_key = parent_at.last().map(String::as_str);
    let Some(parent) = get_mut(root, parent_at) else {
        return;
    };
    match parent {
        Value::Object(map) => {
            map.remove(last);
        }
        Value::Array(items) => {
            let keeps_one = matches!(parent_key, Some("allOf" | "oneOf" | "anyOf" | "enum"));
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() && !(keeps_one && items.len() == 1) {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
    if parent_key == Some("properties") {
        let schema_at = &parent_at[..parent_at.len() - 1];
        if let Some(Value::Array(required)) =
            get_mut(root, schema_at).and_then(|s| s.get_mut("required"))
        {
            required.retain(|r| r != last.as_str());
        }
    }
}

/// Repairs what a removal left dangling, until nothing is: a `$ref`d
/// parameter goes, a response becomes a bare one, a request body or path
/// item goes, a schema becomes `{type: string}`; mapping entries whose
/// target went go. Files nothing refers to any more go too.
fn repair(document: &mut Document) {
    for _ in 0..32 {
        let Some((file, at)) = dangling(document) else {
            break;
        };
        fix(&mut document.files[file].value, &at);
    }
    drop_dangling_mappings(document);
    drop_unreferenced_files(document);
}

/// The first `$ref` that resolves to nothing: its file and the pointer of
/// the object holding it.
fn dangling(document: &Document) -> Option<(usize, Vec<String>)> {
    for (i, file) in document.files.iter().enumerate() {
        let mut found = None;
        refs_in(&file.value, &mut Vec::new(), &mut |at, reference| {
            if found.is_none() && resolve(document, &file.path, reference).is_none() {
                found = Some(at.to_vec());
            }
        });
        if let Some(at) = found {
            return Some((i, at));
        }
    }
    None
}

fn fix(root: &mut Value, at: &[String]) {
    let parent_key = at.len().checked_sub(2).map(|i| at[i].as_str());
    let key = at.last().map(String::as_str);
    match (parent_key, key) {
        (Some("parameters"), _) | (Some("paths"), _) | (_, Some("requestBody")) => remove(root, at),
        (Some("responses"), _) => {
            if let Some(node) = get_mut(root, at) {
                *node = json!({"description": "Removed."});
            }
        }
        _ => match get_mut(root, at) {
            Some(node) => *node = json!({"type": "string"}),
            None => remove(root, at),
        },
    }
}

fn drop_dangling_mappings(document: &mut Document) {
    let snapshot = document.clone();
    for file in &mut document.files {
        let path = file.path.clone();
        let mut at = Vec::new();
        prune_mappings(&mut file.value, &mut at, &snapshot, &path);
    }
}

fn prune_mappings(value: &mut Value, at: &mut Vec<String>, document: &Document, path: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(mapping)) = map
                .get_mut("discriminator")
                .and_then(|d| d.get_mut("mapping"))
            {
                mapping.retain(|_, target| {
                    target
                        .as_str()
                        .is_some_and(|t| mapping_resolves(document, path, t))
                });
            }
            for (key, child) in map.iter_mut() {
                at.push(key.clone());
                prune_mappings(child, at, document, path);
                at.pop();
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| prune_mappings(child, at, document, path)),
        _ => {}
    }
}

fn drop_unreferenced_files(document: &mut Document) {
    let mut used = vec![document.root().path.clone()];
    for file in &document.files {
        refs_in(&file.value, &mut Vec::new(), &mut |_, reference| {
            let target = reference.split('#').next().unwrap_or_default();
            if !target.is_empty() {
                if let Some(path) = super::document::join(&file.path, target) {
                    used.push(path);
                }
            }
        });
    }
    document.files.retain(|f| used.contains(&f.path));
}
