//! `apigen diff` on real specs: every spec of the shared corpus (OpenAPI
//! 3.0 and 3.1) compared with itself has no change (the pairing finds every item again). Each
//! spec is loaded once: loading is deterministic (the generator's output
//! is byte-identical on every run, which other tests check), and the debug
//! build this runs in loads GitHub's spec in seconds.

use apigen::diff::{self, Format, SpecRef};
use apigen::Options;
use m3ter_tests::repo_root;

#[test]
fn every_corpus_spec_has_no_change_against_itself() {
    let corpus = repo_root().join("../shared/corpus/openapi-3.0");
    let mut specs = m3ter_tests::corpus::specs_in(&corpus);
    assert!(
        specs.len() >= 50,
        "the corpus is missing: {}",
        corpus.display()
    );
    // And the 3.1 specs: tuples, bytes and the webhooks' enum are paired too.
    let corpus31 = repo_root().join("../shared/corpus/openapi-3.1");
    let specs31 = m3ter_tests::corpus::specs_in(&corpus31);
    assert!(specs31.len() >= 16, "missing: {}", corpus31.display());
    specs.extend(specs31);
    let mut failures = Vec::new();
    for spec in &specs {
        let Ok(loaded) = diff::load(&SpecRef::File(spec.clone()), &Options::default()) else {
            continue; // a spec the generator refuses is not a diff's concern
        };
        let report = diff::compare(&loaded, &loaded);
        if !report.changes.is_empty() {
            failures.push(format!(
                "{}:\n{}",
                spec.display(),
                report.render(Format::Text, None)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A corpus spec against a copy with edits of the kinds users meet most:
/// a field made required, an enum value added, an operation renamed.
#[test]
fn petstore_against_an_edited_copy() {
    let corpus = repo_root().join("../shared/corpus/openapi-3.0");
    let text = std::fs::read_to_string(corpus.join("petstore3.yaml")).unwrap();
    let edits = [
        (
            "        - name\n        - photoUrls\n",
            "        - name\n        - photoUrls\n        - id\n",
        ),
        (
            "              - sold\n",
            "              - sold\n              - lost\n",
        ),
        ("operationId: deleteOrder", "operationId: cancelOrder"),
    ];
    let mut edited = text.clone();
    for (from, to) in edits {
        assert!(edited.contains(from), "{from:?}");
        edited = edited.replacen(from, to, 1);
    }
    let options = Options::default();
    let old = diff::load_str(&text, "petstore3.yaml", &options).unwrap();
    let new = diff::load_str(&edited, "petstore3-edited.yaml", &options).unwrap();
    let report = diff::compare(&old, &new);
    let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind).collect();
    for kind in [
        "field-became-required",
        "enum-value-added",
        "method-renamed",
    ] {
        assert!(
            kinds.contains(&kind),
            "{kind} missing:\n{}",
            report.render(Format::Text, None)
        );
    }
    // The same report, byte for byte, from a second comparison.
    let again = diff::compare(&old, &new);
    for format in [Format::Text, Format::Markdown, Format::Json, Format::Github] {
        assert_eq!(
            report.render(format, Some("1.0.0")),
            again.render(format, Some("1.0.0"))
        );
    }
}
