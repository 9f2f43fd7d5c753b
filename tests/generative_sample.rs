//! The generative test's fixed sample (issue #15): the documents of seeds
//! `0..COUNT` (150), with every idiom, must generate without errors or
//! unexpected warnings and pass clippy `-D warnings`. On failure it prints
//! each kind of failure with its seeds, a minimized document of each kind
//! (as many as `MINIMIZE_FOR` allows; the whole document for the others),
//! and the command that reruns a seed. Longer runs:
//! `cargo run --release -p m3ter-tests --bin generative -- --seed 1000 --count 2000`.
//!
//! `APIGEN_GENERATIVE_WITHOUT=a,b` leaves idioms out (as `--without` does),
//! e.g. `known-bugs` while their fixes are pending.

use m3ter_tests::generative::run::{check_specs, run, Config};
use m3ter_tests::generative::Idioms;
use std::time::Duration;

/// Sized for about nine minutes on two cores from a clean clone: clippy
/// takes one to two seconds per client.
const COUNT: u64 = 150;
const BATCH: usize = 50;
/// On failure, how long to go on starting minimizations (each failure's
/// seed and rerun command are printed whether it is minimized or not).
const MINIMIZE_FOR: Duration = Duration::from_secs(120);

#[test]
fn generated_documents_generate_and_compile_cleanly() {
    let without = std::env::var("APIGEN_GENERATIVE_WITHOUT").unwrap_or_default();
    let config = Config {
        idioms: Idioms::all_but(&without).expect("APIGEN_GENERATIVE_WITHOUT names idioms"),
        batch: BATCH,
        minimize: Some(MINIMIZE_FOR),
        ..Config::new("sample", env!("CARGO_BIN_EXE_generative").into(), 0, COUNT)
    };
    let summary = run(&config, &mut |line| eprintln!("{line}"));
    assert!(
        summary.failures.is_empty(),
        "{}\n{summary}",
        summary.report()
    );
    println!("{summary}");
}

/// The specs of the bugs this test found (`tests/generative/found/`, each
/// minimized from a failing document) generate and compile cleanly: their
/// fixes stay fixed.
#[test]
fn found_specs_generate_and_compile_cleanly() {
    let folder = m3ter_tests::repo_root().join("tests/generative/found");
    let mut specs: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/generative/found is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 15, "the found specs are there: {specs:?}");
    let config = Config::new("found", env!("CARGO_BIN_EXE_generative").into(), 0, 0);
    let failures = check_specs(&config, &specs);
    let report: Vec<String> = failures
        .iter()
        .map(|(spec, errors)| {
            let messages: Vec<&str> = errors.iter().map(|(_, message)| message.as_str()).collect();
            format!("{}:\n{}", spec.display(), messages.join("\n"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", report.join("\n\n"));
}
