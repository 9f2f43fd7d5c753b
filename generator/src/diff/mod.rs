//! `apigen diff`: what changes between the crates two specs generate, under
//! the same options, as the public Rust API of the generated crate and as
//! the wire contract.
//!
//! Both specs are loaded and built into IRs exactly as `generate` does
//! (same diagnostics for bad input); nothing is emitted. The passes pair
//! what is the same item on both sides and report each difference once:
//!
//! - `operations`: operations by endpoint then name, and each method's
//!   arguments, body and success type (`bodies`);
//! - `types`: model types by operation, pointer, name, then shape, and
//!   their fields (`fields`) and variants (`variants`);
//! - `client`: the client's configuration (base URL, setters, `Error`);
//! - `features`: under `--features-per-tag`, the crate's cargo features
//!   and which of them compile each method and type.
//!
//! Each change gets a source rating from the Rust each side generates
//! (`rust` prints it as the emitters do, and the tests check both that it
//! matches the emitted code and that rustc agrees with the rating), and a
//! wire rating from its kind (`kinds`) and the direction it travels in
//! (`usage`). `locate` finds its file, line and column; `report` sorts,
//! filters and suggests a version; `format` prints it; `git` reads a spec
//! at a git revision; `surface` lists the generated API the way the
//! comparison sees it, for the test that holds it to the emitted code.

mod bodies;
mod change;
mod client;
mod compare;
mod features;
mod fields;
mod format;
mod git;
mod kinds;
mod locate;
mod operations;
mod regenerate;
mod report;
mod rust;
mod surface;
mod types;
mod usage;
mod variants;

pub use change::{Change, Direction, Location, SourceLevel, WireLevel};
pub use format::Format;
pub use git::SpecRef;
pub use kinds::{Kind, KINDS};
pub use regenerate::regeneration_summary;
pub use report::{bump, FailOn, Report};
pub use surface::surface;

use crate::ir::Ir;
use crate::load::SpecSource;
use crate::Options;

/// Why a diff could not be made: a spec that does not load (with located
/// diagnostics, as `generate` reports them), or a git revision that cannot
/// be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    #[error(transparent)]
    Spec(#[from] crate::Error),
    #[error("{0}")]
    Git(String),
}

/// One side of a diff: a spec loaded and built into its IR.
#[derive(Debug)]
pub struct Loaded {
    spec: openapiv3::OpenAPI,
    source: SpecSource,
    ir: Ir,
    /// Whether the generated crate has a client (not `--models-only`, and
    /// some operation to call).
    client: bool,
    /// Which of its serde traits follow directions.
    serde_directions: crate::ir::serde_impls::Directions,
}

impl Loaded {
    /// How the spec is named in reports (`spec/api.yaml`, `HEAD:spec/api.yaml`).
    pub fn label(&self) -> &str {
        &self.source.label
    }

    /// The digest the generated crate's docs record (`lib.rs`), to know
    /// whether a crate was generated from this spec.
    pub fn digest(&self) -> String {
        crate::spec_digest(&self.source)
    }
}

/// Loads a spec (a file, or a file at a git revision) and builds its IR.
pub fn load(spec: &SpecRef, options: &Options) -> Result<Loaded, DiffError> {
    match spec {
        SpecRef::File(path) => {
            let (spec, source) = crate::load::load_file(path, options)?;
            Ok(build(spec, source, options)?)
        }
        SpecRef::Revision { .. } => git::load(spec, options),
    }
}

/// Loads spec text already in memory, named `label` (as
/// [`generate_from_str`](crate::generate_from_str)).
pub fn load_str(text: &str, label: &str, options: &Options) -> Result<Loaded, DiffError> {
    let path = std::path::Path::new(label);
    let (spec, source) = crate::load::load_bytes(text.as_bytes().to_vec(), path, label, options)?;
    Ok(build(spec, source, options)?)
}

fn build(
    spec: openapiv3::OpenAPI,
    source: SpecSource,
    options: &Options,
) -> Result<Loaded, crate::Error> {
    let ir = crate::spec_errors(&source, crate::ir::build(&spec, options))?;
    let client = !options.models_only && !ir.operations.is_empty();
    let serde_directions = crate::ir::serde_impls::Directions::new(client, &options.extra_derives);
    Ok(Loaded {
        spec,
        source,
        ir,
        client,
        serde_directions,
    })
}

/// Every change from `old` to `new`, rated, located and in report order.
pub fn compare(old: &Loaded, new: &Loaded) -> Report {
    let mut cx = compare::Cx::new(old, new);
    let matched = operations::match_operations(&old.ir, &new.ir);
    operations::pair_types(&mut cx, &matched);
    types::compare(&mut cx);
    operations::compare(&mut cx, &matched);
    client::compare(&mut cx);
    features::crate_features(&mut cx);
    let found = cx.finish();
    let changes = locate::locate(found, old, new);
    Report::new(old.label(), new.label(), changes, &old.ir, &new.ir)
}
