//! `apigen diff` on real specs: every spec of the shared corpus compared
//! with itself has no change (the pairing finds every item again). Each
//! spec is loaded once: loading is deterministic (the generator's output
//! is byte-identical on every run, which other tests check), and the debug
//! build this runs in loads GitHub's spec in seconds.

use apigen::diff::{self, Format, SpecRef};
use apigen::Options;
use m3ter_tests::repo_root;

#[test]
fn every_corpus_spec_has_no_change_against_itself() {
    let corpus = repo_root().join("../shared/corpus/openapi-3.0");
    let specs = m3ter_tests::corpus::specs_in(&corpus);
    assert!(
        specs.len() >= 50,
        "the corpus is missing: {}",
        corpus.display()
    );
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
