//! Tests of the generator's output and of the generated m3ter client.
//! The tests live in the `[[test]]` targets beside this file; this library
//! holds what they share.

pub mod corpus;
pub mod cut;
pub mod generative;

use std::path::{Path, PathBuf};

/// The repository root (the folder holding `spec/`, `generated/`, `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the repository")
        .to_path_buf()
}
