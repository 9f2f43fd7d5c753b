//! JSON pointers (RFC 6901) and `$ref` strings: escaping, parsing and
//! looking up untyped values, in one place for every stage.
//!
//! A `$ref` is a URI reference: an optional file part, then `#` and a JSON
//! pointer as a URI fragment. The fragment may be percent-encoded
//! (`#/paths/~1users~1%7Bid%7D`), and each pointer token escapes `~` as
//! `~0` and `/` as `~1`. Pointers inside the generator are kept in their
//! escaped text form (`/components/schemas/Up~1load`), which is what
//! diagnostics print.

use serde_yaml::Value;

/// How many `$ref`s one lookup follows before giving up: far more than any
/// sensible chain, and a bound on the work a hostile spec can ask for.
pub const MAX_REF_HOPS: usize = 64;

/// Appends one JSON-pointer token, escaping `~` and `/` as RFC 6901 says.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    if !token.contains(['~', '/']) {
        return format!("{pointer}/{token}");
    }
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Splits a JSON pointer back into its unescaped tokens.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape_token).collect()
}

/// `~1` → `/`, then `~0` → `~` (in that order, so `~01` stays `~1`).
fn unescape_token(token: &str) -> String {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~")
    } else {
        token.to_string()
    }
}

/// A `$ref` split into the file it names (empty for the same document) and
/// the JSON pointer of its fragment, percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTarget<'a> {
    pub file: &'a str,
    /// An escaped JSON pointer (`""` for the whole document).
    pub pointer: String,
}

impl<'a> RefTarget<'a> {
    pub fn parse(reference: &'a str) -> Self {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        Self {
            file,
            pointer: percent_decode(fragment),
        }
    }

    /// Whether the reference names a node of the document it stands in.
    pub fn is_local(&self) -> bool {
        self.file.is_empty()
    }

    pub fn segments(&self) -> Vec<String> {
        pointer_segments(&self.pointer)
    }
}

/// Decodes `%XX` escapes of a URI fragment. Text that is not a well-formed
/// escape (a lone `%`, as hand-written specs have) is kept as written.
fn percent_decode(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_string();
    }
    let bytes = fragment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = (bytes[i] == b'%')
            .then(|| fragment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escape {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| fragment.to_string())
}

/// The node at an escaped JSON pointer (`""` for the whole document).
pub fn value_at<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    pointer_segments(pointer)
        .iter()
        .try_fold(document, |node, token| match node {
            Value::Mapping(m) => m.get(token.as_str()),
            Value::Sequence(items) => items.get(index_token(token)?),
            _ => None,
        })
}

/// [`value_at`], for changing the node.
pub fn value_at_mut<'a>(document: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    pointer_segments(pointer)
        .iter()
        .try_fold(document, |node, token| match node {
            Value::Mapping(m) => m.get_mut(token.as_str()),
            Value::Sequence(items) => items.get_mut(index_token(token)?),
            _ => None,
        })
}

/// An array index token: digits without a leading zero, as RFC 6901 says.
pub fn index_token(token: &str) -> Option<usize> {
    let canonical = token == "0" || !token.starts_with('0');
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    (canonical && digits).then(|| token.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape() {
        let p = push_pointer(&push_pointer("", "paths"), "/a~b/{id}");
        assert_eq!(p, "/paths/~1a~0b~1{id}");
        assert_eq!(pointer_segments(&p), vec!["paths", "/a~b/{id}"]);
        assert!(pointer_segments("").is_empty());
        // `~01` is an escaped `~` followed by `1`, not a `/`.
        assert_eq!(pointer_segments("/a~01"), vec!["a~1"]);
    }

    #[test]
    fn references_split_into_file_and_decoded_pointer() {
        let local = RefTarget::parse("#/components/schemas/Up~1load");
        assert!(local.is_local());
        assert_eq!(local.segments(), vec!["components", "schemas", "Up/load"]);
        let encoded = RefTarget::parse("#/paths/~1users~1%7Bid%7D/get");
        assert_eq!(encoded.segments(), vec!["paths", "/users/{id}", "get"]);
        let spaced = RefTarget::parse("#/components/schemas/Foo%20Bar");
        assert_eq!(spaced.segments()[2], "Foo Bar");
        let lone = RefTarget::parse("#/components/schemas/100%");
        assert_eq!(lone.segments()[2], "100%");
        let file = RefTarget::parse("models/pet.yaml#/Pet");
        assert_eq!(
            (file.file, file.pointer.as_str()),
            ("models/pet.yaml", "/Pet")
        );
        let whole = RefTarget::parse("models/pet.yaml");
        assert_eq!(whole.pointer, "");
    }

    #[test]
    fn values_are_found_by_pointer() {
        let document: Value = serde_yaml::from_str("a: {'b/c': [x, {d: 1}]}\n'~': 2\n").unwrap();
        assert_eq!(value_at(&document, "/a/b~1c/1/d"), Some(&Value::from(1)));
        assert_eq!(value_at(&document, "/~0"), Some(&Value::from(2)));
        assert_eq!(value_at(&document, ""), Some(&document));
        assert_eq!(value_at(&document, "/a/b~1c/01"), None);
        assert_eq!(value_at(&document, "/a/missing"), None);
    }
}
