//! Specs full of hostile names: nothing from the spec reaches generated code
//! unsanitized, and nothing is written outside the output folder.

use apigen::Options;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Quotes, comment ends, attributes, control characters, empty and
/// punctuation-only names, path tricks, raw-identifier prefixes, keywords,
/// and names that differ only in case or punctuation.
const HOSTILE: &str = r##"{
  "openapi": "3.0.3",
  "info": {
    "title": "../../evil\"*/ #[x] \u0000\u001b[31m",
    "version": "1\"*/\n#![deny(warnings)]",
    "description": "*/ /* #![forbid(unsafe_code)] \"\u0007 ``` rust\nfn main() {}\n"
  },
  "servers": [{"url": "http://example.com/\"*/#[x]\u0000/"}],
  "paths": {
    "/a/{\"id*/}/b": {
      "get": {
        "operationId": "\"); panic!(\"",
        "tags": ["*/"],
        "summary": "*/ #[x] \r\n#![deny(missing_docs)]",
        "parameters": [
          {"name": "\"id*/", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "#[q]", "in": "query", "schema": {"type": "string", "enum": ["\"", "*/", "", "!!!", "\u0000", "a", "A", "a!"]}},
          {"name": "", "in": "query", "schema": {"type": "integer"}},
          {"name": "r#type", "in": "query", "schema": {"type": "boolean"}}
        ],
        "responses": {
          "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/*~1"}}}}
        }
      }
    },
    "/..": {
      "post": {
        "operationId": "",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/r#type"}}}},
        "responses": {"204": {"description": "*/"}}
      }
    },
    "/{}/{..}/{/}": {
      "delete": {
        "operationId": "!!!",
        "responses": {"default": {"description": "x"}}
      }
    },
    "/self": {"put": {"operationId": "self", "responses": {"200": {"description": "x"}}}},
    "/Self": {"put": {"operationId": "Self", "responses": {"200": {"description": "x"}}}}
  },
  "components": {
    "schemas": {
      "*/": {
        "type": "object",
        "description": "*/ /* #[x] \u0000",
        "required": ["\""],
        "properties": {
          "\"": {"type": "string"},
          "*/": {"type": "integer", "description": "*/"},
          "#[x]": {"type": "boolean"},
          "": {"type": "string"},
          "!!!": {"type": "string"},
          "\u0000\u001b": {"type": "string"},
          "..": {"type": "string"},
          "/": {"type": "string"},
          "r#type": {"type": "string"},
          "self": {"type": "string"},
          "Self": {"type": "string"},
          "crate": {"type": "string"},
          "fooBar": {"type": "string"},
          "foo_bar": {"type": "string"},
          "FOO-BAR": {"type": "string"},
          "nested": {"type": "object", "properties": {"*/": {"type": "string"}}}
        }
      },
      "": {"type": "string", "enum": ["a", "A", "a!", "\u0000", "", "*/"]},
      "!!!": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/"}}},
      "..": {"type": "array", "items": {"$ref": "#/components/schemas/~1"}},
      "/": {"type": "string"},
      "r#type": {"type": "object", "properties": {"type": {"type": "string"}}},
      "Self": {"type": "string"},
      "crate": {"type": "string"},
      "Option": {"type": "string"},
      "Result": {"type": "string"},
      "Client": {"type": "string"}
    }
  }
}"##;

/// Attributes the generator writes itself; any other would have come from
/// the spec.
const OWN_ATTRIBUTES: &[&str] = &[
    "#[derive",
    "#[tokio::main]",
    "#[serde",
    "#[non_exhaustive",
    "#[rustfmt::skip",
    "#[allow",
    "#[deprecated",
    "#[doc",
    "#![forbid(unsafe_code)]",
    "#![allow",
    "#![doc",
];

/// The file parses, and has no attribute the generator does not write.
fn assert_safe_rust(name: &str, contents: &str) {
    syn::parse_file(contents).unwrap_or_else(|e| panic!("{name} does not parse: {e}\n{contents}"));
    for (i, line) in contents.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[") || code.starts_with("#![") {
            assert!(
                OWN_ATTRIBUTES.iter().any(|own| code.starts_with(own)),
                "{name}:{} has an attribute the generator does not write: {line}",
                i + 1
            );
        }
    }
}

#[test]
fn hostile_names_generate_a_crate_that_parses() {
    for strict in [false, true] {
        let options = Options {
            strict,
            ..Options::default()
        };
        let output = match apigen::generate_from_str(HOSTILE, "hostile.json", &options) {
            Ok(output) => output,
            // Under strict the empty template parameters are errors; the
            // point is only that they are reported, not panicked on.
            Err(apigen::Error::Spec(errors)) if strict => {
                assert!(errors.iter().all(|e| !e.pointer.is_empty()), "{errors:#?}");
                continue;
            }
            Err(error) => panic!("{error}"),
        };
        for file in output.files() {
            assert_safe_rust(&file.path, &file.contents);
        }
        let single = output.single_file("api.rs").unwrap();
        assert_safe_rust("single file", &single.contents);
        let package = output
            .cargo_toml()
            .contents
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .to_string();
        assert_eq!(package, "\"evil-x31m\"", "{package}");
    }
}

/// Control characters from the spec are escaped in string literals and
/// dropped from docs: rustc rejects a bare CR in a doc comment, and an
/// escape sequence would reach every terminal that shows the code.
#[test]
fn generated_text_holds_no_control_characters() {
    let carriage_return = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"E": {"type": "string", "enum": ["a\rb", "c\u001b[2Jd"]}}}}"#;
    for spec in [HOSTILE, carriage_return] {
        let output = apigen::generate_from_str(spec, "hostile.json", &Options::default()).unwrap();
        assert_no_control_characters(&output);
    }
}

/// Texts the generator writes itself quote names from the spec (here an
/// API key scheme's, in its builder method's docs); those lose their
/// control characters too.
#[test]
fn generator_texts_quoting_the_spec_hold_no_control_characters() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "security": [{"key\u0007\u001b[2J": []}],
        "paths": {"/a": {"get": {"responses": {"204": {"description": "ok"}}}}},
        "components": {"securitySchemes": {"key\u0007\u001b[2J":
            {"type": "apiKey", "in": "query", "name": "k\u0007"}}}}"#;
    let output = apigen::generate_from_str(spec, "hostile.json", &Options::default()).unwrap();
    assert_no_control_characters(&output);
}

fn assert_no_control_characters(output: &apigen::Output) {
    let single = output.single_file("api.rs").unwrap();
    for file in output.files().iter().chain([&single]) {
        syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        for (i, line) in file.contents.lines().enumerate() {
            assert!(
                !line.chars().any(char::is_control),
                "{}:{} holds a control character: {line:?}",
                file.path,
                i + 1
            );
        }
    }
}

#[test]
fn names_that_differ_only_in_case_or_punctuation_stay_distinct() {
    let output = apigen::generate_from_str(HOSTILE, "hostile.json", &Options::default()).unwrap();
    let types = &output.ir().types;
    let mut names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "two types share a name: {names:?}");
    for ty in types {
        if let apigen::ir::TypeKind::Struct(s) = &ty.kind {
            let mut fields: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
            let count = fields.len();
            fields.sort_unstable();
            fields.dedup();
            assert_eq!(fields.len(), count, "{}: {fields:?}", ty.name);
        }
    }
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn nothing_is_written_outside_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    fs::create_dir(&specs).unwrap();
    // A file name with a line break and comment and attribute syntax: it
    // goes into every generated header.
    let spec = specs.join("evil\n#![deny(x)] \"quoted\" */*.json".replace('/', "\u{2215}"));
    fs::write(&spec, HOSTILE).unwrap();
    let out = tmp.path().join("work").join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(["generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");

    let everything = files_under(tmp.path());
    let expected_spec = PathBuf::from("specs").join(spec.file_name().unwrap());
    for file in &everything {
        assert!(
            file.starts_with("work/out") || *file == expected_spec,
            "{} was written outside the output folder",
            file.display()
        );
    }
    // File names are the generator's own, or made of a sanitized name.
    let written = files_under(&out);
    for file in &written {
        let name = file.to_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)),
            "{name:?}"
        );
    }
    for file in written
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        let contents = fs::read_to_string(out.join(file)).unwrap();
        assert_safe_rust(&file.display().to_string(), &contents);
    }
}

#[test]
fn a_build_script_output_file_cannot_leave_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("api.json");
    fs::write(&spec, HOSTILE).unwrap();
    let out = tmp.path().join("out");
    for name in ["../escape.rs", "/tmp/abs.rs", "..", "a/b.rs", ""] {
        let result = apigen::Builder::new(&spec)
            .out_dir(&out)
            .out_file(name)
            .generate();
        let error = result.expect_err(name).to_string();
        assert!(
            error.contains("invalid output file name"),
            "{name}: {error}"
        );
    }
    assert!(!tmp.path().join("escape.rs").exists());
}

/// Hostile OpenAPI 3.1 (type arrays of every type, dynamic references that
/// lead back to their schema, `$defs` named like keywords or paths, consts
/// of every JSON type): a crate that parses, with or without `strict`, or
/// located errors; never a panic. The compile test builds its crate.
#[test]
fn hostile_openapi_31_generates_a_crate_that_parses() {
    let spec = include_str!("../../tests/fixtures/openapi31-hostile.yaml");
    for strict in [false, true] {
        let options = Options {
            strict,
            ..Options::default()
        };
        match apigen::generate_from_str(spec, "hostile.yaml", &options) {
            Ok(output) => {
                for file in output.files() {
                    assert_safe_rust(&file.path, &file.contents);
                }
                assert_no_control_characters(&output);
            }
            Err(apigen::Error::Spec(errors)) if strict => {
                assert!(errors.iter().all(|e| e.position.is_some()), "{errors:#?}");
            }
            Err(error) => panic!("{error}"),
        }
    }
    // A `$dynamicRef` to itself alone, and one to no anchor: located.
    let looping = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$dynamicAnchor: a, $dynamicRef: '#a'}\n    B: {properties: {x: {$recursiveRef: '#'}}}\n";
    match apigen::generate_from_str(looping, "loop.yaml", &Options::default()) {
        Err(apigen::Error::Spec(errors)) => {
            assert!(errors.iter().all(|e| e.position.is_some()), "{errors:#?}");
        }
        other => panic!("expected located errors, got {other:?}"),
    }
}
