//! Multi-file specs: `$ref`s into other local files are resolved before the
//! typed parse, so the rest of the pipeline sees one document.
//!
//! A reference in a schema position (under `schema`, `items`, `properties`,
//! `allOf`, ...) is hoisted into `#/components/schemas`, so a schema used in
//! many places becomes one named type and recursive schemas stay finite. Any
//! other reference (a path item, a response, a parameter, a text) is inlined.
//! Files are read once, relative to the file that refers to them, and only
//! from the reference root and below (see [`reference_root`]): a downloaded
//! spec cannot pull other files of the machine into generated code.

use crate::diagnostic::Diagnostic;
use crate::pointer::{pointer_segments, push_pointer, value_at, RefTarget};
use serde_yaml::{Mapping, Value};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Whether `text` contains a `$ref` to something other than `#...`; only
/// then is the slower bundling path needed.
pub fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(i, _)| {
        let rest = text[i + 4..].trim_start_matches(['"', '\'']);
        let rest = rest.trim_start_matches([' ', ':', '\t']);
        let rest = rest.trim_start_matches(['"', '\'']);
        // Remote references (`https://...`, often inside example data) are
        // not followed; where they stand for a schema the IR reports them.
        let value_end = rest.find(['"', '\'', '\n', ',', '}']).unwrap_or(rest.len());
        // A `$ref` holding a mapping or a list is a property named `$ref`
        // (GitHub's spec has one), not a reference.
        !rest.is_empty() && !rest.starts_with(['#', '{', '[']) && !rest[..value_end].contains("://")
    })
}

/// The root document with every external `$ref` resolved, plus warnings.
pub struct Bundled {
    pub document: Value,
    pub warnings: Vec<Diagnostic>,
    /// The other files read, with their bytes, in a fixed order.
    pub files: Vec<(PathBuf, String)>,
}

/// Resolves the external references of `root` (the parsed text of the file
/// at `root_path`), reading files only below `ref_root` (a canonical path,
/// from [`reference_root`]).
pub fn bundle(root: Value, root_path: &Path, ref_root: &Path) -> Result<Bundled, Vec<Diagnostic>> {
    let root_file = normalize(root_path);
    let mut bundler = Bundler {
        ref_root: ref_root.to_path_buf(),
        root_file: root_file.clone(),
        files: HashMap::new(),
        texts: HashMap::new(),
        hoisted: HashMap::new(),
        hoisted_schemas: Vec::new(),
        used_names: existing_schema_names(&root),
        errors: Vec::new(),
        warnings: Vec::new(),
        inlining: Vec::new(),
    };
    bundler.files.insert(root_file.clone(), root.clone());
    let mut document = bundler.walk(root, &root_file, Position::Other, "");
    if !bundler.errors.is_empty() {
        return Err(bundler.errors);
    }
    insert_hoisted(&mut document, bundler.hoisted_schemas);
    let mut files: Vec<(PathBuf, String)> = bundler.texts.into_iter().collect();
    files.sort();
    Ok(Bundled {
        document,
        warnings: bundler.warnings,
        files,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// The value is a schema.
    Schema,
    /// The value is a map of name → schema (`properties`, `components/schemas`).
    SchemaMap,
    /// The value is a list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// The value is a text (`description`).
    Text,
    /// Documentation only: examples and `x-` extensions.
    Annotation,
    Other,
}

impl Position {
    /// The position of the value under `key` of a mapping at `self`.
    fn child(self, key: &str, parent_pointer: &str) -> Position {
        if key.starts_with("x-") || key == "example" || key == "examples" {
            return Position::Annotation;
        }
        match self {
            Position::SchemaMap => Position::Schema,
            Position::SchemaList => Position::Schema,
            Position::Schema => match key {
                "items" | "not" | "additionalProperties" => Position::Schema,
                "properties" => Position::SchemaMap,
                "allOf" | "oneOf" | "anyOf" => Position::SchemaList,
                "description" => Position::Text,
                _ => Position::Other,
            },
            Position::Text => Position::Other,
            Position::Annotation => Position::Annotation,
            Position::Other => match key {
                "schema" => Position::Schema,
                "schemas" if parent_pointer == "/components" => Position::SchemaMap,
                "description" => Position::Text,
                _ => Position::Other,
            },
        }
    }
}

struct Bundler {
    /// The folder below which files may be read (canonical).
    ref_root: PathBuf,
    /// The only file whose local references stay references.
    root_file: PathBuf,
    /// Parsed files, by normalized path.
    files: HashMap<PathBuf, Value>,
    /// The text of every file read besides the root.
    texts: HashMap<PathBuf, String>,
    /// (file, pointer) of a hoisted schema → its name in components.
    hoisted: HashMap<(PathBuf, String), String>,
    hoisted_schemas: Vec<(String, Value)>,
    used_names: Vec<String>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// References being inlined, to stop inlining cycles.
    inlining: Vec<(PathBuf, String)>,
}

impl Bundler {
    /// Resolves references inside `value`, which comes from `file` and
    /// stands at `pointer` of the bundled document.
    fn walk(&mut self, value: Value, file: &Path, position: Position, pointer: &str) -> Value {
        match value {
            Value::Mapping(mapping) => {
                // Example data is not a spec: a `$ref` in it is just a value.
                let reference = mapping
                    .get("$ref")
                    .filter(|_| position != Position::Annotation);
                if let Some(Value::String(reference)) = reference {
                    let reference = reference.clone();
                    if let Some(resolved) = self.resolve(&reference, file, position, pointer) {
                        return resolved;
                    }
                    return Value::Mapping(mapping);
                }
                let walked = mapping
                    .into_iter()
                    .map(|(key, child)| {
                        let key_text = key.as_str().unwrap_or_default().to_string();
                        let child_pointer = push_pointer(pointer, &key_text);
                        let child_position = position.child(&key_text, pointer);
                        (key, self.walk(child, file, child_position, &child_pointer))
                    })
                    .collect();
                Value::Mapping(walked)
            }
            Value::Sequence(items) => Value::Sequence(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let item_position = match position {
                            Position::SchemaList => Position::Schema,
                            Position::Annotation => Position::Annotation,
                            _ => Position::Other,
                        };
                        self.walk(
                            item,
                            file,
                            item_position,
                            &push_pointer(pointer, &i.to_string()),
                        )
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// The replacement for `{$ref: reference}` found in `file`, or `None`
    /// to keep the reference as it is (a local one in the root file).
    fn resolve(
        &mut self,
        reference: &str,
        file: &Path,
        position: Position,
        pointer: &str,
    ) -> Option<Value> {
        let ref_pointer = push_pointer(pointer, "$ref");
        let target_ref = RefTarget::parse(reference);
        let (file_part, fragment) = (target_ref.file, target_ref.pointer.as_str());
        if file_part.is_empty() && file == self.root_file {
            return None;
        }
        if file_part.contains("://") {
            self.problem(
                position,
                format!(
                    "remote `$ref: {reference}` is not supported; only files beside the spec are"
                ),
                &ref_pointer,
            );
            return Some(Value::Null);
        }
        let target_file = if file_part.is_empty() {
            file.to_path_buf()
        } else {
            normalize(&file.parent().unwrap_or(Path::new("")).join(file_part))
        };
        if !within(&target_file, &self.ref_root) {
            self.errors.push(Diagnostic::error(
                format!(
                    "`$ref: {reference}` points outside the reference root `{}` (set another \
                     with `--ref-root <DIR>`, or `Builder::ref_root` in build.rs)",
                    self.ref_root.display()
                ),
                ref_pointer,
            ));
            return Some(Value::Null);
        }
        let key = (target_file.clone(), fragment.to_string());
        if position == Position::Schema {
            return Some(self.hoist(key, reference, &ref_pointer));
        }
        if self.inlining.contains(&key) {
            self.errors.push(Diagnostic::error(
                format!("`$ref: {reference}` refers to itself through other files"),
                ref_pointer,
            ));
            return Some(Value::Null);
        }
        let target = self.target(&target_file, fragment, reference, position, &ref_pointer)?;
        self.inlining.push(key);
        let walked = self.walk(target, &target_file, position, pointer);
        self.inlining.pop();
        Some(walked)
    }

    /// Registers the schema under a name in components (once per target) and
    /// returns a local reference to it.
    fn hoist(&mut self, key: (PathBuf, String), reference: &str, ref_pointer: &str) -> Value {
        if let Some(name) = self.hoisted.get(&key) {
            return local_schema_ref(name);
        }
        let name = self.fresh_name(&key);
        self.hoisted.insert(key.clone(), name.clone());
        let (target_file, fragment) = key;
        let Some(target) = self.target(
            &target_file,
            &fragment,
            reference,
            Position::Schema,
            ref_pointer,
        ) else {
            return Value::Null;
        };
        let pointer = push_pointer("/components/schemas", &name);
        let walked = self.walk(target, &target_file, Position::Schema, &pointer);
        self.hoisted_schemas.push((name.clone(), walked));
        local_schema_ref(&name)
    }

    /// A components name for a hoisted schema: the last pointer segment, or
    /// the file's stem; numbered when taken.
    fn fresh_name(&mut self, (file, fragment): &(PathBuf, String)) -> String {
        let base = pointer_segments(fragment)
            .into_iter()
            .rfind(|s| !s.is_empty())
            .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Schema".to_string());
        let mut name = base.clone();
        let mut n = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used_names.push(name.clone());
        name
    }

    /// The value at `fragment` of `file`, reading and caching the file.
    fn target(
        &mut self,
        file: &Path,
        fragment: &str,
        reference: &str,
        position: Position,
        ref_pointer: &str,
    ) -> Option<Value> {
        if !self.files.contains_key(file) {
            let read = std::fs::read_to_string(file);
            if let Ok(text) = &read {
                self.texts.insert(file.to_path_buf(), text.clone());
            }
            let parsed = match read {
                Ok(text) if is_text_file(file) => Value::String(text),
                Ok(text) => match parse_value(&text) {
                    Ok(value) => value,
                    Err(e) => {
                        self.errors.push(Diagnostic::error(
                            format!(
                                "`$ref: {reference}`: {} is not valid YAML or JSON: {e}",
                                file.display()
                            ),
                            ref_pointer,
                        ));
                        return Some(Value::Null);
                    }
                },
                Err(e) => {
                    self.problem(
                        position,
                        format!("`$ref: {reference}`: cannot read {}: {e}", file.display()),
                        ref_pointer,
                    );
                    return Some(missing_value(position));
                }
            };
            self.files.insert(file.to_path_buf(), parsed);
        }
        let document = &self.files[file];
        match value_at(document, fragment) {
            Some(value) => Some(value.clone()),
            None => {
                self.errors.push(Diagnostic::error(
                    format!(
                        "dangling `$ref: {reference}`: {} has nothing at `#{fragment}`",
                        file.display()
                    ),
                    ref_pointer,
                ));
                Some(Value::Null)
            }
        }
    }

    /// A missing text or example is a warning (the docs get shorter); a
    /// missing structure is an error.
    fn problem(&mut self, position: Position, message: String, pointer: &str) {
        if position == Position::Text || position == Position::Annotation {
            self.warnings.push(Diagnostic::warning(
                format!("{message}; it is left out"),
                pointer,
            ));
        } else {
            self.errors.push(Diagnostic::error(message, pointer));
        }
    }
}

/// Parses YAML or JSON into a `Value`. Integers too large for 64 bits
/// (which `serde_yaml::Value` rejects) become floats, as JSON numbers are.
pub fn parse_value(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Node>(text).map(|node| node.0)
}

/// A `serde_yaml::Value` built by a visitor that accepts 128-bit integers.
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
        Ok(Node(Value::Number(v.into())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node(Value::Number(v.into())))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node(Value::Number((v as f64).into())))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node(Value::Number((v as f64).into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node(Value::Number(v.into())))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node(Value::String(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node(Value::String(v)))
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
        Ok(Node(Value::Sequence(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Node(key), Node(value))) = map.next_entry()? {
            mapping.insert(string_key(key), value);
        }
        Ok(Node(Value::Mapping(mapping)))
    }
}

/// OpenAPI keys are strings; YAML reads `200:` as a number.
fn string_key(key: Value) -> Value {
    match key {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other,
    }
}

fn missing_value(position: Position) -> Value {
    match position {
        Position::Text => Value::String(String::new()),
        _ => Value::Null,
    }
}

fn is_text_file(file: &Path) -> bool {
    matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "txt" | "html")
    )
}

fn local_schema_ref(name: &str) -> Value {
    let mut mapping = Mapping::new();
    mapping.insert(
        Value::String("$ref".into()),
        Value::String(format!("#{}", push_pointer("/components/schemas", name))),
    );
    Value::Mapping(mapping)
}

fn existing_schema_names(root: &Value) -> Vec<String> {
    root.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Adds the hoisted schemas to `components.schemas` (creating both if needed).
fn insert_hoisted(document: &mut Value, schemas: Vec<(String, Value)>) {
    if schemas.is_empty() {
        return;
    }
    let Value::Mapping(root) = document else {
        return;
    };
    let components = root
        .entry(Value::String("components".into()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return;
    };
    let schemas_value = components
        .entry(Value::String("schemas".into()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if let Value::Mapping(target) = schemas_value {
        for (name, schema) in schemas {
            target.insert(Value::String(name), schema);
        }
    }
}

/// The folder `$ref`s may read files from: `option` (`--ref-root`) when
/// set; otherwise the current directory (a build script's is its package
/// root), or the spec's folder when the spec is not below the current
/// directory (a spec in `/tmp` may still refer to files beside it). The
/// path is canonical (absolute, `..` and symbolic links resolved), so that
/// [`within`] compares real locations.
pub fn reference_root(option: Option<&Path>, spec: &Path) -> std::io::Result<PathBuf> {
    if let Some(dir) = option {
        let dir = std::fs::canonicalize(dir)?;
        if !dir.is_dir() {
            return Err(std::io::Error::other("not a folder"));
        }
        return Ok(dir);
    }
    let spec_dir = real_location(folder_of(spec));
    match std::env::current_dir().and_then(std::fs::canonicalize) {
        Ok(cwd) if spec_dir.starts_with(&cwd) => Ok(cwd),
        _ => Ok(spec_dir),
    }
}

/// The folder holding `file` (`.` for a bare file name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether `file` really lies below `root` (canonical): symbolic links and
/// `..` cannot lead out of it.
fn within(file: &Path, root: &Path) -> bool {
    real_location(file).starts_with(root)
}

/// Where `path` really is: its canonical form, or, for a path that does not
/// exist (nothing will be read from it), the canonical form of its nearest
/// existing ancestor with the rest appended, `..` resolved.
fn real_location(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = normalize(&absolute);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        rest.extend(existing.file_name());
        existing = parent;
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, name| path.join(name));
        }
    }
    absolute
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_external_references() {
        assert!(has_external_refs("a:\n  $ref: 'other.yaml#/A'\n"));
        assert!(has_external_refs(r#"{"$ref": "x.json"}"#));
        assert!(!has_external_refs("a:\n  $ref: '#/components/schemas/A'\n"));
        assert!(!has_external_refs(r##"{"$ref":"#/a"}"##));
        assert!(!has_external_refs(r#"{"$ref": {"type": "string"}}"#));
        assert!(!has_external_refs("$ref: [a]\n"));
        assert!(!has_external_refs(
            r#"{"$ref": "https://api.example.com/x"}"#
        ));
    }

    #[test]
    fn normalizes_without_the_file_system() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yml")),
            PathBuf::from("a/c.yml")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }
}
