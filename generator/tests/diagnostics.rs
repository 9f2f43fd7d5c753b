//! Every kind of bad spec, through the public API: the exact message, the
//! JSON pointer and the line:column of each diagnostic, and which problems
//! are warnings by default and errors under `strict`.

use apigen::{Diagnostic, Error, LineColumn, Options, Severity};
use std::path::Path;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n";

fn options(strict: bool) -> Options {
    Options {
        strict,
        ..Options::default()
    }
}

/// The errors of a spec that must fail.
fn errors(bytes: &[u8], strict: bool) -> Vec<Diagnostic> {
    match apigen::generate_from_bytes(bytes, Path::new("spec.yaml"), &options(strict)) {
        Err(Error::Spec(diagnostics)) => {
            assert!(diagnostics.iter().all(|d| d.severity == Severity::Error));
            diagnostics
        }
        Err(other) => panic!("expected spec errors, got {other}"),
        Ok(_) => panic!("expected spec errors, got a crate"),
    }
}

/// The warnings of a spec that must generate.
fn warnings(text: &str) -> Vec<Diagnostic> {
    match apigen::generate_from_str(text, "spec.yaml", &options(false)) {
        Ok(output) => output.warnings().to_vec(),
        Err(error) => panic!("expected a crate, got:\n{error}"),
    }
}

fn the_error(bytes: &[u8]) -> Diagnostic {
    let mut found = errors(bytes, false);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

fn at(line: usize, column: usize) -> Option<LineColumn> {
    Some(LineColumn { line, column })
}

/// Checks one diagnostic's message, pointer and position at once.
fn assert_diagnostic(d: &Diagnostic, message: &str, pointer: &str, position: Option<LineColumn>) {
    assert_eq!(
        (d.message.as_str(), d.pointer.as_str(), d.position),
        (message, pointer, position),
        "\n{d}"
    );
    assert_eq!(d.file, "spec.yaml");
}

// ---------------------------------------------------------------------------
// Structural problems: always errors.

#[test]
fn text_that_is_not_yaml_or_json() {
    let d = the_error(b"openapi: [unclosed\n");
    assert_diagnostic(
        &d,
        "the spec is not valid YAML or JSON: did not find expected ',' or ']'",
        "",
        at(2, 1),
    );
    let d = the_error(b"{\n  \"openapi\": \"3.0.3\",\n");
    assert_diagnostic(
        &d,
        "the spec is not valid JSON: EOF while parsing a value",
        "",
        at(3, 1),
    );
}

#[test]
fn more_than_one_yaml_document() {
    let d = the_error(b"---\nopenapi: 3.0.3\n---\nopenapi: 3.0.3\n");
    assert_diagnostic(
        &d,
        "the file holds more than one YAML document (a second `---`); a spec is one document",
        "",
        at(3, 1),
    );
}

#[test]
fn an_empty_file() {
    for text in ["", " \n\n"] {
        let d = the_error(text.as_bytes());
        assert_diagnostic(&d, "the spec file is empty", "", None);
    }
}

#[test]
fn a_top_level_that_is_not_a_mapping() {
    for text in ["- openapi: 3.0.3\n", "[1, 2]", "just text\n"] {
        let d = the_error(text.as_bytes());
        assert_diagnostic(
            &d,
            "the top level of the spec must be a mapping (an object with `openapi`, `info` and `paths`)",
            "",
            None,
        );
    }
}

#[test]
fn versions_other_than_3_0_and_3_1() {
    let d = the_error(b"info: {title: t, version: \"1\"}\npaths: {}\n");
    assert_diagnostic(
        &d,
        "missing `openapi` field: expected a version such as `openapi: 3.0.3`",
        "",
        None,
    );
    let d = the_error(b"swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\n");
    assert_diagnostic(
        &d,
        "Swagger 2.0 is not supported: only OpenAPI 3.0.x and 3.1.x are; convert the spec first (e.g. with swagger2openapi)",
        "/swagger",
        at(1, 1),
    );
    let d = the_error(b"openapi: 3.2.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n");
    assert_diagnostic(
        &d,
        "unsupported OpenAPI version `3.2.0`: only OpenAPI 3.0.x and 3.1.x are supported",
        "/openapi",
        at(1, 1),
    );
    let d = the_error(b"openapi: 3.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n");
    assert_diagnostic(
        &d,
        "the `openapi` version must be a string: write `openapi: \"3.0\"` with quotes",
        "/openapi",
        at(1, 1),
    );
}

/// A dangling `$ref` is a mistake its user often cannot fix (a published
/// vendor spec): the value is untyped, with a warning; `strict` refuses it.
#[test]
fn a_dangling_ref() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Missing'\n"
    );
    let problem = "dangling `$ref: #/components/schemas/Missing`: there is no schema `Missing` under `#/components/schemas`";
    let pointer = "/components/schemas/Pet/properties/owner/$ref";
    let found = warnings(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let fallback = format!("{problem}; it is typed as any JSON value (`serde_json::Value`)");
    assert_diagnostic(&found[0], &fallback, pointer, at(10, 11));
    let found = errors(text.as_bytes(), true);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_diagnostic(&found[0], problem, pointer, at(10, 11));
}

/// Every kind of `$ref` that leads nowhere, each with its own wording and
/// fallback: into a schema, to a parameter, a request body, a response,
/// and to something that is not what the place needs.
#[test]
fn dangling_refs_of_every_kind() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters: [{{$ref: '#/components/parameters/Nope'}}]\n      requestBody: {{$ref: '#/components/requestBodies/Nope'}}\n      responses:\n        '200': {{$ref: '#/components/responses/Nope'}}\n        '201': {{$ref: '#/components/schemas/Pet'}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {{$ref: '#/components/schemas/Pet/properties/nickname'}}\n"
    );
    let found: Vec<(String, String)> = warnings(&text)
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect();
    let expected = [
        ("/components/schemas/Pet/properties/name/$ref", "dangling `$ref: #/components/schemas/Pet/properties/nickname`: there is no entry `nickname` under `#/components/schemas/Pet/properties`; it is typed as any JSON value (`serde_json::Value`)"),
        ("/paths/~1a/post/parameters/0/$ref", "dangling `$ref: #/components/parameters/Nope`: there is no parameter `Nope` under `#/components/parameters`; the parameter is left out"),
        ("/paths/~1a/post/requestBody/$ref", "dangling `$ref: #/components/requestBodies/Nope`: there is no request body `Nope` under `#/components/requestBodies`; the operation is sent without a body"),
        ("/paths/~1a/post/responses/200/$ref", "dangling `$ref: #/components/responses/Nope`: there is no response `Nope` under `#/components/responses`; the response is left out"),
        ("/paths/~1a/post/responses/201/$ref", "`$ref: #/components/schemas/Pet` points at `#/components/schemas/Pet`, which is not a response; the response is left out"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_ref_cycle_with_no_structure_in_between() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"
    );
    let found = errors(text.as_bytes(), false);
    assert_diagnostic(
        &found[0],
        "`$ref` cycle with no schema in between: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A",
        "/components/schemas/A",
        at(6, 5),
    );
}

#[test]
fn a_ref_cycle_is_reported_once_whatever_its_length() {
    let mut text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "    S{i}:\n      $ref: '#/components/schemas/S{}'\n",
            (i + 1) % 1000
        ));
    }
    text.push_str("    Outside:\n      $ref: '#/components/schemas/S500'\n");
    let found = errors(text.as_bytes(), false);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]
        .message
        .starts_with("`$ref` cycle with no schema in between: #/components/schemas/S0 → #/components/schemas/S1 → "));
    assert!(found[0]
        .message
        .ends_with("#/components/schemas/S999 → #/components/schemas/S0"));
}

#[test]
fn a_ref_to_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'missing.yaml#/Pet'\n"
    );
    std::fs::write(&spec, text).unwrap();
    let Err(Error::Spec(found)) = apigen::generate(&spec, &Options::default()) else {
        panic!("expected a spec error");
    };
    assert_eq!(found.len(), 1, "{found:#?}");
    let missing = dir.path().join("missing.yaml");
    assert_eq!(
        found[0].message,
        format!(
            "`$ref: missing.yaml#/Pet`: cannot read {}: No such file or directory (os error 2)",
            missing.display()
        )
    );
    assert_eq!(found[0].pointer, "/components/schemas/Pet/$ref");
    assert_eq!(found[0].position, at(7, 7));
}

#[test]
fn tabs_in_yaml_indentation_are_reported_on_every_line() {
    let found = errors(
        b"openapi: 3.0.3\ninfo:\n\ttitle: t\n  \tversion: '1'\npaths: {}\n",
        false,
    );
    let message = "tab character in indentation: YAML indents with spaces only";
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_diagnostic(&found[0], message, "", at(3, 1));
    assert_diagnostic(&found[1], message, "", at(4, 3));
    // Tabs are fine where YAML allows them, and in JSON.
    let json = "{\n\t\"openapi\": \"3.0.3\",\n\t\"info\": {\"title\": \"t\", \"version\": \"1\"},\n\t\"paths\": {}\n}";
    apigen::generate_from_str(json, "spec.json", &Options::default()).unwrap();
}

#[test]
fn invalid_utf8() {
    let d = the_error(b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: \"1\"}\npaths: {}\n");
    assert_diagnostic(
        &d,
        "the spec file is not valid UTF-8 (invalid byte at offset 32)",
        "",
        at(2, 18),
    );
}

/// The two malformed objects of `text` (a nullable `maybe` in schema A, a
/// `minItems: many` in schema C), each reported at its position.
fn assert_two_malformed_objects(
    text: &str,
    maybe_at: Option<LineColumn>,
    many_at: Option<LineColumn>,
) {
    let found = errors(text.as_bytes(), false);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_diagnostic(
        &found[0],
        "not a valid OpenAPI 3.0 document: invalid type: string \"maybe\", expected a boolean",
        "/components/schemas/A/properties/b/nullable",
        maybe_at,
    );
    assert_diagnostic(
        &found[1],
        "not a valid OpenAPI 3.0 document: invalid type: string \"many\", expected usize",
        "/components/schemas/C/items/minItems",
        many_at,
    );
}

#[test]
fn every_malformed_object_is_reported_with_its_pointer() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{type: string, nullable: maybe}}\n    C:\n      type: array\n      items: {{minItems: many}}\n"
    );
    assert_two_malformed_objects(&text, at(9, 27), at(12, 15));
}

/// JSON specs are read straight into the typed model when that is cheap;
/// when that fails, the same object-by-object check names every problem.
#[test]
fn every_malformed_object_of_a_json_spec_is_reported_with_its_pointer() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {
  "A": {"type": "object", "properties": {"b": {"type": "string", "nullable": "maybe"}}},
  "C": {"type": "array", "items": {"minItems": "many"}}}}}
"#;
    assert_two_malformed_objects(text, at(3, 66), at(4, 36));
}

// ---------------------------------------------------------------------------
// Spec-quality problems: warnings with a fallback, errors under strict.

/// A quality problem: one warning by default, one error under strict,
/// with the same pointer and position.
fn assert_quality(
    text: &str,
    problem: &str,
    fallback: &str,
    pointer: &str,
    position: Option<LineColumn>,
) {
    let found = warnings(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_diagnostic(
        &found[0],
        &format!("{problem}; {fallback}"),
        pointer,
        position,
    );
    let found = errors(text.as_bytes(), true);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_diagnostic(&found[0], problem, pointer, position);
}

#[test]
fn duplicate_operation_ids() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: doIt\n      responses:\n        '200': {{description: ok}}\n  /b:\n    get:\n      operationId: doIt\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert_quality(
        &text,
        "duplicate operationId `doIt`: already used at #/paths/~1a/get",
        "this operation's method gets a numeric suffix",
        "/paths/~1b/get/operationId",
        at(11, 7),
    );
    let output = apigen::generate_from_str(&text, "spec.yaml", &Options::default()).unwrap();
    let names: Vec<&str> = output
        .ir()
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(names, ["do_it", "do_it2"]);
}

#[test]
fn a_template_parameter_without_declaration() {
    let text = format!(
        "{HEAD}paths:\n  /pets/{{id}}:\n    get:\n      operationId: getPet\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert_quality(
        &text,
        "path template parameter `{id}` has no declaration with `in: path`",
        "it is taken as a required string",
        "/paths/~1pets~1{id}/get",
        at(5, 5),
    );
    let output = apigen::generate_from_str(&text, "spec.yaml", &Options::default()).unwrap();
    let params = &output.ir().operations[0].path_params;
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].wire_name, "id");
    assert_eq!(params[0].ty, apigen::ir::TypeRef::String);
}

#[test]
fn a_declared_path_parameter_missing_from_the_template() {
    let text = format!(
        "{HEAD}paths:\n  /pets:\n    get:\n      operationId: listPets\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert_quality(
        &text,
        "path parameter `id` is declared but `/pets` has no `{id}` in its template",
        "it is left out",
        "/paths/~1pets/get/parameters/0",
        at(8, 11),
    );
    let output = apigen::generate_from_str(&text, "spec.yaml", &Options::default()).unwrap();
    assert!(output.ir().operations[0].path_params.is_empty());
}

#[test]
fn an_operation_without_responses() {
    let text = format!(
        "{HEAD}paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {{}}\n"
    );
    assert_quality(
        &text,
        "the operation documents no responses",
        "its method returns `()`",
        "/paths/~1pets/get/responses",
        at(7, 7),
    );
}

#[test]
fn a_default_of_the_wrong_type() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Page:\n      type: integer\n      default: '100'\n"
    );
    assert_quality(
        &text,
        "default `\"100\"` is a string, but the schema has `type: integer`",
        "the default is ignored",
        "/components/schemas/Page/default",
        at(8, 7),
    );
}

#[test]
fn enum_values_of_the_wrong_type() {
    // YAML 1.2 reads `on` and `yes` as text, but `true` as a boolean.
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Flag:\n      type: string\n      enum: [on, off, yes, true]\n"
    );
    assert_quality(
        &text,
        "enum value `true` is a boolean, but the schema has `type: string` (quote it to make it a string)",
        "it is left out of the enum",
        "/components/schemas/Flag/enum/3",
        at(8, 28),
    );
    // The other values still make an enum (not "any value").
    let output = apigen::generate_from_str(&text, "spec.yaml", &Options::default()).unwrap();
    let flag = &output.ir().types[0];
    let apigen::ir::TypeKind::Enum(e) = &flag.kind else {
        panic!("{flag:?}");
    };
    let values: Vec<&str> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    assert_eq!(values, ["on", "off", "yes"]);
    // Integers are numbers; null is allowed when nullable.
    let fine = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N: {{type: number, enum: [1, 2.5], default: 3}}\n    S: {{type: string, nullable: true, enum: [a, null], default: null}}\n"
    );
    assert!(warnings(&fine).is_empty());
}

#[test]
fn strict_reports_every_error_of_every_stage_together() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: doIt\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Missing'}}\n  /b:\n    get:\n      operationId: doIt\n      responses: {{}}\ncomponents:\n  schemas:\n    Flag: {{type: string, enum: [a, 1]}}\n    Pet:\n      type: object\n      properties:\n        owner: {{$ref: '#/components/schemas/AlsoMissing'}}\n"
    );
    let found = errors(text.as_bytes(), true);
    let summary: Vec<(usize, &str)> = found
        .iter()
        .map(|d| (d.position.unwrap().line, d.pointer.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                12,
                "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"
            ),
            (15, "/paths/~1b/get/operationId"),
            (16, "/paths/~1b/get/responses"),
            (19, "/components/schemas/Flag/enum/1"),
            (23, "/components/schemas/Pet/properties/owner/$ref"),
        ],
        "{found:#?}"
    );
    let rendered = Error::Spec(found).to_string();
    assert!(rendered.ends_with("5 errors in the spec"), "{rendered}");
}

// ---------------------------------------------------------------------------
// Rendering.

#[test]
fn errors_render_like_rustc_with_the_line_and_a_caret() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Missing'\n"
    );
    let error = apigen::generate_from_str(&text, "spec.yaml", &options(true)).unwrap_err();
    let expected = "\
error: dangling `$ref: #/components/schemas/Missing`: there is no schema `Missing` under `#/components/schemas`
  --> spec.yaml:10:11
   |
10 |           $ref: '#/components/schemas/Missing'
   |           ^^^^
   = at #/components/schemas/Pet/properties/owner/$ref
1 error in the spec";
    assert_eq!(error.to_string(), expected);
}

#[test]
fn an_api_key_name_http_cannot_carry_is_left_out_with_one_warning() {
    let text = format!(
        "{HEAD}security:\n  - bad: []\npaths:\n  /a:\n    get:\n      responses:\n        '204': {{description: ok}}\n  /b:\n    get:\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  securitySchemes:\n    bad:\n      type: apiKey\n      in: header\n      name: 'X Key'\n"
    );
    let found = warnings(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_diagnostic(
        &found[0],
        "API key scheme `bad`: `X Key` cannot be sent as a header or cookie name; the client does not send this key",
        "/components/securitySchemes/bad",
        at(16, 5),
    );
}

// ---------------------------------------------------------------------------
// OpenAPI 3.1: the document is rewritten into the 3.0 form before the typed
// parse; every diagnostic still points at what the user wrote.

const HEAD_31: &str = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\n";

#[test]
fn an_unknown_json_schema_dialect_is_an_error() {
    let text = format!("{HEAD_31}jsonSchemaDialect: https://example.com/my-dialect\npaths: {{}}\n");
    let d = the_error(text.as_bytes());
    assert_diagnostic(
        &d,
        "unknown `jsonSchemaDialect` \"https://example.com/my-dialect\": only OpenAPI 3.1's own dialect (https://spec.openapis.org/oas/3.1/dialect/base) is supported",
        "/jsonSchemaDialect",
        at(3, 1),
    );
    let known = format!(
        "{HEAD_31}jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\npaths: {{}}\n"
    );
    assert!(warnings(&known).is_empty());
}

/// A `$dynamicRef` that leads back to itself with no schema in between is
/// the same error as a 3.0 `$ref` cycle, at the schema that declares it.
#[test]
fn a_dynamic_ref_cycle() {
    let text = format!(
        "{HEAD_31}paths: {{}}\ncomponents:\n  schemas:\n    Loop:\n      $dynamicAnchor: loop\n      $dynamicRef: '#loop'\n"
    );
    let d = the_error(text.as_bytes());
    assert_diagnostic(
        &d,
        "`$ref` cycle with no schema in between: #/components/schemas/Loop → #/components/schemas/Loop",
        "/components/schemas/Loop",
        at(6, 5),
    );
}

/// The rewrite moves a `$ref` with a description into an `allOf`, and the
/// members after a `null` one down by one: the warning about each dangling
/// reference still names where the user wrote it.
#[test]
fn diagnostics_in_rewritten_schemas_point_at_the_source() {
    let text = format!(
        "{HEAD_31}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Missing'\n          description: gone\n        friend:\n          anyOf:\n            - type: 'null'\n            - $ref: '#/components/schemas/Missing'\n            - type: string\n"
    );
    let found = warnings(&text);
    let places: Vec<(&str, Option<LineColumn>)> = found
        .iter()
        .map(|d| (d.pointer.as_str(), d.position))
        .collect();
    assert_eq!(
        places,
        [
            (
                "/components/schemas/Pet/properties/friend/anyOf/1/$ref",
                at(15, 15)
            ),
            ("/components/schemas/Pet/properties/owner/$ref", at(10, 11)),
        ],
        "{found:#?}"
    );
}

/// A malformed object inside a webhook (moved under `components` by the
/// rewrite) is reported at its place under `webhooks`.
#[test]
fn a_malformed_webhook_is_located() {
    let text = format!(
        "{HEAD_31}webhooks:\n  ping:\n    post:\n      parameters: {{not: a list}}\n      responses:\n        '200': {{description: ok}}\n"
    );
    let d = the_error(text.as_bytes());
    assert_eq!(d.pointer, "/webhooks/ping/post/parameters", "{d}");
    assert!(
        d.message.starts_with("not a valid OpenAPI 3.1 document"),
        "{d}"
    );
    assert_eq!(d.position, at(6, 7), "{d}");
}

/// Keywords that only restrict values are ignored with one warning per
/// kind, at the first use; bounds that the model cannot hold are dropped
/// the same way; neither is an error, even under `strict`.
#[test]
fn ignored_keywords_are_one_warning_per_kind() {
    let text = format!(
        "{HEAD_31}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      propertyNames: {{pattern: '^a'}}\n      properties:\n        b:\n          type: object\n          propertyNames: {{maxLength: 3}}\n        c: {{type: integer, maximum: 1e30}}\n"
    );
    let found = warnings(&text);
    let summary: Vec<(&str, Option<LineColumn>)> = found
        .iter()
        .map(|d| (d.pointer.as_str(), d.position))
        .collect();
    assert_eq!(
        summary,
        [
            ("/components/schemas/A/properties/c/maximum", at(13, 28)),
            ("/components/schemas/A/propertyNames", at(8, 7)),
        ],
        "{found:#?}"
    );
    assert!(
        found[1]
            .message
            .contains("(2 uses in the spec; the first is here)"),
        "{}",
        found[1]
    );
    apigen::generate_from_str(&text, "spec.yaml", &options(true)).unwrap();
}
