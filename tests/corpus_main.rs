//! `cargo run --release -p m3ter-tests --bin corpus -- [--clippy] <folder> [work folder]`
//!
//! Generates a crate from every spec in the folder (OpenAPI 3.0 or 3.1),
//! runs `cargo check` (or, with `--clippy`, `cargo clippy`) with `-D
//! warnings` on each, and prints a table. Exits 1 if any spec fails.

use m3ter_tests::corpus::{run_with, specs_in, table_with, Lint};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let lint = match args.peek().map(String::as_str) {
        Some("--clippy") => {
            args.next();
            Lint::Clippy
        }
        _ => Lint::Check,
    };
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: corpus [--clippy] <folder of specs> [work folder]");
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
    let rows = run_with(&specs, &work, lint);
    print!("{}", table_with(&rows, lint));
    if rows.iter().any(|r| r.result.is_err()) {
        std::process::exit(1);
    }
}
