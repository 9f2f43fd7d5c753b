//! Every kind of change, with its stable id, what it means, and how it is
//! rated on the wire for each direction, following oasdiff's checks
//! (`ERR` → breaking, `WARN` → warning, `INFO` → info). The source rating
//! is not in this table: it is decided where the change is found, from the
//! Rust the two sides generate (see `rust.rs` and `compare.rs`).

use super::change::{Direction, WireLevel};

/// One kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The stable id, e.g. `field-became-required`.
    pub id: &'static str,
    /// What it means, for the README and `--help`.
    pub summary: &'static str,
    /// The wire rating when the element is sent (request), received
    /// (response), or neither (the client's configuration, unused types).
    pub request: WireLevel,
    pub response: WireLevel,
    pub other: WireLevel,
}

use WireLevel::{Breaking as B, Info as I, Warning as W};

const fn kind(
    id: &'static str,
    summary: &'static str,
    request: WireLevel,
    response: WireLevel,
    other: WireLevel,
) -> Kind {
    Kind {
        id,
        summary,
        request,
        response,
        other,
    }
}

/// Every kind, in the order the README lists them.
pub const KINDS: &[Kind] = &[
    // Operations and the client's methods.
    kind("method-added", "an operation was added: a new client method", I, I, I),
    kind("method-removed", "an operation was removed, with its client method", B, B, B),
    kind("method-removed-after-deprecation", "a deprecated operation was removed", I, I, I),
    kind("method-renamed", "an operationId changed: the client method has a new name", I, I, I),
    kind("deprecated", "an operation was deprecated: its method is `#[deprecated]`", I, I, I),
    kind("deprecation-removed", "an operation is no longer deprecated", I, I, I),
    kind("path-changed", "an operation moved to another path", B, B, B),
    kind("http-method-changed", "an operation uses another HTTP method", B, B, B),
    kind("parameter-added", "an optional parameter was added", I, I, I),
    kind("parameter-added-required", "a required parameter was added", B, B, B),
    kind("parameter-removed", "a parameter was removed", W, W, W),
    kind("parameter-type-changed", "a parameter's type changed", B, B, B),
    kind("parameter-became-required", "an optional parameter became required", B, B, B),
    kind("parameter-became-optional", "a required parameter became optional", I, I, I),
    kind("parameter-wire-name-changed", "a parameter's name in the spec changed, its Rust name did not", B, B, B),
    kind("parameter-moved-to-client", "a path parameter is now set once on the client", I, I, I),
    kind("parameter-moved-from-client", "a path parameter set on the client is now an argument", I, I, I),
    kind("request-body-added", "an optional request body was added", I, I, I),
    kind("request-body-added-required", "a required request body was added", B, B, B),
    kind("request-body-removed", "the request body was removed", W, W, W),
    kind("request-body-became-required", "the request body became required", B, B, B),
    kind("request-body-became-optional", "the request body became optional", I, I, I),
    kind("request-body-type-changed", "the request body has another type", B, B, B),
    kind("request-media-type-changed", "the request body is sent as another media type", B, B, B),
    kind("response-type-changed", "the success response has another type", B, B, B),
    kind("response-media-type-removed", "a media type of the success response was removed", B, B, B),
    kind("response-media-type-added", "a media type of the success response was added", I, I, I),
    kind("response-status-added", "a success status with its own body was added", I, I, I),
    kind("response-status-removed", "a success status with its own body was removed", B, B, B),
    kind("pagination-added", "a list operation became paginated: `…_pages` and `…_stream` methods", I, I, I),
    kind("pagination-removed", "a list operation is no longer paginated", I, I, I),
    kind("auth-changed", "an operation's security requirement changed", W, W, W),
    // Model types.
    kind("type-added", "a model type was added", I, I, I),
    kind("type-removed", "a model type was removed", I, I, I),
    kind("type-renamed", "a model type has a new name", I, I, I),
    kind("type-kind-changed", "a model type became another kind of item", B, B, I),
    kind("alias-changed", "a type alias names another type", B, B, I),
    kind("trait-added", "a model type implements one more trait", I, I, I),
    kind("trait-removed", "a model type no longer implements a trait", I, I, I),
    kind("field-added", "an optional field was added", I, I, I),
    kind("field-added-required", "a required field was added", B, I, I),
    kind("field-removed", "a field was removed (wire: warning if it was optional)", W, B, I),
    kind("field-renamed", "a field's Rust name changed, its name on the wire did not", I, I, I),
    kind("field-wire-name-changed", "a field's name on the wire changed, its Rust name did not", B, B, I),
    kind("field-type-changed", "a field's type changed (wire: widening a number in a request is info)", B, B, I),
    kind("field-became-required", "an optional field became required", B, I, I),
    kind("field-became-optional", "a required field became optional", I, B, I),
    kind("field-became-nullable", "a field may now be null", I, B, I),
    kind("field-became-not-nullable", "a field may no longer be null", B, I, I),
    kind("enum-value-added", "a string or integer enum got a new value", I, W, I),
    kind("enum-value-removed", "a value of a string or integer enum was removed", B, I, I),
    kind("enum-variant-renamed", "an enum value's Rust variant has a new name", I, I, I),
    kind("variant-added", "a oneOf/anyOf union got a new variant", I, B, I),
    kind("variant-removed", "a variant of a oneOf/anyOf union was removed", B, I, I),
    kind("variant-type-changed", "a union variant holds another type", B, B, I),
    kind("discriminator-changed", "a union's discriminator or its values changed", I, I, I),
    // The client's configuration.
    kind("client-added", "the crate now has a client (it had models only)", I, I, I),
    kind("client-removed", "the crate no longer has a client (models only)", I, I, I),
    kind("server-changed", "the default base URL (the spec's first server) changed", W, W, W),
    kind("token-url-changed", "the OAuth2 token URL changed", I, I, I),
    kind("setter-added", "a setter of `ClientBuilder` or `Client` was added (credentials, API keys, client parameters)", I, I, I),
    kind("setter-removed", "a setter of `ClientBuilder` or `Client` was removed", I, I, I),
    kind("error-variant-added", "`Error` got a variant (it is `#[non_exhaustive]`)", I, I, I),
    kind("error-variant-removed", "`Error` lost a variant", I, I, I),
    kind("error-body-type-changed", "`ApiError::body` has another type", I, W, W),
    // Cargo features per tag (`--features-per-tag`).
    kind("feature-added", "the crate has a new cargo feature (a new tag)", I, I, I),
    kind("feature-removed", "the crate no longer has a cargo feature (a tag went away)", I, I, I),
    kind("features-narrowed", "a feature that compiled a method or type no longer does (its tags changed)", I, I, I),
    kind("features-widened", "more features compile a method or type, and none stopped", I, I, I),
];

/// The kind with this id. Ids are compile-time constants of the
/// comparison passes; an unknown one is a bug that the tests catch.
pub fn get(id: &str) -> &'static Kind {
    KINDS
        .iter()
        .find(|kind| kind.id == id)
        .unwrap_or_else(|| unreachable!("unknown change kind {id}"))
}

/// The wire rating of a change of this kind in this direction: the worse
/// of the two for a type used in both.
pub fn wire_level(id: &str, direction: Direction) -> WireLevel {
    let kind = get(id);
    match direction {
        Direction::Request => kind.request,
        Direction::Response => kind.response,
        Direction::Both => kind.request.max(kind.response),
        Direction::None => kind.other,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = super::KINDS.iter().map(|k| k.id).collect();
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }
}
