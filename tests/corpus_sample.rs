//! The corpus command over a sample of the shared corpus, in one scratch
//! workspace (dependencies are built once): the small OpenAPI 3.0 and 3.1
//! specs (up to 24 KiB: about half of the 3.0 ones, a few seconds of
//! generation), and cuts of OpenAI's and Discord's 3.1 specs (some of their
//! operations, their webhooks, and the components those reach: their whole
//! crates take minutes to check on two cores). Each must generate and pass
//! `cargo check` with `-D warnings`. The whole corpus is
//! `cargo run --release -p m3ter-tests --bin corpus -- ../shared/corpus/openapi-3.0`
//! (and `-- --clippy ../shared/corpus/openapi-3.1`).

use m3ter_tests::corpus::{run, specs_in, table};
use m3ter_tests::cut::cut;
use m3ter_tests::repo_root;
use std::path::PathBuf;

const SMALL: u64 = 24 * 1024;

fn small_specs(version: &str) -> Vec<PathBuf> {
    let corpus = repo_root().join(format!("../shared/corpus/openapi-{version}"));
    let specs: Vec<_> = specs_in(&corpus)
        .into_iter()
        .filter(|spec| std::fs::metadata(spec).is_ok_and(|m| m.len() <= SMALL))
        .collect();
    assert!(
        specs.len() >= 4,
        "expected the shared corpus at {} (found {} small specs)",
        corpus.display(),
        specs.len()
    );
    specs
}

/// The cuts of the big 3.1 specs, written under `target/`.
fn cuts() -> Vec<PathBuf> {
    let corpus = repo_root().join("../shared/corpus/openapi-3.1");
    let dir = repo_root().join("target/corpus-cuts");
    std::fs::create_dir_all(&dir).unwrap();
    vec![
        // Vector stores: the recursive CompoundFilter, discriminators
        // without mappings; Files: multipart uploads.
        cut(
            &corpus.join("openai.yaml"),
            &["Vector stores", "Files"],
            &dir.join("openai-cut.json"),
        ),
        // Messages: const enums (some 0), nullable unions, components
        // tagged by integer consts.
        cut(
            &corpus.join("discord.json"),
            &["/channels/{channel_id}/messages"],
            &dir.join("discord-cut.json"),
        ),
    ]
}

#[test]
fn small_and_cut_corpus_specs_generate_and_check_cleanly() {
    let mut specs = small_specs("3.0");
    assert!(specs.len() >= 10, "{} small 3.0 specs", specs.len());
    specs.extend(small_specs("3.1"));
    specs.extend(cuts());
    let rows = run(&specs, &repo_root().join("target/corpus-sample"));
    let report = table(&rows);
    println!("{report}");
    let failed: Vec<_> = rows.iter().filter(|r| r.result.is_err()).collect();
    assert!(failed.is_empty(), "specs that failed:\n{report}");
}
