//! A run that fails while writing leaves the output folder exactly as it
//! was: every file moves into place, or none does.

use apigen::Options;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/m3ter.yaml");

/// Every file and folder under `dir`, with the bytes of the files.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                found.insert(relative, None);
                pending.push(path);
            } else {
                found.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    found
}

#[test]
fn a_write_that_fails_halfway_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = apigen::generate(Path::new(SPEC), &Options::default()).unwrap();
    output.write_to(&out).unwrap();
    let files: Vec<&str> = output.files().iter().map(|f| f.path.as_str()).collect();
    let sources: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| f.starts_with("src/"))
        .collect();
    let (first, last) = (sources[0], sources[sources.len() - 1]);

    // The first file is edited (so the run must replace it), the last one
    // has become a folder (so moving it into place fails), and the
    // examples folder is gone (so the run must create it).
    fs::write(out.join(first), "// edited\n").unwrap();
    fs::remove_file(out.join(last)).unwrap();
    fs::create_dir(out.join(last)).unwrap();
    if let Some(example) = files.iter().find(|f| f.starts_with("examples/")) {
        fs::remove_file(out.join(example)).unwrap();
        fs::remove_dir(out.join("examples")).unwrap();
    }
    let before = snapshot(&out);

    let error = output.write_to(&out).unwrap_err().to_string();
    assert!(error.contains(last), "{error}");
    assert_eq!(
        snapshot(&out),
        before,
        "the failed write changed the folder"
    );
}
