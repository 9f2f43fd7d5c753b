//! Every snapshot must also compile: the crates generated from the m3ter spec
//! and from each fixture are written into one scratch workspace under
//! `target/`, then checked with clippy under `-D warnings` (with their
//! example programs) and documented with rustdoc under `-D warnings`. The
//! crate generated with cargo features per tag is also checked under each
//! feature alone, none and all.

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
    members.push(extra_derives_crate(
        &dir,
        "m3ter",
        true,
        &["Eq", "::std::hash::Hash"],
    ));
    members.push(extra_derives_crate(&dir, "combinators", false, &[]));
    members.push(single_file_crate(&dir));
    members.push(features_crate(&dir));
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The project's lock file pins the same dependency versions the
    // checked-in client is tested with (and `schemars`, which the
    // operations tests use too).
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// A derive no generated type has by default, from a crate (`schemars`,
/// the README's example): a struct deriving it needs every type it holds
/// (string and integer enums, unions) to implement it too.
const EXTRA_DERIVE: &str = "schemars::JsonSchema";
/// The dependency line the crate of `EXTRA_DERIVE` needs (with its impls
/// for chrono's dates).
const EXTRA_DERIVE_DEPENDENCY: &str = r#"schemars = { version = "0.8", features = ["chrono"] }"#;

/// The crate of `tests/fixtures/<fixture>.yaml` (or of the m3ter spec),
/// with [`EXTRA_DERIVE`] and `more` extra derives (e.g. `Eq`, which enums
/// derive already and must not derive twice), and the models alone when
/// `models_only`.
fn extra_derives_crate(dir: &Path, fixture: &str, models_only: bool, more: &[&str]) -> String {
    let name = format!("snapshot-{fixture}-extra-derives");
    let spec = match fixture {
        "m3ter" => repo_root().join("spec/m3ter.yaml"),
        _ => repo_root().join(format!("tests/fixtures/{fixture}.yaml")),
    };
    let mut extra_derives: Vec<String> = more.iter().map(|d| d.to_string()).collect();
    extra_derives.push(EXTRA_DERIVE.into());
    let options = Options {
        crate_name: Some(name.clone()),
        models_only,
        extra_derives,
        ..Options::default()
    };
    let output = generate(&spec, &options).unwrap();
    assert_eq!(
        output.files().iter().any(|f| f.path == "src/client.rs"),
        !models_only
    );
    let crate_dir = dir.join(&name);
    output.write_to(&crate_dir).unwrap();
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replacen(
        "[dependencies]\n",
        &format!("[dependencies]\n{EXTRA_DERIVE_DEPENDENCY}\n"),
        1,
    );
    std::fs::write(&manifest, text).unwrap();
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

/// The package of the crate generated with cargo features per tag.
const FEATURES_CRATE: &str = "snapshot-features";

/// `tests/fixtures/features/tags.yaml` with a cargo feature per tag.
fn features_crate(dir: &Path) -> String {
    let spec = repo_root().join("tests/fixtures/features/tags.yaml");
    let options = Options {
        crate_name: Some(FEATURES_CRATE.to_string()),
        features_per_tag: true,
        ..Options::default()
    };
    let output = generate(&spec, &options).unwrap();
    output.write_to(&dir.join(FEATURES_CRATE)).unwrap();
    format!("{FEATURES_CRATE:?}")
}

/// The features of the features crate, as its `Cargo.toml` declares them.
fn declared_features(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(dir.join(FEATURES_CRATE).join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[features]\n"), "a [features] table");
    m3ter_tests::generative::batch::declared_features(&manifest)
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
    every_feature_alone_builds(&dir);
}

/// No combination of a crate's features breaks its build: each feature on
/// its own, none, and all (the workspace run above has the default, `full`).
/// The dependencies are built already, so each run checks the one crate.
fn every_feature_alone_builds(dir: &Path) {
    let features = declared_features(dir);
    assert!(
        features.len() >= 5,
        "full, three tags and untagged: {features:?}"
    );
    let mut runs: Vec<Vec<&str>> = vec![vec![]];
    runs.extend(features.iter().map(|f| vec!["--features", f.as_str()]));
    runs.push(vec!["--all-features"]);
    for run in runs {
        let mut args = vec![
            "clippy",
            "-p",
            FEATURES_CRATE,
            "--all-targets",
            "--quiet",
            "--no-default-features",
        ];
        args.extend(run);
        cargo(dir, &args, "RUSTFLAGS");
    }
}
