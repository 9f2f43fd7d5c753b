//! `apigen diff` on the fixture pairs of `fixtures/diff/`, one folder per
//! kind of change: `old.yaml`, `new.yaml` and `witness.rs` (compiled by
//! `diff_witness.rs`), and an `options` file where the pair needs options
//! (`features-per-tag`). Each pair's report is a snapshot in every format,
//! old → new, and the text report of new → old (the opposite change).
//! Review changes with `cargo insta review`.

use apigen::diff::{self, Format};
use apigen::Options;
use m3ter_tests::diff_fixture::FixtureOptions;
use std::path::Path;

/// The report of `old` → `new` of one fixture folder, each spec named by
/// its bare file name, so snapshots do not depend on the checkout.
fn report(dir: &Path, old: &str, new: &str) -> diff::Report {
    let options = FixtureOptions::of(dir).generator_options();
    let load = |name: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        diff::load_str(&text, name, &options)
            .unwrap_or_else(|e| panic!("{}/{name} does not load:\n{e}", dir.display()))
    };
    diff::compare(&load(old), &load(new))
}

#[test]
fn every_kind_in_every_format() {
    insta::glob!("fixtures/diff/*/old.yaml", |path| {
        let dir = path.parent().unwrap();
        let forward = report(dir, "old.yaml", "new.yaml");
        assert!(
            !forward.changes.is_empty(),
            "{}: no change found",
            dir.display()
        );
        let mut text = String::new();
        for format in [Format::Text, Format::Markdown, Format::Json, Format::Github] {
            text.push_str(&format!("===== {format:?} =====\n"));
            text.push_str(&forward.render(format, Some("0.1.0")));
        }
        let backward = report(dir, "new.yaml", "old.yaml");
        text.push_str("===== Text, new → old =====\n");
        text.push_str(&backward.render(Format::Text, Some("0.1.0")));
        insta::assert_snapshot!("report", text);
    });
}

/// Every kind of change has a fixture folder whose report holds it, so
/// the table of kinds and the fixtures cannot drift apart.
#[test]
fn every_kind_has_a_fixture() {
    let root = m3ter_tests::repo_root().join("tests/fixtures/diff");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        for (old, new) in [("old.yaml", "new.yaml"), ("new.yaml", "old.yaml")] {
            seen.extend(report(&dir, old, new).changes.iter().map(|c| c.kind));
        }
    }
    let missing: Vec<&str> = diff::KINDS
        .iter()
        .map(|k| k.id)
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(missing.is_empty(), "kinds no fixture shows: {missing:?}");
}

/// A spec compared with itself has no change.
#[test]
fn a_spec_has_no_change_against_itself() {
    let root = m3ter_tests::repo_root();
    let spec = diff::SpecRef::File(root.join("spec/m3ter.yaml"));
    let loaded = diff::load(&spec, &Options::default()).unwrap();
    assert!(diff::compare(&loaded, &loaded).changes.is_empty());
}

/// The README's example: the m3ter spec with a field made required, an enum
/// value added and an operation added.
#[test]
fn m3ter_readme_example() {
    let root = m3ter_tests::repo_root();
    let load = |path: &str, label: &str| {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        diff::load_str(&text, label, &Options::default()).unwrap()
    };
    let old = load("spec/m3ter.yaml", "spec/m3ter.yaml");
    let new = load(
        "tests/fixtures/diff-examples/m3ter-next.yaml",
        "m3ter-next.yaml",
    );
    let report = diff::compare(&old, &new);
    insta::assert_snapshot!(
        "m3ter-readme-text",
        report.render(Format::Text, Some("0.1.0"))
    );
    insta::assert_snapshot!(
        "m3ter-readme-markdown",
        report.render(Format::Markdown, Some("0.1.0"))
    );
}

/// Two revisions of `spec/m3ter.yaml` from this repository's history: the
/// first transcription, and the one that added the token operation, the
/// lists and the error bodies.
#[test]
fn m3ter_history() {
    let load = |revision: &str| {
        let spec = diff::SpecRef::Revision {
            revision: revision.into(),
            path: "spec/m3ter.yaml".into(),
        };
        diff::load(&spec, &Options::default()).unwrap()
    };
    let report = diff::compare(&load("6b47238"), &load("e0cb704"));
    insta::assert_snapshot!("m3ter-history", report.render(Format::Text, Some("0.1.0")));
}

/// The README's table of kinds names every kind.
#[test]
fn the_readme_lists_every_kind() {
    let readme = std::fs::read_to_string(m3ter_tests::repo_root().join("README.md")).unwrap();
    let missing: Vec<&str> = diff::KINDS
        .iter()
        .map(|k| k.id)
        .filter(|id| !readme.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds the README does not list: {missing:?}"
    );
}
