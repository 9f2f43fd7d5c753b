//! The diagnostics sink of stage 2: every pass reports here, and the IR is
//! built only if none of what it collected is an error, so that a user
//! sees all the problems of a spec at once.

use super::resolve::RefError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pointer::push_pointer;
use std::collections::HashSet;

pub struct Diagnostics {
    /// Spec-quality problems (a dangling `$ref`) are errors, not warnings.
    strict: bool,
    collected: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(strict: bool) -> Self {
        Self {
            strict,
            collected: Vec::new(),
        }
    }

    pub fn error(&mut self, message: String, pointer: &str) {
        self.collected.push(Diagnostic::error(message, pointer));
    }

    pub fn warn(&mut self, message: String, pointer: &str) {
        self.collected.push(Diagnostic::warning(message, pointer));
    }

    /// A spec-quality problem with a fallback: an error under `--strict`,
    /// otherwise a warning that names the fallback.
    pub fn quality(&mut self, problem: String, fallback: &str, pointer: &str) {
        let diagnostic = Diagnostic::quality(self.strict, &problem, fallback, pointer);
        self.collected.push(diagnostic);
    }

    /// Reports a `$ref` (at `pointer`) that could not be followed. A
    /// dangling one is a spec-quality problem, since a user often cannot
    /// fix a published spec: `fallback` says what is done instead.
    pub fn ref_problem(
        &mut self,
        reference: &str,
        error: &RefError,
        fallback: &str,
        pointer: &str,
    ) {
        let ref_pointer = push_pointer(pointer, "$ref");
        let message = error.describe(reference);
        if error.is_dangling() {
            self.quality(message, fallback, &ref_pointer);
        } else {
            self.error(message, &ref_pointer);
        }
    }

    /// The warnings, in document order; or, if there are any, the errors,
    /// in the order they were found.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        // A schema converted in several places (its properties merged into
        // several `allOf`s) reports each of its problems once.
        let mut seen = HashSet::new();
        self.collected
            .retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        let (errors, mut warnings): (Vec<_>, Vec<_>) = self
            .collected
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if !errors.is_empty() {
            return Err(errors);
        }
        warnings.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        Ok(warnings)
    }
}
