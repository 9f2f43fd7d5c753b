//! The one error type of the generator's public API.

use crate::diagnostic::Diagnostic;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The spec has one or more problems; all of them are listed.
    #[error("{}", SpecErrors(.0))]
    Spec(Vec<Diagnostic>),
    /// The output folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output path is unusable (e.g. it is a file).
    #[error("output folder {}: {reason}", path.display())]
    Output { path: PathBuf, reason: String },
    /// An option has a value the generator cannot use.
    #[error("invalid {option} `{value}`: {reason}")]
    InvalidOption {
        option: &'static str,
        value: String,
        reason: &'static str,
    },
    /// A bug in the generator: the code it produced does not parse as Rust.
    #[error("internal error: generated {file} is not valid Rust ({message}); please report this with the spec")]
    Render { file: String, message: String },
}

impl Error {
    /// A spec error listing `diagnostics` in the order of the file (those
    /// without a position last), so they read top to bottom.
    pub fn spec(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|d| (d.position.is_none(), d.position));
        Error::Spec(diagnostics)
    }
}

struct SpecErrors<'a>(&'a [Diagnostic]);

impl fmt::Display for SpecErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        let count = self.0.len();
        write!(
            f,
            "\n{count} error{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}
