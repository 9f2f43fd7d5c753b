//! Stage 5: writing the crate, and comparing it with what is on disk.
//!
//! Files are written only when their bytes change (so `cargo` sees nothing
//! new when nothing is new), each through a temporary file and a rename, and
//! only after every file has been rendered: a failed run leaves the folder
//! as it was. Paths are the generator's own constants, never spec text.

use crate::error::Error;
use crate::render::{header_prefix, GeneratedFile};
use std::borrow::Cow;
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

/// The crate's manifest: the whole file for a new crate, and the part the
/// generator keeps up to date in an existing one.
pub struct Manifest<'a> {
    /// The `Cargo.toml` of a new crate.
    pub new: &'a GeneratedFile,
    /// The `[features]` table, with features per tag.
    pub features_table: Option<&'a str>,
}

/// The files to place in `dir`: sources always; `Cargo.toml` whole if
/// absent, else with its `[features]` table replaced when the generator
/// owns it (and left as the user keeps it otherwise).
fn planned_files<'a>(
    dir: &Path,
    sources: &'a [GeneratedFile],
    manifest: &Manifest<'a>,
) -> Vec<Cow<'a, GeneratedFile>> {
    let mut files: Vec<Cow<GeneratedFile>> = sources.iter().map(Cow::Borrowed).collect();
    let path = dir.join(&manifest.new.path);
    match (fs::read_to_string(&path), manifest.features_table) {
        (Err(_), _) if !path.exists() => files.push(Cow::Borrowed(manifest.new)),
        (Ok(existing), Some(table)) => files.push(Cow::Owned(GeneratedFile {
            path: manifest.new.path.clone(),
            contents: with_features_table(&existing, table),
        })),
        _ => {}
    }
    files
}

/// `manifest` with its `[features]` table replaced by `table` (appended
/// when it has none); every other line is kept as it is.
pub fn with_features_table(manifest: &str, table: &str) -> String {
    let lines: Vec<&str> = manifest.lines().collect();
    let is_header = |line: &&str| line.trim_start().starts_with('[');
    let is_features = |line: &&str| line.split('#').next().unwrap_or("").trim() == "[features]";
    let Some(start) = lines.iter().position(is_features) else {
        let mut out = manifest.trim_end().to_string();
        out.push_str("\n\n");
        out.push_str(table);
        return out;
    };
    let end = lines[start + 1..]
        .iter()
        .position(is_header)
        .map_or(lines.len(), |offset| start + 1 + offset);
    let mut out: String = lines[..start].iter().map(|l| format!("{l}\n")).collect();
    out.push_str(table);
    if end < lines.len() {
        out.push('\n');
        for line in &lines[end..] {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn write_to(
    dir: &Path,
    sources: &[GeneratedFile],
    manifest: &Manifest,
) -> Result<WriteReport, Error> {
    ensure_dir(dir)?;
    let mut report = WriteReport::default();
    let mut staged: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    // Folders this run creates, removed again if it fails.
    let mut created: Vec<PathBuf> = Vec::new();
    let planned = planned_files(dir, sources, manifest);
    for file in &planned {
        let target = dir.join(&file.path);
        if fs::read(&target).is_ok_and(|bytes| bytes == file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        // Files outside `src/` (the example program in `examples/`) may be
        // the first of their folder.
        if let Some(parent) = target.parent().filter(|p| !p.exists()) {
            created.push(parent.to_path_buf());
            if let Err(source) = fs::create_dir_all(parent) {
                discard(&staged);
                remove_folders(&created);
                return Err(Error::Write {
                    path: parent.to_path_buf(),
                    source,
                });
            }
        }
        match stage(&target, &file.contents) {
            Ok(temp) => staged.push((temp, target, &file.path)),
            Err(error) => {
                discard(&staged);
                remove_folders(&created);
                return Err(error);
            }
        }
    }
    if let Err(error) = commit(&staged) {
        remove_folders(&created);
        return Err(error);
    }
    report
        .written
        .extend(staged.iter().map(|(_, _, path)| path.to_string()));
    for path in stale_generated_files(dir, sources) {
        let full = dir.join(&path);
        fs::remove_file(&full).map_err(|source| Error::Write { path: full, source })?;
        report.removed.push(path);
    }
    Ok(report)
}

pub fn check(dir: &Path, sources: &[GeneratedFile], manifest: &Manifest) -> Vec<Difference> {
    let mut differences = Vec::new();
    for file in planned_files(dir, sources, manifest) {
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
    let temp = sibling(target, "tmp");
    fs::write(&temp, contents).map_err(|source| {
        let _ = fs::remove_file(&temp);
        Error::Write {
            path: target.to_path_buf(),
            source,
        }
    })?;
    Ok(temp)
}

/// Moves every staged file into place, or none: a file being replaced is
/// first kept under a backup name and put back if a later move fails (a
/// target that turned into a folder, a full disk), so a failed run leaves
/// the output folder exactly as it was.
fn commit(staged: &[(PathBuf, PathBuf, &str)]) -> Result<(), Error> {
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::new();
    for (i, (temp, target, _)) in staged.iter().enumerate() {
        match replace(temp, target) {
            Ok(backup) => done.push((target, backup)),
            Err(source) => {
                roll_back(&done);
                discard(&staged[i..]);
                return Err(Error::Write {
                    path: target.clone(),
                    source,
                });
            }
        }
    }
    for backup in done.into_iter().filter_map(|(_, backup)| backup) {
        let _ = fs::remove_file(backup);
    }
    Ok(())
}

/// Renames `temp` to `target`; an existing `target` file is renamed to a
/// backup first, and its backup's path returned.
fn replace(temp: &Path, target: &Path) -> std::io::Result<Option<PathBuf>> {
    let backup = target.is_file().then(|| sibling(target, "bak"));
    if let Some(backup) = &backup {
        fs::rename(target, backup)?;
    }
    if let Err(error) = fs::rename(temp, target) {
        if let Some(backup) = &backup {
            let _ = fs::rename(backup, target);
        }
        return Err(error);
    }
    Ok(backup)
}

/// Undoes [`replace`] for the files already moved, newest first.
fn roll_back(done: &[(&Path, Option<PathBuf>)]) {
    for (target, backup) in done.iter().rev() {
        let _ = match backup {
            Some(backup) => fs::rename(backup, target),
            None => fs::remove_file(target),
        };
    }
}

/// Removes the folders a failed run created (only if still empty).
fn remove_folders(created: &[PathBuf]) {
    for folder in created.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
}

/// `.name.<pid>.<suffix>` next to `target`: hidden, and unique to this run.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.{suffix}", std::process::id()))
}

fn discard(staged: &[(PathBuf, PathBuf, &str)]) {
    for (temp, _, _) in staged {
        let _ = fs::remove_file(temp);
    }
}

/// The folders generated files are written to.
const GENERATED_FOLDERS: &[&str] = &["src", "examples"];

/// `.rs` files in the generated folders that carry our header but are not
/// produced now.
fn stale_generated_files(dir: &Path, sources: &[GeneratedFile]) -> Vec<String> {
    let prefix = header_prefix();
    let mut stale = Vec::new();
    for folder in GENERATED_FOLDERS {
        let Ok(entries) = fs::read_dir(dir.join(folder)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let path = format!("{folder}/{name}");
            let generated_now = sources.iter().any(|f| f.path == path);
            let ours = name.ends_with(".rs")
                && fs::read_to_string(entry.path()).is_ok_and(|text| text.starts_with(&prefix));
            if ours && !generated_now {
                stale.push(path);
            }
        }
    }
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

/// A string field of the `[package]` table of `dir/Cargo.toml` (`name`,
/// `version`), if the file and the field are there. A plain line-based read:
/// the generator writes that table itself, one `key = "value"` a line.
pub fn package_field(dir: &Path, key: &str) -> Option<String> {
    let text = fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if in_package && name.trim() == key {
            let value = value.trim();
            return Some(value.strip_prefix('"')?.strip_suffix('"')?.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::with_features_table;

    const TABLE: &str = "[features]\ndefault = [\"full\"]\nfull = [\"pets\"]\npets = []\n";

    #[test]
    fn a_manifest_without_features_gets_the_table_at_its_end() {
        let manifest = "[package]\nname = \"pets\"\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(
            with_features_table(manifest, TABLE),
            format!("{manifest}\n{TABLE}")
        );
    }

    #[test]
    fn the_features_table_is_replaced_and_every_other_line_kept() {
        let manifest = "[package]\nname = \"pets\" # ours\n\n[features]\ndefault = [\"full\"]\nfull = [\"old\"]\nold = []\n\n[dependencies]\nserde = \"1\"\n";
        let expected = format!(
            "[package]\nname = \"pets\" # ours\n\n{TABLE}\n[dependencies]\nserde = \"1\"\n"
        );
        assert_eq!(with_features_table(manifest, TABLE), expected);
        // Replacing again changes nothing: the file is rewritten only when
        // the spec's tags change.
        assert_eq!(with_features_table(&expected, TABLE), expected);
    }

    #[test]
    fn a_features_header_with_a_comment_is_found() {
        let manifest = "[package]\nname = \"pets\"\n\n[features] # generated\nold = []\n";
        assert_eq!(
            with_features_table(manifest, TABLE),
            format!("[package]\nname = \"pets\"\n\n{TABLE}")
        );
    }

    #[test]
    fn a_features_table_at_the_end_is_replaced() {
        let manifest = "[package]\nname = \"pets\"\n\n[features]\nold = []\n";
        assert_eq!(
            with_features_table(manifest, TABLE),
            format!("[package]\nname = \"pets\"\n\n{TABLE}")
        );
    }
}
