//! Stage 5: writing the crate, and comparing it with what is on disk.
//!
//! Files are written only when their bytes change (so `cargo` sees nothing
//! new when nothing is new), each through a temporary file and a rename, and
//! only after every file has been rendered: a failed run leaves the folder
//! as it was. Paths are the generator's own constants, never spec text.

use crate::error::Error;
use crate::render::{header_prefix, GeneratedFile};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// What `write_to` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Generated files of an earlier run that this run no longer produces.
    pub removed: Vec<String>,
}

/// One way the output folder differs from what `generate` would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    Missing { path: String },
    Changed { path: String, first_line: usize },
    Extra { path: String },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::Missing { path } => write!(f, "missing: {path}"),
            Difference::Changed { path, first_line } => {
                write!(f, "changed: {path} (first difference at line {first_line})")
            }
            Difference::Extra { path } => write!(f, "no longer generated: {path}"),
        }
    }
}

/// The files to place in `dir`: sources always, `Cargo.toml` only if absent.
fn planned_files<'a>(
    dir: &Path,
    sources: &'a [GeneratedFile],
    cargo_toml: &'a GeneratedFile,
) -> Vec<&'a GeneratedFile> {
    let mut files: Vec<&GeneratedFile> = sources.iter().collect();
    if !dir.join(&cargo_toml.path).exists() {
        files.push(cargo_toml);
    }
    files
}

pub fn write_to(
    dir: &Path,
    sources: &[GeneratedFile],
    cargo_toml: &GeneratedFile,
) -> Result<WriteReport, Error> {
    ensure_dir(dir)?;
    let mut report = WriteReport::default();
    let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    for file in planned_files(dir, sources, cargo_toml) {
        let target = dir.join(&file.path);
        if fs::read(&target).is_ok_and(|bytes| bytes == file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        match stage(&target, &file.contents) {
            Ok(temp) => staged.push((temp, target, &file.path)),
            Err(error) => {
                discard(&staged);
                return Err(error);
            }
        }
    }
    for (temp, target, path) in &staged {
        fs::rename(temp, target).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
        report.written.push(path.to_string());
    }
    for path in stale_generated_files(dir, sources) {
        let full = dir.join(&path);
        fs::remove_file(&full).map_err(|source| Error::Write { path: full, source })?;
        report.removed.push(path);
    }
    Ok(report)
}

pub fn check(dir: &Path, sources: &[GeneratedFile], cargo_toml: &GeneratedFile) -> Vec<Difference> {
    let mut differences = Vec::new();
    for file in planned_files(dir, sources, cargo_toml) {
        match fs::read(dir.join(&file.path)) {
            Err(_) => differences.push(Difference::Missing {
                path: file.path.clone(),
            }),
            Ok(bytes) if bytes != file.contents.as_bytes() => {
                differences.push(Difference::Changed {
                    path: file.path.clone(),
                    first_line: first_differing_line(&bytes, file.contents.as_bytes()),
                })
            }
            Ok(_) => {}
        }
    }
    differences.extend(
        stale_generated_files(dir, sources)
            .into_iter()
            .map(|path| Difference::Extra { path }),
    );
    differences
}

fn ensure_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Output {
            path: dir.to_path_buf(),
            reason: "exists and is not a folder".to_string(),
        });
    }
    fs::create_dir_all(dir.join("src")).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `contents` next to `target` under a temporary name.
fn stage(target: &Path, contents: &str) -> Result<PathBuf, Error> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    fs::write(&temp, contents).map_err(|source| {
        let _ = fs::remove_file(&temp);
        Error::Write {
            path: target.to_path_buf(),
            source,
        }
    })?;
    Ok(temp)
}

fn discard(staged: &[(PathBuf, PathBuf, &str)]) {
    for (temp, _, _) in staged {
        let _ = fs::remove_file(temp);
    }
}

/// `.rs` files in `src/` that carry our header but are not produced now.
fn stale_generated_files(dir: &Path, sources: &[GeneratedFile]) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir.join("src")) else {
        return Vec::new();
    };
    let prefix = header_prefix();
    let mut stale: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let path = format!("src/{name}");
            let generated_now = sources.iter().any(|f| f.path == path);
            let ours = name.ends_with(".rs")
                && fs::read_to_string(entry.path()).is_ok_and(|text| text.starts_with(&prefix));
            (ours && !generated_now).then_some(path)
        })
        .collect();
    stale.sort();
    stale
}

fn first_differing_line(a: &[u8], b: &[u8]) -> usize {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    1 + a[..common].iter().filter(|&&c| c == b'\n').count()
}

/// Writes one file through a temporary file, unless it already holds
/// exactly `contents`. Returns whether it wrote.
pub fn write_file_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|bytes| bytes == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let temp = stage(path, contents)?;
    fs::rename(&temp, path).map_err(|source| {
        let _ = fs::remove_file(&temp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}
