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

/// The canonical form of `path` (temporary folders may lie behind a
/// symbolic link, as on macOS), as messages show the reference root.
fn real(path: &Path) -> std::path::PathBuf {
    fs::canonicalize(path).unwrap()
}

/// The error of a `$ref` beyond the reference root `root`.
fn assert_outside(error: &apigen::Diagnostic, root: &Path, pointer: &str) {
    let expected = format!(
        "points outside the reference root `{}` (set another with `--ref-root <DIR>`",
        real(root).display()
    );
    assert!(error.message.contains(&expected), "{error}");
    assert_eq!(error.pointer, pointer);
}

#[test]
fn a_reference_outside_the_spec_folder_is_refused_by_default() {
    // The spec is not below the current directory (the package root), so
    // the reference root is the spec's folder.
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
    assert_outside(
        &errors[0],
        &dir.path().join("spec"),
        "/info/description/$ref",
    );
}

/// `reference/api.json` → `../models/Agent.json`: a root spec in a
/// subfolder that refers to a sibling folder.
fn root_in_a_subfolder(dir: &Path) -> std::path::PathBuf {
    write(
        dir,
        "reference/api.json",
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/agents": {"get": {"responses": {"200": {"description": "ok",
              "content": {"application/json": {"schema": {"$ref": "../models/Agent.json"}}}}}}}}}"#,
    );
    write(
        dir,
        "models/Agent.json",
        r#"{"type": "object", "properties": {"status": {"$ref": "./Status.json"}}}"#,
    );
    write(
        dir,
        "models/Status.json",
        r#"{"type": "string", "enum": ["idle", "busy"]}"#,
    );
    dir.join("reference/api.json")
}

#[test]
fn the_reference_root_option_lets_a_spec_reach_a_sibling_folder() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root_in_a_subfolder(dir.path());
    let errors = spec_errors(generate(&spec, &Options::default()));
    assert_outside(
        &errors[0],
        &dir.path().join("reference"),
        "/paths/~1agents/get/responses/200/content/application~1json/schema/$ref",
    );

    let options = Options {
        ref_root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let output = generate(&spec, &options).unwrap();
    let names: Vec<&str> = output.ir().types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Status", "Agent"]);
    assert_eq!(output.referenced_files().len(), 2);
}

#[test]
fn a_reference_beyond_the_reference_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root_in_a_subfolder(dir.path());
    write(
        dir.path(),
        "models/Agent.json",
        r#"{"type": "object", "properties": {"owner": {"$ref": "../../Owner.json"}}}"#,
    );
    let options = Options {
        ref_root: Some(dir.path().to_path_buf()),
        ..Options::default()
    };
    let errors = spec_errors(generate(&spec, &options));
    assert_outside(
        &errors[0],
        dir.path(),
        "/components/schemas/Agent/properties/owner/$ref",
    );
    assert!(
        errors[0].message.contains("`$ref: ../../Owner.json`"),
        "{}",
        errors[0]
    );
}

#[test]
fn absolute_paths_and_symbolic_links_do_not_leave_the_reference_root() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "outside/secret.yaml", "type: string\n");
    let secret = real(&dir.path().join("outside/secret.yaml"));
    let spec = dir.path().join("spec/api.yaml");
    write(
        dir.path(),
        "spec/api.yaml",
        &format!(
            "{ROOT_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '{}'}}\n    B: {{$ref: 'link/secret.yaml'}}\n",
            secret.display()
        ),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("outside"), dir.path().join("spec/link")).unwrap();
    let errors = spec_errors(generate(&spec, &Options::default()));
    let spec_dir = dir.path().join("spec");
    assert_outside(&errors[0], &spec_dir, "/components/schemas/A/$ref");
    #[cfg(unix)]
    assert_outside(&errors[1], &spec_dir, "/components/schemas/B/$ref");
}

#[test]
fn a_reference_root_that_is_not_a_folder_is_an_invalid_option() {
    let dir = tempfile::tempdir().unwrap();
    let spec = root_in_a_subfolder(dir.path());
    for root in [dir.path().join("missing"), spec.clone()] {
        let options = Options {
            ref_root: Some(root.clone()),
            ..Options::default()
        };
        let error = generate(&spec, &options).err().unwrap().to_string();
        assert_eq!(
            error,
            format!(
                "invalid reference root `{}`: must be a folder that exists",
                root.display()
            )
        );
    }
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
