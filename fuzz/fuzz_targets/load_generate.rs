//! Any bytes → load + generate: must never panic, overflow the stack or
//! hang (libFuzzer's `-timeout` reports slow inputs), and every outcome is
//! either a crate whose every file parses as Rust, or located diagnostics.

#![no_main]

use apigen::{Error, Options};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// In a folder that does not exist, so `$ref`s to other files are all
/// "cannot read" and the fuzzer never reads the machine's files.
const SPEC: &str = "/nonexistent-apigen-fuzz/fuzz.yaml";

fuzz_target!(|data: &[u8]| {
    // The last byte picks strict mode, so both paths are explored.
    let strict = data.last().is_some_and(|b| b & 1 == 1);
    let options = Options {
        strict,
        ..Options::default()
    };
    match apigen::generate_from_bytes(data, Path::new(SPEC), &options) {
        Ok(output) => {
            // Rendering parses every file's tokens with syn (a failure is
            // `Error::Render`, a bug); the printed text must parse as well
            // (a bare CR in a doc comment does not).
            let single = output.single_file("api.rs").expect("single file renders");
            for file in output.files().iter().chain([&single]) {
                if let Err(e) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {e}", file.path);
                }
            }
            for warning in output.warnings() {
                assert!(!warning.message.is_empty());
                let _ = warning.to_string();
            }
        }
        Err(Error::Spec(diagnostics)) => {
            assert!(!diagnostics.is_empty(), "a spec error without diagnostics");
            for d in &diagnostics {
                assert!(!d.message.is_empty());
                assert_eq!(d.file, SPEC, "{d}");
                let _ = d.to_string();
            }
        }
        Err(Error::Render { file, message }) => {
            panic!("generated {file} does not parse: {message}")
        }
        Err(other) => panic!("unexpected error for in-memory input: {other}"),
    }
});
