//! The parts of a 3.1 document outside its schemas: the JSON Schema
//! dialect, `info.summary`, a spec without `paths`, reusable path items
//! (`components/pathItems`), `webhooks`, and `mutualTLS` security schemes.

use super::defs::{as_mapping, mapping_entry};
use super::origins::Origins;
use crate::diagnostic::Diagnostic;
use crate::pointer::{push_pointer, value_at, RefTarget};
use serde_yaml::{Mapping, Value};

use super::WEBHOOKS_CALLBACK;

/// The JSON Schema dialects whose meaning the generator knows: OpenAPI
/// 3.1's own (by each URI it has had) and JSON Schema 2020-12, which it
/// extends.
const KNOWN_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Whether `uri` names a dialect the generator knows (a trailing `#` or `/`
/// aside).
pub fn is_known_dialect(uri: &str) -> bool {
    let uri = uri.trim_end_matches(['#', '/']);
    KNOWN_DIALECTS.contains(&uri)
}

/// The error for a `jsonSchemaDialect` the generator does not know: its
/// schemas would mean something else.
pub fn dialect_problem(document: &Value) -> Option<Diagnostic> {
    let dialect = document.get("jsonSchemaDialect")?;
    match dialect.as_str() {
        Some(uri) if is_known_dialect(uri) => None,
        _ => Some(Diagnostic::error(
            format!(
                "unknown `jsonSchemaDialect` {}: only OpenAPI 3.1's own dialect ({}) is supported",
                serde_json::to_string(dialect).unwrap_or_default(),
                KNOWN_DIALECTS[0]
            ),
            "/jsonSchemaDialect",
        )),
    }
}

/// Rewrites the document-level parts of 3.1 into their 3.0 form.
pub fn rewrite(document: &mut Value, origins: &mut Origins, warnings: &mut Vec<Diagnostic>) {
    let root = as_mapping(document);
    info_summary(root);
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    warnings.extend(mutual_tls(root));
    oauth2_scopes(root);
    inline_path_items(document, origins);
    move_webhooks(document, origins);
}

/// `info.summary` (new in 3.1) leads the description, which the crate's
/// documentation shows.
fn info_summary(root: &mut Mapping) {
    let Some(Value::Mapping(info)) = root.get_mut("info") else {
        return;
    };
    let Some(Value::String(summary)) = info.shift_remove("summary") else {
        return;
    };
    let description = match info.get("description").and_then(Value::as_str) {
        Some(description) => format!("{summary}\n\n{description}"),
        None => summary,
    };
    info.insert("description".into(), description.into());
}

/// `mutualTLS` schemes (new in 3.1) are left out: a client certificate is
/// set up on the HTTP client (`ClientBuilder::http_client`), not per call.
fn mutual_tls(root: &mut Mapping) -> Vec<Diagnostic> {
    let Some(Value::Mapping(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return Vec::new();
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .filter_map(|(name, _)| name.as_str().map(str::to_string))
        .collect();
    names
        .into_iter()
        .map(|name| {
            schemes.shift_remove(name.as_str());
            Diagnostic::warning(
                "a `mutualTLS` scheme is not sent per request: give the client a `reqwest::Client` with the certificate (`ClientBuilder::http_client`)",
                push_pointer("/components/securitySchemes", &name),
            )
        })
        .collect()
}

/// OAuth2 flows without `scopes` (Litestar writes them so) get an empty
/// map: the client needs no scopes, and the 3.0 model requires the field.
fn oauth2_scopes(root: &mut Mapping) {
    let Some(Value::Mapping(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let flows = schemes
        .values_mut()
        .filter(|scheme| scheme.get("type").and_then(Value::as_str) == Some("oauth2"))
        .filter_map(|scheme| scheme.get_mut("flows")?.as_mapping_mut());
    for flows in flows {
        for flow in flows.values_mut().filter_map(Value::as_mapping_mut) {
            if !flow.contains_key("scopes") {
                flow.insert("scopes".into(), Value::Mapping(Mapping::new()));
            }
        }
    }
}

/// Path items that are `$ref`s (to `components/pathItems`, new in 3.1, or
/// to another path) are replaced by what they name, under `paths` and
/// `webhooks`; `components/pathItems` is then dropped.
fn inline_path_items(document: &mut Value, origins: &mut Origins) {
    for section in ["/paths", "/webhooks"] {
        let Some(Value::Mapping(items)) = value_at(document, section) else {
            continue;
        };
        let references: Vec<(String, String)> = items
            .iter()
            .filter_map(|(key, item)| {
                let reference = item.get("$ref")?.as_str()?;
                Some((key.as_str()?.to_string(), reference.to_string()))
            })
            .collect();
        for (key, reference) in references {
            let target = RefTarget::parse(&reference);
            if !target.is_local() {
                continue;
            }
            let Some(item) = value_at(document, &target.pointer).cloned() else {
                continue;
            };
            let at = push_pointer(section, &key);
            if let Some(Value::Mapping(items)) = crate::pointer::value_at_mut(document, section) {
                items.insert(key.as_str().into(), item);
            }
            origins.moved(&target.pointer, &at);
        }
    }
    if let Some(Value::Mapping(components)) = document.get_mut("components") {
        components.shift_remove("pathItems");
    }
}

/// `webhooks` → the callback [`WEBHOOKS_CALLBACK`] of `components`, where
/// the typed model parses them as path items.
fn move_webhooks(document: &mut Value, origins: &mut Origins) {
    let root = as_mapping(document);
    let Some(webhooks) = root.shift_remove("webhooks") else {
        return;
    };
    if !webhooks.as_mapping().is_some_and(|w| !w.is_empty()) {
        return;
    }
    let components = mapping_entry(root, "components");
    let callbacks = mapping_entry(components, "callbacks");
    callbacks.insert(WEBHOOKS_CALLBACK.into(), webhooks);
    let to = push_pointer("/components/callbacks", WEBHOOKS_CALLBACK);
    origins.moved("/webhooks", &to);
}
