//! Every snapshot must also compile: the crates generated from the m3ter spec
//! and from each fixture are written into one scratch workspace under
//! `target/`, then checked with clippy under `-D warnings` and documented
//! with rustdoc under `-D warnings`.

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
            spec_label: None,
        };
        let output = generate(&spec, &options)
            .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()));
        output.write_to(&dir.join(&name)).unwrap();
        members.push(format!("{name:?}"));
    }
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
    cargo(&dir, &["clippy", "--workspace", "--quiet"], "RUSTFLAGS");
    cargo(
        &dir,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        "RUSTDOCFLAGS",
    );
}
