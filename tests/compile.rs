//! Every snapshot must also compile: the crates generated from the m3ter spec
//! and from each fixture are written into one scratch workspace under
//! `target/`, then checked with clippy under `-D warnings` (with their
//! example programs) and documented with rustdoc under `-D warnings`.

use apigen::{generate, Options};
use m3ter_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::Command;

fn specs() -> Vec<PathBuf> {
    let root = repo_root();
    let mut specs = vec![root.join("spec/m3ter.yaml")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    specs.push(root.join("tests/fixtures/multi-file/api.yaml"));
    specs
}

/// Writes one crate per spec and a workspace around them; returns its folder.
fn scratch_workspace() -> PathBuf {
    let root = repo_root();
    let dir = root.join("target/snapshot-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut members = Vec::new();
    for spec in specs() {
        let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!("snapshot-{stem}");
        let options = Options {
            crate_name: Some(name.clone()),
            ..Options::default()
        };
        let output = generate(&spec, &options)
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()));
        output.write_to(&dir.join(&name)).unwrap();
        members.push(format!("{name:?}"));
    }
    members.push(options_crate(&dir));
    members.push(single_file_crate(&dir));
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The project's lock file pins the same dependency versions the
    // checked-in client is tested with.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// The m3ter models alone, with extra derives (`--models-only --extra-derive Eq`).
fn options_crate(dir: &Path) -> String {
    let name = "snapshot-models-only";
    let options = Options {
        crate_name: Some(name.to_string()),
        models_only: true,
        extra_derives: vec!["Eq".into(), "::std::hash::Hash".into()],
        ..Options::default()
    };
    let output = generate(&repo_root().join("spec/m3ter.yaml"), &options).unwrap();
    assert!(output.files().iter().all(|f| f.path != "src/client.rs"));
    output.write_to(&dir.join(name)).unwrap();
    format!("{name:?}")
}

/// The `build.rs` form: one file of inline modules, included below a module.
fn single_file_crate(dir: &Path) -> String {
    let name = "snapshot-single-file";
    let spec = repo_root().join("tests/fixtures/shapes.yaml");
    let options = Options {
        crate_name: Some(name.to_string()),
        ..Options::default()
    };
    let output = generate(&spec, &options).unwrap();
    let crate_dir = dir.join(name);
    output.write_to(&crate_dir).unwrap();
    let file = output.single_file("api.rs").unwrap();
    std::fs::write(crate_dir.join("src/api.rs"), &file.contents).unwrap();
    std::fs::write(
        crate_dir.join("src/lib.rs"),
        "//! The single-file form, included below a module.\n\n/// The client.\npub mod api {\n    include!(\"api.rs\");\n}\n",
    )
    .unwrap();
    for module in ["client", "error", "models"] {
        std::fs::remove_file(crate_dir.join(format!("src/{module}.rs"))).unwrap();
    }
    // The example program uses the crate-root paths of the multi-file form.
    let _ = std::fs::remove_dir_all(crate_dir.join("examples"));
    format!("{name:?}")
}

fn cargo(dir: &Path, args: &[&str], flag_var: &str) {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(flag_var, "-D warnings")
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "`cargo {}` failed in {}: the generated code above does not build cleanly",
        args.join(" "),
        dir.display()
    );
}

#[test]
fn every_snapshot_compiles_without_warnings() {
    let dir = scratch_workspace();
    // All targets: the generated example programs too.
    cargo(
        &dir,
        &["clippy", "--workspace", "--all-targets", "--quiet"],
        "RUSTFLAGS",
    );
    cargo(
        &dir,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        "RUSTDOCFLAGS",
    );
}
