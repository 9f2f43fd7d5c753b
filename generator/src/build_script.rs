//! One-call use from `build.rs`, in the manner of `prost_build`:
//!
//! ```no_run
//! // in build.rs's `main`:
//! apigen::Builder::new("openapi.yaml").run();
//! ```
//!
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/api.rs"));`.

use crate::error::Error;
use crate::Options;
use std::path::{Path, PathBuf};

/// Generates a client into `OUT_DIR` from a build script.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    out_dir: Option<PathBuf>,
    out_file: String,
    options: Options,
    print_warnings: bool,
}

impl Builder {
    /// A builder for the spec at `spec` (relative paths are relative to the
    /// package root, where cargo runs build scripts).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            out_dir: None,
            out_file: "api.rs".to_string(),
            options: Options::default(),
            print_warnings: true,
        }
    }

    /// The folder to write into; by default cargo's `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the generated file inside the output folder (default `api.rs`).
    pub fn out_file(mut self, name: impl Into<String>) -> Self {
        self.out_file = name.into();
        self
    }

    /// Include this operation (by `operationId`); by default all are.
    pub fn operation(mut self, operation_id: impl Into<String>) -> Self {
        self.options.operations.push(operation_id.into());
        self
    }

    /// Include the operations with this tag; by default all are.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.options.tags.push(tag.into());
        self
    }

    /// Add a derive to every model type (structs, enums, unions), e.g. `"Eq"`
    /// or `"schemars::JsonSchema"`; see [`Options::extra_derives`].
    pub fn extra_derive(mut self, path: impl Into<String>) -> Self {
        self.options.extra_derives.push(path.into());
        self
    }

    /// Generate the models only, without the HTTP client.
    pub fn models_only(mut self, models_only: bool) -> Self {
        self.options.models_only = models_only;
        self
    }

    /// Fail on spec-quality problems (duplicate `operationId`s, path
    /// templates that disagree with their parameters, ...) instead of
    /// warning about them; see [`Options::strict`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.options.strict = strict;
        self
    }

    /// The folder `$ref`s to other files may read from (relative paths are
    /// relative to the package root); by default the package root, or the
    /// spec's folder when the spec is outside it. See [`Options::ref_root`].
    pub fn ref_root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.options.ref_root = Some(dir.into());
        self
    }

    /// Whether the generator's warnings (what it approximated, and where)
    /// are shown as `cargo:warning` lines; on by default. Turn it off once
    /// they have been reviewed, so that every build does not repeat them;
    /// `apigen generate` still lists them.
    pub fn print_warnings(mut self, print: bool) -> Self {
        self.print_warnings = print;
        self
    }

    /// Replaces all options at once (the same struct the CLI fills).
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Generates the file, writing it only if its bytes change, and tells
    /// cargo to rerun the build script when the spec changes. Returns the
    /// path of the generated file.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        // Printed first, so that cargo reruns after a failed build too.
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let dir = self.output_dir()?;
        let file_name = checked_file_name(&self.out_file)?;
        let output = crate::generate_rendering(
            &self.spec,
            &self.options,
            crate::Rendering::SingleFileLater,
        )?;
        for file in output.referenced_files() {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        for line in self.warning_lines(&output) {
            println!("{line}");
        }
        let file = output.single_file(file_name)?;
        let path = dir.join(file_name);
        crate::write::write_file_if_changed(&path, &file.contents)?;
        Ok(path)
    }

    /// [`generate`](Self::generate) for `build.rs`: on failure prints the
    /// located message and exits with status 1, so the build fails with the
    /// message rather than a panic backtrace.
    pub fn run(&self) {
        if let Err(error) = self.generate() {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }

    /// The `cargo:warning` lines for the generator's warnings, none when
    /// they are not to be printed.
    fn warning_lines(&self, output: &crate::Output) -> Vec<String> {
        if !self.print_warnings {
            return Vec::new();
        }
        output
            .warnings()
            .iter()
            .map(|warning| format!("cargo:warning={}", warning.one_line()))
            .collect()
    }

    fn output_dir(&self) -> Result<PathBuf, Error> {
        match &self.out_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::InvalidOption {
                    option: "output folder",
                    value: String::new(),
                    reason: "OUT_DIR is not set: call this from a build script or set out_dir",
                }),
        }
    }
}

/// The output file must be a plain name inside the output folder.
fn checked_file_name(name: &str) -> Result<&str, Error> {
    let plain = Path::new(name).file_name().is_some_and(|n| n == name)
        && !name.contains(['/', '\\'])
        && name != "..";
    if plain {
        Ok(name)
    } else {
        Err(Error::InvalidOption {
            option: "output file name",
            value: name.to_string(),
            reason: "must be a plain file name such as `api.rs`, inside the output folder",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `dir/api.yaml`: a spec whose one operation documents no
    /// responses (a quality warning, an error under strict).
    fn spec_without_responses(dir: &Path) -> PathBuf {
        let spec = dir.join("api.yaml");
        let paths = "paths:\n  /a:\n    get:\n      operationId: x\n      responses: {}\n";
        std::fs::write(
            &spec,
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{paths}"),
        )
        .unwrap();
        spec
    }

    #[test]
    fn strict_turns_quality_warnings_into_errors() {
        let dir = tempfile::tempdir().unwrap();
        let spec = spec_without_responses(dir.path());
        let builder = Builder::new(&spec).out_dir(dir.path());
        builder.generate().unwrap();
        let error = builder.strict(true).generate().unwrap_err().to_string();
        assert!(
            error.starts_with("error: the operation documents no responses"),
            "{error}"
        );
    }

    #[test]
    fn warnings_are_cargo_warning_lines_unless_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let spec = spec_without_responses(dir.path());
        let output = crate::generate(&spec, &Options::default()).unwrap();
        let lines = Builder::new(&spec).warning_lines(&output);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("cargo:warning=the operation documents no responses"),
            "{lines:?}"
        );
        let quiet = Builder::new(&spec).print_warnings(false);
        assert!(quiet.warning_lines(&output).is_empty());
    }

    #[test]
    fn ref_root_widens_the_folder_refs_may_read() {
        let dir = tempfile::tempdir().unwrap();
        let models = dir.path().join("models");
        let reference = dir.path().join("reference");
        std::fs::create_dir_all(&models).unwrap();
        std::fs::create_dir_all(&reference).unwrap();
        std::fs::write(models.join("a.yaml"), "type: string\n").unwrap();
        let spec = reference.join("api.yaml");
        let schemas = "components:\n  schemas:\n    A: {$ref: '../models/a.yaml'}\n";
        std::fs::write(
            &spec,
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{schemas}"),
        )
        .unwrap();
        // The spec is outside the current directory: its folder is the root.
        let builder = Builder::new(&spec).out_dir(dir.path());
        let error = builder.generate().unwrap_err().to_string();
        assert!(
            error.contains("points outside the reference root"),
            "{error}"
        );
        builder.ref_root(dir.path()).generate().unwrap();
    }

    #[test]
    fn output_file_names_stay_in_the_output_folder() {
        assert!(checked_file_name("api.rs").is_ok());
        for bad in ["", "..", ".", "../x.rs", "a/b.rs", "/abs.rs", "a\\b.rs"] {
            assert!(checked_file_name(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn writes_only_when_bytes_change_and_reports_spec_errors() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("api.yaml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        )
        .unwrap();
        let builder = Builder::new(&spec).out_dir(dir.path()).out_file("gen.rs");
        let path = builder.generate().unwrap();
        assert_eq!(path, dir.path().join("gen.rs"));
        let first = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.generate().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first);

        std::fs::write(&spec, "swagger: '2.0'\n").unwrap();
        let error = builder.generate().unwrap_err().to_string();
        assert!(error.contains("Swagger 2.0 is not supported"), "{error}");
        assert!(error.contains("api.yaml:1:1"), "{error}");
    }
}
