//! Runs of the generative test: documents of a range of seeds, generated in
//! a worker and compiled in batches; every failure is kept with its seed and
//! document, and the first of each kind minimized on request.

use super::batch::{elide_names, Module, ScratchCrate, Tool};
use super::builder::document;
use super::document::Document;
use super::idioms::{Idiom, Idioms};
use super::minimize::minimize;
use super::validity::{has_operations, problems};
pub use super::worker::SpecOptions;
use super::worker::{generate_all, Job, Outcome};
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Config {
    pub idioms: Idioms,
    pub first_seed: u64,
    pub count: u64,
    /// Documents per clippy run.
    pub batch: usize,
    /// The work folder: specs, generated clients, scratch crates.
    pub work: PathBuf,
    /// The target folder of the scratch crates, shared by every run so that
    /// their dependencies are built once.
    pub target: PathBuf,
    /// The executable that runs the worker (`generative --worker`).
    pub worker: PathBuf,
    /// Also document the clients that pass clippy, with rustdoc under
    /// `-D warnings`.
    pub rustdoc: bool,
    /// Minimize the first failure of each kind, starting no new
    /// minimization after this long (`None`: no minimization).
    pub minimize: Option<Duration>,
}

impl Config {
    /// A run of all idioms over `count` seeds from `first_seed`, in the
    /// repository's `target/generative/<work>`.
    pub fn new(work: &str, worker: PathBuf, first_seed: u64, count: u64) -> Self {
        let generative = crate::repo_root().join("target/generative");
        Config {
            idioms: Idioms::all(),
            first_seed,
            count,
            batch: 50,
            work: generative.join(work),
            target: generative.join("target"),
            worker,
            rustdoc: false,
            minimize: None,
        }
    }

    fn scratch(&self, name: &str) -> ScratchCrate {
        ScratchCrate::new(self.work.join(name), self.target.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailureKind {
    /// The test generated an invalid document: a bug of the test.
    InvalidDocument,
    /// `generate` reported errors on a valid document.
    SpecError,
    Panic,
    /// A stack overflow, an abort or a hang.
    Crash,
    /// A warning a valid document does not deserve (see [`EXPECTED_WARNINGS`]).
    Warning,
    /// The client does not pass clippy `-D warnings`.
    Compile,
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FailureKind::InvalidDocument => "invalid document",
            FailureKind::SpecError => "spec error",
            FailureKind::Panic => "panic",
            FailureKind::Crash => "crash",
            FailureKind::Warning => "warning",
            FailureKind::Compile => "compile",
        })
    }
}

/// What went wrong with one document.
#[derive(Debug, Clone)]
pub struct Failure {
    pub seed: u64,
    pub kind: FailureKind,
    /// The kinds of error, names elided, in the order reported (a document
    /// can fail in several ways at once).
    pub signatures: Vec<String>,
    /// The first message reported of each signature, in the same order.
    pub messages: Vec<String>,
    pub document: Document,
}

/// A failing document minimized for one signature.
#[derive(Debug, Clone)]
pub struct Minimal {
    pub signature: String,
    pub seed: u64,
    pub document: Document,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub config: Config,
    pub tried: u64,
    pub failures: Vec<Failure>,
    pub minimal: Vec<Minimal>,
    pub elapsed: Duration,
}

/// Runs `config`; `log` hears of every batch (and minimization step).
pub fn run(config: &Config, log: &mut dyn FnMut(&str)) -> Summary {
    let started = Instant::now();
    let mut failures = Vec::new();
    let end = config.first_seed + config.count;
    let mut seed = config.first_seed;
    while seed < end {
        let last = (seed + config.batch as u64).min(end);
        let batch_started = Instant::now();
        let documents: Vec<Document> = (seed..last).map(|s| document(s, &config.idioms)).collect();
        let mut runs = Vec::new();
        let found = check_batch(config, &documents, &mut runs);
        let runs: Vec<String> = runs
            .iter()
            .map(|(n, time)| format!("{n} modules {:.0} s", time.as_secs_f64()))
            .collect();
        log(&format!(
            "seeds {seed}..{last}: {} documents, {} failed ({:.0} s; cargo runs: {})",
            documents.len(),
            failing_seeds(&found),
            batch_started.elapsed().as_secs_f64(),
            runs.join(", ")
        ));
        failures.extend(found);
        seed = last;
    }
    let minimal = match config.minimize {
        Some(budget) => minimize_first_of_each(config, &failures, budget, log),
        None => Vec::new(),
    };
    Summary {
        config: config.clone(),
        tried: config.count,
        failures,
        minimal,
        elapsed: started.elapsed(),
    }
}

/// Generates `documents` in the worker, compiles what generated in one
/// scratch crate; returns the failures.
fn check_batch(
    config: &Config,
    documents: &[Document],
    runs: &mut Vec<(usize, Duration)>,
) -> Vec<Failure> {
    let (documents, mut failures): (Vec<Document>, Vec<Failure>) = split_invalid(documents);
    let documents = &documents[..];
    let jobs = write_jobs(config, documents);
    let outcomes = generate_all(&config.worker, &jobs, &config.work.join("out"));
    let mut modules = Vec::new();
    for ((document, job), outcome) in documents.iter().zip(&jobs).zip(outcomes) {
        match outcome {
            Outcome::Generated(source, warnings) => {
                failures.extend(unexpected_warnings(document, &warnings));
                modules.push(Module {
                    name: job.name.clone(),
                    source,
                });
            }
            other => failures.push(generation_failure(document, other)),
        }
    }
    let batch = config.scratch("batch");
    let mut compile = batch.check_timed(&modules, Tool::Clippy, runs);
    if config.rustdoc {
        modules.retain(|m| !compile.contains_key(&m.name));
        compile.extend(batch.check_timed(&modules, Tool::Rustdoc, runs));
    }
    modules.retain(|m| !compile.contains_key(&m.name));
    compile.extend(config.scratch("features").check_features(&modules, runs));
    for (name, errors) in compile {
        let document = documents
            .iter()
            .zip(&jobs)
            .find(|(_, j)| j.name == name)
            .map(|(d, _)| d.clone())
            .expect("every module is a document's");
        let mut signatures = Vec::new();
        let mut messages = Vec::new();
        for error in errors {
            if !signatures.contains(&error.signature) {
                signatures.push(error.signature);
                messages.push(error.rendered);
            }
        }
        failures.push(Failure {
            seed: document.seed,
            kind: FailureKind::Compile,
            signatures,
            messages,
            document,
        });
    }
    failures.sort_by_key(|f| f.seed);
    failures
}

/// The valid documents, and a failure for each invalid one.
fn split_invalid(documents: &[Document]) -> (Vec<Document>, Vec<Failure>) {
    let mut valid = Vec::new();
    let mut invalid = Vec::new();
    for document in documents {
        let problems = problems(document);
        if problems.is_empty() {
            valid.push(document.clone());
        } else {
            invalid.push(Failure {
                seed: document.seed,
                kind: FailureKind::InvalidDocument,
                signatures: vec![signature(FailureKind::InvalidDocument, &problems[0])],
                messages: vec![problems.join("\n")],
                document: document.clone(),
            });
        }
    }
    (valid, invalid)
}

/// Writes each document into `specs/<seed>/`; the worker's jobs.
fn write_jobs(config: &Config, documents: &[Document]) -> Vec<Job> {
    let specs = config.work.join("specs");
    let _ = std::fs::remove_dir_all(&specs);
    documents
        .iter()
        .map(|document| {
            let spec = document
                .write_to(&specs.join(document.seed.to_string()))
                .expect("specs can be written");
            Job {
                name: format!("doc_{}", document.seed),
                spec,
                options: document.options(),
            }
        })
        .collect()
}

fn generation_failure(document: &Document, outcome: Outcome) -> Failure {
    let (kind, message) = generation_outcome(outcome);
    Failure {
        seed: document.seed,
        kind,
        signatures: vec![signature(kind, &message)],
        messages: vec![message],
        document: document.clone(),
    }
}

fn generation_outcome(outcome: Outcome) -> (FailureKind, String) {
    match outcome {
        Outcome::SpecError(m) => (FailureKind::SpecError, m),
        Outcome::Panic(m) => (FailureKind::Panic, m),
        Outcome::Crash(m) => (FailureKind::Crash, m),
        Outcome::Generated(..) => unreachable!("a generated document did not fail to generate"),
    }
}

/// The warnings the generator gives for constructs of valid documents that
/// it approximates, as documented (names elided). Any other warning on a
/// valid document means the generator misread it.
pub const EXPECTED_WARNINGS: &[&str] = &[
    // An allOf of an object and an enum, say: valid, but no value is both.
    "allOf mixes objects with non-object schemas; only the object properties are kept",
    "allOf of several non-object schemas cannot be merged; it is typed as any JSON value",
    // `#/paths/...` refs: documented as unsupported, typed as any value.
    "`…` is not a reference to `…`, which is all that is supported yet; it is typed as any JSON value",
];

/// A failure for the warnings of a generated document that are not
/// [`EXPECTED_WARNINGS`], if there are any.
fn unexpected_warnings(document: &Document, warnings: &[String]) -> Option<Failure> {
    let unexpected: Vec<&String> = warnings
        .iter()
        .filter(|w| !EXPECTED_WARNINGS.contains(&warning_message(w).as_str()))
        .collect();
    if unexpected.is_empty() {
        return None;
    }
    let mut signatures = Vec::new();
    let mut messages = Vec::new();
    for warning in unexpected {
        let signature = signature(FailureKind::Warning, &warning_message(warning));
        if !signatures.contains(&signature) {
            signatures.push(signature);
            messages.push(warning.clone());
        }
    }
    Some(Failure {
        seed: document.seed,
        kind: FailureKind::Warning,
        signatures,
        messages,
        document: document.clone(),
    })
}

/// A warning line without its location, names elided.
fn warning_message(line: &str) -> String {
    let message = line.rsplit_once(" (at #").map_or(line, |(m, _)| m);
    elide_names(message)
}

/// The signature of a generation failure: its kind and first line, names
/// elided.
fn signature(kind: FailureKind, message: &str) -> String {
    format!("{kind}: {}", elide_names(message))
}

/// How many documents failed (a document may fail in several ways).
pub fn failing_seeds(failures: &[Failure]) -> usize {
    let seeds: std::collections::BTreeSet<u64> = failures.iter().map(|f| f.seed).collect();
    seeds.len()
}

fn distinct(signatures: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in signatures {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

impl Failure {
    /// The first message of `signature`.
    pub fn message(&self, signature: &str) -> &str {
        self.signatures
            .iter()
            .position(|s| s == signature)
            .map(|i| self.messages[i].as_str())
            .unwrap_or_default()
    }
}

/// The signatures of one document on its own (for the minimizer); the
/// client is compiled only when `compile` is set (a minimizer after a
/// generation failure need not).
pub fn signatures_of(config: &Config, document: &Document, compile: bool) -> Vec<String> {
    let spec = document
        .write_to(&config.work.join("minimize/spec"))
        .expect("the spec can be written");
    let errors = check_spec(config, &spec, &document.options(), compile);
    distinct(errors.into_iter().map(|(signature, _)| signature))
}

/// Generates the spec at `spec` and compiles its client (when `compile` is
/// set) on its own; every error as its signature and message.
pub fn check_spec(
    config: &Config,
    spec: &std::path::Path,
    options: &SpecOptions,
    compile: bool,
) -> Vec<(String, String)> {
    let job = Job {
        name: "doc_min".into(),
        spec: spec.to_path_buf(),
        options: options.clone(),
    };
    let out = config.work.join("minimize/out");
    match generate_all(&config.worker, &[job], &out).remove(0) {
        Outcome::Generated(_, warnings) if !compile => warning_errors(&warnings),
        Outcome::Generated(source, warnings) => {
            let module = Module {
                name: "doc_min".into(),
                source,
            };
            let scratch = config.scratch("minimize");
            let mut errors = scratch.check(std::slice::from_ref(&module));
            if errors.is_empty() && config.rustdoc {
                errors = scratch.check_timed(
                    std::slice::from_ref(&module),
                    Tool::Rustdoc,
                    &mut Vec::new(),
                );
            }
            if errors.is_empty() {
                errors = scratch.check_features(&[module], &mut Vec::new());
            }
            let mut found = warning_errors(&warnings);
            for error in errors.into_values().flatten() {
                let error = (error.signature, error.rendered);
                if !found.contains(&error) {
                    found.push(error);
                }
            }
            found
        }
        other => {
            let (kind, message) = generation_outcome(other);
            vec![(signature(kind, &message), message)]
        }
    }
}

/// Generates every spec of `specs` (with the options its comments name)
/// and compiles their clients together, as modules of one crate (one clippy
/// run, and the runs of the features of those generated with a feature per
/// tag); the errors of each spec that has any, by its path.
pub fn check_specs(
    config: &Config,
    specs: &[std::path::PathBuf],
) -> Vec<(std::path::PathBuf, Vec<(String, String)>)> {
    let jobs: Vec<Job> = specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let text = std::fs::read_to_string(spec).unwrap_or_default();
            Job {
                name: format!("spec_{index}"),
                spec: spec.clone(),
                options: SpecOptions::from_comments(&text),
            }
        })
        .collect();
    let out = config.work.join("specs/out");
    let mut found: Vec<Vec<(String, String)>> = vec![Vec::new(); specs.len()];
    let mut modules = Vec::new();
    for (index, outcome) in generate_all(&config.worker, &jobs, &out)
        .into_iter()
        .enumerate()
    {
        match outcome {
            Outcome::Generated(source, warnings) => {
                found[index] = warning_errors(&warnings);
                modules.push(Module {
                    name: jobs[index].name.clone(),
                    source,
                });
            }
            other => {
                let (kind, message) = generation_outcome(other);
                found[index].push((signature(kind, &message), message));
            }
        }
    }
    let mut errors = config.scratch("specs").check(&modules);
    modules.retain(|m| !errors.contains_key(&m.name));
    errors.extend(
        config
            .scratch("features")
            .check_features(&modules, &mut Vec::new()),
    );
    for (index, job) in jobs.iter().enumerate() {
        for error in errors.get(&job.name).into_iter().flatten() {
            found[index].push((error.signature.clone(), error.rendered.clone()));
        }
    }
    specs
        .iter()
        .cloned()
        .zip(found)
        .filter(|(_, errors)| !errors.is_empty())
        .collect()
}

/// The unexpected warnings among `warnings`, as signatures and messages.
fn warning_errors(warnings: &[String]) -> Vec<(String, String)> {
    warnings
        .iter()
        .filter(|w| !EXPECTED_WARNINGS.contains(&warning_message(w).as_str()))
        .map(|w| {
            (
                signature(FailureKind::Warning, &warning_message(w)),
                w.clone(),
            )
        })
        .collect()
}

/// Minimizes the first failure of each signature that no minimal document
/// found so far shows too.
fn minimize_first_of_each(
    config: &Config,
    failures: &[Failure],
    budget: Duration,
    log: &mut dyn FnMut(&str),
) -> Vec<Minimal> {
    let started = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    let mut minimal = Vec::new();
    // An invalid document is the test's bug: nothing to minimize.
    let failures = failures
        .iter()
        .filter(|f| f.kind != FailureKind::InvalidDocument);
    for failure in failures {
        let compile = failure.kind == FailureKind::Compile;
        while let Some(target) = failure
            .signatures
            .iter()
            .find(|s| !seen.contains(s))
            .cloned()
        {
            if started.elapsed() > budget {
                log("minimization budget spent: the other failures are left as they are");
                return minimal;
            }
            log(&format!("minimizing seed {} for `{target}`", failure.seed));
            // Removing every operation would drift into the empty-paths
            // idiom (a known bug of its own) when it is left out.
            let empty_paths = config.idioms.has(Idiom::EmptyPaths);
            let mut fails = |d: &Document| {
                (empty_paths || has_operations(d))
                    && signatures_of(config, d, compile).contains(&target)
            };
            let document = minimize(&failure.document, &mut fails, log);
            seen.push(target.clone());
            seen.extend(signatures_of(config, &document, compile));
            minimal.push(Minimal {
                signature: target,
                seed: failure.seed,
                document,
            });
        }
    }
    minimal
}

#[cfg(test)]
mod tests {
    use super::SpecOptions;

    #[test]
    fn a_found_spec_names_its_options_as_a_listing_does() {
        let spec =
            "# A repro.\n# generated with --extra-derive Eq --features-per-tag\nopenapi: 3.0.3\n";
        assert_eq!(
            SpecOptions::from_comments(spec),
            SpecOptions {
                extra_derives: vec!["Eq".into()],
                features_per_tag: true,
            }
        );
        let later = "openapi: 3.0.3\n# generated with --features-per-tag\n";
        assert_eq!(SpecOptions::from_comments(later), SpecOptions::default());
    }
}
