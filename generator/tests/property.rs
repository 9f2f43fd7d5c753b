//! A property test over mutated specs: whatever the input, generation does
//! not panic, and ends either with a crate or with spec errors that each
//! carry a JSON pointer, the file's name and, when the pointer can be found
//! in the text, a line and column.
//!
//! The mutator is seeded and deterministic, so a failure names a case that
//! fails the same way on every run (no dependency, no flaky shrinking). The
//! coverage-guided fuzzer in `fuzz/` explores much further; this keeps the
//! property in the ordinary test suite.

use apigen::{Error, Options};
use serde_yaml::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

const CASES: usize = 1200;
/// In a folder that does not exist: `$ref`s to other files all fail to
/// read, and the test reads nothing of the machine.
const SPEC: &str = "/nonexistent-apigen-property/spec.yaml";

const SEEDS: &[&str] = &[
    include_str!("../../spec/m3ter.yaml"),
    include_str!("../../tests/fixtures/shapes.yaml"),
    include_str!("../../tests/fixtures/names.yaml"),
    include_str!("../../tests/fixtures/combinators.yaml"),
    include_str!("../../tests/fixtures/no-server.yaml"),
    include_str!("../../tests/fixtures/openapi31-nulls-and-consts.yaml"),
    include_str!("../../tests/fixtures/openapi31-references.yaml"),
    include_str!("../../tests/fixtures/openapi31-hostile.yaml"),
    r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {"/pets/{id}": {"get": {"operationId": "getPet",
   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
   "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
 "components": {"schemas": {"Pet": {"type": "object", "required": ["id"],
   "properties": {"id": {"type": "integer", "format": "int64"}, "tag": {"type": "string", "enum": ["a", "b"], "default": "a"},
   "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}}
"##,
];

/// Tokens a mutation may put in: keywords, structure and hostile text.
const TOKENS: &[&str] = &[
    "openapi",
    "3.1.0",
    "const",
    "prefixItems",
    "$defs",
    "$id",
    "$anchor",
    "$dynamicRef",
    "'#node'",
    "webhooks",
    "'null'",
    "[string, 'null']",
    "exclusiveMinimum",
    "contentEncoding",
    "swagger",
    "$ref",
    "'#/components/schemas/Pet'",
    "'#/nowhere'",
    "other.yaml#/A",
    "type",
    "object",
    "array",
    "string",
    "integer",
    "enum",
    "default",
    "nullable",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "required",
    "operationId",
    "parameters",
    "in: path",
    "responses",
    "{id}",
    "{}",
    "[",
    "]",
    "{",
    "}",
    ":",
    "- ",
    "&a",
    "*a",
    "!!binary",
    "\t",
    "\"",
    "*/",
    "#[x]",
    "\u{0}",
    "r#type",
    "..",
    "/",
    "~1",
    "null",
    "true",
    "1e400",
    "-1",
    "18446744073709551616",
    "''",
    "|",
    ">",
];

/// xorshift64*: small, seeded, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random edit of the bytes of a spec.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    match rng.below(9) {
        0 => {
            lines.remove(rng.below(n));
        }
        1 => {
            let line = lines[rng.below(n)].clone();
            lines.insert(rng.below(n), line);
        }
        2 => lines.swap(rng.below(n), rng.below(n)),
        3 => {
            let i = rng.below(n);
            if rng.below(2) == 0 {
                lines[i].splice(0..0, *b"  ");
            } else if lines[i].starts_with(b"  ") {
                lines[i].drain(..2);
            }
        }
        4 => {
            // Replace a word with a token.
            let i = rng.below(n);
            let line = String::from_utf8_lossy(&lines[i]).into_owned();
            let words: Vec<&str> = line.split(' ').collect();
            let w = rng.below(words.len());
            let token = TOKENS[rng.below(TOKENS.len())];
            let replaced: Vec<&str> = words
                .iter()
                .enumerate()
                .map(|(j, word)| if j == w { token } else { word })
                .collect();
            lines[i] = replaced.join(" ").into_bytes();
        }
        5 => {
            let i = rng.below(n);
            let at = rng.below(lines[i].len() + 1);
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            lines[i].splice(at..at, token.iter().copied());
        }
        6 => {
            let keep = rng.below(n + 1);
            lines.truncate(keep.max(1));
        }
        7 => {
            let i = rng.below(n);
            if !lines[i].is_empty() {
                let at = rng.below(lines[i].len());
                lines[i][at] = rng.next() as u8;
            }
        }
        _ => {
            // Duplicate a block of lines (repeated keys, nested copies).
            let start = rng.below(n);
            let end = (start + 1 + rng.below(8)).min(n);
            let block: Vec<Vec<u8>> = lines[start..end].to_vec();
            let at = rng.below(n);
            for (k, line) in block.into_iter().enumerate() {
                lines.insert(at + k, line);
            }
        }
    }
    *bytes = lines.join(&b'\n');
}

/// Whether `pointer` names a node of the untyped document of `text`.
fn resolves(text: &str, pointer: &str) -> bool {
    let Ok(document) = serde_yaml::from_str::<Value>(text) else {
        return false;
    };
    let segments = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"));
    let mut node = &document;
    for segment in segments {
        let next = match node {
            Value::Mapping(m) => m
                .iter()
                .find_map(|(k, v)| (key_text(k) == segment).then_some(v)),
            Value::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(found) => node = found,
            None => return false,
        }
    }
    true
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The property, for one input.
fn check(case: usize, bytes: &[u8], strict: bool) {
    let options = Options {
        strict,
        ..Options::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        apigen::generate_from_bytes(bytes, Path::new(SPEC), &options)
    }));
    let text = String::from_utf8_lossy(bytes);
    let outcome = result.unwrap_or_else(|_| panic!("case {case} panicked on:\n{text}"));
    match outcome {
        Ok(output) => {
            for warning in output.warnings() {
                assert!(!warning.message.is_empty(), "case {case}");
            }
        }
        Err(Error::Spec(errors)) => {
            assert!(!errors.is_empty(), "case {case}: no diagnostics");
            for d in &errors {
                assert_eq!(d.file, SPEC, "case {case}: {d}");
                assert!(!d.message.is_empty(), "case {case}");
                assert!(
                    d.pointer.is_empty() || d.pointer.starts_with('/'),
                    "case {case}: {d}"
                );
                if !d.pointer.is_empty() && std::str::from_utf8(bytes).is_ok() {
                    assert!(
                        d.position.is_some() || !resolves(&text, &d.pointer),
                        "case {case}: no position for a pointer in the text: {d}\n{text}"
                    );
                }
            }
        }
        Err(other) => panic!("case {case}: not a spec error: {other}\n{text}"),
    }
}

#[test]
fn mutated_specs_give_a_crate_or_located_errors() {
    let mut rng = Rng(0x5eed_0fa9_19e4);
    for case in 0..CASES {
        let mut bytes = SEEDS[case % SEEDS.len()].as_bytes().to_vec();
        for _ in 0..=rng.below(4) {
            mutate(&mut bytes, &mut rng);
        }
        check(case, &bytes, case % 2 == 1);
    }
}

#[test]
fn the_seeds_themselves_generate() {
    for (i, seed) in SEEDS.iter().enumerate() {
        apigen::generate_from_str(seed, SPEC, &Options::default())
            .unwrap_or_else(|e| panic!("seed {i}: {e}"));
    }
}
