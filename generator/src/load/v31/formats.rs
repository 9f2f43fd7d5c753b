//! `contentEncoding` and `contentMediaType` → 3.0's string formats:
//! base64 text is `format: byte` (bytes, in the IR of a 3.1 spec), raw
//! binary content is `format: binary` (a file in a multipart body).

use serde_yaml::{Mapping, Value};

pub(super) fn encodings(schema: &mut Mapping) {
    let encoding = schema.shift_remove("contentEncoding");
    let media_type = schema.shift_remove("contentMediaType");
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some(encoding) if encoding.eq_ignore_ascii_case("base64") => Some("byte"),
        Some(encoding) if encoding.eq_ignore_ascii_case("binary") => Some("binary"),
        // Other encodings (`base64url`, `quoted-printable`) stay text.
        Some(_) => None,
        // A media type alone, on a string, is binary content as 3.1 writes
        // a file (3.0: `format: binary`), unless it is text.
        None => match media_type.as_ref().and_then(Value::as_str) {
            Some(media_type) if !is_text(media_type) && !schema.contains_key("format") => {
                Some("binary")
            }
            _ => None,
        },
    };
    let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
    if let (Some(format), true) = (format, is_string || !schema.contains_key("type")) {
        schema.insert("format".into(), format.into());
        if !is_string {
            schema.insert("type".into(), "string".into());
        }
    }
}

/// Whether content of `media_type` is text (a JSON document in a string
/// is text too).
fn is_text(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence == "application/x-www-form-urlencoded"
}
