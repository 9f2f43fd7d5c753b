//! Stage 1: bytes → `openapiv3::OpenAPI`, with located errors.

use crate::diagnostic::{push_pointer, Diagnostic, LineColumn};
use crate::error::Error;
use crate::locate::{locate, locate_all};
use openapiv3::OpenAPI;
use std::path::{Path, PathBuf};

/// A spec file as read from disk, kept for locating diagnostics.
#[derive(Debug, Clone)]
pub struct SpecSource {
    pub path: PathBuf,
    /// How the file is named in messages and in the generated header.
    pub label: String,
    pub text: String,
    /// Problems found while loading that did not stop it (e.g. a text
    /// `$ref` to a missing file).
    pub warnings: Vec<Diagnostic>,
}

impl SpecSource {
    /// [`locate`](Self::locate) for many diagnostics, reading the text once.
    pub fn locate_all(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let pointers: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.position.is_none() && !d.pointer.is_empty())
            .map(|d| d.pointer.as_str())
            .collect();
        let mut positions = locate_all(&self.text, &pointers).into_iter();
        let located: Vec<Diagnostic> = diagnostics
            .into_iter()
            .map(|d| {
                let position = if d.position.is_none() && !d.pointer.is_empty() {
                    positions.next().flatten()
                } else {
                    d.position
                };
                d.in_file(&self.label).at(position)
            })
            .collect();
        located
    }

    /// Adds the file name and, when it can be found, the line and column.
    pub fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        // The document root has no useful position of its own.
        let position = diagnostic.position.or_else(|| {
            (!diagnostic.pointer.is_empty())
                .then(|| locate(&self.text, &diagnostic.pointer))
                .flatten()
        });
        diagnostic.in_file(&self.label).at(position)
    }
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<(OpenAPI, SpecSource), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let label = path.display().to_string();
    load_bytes(bytes, path, &label)
}

/// Parses spec bytes; `path` is where they came from, `label` how to name it.
pub fn load_bytes(
    bytes: Vec<u8>,
    path: &Path,
    label: &str,
) -> Result<(OpenAPI, SpecSource), Error> {
    let fail = |d: Diagnostic| Error::Spec(vec![d.in_file(label)]);
    let text = String::from_utf8(bytes).map_err(|e| fail(invalid_utf8(e)))?;
    let source = SpecSource {
        path: path.to_path_buf(),
        label: label.to_string(),
        text,
        warnings: Vec::new(),
    };
    if source.text.trim().is_empty() {
        return Err(fail(Diagnostic::error("the spec file is empty", "")));
    }
    if crate::bundle::has_external_refs(&source.text) {
        return load_multi_file(source);
    }
    match parse_typed(&source.text) {
        Ok(spec) => {
            check_version(&spec.openapi).map_err(|d| Error::Spec(vec![source.locate(d)]))?;
            Ok((spec, source))
        }
        // The typed parse failed; the untyped one explains why in terms a
        // spec author knows (not YAML, not OpenAPI 3.0, ...) before falling
        // back to the typed error's path.
        Err(typed) => Err(Error::Spec(vec![
            source.locate(explain_failure(&source.text, typed))
        ])),
    }
}

/// A spec whose `$ref`s reach into other files: parsed untyped, bundled
/// into one document, then parsed typed.
fn load_multi_file(mut source: SpecSource) -> Result<(OpenAPI, SpecSource), Error> {
    let document = crate::bundle::parse_value(&source.text).map_err(|e| {
        let d = Diagnostic::error(
            format!(
                "the spec is not valid YAML or JSON: {}",
                strip_position_suffix(&e.to_string())
            ),
            "",
        )
        .at(yaml_position(&e));
        Error::Spec(vec![source.locate(d)])
    })?;
    check_document_shape(&document).map_err(|d| Error::Spec(vec![source.locate(d)]))?;
    let bundled = crate::bundle::bundle(document, &source.path)
        .map_err(|errors| Error::Spec(source.locate_all(errors)))?;
    let spec: OpenAPI = serde_path_to_error::deserialize(bundled.document).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let message = strip_position_suffix(&e.into_inner().to_string());
        Error::Spec(vec![source.locate(Diagnostic::error(
            format!("not a valid OpenAPI 3.0 document: {message}"),
            pointer,
        ))])
    })?;
    source.warnings = source.locate_all(bundled.warnings);
    Ok((spec, source))
}

fn invalid_utf8(error: std::string::FromUtf8Error) -> Diagnostic {
    let valid = error.utf8_error().valid_up_to();
    let prefix = &error.as_bytes()[..valid];
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + prefix.iter().rev().take_while(|&&b| b != b'\n').count();
    Diagnostic::error(
        format!("the spec file is not valid UTF-8 (invalid byte at offset {valid})"),
        "",
    )
    .at(Some(LineColumn { line, column }))
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// A deserialization failure with its place in the document.
struct TypedError {
    pointer: String,
    message: String,
    position: Option<LineColumn>,
}

fn parse_typed(text: &str) -> Result<OpenAPI, TypedError> {
    if looks_like_json(text) {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            let position = (inner.line() > 0).then(|| LineColumn {
                line: inner.line(),
                column: inner.column(),
            });
            TypedError {
                pointer,
                message: strip_position_suffix(&inner.to_string()),
                position,
            }
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let pointer = path_to_pointer(e.path());
            let inner = e.into_inner();
            TypedError {
                pointer,
                position: yaml_position(&inner),
                message: strip_position_suffix(&inner.to_string()),
            }
        })
    }
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

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(String::new(), |pointer, segment| match segment {
            Segment::Seq { index } => push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => push_pointer(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        })
}

/// Turns a failed typed parse into the most useful single message.
fn explain_failure(text: &str, typed: TypedError) -> Diagnostic {
    let document: serde_yaml::Value = if looks_like_json(text) {
        match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Diagnostic::error(
                    format!(
                        "the spec is not valid JSON: {}",
                        strip_position_suffix(&e.to_string())
                    ),
                    "",
                )
                .at(Some(LineColumn {
                    line: e.line(),
                    column: e.column(),
                }))
            }
        }
    } else {
        match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return Diagnostic::error(
                    format!(
                        "the spec is not valid YAML or JSON: {}",
                        strip_position_suffix(&e.to_string())
                    ),
                    "",
                )
                .at(yaml_position(&e))
            }
        }
    };
    if let Err(d) = check_document_shape(&document) {
        return d;
    }
    Diagnostic::error(
        format!("not a valid OpenAPI 3.0 document: {}", typed.message),
        typed.pointer,
    )
    .at(typed.position)
}

/// Checks the top level and the version field of an untyped document.
fn check_document_shape(document: &serde_yaml::Value) -> Result<(), Diagnostic> {
    let Some(mapping) = document.as_mapping() else {
        return Err(Diagnostic::error(
            "the top level of the spec must be a mapping (an object with `openapi`, `info` and `paths`)",
            "",
        ));
    };
    if let Some(swagger) = mapping.get("swagger") {
        return Err(Diagnostic::error(
            format!(
                "Swagger {} is not supported: only OpenAPI 3.0.x is; convert the spec first (e.g. with swagger2openapi)",
                scalar_text(swagger)
            ),
            "/swagger",
        ));
    }
    match mapping.get("openapi") {
        None => Err(Diagnostic::error(
            "missing `openapi` field: expected a version such as `openapi: 3.0.3`",
            "",
        )),
        Some(version) => check_version(&scalar_text(version)),
    }
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn check_version(version: &str) -> Result<(), Diagnostic> {
    let pointer = "/openapi";
    if version == "3.0" || version.starts_with("3.0.") {
        Ok(())
    } else if version.starts_with("3.1") {
        Err(Diagnostic::error(
            format!("OpenAPI {version} is not supported yet: only OpenAPI 3.0.x is"),
            pointer,
        ))
    } else {
        Err(Diagnostic::error(
            format!("unsupported OpenAPI version `{version}`: only OpenAPI 3.0.x is supported"),
            pointer,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        match load_bytes(text.as_bytes().to_vec(), Path::new("s.yaml"), "s.yaml") {
            Err(Error::Spec(mut d)) => d.remove(0),
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn accepts_a_minimal_spec_in_yaml_and_json() {
        load_bytes(MINIMAL.into(), Path::new("s.yaml"), "s").unwrap();
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        load_bytes(json.into(), Path::new("s.json"), "s").unwrap();
    }

    #[test]
    fn rejects_other_versions_with_a_pointer() {
        let d = error_of("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(d.message.contains("Swagger 2.0 is not supported"), "{d}");
        assert_eq!(d.pointer, "/swagger");
        assert_eq!(d.position, Some(LineColumn { line: 1, column: 1 }));

        let d = error_of("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(
            d.message.contains("OpenAPI 3.1.0 is not supported yet"),
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
        match load_bytes(bytes, Path::new("s.yaml"), "s.yaml") {
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
