//! An example of generating a client at build time: `build.rs` turns
//! `openapi.yaml` into `$OUT_DIR/api.rs`, included below.

/// The API client generated from `openapi.yaml` at build time.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
