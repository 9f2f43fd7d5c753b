//! A generated document: one or more spec files (the first is the root),
//! with the options it is generated with, and JSON-pointer helpers over it.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How a spec file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpecFile {
    /// Relative to the spec's folder, `/`-separated.
    pub path: String,
    pub value: Value,
    pub format: Format,
}

impl SpecFile {
    pub fn text(&self) -> String {
        match self.format {
            Format::Yaml => serde_yaml::to_string(&self.value).expect("a JSON value is YAML"),
            Format::Json => {
                let mut text = serde_json::to_string_pretty(&self.value).expect("JSON serializes");
                text.push('\n');
                text
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub seed: u64,
    /// The root first, then the files it refers to.
    pub files: Vec<SpecFile>,
    /// `--extra-derive`s to generate with.
    pub extra_derives: Vec<String>,
    /// Generate the crate form with `--features-per-tag` (in place of the
    /// single file), and check it under its features one by one too.
    pub features_per_tag: bool,
}

impl Document {
    /// The options the document is generated with.
    pub fn options(&self) -> super::worker::SpecOptions {
        super::worker::SpecOptions {
            extra_derives: self.extra_derives.clone(),
            features_per_tag: self.features_per_tag,
        }
    }

    pub fn root(&self) -> &SpecFile {
        &self.files[0]
    }

    /// Writes every file below `dir` (emptied first); returns the root's path.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let _ = std::fs::remove_dir_all(dir);
        for file in &self.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("files live in a folder"))?;
            std::fs::write(&path, file.text())?;
        }
        Ok(dir.join(&self.root().path))
    }

    /// The document as text for a message: each file with its name, and the
    /// options when there are any.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        let mut flags: Vec<String> = self
            .extra_derives
            .iter()
            .map(|d| format!("--extra-derive {d}"))
            .collect();
        if self.features_per_tag {
            flags.push("--features-per-tag".into());
        }
        if !flags.is_empty() {
            let _ = writeln!(out, "# generated with {}", flags.join(" "));
        }
        for file in &self.files {
            if self.files.len() > 1 {
                let _ = writeln!(out, "# ---- file {} ----", file.path);
            }
            out.push_str(&file.text());
        }
        out
    }

    /// How big the document is: the number of JSON nodes in all its files
    /// (the minimizer's measure of progress).
    pub fn size(&self) -> usize {
        self.files.iter().map(|f| nodes(&f.value)).sum()
    }
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(map) => map.values().map(nodes).sum(),
        _ => 0,
    }
}

/// One JSON-pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The segments of a pointer such as `/components/schemas/a~1b` (no `#`).
pub fn segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .map(unescape)
        .collect()
}

/// The pointer of `segments`.
pub fn pointer_of(segments: &[String]) -> String {
    segments.iter().map(|s| format!("/{}", escape(s))).collect()
}

/// The value at a pointer (no `#`), through objects and arrays.
pub fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    segments(pointer)
        .iter()
        .try_fold(value, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

pub fn get_mut<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    segments.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Resolves `reference`, written in the file `from`, against the files of
/// `document`: `other.yaml#/a/b`, `#/a/b`, `../x.yaml`.
pub fn resolve<'d>(document: &'d Document, from: &str, reference: &str) -> Option<&'d Value> {
    resolve_in(document, from, reference).map(|(value, _)| value)
}

/// [`resolve`], with the path of the file the target is in (where the
/// `$ref`s inside the target are resolved from).
pub fn resolve_in<'d>(
    document: &'d Document,
    from: &str,
    reference: &str,
) -> Option<(&'d Value, String)> {
    let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if file.is_empty() {
        from.to_string()
    } else {
        join(from, file)?
    };
    let file = document.files.iter().find(|f| f.path == target)?;
    Some((get(&file.value, pointer)?, target))
}

/// The path of `relative`, written in the file `from`, from the spec's
/// folder; `None` when it leaves the folder.
pub fn join(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Calls `visit` with every `$ref` string below `value` and the pointer of
/// the object holding it (a property *named* `$ref` holds an object, and is
/// not visited).
pub fn refs_in<'v>(
    value: &'v Value,
    at: &mut Vec<String>,
    visit: &mut dyn FnMut(&[String], &'v str),
) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                visit(at, reference);
            }
            for (key, child) in map {
                at.push(key.clone());
                refs_in(child, at, visit);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                refs_in(child, at, visit);
                at.pop();
            }
        }
        _ => {}
    }
}
