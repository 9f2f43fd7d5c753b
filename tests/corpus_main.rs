//! `cargo run --release -p m3ter-tests --bin corpus -- <folder> [work folder]`
//!
//! Generates a crate from every spec in the folder, runs `cargo check` with
//! `-D warnings` on each, and prints a table. Exits 1 if any spec fails.

use m3ter_tests::corpus::{run, specs_in, table};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: corpus <folder of specs> [work folder]");
        std::process::exit(2);
    };
    let work = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| m3ter_tests::repo_root().join("target/corpus"));
    let specs = specs_in(&dir);
    if specs.is_empty() {
        eprintln!("no .yaml or .json specs in {}", dir.display());
        std::process::exit(2);
    }
    let rows = run(&specs, &work);
    print!("{}", table(&rows));
    if rows.iter().any(|r| r.result.is_err()) {
        std::process::exit(1);
    }
}
