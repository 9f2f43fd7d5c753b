//! The README's `build.rs` recipe, followed to the letter: a brand-new crate
//! made from its blocks builds against a spec it has never seen, rebuilds
//! when the spec changes, recompiles nothing when nothing changed, and fails
//! with the located message when the spec is broken.

use m3ter_tests::repo_root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fenced blocks of the README section whose heading mentions `build.rs`.
struct Recipe {
    cargo_toml: String,
    build_rs: String,
    include: String,
}

fn readme_recipe() -> Recipe {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .lines()
        .position(|l| l.starts_with('#') && l.contains("build.rs"))
        .expect("README has a section about build.rs");
    let level = readme
        .lines()
        .nth(start)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .len();
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in readme.lines().skip(start + 1) {
        if open.is_none() && line.starts_with('#') {
            let this_level = line.split(' ').next().unwrap().len();
            if this_level <= level {
                break;
            }
        }
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(lang)) => open = Some((lang.to_string(), String::new())),
            (Some(_), Some(_)) => blocks.push(open.take().unwrap()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    let of = |lang: &str| -> Vec<String> {
        blocks
            .iter()
            .filter(|(l, _)| l == lang)
            .map(|(_, b)| b.clone())
            .collect()
    };
    let mut rust = of("rust").into_iter();
    Recipe {
        cargo_toml: of("toml").into_iter().next().expect("a toml block"),
        build_rs: rust.next().expect("a first rust block: build.rs"),
        include: rust.next().expect("a second rust block: the include"),
    }
}

#[test]
fn readme_dependencies_are_the_ones_generated_code_needs() {
    let recipe = readme_recipe();
    let dependencies = recipe
        .cargo_toml
        .split("[dependencies]\n")
        .nth(1)
        .expect("a [dependencies] table");
    assert_eq!(dependencies.trim(), apigen::emit::DEPENDENCIES.trim());
    assert!(recipe
        .cargo_toml
        .contains("[build-dependencies]\napigen = "));
}

/// A new crate in `target/build-rs-check/consumer`, outside any workspace.
fn new_consumer_crate(recipe: &Recipe) -> PathBuf {
    let root = repo_root();
    let dir = root.join("target/build-rs-check/consumer");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    // The README's apigen line points at a checkout; point it at this one.
    let generator = root.join("generator");
    let toml: String = recipe
        .cargo_toml
        .lines()
        .map(|line| {
            if line.starts_with("apigen = ") {
                let path = format!("{:?}", generator.display().to_string());
                format!("{}\n", line.replace("\"../apigen/generator\"", &path))
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let manifest = format!(
        "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n\n{toml}"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("build.rs"), &recipe.build_rs).unwrap();
    std::fs::write(dir.join("src/lib.rs"), &recipe.include).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // Another spec than the m3ter one.
    std::fs::copy(
        root.join("tests/fixtures/shapes.yaml"),
        dir.join("openapi.yaml"),
    )
    .unwrap();
    dir
}

fn cargo_build(dir: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(["build", "--verbose"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.parent().unwrap().join("target"))
        .env_remove("RUSTFLAGS")
        // The consumer is a workspace of its own: no debug info, as in ours.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output()
        .expect("cargo runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn generated_file(dir: &Path) -> String {
    let build = dir.parent().unwrap().join("target/debug/build");
    let file = std::fs::read_dir(&build)
        .unwrap()
        .map(|e| e.unwrap().path().join("out/api.rs"))
        .find(|p| p.exists())
        .expect("the build script wrote api.rs into OUT_DIR");
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn a_crate_made_from_the_readme_builds_regenerates_and_stays_fresh() {
    let dir = new_consumer_crate(&readme_recipe());

    let first = cargo_build(&dir);
    assert!(
        first.status.success(),
        "first build failed:\n{}",
        stderr(&first)
    );
    assert!(generated_file(&dir).contains("pub struct Node"));
    // The README's recipe leaves out the CLI, so a build script does not
    // compile (or even check) clap.
    assert!(!stderr(&first).contains(" clap v"), "{}", stderr(&first));

    let again = cargo_build(&dir);
    assert!(again.status.success(), "{}", stderr(&again));
    let log = stderr(&again);
    assert!(
        log.contains("Fresh consumer"),
        "an unchanged build must be fresh:\n{log}"
    );
    assert!(
        !log.contains("Compiling consumer"),
        "nothing may recompile:\n{log}"
    );

    let spec = dir.join("openapi.yaml");
    let edited = std::fs::read_to_string(&spec).unwrap().replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    AddedLater:\n      type: object\n      properties:\n        note: {type: string}\n",
    );
    std::fs::write(&spec, edited).unwrap();
    let after_edit = cargo_build(&dir);
    assert!(after_edit.status.success(), "{}", stderr(&after_edit));
    assert!(stderr(&after_edit).contains("Compiling consumer"));
    assert!(generated_file(&dir).contains("pub struct AddedLater"));

    std::fs::write(
        &spec,
        "swagger: \"2.0\"\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let broken = cargo_build(&dir);
    let log = stderr(&broken);
    assert!(!broken.status.success(), "a bad spec must fail the build");
    assert!(log.contains("Swagger 2.0 is not supported"), "{log}");
    assert!(log.contains("openapi.yaml:1:1"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}
