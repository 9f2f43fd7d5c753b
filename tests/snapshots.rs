//! Snapshots of the generator's output: the m3ter spec and every fixture in
//! `fixtures/`. Each snapshot holds all files of one generated crate, and a
//! second one holds the IR, so a diff shows whether the model or the
//! printing changed. Review changes with `cargo insta review`.

use apigen::{generate, generate_from_str, Options, Output};
use m3ter_tests::repo_root;
use std::path::Path;

/// All generated files of one crate, in one reviewable text.
fn crate_text(output: &Output) -> String {
    let mut text = String::new();
    for file in std::iter::once(output.cargo_toml()).chain(output.files()) {
        text.push_str(&format!("=== {} ===\n{}\n", file.path, file.contents));
    }
    text
}

fn warnings_text(output: &Output) -> String {
    output.warnings().iter().map(|w| format!("{w}\n")).collect()
}

/// Generates from the file's text under its bare file name, so snapshots do
/// not depend on where the repository is checked out.
fn snapshot_spec(path: &Path, name: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let file_name = path.file_name().unwrap().to_string_lossy();
    let output = generate_from_str(&text, &file_name, &Options::default())
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", path.display()));
    insta::assert_snapshot!(format!("{name}.code"), crate_text(&output));
    insta::assert_snapshot!(format!("{name}.ir"), format!("{:#?}", output.ir()));
    insta::assert_snapshot!(format!("{name}.warnings"), warnings_text(&output));
}

#[test]
fn m3ter_spec() {
    snapshot_spec(&repo_root().join("spec/m3ter.yaml"), "m3ter");
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        snapshot_spec(path, &name);
    });
}

/// A spec split over several files; generated from its path, since its
/// `$ref`s are resolved relative to it.
#[test]
fn multi_file_fixture() {
    let path = repo_root().join("tests/fixtures/multi-file/api.yaml");
    let options = Options {
        spec_label: Some("api.yaml".into()),
        ..Options::default()
    };
    let output = generate(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings().is_empty(), "{}", warnings_text(&output));
    let mut files: Vec<String> = output
        .referenced_files()
        .iter()
        .map(|p| {
            p.strip_prefix(repo_root().join("tests/fixtures/multi-file"))
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "docs/intro.md",
            "paths/parameters.yaml",
            "paths/pets.yaml",
            "paths/responses.yaml",
            "schemas/error.yaml",
            "schemas/pet.yaml"
        ]
    );
    insta::assert_snapshot!("multi-file.code", crate_text(&output));
    insta::assert_snapshot!("multi-file.ir", format!("{:#?}", output.ir()));
}

/// Cargo features per tag: the `[features]` table, the crate docs that
/// list them, and the `#[cfg]` of every operation, type and shape.
#[test]
fn features_per_tag_fixture() {
    let path = repo_root().join("tests/fixtures/features/tags.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let options = Options {
        features_per_tag: true,
        ..Options::default()
    };
    let output = generate_from_str(&text, "tags.yaml", &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings().is_empty(), "{}", warnings_text(&output));
    insta::assert_snapshot!("features-tags.code", crate_text(&output));
    insta::assert_snapshot!("features-tags.gates", gates_text(output.ir()));
}

/// Which features compile each operation and type, one per line.
fn gates_text(ir: &apigen::ir::Ir) -> String {
    let features = ir.features.as_ref().expect("features per tag");
    let line = |name: &str, gate| {
        let names = features.names(gate);
        let names = if names.is_empty() {
            "always".to_string()
        } else {
            names.join(", ")
        };
        format!("{name}: {names}\n")
    };
    let operations = ir.operations.iter().zip(&features.operations);
    let types = ir.types.iter().zip(&features.types);
    let mut text = String::from("# operations\n");
    text.extend(operations.map(|(op, gate)| line(&op.name, gate)));
    text.push_str("# types\n");
    text.extend(types.map(|(def, gate)| line(&def.name, gate)));
    text
}

#[test]
fn output_is_byte_identical_on_every_run() {
    // A 3.0 spec, and a 3.1 spec (whose rewrite keeps maps of moved nodes).
    for spec in [
        "spec/m3ter.yaml",
        "tests/fixtures/openapi31-references.yaml",
    ] {
        let spec = repo_root().join(spec);
        let first = crate_text(&generate(&spec, &Options::default()).unwrap());
        for _ in 0..5 {
            assert_eq!(
                crate_text(&generate(&spec, &Options::default()).unwrap()),
                first
            );
        }
    }
}
