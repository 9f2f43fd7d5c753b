//! A cut of a big spec: some of its operations, its webhooks, and only the
//! components they reach, for tests that must check a generated crate
//! quickly (OpenAI's whole crate takes over ten minutes to check on two
//! cores; its models are most of that, and `--tag` keeps every model).

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Writes to `out` the spec at `spec` with only the operations that one of
/// `keep` names (by tag, by `operationId`, or by a path prefix starting
/// with `/`), its webhooks, and the components those reach; returns `out`.
pub fn cut(spec: &Path, keep: &[&str], out: &Path) -> PathBuf {
    let text = std::fs::read_to_string(spec).expect("the spec can be read");
    let Node(mut document) = serde_yaml::from_str(&text).expect("the spec is YAML or JSON");
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        keep_operations(paths, keep);
    }
    let reached = reachable_components(&document);
    if let Some(Value::Object(components)) = document.get_mut("components") {
        for (kind, entries) in components.iter_mut() {
            if kind == "securitySchemes" {
                continue;
            }
            if let Value::Object(entries) = entries {
                entries.retain(|name, _| reached.contains(&(kind.clone(), name.clone())));
            }
        }
    }
    let text = serde_json::to_string_pretty(&document).expect("JSON can be written");
    std::fs::write(out, text).expect("the cut can be written");
    out.to_path_buf()
}

/// A JSON value read from YAML: keys as text (`200:` is a number in
/// YAML), and integers beyond 64 bits (OpenAI's bounds) as floats.
struct Node(Value);

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node(Value::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node((v as f64).into()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node((v as f64).into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node(v.into()))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node(Value::Null))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(Node(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node(Value::Array(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Map::new();
        while let Some((Node(key), Node(value))) = map.next_entry()? {
            let key = match key {
                Value::String(key) => key,
                other => other.to_string(),
            };
            entries.insert(key, value);
        }
        Ok(Node(Value::Object(entries)))
    }
}

fn keep_operations(paths: &mut Map<String, Value>, keep: &[&str]) {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    for (path, item) in paths.iter_mut() {
        let by_path = keep
            .iter()
            .any(|k| k.starts_with('/') && path.starts_with(k));
        let Value::Object(item) = item else { continue };
        item.retain(|method, operation| {
            if !METHODS.contains(&method.as_str()) || by_path {
                return true;
            }
            let id = operation.get("operationId").and_then(Value::as_str);
            let tags = operation.get("tags").and_then(Value::as_array);
            let tagged = tags.is_some_and(|tags| {
                tags.iter()
                    .any(|t| t.as_str().is_some_and(|t| keep.contains(&t)))
            });
            tagged || id.is_some_and(|id| keep.contains(&id))
        });
    }
    paths.retain(|_, item| {
        item.as_object()
            .is_some_and(|item| item.keys().any(|key| METHODS.contains(&key.as_str())))
    });
}

/// The components (kind, name) that the paths and webhooks reach through
/// `$ref`s and discriminator mappings, transitively.
fn reachable_components(document: &Value) -> BTreeSet<(String, String)> {
    let mut reached = BTreeSet::new();
    let mut pending: Vec<&Value> = ["paths", "webhooks"]
        .iter()
        .filter_map(|key| document.get(*key))
        .collect();
    while let Some(node) = pending.pop() {
        for reference in references(node) {
            let Some(rest) = reference.strip_prefix("#/components/") else {
                continue;
            };
            let mut parts = rest.splitn(3, '/');
            let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            if reached.insert((kind.to_string(), name.clone())) {
                if let Some(target) = document
                    .pointer(&format!("/components/{kind}"))
                    .and_then(|k| k.get(&name))
                {
                    pending.push(target);
                }
            }
        }
    }
    reached
}

/// Every `$ref` and discriminator mapping target inside `node`.
fn references(node: &Value) -> Vec<&str> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push(reference.as_str());
                }
                if let Some(Value::Object(mapping)) = map.get("mapping") {
                    found.extend(mapping.values().filter_map(Value::as_str));
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}
