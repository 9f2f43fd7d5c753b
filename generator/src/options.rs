//! Generation options, declared once: the library, `build.rs` users (through
//! [`Builder`](crate::Builder)) and the CLI's flags all use this struct.

use std::path::PathBuf;

/// How to generate.
// The CLI's flags are derived from the fields (with the `cli` feature), so
// the two cannot drift apart; build scripts leave the feature off and never
// compile clap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct Options {
    /// Package name for a newly written Cargo.toml (default: from the spec's
    /// title, `m3ter API` → `m3ter`).
    #[cfg_attr(feature = "cli", arg(long, value_name = "NAME"))]
    pub crate_name: Option<String>,
    /// Only these operations (by `operationId`); repeatable. Default: all.
    #[cfg_attr(feature = "cli", arg(long = "operation", value_name = "OPERATION_ID"))]
    pub operations: Vec<String>,
    /// Only operations with one of these tags; repeatable. Default: all.
    #[cfg_attr(feature = "cli", arg(long = "tag", value_name = "TAG"))]
    pub tags: Vec<String>,
    /// Extra derives for every model type (structs, enums, unions), e.g. `Eq`
    /// or `schemars::JsonSchema`, left out where the type implements the
    /// trait already; repeatable.
    #[cfg_attr(feature = "cli", arg(long = "extra-derive", value_name = "PATH"))]
    pub extra_derives: Vec<String>,
    /// Generate the models only, without the HTTP client and its error type.
    #[cfg_attr(feature = "cli", arg(long))]
    pub models_only: bool,
    /// One cargo feature per tag of the spec's operations, each compiling
    /// the operations of its tag and the types they need, and a default
    /// feature `full` with all of them: `default-features = false,
    /// features = ["issues"]` compiles one tag alone. Managed in the
    /// crate's `Cargo.toml` (its `[features]` table).
    #[cfg_attr(feature = "cli", arg(long))]
    pub features_per_tag: bool,
    /// Derive serde's `Serialize` and `Deserialize` for structs, as serde
    /// writes them, instead of the compact impls the generator writes:
    /// JSON encodes and decodes the same, and a struct may also be read
    /// from a sequence of its field values, but the crate takes far longer
    /// to compile.
    #[cfg_attr(feature = "cli", arg(long))]
    pub derive_serde: bool,
    /// Prefix of the environment variables `Client::from_env` reads, e.g.
    /// `M3TER_` for `M3TER_API_KEY` (default: from the crate name).
    #[cfg_attr(feature = "cli", arg(long, value_name = "PREFIX"))]
    pub env_prefix: Option<String>,
    /// Treat spec-quality problems as errors instead of warnings: duplicate
    /// `operationId`s, path templates that disagree with their parameters,
    /// operations without responses, defaults and enum values of the wrong
    /// type. Without it each gets a warning and a deterministic fallback.
    #[cfg_attr(feature = "cli", arg(long))]
    pub strict: bool,
    /// The folder `$ref`s to other files may read from, e.g. the repository
    /// of a spec split over several folders (default: the current
    /// directory, or the spec's folder when the spec is not below it).
    #[cfg_attr(feature = "cli", arg(long, value_name = "DIR"))]
    pub ref_root: Option<PathBuf>,
    /// How generated files name their spec (default: its file name).
    #[cfg_attr(feature = "cli", arg(skip))]
    pub spec_label: Option<String>,
}

impl Options {
    /// Whether an operation passes the `operations` and `tags` filters.
    pub fn includes_operation(&self, operation_id: Option<&str>, tags: &[String]) -> bool {
        let by_id = self.operations.is_empty()
            || operation_id.is_some_and(|id| self.operations.iter().any(|o| o == id));
        let by_tag = self.tags.is_empty() || tags.iter().any(|t| self.tags.contains(t));
        by_id && by_tag
    }
}
