//! Cargo features per tag in a crate that lives on: the generator owns the
//! `[features]` table of its `Cargo.toml`, keeps it in step with the
//! spec's tags, and leaves every other line as the user keeps it.

use apigen::{generate, Options};
use std::fs;
use std::path::Path;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/m3ter.yaml");

fn options(tags: &[&str]) -> Options {
    Options {
        features_per_tag: true,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Options::default()
    }
}

fn manifest(dir: &Path) -> String {
    fs::read_to_string(dir.join("Cargo.toml")).unwrap()
}

#[test]
fn the_features_table_follows_the_spec_and_the_rest_stays_the_users() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m3ter");
    let everything = generate(Path::new(SPEC), &options(&[])).unwrap();
    everything.write_to(&dir).unwrap();
    let written = manifest(&dir);
    assert!(
        written.contains("[features]\ndefault = [\"full\"]\nfull = [\"authentication\", \"statements\", \"counter-adjustments\"]\n"),
        "{written}"
    );

    // The user bumps the version and adds a dependency of their own.
    let edited = written
        .replace("version = \"0.1.0\"", "version = \"0.4.2\"")
        .replace("[dependencies]\n", "[dependencies]\nuuid = \"1\"\n");
    fs::write(dir.join("Cargo.toml"), &edited).unwrap();
    assert!(
        everything.check(&dir).is_empty(),
        "{:?}",
        everything.check(&dir)
    );
    let report = everything.write_to(&dir).unwrap();
    assert!(report.unchanged.contains(&"Cargo.toml".to_string()));

    // The spec loses a tag (here: generation keeps one tag only): the table
    // follows, `check` reports it first, the user's lines stay.
    let fewer = generate(Path::new(SPEC), &options(&["Statements"])).unwrap();
    let differences: Vec<String> = fewer.check(&dir).iter().map(|d| d.to_string()).collect();
    assert!(
        differences
            .iter()
            .any(|d| d.starts_with("changed: Cargo.toml")),
        "{differences:?}"
    );
    fewer.write_to(&dir).unwrap();
    let rewritten = manifest(&dir);
    assert!(rewritten.contains("version = \"0.4.2\""), "{rewritten}");
    assert!(rewritten.contains("uuid = \"1\""), "{rewritten}");
    assert!(
        rewritten.ends_with(
            "[features]\ndefault = [\"full\"]\nfull = [\"statements\"]\nstatements = []\n"
        ),
        "{rewritten}"
    );
    assert!(fewer.check(&dir).is_empty());
}

#[test]
fn without_features_per_tag_an_existing_manifest_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m3ter");
    generate(Path::new(SPEC), &options(&[]))
        .unwrap()
        .write_to(&dir)
        .unwrap();
    let before = manifest(&dir);
    let plain = generate(Path::new(SPEC), &Options::default()).unwrap();
    plain.write_to(&dir).unwrap();
    assert_eq!(manifest(&dir), before);
    assert!(!plain.cargo_toml().contents.contains("[features]"));
}

#[test]
fn the_included_single_file_has_no_feature_gates() {
    let output = generate(Path::new(SPEC), &options(&[])).unwrap();
    let client = output
        .files()
        .iter()
        .find(|f| f.path == "src/client.rs")
        .unwrap();
    assert!(client.contents.contains("#[cfg(feature = \"statements\")]"));
    let single = output.single_file("api.rs").unwrap();
    assert!(
        !single.contents.contains("cfg(feature"),
        "{}",
        single.contents
    );
}
