//! Many generated clients as modules of one crate (`pub mod doc_17 {
//! include!("doc_17.rs"); }`), checked by one `cargo clippy` under
//! `-D warnings`. rustc's error locations name the module file, which names
//! the document. rustc stops before lints when a module has errors, so the
//! failing modules are taken out and the rest checked again, until it is
//! clean.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A scratch crate under `target/`, and the target folder it builds in
/// (shared by every scratch crate, so dependencies are built once).
#[derive(Debug, Clone)]
pub struct ScratchCrate {
    pub dir: PathBuf,
    pub target: PathBuf,
}

/// What checks the scratch crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `cargo clippy` under `RUSTFLAGS=-D warnings`.
    Clippy,
    /// `cargo doc --no-deps` under `RUSTDOCFLAGS=-D warnings`.
    Rustdoc,
}

/// A client to check: a module name and its single-file source.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub source: PathBuf,
}

/// One error (a warning, under `-D warnings`) of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// What kind of error, without the names of the document: the code or
    /// lint (`E0061`, `dead_code`) and the message with names elided.
    pub signature: String,
    /// rustc's message as it prints it.
    pub rendered: String,
}

impl ScratchCrate {
    pub fn new(dir: PathBuf, target: PathBuf) -> Self {
        ScratchCrate { dir, target }
    }

    /// Checks `modules` with clippy; returns the errors of each module that
    /// has some.
    pub fn check(&self, modules: &[Module]) -> BTreeMap<String, Vec<CompileError>> {
        self.check_timed(modules, Tool::Clippy, &mut Vec::new())
    }

    /// Checks `modules` with `tool`, adding the number of modules and the
    /// time of each run to `runs`.
    pub fn check_timed(
        &self,
        modules: &[Module],
        tool: Tool,
        runs: &mut Vec<(usize, Duration)>,
    ) -> BTreeMap<String, Vec<CompileError>> {
        let mut failures = BTreeMap::new();
        let mut remaining = modules.to_vec();
        while !remaining.is_empty() {
            self.write(&remaining);
            let started = Instant::now();
            let (success, errors) = self.cargo(tool);
            runs.push((remaining.len(), started.elapsed()));
            if success {
                break;
            }
            let (blamed, unattributed) = attribute(errors, &remaining);
            if blamed.is_empty() {
                // Nothing names a module: check the halves on their own.
                if remaining.len() == 1 {
                    failures.insert(remaining[0].name.clone(), unattributed);
                } else {
                    let (left, right) = remaining.split_at(remaining.len() / 2);
                    failures.extend(self.check_timed(left, tool, runs));
                    failures.extend(self.check_timed(right, tool, runs));
                }
                break;
            }
            remaining.retain(|m| !blamed.contains_key(&m.name));
            failures.extend(blamed);
        }
        failures
    }

    fn write(&self, modules: &[Module]) {
        let src = self.dir.join("src");
        let _ = std::fs::remove_dir_all(&src);
        std::fs::create_dir_all(&src).expect("the scratch crate can be written");
        let mut lib = String::from("//! Generated clients, one module per document.\n");
        for module in modules {
            let file = format!("{}.rs", module.name);
            std::fs::copy(&module.source, src.join(&file)).expect("the module can be copied");
            lib.push_str(&format!(
                "\n/// The client of one document.\npub mod {} {{\n    include!({file:?});\n}}\n",
                module.name
            ));
        }
        std::fs::write(src.join("lib.rs"), lib).expect("lib.rs can be written");
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "scratch".into());
        let manifest = format!(
            "[package]\nname = \"generative-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n# Not a member of the project's workspace.\n[workspace]\n",
            apigen::emit::DEPENDENCIES
        );
        write_if_changed(&self.dir.join("Cargo.toml"), &manifest);
        // The project's lock file pins the versions its own tests use, so
        // nothing is resolved (or downloaded) here.
        std::fs::copy(
            crate::repo_root().join("Cargo.lock"),
            self.dir.join("Cargo.lock"),
        )
        .expect("Cargo.lock copies");
    }

    /// `cargo clippy` or `cargo doc` under `-D warnings`: whether it
    /// passed, and the errors with their spans' files.
    fn cargo(&self, tool: Tool) -> (bool, Vec<Diagnostic>) {
        // The crate has no targets but its library: `--all-targets` would
        // only add the library's test build, the same code again.
        let (args, flags): (&[&str], &str) = match tool {
            Tool::Clippy => (&["clippy", "--lib"], "RUSTFLAGS"),
            Tool::Rustdoc => (&["doc", "--lib", "--no-deps"], "RUSTDOCFLAGS"),
        };
        let output = Command::new(cargo())
            .args(args)
            .args(["--quiet", "--message-format=json"])
            .current_dir(&self.dir)
            .env(flags, "-D warnings")
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut diagnostics: Vec<Diagnostic> = stdout.lines().filter_map(diagnostic).collect();
        if !output.status.success() && diagnostics.is_empty() {
            // Cargo itself failed (a manifest or lock problem): say so.
            diagnostics.push(Diagnostic {
                files: Vec::new(),
                error: CompileError {
                    signature: "cargo failed".into(),
                    rendered: String::from_utf8_lossy(&output.stderr).into_owned(),
                },
            });
        }
        (output.status.success(), diagnostics)
    }
}

/// `cargo` as the test or command was run with.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("the file can be written");
    }
}

/// An error and the files its spans point into.
#[derive(Debug)]
struct Diagnostic {
    files: Vec<String>,
    error: CompileError,
}

/// An error-level `compiler-message` of cargo's JSON output.
fn diagnostic(line: &str) -> Option<Diagnostic> {
    let value: Value = serde_json::from_str(line).ok()?;
    if value["reason"] != "compiler-message" {
        return None;
    }
    let message = &value["message"];
    if message["level"] != "error" {
        return None;
    }
    let text = message["message"].as_str().unwrap_or_default();
    // "aborting due to 3 previous errors" and the like name nothing.
    if message["spans"].as_array().is_none_or(Vec::is_empty) && message["code"].is_null() {
        return None;
    }
    let code = message["code"]["code"].as_str().unwrap_or("error");
    let mut files = Vec::new();
    span_files(&message["spans"], &mut files);
    Some(Diagnostic {
        files,
        error: CompileError {
            signature: format!("{code}: {}", elide_names(text)),
            rendered: message["rendered"].as_str().unwrap_or(text).to_string(),
        },
    })
}

/// The files of every span, primary first, through macro expansions.
fn span_files(spans: &Value, files: &mut Vec<String>) {
    let Some(spans) = spans.as_array() else {
        return;
    };
    let mut ordered: Vec<&Value> = spans.iter().filter(|s| s["is_primary"] == true).collect();
    ordered.extend(spans.iter().filter(|s| s["is_primary"] != true));
    for span in ordered {
        if let Some(file) = span["file_name"].as_str() {
            files.push(file.to_string());
        }
        if let Some(expansion) = span.get("expansion").filter(|e| !e.is_null()) {
            span_files(&Value::Array(vec![expansion["span"].clone()]), files);
        }
    }
}

/// The errors of each module named by a span, and those naming none.
fn attribute(
    diagnostics: Vec<Diagnostic>,
    modules: &[Module],
) -> (BTreeMap<String, Vec<CompileError>>, Vec<CompileError>) {
    let mut blamed: BTreeMap<String, Vec<CompileError>> = BTreeMap::new();
    let mut unattributed = Vec::new();
    for diagnostic in diagnostics {
        let module = diagnostic.files.iter().find_map(|file| {
            let stem = Path::new(file).file_stem()?.to_str()?;
            modules.iter().find(|m| m.name == stem)
        });
        match module {
            Some(module) => blamed
                .entry(module.name.clone())
                .or_default()
                .push(diagnostic.error),
            None => unattributed.push(diagnostic.error),
        }
    }
    (blamed, unattributed)
}

/// A message with what is in backticks elided, so that the same error in
/// two documents has the same signature: ``field `transport` is never
/// read`` → ``field `…` is never read``.
pub fn elide_names(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    let elided: Vec<&str> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
        .collect();
    let joined = elided.join("`");
    let first_line = joined.lines().next().unwrap_or_default();
    // Numbers differ between documents too: counts ("expected 3
    // arguments"), a crashed thread's id. Each becomes one `#`.
    let mut out = String::with_capacity(first_line.len());
    for c in first_line.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::elide_names;

    #[test]
    fn signatures_leave_names_out() {
        assert_eq!(
            elide_names("field `transport` is never read"),
            "field `…` is never read"
        );
        assert_eq!(
            elide_names("this function takes 3 arguments but 2 were supplied"),
            "this function takes # arguments but # were supplied"
        );
        assert_eq!(
            elide_names("thread 'main' (11995) has overflowed its stack"),
            "thread 'main' (#) has overflowed its stack"
        );
    }
}
