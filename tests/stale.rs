//! `generated/` must be exactly what the generator writes from `spec/m3ter.yaml`.

use apigen::{generate, Options};
use m3ter_tests::repo_root;

/// The command that brings `generated/` up to date; the README gives the same.
const REGENERATE: &str =
    "cargo run --release --manifest-path generator/Cargo.toml -- generate --spec spec/m3ter.yaml --out generated --extra-derive serde::Serialize";

#[test]
fn generated_crate_matches_the_spec() {
    let root = repo_root();
    // The README's command: `Serialize` on every type, responses included.
    let options = Options {
        extra_derives: vec!["serde::Serialize".into()],
        ..Options::default()
    };
    let output = generate(&root.join("spec/m3ter.yaml"), &options)
        .unwrap_or_else(|e| panic!("spec/m3ter.yaml does not generate:\n{e}"));
    let differences = output.check(&root.join("generated"));
    if !differences.is_empty() {
        let list: Vec<String> = differences.iter().map(|d| format!("  {d}")).collect();
        panic!(
            "generated/ is stale:\n{}\nregenerate it from the repository root with:\n  {REGENERATE}",
            list.join("\n")
        );
    }
}
