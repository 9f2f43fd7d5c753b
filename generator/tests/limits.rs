//! Hostile sizes: deep nesting, YAML alias bombs and very large specs end
//! with a located error or a crate, never a stack overflow, a hang or
//! unbounded memory. The time bounds are generous sanity checks for a debug
//! build on a slow machine, not benchmarks.

use apigen::{Diagnostic, Error, Options};
use std::time::{Duration, Instant};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\n";

/// Runs `generate_from_str` and returns its outcome and how long it took.
fn timed(text: &str, name: &str) -> (Result<apigen::Output, Error>, Duration) {
    let started = Instant::now();
    let result = apigen::generate_from_str(text, name, &Options::default());
    (result, started.elapsed())
}

fn single_error(result: Result<apigen::Output, Error>) -> Diagnostic {
    match result {
        Err(Error::Spec(mut found)) if found.len() == 1 => found.remove(0),
        Err(other) => panic!("expected one spec error, got:\n{other}"),
        Ok(_) => panic!("expected one spec error, got a crate"),
    }
}

const TOO_DEEP: &str = "the spec nests deeper than 128 levels, the most the generator reads";

#[test]
fn five_thousand_levels_of_yaml_flow_nesting() {
    let depth = 5000;
    let text = format!(
        "{HEAD}components:\n  schemas:\n    A: {}{{type: string}}{}\n",
        "{type: object, properties: {a: ".repeat(depth),
        "}}".repeat(depth)
    );
    let (result, took) = timed(&text, "deep.yaml");
    let d = single_error(result);
    assert_eq!(d.message, TOO_DEEP);
    assert_eq!(d.position.map(|p| p.line), Some(6), "{d}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

/// libyaml alone takes time quadratic in flow depth (about 90 s for this
/// 200 KB line); the limit is found before it reads the text.
#[test]
fn a_hundred_thousand_flow_brackets() {
    let text = format!(
        "{HEAD}x-deep: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (result, took) = timed(&text, "deep.yaml");
    let d = single_error(result);
    assert_eq!(d.message, TOO_DEEP);
    assert_eq!(d.position.map(|p| p.line), Some(4), "{d}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn five_thousand_levels_of_yaml_block_nesting() {
    // `- - - x` nests block sequences on one line.
    let text = format!("{HEAD}x-deep:\n  {}x\n", "- ".repeat(5000));
    let (result, took) = timed(&text, "deep.yaml");
    let d = single_error(result);
    assert_eq!(d.message, TOO_DEEP);
    assert!(d.position.is_some(), "{d}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

#[test]
fn five_thousand_levels_of_json_nesting() {
    let depth = 5000;
    let text = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"A":{}{{"type":"string"}}{}}}}}}}"#,
        r#"{"type":"object","properties":{"a":"#.repeat(depth),
        "}}".repeat(depth)
    );
    let (result, took) = timed(&text, "deep.json");
    let d = single_error(result);
    assert_eq!(d.message, TOO_DEEP);
    assert_eq!(d.position.map(|p| p.line), Some(1), "{d}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

/// A JSON spec whose one schema, `A`, is `leaf` inside `depth` levels of
/// `open` (which opens two braces: `{"properties":{"a":`) or of `{"items":`.
fn nested_schema_spec(open: &str, leaf: &str, depth: usize) -> String {
    let close = if open.ends_with(r#"{"a":"#) {
        "}}"
    } else {
        "}"
    };
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"A":{}{leaf}{}}}}}}}"#,
        open.repeat(depth),
        close.repeat(depth)
    )
}

const OBJECT_LEVEL: &str = r#"{"type":"object","properties":{"a":"#;

/// 60 nested schemas with a malformed leaf: `openapiv3` alone parses such
/// a failure 2^60 times; checked object by object it is found at once.
#[test]
fn a_deep_malformed_schema_is_found_in_linear_time() {
    let text = nested_schema_spec(OBJECT_LEVEL, r#"{"nullable":5}"#, 60);
    let (result, took) = timed(&text, "deep.json");
    let d = single_error(result);
    assert_eq!(
        d.message,
        "not a valid OpenAPI 3.0 document: invalid type: integer `5`, expected a boolean"
    );
    assert!(d.pointer.ends_with("/properties/a/nullable"), "{d}");
    assert!(took < Duration::from_secs(20), "{took:?}");
}

/// A malformed property after 20,000 good ones, seven schemas deep. Read
/// straight from the text, `openapiv3` would parse the good ones 2^8 times
/// before failing (once more for each object in a `$ref` position around
/// the error); the loader sees that cost coming and checks the spec object
/// by object instead.
#[test]
fn a_malformed_schema_below_a_large_one_is_found_in_linear_time() {
    let properties: Vec<String> = (0..20_000)
        .map(|i| format!(r#""p{i}":{{"type":"string","description":"a property"}}"#))
        .collect();
    let bulk = format!(
        r#"{{"type":"object","properties":{{{},"bad":{{"type":"string","nullable":5}}}}}}"#,
        properties.join(",")
    );
    let text = nested_schema_spec(OBJECT_LEVEL, &bulk, 7);
    let (result, took) = timed(&text, "wide.json");
    let d = single_error(result);
    assert!(d.pointer.ends_with("/properties/bad/nullable"), "{d}");
    // About half a second in a debug build; half a minute parsed directly.
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// The same with schemas that name no `type`: 22 levels of `items` over a
/// malformed leaf. Parsed straight from the text this takes seconds even
/// in a release build.
#[test]
fn a_deep_malformed_schema_without_types_is_found_in_linear_time() {
    let text = nested_schema_spec(r#"{"items":"#, r#"{"nullable":5}"#, 22);
    let (result, took) = timed(&text, "untyped.json");
    let d = single_error(result);
    assert!(d.pointer.ends_with("/items/nullable"), "{d}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn a_billion_laughs_alias_bomb() {
    let mut text = format!("{HEAD}x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let aliases = vec![format!("*{}", pair[0]); 9].join(", ");
        text.push_str(&format!("x-{}: &{} [{aliases}]\n", pair[1], pair[1]));
    }
    let (result, took) = timed(&text, "bomb.yaml");
    let d = single_error(result);
    assert_eq!(
        d.message,
        // `*h` stands for a list of 9 `*g` (each a list of 9 `*f`, ...): 1 + 9 *
        // (1 + 9 * (...)) nodes.
        "YAML aliases expand the spec to 490329074 nodes, more than the 1000440 allowed for a file of 110 nodes; `*h` here repeats 48427561 nodes"
    );
    assert_eq!(d.position.map(|p| p.line), Some(12), "{d}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// Not exponential but quadratic: one anchor of 6000 nodes aliased 6000
/// times is 36 million nodes from 30 KB, which serde_yaml's own limit lets
/// through.
#[test]
fn a_quadratic_alias_bomb() {
    let anchor = vec!["a"; 6000].join(",");
    let aliases = vec!["*x"; 6000].join(",");
    let text = format!("{HEAD}x-a: &x [{anchor}]\nx-b: [{aliases}]\n");
    let (result, took) = timed(&text, "bomb.yaml");
    let d = single_error(result);
    assert!(
        d.message
            .starts_with("YAML aliases expand the spec to 36012015 nodes"),
        "{d}"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn ordinary_aliases_still_work() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: &ok\n        '200': {description: ok}\n  /b:\n    get:\n      operationId: b\n      responses: *ok\n";
    let (result, _) = timed(text, "aliases.yaml");
    let output = result.unwrap();
    assert_eq!(output.ir().operations.len(), 2);
}

#[test]
fn a_fifty_thousand_value_enum() {
    let values: String = (0..50_000)
        .map(|i| format!("        - value_{i}\n"))
        .collect();
    let text = format!(
        "{HEAD}components:\n  schemas:\n    Big:\n      type: string\n      enum:\n{values}"
    );
    let (result, took) = timed(&text, "enum.yaml");
    let output = result.unwrap();
    let apigen::ir::TypeKind::Enum(e) = &output.ir().types[0].kind else {
        panic!("not an enum");
    };
    assert_eq!(e.variants.len(), 50_000);
    assert!(took < Duration::from_secs(300), "{took:?}");
}

#[test]
fn five_thousand_schemas() {
    let schemas: String = (0..5000)
        .map(|i| {
            format!(
                "    S{i}:\n      type: object\n      properties:\n        id: {{type: integer}}\n        next: {{$ref: '#/components/schemas/S{}'}}\n        tags: {{type: array, items: {{type: string}}}}\n",
                (i + 1) % 5000
            )
        })
        .collect();
    let text = format!("{HEAD}components:\n  schemas:\n{schemas}");
    let (result, took) = timed(&text, "big.yaml");
    let output = result.unwrap();
    assert!(output.ir().types.len() >= 5000);
    assert!(took < Duration::from_secs(300), "{took:?}");
}
