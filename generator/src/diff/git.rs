//! Specs at a git revision (`HEAD:spec/api.yaml`), read with the `git`
//! command. The load stage reads files from disk, and a split spec's
//! `$ref`s may reach anywhere below the reference root, so the spec files
//! (`.yaml`, `.yml`, `.json`) of that folder at the revision are written
//! into a temporary folder of the same layout, and the spec is loaded from
//! there with the reference root moved along. Reports name it
//! `REV:path` as given.

use super::{DiffError, Loaded};
use crate::Options;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A spec: a file, or a file at a git revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecRef {
    File(PathBuf),
    /// `rev:path`, the path relative to the repository's root, or to the
    /// current directory when it starts with `./` or `../` (as git reads
    /// it).
    Revision {
        revision: String,
        path: String,
    },
}

impl SpecRef {
    /// A file when one exists at `text`, else `REV:path` when it has that
    /// form, else a file (whose absence loading reports).
    pub fn parse(text: &str) -> Self {
        if Path::new(text).exists() {
            return SpecRef::File(text.into());
        }
        match text.split_once(':') {
            Some((revision, path)) if !path.is_empty() && !path.starts_with("//") => {
                SpecRef::Revision {
                    revision: revision.into(),
                    path: path.into(),
                }
            }
            _ => SpecRef::File(text.into()),
        }
    }
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn load(spec: &SpecRef, options: &Options) -> Result<Loaded, DiffError> {
    let SpecRef::Revision { revision, path } = spec else {
        return super::load(spec, options);
    };
    let label = format!("{revision}:{path}");
    let top = git_text(None, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        DiffError::Git(format!(
            "cannot read `{label}`: not in a git repository ({e})"
        ))
    })?;
    let top = PathBuf::from(top.trim());
    git_text(
        Some(&top),
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        DiffError::Git(format!(
            "cannot read `{label}`: git revision `{revision}` does not exist"
        ))
    })?;
    let in_repo = repo_path(&top, path)?;
    let object = format!("{revision}:{in_repo}");
    git_text(Some(&top), &["cat-file", "-e", &object]).map_err(|_| {
        DiffError::Git(format!(
            "cannot read `{label}`: `{in_repo}` does not exist at `{revision}`"
        ))
    })?;
    let root = reference_root(&top, &in_repo, options)?;
    let temp = TempDir(std::env::temp_dir().join(format!(
        "apigen-diff-{}-{}",
        std::process::id(),
        unique()
    )));
    materialize(&top, revision, &root, &temp.0)?;
    let spec_file = temp.0.join(&in_repo);
    let bytes = std::fs::read(&spec_file)
        .map_err(|e| DiffError::Git(format!("cannot read `{label}`: {e}")))?;
    let options = Options {
        ref_root: Some(temp.0.join(&root)),
        ..options.clone()
    };
    let (spec, source) = crate::load::load_bytes(bytes, &spec_file, &label, &options)?;
    Ok(super::build(spec, source, &options)?)
}

/// A number no other temporary folder of this process has.
fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The spec's path relative to the repository root.
fn repo_path(top: &Path, path: &str) -> Result<String, DiffError> {
    if !(path.starts_with("./") || path.starts_with("../")) {
        return Ok(path.to_string());
    }
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .map_err(|e| DiffError::Git(format!("the current directory: {e}")))?;
    let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
    normalize(&cwd.join(path))
        .strip_prefix(&top)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|_| {
            DiffError::Git(format!(
                "`{path}` is not inside the repository at {}",
                top.display()
            ))
        })
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The reference root as a folder of the repository (relative, empty for
/// the root). The rule of `load` (`bundle::reference_root`) applied to the
/// working copy of the spec: `--ref-root` when given, else the current
/// directory when the spec is below it, else the spec's folder; a root
/// outside the repository is the repository's root.
fn reference_root(top: &Path, in_repo: &str, options: &Options) -> Result<PathBuf, DiffError> {
    let real = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path));
    let top = real(top);
    let spec_dir = real(
        &top.join(in_repo)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    );
    let root = match &options.ref_root {
        Some(dir) => std::fs::canonicalize(dir)
            .map_err(|e| DiffError::Git(format!("reference root {}: {e}", dir.display())))?,
        None => match std::env::current_dir().map(|cwd| real(&cwd)) {
            Ok(cwd) if spec_dir.starts_with(&cwd) => cwd,
            _ => spec_dir,
        },
    };
    Ok(root
        .strip_prefix(&top)
        .map(Path::to_path_buf)
        .unwrap_or_default())
}

/// Writes the spec files below `root` at `revision` into `dir`.
fn materialize(top: &Path, revision: &str, root: &Path, dir: &Path) -> Result<(), DiffError> {
    let root_text = root.to_string_lossy().replace('\\', "/");
    let mut args = vec![
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--full-tree",
        revision,
    ];
    if !root_text.is_empty() {
        args.extend(["--", root_text.as_str()]);
    }
    let listing = git_text(Some(top), &args).map_err(DiffError::Git)?;
    let files: Vec<&str> = listing
        .split('\0')
        .filter(|f| {
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| f.ends_with(ext))
        })
        .collect();
    let contents = cat_files(top, revision, &files)?;
    for (file, bytes) in files.iter().zip(contents) {
        let target = dir.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| DiffError::Git(e.to_string()))?;
        }
        std::fs::write(&target, bytes).map_err(|e| DiffError::Git(e.to_string()))?;
    }
    Ok(())
}

/// The contents of `files` at `revision`, read by one `git cat-file --batch`.
fn cat_files(top: &Path, revision: &str, files: &[&str]) -> Result<Vec<Vec<u8>>, DiffError> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(top)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| DiffError::Git(format!("cannot run git: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| DiffError::Git("git has no stdin".into()))?;
    let requests: String = files.iter().map(|f| format!("{revision}:{f}\n")).collect();
    // Written from another thread: git answers while it reads, and a pipe
    // holds only so much.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| DiffError::Git("git has no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut contents = Vec::with_capacity(files.len());
    for file in files {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| DiffError::Git(e.to_string()))?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| DiffError::Git(format!("git cannot read `{file}` at `{revision}`")))?;
        let mut bytes = vec![0; size + 1];
        reader
            .read_exact(&mut bytes)
            .map_err(|e| DiffError::Git(e.to_string()))?;
        bytes.pop();
        contents.push(bytes);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(contents)
}

/// Runs git and returns its standard output, or its error message.
fn git_text(dir: Option<&Path>, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}
