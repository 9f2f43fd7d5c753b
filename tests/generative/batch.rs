//! Many generated clients as modules of one crate (`pub mod doc_17 {
//! include!("doc_17.rs"); }`, or `#[path = "doc_17/lib.rs"] pub mod
//! doc_17;` for a client generated as a crate), checked by one `cargo
//! clippy` under `-D warnings`. rustc's error locations name the module
//! file, which names the document. rustc stops before lints when a module
//! has errors, so the failing modules are taken out and the rest checked
//! again, until it is clean.

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

/// A client to check: a module name and its source, a single file or the
/// `src` folder of a generated crate.
#[derive(Debug, Clone)]
pub struct Module {
    pub name: String,
    pub source: PathBuf,
}

impl Module {
    /// The cargo features of a client generated as a crate with a feature
    /// per tag, as its `Cargo.toml` declares them, without `default`.
    pub fn features(&self) -> Vec<String> {
        if !self.source.is_dir() {
            return Vec::new();
        }
        let manifest = self.source.with_file_name("Cargo.toml");
        declared_features(&std::fs::read_to_string(manifest).unwrap_or_default())
    }
}

/// The features a generated `Cargo.toml` declares in its `[features]`
/// table, in its order, without `default` (none without the table).
pub fn declared_features(manifest: &str) -> Vec<String> {
    let Some(table) = manifest.split("[features]\n").nth(1) else {
        return Vec::new();
    };
    table
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| *name != "default")
        .map(String::from)
        .collect()
}

/// The features a crate is built with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Features {
    /// Its default features (every generated client's `full`).
    Default,
    /// `--no-default-features`, and this feature when there is one.
    Only(Option<String>),
}

/// What a crate with `declared` features is checked under beside its
/// default: no feature, then each feature but `full` (the default) alone.
fn selections(declared: &[(Module, Vec<String>)]) -> Vec<Features> {
    let features: std::collections::BTreeSet<&String> =
        declared.iter().flat_map(|(_, features)| features).collect();
    let alone = features
        .into_iter()
        .filter(|f| *f != "full")
        .map(|f| Features::Only(Some(f.clone())));
    std::iter::once(Features::Only(None)).chain(alone).collect()
}

impl Features {
    /// Whether a crate declaring `features` can be built with these.
    fn applies_to(&self, features: &[String]) -> bool {
        match self {
            Features::Only(Some(feature)) => features.contains(feature),
            _ => true,
        }
    }

    /// Puts the features into an error found under them: its signature
    /// says whether none or one was on (not which: a document's tags are
    /// drawn at random), its message which.
    fn mark(&self, error: &mut CompileError) {
        let under = match self {
            Features::Default => "default features",
            Features::Only(None) => "no feature",
            Features::Only(Some(_)) => "one feature alone",
        };
        error.signature = format!("{} (with {under})", error.signature);
        error.rendered = format!("with {self}:\n{}", error.rendered);
    }

    fn cargo_args(&self) -> Vec<String> {
        match self {
            Features::Default => Vec::new(),
            Features::Only(None) => vec!["--no-default-features".into()],
            Features::Only(Some(feature)) => vec![
                "--no-default-features".into(),
                "--features".into(),
                feature.clone(),
            ],
        }
    }
}

impl std::fmt::Display for Features {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Features::Default => f.write_str("default features"),
            Features::Only(None) => f.write_str("no feature"),
            Features::Only(Some(feature)) => write!(f, "feature `{feature}` alone"),
        }
    }
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
        self.check_with(modules, tool, &Features::Default, runs)
    }

    /// Checks the clients generated with a feature per tag among `modules`
    /// with clippy, as their users may build them: with no feature, and
    /// with each feature alone (the default, `full`, is checked with the
    /// rest). A client is checked under each feature it declares, until one
    /// fails; each error's signature names the features it failed under.
    pub fn check_features(
        &self,
        modules: &[Module],
        runs: &mut Vec<(usize, Duration)>,
    ) -> BTreeMap<String, Vec<CompileError>> {
        let mut declared: Vec<(Module, Vec<String>)> = modules
            .iter()
            .map(|m| (m.clone(), m.features()))
            .filter(|(_, features)| !features.is_empty())
            .collect();
        let mut failures: BTreeMap<String, Vec<CompileError>> = BTreeMap::new();
        for selection in selections(&declared) {
            declared.retain(|(m, _)| !failures.contains_key(&m.name));
            let chosen: Vec<Module> = declared
                .iter()
                .filter(|(_, features)| selection.applies_to(features))
                .map(|(m, _)| m.clone())
                .collect();
            if chosen.is_empty() {
                continue;
            }
            for (name, mut errors) in self.check_with(&chosen, Tool::Clippy, &selection, runs) {
                for error in &mut errors {
                    selection.mark(error);
                }
                failures.insert(name, errors);
            }
        }
        failures
    }

    /// Checks `modules` with `tool` under `features`.
    fn check_with(
        &self,
        modules: &[Module],
        tool: Tool,
        features: &Features,
        runs: &mut Vec<(usize, Duration)>,
    ) -> BTreeMap<String, Vec<CompileError>> {
        let mut failures = BTreeMap::new();
        let mut remaining = modules.to_vec();
        while !remaining.is_empty() {
            self.write(&remaining);
            let started = Instant::now();
            let (success, errors) = self.cargo(tool, features);
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
                    failures.extend(self.check_with(left, tool, features, runs));
                    failures.extend(self.check_with(right, tool, features, runs));
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
            let name = &module.name;
            if module.source.is_dir() {
                copy_folder(&module.source, &src.join(name));
                // A file named by `path` holds its submodules beside it,
                // as a `mod.rs` does: the crate's `lib.rs` works unchanged.
                lib.push_str(&format!(
                    "\n/// The client of one document.\n#[path = \"{name}/lib.rs\"]\npub mod {name};\n"
                ));
            } else {
                let file = format!("{name}.rs");
                std::fs::copy(&module.source, src.join(&file)).expect("the module can be copied");
                lib.push_str(&format!(
                    "\n/// The client of one document.\npub mod {name} {{\n    include!({file:?});\n}}\n"
                ));
            }
        }
        std::fs::write(src.join("lib.rs"), lib).expect("lib.rs can be written");
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "scratch".into());
        let manifest = format!(
            "[package]\nname = \"generative-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n{}# Not a member of the project's workspace.\n[workspace]\n",
            apigen::emit::DEPENDENCIES,
            features_table(modules)
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
    fn cargo(&self, tool: Tool, features: &Features) -> (bool, Vec<Diagnostic>) {
        // The crate has no targets but its library: `--all-targets` would
        // only add the library's test build, the same code again.
        let (args, flags): (&[&str], &str) = match tool {
            Tool::Clippy => (&["clippy", "--lib"], "RUSTFLAGS"),
            Tool::Rustdoc => (&["doc", "--lib", "--no-deps"], "RUSTDOCFLAGS"),
        };
        let output = Command::new(cargo())
            .args(args)
            .args(features.cargo_args())
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

/// The `[features]` table of a scratch crate: every feature its modules
/// declare, each enabling nothing but itself, and a default `full` that
/// enables them all (whether a module's code names `full` or its tags).
/// Empty when no module has features.
fn features_table(modules: &[Module]) -> String {
    let features: std::collections::BTreeSet<String> = modules
        .iter()
        .flat_map(Module::features)
        .filter(|f| f != "full")
        .collect();
    if features.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    let mut table = format!(
        "[features]\ndefault = [\"full\"]\nfull = [{}]\n",
        listed.join(", ")
    );
    for feature in &features {
        table.push_str(&format!("{feature:?} = []\n"));
    }
    table.push('\n');
    table
}

/// Copies the files of `from` into `to`, which is created.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the module folder can be created");
    for entry in std::fs::read_dir(from).expect("the generated crate's src is readable") {
        let path = entry.expect("a folder entry").path();
        let target = to.join(path.file_name().expect("an entry has a name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("the module can be copied");
        }
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
