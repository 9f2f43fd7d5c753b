//! Specs split over several files: `$ref`s into other local files.

use apigen::{generate, Error, Options};
use std::fs;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const ROOT_HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

fn spec_errors(result: Result<apigen::Output, Error>) -> Vec<apigen::Diagnostic> {
    match result {
        Err(Error::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!("expected spec errors, got {other}"),
        Ok(_) => panic!("expected spec errors, got success"),
    }
}

#[test]
fn schemas_in_other_files_become_named_types_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        &format!("{ROOT_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'models/thing.yaml'}}\n  /b:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: './models/../models/thing.yaml'}}\n"),
    );
    write(
        dir.path(),
        "models/thing.yaml",
        "type: object\nproperties:\n  next: {$ref: thing.yaml}\n",
    );
    let output = generate(&dir.path().join("api.yaml"), &Options::default()).unwrap();
    let names: Vec<&str> = output.ir().types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["Thing"],
        "one type for both references and the self-reference"
    );
    assert_eq!(output.referenced_files().len(), 1);
}

#[test]
fn a_reference_outside_the_spec_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "secret.md", "do not read");
    write(
        dir.path(),
        "spec/api.yaml",
        &format!("{ROOT_HEAD}  description: {{$ref: '../secret.md'}}\npaths: {{}}\n"),
    );
    let errors = spec_errors(generate(
        &dir.path().join("spec/api.yaml"),
        &Options::default(),
    ));
    assert!(
        errors[0]
            .message
            .contains("points outside the spec's folder"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].pointer, "/info/description/$ref");
}

#[test]
fn a_missing_file_is_an_error_for_structure_and_a_warning_for_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        &format!("{ROOT_HEAD}paths:\n  /a:\n    $ref: missing.yaml\n"),
    );
    let errors = spec_errors(generate(&dir.path().join("api.yaml"), &Options::default()));
    assert!(errors[0].message.contains("cannot read"), "{}", errors[0]);
    assert!(errors[0].message.contains("missing.yaml"), "{}", errors[0]);
    assert_eq!(errors[0].pointer, "/paths/~1a/$ref");
    assert!(errors[0].position.is_some(), "{}", errors[0]);

    write(
        dir.path(),
        "api.yaml",
        &format!("{ROOT_HEAD}  description: {{$ref: 'missing.md'}}\npaths: {{}}\n"),
    );
    let output = generate(&dir.path().join("api.yaml"), &Options::default()).unwrap();
    assert_eq!(output.warnings().len(), 1);
    assert!(output.warnings()[0].message.contains("it is left out"));
}

#[test]
fn a_dangling_pointer_into_another_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "models.yaml", "A: {type: string}\n");
    write(
        dir.path(),
        "api.yaml",
        &format!("{ROOT_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    B: {{$ref: 'models.yaml#/Missing'}}\n"),
    );
    let errors = spec_errors(generate(&dir.path().join("api.yaml"), &Options::default()));
    assert!(errors[0].message.contains("dangling"), "{}", errors[0]);
    assert!(errors[0].message.contains("#/Missing"), "{}", errors[0]);
}

#[test]
fn an_edit_of_a_referenced_file_changes_the_output() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "api.yaml",
        &format!("{ROOT_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'a.yaml'}}\n"),
    );
    write(dir.path(), "a.yaml", "type: string\n");
    let spec = dir.path().join("api.yaml");
    let out = dir.path().join("out");
    generate(&spec, &Options::default())
        .unwrap()
        .write_to(&out)
        .unwrap();
    write(dir.path(), "a.yaml", "# a comment only\ntype: string\n");
    let differences = generate(&spec, &Options::default()).unwrap().check(&out);
    assert!(
        !differences.is_empty(),
        "the digest covers referenced files"
    );
}
