//! Compiled witnesses of the source ratings: for each fixture pair of
//! `fixtures/diff/`, its `witness.rs` is a user program written against
//! the crate generated from `old.yaml`. It must compile against that crate,
//! and against the crate generated from `new.yaml` it must fail to compile
//! exactly when the report rates the pair's kind of change `major` (the
//! folder's name, or a `// kind:` first line). So a rating cannot drift
//! from what rustc says about the code as generated.
//!
//! A pair with an `options` file is generated with them; `features = ..`
//! there builds both crates with those cargo features in place of the
//! default (`full`), as a user who chose them would. A feature one crate
//! lacks is left out (where a user's manifest would fail to resolve), so
//! that what it compiled is missing and the witness fails as the user's
//! build would.
//!
//! All crates go into one scratch workspace under `target/` with the
//! project's `Cargo.lock`, checked by one `cargo check --keep-going`.

use apigen::diff::{self, SourceLevel, SpecRef};
use apigen::{generate, Options};
use m3ter_tests::diff_fixture::FixtureOptions;
use m3ter_tests::repo_root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One fixture pair and what its witness must do against the new crate.
struct Case {
    name: String,
    kind: String,
    /// The report rates the kind `major`: the witness must not compile.
    breaks: bool,
    /// The options of the report and of both crates: a witness that uses
    /// the models alone is checked against crates of the models alone
    /// (`--models-only`), which check in a fraction of the time.
    options: Options,
    /// The cargo features both crates are built with, if not the default.
    features: Option<Vec<String>>,
}

/// Whether a witness calls the client or names its error types.
fn uses_client(witness: &str) -> bool {
    ["Client", "client", "Error"]
        .iter()
        .any(|word| witness.contains(word))
}

fn case(dir: &Path) -> Case {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let witness = std::fs::read_to_string(dir.join("witness.rs")).unwrap();
    let kind = witness
        .lines()
        .next()
        .and_then(|line| line.trim().strip_prefix("// kind: "))
        .map_or(name.clone(), str::to_string);
    let fixture = FixtureOptions::of(dir);
    let options = Options {
        models_only: !uses_client(&witness),
        ..fixture.generator_options()
    };
    let load = |file: &str| diff::load(&SpecRef::File(dir.join(file)), &options).unwrap();
    let report = diff::compare(&load("old.yaml"), &load("new.yaml"));
    let level = report
        .changes
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.source)
        .max()
        .unwrap_or_else(|| panic!("{name}: the report has no `{kind}` change"));
    Case {
        name,
        kind,
        breaks: level == SourceLevel::Major,
        options,
        features: fixture.features,
    }
}

/// The crate of one side of a case, with the witness as an example
/// program that names the crate `api`.
fn write_crate(work: &Path, dir: &Path, case: &Case, side: &str) -> String {
    let package = format!("w-{}-{side}", case.name);
    let options = Options {
        crate_name: Some(package.clone()),
        ..case.options.clone()
    };
    let output = generate(&dir.join(format!("{side}.yaml")), &options).unwrap();
    let crate_dir = work.join(&package);
    output.write_to(&crate_dir).unwrap();
    if let Some(features) = &case.features {
        choose_features(&crate_dir.join("Cargo.toml"), features);
    }
    // The generated example program is not what is tested here.
    let examples = crate_dir.join("examples");
    let _ = std::fs::remove_dir_all(&examples);
    std::fs::create_dir_all(&examples).unwrap();
    let witness = std::fs::read_to_string(dir.join("witness.rs")).unwrap();
    let library = package.replace('-', "_");
    let text =
        format!("#![allow(dead_code, deprecated)]\nextern crate {library} as api;\n{witness}");
    std::fs::write(examples.join("witness.rs"), text).unwrap();
    package
}

/// Makes `features` (those the crate has) the crate's default features.
fn choose_features(manifest: &Path, features: &[String]) {
    let text = std::fs::read_to_string(manifest).unwrap();
    let declared = |name: &str| {
        text.lines()
            .any(|line| line.starts_with(&format!("{name} = ")))
    };
    let chosen: Vec<String> = features
        .iter()
        .filter(|name| declared(name))
        .map(|name| format!("\"{name}\""))
        .collect();
    let default = "default = [\"full\"]";
    assert!(
        text.contains(default),
        "{}: no default features",
        manifest.display()
    );
    let text = text.replace(default, &format!("default = [{}]", chosen.join(", ")));
    std::fs::write(manifest, text).unwrap();
}

/// `(package, target)` of every target that compiled.
fn compiled(stdout: &str) -> BTreeSet<(String, String)> {
    let mut done = BTreeSet::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let manifest = PathBuf::from(message["manifest_path"].as_str().unwrap_or_default());
        let package = manifest
            .parent()
            .and_then(Path::file_name)
            .unwrap_or_default();
        let target = message["target"]["name"].as_str().unwrap_or_default();
        done.insert((package.to_string_lossy().into_owned(), target.to_string()));
    }
    done
}

#[test]
fn witnesses_compile_exactly_when_the_rating_says_so() {
    let root = repo_root();
    let work = root.join("target/diff-witness");
    let _ = std::fs::remove_dir_all(work.join("crates"));
    let crates = work.join("crates");
    std::fs::create_dir_all(&crates).unwrap();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/diff"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut cases = Vec::new();
    let mut members = Vec::new();
    for dir in &dirs {
        let case = case(dir);
        for side in ["old", "new"] {
            members.push(format!(
                "\"crates/{}\"",
                write_crate(&crates, dir, &case, side)
            ));
        }
        cases.push(case);
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(work.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let started = std::time::Instant::now();
    let output = Command::new(env!("CARGO"))
        .args([
            "check",
            "--workspace",
            "--examples",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo check of {} crates: {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let done = compiled(&stdout);
    let mut wrong = Vec::new();
    for case in &cases {
        for (side, should_compile) in [("old", true), ("new", !case.breaks)] {
            let package = format!("w-{}-{side}", case.name);
            let library = package.replace('-', "_");
            if !done.contains(&(package.clone(), library)) {
                wrong.push(format!("{package}: the generated crate does not compile"));
            }
            let witness = done.contains(&(package.clone(), "witness".to_string()));
            if witness != should_compile {
                let expected = if should_compile { "compile" } else { "fail" };
                wrong.push(format!(
                    "{}: `{}` against {side}: the witness should {expected}",
                    case.name, case.kind
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n\ncargo's messages:\n{}",
        wrong.join("\n"),
        rendered_errors(&stdout)
    );
}

/// The rendered compiler errors in cargo's JSON messages.
fn rendered_errors(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
        .filter_map(|m| m["message"]["rendered"].as_str().map(str::to_string))
        .collect::<Vec<_>>()
        .join("\n")
}
