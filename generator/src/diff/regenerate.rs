//! The one-line summary `apigen generate` prints when it regenerates a
//! crate: the crate's `src/lib.rs` records the digest of the spec it was
//! generated from, and when the spec committed at `HEAD` has that digest,
//! it is the previous spec, and the summary says what regenerating from
//! the working copy changes.

use super::{compare, load, SpecRef};
use crate::Options;
use std::path::Path;

/// `3 changes: 1 major (source), 0 breaking (wire); suggested bump 0.1.0 →
/// 0.2.0; run …` when `out` holds a crate generated from the spec at
/// `HEAD` and `spec` (whose digest is `digest`, see
/// [`Output::spec_digest`](crate::Output::spec_digest)) now differs from
/// it; `None` when the previous spec cannot be found, or nothing changed
/// (then nothing more than `lib.rs` is read).
pub fn regeneration_summary(
    spec: &Path,
    digest: &str,
    out: &Path,
    options: &Options,
) -> Option<String> {
    let recorded = recorded_digest(out)?;
    if digest == recorded {
        return None;
    }
    let relative = relative_to_cwd(spec)?;
    let previous = SpecRef::Revision {
        revision: "HEAD".into(),
        path: format!("./{relative}"),
    };
    let old = load(&previous, options).ok()?;
    if old.digest() != recorded {
        return None;
    }
    let new = load(&SpecRef::File(spec.to_path_buf()), options).ok()?;
    let report = compare(&old, &new);
    let version = crate::write::package_field(out, "version");
    Some(format!(
        "{}; run `apigen diff --old HEAD:./{relative} --new {relative}` for details",
        report.summary(version.as_deref())
    ))
}

/// The digest `lib.rs` records: ``(digest `fnv1a64:…`)``.
fn recorded_digest(out: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out.join("src/lib.rs")).ok()?;
    let start = text.find("(digest `")? + "(digest `".len();
    let end = text[start..].find('`')?;
    Some(text[start..start + end].to_string())
}

/// `spec` relative to the current directory, with `/` separators.
fn relative_to_cwd(spec: &Path) -> Option<String> {
    let cwd = std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()?;
    let spec = std::fs::canonicalize(spec).ok()?;
    let relative = spec.strip_prefix(&cwd).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}
