//! The generative test (issue #15): random, valid OpenAPI 3.0.3 documents
//! built from the idioms real specs use; each must generate (no spec error,
//! no panic, no crash, no warning a valid document does not deserve) and
//! its client must pass clippy `-D warnings`.
//!
//! - [`rng`], [`idioms`], `names`: the seeded PRNG, the idioms a document
//!   may use (each switchable), the names it draws from;
//! - `builder`, `schemas`, `references`, `operations`, `files`:
//!   the documents; [`document()`] gives the one of a seed, the same bytes
//!   every time;
//! - [`validity`]: what makes a document valid, checked before each is
//!   generated (a failure must be the generator's, not the test's);
//! - [`worker`]: generation in a child process, so that even a stack
//!   overflow is reported with its seed;
//! - [`batch`]: many clients as modules of one crate, checked by one clippy
//!   run, failures mapped back to their documents;
//! - [`minimize`]: delta debugging of a failing document;
//! - [`run`], [`report`]: batches, failures and the summary, for the
//!   `generative` test and the `generative` command.

pub mod batch;
mod builder;
pub mod document;
mod files;
pub mod idioms;
pub mod minimize;
mod names;
mod operations;
mod references;
pub mod report;
pub mod rng;
pub mod run;
mod schemas;
pub mod validity;
pub mod worker;

pub use builder::document;
pub use document::Document;
pub use idioms::{Idiom, Idioms, KNOWN_BUGS};
