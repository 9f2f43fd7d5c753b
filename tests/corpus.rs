//! Generating and checking a whole folder of specs: each spec becomes a crate
//! in one scratch workspace, and each crate must pass `cargo check` (or
//! `cargo clippy`) with `-D warnings`. Used by the `corpus` command and by a
//! test over a sample.

use apigen::{generate, Options};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One row of the corpus table.
#[derive(Debug, Clone)]
pub struct Row {
    pub spec: String,
    pub operations: usize,
    pub types: usize,
    pub warnings: usize,
    /// Fields and parameters typed as `serde_json::Value`, of how many.
    pub untyped: (usize, usize),
    pub generation: Duration,
    /// `Ok(())` when the crate checks cleanly; the reason otherwise.
    pub result: Result<(), String>,
}

/// The specs of a corpus folder: every `.yaml`/`.json` file directly in it,
/// and the root of each multi-file spec in a subfolder (the file whose name
/// ends in `.v2.yaml`, `openapi.yaml` or similar is named in `roots`).
pub fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    specs.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "json"));
    // Multi-file specs: a subfolder holding `specification/<root>.yaml`.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.filter_map(Result::ok) {
            let spec_dir = entry.path().join("specification");
            if let Ok(files) = std::fs::read_dir(&spec_dir) {
                specs.extend(
                    files
                        .filter_map(Result::ok)
                        .map(|f| f.path())
                        .filter(|p| p.to_string_lossy().ends_with("-public.v2.yaml")),
                );
            }
        }
    }
    specs.sort();
    specs
}

/// A crate name for a spec file: its stem in lower kebab case.
pub fn crate_name_for(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .to_lowercase();
    let cleaned: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("corpus-{}", cleaned.trim_matches('-'))
}

/// How each generated crate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lint {
    /// `cargo check`.
    Check,
    /// `cargo clippy` (which checks too).
    Clippy,
}

impl Lint {
    fn command(self) -> &'static str {
        match self {
            Lint::Check => "check",
            Lint::Clippy => "clippy",
        }
    }
}

/// Generates every spec into `work/<crate>` and checks each crate.
pub fn run(specs: &[PathBuf], work: &Path) -> Vec<Row> {
    run_with(specs, work, Lint::Check)
}

/// [`run`], checking each crate with `lint`.
pub fn run_with(specs: &[PathBuf], work: &Path, lint: Lint) -> Vec<Row> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).expect("the work folder can be created");
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for spec in specs {
        let name = crate_name_for(spec);
        let options = Options {
            crate_name: Some(name.clone()),
            ..Options::default()
        };
        let started = Instant::now();
        let generated = generate(spec, &options);
        let generation = started.elapsed();
        let label = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match generated {
            Ok(output) => {
                let result = output
                    .write_to(&work.join(&name))
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                if result.is_ok() {
                    members.push(name.clone());
                }
                let untyped = output.untyped();
                rows.push(Row {
                    spec: label,
                    operations: output.ir().operations.len(),
                    types: output.ir().types.len(),
                    warnings: output.warnings().len(),
                    untyped: (untyped.uses.len(), untyped.total),
                    generation,
                    result: result.map_err(|e| format!("write failed: {e}")),
                });
            }
            Err(error) => rows.push(Row {
                spec: label,
                operations: 0,
                types: 0,
                warnings: 0,
                untyped: (0, 0),
                generation,
                result: Err(format!(
                    "generation failed: {}",
                    first_line(&error.to_string())
                )),
            }),
        }
    }
    write_workspace(work, &members);
    for (row, name) in rows.iter_mut().zip(specs.iter().map(|s| crate_name_for(s))) {
        if row.result.is_ok() {
            row.result = cargo_check(work, &name, lint);
        }
    }
    rows
}

fn write_workspace(work: &Path, members: &[String]) {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("the workspace manifest can be written");
    // Same dependency versions as the project's own tests.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let _ = std::fs::copy(lock, work.join("Cargo.lock"));
}

fn cargo_check(work: &Path, name: &str, lint: Lint) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .args([
            lint.command(),
            "--quiet",
            "--message-format=short",
            "-p",
            name,
        ])
        .current_dir(work)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| format!("cargo did not run: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    Err(format!(
        "cargo {} failed ({} error lines), first: {}",
        lint.command(),
        errors.len(),
        errors.first().copied().unwrap_or("(none)")
    ))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The table printed by the `corpus` command.
pub fn table(rows: &[Row]) -> String {
    table_with(rows, Lint::Check)
}

/// [`table`], naming `lint` as the check.
pub fn table_with(rows: &[Row], lint: Lint) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | operations | types | warnings | untyped | generation | cargo {} |\n|---|---:|---:|---:|---:|---:|---|",
        lint.command()
    );
    for row in rows {
        let result = match &row.result {
            Ok(()) => "ok".to_string(),
            Err(reason) => format!("FAILED: {}", reason.replace('|', "\\|")),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} of {} | {:.1} ms | {} |",
            row.spec,
            row.operations,
            row.types,
            row.warnings,
            row.untyped.0,
            row.untyped.1,
            row.generation.as_secs_f64() * 1000.0,
            result
        );
    }
    let passed = rows.iter().filter(|r| r.result.is_ok()).count();
    let _ = writeln!(
        out,
        "\n{passed} of {} specs generate and pass cargo {} -D warnings",
        rows.len(),
        lint.command()
    );
    out
}
