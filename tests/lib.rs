//! Tests of the generator's output and of the generated m3ter client.
//! The tests live in the `[[test]]` targets beside this file; this library
//! holds what they share.

pub mod corpus;
pub mod cut;
pub mod generative;

use std::path::{Path, PathBuf};

/// The repository root (the folder holding `spec/`, `generated/`, `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the repository")
        .to_path_buf()
}

/// The m3ter documentation pages of `../shared/seeds/`, read at test time
/// so that the tests follow the pages rather than a copy of them.
pub mod seeds {
    /// The "Cancel StatementJob" documentation page.
    pub const CANCEL_STATEMENT_JOB_PAGE: &str = "000_467c51e4e43f0247.txt";
    /// The "Delete CounterAdjustment" documentation page.
    pub const DELETE_COUNTER_ADJUSTMENT_PAGE: &str = "004_f51abdbe29817196.txt";

    /// The text of a documentation page.
    pub fn page(file: &str) -> String {
        let path = super::repo_root().join("../shared/seeds").join(file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the page {}: {e}", path.display()))
    }

    /// The first JSON object of a page's text: from the first line that is
    /// exactly `{` to the line holding its matching `}`.
    pub fn first_json_object(text: &str) -> String {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|line| *line == "{")
            .expect("the page holds a line that is exactly `{`");
        let mut depth = 0usize;
        for (offset, line) in lines[start..].iter().enumerate() {
            let mut in_string = false;
            let mut escaped = false;
            for c in line.chars() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_string => escaped = true,
                    '"' => in_string = !in_string,
                    '{' if !in_string => depth += 1,
                    '}' if !in_string => depth -= 1,
                    _ => {}
                }
            }
            if depth == 0 {
                let end = start + offset;
                assert_eq!(
                    lines[end], "}",
                    "the object opened by the `{{` line must close on a line that is exactly `}}`"
                );
                return lines[start..=end].join("\n");
            }
        }
        panic!("the `{{` line at line {} is never closed", start + 1);
    }

    /// The example response of the Cancel StatementJob page, verbatim
    /// (`filters.meterIds` is a string there, an array in the spec).
    pub fn statement_job_example() -> String {
        first_json_object(&page(CANCEL_STATEMENT_JOB_PAGE))
    }

    /// The example response of the Delete CounterAdjustment page, verbatim.
    pub fn counter_adjustment_example() -> String {
        first_json_object(&page(DELETE_COUNTER_ADJUSTMENT_PAGE))
    }
}

/// The options a fixture pair of `fixtures/diff/` is compared and
/// generated with, from its optional `options` file: one option a line
/// (`#` starts a comment), `features-per-tag`, and `features = a, b` for
/// the cargo features its witness builds the crates with.
pub mod diff_fixture {
    use std::path::Path;

    /// A fixture's options.
    #[derive(Default)]
    pub struct FixtureOptions {
        pub features_per_tag: bool,
        /// The features the witness enables in place of the crate's
        /// default (`full`); `None` keeps the default.
        pub features: Option<Vec<String>>,
    }

    impl FixtureOptions {
        /// The options in `dir/options`; the defaults without that file.
        /// An unknown line is a mistake in the fixture, and fails the test.
        pub fn of(dir: &Path) -> Self {
            let Ok(text) = std::fs::read_to_string(dir.join("options")) else {
                return Self::default();
            };
            let mut options = Self::default();
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if line == "features-per-tag" {
                    options.features_per_tag = true;
                } else if let Some(list) = line.strip_prefix("features =") {
                    let names = list.split(',').map(|name| name.trim().to_string());
                    options.features = Some(names.filter(|name| !name.is_empty()).collect());
                } else {
                    panic!("{}/options: unknown line `{line}`", dir.display());
                }
            }
            options
        }

        /// The generator's options for both sides.
        pub fn generator_options(&self) -> apigen::Options {
            apigen::Options {
                features_per_tag: self.features_per_tag,
                ..apigen::Options::default()
            }
        }
    }
}
