//! Multi-file layouts: some component schemas move into files of their
//! own or into one shared file of schemas, and a path item into a file, the
//! way DigitalOcean's and others' specs are split. Every `$ref` is rewritten
//! to keep pointing at the same schema from the file it now lives in.

use super::document::{escape, unescape, Document, Format, SpecFile};
use super::rng::Rng;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Where a moved schema lives: a file, and a pointer inside it (empty for
/// a file of its own).
#[derive(Debug, Clone)]
struct Location {
    file: String,
    pointer: String,
}

const SHARED: &str = "schemas/common.yaml";

pub fn split(document: &mut Document, rng: &mut Rng) {
    let root_path = document.root().path.clone();
    let moved = choose_schemas(&document.files[0].value, rng);
    if moved.is_empty() {
        return;
    }
    // Root entries stay as `$ref`s to the files (and root refs may keep
    // naming them), or go, and every root ref names the file.
    let keep_entries = rng.percent(70);
    let mut files: BTreeMap<String, Value> = BTreeMap::new();
    let root = &mut document.files[0].value;
    for (name, location) in &moved {
        let mut body = root["components"]["schemas"]
            .as_object_mut()
            .and_then(|s| s.remove(name))
            .expect("a chosen schema exists");
        let rewrite = |r: &str| rewrite(r, &location.file, &root_path, &moved, false);
        rewrite_refs(&mut body, &rewrite);
        place(&mut files, location, body);
    }
    let schemas = root["components"]["schemas"]
        .as_object_mut()
        .expect("components hold schemas");
    if keep_entries {
        for (name, location) in &moved {
            let reference = relative(&root_path, &location.file) + &fragment(&location.pointer);
            schemas.insert(name.clone(), json!({ "$ref": reference }));
        }
    }
    if schemas.is_empty() {
        root["components"]
            .as_object_mut()
            .map(|c| c.remove("schemas"));
    }
    let keep = |r: &str| rewrite(r, &root_path, &root_path, &moved, keep_entries);
    rewrite_refs(root, &keep);
    if rng.percent(50) {
        move_path_item(root, &root_path, &mut files, rng);
    }
    for (path, value) in files {
        document.files.push(SpecFile {
            path,
            value,
            format: Format::Yaml,
        });
    }
}

/// About a third of the component schemas, each into a file of its own or
/// into the shared file.
fn choose_schemas(root: &Value, rng: &mut Rng) -> BTreeMap<String, Location> {
    let Some(schemas) = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return BTreeMap::new();
    };
    let mut moved = BTreeMap::new();
    for (i, name) in schemas.keys().enumerate() {
        if !rng.percent(35) {
            continue;
        }
        let location = if rng.percent(60) {
            Location {
                file: format!("schemas/s{i}-{}.yaml", file_stem(name)),
                pointer: String::new(),
            }
        } else {
            Location {
                file: SHARED.to_string(),
                pointer: format!("/{}", escape(name)),
            }
        };
        moved.insert(name.clone(), location);
    }
    moved
}

fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if stem.is_empty() {
        "schema".into()
    } else {
        stem
    }
}

fn place(files: &mut BTreeMap<String, Value>, location: &Location, body: Value) {
    if location.pointer.is_empty() {
        files.insert(location.file.clone(), body);
        return;
    }
    let key = unescape(&location.pointer[1..]);
    let shared = files
        .entry(location.file.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    shared
        .as_object_mut()
        .expect("the shared file is a map")
        .insert(key, body);
}

/// Moves one path item that no `#/paths/...` ref points into (a pointer
/// cannot pass through the `$ref` left behind) into `paths/`.
fn move_path_item(
    root: &mut Value,
    root_path: &str,
    files: &mut BTreeMap<String, Value>,
    rng: &mut Rng,
) {
    let mut targeted = Vec::new();
    super::document::refs_in(root, &mut Vec::new(), &mut |_, r| {
        if let Some(rest) = r.strip_prefix("#/paths/") {
            targeted.push(rest.split('/').next().unwrap_or_default().to_string());
        }
    });
    let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let candidates: Vec<String> = paths
        .keys()
        .filter(|p| !targeted.contains(&escape(p)))
        .cloned()
        .collect();
    if candidates.is_empty() {
        return;
    }
    let path = rng.pick(&candidates).clone();
    let file = format!("paths/{}.yaml", file_stem(&path));
    let mut item = paths.remove(&path).expect("a candidate exists");
    let rewrite = |r: &str| rewrite(r, &file, root_path, &BTreeMap::new(), false);
    rewrite_refs(&mut item, &rewrite);
    paths.insert(path, json!({ "$ref": relative(root_path, &file) }));
    files.insert(file, item);
}

/// Calls `rewrite` on every `$ref` and every discriminator mapping value.
fn rewrite_refs(value: &mut Value, rewrite: &dyn Fn(&str) -> String) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                *reference = rewrite(reference);
            }
            let mapping = map
                .get_mut("discriminator")
                .and_then(|d| d.get_mut("mapping"))
                .and_then(Value::as_object_mut);
            for target in mapping.into_iter().flat_map(|m| m.values_mut()) {
                if let Value::String(target) = target {
                    *target = rewrite_mapping(target, rewrite);
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child, rewrite);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, rewrite)),
        _ => {}
    }
}

/// A mapping value is a pointer, a file, or a bare schema name (which
/// means `#/components/schemas/<name>`); bare names stay unless the schema
/// moved.
fn rewrite_mapping(target: &str, rewrite: &dyn Fn(&str) -> String) -> String {
    if target.starts_with('#') || target.contains(".yaml") || target.contains(".json") {
        return rewrite(target);
    }
    let full = format!("#/components/schemas/{}", escape(target));
    let rewritten = rewrite(&full);
    if rewritten == full {
        target.to_string()
    } else {
        rewritten
    }
}

/// `reference`, written in the root, as written in the file `from`, with
/// the `moved` schemas in their files. A reference to a moved schema as a
/// whole stays as it is in the root when `keep` is set (its entry there
/// refers on to the file).
fn rewrite(
    reference: &str,
    from: &str,
    root: &str,
    moved: &BTreeMap<String, Location>,
    keep: bool,
) -> String {
    let Some(pointer) = reference.strip_prefix('#') else {
        // A file, named from the root.
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        return relative(from, file) + &fragment(pointer);
    };
    if let Some(rest) = pointer.strip_prefix("/components/schemas/") {
        let (name, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if let Some(location) = moved.get(&unescape(name)) {
            if keep && from == root && tail.is_empty() {
                return reference.to_string();
            }
            return relative(from, &location.file)
                + &fragment(&format!("{}{tail}", location.pointer));
        }
    }
    if from == root {
        reference.to_string()
    } else {
        relative(from, root) + reference
    }
}

fn fragment(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!("#{pointer}")
    }
}

/// The path of `to` as written in `from` (both relative to the spec folder).
fn relative(from: &str, to: &str) -> String {
    let mut from_dirs: Vec<&str> = from.split('/').collect();
    from_dirs.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = std::iter::repeat_n("..", from_dirs.len() - common);
    ups.chain(to_parts[common..].iter().copied())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("api.yaml", "schemas/a.yaml"), "schemas/a.yaml");
        assert_eq!(relative("schemas/a.yaml", "schemas/b.yaml"), "b.yaml");
        assert_eq!(relative("schemas/a.yaml", "api.yaml"), "../api.yaml");
        assert_eq!(
            relative("paths/p.yaml", "schemas/b.yaml"),
            "../schemas/b.yaml"
        );
        assert_eq!(relative("api.yaml", "api.yaml"), "api.yaml");
    }
}
