//! What a run prints: a summary line per kind of failure, and a report
//! with the first document (or its minimized form) of each.

use super::run::{failing_seeds, Failure, FailureKind, Summary};
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// Whole documents a report shows at most (a minimized one is always
/// shown); the others are one `--print` away.
const FULL_SPECS: usize = 3;

impl Summary {
    /// Failures grouped by signature, in order of first seed.
    pub fn by_signature(&self) -> BTreeMap<(FailureKind, String), Vec<&Failure>> {
        let mut groups: BTreeMap<(FailureKind, String), Vec<&Failure>> = BTreeMap::new();
        for failure in &self.failures {
            for signature in &failure.signatures {
                groups
                    .entry((failure.kind, signature.clone()))
                    .or_default()
                    .push(failure);
            }
        }
        groups
    }

    /// The command that prints the document of `seed`.
    pub fn print_command(&self, seed: u64) -> String {
        self.command(&format!("--print {seed}"))
    }

    /// The command that reruns one seed and minimizes its failure.
    pub fn rerun_command(&self, seed: u64) -> String {
        self.command(&format!("--seed {seed} --count 1 --minimize"))
    }

    /// The `generative` command with `args` and this run's idioms.
    fn command(&self, args: &str) -> String {
        let without = self.config.idioms.left_out();
        let without = if without.is_empty() {
            String::new()
        } else {
            format!(" --without {}", without.join(","))
        };
        format!("cargo run --release -p m3ter-tests --bin generative -- {args}{without}")
    }

    /// Every kind of failure: its seeds, the first one's message, and its
    /// minimized document, or else its whole document (the first
    /// `FULL_SPECS` of them; the others as the command that prints them).
    pub fn report(&self) -> String {
        let mut out = String::new();
        let mut shown: Vec<u64> = Vec::new();
        for ((kind, signature), failures) in self.by_signature() {
            let first = failures[0];
            let seeds: Vec<String> = failures.iter().map(|f| f.seed.to_string()).collect();
            let _ = writeln!(
                out,
                "\n=== [{kind}] {signature}\n    seeds: {}",
                seeds.join(", ")
            );
            let _ = writeln!(out, "    rerun: {}", self.rerun_command(first.seed));
            let message = first.message(&signature).trim_end();
            let _ = writeln!(out, "--- error (seed {}):\n{message}", first.seed);
            let minimal = self.minimal.iter().find(|m| m.signature == signature);
            if let Some(minimal) = minimal {
                // The whole document is one `--print` away.
                let _ = writeln!(
                    out,
                    "--- minimal spec (from seed {}):\n{}",
                    minimal.seed,
                    minimal.document.listing()
                );
            } else if shown.contains(&first.seed) {
                let _ = writeln!(out, "--- (the spec of seed {} is shown above)", first.seed);
            } else if shown.len() >= FULL_SPECS {
                let print = self.print_command(first.seed);
                let _ = writeln!(out, "--- spec: `{print}`");
            } else {
                shown.push(first.seed);
                let _ = writeln!(
                    out,
                    "--- spec (seed {}):\n{}",
                    first.seed,
                    first.document.listing()
                );
            }
        }
        out
    }
}

/// The one-paragraph summary.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        let failed = failing_seeds(&self.failures) as u64;
        writeln!(
            f,
            "generative: {} documents (seeds {}..{}, {}) in {:.0} s: {} passed, {} failed",
            self.tried,
            c.first_seed,
            c.first_seed + c.count,
            c.idioms,
            self.elapsed.as_secs_f64(),
            self.tried - failed,
            failed
        )?;
        for ((kind, signature), failures) in self.by_signature() {
            let seeds: Vec<String> = failures
                .iter()
                .take(12)
                .map(|f| f.seed.to_string())
                .collect();
            let more = failures.len().saturating_sub(12);
            let more = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            writeln!(
                f,
                "  [{kind}] {signature}: {} documents, seeds {}{more}",
                failures.len(),
                seeds.join(", ")
            )?;
        }
        Ok(())
    }
}
