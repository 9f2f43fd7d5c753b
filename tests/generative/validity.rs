//! What makes a generated document valid, checked before it is handed to
//! the generator (so that a failure is the generator's, not the test's),
//! and by the minimizer after each removal (so that a minimal document is
//! still a valid one).

use super::document::{get, join, refs_in, resolve, resolve_in, Document};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Everything wrong with `document`; empty when it is valid.
pub fn problems(document: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let root = &document.root().value;
    if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(root.clone()) {
        problems.push(format!("not an OpenAPI 3.0 document: {e}"));
    }
    dangling_refs(document, &mut problems);
    dangling_mappings(document, &mut problems);
    operations(document, &mut problems);
    problems
}

fn dangling_refs(document: &Document, problems: &mut Vec<String>) {
    for file in &document.files {
        refs_in(&file.value, &mut Vec::new(), &mut |_, reference| {
            if resolve(document, &file.path, reference).is_none() {
                problems.push(format!("{}: dangling `$ref: {reference}`", file.path));
            }
        });
    }
}

fn dangling_mappings(document: &Document, problems: &mut Vec<String>) {
    for file in &document.files {
        visit_mappings(&file.value, &mut |target| {
            if !mapping_resolves(document, &file.path, target) {
                problems.push(format!(
                    "{}: dangling discriminator mapping `{target}`",
                    file.path
                ));
            }
        });
    }
}

/// Calls `visit` with every discriminator mapping value below `value`.
pub fn visit_mappings(value: &Value, visit: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(map) => {
            let mapping = map.get("discriminator").and_then(|d| d.get("mapping"));
            for target in mapping
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.values())
            {
                if let Some(target) = target.as_str() {
                    visit(target);
                }
            }
            map.values().for_each(|child| visit_mappings(child, visit));
        }
        Value::Array(items) => items.iter().for_each(|child| visit_mappings(child, visit)),
        _ => {}
    }
}

/// A mapping value is a pointer, a file, or a bare component name.
pub fn mapping_resolves(document: &Document, from: &str, target: &str) -> bool {
    if target.starts_with('#') || target.contains(".yaml") || target.contains(".json") {
        return resolve(document, from, target).is_some();
    }
    get(&document.root().value, "/components/schemas")
        .and_then(|schemas| schemas.get(target))
        .is_some()
}

/// Path templates and their parameters agree; every operation has
/// responses, a unique `operationId`, and no empty `content`.
fn operations(document: &Document, problems: &mut Vec<String>) {
    let root_path = &document.root().path;
    let Some(paths) = document
        .root()
        .value
        .get("paths")
        .and_then(Value::as_object)
    else {
        problems.push("no `paths`".into());
        return;
    };
    let mut ids = BTreeSet::new();
    for (template, item) in paths {
        let (item, file) = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let file = reference.split('#').next().unwrap_or_default();
                match resolve(document, root_path, reference) {
                    Some(item) => (item, join(root_path, file).unwrap_or_default()),
                    None => continue,
                }
            }
            None => (item, root_path.clone()),
        };
        let shared = path_params(document, &file, item.get("parameters"));
        for (method, op) in item.as_object().into_iter().flatten() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let at = format!("{method} {template}");
            let mut declared = shared.clone();
            declared.extend(path_params(document, &file, op.get("parameters")));
            operation(template, &declared, op, &at, problems);
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                if !ids.insert(id.to_string()) {
                    problems.push(format!("{at}: duplicate operationId `{id}`"));
                }
            }
        }
    }
}

fn operation(
    template: &str,
    declared: &[String],
    op: &Value,
    at: &str,
    problems: &mut Vec<String>,
) {
    let wanted: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect();
    for name in &wanted {
        if !declared.iter().any(|d| d == name) {
            problems.push(format!("{at}: path parameter `{name}` is not declared"));
        }
    }
    for name in declared {
        if !wanted.contains(&name.as_str()) {
            problems.push(format!(
                "{at}: path parameter `{name}` is not in the template"
            ));
        }
    }
    let has_responses = op
        .get("responses")
        .and_then(Value::as_object)
        .is_some_and(|r| !r.is_empty());
    if !has_responses {
        problems.push(format!("{at}: no responses"));
    }
    if has_empty_content(op) {
        problems.push(format!("{at}: an empty `content`"));
    }
}

/// The names of the path parameters in a `parameters` list, through `$ref`s.
fn path_params(document: &Document, file: &str, params: Option<&Value>) -> Vec<String> {
    let params = params
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    params
        .iter()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(reference) => resolve_parameter(document, file, reference),
            None => Some(p.clone()),
        })
        .filter(|p| p["in"] == "path")
        .filter_map(|p| p["name"].as_str().map(String::from))
        .collect()
}

/// A parameter behind a chain of `$ref`s.
fn resolve_parameter(document: &Document, file: &str, reference: &str) -> Option<Value> {
    let (mut current, mut file) = resolve_in(document, file, reference)?;
    for _ in 0..8 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(next) => (current, file) = resolve_in(document, &file, next)?,
            None => return Some(current.clone()),
        }
    }
    None
}

/// Whether any path item of the root holds an operation (a document
/// without any is the empty-paths idiom).
pub fn has_operations(document: &Document) -> bool {
    let root_path = &document.root().path;
    let paths = document
        .root()
        .value
        .get("paths")
        .and_then(Value::as_object);
    paths.into_iter().flatten().any(|(_, item)| {
        let item = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => resolve(document, root_path, reference),
            None => Some(item),
        };
        item.and_then(Value::as_object)
            .is_some_and(|item| item.keys().any(|k| METHODS.contains(&k.as_str())))
    })
}

fn has_empty_content(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            (key == "content" && child.as_object().is_some_and(|c| c.is_empty()))
                || has_empty_content(child)
        }),
        Value::Array(items) => items.iter().any(has_empty_content),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::problems;
    use crate::generative::{document, Idioms};

    /// The test's own promise: every document it generates is valid, with
    /// every idiom on.
    #[test]
    fn generated_documents_are_valid() {
        let idioms = Idioms::all();
        for seed in 0..400 {
            let document = document(seed, &idioms);
            let problems = problems(&document);
            assert!(
                problems.is_empty(),
                "seed {seed}: {problems:#?}\n{}",
                document.listing()
            );
        }
    }

    /// Same seed, same bytes.
    #[test]
    fn documents_are_reproducible() {
        let idioms = Idioms::all();
        for seed in [0, 1, 17, 12345] {
            assert_eq!(
                document(seed, &idioms).listing(),
                document(seed, &idioms).listing()
            );
        }
    }
}
