//! The `apigen` command: a thin layer over the library.

#![warn(clippy::too_many_lines)]

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
    /// What changes between the crates two specs generate: the Rust API and the wire contract.
    Diff(DiffArgs),
}

/// `apigen diff`: exit 0, or 1 when a change reaches `--fail-on`, or 2
/// when a spec or revision cannot be read.
#[derive(Args)]
struct DiffArgs {
    /// The old spec: a file, or a file at a git revision, `REV:path` (e.g. `HEAD:spec/api.yaml`).
    #[arg(long, value_name = "SPEC")]
    old: String,
    /// The new spec: a file, or `REV:path`.
    #[arg(long, value_name = "SPEC")]
    new: String,
    /// The generated crate: the suggested bump starts from its Cargo.toml's version.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// text (rustc-like), markdown (a pull request comment), json, or github (workflow annotations).
    #[arg(long, default_value = "text", value_parser = ["text", "markdown", "json", "github"])]
    format: String,
    /// Exit 1 when a change reaches this level.
    #[arg(long, value_name = "LEVEL", value_parser = ["major", "minor", "wire-breaking", "wire-warning"])]
    fail_on: Option<String>,
    /// A file of accepted changes' fingerprints, one a line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    accept: Option<PathBuf>,
    #[command(flatten)]
    options: Options,
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
    match &cli.command {
        Command::Generate(target) => generate_or_check(target, true),
        Command::Check(target) => generate_or_check(target, false),
        Command::Diff(args) => diff(args),
    }
}

fn generate_or_check(target: &Target, generate_crate: bool) -> ExitCode {
    let mut options = target.options.clone();
    if options.crate_name.is_none() {
        // The generated code names its own crate (the example program uses
        // it), so an existing Cargo.toml's package name wins over the title.
        options.crate_name = apigen::write::package_field(&target.out, "name");
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
    if generate_crate {
        // Before writing: the crate's `lib.rs` says which spec it was
        // generated from.
        let summary = apigen::diff::regeneration_summary(
            &target.spec,
            output.spec_digest(),
            &target.out,
            &options,
        );
        let started = std::time::Instant::now();
        let written = output.write_to(&target.out);
        if target.timings {
            let writing = started.elapsed().as_secs_f64() * 1e3;
            eprintln!("timings: {}; write {writing:.2} ms", output.timings());
        }
        eprintln!("untyped: {}", output.untyped());
        let code = report_written(&target.out, written);
        if let Some(summary) = summary {
            eprintln!("{summary}");
        }
        code
    } else {
        if target.timings {
            eprintln!("timings: {}", output.timings());
        }
        report_check(&output, target)
    }
}

/// Compares the two specs and prints the report on stdout.
fn diff(args: &DiffArgs) -> ExitCode {
    use apigen::diff::{self, FailOn, Format, SpecRef};
    let failed = |message: String| {
        eprintln!("{message}");
        ExitCode::from(2)
    };
    let load = |spec: &str| diff::load(&SpecRef::parse(spec), &args.options);
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return failed(error.to_string()),
    };
    let mut report = diff::compare(&old, &new);
    if let Some(file) = &args.accept {
        match std::fs::read_to_string(file) {
            Ok(text) => report.accept(&text),
            Err(error) => return failed(format!("cannot read {}: {error}", file.display())),
        }
    }
    let version = args
        .out
        .as_deref()
        .and_then(|out| apigen::write::package_field(out, "version"));
    let format = Format::parse(&args.format).unwrap_or(Format::Text);
    print!("{}", report.render(format, version.as_deref()));
    let fail_on = match args.fail_on.as_deref() {
        Some("major") => Some(FailOn::Major),
        Some("minor") => Some(FailOn::Minor),
        Some("wire-breaking") => Some(FailOn::WireBreaking),
        Some("wire-warning") => Some(FailOn::WireWarning),
        _ => None,
    };
    match fail_on {
        Some(level) if report.fails(level) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
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
