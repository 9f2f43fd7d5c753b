//! The corpus command over the small specs of the shared corpus (those up
//! to 24 KiB: about half of them, a few seconds of generation): each must
//! generate and pass `cargo check` with `-D warnings`. The whole corpus is
//! `cargo run --release -p m3ter-tests --bin corpus -- ../shared/corpus/openapi-3.0`.

use m3ter_tests::corpus::{run, specs_in, table};
use m3ter_tests::repo_root;

const SMALL: u64 = 24 * 1024;

#[test]
fn small_corpus_specs_generate_and_check_cleanly() {
    let corpus = repo_root().join("../shared/corpus/openapi-3.0");
    let specs: Vec<_> = specs_in(&corpus)
        .into_iter()
        .filter(|spec| std::fs::metadata(spec).is_ok_and(|m| m.len() <= SMALL))
        .collect();
    assert!(
        specs.len() >= 10,
        "expected the shared corpus at {} (found {} small specs)",
        corpus.display(),
        specs.len()
    );
    let rows = run(&specs, &repo_root().join("target/corpus-sample"));
    let report = table(&rows);
    println!("{report}");
    let failed: Vec<_> = rows.iter().filter(|r| r.result.is_err()).collect();
    assert!(failed.is_empty(), "specs that failed:\n{report}");
}
