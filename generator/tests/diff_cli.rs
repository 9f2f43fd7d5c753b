//! End-to-end tests of `apigen diff` and of the summary `apigen generate`
//! prints: exit codes for CI, `--accept`, bad specs and revisions, specs
//! at a git revision (split over several files too), in throwaway git
//! repositories.

use std::fs;
use std::path::Path;
use std::process::Command;

const SPEC: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the order
          content:
            application/json:
              schema: {$ref: 'models/order.yaml#/Order'}
";
const ORDER: &str = "Order:\n  type: object\n  properties:\n    id: {type: string}\n";
/// `Order` with a required `total`: a field added (major, breaking in no
/// direction: it is a response).
const ORDER_WITH_TOTAL: &str = "Order:\n  type: object\n  required: [total]\n  properties:\n    id: {type: string}\n    total: {type: integer}\n";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn apigen_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("apigen runs");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A repository with `spec/api.yaml` and `spec/models/order.yaml`
/// committed, then `order.yaml` edited in the working copy.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("spec/models")).unwrap();
    fs::write(root.join("spec/api.yaml"), SPEC).unwrap();
    fs::write(root.join("spec/models/order.yaml"), ORDER).unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "spec"]);
    fs::write(root.join("spec/models/order.yaml"), ORDER_WITH_TOTAL).unwrap();
    dir
}

#[test]
fn a_split_spec_at_a_revision_against_the_working_copy() {
    let repo = repository();
    let run = apigen_in(
        repo.path(),
        &[
            "diff",
            "--old",
            "HEAD:spec/api.yaml",
            "--new",
            "spec/api.yaml",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("apigen diff HEAD:spec/api.yaml → spec/api.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("[field-added-required]: field `total`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+ pub total: i64"), "{}", run.stdout);
    // The revision's files are read at that revision: HEAD against itself.
    let same = apigen_in(
        repo.path(),
        &[
            "diff",
            "--old",
            "HEAD:spec/api.yaml",
            "--new",
            "HEAD:./spec/api.yaml",
        ],
    );
    assert!(same.stdout.contains("0 changes"), "{}", same.stdout);
}

#[test]
fn fail_on_and_accepted_fingerprints() {
    let repo = repository();
    let args = [
        "diff",
        "--old",
        "HEAD:spec/api.yaml",
        "--new",
        "spec/api.yaml",
    ];
    let fail =
        |level: &str| apigen_in(repo.path(), &[&args[..], &["--fail-on", level]].concat()).code;
    assert_eq!(fail("major"), Some(1));
    assert_eq!(fail("minor"), Some(1));
    // A field added to a response breaks no request or response in use.
    assert_eq!(fail("wire-breaking"), Some(0));
    let json = apigen_in(repo.path(), &[&args[..], &["--format", "json"]].concat()).stdout;
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let fingerprints: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["fingerprint"].as_str().unwrap())
        .collect();
    let accepted = repo.path().join("accepted.txt");
    fs::write(
        &accepted,
        format!("# reviewed\n{}\n", fingerprints.join("\n")),
    )
    .unwrap();
    let accepted_run = apigen_in(
        repo.path(),
        &[
            &args[..],
            &["--fail-on", "major", "--accept", "accepted.txt"],
        ]
        .concat(),
    );
    assert_eq!(accepted_run.code, Some(0), "{}", accepted_run.stdout);
    assert!(
        accepted_run.stdout.contains("accepted change(s) left out"),
        "{}",
        accepted_run.stdout
    );
}

#[test]
fn bad_input_exits_with_2() {
    let repo = repository();
    let missing_revision = apigen_in(
        repo.path(),
        &[
            "diff",
            "--old",
            "nosuchrev:spec/api.yaml",
            "--new",
            "spec/api.yaml",
        ],
    );
    assert_eq!(missing_revision.code, Some(2));
    assert!(
        missing_revision
            .stderr
            .contains("git revision `nosuchrev` does not exist"),
        "{}",
        missing_revision.stderr
    );
    let missing_file = apigen_in(
        repo.path(),
        &[
            "diff",
            "--old",
            "HEAD:spec/nope.yaml",
            "--new",
            "spec/api.yaml",
        ],
    );
    assert_eq!(missing_file.code, Some(2));
    assert!(
        missing_file
            .stderr
            .contains("`spec/nope.yaml` does not exist at `HEAD`"),
        "{}",
        missing_file.stderr
    );
    fs::write(
        repo.path().join("bad.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: 5\n",
    )
    .unwrap();
    let bad = apigen_in(
        repo.path(),
        &["diff", "--old", "bad.yaml", "--new", "spec/api.yaml"],
    );
    assert_eq!(bad.code, Some(2));
    // The same located diagnostics as `generate`.
    assert!(bad.stderr.contains("--> bad.yaml:3:1"), "{}", bad.stderr);
}

#[test]
fn generate_summarizes_a_regeneration() {
    let repo = repository();
    let root = repo.path();
    // The crate generated from the committed spec...
    fs::write(root.join("spec/models/order.yaml"), ORDER).unwrap();
    let first = apigen_in(
        root,
        &["generate", "--spec", "spec/api.yaml", "--out", "client"],
    );
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(!first.stderr.contains("changes:"), "{}", first.stderr);
    // ...regenerated from the edited working copy.
    fs::write(root.join("spec/models/order.yaml"), ORDER_WITH_TOTAL).unwrap();
    let second = apigen_in(
        root,
        &["generate", "--spec", "spec/api.yaml", "--out", "client"],
    );
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert!(
        second.stderr.contains("2 changes: 2 major (source), 0 breaking (wire); suggested bump 0.1.0 → 0.2.0; run `apigen diff --old HEAD:./spec/api.yaml --new spec/api.yaml` for details"),
        "{}",
        second.stderr
    );
    // Once regenerated, the crate is no longer the committed spec's.
    let third = apigen_in(
        root,
        &["generate", "--spec", "spec/api.yaml", "--out", "client"],
    );
    assert!(!third.stderr.contains("changes:"), "{}", third.stderr);
}
