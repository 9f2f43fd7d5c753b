//! Generation in a child process. A panic is caught where it happens, but a
//! stack overflow (or an abort) ends the whole process: so the generator
//! runs in a worker, which says which document it starts on before it
//! starts, and the parent knows the culprit when the worker dies. A worker
//! that goes silent for [`HANG`] is killed and the document reported as a
//! hang.

use apigen::{generate, Options};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

/// How long one document may take to generate.
pub const HANG: Duration = Duration::from_secs(60);

/// The flag that makes the test binaries' command a worker.
pub const WORKER_FLAG: &str = "--worker";

/// A document to generate: the root spec file and the options.
#[derive(Debug, Clone)]
pub struct Job {
    /// A module name, unique in a batch (`doc_17`).
    pub name: String,
    pub spec: PathBuf,
    pub options: SpecOptions,
}

/// How a spec is generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecOptions {
    pub extra_derives: Vec<String>,
    /// A cargo feature per tag; the client is checked under each feature
    /// alone too.
    pub features_per_tag: bool,
}

impl SpecOptions {
    /// The options a spec's leading comments name in the line a document's
    /// listing starts with (`# generated with --features-per-tag`), so that
    /// a minimized document kept in `tests/generative/found/` is checked as
    /// it failed.
    pub fn from_comments(spec: &str) -> Self {
        let mut options = SpecOptions::default();
        let comments = spec.lines().take_while(|line| line.starts_with('#'));
        for line in comments {
            let Some(flags) = line.strip_prefix("# generated with ") else {
                continue;
            };
            let mut words = flags.split_whitespace();
            while let Some(flag) = words.next() {
                match flag {
                    "--features-per-tag" => options.features_per_tag = true,
                    "--extra-derive" => {
                        options.extra_derives.extend(words.next().map(String::from))
                    }
                    _ => {}
                }
            }
        }
        options
    }
}

/// The manifest's word for [`SpecOptions::features_per_tag`].
const FEATURES_PER_TAG: &str = "features-per-tag";

/// What generating one document gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The client, at this path, and the generator's warnings (message and
    /// pointer). The path is the single file, or the `src` folder of the
    /// crate form (a [`SpecOptions::features_per_tag`] job).
    Generated(PathBuf, Vec<String>),
    /// `generate` returned an error: a spec error on a valid document.
    SpecError(String),
    /// `generate` panicked: where and why.
    Panic(String),
    /// The worker died on this document (stack overflow, abort), or hung.
    Crash(String),
}

/// Generates every job in `out` (`<name>.rs`, or the crate `<name>/`), in
/// as many workers as crashes need; `worker` is the executable that takes
/// [`WORKER_FLAG`].
pub fn generate_all(worker: &Path, jobs: &[Job], out: &Path) -> Vec<Outcome> {
    std::fs::create_dir_all(out).expect("the output folder can be created");
    let mut outcomes = Vec::with_capacity(jobs.len());
    while outcomes.len() < jobs.len() {
        let rest = &jobs[outcomes.len()..];
        let (done, crash) = run_worker(worker, rest, out);
        outcomes.extend(done);
        if let Some(crash) = crash {
            outcomes.push(Outcome::Crash(crash));
        }
    }
    outcomes
}

/// One worker over `jobs`: the outcomes of those it finished, and how it
/// died on the next one if it did.
fn run_worker(worker: &Path, jobs: &[Job], out: &Path) -> (Vec<Outcome>, Option<String>) {
    let manifest = out.join("jobs.tsv");
    let lines: Vec<String> = jobs
        .iter()
        .map(|j| {
            let features = if j.options.features_per_tag {
                FEATURES_PER_TAG
            } else {
                ""
            };
            format!(
                "{}\t{}\t{}\t{features}",
                j.name,
                j.spec.display(),
                j.options.extra_derives.join(",")
            )
        })
        .collect();
    std::fs::write(&manifest, lines.join("\n") + "\n").expect("the manifest can be written");
    let mut child = Command::new(worker)
        .arg(WORKER_FLAG)
        .arg(&manifest)
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("the worker {} starts: {e}", worker.display()));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let (tx, rx) = mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut outcomes = Vec::new();
    let mut hung = false;
    loop {
        match rx.recv_timeout(HANG) {
            Ok(line) => {
                if let Some(outcome) = parse_status(&line, out) {
                    outcomes.push(outcome);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                hung = true;
                let _ = child.kill();
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait().expect("the worker is waited for");
    if outcomes.len() == jobs.len() {
        return (outcomes, None);
    }
    let stderr = stderr.join().unwrap_or_default();
    let why = if hung {
        format!("hung: no answer in {} s", HANG.as_secs())
    } else {
        format!("the worker died ({status}): {}", tail(&stderr, 3))
    };
    (outcomes, Some(why))
}

fn drain(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    })
}

/// The last `n` non-empty lines of `text`, joined by ` | `.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

/// `ok <name>` (the client in `<name>.rs` or the crate `<name>/`, the
/// warnings in `<name>.warnings`), `error <name>`, `panic <name>` (the
/// message in `<name>.err`); `start <name>` lines say nothing yet.
fn parse_status(line: &str, out: &Path) -> Option<Outcome> {
    let (status, name) = line.split_once(' ')?;
    let message = || std::fs::read_to_string(out.join(format!("{name}.err"))).unwrap_or_default();
    match status {
        "ok" => {
            let warnings = std::fs::read_to_string(out.join(format!("{name}.warnings")));
            let warnings = warnings
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            let crate_src = out.join(name).join("src");
            let client = if crate_src.is_dir() {
                crate_src
            } else {
                out.join(format!("{name}.rs"))
            };
            Some(Outcome::Generated(client, warnings))
        }
        "error" => Some(Outcome::SpecError(message())),
        "panic" => Some(Outcome::Panic(message())),
        _ => None,
    }
}

/// Where the panic hook leaves the location and message of the last panic.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// The worker: `--worker <manifest> <out folder>`. Returns the exit code.
pub fn worker_main(manifest: &Path, out: &Path) -> i32 {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = info.to_string();
        }
    }));
    let Ok(text) = std::fs::read_to_string(manifest) else {
        eprintln!("cannot read {}", manifest.display());
        return 2;
    };
    let stdout = std::io::stdout();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut fields = line.split('\t');
        let (Some(name), Some(spec)) = (fields.next(), fields.next()) else {
            eprintln!("bad manifest line: {line}");
            return 2;
        };
        let derives = fields.next().unwrap_or_default();
        let features_per_tag = fields.next() == Some(FEATURES_PER_TAG);
        let _ = writeln!(stdout.lock(), "start {name}");
        let _ = stdout.lock().flush();
        let status = generate_one(Path::new(spec), derives, features_per_tag, &out.join(name));
        let _ = writeln!(stdout.lock(), "{status} {name}");
        let _ = stdout.lock().flush();
    }
    0
}

/// Generates one spec into `<stem>.rs` (or, with a feature per tag, the
/// crate `<stem>/`), or its error into `<stem>.err`; returns the status
/// word.
fn generate_one(spec: &Path, derives: &str, features_per_tag: bool, stem: &Path) -> &'static str {
    // What an earlier run generated under this name must not be mistaken
    // for this run's output.
    let _ = std::fs::remove_dir_all(stem);
    let _ = std::fs::remove_file(stem.with_extension("rs"));
    let options = Options {
        features_per_tag,
        crate_name: Some("generated".to_string()),
        extra_derives: derives
            .split(',')
            .filter(|d| !d.is_empty())
            .map(String::from)
            .collect(),
        ..Options::default()
    };
    let result = std::panic::catch_unwind(|| {
        let output = generate(spec, &options)?;
        let code = if features_per_tag {
            output.write_to(stem)?;
            None
        } else {
            Some(output.single_file("client.rs")?.contents)
        };
        // One line each: the message's first line and where.
        let warnings: Vec<String> = output
            .warnings()
            .iter()
            .map(|w| {
                let message = w.message.lines().next().unwrap_or_default();
                format!("{message} (at #{})", w.pointer)
            })
            .collect();
        Ok::<_, apigen::Error>((code, warnings))
    });
    match result {
        Ok(Ok((code, warnings))) => {
            let mut listed = warnings.join("\n");
            listed.push('\n');
            std::fs::write(stem.with_extension("warnings"), listed)
                .expect("the warnings can be written");
            if let Some(code) = code {
                std::fs::write(stem.with_extension("rs"), code).expect("the client can be written");
            }
            "ok"
        }
        Ok(Err(error)) => failed(stem, "error", error.to_string()),
        Err(_) => {
            let message = LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default();
            failed(stem, "panic", message)
        }
    }
}

/// Writes the message of a failed generation into `<stem>.err`; returns
/// `status`.
fn failed(stem: &Path, status: &'static str, message: String) -> &'static str {
    std::fs::write(stem.with_extension("err"), message).expect("the outcome can be written");
    status
}
