//! Stage 1: bytes → `openapiv3::OpenAPI`, with located errors.
//!
//! The text is parsed untyped first (YAML or JSON, with limits on nesting
//! and on YAML alias expansion), then checked one object at a time
//! (`shape`), then parsed into the typed model. Every problem is
//! named by a JSON pointer and, where it can be found, a line and column.
//!
//! In the order a spec passes through them:
//! - `limits`: nesting depth and YAML alias expansion, before parsing;
//! - `bundle`: `$ref`s into other files resolved into one document;
//! - `validate`: enum values and defaults of the wrong type, tabs;
//! - `v31`: an OpenAPI 3.1 document rewritten into the 3.0 form (its
//!   `$id` references resolved before bundling, the rest after), with a
//!   map from each moved node back to where the user wrote it;
//! - `shape`: each object checked alone, in linear time, so that a bad
//!   object deep in schemas is found fast and named;
//! - `locate`: the line and column of each diagnostic's pointer.

mod bundle;
mod limits;
mod locate;
mod shape;
pub(crate) mod v31;
mod validate;

use crate::diagnostic::{Diagnostic, LineColumn};
use crate::error::Error;
use locate::{locate_all, Lines};
use openapiv3::OpenAPI;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The deepest nesting the parsers read (serde_json's and serde_yaml's
/// recursion limit); deeper documents get an error, not a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// A spec file as read from disk, kept for locating diagnostics.
#[derive(Debug, Clone)]
pub struct SpecSource {
    pub path: PathBuf,
    /// How the file is named in messages and in the generated header.
    pub label: String,
    pub text: String,
    /// Problems found while loading that did not stop it (e.g. a text
    /// `$ref` to a missing file, an enum value of the wrong type).
    pub warnings: Vec<Diagnostic>,
    /// Problems found while loading that only `--strict` makes errors; they
    /// are reported together with those of the later stages.
    pub errors: Vec<Diagnostic>,
    /// Other files the spec's `$ref`s read, with their text.
    pub referenced_files: Vec<(PathBuf, String)>,
    /// For a 3.1 spec, where each node the rewrite into the 3.0 form moved
    /// came from: diagnostics name nodes of the rewritten document.
    pub(crate) origins: v31::Origins,
}

impl SpecSource {
    /// [`locate`](Self::locate) for many diagnostics, reading the text once.
    pub fn locate_all(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if diagnostics.is_empty() {
            return diagnostics;
        }
        let diagnostics = self.in_source(diagnostics);
        let pointers: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.position.is_none() && !d.pointer.is_empty())
            .map(|d| d.pointer.as_str())
            .collect();
        let mut positions = locate_all(&self.text, &pointers).into_iter();
        let lines = Lines::new(&self.text);
        diagnostics
            .into_iter()
            .map(|d| {
                let position = if d.position.is_none() && !d.pointer.is_empty() {
                    positions.next().flatten()
                } else {
                    d.position
                };
                let line = position.and_then(|p| lines.get(p.line));
                d.in_file(&self.label).at(position).with_source_line(line)
            })
            .collect()
    }

    /// The diagnostics with pointers into the user's file (those of a 3.1
    /// spec name nodes of its rewritten form).
    fn in_source(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.origins.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .map(|d| Diagnostic {
                pointer: self.origins.to_source(&d.pointer),
                ..d
            })
            .collect()
    }

    /// The pointer into the user's file of a node of the document the IR
    /// was built from.
    pub fn source_pointer(&self, pointer: &str) -> String {
        self.origins.to_source(pointer)
    }

    /// Adds the file name and, when it can be found, the line and column.
    pub fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        self.locate_all(vec![diagnostic]).remove(0)
    }

    /// The error for `diagnostics`, located and in file order.
    fn fail(&self, diagnostics: Vec<Diagnostic>) -> Error {
        Error::spec(self.locate_all(diagnostics))
    }
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path, options: &crate::Options) -> Result<(OpenAPI, SpecSource), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let label = path.display().to_string();
    load_bytes(bytes, path, &label, options)
}

/// Parses spec bytes; `path` is where they came from, `label` how to name it.
pub fn load_bytes(
    bytes: Vec<u8>,
    path: &Path,
    label: &str,
    options: &crate::Options,
) -> Result<(OpenAPI, SpecSource), Error> {
    // Found first, so that a wrong `--ref-root` fails whatever the spec holds.
    let ref_root = reference_root(options, path)?;
    let text =
        String::from_utf8(bytes).map_err(|e| Error::spec(vec![invalid_utf8(&e).in_file(label)]))?;
    let mut source = SpecSource {
        path: path.to_path_buf(),
        label: label.to_string(),
        text,
        warnings: Vec::new(),
        errors: Vec::new(),
        referenced_files: Vec::new(),
        origins: v31::Origins::default(),
    };
    if source.text.trim().is_empty() {
        return Err(source.fail(vec![Diagnostic::error("the spec file is empty", "")]));
    }
    let mut document = parse_document(&source.text).map_err(|d| source.fail(d))?;
    if let Some(problem) = document_shape_problem(&document) {
        return Err(source.fail(vec![problem]));
    }
    let is_31 = document
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(v31::is_31);
    let mut found = Vec::new();
    let earlier = if is_31 {
        v31::resolve_ids(&mut document, options.strict).map_err(|d| source.fail(d))?
    } else {
        Vec::new()
    };
    // The text is the document unless bundling brings in other files (or
    // the 3.1 rewrite changes it).
    let mut same_as_text = looks_like_json(&source.text) && !is_31;
    let mut document = if bundle::has_external_refs(&source.text) {
        same_as_text = false;
        let bundled =
            bundle::bundle(document, &source.path, &ref_root).map_err(|d| source.fail(d))?;
        found.extend(bundled.warnings);
        source.referenced_files = bundled.files;
        bundled.document
    } else {
        document
    };
    if is_31 {
        let rewritten = v31::rewrite(&mut document, earlier);
        found.extend(rewritten.diagnostics);
        source.origins = rewritten.origins;
    }
    let json_text = same_as_text.then_some(source.text.as_str());
    let spec = parse_typed(
        document,
        json_text,
        options.strict,
        DIRECT_PARSE_MAX_FAILURE_FACTOR,
        &mut found,
    )
    .map_err(|d| source.fail(in_version(d, is_31)))?;
    let (errors, warnings): (Vec<_>, Vec<_>) = source
        .locate_all(found)
        .into_iter()
        .partition(Diagnostic::is_error);
    source.warnings = warnings;
    source.errors = errors;
    Ok((spec, source))
}

/// The diagnostics of the typed parse, which name the 3.0 model, naming
/// the version of a 3.1 spec (which was parsed in its 3.0 form).
fn in_version(diagnostics: Vec<Diagnostic>, is_31: bool) -> Vec<Diagnostic> {
    if !is_31 {
        return diagnostics;
    }
    diagnostics
        .into_iter()
        .map(|d| Diagnostic {
            message: d.message.replace(
                "a valid OpenAPI 3.0 document",
                "a valid OpenAPI 3.1 document",
            ),
            ..d
        })
        .collect()
}

/// The folder `$ref`s may read files from, or why `--ref-root` cannot be it.
fn reference_root(options: &crate::Options, spec: &Path) -> Result<PathBuf, Error> {
    let option = options.ref_root.as_deref();
    bundle::reference_root(option, spec).map_err(|_| Error::InvalidOption {
        option: "reference root",
        value: option.unwrap_or(Path::new("")).display().to_string(),
        reason: "must be a folder that exists",
    })
}

fn invalid_utf8(error: &std::string::FromUtf8Error) -> Diagnostic {
    let valid = error.utf8_error().valid_up_to();
    let prefix = &error.as_bytes()[..valid];
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Columns count characters, as the other positions do.
    let column = 1 + String::from_utf8_lossy(&prefix[line_start..])
        .chars()
        .count();
    let shown_line = String::from_utf8_lossy(
        error.as_bytes()[line_start..]
            .split(|&b| b == b'\n')
            .next()
            .unwrap_or_default(),
    )
    .into_owned();
    Diagnostic::error(
        format!("the spec file is not valid UTF-8 (invalid byte at offset {valid})"),
        "",
    )
    .at(Some(LineColumn { line, column }))
    .with_source_line(Some(&shown_line))
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// YAML or JSON text → an untyped document, within the limits on nesting
/// and alias expansion.
fn parse_document(text: &str) -> Result<Value, Vec<Diagnostic>> {
    if looks_like_json(text) {
        return serde_json::from_str::<Value>(text).map_err(|e| {
            // serde_json counts the column of an end of input as 0.
            let position = Some(LineColumn {
                line: e.line(),
                column: e.column().max(1),
            });
            vec![syntax_error("JSON", &e.to_string(), position)]
        });
    }
    let limit = limits::depth_problem(text, MAX_DEPTH).or_else(|| limits::alias_problem(text));
    if let Some(problem) = limit {
        return Err(vec![problem]);
    }
    bundle::parse_value(text).map_err(|e| yaml_problems(text, &e))
}

/// Why YAML text did not parse, in the terms of its most likely cause.
fn yaml_problems(text: &str, error: &serde_yaml::Error) -> Vec<Diagnostic> {
    let position = yaml_position(error);
    let message = error.to_string();
    let tabs = validate::tab_indentation(text);
    let at_tab = |p: LineColumn| {
        tabs.iter()
            .any(|t| t.position.map(|t| t.line) == Some(p.line))
    };
    if position.is_some_and(at_tab) {
        tabs
    } else if message.contains("more than one document") {
        vec![Diagnostic::error(
            "the file holds more than one YAML document (a second `---`); a spec is one document",
            "",
        )
        .at(second_document(text))]
    } else {
        vec![syntax_error("YAML or JSON", &message, position)]
    }
}

/// Where a second YAML document starts: the first `---` or `...` line
/// after any content.
fn second_document(text: &str) -> Option<LineColumn> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line.starts_with("---") || line.starts_with("...");
        if marker && seen_content {
            return Some(LineColumn {
                line: i + 1,
                column: 1,
            });
        }
        let content = !marker && !line.trim().is_empty() && !line.trim_start().starts_with('#');
        seen_content |= content;
    }
    None
}

fn syntax_error(format: &str, message: &str, position: Option<LineColumn>) -> Diagnostic {
    let message = strip_position_suffix(message);
    let message = if message.contains("recursion limit exceeded") {
        return limits::too_deep(MAX_DEPTH).at(position);
    } else if message.contains("repetition limit exceeded") {
        "the spec's YAML aliases repeat too much (an alias bomb?)".to_string()
    } else {
        format!("the spec is not valid {format}: {message}")
    };
    Diagnostic::error(message, "").at(position)
}

fn yaml_position(error: &serde_yaml::Error) -> Option<LineColumn> {
    error.location().map(|l| LineColumn {
        line: l.line(),
        column: l.column(),
    })
}

/// serde_json and serde_yaml append " at line X column Y"; the diagnostic
/// prints the position itself.
fn strip_position_suffix(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// How many times the cost of a whole typed parse a failed one may cost
/// (see [`shape::Survey`]) for the typed model to be read straight
/// from JSON text. When that parse fails, the document is parsed again
/// object by object ([`shape::check`]) to find what is wrong, in
/// linear time; the failed attempt must not cost much more than that.
const DIRECT_PARSE_MAX_FAILURE_FACTOR: f64 = 4.0;

/// The untyped document → the typed model. Values of the wrong type are
/// reported into `found` and removed. When nothing was removed from a JSON
/// document (`json_text` is the text it was read from) and a failed parse
/// of it would cost at most `max_failure_factor` parses, serde_json reads
/// the text straight into the model:
/// that skips the object-by-object check, which costs more than the parse.
/// Otherwise, or when that fails, each object is checked alone first (every
/// malformed one is reported, in linear time), and only a document that
/// passes is parsed whole.
fn parse_typed(
    mut document: Value,
    json_text: Option<&str>,
    strict: bool,
    max_failure_factor: f64,
    found: &mut Vec<Diagnostic>,
) -> Result<OpenAPI, Vec<Diagnostic>> {
    let survey = shape::survey(&document);
    let value_problems = validate::check_values(&mut document, &survey.schemas_with_values, strict);
    let unchanged = value_problems.is_empty();
    found.extend(value_problems);
    let bounded = survey.failure_factor() <= max_failure_factor;
    let direct_text = json_text.filter(|_| unchanged && bounded);
    if let Some(spec) = direct_text.and_then(|text| serde_json::from_str::<OpenAPI>(text).ok()) {
        return Ok(spec);
    }
    let mut errors = shape::check(&document);
    if !errors.is_empty() {
        errors.extend(found.iter().filter(|d| d.is_error()).cloned());
        return Err(errors);
    }
    shape::parse_value::<OpenAPI>(document).map_err(|e| {
        vec![Diagnostic::error(
            format!("not a valid OpenAPI 3.0 document: {}", e.message),
            e.pointer,
        )]
    })
}

/// What is wrong with the top level or the version field of an untyped
/// document, if anything.
fn document_shape_problem(document: &Value) -> Option<Diagnostic> {
    let Some(mapping) = document.as_mapping() else {
        return Some(Diagnostic::error(
            "the top level of the spec must be a mapping (an object with `openapi`, `info` and `paths`)",
            "",
        ));
    };
    if let Some(swagger) = mapping.get("swagger") {
        return Some(Diagnostic::error(
            format!(
                "Swagger {} is not supported: only OpenAPI 3.0.x and 3.1.x are; convert the spec first (e.g. with swagger2openapi)",
                scalar_text(swagger)
            ),
            "/swagger",
        ));
    }
    match mapping.get("openapi") {
        None => Some(Diagnostic::error(
            "missing `openapi` field: expected a version such as `openapi: 3.0.3`",
            "",
        )),
        Some(Value::String(version)) => version_problem(version),
        Some(other) => Some(Diagnostic::error(
            format!(
                "the `openapi` version must be a string: write `openapi: \"{}\"` with quotes",
                scalar_text(other)
            ),
            "/openapi",
        )),
    }
}

fn scalar_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    text.chars().take(40).collect()
}

fn version_problem(version: &str) -> Option<Diagnostic> {
    let pointer = "/openapi";
    if version == "3.0" || version.starts_with("3.0.") || v31::is_31(version) {
        None
    } else {
        Some(Diagnostic::error(
            format!(
                "unsupported OpenAPI version `{version}`: only OpenAPI 3.0.x and 3.1.x are supported"
            ),
            pointer,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: Vec<u8>) -> Result<(OpenAPI, SpecSource), Error> {
        load_bytes(
            bytes,
            Path::new("s.yaml"),
            "s.yaml",
            &crate::Options::default(),
        )
    }

    fn error_of(text: &str) -> Diagnostic {
        match load(text.as_bytes().to_vec()) {
            Err(Error::Spec(mut d)) => d.remove(0),
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    /// The pointers of every mapping in `value`.
    fn mapping_pointers(value: &Value, pointer: &str, found: &mut Vec<String>) {
        match value {
            Value::Mapping(entries) => {
                found.push(pointer.to_string());
                for (key, child) in entries {
                    let key = key.as_str().unwrap_or_default();
                    let child_pointer = crate::pointer::push_pointer(pointer, key);
                    mapping_pointers(child, &child_pointer, found);
                }
            }
            Value::Sequence(items) => {
                for (i, child) in items.iter().enumerate() {
                    let child_pointer = crate::pointer::push_pointer(pointer, &i.to_string());
                    mapping_pointers(child, &child_pointer, found);
                }
            }
            _ => {}
        }
    }

    /// What `parse_typed` gives: the model or the errors, and the warnings.
    type Parsed = (Result<OpenAPI, Vec<Diagnostic>>, Vec<Diagnostic>);

    /// `parse_typed` on `document` read straight from its JSON text when it
    /// can be, and never.
    fn both_ways(document: &Value) -> [Parsed; 2] {
        let text = serde_json::to_string(document).unwrap();
        [f64::INFINITY, 0.0].map(|max_failure_factor| {
            let mut found = Vec::new();
            let result = parse_typed(
                document.clone(),
                Some(&text),
                false,
                max_failure_factor,
                &mut found,
            );
            (result, found)
        })
    }

    /// Reading JSON straight into the model gives what checking it object
    /// by object first gives, for a real spec and for every copy of it with
    /// one object malformed (a string where a boolean or list belongs).
    #[test]
    fn the_direct_parse_agrees_with_the_checked_parse() {
        let fixture = include_str!("../../../tests/fixtures/operations.yaml");
        let document: Value = serde_yaml::from_str(fixture).unwrap();
        let [direct, checked] = both_ways(&document);
        assert!(direct.0.is_ok(), "{:?}", direct.0.err());
        assert_eq!(direct, checked);
        let mut pointers = Vec::new();
        mapping_pointers(&document, "", &mut pointers);
        let mut failures = 0;
        for pointer in &pointers {
            for (key, bad) in [("nullable", "x"), ("required", "x")] {
                let mut mutated = document.clone();
                let Some(Value::Mapping(target)) =
                    crate::pointer::value_at_mut(&mut mutated, pointer)
                else {
                    continue;
                };
                target.insert(key.into(), bad.into());
                let [direct, checked] = both_ways(&mutated);
                failures += usize::from(checked.0.is_err());
                assert_eq!(direct, checked, "{key}: {bad:?} at {pointer:?}");
            }
        }
        // Most objects are schemas or parameters, which the mutation breaks.
        assert!(
            failures > pointers.len() / 2,
            "{failures} of {}",
            pointers.len()
        );
    }

    #[test]
    fn accepts_a_minimal_spec_in_yaml_and_json() {
        load(MINIMAL.into()).unwrap();
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        load(json.into()).unwrap();
    }

    #[test]
    fn rejects_other_versions_with_a_pointer() {
        let d = error_of("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(d.message.contains("Swagger 2.0 is not supported"), "{d}");
        assert_eq!(d.pointer, "/swagger");
        assert_eq!(d.position, Some(LineColumn { line: 1, column: 1 }));

        let d = error_of("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(
            d.message.contains("unsupported OpenAPI version `3.2.0`"),
            "{d}"
        );
        assert_eq!(d.pointer, "/openapi");

        let d = error_of("info: {title: t, version: '1'}\npaths: {}\n");
        assert!(d.message.contains("missing `openapi`"), "{d}");
    }

    #[test]
    fn rejects_non_yaml_empty_and_non_mapping() {
        let d = error_of("openapi: [unclosed\n");
        assert!(
            d.message.starts_with("the spec is not valid YAML or JSON"),
            "{d}"
        );
        assert!(d.position.is_some());
        assert!(error_of("  \n").message.contains("empty"));
        assert!(error_of("- a\n- b\n").message.contains("must be a mapping"));
        let d = error_of("{\"openapi\": ");
        assert!(d.message.starts_with("the spec is not valid JSON"), "{d}");
    }

    #[test]
    fn rejects_invalid_utf8_with_position() {
        let mut bytes = b"openapi: 3.0.3\ninfo: \xff\n".to_vec();
        bytes.extend_from_slice(b"paths: {}\n");
        match load(bytes) {
            Err(Error::Spec(d)) => {
                assert!(d[0].message.contains("not valid UTF-8"));
                assert_eq!(d[0].position, Some(LineColumn { line: 2, column: 7 }));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_shapes_name_their_pointer() {
        let d = error_of(
            "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  contact: [1]\npaths: {}\n",
        );
        assert_eq!(d.pointer, "/info/contact");
        assert!(
            d.message.starts_with("not a valid OpenAPI 3.0 document"),
            "{d}"
        );
        assert!(d.position.is_some());
    }
}
