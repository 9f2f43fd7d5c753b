//! `cargo run --release -p m3ter-tests --bin generative -- [options]`
//!
//! Runs the generative test for as long as asked: the documents of
//! `--count` seeds from `--seed`, `--batch` per clippy run, and prints a
//! summary of the failures (exit code 1 if there are any). Options:
//!
//! - `--seed N` (default 0), `--count N` (default 500), `--batch N`
//!   (default 50);
//! - `--without a,b` leaves idioms out (`known-bugs` for those of
//!   known bugs); `--list-idioms` lists them;
//! - `--minimize` minimizes the first failure of each kind (slow: one
//!   clippy run per step);
//! - `--rustdoc` also documents each client that passes clippy, with
//!   rustdoc under `-D warnings` (about half as long again);
//! - `--print N` prints the document of seed N and exits;
//! - `--spec FILE` generates and compiles one spec file (a repro in
//!   `tests/generative/found/`, say) and prints its errors; `--extra-derive
//!   D` (repeatable) generates it with that derive, `--features-per-tag`
//!   as a crate with a feature per tag, checked under each one alone;
//! - `--work DIR` (default `target/generative/runs`).
//!
//! With `--worker <manifest> <out>` it is the generation worker the runs
//! start (see `m3ter_tests::generative::worker`).

use m3ter_tests::generative::run::{check_spec, run, Config, SpecOptions};
use m3ter_tests::generative::worker::{worker_main, WORKER_FLAG};
use m3ter_tests::generative::{document, Idiom, Idioms, KNOWN_BUGS};
use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(WORKER_FLAG) {
        let (Some(manifest), Some(out)) = (args.get(1), args.get(2)) else {
            eprintln!("usage: generative --worker <manifest> <out folder>");
            std::process::exit(2);
        };
        std::process::exit(worker_main(manifest.as_ref(), out.as_ref()));
    }
    let config = match parse(&args) {
        Ok(Some(config)) => config,
        Ok(None) => return,
        Err(message) => {
            eprintln!("generative: {message}");
            std::process::exit(2);
        }
    };
    let summary = run(&config, &mut |line| eprintln!("{line}"));
    if !summary.failures.is_empty() {
        print!("{}", summary.report());
    }
    print!("{summary}");
    if !summary.failures.is_empty() {
        std::process::exit(1);
    }
}

/// The run the arguments ask for; `None` when they asked for something
/// else, already done (a listing, a printed document).
fn parse(args: &[String]) -> Result<Option<Config>, String> {
    let worker = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut config = Config::new("runs", worker, 0, 500);
    let mut print = None;
    let mut spec: Option<PathBuf> = None;
    let mut options = SpecOptions::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        let number = |text: &String| {
            text.parse::<u64>()
                .map_err(|_| format!("{arg} takes a number, not {text}"))
        };
        match arg.as_str() {
            "--seed" => config.first_seed = number(value()?)?,
            "--count" => config.count = number(value()?)?,
            "--batch" => config.batch = number(value()?)?.max(1) as usize,
            "--without" => config.idioms = Idioms::all_but(value()?)?,
            "--work" => config.work = PathBuf::from(value()?),
            "--minimize" => config.minimize = Some(Duration::MAX),
            "--rustdoc" => config.rustdoc = true,
            "--print" => print = Some(number(value()?)?),
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--extra-derive" => options.extra_derives.push(value()?.clone()),
            "--features-per-tag" => options.features_per_tag = true,
            "--list-idioms" => {
                list_idioms();
                return Ok(None);
            }
            other => {
                return Err(format!(
                    "unknown argument {other}; see the top of generative_main.rs"
                ))
            }
        }
    }
    if let Some(spec) = spec {
        check_one_spec(&config, &spec, &options);
        return Ok(None);
    }
    if let Some(seed) = print {
        print!("{}", document(seed, &config.idioms).listing());
        return Ok(None);
    }
    Ok(Some(config))
}

/// `--spec`: generates and compiles one spec, prints every error; exits 1
/// when there are any.
fn check_one_spec(config: &Config, spec: &std::path::Path, options: &SpecOptions) {
    let spec = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf());
    let errors = check_spec(config, &spec, options, true);
    for (signature, message) in &errors {
        println!("[{signature}]\n{message}");
    }
    if errors.is_empty() {
        println!("{}: generates and compiles cleanly", spec.display());
    } else {
        std::process::exit(1);
    }
}

fn list_idioms() {
    for idiom in Idiom::ALL {
        let bug = KNOWN_BUGS
            .iter()
            .find(|(i, _)| i == idiom)
            .map(|(_, bug)| format!(" [known bug {bug}]"))
            .unwrap_or_default();
        println!("{:<22} {}{bug}", idiom.name(), idiom.describe());
    }
}
