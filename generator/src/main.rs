//! The `apigen` command: a thin layer over the library.

use apigen::{generate, Options, WriteReport};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "apigen",
    version,
    about = "Generate a typed async Rust client from an OpenAPI 3.0 or 3.1 spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the client crate for SPEC into OUT (only files whose bytes change).
    Generate(Target),
    /// Exit 0 if OUT is exactly what `generate` would write; otherwise list what differs.
    Check(Target),
}

#[derive(Args)]
struct Target {
    /// The OpenAPI 3.0 or 3.1 spec (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The crate folder to write or check.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Print how long each stage took (and writing, for `generate`).
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    options: Options,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (Command::Generate(target) | Command::Check(target)) = &cli.command;
    let mut options = target.options.clone();
    if options.crate_name.is_none() {
        // The generated code names its own crate (the example program uses
        // it), so an existing Cargo.toml's package name wins over the title.
        options.crate_name = existing_package_name(&target.out);
    }
    let output = match generate(&target.spec, &options) {
        Ok(output) => output,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    for warning in output.warnings() {
        eprintln!("{warning}");
    }
    match &cli.command {
        Command::Generate(_) => {
            let started = std::time::Instant::now();
            let written = output.write_to(&target.out);
            if target.timings {
                let writing = started.elapsed().as_secs_f64() * 1e3;
                eprintln!("timings: {}; write {writing:.2} ms", output.timings());
            }
            eprintln!("untyped: {}", output.untyped());
            report_written(&target.out, written)
        }
        Command::Check(_) => {
            if target.timings {
                eprintln!("timings: {}", output.timings());
            }
            report_check(&output, target)
        }
    }
}

/// Says what `generate` wrote, or why it could not.
fn report_written(out: &Path, written: Result<WriteReport, apigen::Error>) -> ExitCode {
    match written {
        Ok(report) => {
            eprintln!(
                "{}: {} file(s) written, {} unchanged, {} removed",
                out.display(),
                report.written.len(),
                report.unchanged.len(),
                report.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Compares `target.out` with what `generate` would write: success when
/// they are the same, otherwise each difference and how to regenerate.
fn report_check(output: &apigen::Output, target: &Target) -> ExitCode {
    if target.out.exists() && !target.out.is_dir() {
        eprintln!("{}: exists and is not a folder", target.out.display());
        return ExitCode::FAILURE;
    }
    let differences = output.check(&target.out);
    if differences.is_empty() {
        eprintln!("{} is up to date", target.out.display());
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{} is not what `generate` would write:",
        target.out.display()
    );
    for difference in &differences {
        eprintln!("  {difference}");
    }
    eprintln!(
        "regenerate with: apigen generate --spec {} --out {}",
        target.spec.display(),
        target.out.display()
    );
    ExitCode::FAILURE
}

/// The `[package] name` of `dir/Cargo.toml`, if there is one (a plain
/// line-based read: `name = "..."` in the `[package]` table).
fn existing_package_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            let Some(value) = line.strip_prefix("name") else {
                continue;
            };
            let value = value.trim_start().strip_prefix('=')?.trim();
            return Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string());
        }
    }
    None
}
