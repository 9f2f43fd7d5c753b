//! Checks of the raw document that the typed model cannot make: enum values
//! and defaults of the wrong type, and tabs in YAML indentation.

use crate::diagnostic::{Diagnostic, LineColumn};
use crate::pointer::{push_pointer, value_at_mut};
use serde_yaml::Value;

/// Reports every `enum` value and `default` of the schemas at `schemas`
/// whose type disagrees with the schema's `type`, and removes it from the
/// document, so the typed parse sees a consistent schema (an integer in a
/// string enum would otherwise turn the whole enum into "any value").
pub fn check_values(document: &mut Value, schemas: &[String], strict: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for pointer in schemas {
        if let Some(Value::Mapping(schema)) = value_at_mut(document, pointer) {
            check_schema(schema, pointer, strict, &mut found);
        }
    }
    found
}

/// Whether a schema object has values for [`check_values`] to check: most
/// have none, and are not looked up again.
pub fn has_values(schema: &Value) -> bool {
    schema.get("enum").is_some() || schema.get("default").is_some()
}

fn check_schema(
    schema: &mut serde_yaml::Mapping,
    pointer: &str,
    strict: bool,
    found: &mut Vec<Diagnostic>,
) {
    let Some(ty) = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        return;
    };
    let Some(expected) = expected_kind(&ty) else {
        return;
    };
    let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
    // `type: number` allows integers too.
    let fits = |value: &Value| {
        (value.is_null() && nullable)
            || kind_of(value) == expected
            || (expected == "a number" && value.is_number())
    };
    if let Some(Value::Sequence(values)) = schema.get_mut("enum") {
        let enum_pointer = push_pointer(pointer, "enum");
        let mut index = 0;
        values.retain(|value| {
            let keep = fits(value);
            if !keep {
                let problem = format!(
                    "enum value {} is {}, but the schema has `type: {ty}`{}",
                    shown(value),
                    kind_of(value),
                    quote_hint(&ty, value)
                );
                found.push(Diagnostic::quality(
                    strict,
                    &problem,
                    "it is left out of the enum",
                    &push_pointer(&enum_pointer, &index.to_string()),
                ));
            }
            index += 1;
            keep
        });
    }
    if let Some(value) = schema.get("default").filter(|v| !fits(v)) {
        let problem = format!(
            "default {} is {}, but the schema has `type: {ty}`{}",
            shown(value),
            kind_of(value),
            quote_hint(&ty, value)
        );
        found.push(Diagnostic::quality(
            strict,
            &problem,
            "the default is ignored",
            &push_pointer(pointer, "default"),
        ));
        schema.remove("default");
    }
}

/// The kind of value a schema `type` allows; `None` for unknown types.
fn expected_kind(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "array" => "a list",
        "object" => "a mapping",
        _ => return None,
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// YAML reads `enum: [01, yes]` unquoted as numbers; say how to fix it.
fn quote_hint(ty: &str, value: &Value) -> &'static str {
    if ty == "string" && matches!(value, Value::Number(_) | Value::Bool(_) | Value::Null) {
        " (quote it to make it a string)"
    } else {
        ""
    }
}

/// A value as it would be written in JSON, cut short.
fn shown(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "(value)".to_string());
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// One error per line whose indentation holds a tab (YAML indents with
/// spaces only), at the first tab.
pub fn tab_indentation(text: &str) -> Vec<Diagnostic> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            let column = indent.find('\t')? + 1;
            Some(
                Diagnostic::error(
                    "tab character in indentation: YAML indents with spaces only",
                    "",
                )
                .at(Some(LineColumn {
                    line: i + 1,
                    column,
                })),
            )
        })
        .collect()
}
