//! apigen: generates a typed async Rust client crate from an OpenAPI 3.0
//! or 3.1 description.
//!
//! The pipeline has one stage per module, and data flows one way:
//!
//! 1. [`load`]: bytes → `openapiv3::OpenAPI`, errors located in the file;
//! 2. [`ir`]: refs resolved, every type and operation named, recursion boxed;
//! 3. [`emit`]: IR → token streams, one emitter per kind of item;
//! 4. [`render`]: token streams → formatted text with an `@generated` header;
//! 5. [`write`](mod@write): files written only when their bytes change.
//!
//! This file runs them in that order; no stage calls a later one. Emitting
//! and rendering run together, one module per thread
//! (`emit_and_render`), since token streams cannot cross threads.
//!
//! [`diff`] compares what two specs generate (`apigen diff`), from their IRs.
//!
//! ```no_run
//! let output = apigen::generate(std::path::Path::new("spec/api.yaml"), &apigen::Options::default())?;
//! output.write_to(std::path::Path::new("generated"))?;
//! # Ok::<(), apigen::Error>(())
//! ```

// Functions that fit on a screen (the threshold is in `clippy.toml`).
#![warn(clippy::too_many_lines)]

mod build_script;
pub mod diagnostic;
pub mod diff;
pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod naming;
mod options;
pub mod pointer;
pub mod render;
pub mod write;

pub use build_script::Builder;
pub use diagnostic::{Diagnostic, LineColumn, Severity};
pub use error::Error;
pub use options::Options;
pub use render::GeneratedFile;
pub use write::{Difference, WriteReport};

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The generator's name, as written in generated headers.
pub const TOOL_NAME: &str = env!("CARGO_PKG_NAME");
/// The generator's version, as written in generated headers.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Time spent in each stage of one generation (`apigen generate --timings`
/// prints it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading and parsing the spec.
    pub load: Duration,
    /// Building the IR (resolving, naming, boxing).
    pub ir: Duration,
    /// Producing token streams.
    pub emit: Duration,
    /// Formatting token streams into source text.
    ///
    /// Modules are emitted and rendered together on several threads; the
    /// wall-clock time of that phase is split between `emit` and `render`
    /// in proportion to the thread time each took.
    pub render: Duration,
}

impl Timings {
    pub fn total(&self) -> Duration {
        self.load + self.ir + self.emit + self.render
    }
}

/// `load 7.32 ms, IR 3.35 ms, emit 5.46 ms, render 22.7 ms (total 38.8 ms)`.
impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stages = [
            ("load", self.load),
            ("IR", self.ir),
            ("emit", self.emit),
            ("render", self.render),
        ];
        for (i, (name, time)) in stages.into_iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(f, "{separator}{name} {}", milliseconds(time))?;
        }
        write!(f, " (total {})", milliseconds(self.total()))
    }
}

/// A duration in milliseconds: two decimals under 10 ms, one under 100 ms,
/// none above.
fn milliseconds(time: Duration) -> String {
    let ms = time.as_secs_f64() * 1e3;
    match ms {
        _ if ms < 10.0 => format!("{ms:.2} ms"),
        _ if ms < 100.0 => format!("{ms:.1} ms"),
        _ => format!("{ms:.0} ms"),
    }
}

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Output {
    ir: ir::Ir,
    untyped: ir::Untyped,
    sources: Vec<GeneratedFile>,
    cargo_toml: GeneratedFile,
    /// The `[features]` table kept up to date in an existing `Cargo.toml`,
    /// with features per tag.
    features_table: Option<String>,
    /// What the modules were emitted with, to emit them again as one file
    /// for `include!` when asked for.
    settings: EmitSettings,
    spec_label: String,
    timings: Timings,
    referenced_files: Vec<std::path::PathBuf>,
}

impl Output {
    /// The source files (`src/*.rs`), in a fixed order.
    pub fn files(&self) -> &[GeneratedFile] {
        &self.sources
    }

    /// The `Cargo.toml` written when the output folder has none.
    pub fn cargo_toml(&self) -> &GeneratedFile {
        &self.cargo_toml
    }

    /// The other files the spec's `$ref`s read (for `cargo:rerun-if-changed`).
    pub fn referenced_files(&self) -> &[std::path::PathBuf] {
        &self.referenced_files
    }

    /// How long each stage took.
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// The digest of the spec's files the crate's docs record
    /// (`fnv1a64:…`): `apigen generate` compares it with the one an
    /// existing crate records to know whether the spec changed.
    pub fn spec_digest(&self) -> &str {
        &self.settings.spec_digest
    }

    /// The model the code was emitted from.
    pub fn ir(&self) -> &ir::Ir {
        &self.ir
    }

    /// Constructs the spec uses that the client approximates.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.ir.warnings
    }

    /// The fields and parameters typed as any JSON value
    /// (`serde_json::Value`), with the pointer of each one's schema in the
    /// spec and why (`apigen generate` prints the counts).
    pub fn untyped(&self) -> &ir::Untyped {
        &self.untyped
    }

    /// The whole client as one file of inline modules, for `include!` from
    /// `build.rs` output: no crate-level attributes, and paths that work
    /// below any module.
    pub fn single_file(&self, path: &str) -> Result<GeneratedFile, Error> {
        let mut cx = self.settings.context(&self.ir, &self.spec_label);
        // An included file has no features of its own: a build script
        // chooses its operations with `Builder::tag` instead.
        cx.gates = emit::Gates::default();
        let module = emit::EmittedModule {
            path: "single file".to_string(),
            tokens: emit::single_file(&cx, &emit::plan(&cx)),
        };
        let mut file = render::render(module, &self.spec_label)?;
        file.path = path.to_string();
        Ok(file)
    }

    /// Writes the crate into `dir`, touching only files whose bytes change.
    pub fn write_to(&self, dir: &Path) -> Result<WriteReport, Error> {
        write::write_to(dir, &self.sources, &self.manifest())
    }

    /// How `dir` differs from what [`write_to`](Self::write_to) would leave.
    pub fn check(&self, dir: &Path) -> Vec<Difference> {
        write::check(dir, &self.sources, &self.manifest())
    }

    fn manifest(&self) -> write::Manifest<'_> {
        write::Manifest {
            new: &self.cargo_toml,
            features_table: self.features_table.as_deref(),
        }
    }
}

/// The [`emit::EmitContext`] of an [`Output`], owned.
#[derive(Debug, Clone)]
struct EmitSettings {
    crate_name: String,
    env_prefix: String,
    spec_digest: String,
    extra_derives: Vec<String>,
    models_only: bool,
    derive_serde: bool,
}

impl EmitSettings {
    fn context<'a>(&'a self, ir: &'a ir::Ir, spec_label: &'a str) -> emit::EmitContext<'a> {
        emit::EmitContext {
            ir,
            crate_name: &self.crate_name,
            env_prefix: &self.env_prefix,
            spec_label,
            spec_digest: &self.spec_digest,
            extra_derives: &self.extra_derives,
            models_only: self.models_only,
            derive_serde: self.derive_serde,
            gates: emit::Gates::new(ir.features.as_ref()),
        }
    }
}

/// Reads the spec at `spec_path` and generates the client crate.
pub fn generate(spec_path: &Path, options: &Options) -> Result<Output, Error> {
    generate_rendering(spec_path, options, Rendering::CrateFiles)
}

/// Which files generation renders right away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rendering {
    /// Every file of the crate ([`Output::files`]).
    CrateFiles,
    /// None: a build script asks for the single-file form
    /// ([`Output::single_file`]) afterwards, and needs nothing else.
    SingleFileLater,
}

/// [`generate`], rendering what `rendering` says.
fn generate_rendering(
    spec_path: &Path,
    options: &Options,
    rendering: Rendering,
) -> Result<Output, Error> {
    let started = Instant::now();
    let (spec, source) = load::load_file(spec_path, options)?;
    let load = started.elapsed();
    let mut output = generate_from(&spec, &source, options, rendering)?;
    output.timings.load = load;
    Ok(output)
}

/// Generates from spec text already in memory; `name` is how the spec is
/// called in messages and headers (e.g. its file name).
pub fn generate_from_str(text: &str, name: &str, options: &Options) -> Result<Output, Error> {
    generate_from_bytes(text.as_bytes(), Path::new(name), options)
}

/// Generates from spec bytes in memory, which need not be valid UTF-8 (that
/// is reported like any other spec error); `path` names the spec in
/// messages and is where `$ref`s to other files are resolved from.
pub fn generate_from_bytes(bytes: &[u8], path: &Path, options: &Options) -> Result<Output, Error> {
    let started = Instant::now();
    let label = path.display().to_string();
    let (spec, source) = load::load_bytes(bytes.to_vec(), path, &label, options)?;
    let load = started.elapsed();
    let mut output = generate_from(&spec, &source, options, Rendering::CrateFiles)?;
    output.timings.load = load;
    Ok(output)
}

fn generate_from(
    spec: &openapiv3::OpenAPI,
    source: &load::SpecSource,
    options: &Options,
    rendering: Rendering,
) -> Result<Output, Error> {
    let mut timings = Timings::default();
    parse_derives(&options.extra_derives)?;
    let started = Instant::now();
    let crate_name = options
        .crate_name
        .as_deref()
        .map(validate_crate_name)
        .transpose()?;
    let (ir, mut untyped) = spec_errors(source, ir::build_counting_untyped(spec, options))?;
    for place in &mut untyped.uses {
        place.pointer = source.source_pointer(&place.pointer);
    }
    let mut warnings = source.warnings.clone();
    warnings.extend(source.locate_all(ir.warnings));
    let ir = ir::Ir { warnings, ..ir };
    timings.ir = started.elapsed();
    let spec_label = options
        .spec_label
        .clone()
        .unwrap_or_else(|| default_spec_label(&source.path));
    let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&ir.api.title));
    // A spec without operations (or with none left by `--operation` and
    // `--tag`) gets its models alone: a client would have nothing to call,
    // and its request machinery would be dead code.
    let settings = EmitSettings {
        env_prefix: options
            .env_prefix
            .clone()
            .unwrap_or_else(|| default_env_prefix(&crate_name)),
        crate_name,
        spec_digest: spec_digest(source),
        extra_derives: options.extra_derives.clone(),
        models_only: options.models_only || ir.operations.is_empty(),
        derive_serde: options.derive_serde,
    };
    let cx = settings.context(&ir, &spec_label);
    let sources = if rendering == Rendering::CrateFiles {
        let started = Instant::now();
        let rendered = emit_and_render(&cx, &emit::plan(&cx), &spec_label)?;
        let elapsed = started.elapsed();
        timings.emit = rendered.emit_share(elapsed);
        timings.render = elapsed - timings.emit;
        rendered.files
    } else {
        Vec::new()
    };
    let cargo_toml = GeneratedFile {
        path: "Cargo.toml".to_string(),
        contents: emit::cargo_toml(&cx),
    };
    let features_table = emit::features_table(&cx);
    Ok(Output {
        ir,
        untyped,
        sources,
        cargo_toml,
        features_table,
        settings,
        spec_label,
        timings,
        referenced_files: source
            .referenced_files
            .iter()
            .map(|(p, _)| p.clone())
            .collect(),
    })
}

/// The rendered files of a plan, and the thread time spent on each stage.
struct Rendered {
    /// In plan order.
    files: Vec<GeneratedFile>,
    emit: Duration,
    render: Duration,
}

impl Rendered {
    /// The part of `elapsed` (the phase's wall-clock time) that emitting
    /// took, in proportion to the thread time of both stages.
    fn emit_share(&self, elapsed: Duration) -> Duration {
        let total = (self.emit + self.render).as_secs_f64();
        if total == 0.0 {
            return Duration::ZERO;
        }
        elapsed.mul_f64(self.emit.as_secs_f64() / total)
    }
}

/// What became of one planned module.
struct ModuleOutcome {
    /// The module's index in the plan.
    index: usize,
    /// Its file; `None` when the emitter had nothing to emit.
    file: Option<Result<GeneratedFile, Error>>,
    /// The thread time emitting took.
    emit: Duration,
    /// The thread time rendering took.
    render: Duration,
}

/// Emits (stage 3) and renders (stage 4) the modules of `plan` on as many
/// threads as there are cores (rendering is the costliest stage). Token
/// streams cannot move between threads, so each module is emitted and
/// rendered by one thread; the biggest modules are taken first so that the
/// threads finish close together. The files are the same, in the same
/// order, whatever the number of threads.
fn emit_and_render(
    cx: &emit::EmitContext,
    plan: &emit::Plan,
    spec_label: &str,
) -> Result<Rendered, Error> {
    let mut order: Vec<usize> = (0..plan.modules.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(plan.modules[i].weight()));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(emit_and_render_module(cx, plan, index, spec_label));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(order.len());
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            match helper.join() {
                Ok(more) => done.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_by_key(|outcome| outcome.index);
    let mut rendered = Rendered {
        files: Vec::with_capacity(done.len()),
        emit: Duration::ZERO,
        render: Duration::ZERO,
    };
    for outcome in done {
        rendered.emit += outcome.emit;
        rendered.render += outcome.render;
        if let Some(file) = outcome.file {
            rendered.files.push(file?);
        }
    }
    Ok(rendered)
}

/// Emits and renders the module at `index` of `plan`, timing each stage.
fn emit_and_render_module(
    cx: &emit::EmitContext,
    plan: &emit::Plan,
    index: usize,
    spec_label: &str,
) -> ModuleOutcome {
    let module = &plan.modules[index];
    let started = Instant::now();
    let tokens = plan.emit_module(cx, module);
    let emit = started.elapsed();
    let started = Instant::now();
    let file = tokens.map(|tokens| {
        let path = module.path.clone();
        render::render(emit::EmittedModule { path, tokens }, spec_label)
    });
    ModuleOutcome {
        index,
        file,
        emit,
        render: started.elapsed(),
    }
}

/// The digest of every file of the spec: an edit of any shows up. Other
/// files are named by their path relative to the spec's folder, so the
/// digest does not depend on where the repository is checked out.
fn spec_digest(source: &load::SpecSource) -> String {
    let spec_dir = source.path.parent().unwrap_or(Path::new(""));
    let mut hash = Fnv1a::default();
    hash.write(source.text.as_bytes());
    for (path, text) in &source.referenced_files {
        let relative = path.strip_prefix(spec_dir).unwrap_or(path);
        hash.write(relative.to_string_lossy().as_bytes());
        hash.write(text.as_bytes());
    }
    hash.finish()
}

/// The built IR, or every error of the spec: those the IR found and those
/// loading found but did not stop at (spec-quality problems under
/// `--strict`), so that one run lists them all.
fn spec_errors<T>(
    source: &load::SpecSource,
    built: Result<T, Vec<Diagnostic>>,
) -> Result<T, Error> {
    match built {
        Ok(built) if source.errors.is_empty() => Ok(built),
        Ok(_) => Err(Error::spec(source.errors.clone())),
        Err(errors) => {
            let mut all = source.errors.clone();
            all.extend(source.locate_all(errors));
            Err(Error::spec(all))
        }
    }
}

/// Each extra derive must be a Rust path such as `Eq` or `schemars::JsonSchema`.
fn parse_derives(derives: &[String]) -> Result<(), Error> {
    for derive in derives {
        syn::parse_str::<syn::Path>(derive).map_err(|_| Error::InvalidOption {
            option: "extra derive",
            value: derive.clone(),
            reason: "expected a Rust path such as `Eq` or `schemars::JsonSchema`",
        })?;
    }
    Ok(())
}

/// Cargo accepts ASCII letters, digits, `-` and `_`, not starting with a digit.
fn validate_crate_name(name: &str) -> Result<String, Error> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_string())
    } else {
        Err(Error::InvalidOption {
            option: "crate name",
            value: name.to_string(),
            reason: "use ASCII letters, digits, `-` and `_`, not starting with a digit",
        })
    }
}

/// FNV-1a (64 bit) of the spec's bytes: stable across platforms and
/// versions, and enough to notice an edit (it is not a security measure).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    }

    fn finish(&self) -> String {
        format!("fnv1a64:{:016x}", self.0)
    }
}

#[cfg(test)]
fn digest(bytes: &[u8]) -> String {
    let mut hash = Fnv1a::default();
    hash.write(bytes);
    hash.finish()
}

fn default_spec_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `m3ter` → `M3TER_`; `swagger-petstore` → `SWAGGER_PETSTORE_`.
fn default_env_prefix(crate_name: &str) -> String {
    format!("{}_", crate_name.replace('-', "_").to_ascii_uppercase())
}

/// `m3ter API` → `m3ter`; `Swagger Petstore - OpenAPI 3.0` → `swagger-petstore-openapi-3-0`.
pub fn default_crate_name(title: &str) -> String {
    use heck::ToKebabCase;
    let kebab = naming::type_name(title).to_kebab_case();
    let name = kebab.strip_suffix("-api").unwrap_or(&kebab);
    if name.is_empty() || name == "api" || name == "type" {
        "api-client".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::default_crate_name;

    #[test]
    fn options_are_validated() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let bad_derive = crate::Options {
            extra_derives: vec!["not a path".into()],
            ..Default::default()
        };
        let error = crate::generate_from_str(spec, "s.yaml", &bad_derive).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("invalid extra derive `not a path`"),
            "{error}"
        );
        let bad_name = crate::Options {
            crate_name: Some("a\"b".into()),
            ..Default::default()
        };
        let error = crate::generate_from_str(spec, "s.yaml", &bad_name).unwrap_err();
        assert!(error.to_string().contains("invalid crate name"), "{error}");
    }

    #[test]
    fn without_operations_the_crate_is_the_models_alone() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      tags: [a]\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    A: {type: string}\n";
        let paths = |options: &crate::Options| -> Vec<String> {
            let output = crate::generate_from_str(spec, "s.yaml", options).unwrap();
            output.files().iter().map(|f| f.path.clone()).collect()
        };
        assert!(paths(&crate::Options::default()).contains(&"src/client.rs".to_string()));
        let no_operation_left = crate::Options {
            tags: vec!["b".into()],
            ..Default::default()
        };
        assert_eq!(paths(&no_operation_left), ["src/lib.rs", "src/models.rs"]);
        let no_paths = spec.split("paths:").next().unwrap().to_string() + "paths: {}\n";
        let output = crate::generate_from_str(&no_paths, "s.yaml", &Default::default()).unwrap();
        let files: Vec<&str> = output.files().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(files, ["src/lib.rs", "src/models.rs"]);
    }

    #[test]
    fn digest_is_fnv1a_64() {
        assert_eq!(super::digest(b""), "fnv1a64:cbf29ce484222325");
        assert_eq!(super::digest(b"a"), "fnv1a64:af63dc4c8601ec8c");
    }

    #[test]
    fn crate_names_from_titles() {
        assert_eq!(default_crate_name("m3ter API"), "m3ter");
        assert_eq!(default_crate_name("Swagger Petstore"), "swagger-petstore");
        assert_eq!(default_crate_name("API"), "api-client");
        assert_eq!(default_crate_name(""), "api-client");
        assert_eq!(default_crate_name("3scale"), "t3scale");
        assert_eq!(default_crate_name("Petstore API"), "petstore");
    }

    #[test]
    fn timings_show_each_stage_in_milliseconds() {
        use std::time::Duration;
        let timings = crate::Timings {
            load: Duration::from_micros(7_321),
            ir: Duration::from_micros(350),
            emit: Duration::from_micros(15_460),
            render: Duration::from_micros(122_700),
        };
        assert_eq!(
            timings.to_string(),
            "load 7.32 ms, IR 0.35 ms, emit 15.5 ms, render 123 ms (total 146 ms)"
        );
    }
}
