//! Checks the shape of a spec one object at a time, before the typed parse.
//!
//! `openapiv3` parses every `$ref`-or-object position (`ReferenceOr`) by
//! trying the object and, when that fails, parsing it once more to word the
//! error. A failure nested `n` such positions deep is therefore parsed `2^n`
//! times: a 30-level schema with a bad leaf takes hours. Here every such
//! object is parsed alone, with the `ReferenceOr` positions inside it
//! replaced by a stub `$ref`, so each part of the document is parsed a
//! constant number of times. Only a document whose every object passes is
//! parsed whole, and then no failure can be nested.
//!
//! Parsing objects alone also gives each error the pointer of the object
//! that is wrong, and finds every bad object in one pass.

use crate::diagnostic::Diagnostic;
use crate::pointer::push_pointer;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// What the value at a position is, as `openapiv3` models it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Root,
    Paths,
    Components,
    PathItem,
    Operation,
    Responses,
    Callback,
    Parameter,
    Header,
    MediaType,
    Encoding,
    RequestBody,
    Response,
    Schema,
    Example,
    Link,
    SecurityScheme,
}

/// What a key of an object of some kind holds.
#[derive(Clone, Copy)]
pub enum Slot {
    /// One value of this kind; `true` when it may be a `$ref`.
    One(Kind, bool),
    /// A map from names to values.
    Map(Kind, bool),
    /// A list of values.
    List(Kind, bool),
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn slot(kind: Kind, key: &str) -> Option<Slot> {
    use Kind::*;
    use Slot::*;
    Some(match (kind, key) {
        (Root, "paths") => One(Paths, false),
        (Root, "components") => One(Components, false),
        (Paths, path) if path.starts_with('/') => One(PathItem, true),
        (Components, "schemas") => Map(Schema, true),
        (Components, "responses") => Map(Response, true),
        (Components, "parameters") => Map(Parameter, true),
        (Components, "examples") => Map(Example, true),
        (Components, "requestBodies") => Map(RequestBody, true),
        (Components, "headers") => Map(Header, true),
        (Components, "securitySchemes") => Map(SecurityScheme, true),
        (Components, "links") => Map(Link, true),
        (Components, "callbacks") => Map(Callback, true),
        (PathItem | Operation, "parameters") => List(Parameter, true),
        (PathItem, method) if METHODS.contains(&method) => One(Operation, false),
        (Operation, "requestBody") => One(RequestBody, true),
        (Operation, "responses") => One(Responses, false),
        (Operation, "callbacks") => Map(Callback, false),
        (Responses, code) if is_response_key(code) => One(Response, true),
        (Callback, _) => One(PathItem, false),
        (Parameter | Header | MediaType, "schema") => One(Schema, true),
        (Parameter | Header | MediaType, "examples") => Map(Example, true),
        (Parameter | Header | RequestBody | Response, "content") => Map(MediaType, false),
        (MediaType, "encoding") => Map(Encoding, false),
        (Encoding | Response, "headers") => Map(Header, true),
        (Response, "links") => Map(Link, true),
        (Schema, "properties") => Map(Schema, true),
        (Schema, "items" | "not" | "additionalProperties") => One(Schema, true),
        (Schema, "allOf" | "oneOf" | "anyOf") => List(Schema, true),
        _ => return None,
    })
}

/// `default` or what `openapiv3` reads as a status code (`200`, `2XX`);
/// other keys of `responses` are ignored by it, and so here.
fn is_response_key(key: &str) -> bool {
    key == "default"
        || serde_yaml::from_value::<openapiv3::StatusCode>(Value::String(key.to_string())).is_ok()
}

/// An object to be parsed alone.
struct Unit<'a> {
    kind: Kind,
    pointer: String,
    node: &'a Value,
}

/// Parses every object of `document` alone; returns one error per object
/// that does not parse, sorted by pointer.
pub fn check(document: &Value) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut pending = vec![Unit {
        kind: Kind::Root,
        pointer: String::new(),
        node: document,
    }];
    while let Some(unit) = pending.pop() {
        if is_reference(unit.node) {
            continue;
        }
        let stubbed = strip(unit.kind, unit.node, &unit.pointer, &mut pending);
        if let Err(error) = parse_alone(unit.kind, stubbed) {
            errors.push(Diagnostic::error(
                format!("not a valid OpenAPI 3.0 document: {}", error.message),
                format!("{}{}", unit.pointer, error.pointer),
            ));
        }
    }
    errors.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    errors
}

/// What the loader needs to know of a document before its typed parse.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Pointers of the schema objects with an `enum` or a `default`, sorted.
    pub schemas_with_values: Vec<String>,
    /// The cost of parsing the whole document once, in bytes of text,
    /// roughly (its strings, plus 8 per node).
    pub parse_cost: u64,
    /// The most a typed parse of the whole document could cost if one
    /// object in it were malformed, wherever it is (see [`Costs`]).
    pub failed_parse_cost: u64,
}

impl Survey {
    /// How many times a whole parse a failed typed parse could cost.
    pub fn failure_factor(&self) -> f64 {
        self.failed_parse_cost as f64 / self.parse_cost.max(1) as f64
    }
}

/// What parsing a part of a document costs `openapiv3`: when it succeeds,
/// and at most when something in it is malformed. A parse stops at the
/// first error, but every object in a `$ref` position (`ReferenceOr`) that
/// holds the error is parsed twice (once more to word the error), and so
/// is everything parsed before the error inside it. An error nested in `n`
/// such objects therefore costs up to `2^n` parses of what precedes it.
#[derive(Clone, Copy)]
struct Costs {
    success: u64,
    failure: u64,
}

/// Walks `document` as [`check`] does, without parsing anything.
pub fn survey(document: &Value) -> Survey {
    let mut schemas_with_values = Vec::new();
    let costs = survey_node(Kind::Root, document, "", false, &mut schemas_with_values);
    schemas_with_values.sort();
    Survey {
        schemas_with_values,
        parse_cost: costs.success,
        failed_parse_cost: costs.failure,
    }
}

/// The costs of `node` (of kind `kind`; `retried` when it is an object in
/// a `$ref` position), noting its schemas with values on the way. Recursive:
/// documents are at most [`crate::load::MAX_DEPTH`] levels deep.
fn survey_node(
    kind: Kind,
    node: &Value,
    pointer: &str,
    retried: bool,
    schemas_with_values: &mut Vec<String>,
) -> Costs {
    if kind == Kind::Schema && super::validate::has_values(node) {
        schemas_with_values.push(pointer.to_string());
    }
    let mut success = own_cost(kind, node);
    // The most a malformed object among the children adds to their cost.
    let mut worst_failure = 0u64;
    for_each_slot_value(kind, node, pointer, |kind, by_ref, child, pointer| {
        let costs = if by_ref && is_reference(child) {
            let cost = cost(child);
            Costs {
                success: cost,
                failure: cost,
            }
        } else {
            let retried = by_ref && child.is_mapping();
            survey_node(kind, child, &pointer, retried, schemas_with_values)
        };
        success = success.saturating_add(costs.success);
        worst_failure = worst_failure.max(costs.failure.saturating_sub(costs.success));
    });
    let failure = success.saturating_add(worst_failure);
    Costs {
        success,
        failure: if retried {
            failure.saturating_mul(2)
        } else {
            failure
        },
    }
}

/// The cost of parsing `node` (of kind `kind`) without the values in its
/// slots, which are costed where they are visited.
fn own_cost(kind: Kind, node: &Value) -> u64 {
    let Value::Mapping(mapping) = node else {
        return cost(node);
    };
    let entries = mapping.iter().map(|(key, value)| {
        let in_slot = key.as_str().and_then(|key| slot(kind, key)).is_some();
        cost(key) + if in_slot { 0 } else { cost(value) }
    });
    8 + entries.sum::<u64>()
}

/// The cost of parsing `value`: its strings, plus 8 per node.
fn cost(value: &Value) -> u64 {
    8 + match value {
        Value::String(text) => text.len() as u64,
        Value::Sequence(items) => items.iter().map(cost).sum(),
        Value::Mapping(mapping) => mapping.iter().map(|(k, v)| cost(k) + cost(v)).sum(),
        Value::Tagged(tagged) => cost(&tagged.value),
        Value::Null | Value::Bool(_) | Value::Number(_) => 0,
    }
}

/// Calls `each` with every value in a slot of `node` (of kind `kind`): its
/// kind, whether it may be a `$ref`, the value and its pointer.
fn for_each_slot_value<'a>(
    kind: Kind,
    node: &'a Value,
    pointer: &str,
    mut each: impl FnMut(Kind, bool, &'a Value, String),
) {
    let Value::Mapping(mapping) = node else {
        return;
    };
    for (key, value) in mapping {
        let key_text = key.as_str().unwrap_or_default();
        let Some(slot) = slot(kind, key_text) else {
            continue;
        };
        let child_pointer = push_pointer(pointer, key_text);
        match (slot, value) {
            (Slot::One(kind, by_ref), _) => each(kind, by_ref, value, child_pointer),
            (Slot::Map(kind, by_ref), Value::Mapping(entries)) => {
                for (name, entry) in entries {
                    let entry_pointer =
                        push_pointer(&child_pointer, name.as_str().unwrap_or_default());
                    each(kind, by_ref, entry, entry_pointer);
                }
            }
            (Slot::List(kind, by_ref), Value::Sequence(items)) => {
                for (i, item) in items.iter().enumerate() {
                    each(
                        kind,
                        by_ref,
                        item,
                        push_pointer(&child_pointer, &i.to_string()),
                    );
                }
            }
            _ => {}
        }
    }
}

/// `{$ref: "..."}`: `openapiv3` reads it as a reference and ignores the
/// rest of the object.
fn is_reference(node: &Value) -> bool {
    matches!(node.get("$ref"), Some(Value::String(_)))
}

/// A copy of `node` (of kind `kind`) in which every object in a `$ref`
/// position is replaced by a stub reference and queued as a unit.
fn strip<'a>(kind: Kind, node: &'a Value, pointer: &str, pending: &mut Vec<Unit<'a>>) -> Value {
    let Value::Mapping(mapping) = node else {
        return node.clone();
    };
    let mut copy = Mapping::with_capacity(mapping.len());
    for (key, value) in mapping {
        let key_text = key.as_str().unwrap_or_default();
        let child_pointer = push_pointer(pointer, key_text);
        let stripped = match slot(kind, key_text) {
            None => value.clone(),
            Some(Slot::One(kind, by_ref)) => place(kind, by_ref, value, child_pointer, pending),
            Some(Slot::Map(kind, by_ref)) => match value {
                Value::Mapping(entries) => Value::Mapping(
                    entries
                        .iter()
                        .map(|(name, entry)| {
                            let entry_pointer =
                                push_pointer(&child_pointer, name.as_str().unwrap_or_default());
                            let placed = place(kind, by_ref, entry, entry_pointer, pending);
                            (name.clone(), placed)
                        })
                        .collect(),
                ),
                other => other.clone(),
            },
            Some(Slot::List(kind, by_ref)) => match value {
                Value::Sequence(items) => Value::Sequence(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let item_pointer = push_pointer(&child_pointer, &i.to_string());
                            place(kind, by_ref, item, item_pointer, pending)
                        })
                        .collect(),
                ),
                other => other.clone(),
            },
        };
        copy.insert(key.clone(), stripped);
    }
    Value::Mapping(copy)
}

/// A value in a slot: an object in a `$ref` position becomes a unit of its
/// own (and a stub here); anything else is copied, with its own slots
/// stripped.
fn place<'a>(
    kind: Kind,
    by_ref: bool,
    value: &'a Value,
    pointer: String,
    pending: &mut Vec<Unit<'a>>,
) -> Value {
    if by_ref && value.is_mapping() {
        pending.push(Unit {
            kind,
            pointer,
            node: value,
        });
        stub()
    } else {
        strip(kind, value, &pointer, pending)
    }
}

fn stub() -> Value {
    let mut mapping = Mapping::new();
    mapping.insert("$ref".into(), "#/stub".into());
    Value::Mapping(mapping)
}

/// A parse failure: its message and where in the parsed value.
pub struct ParseError {
    pub message: String,
    /// Relative to the value parsed.
    pub pointer: String,
}

/// Parses `value` as the type `openapiv3` has for `kind`. Nearly every
/// object is valid, so it is first parsed whole by reference, which is
/// cheap; only when that fails is it parsed again to word the error.
fn parse_alone(kind: Kind, value: Value) -> Result<(), ParseError> {
    if parses(kind, &value) {
        Ok(())
    } else {
        explain(kind, value)
    }
}

/// Whether `value` parses as the type `openapiv3` has for `kind`.
fn parses(kind: Kind, value: &Value) -> bool {
    use openapiv3 as o;
    fn ok<T: DeserializeOwned>(value: &Value) -> bool {
        T::deserialize(value).is_ok()
    }
    match kind {
        Kind::Root => ok::<o::OpenAPI>(value),
        Kind::Schema => ok::<o::Schema>(value),
        Kind::Parameter => ok::<o::Parameter>(value),
        Kind::PathItem => ok::<o::PathItem>(value),
        Kind::Callback => ok::<o::Callback>(value),
        Kind::Header => ok::<o::Header>(value),
        Kind::RequestBody => ok::<o::RequestBody>(value),
        Kind::Response => ok::<o::Response>(value),
        Kind::Example => ok::<o::Example>(value),
        Kind::Link => ok::<o::Link>(value),
        Kind::SecurityScheme => ok::<o::SecurityScheme>(value),
        Kind::Paths
        | Kind::Components
        | Kind::Operation
        | Kind::Responses
        | Kind::MediaType
        | Kind::Encoding => true,
    }
}

/// Why `value` does not parse as the type `openapiv3` has for `kind`. Parts
/// of a type are tried first where the whole hides where an error is
/// (`flatten` loses the path): a schema's data and kind, a parameter's data.
/// (A schema or parameter that parses whole has parts that parse too.)
fn explain(kind: Kind, value: Value) -> Result<(), ParseError> {
    use openapiv3 as o;
    match kind {
        Kind::Root => parse::<o::OpenAPI>(value),
        Kind::Schema => parse::<o::SchemaData>(value.clone())
            .and_then(|()| parse::<o::SchemaKind>(value.clone()))
            .and_then(|()| parse::<o::Schema>(value)),
        Kind::Parameter => {
            parse::<o::ParameterData>(value.clone()).and_then(|()| parse::<o::Parameter>(value))
        }
        Kind::PathItem => parse::<o::PathItem>(value),
        Kind::Callback => parse::<o::Callback>(value),
        Kind::Header => parse::<o::Header>(value),
        Kind::RequestBody => parse::<o::RequestBody>(value),
        Kind::Response => parse::<o::Response>(value),
        Kind::Example => parse::<o::Example>(value),
        Kind::Link => parse::<o::Link>(value),
        Kind::SecurityScheme => parse::<o::SecurityScheme>(value),
        // Parsed as part of the object that holds them.
        Kind::Paths
        | Kind::Components
        | Kind::Operation
        | Kind::Responses
        | Kind::MediaType
        | Kind::Encoding => Ok(()),
    }
}

fn parse<T: DeserializeOwned>(value: Value) -> Result<(), ParseError> {
    parse_value::<T>(value).map(drop)
}

/// Deserializes a value, keeping the path to a failure.
pub fn parse_value<T: DeserializeOwned>(value: Value) -> Result<T, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|e| ParseError {
        pointer: path_to_pointer(e.path()),
        message: e.into_inner().to_string(),
    })
}

pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(String::new(), |pointer, segment| match segment {
            Segment::Seq { index } => push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => push_pointer(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<(String, String)> {
        let document: Value = serde_yaml::from_str(yaml).unwrap();
        check(&document)
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_valid_spec_has_no_errors_and_lists_its_schemas_with_values() {
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q, in: query, schema: {{type: string, default: x}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: array, items: {{type: integer, enum: [1]}}}}}}}}\n"
        );
        let document: Value = serde_yaml::from_str(&yaml).unwrap();
        let errors = check(&document);
        let schemas = survey(&document).schemas_with_values;
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            schemas,
            vec![
                "/components/schemas/A/properties/b/items",
                "/paths/~1a/get/parameters/0/schema",
            ]
        );
    }

    #[test]
    fn every_bad_object_is_reported_with_its_pointer() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{nullable: 5}}}}}}\n    C: {{type: array, items: {{minItems: x}}}}\n"
        );
        let found = errors(&yaml);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "/components/schemas/A/properties/b/nullable");
        assert!(found[0].1.contains("expected a boolean"), "{found:?}");
        assert_eq!(found[1].0, "/components/schemas/C/items/minItems");
    }

    #[test]
    fn deep_failures_take_linear_time() {
        // 40 nested schemas with a bad leaf: 2^40 parses for `openapiv3`
        // alone; one per schema here.
        let depth = 40;
        let json = format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"A":{}{{"nullable":5}}{}}}}}}}"#,
            r#"{"type":"object","properties":{"a":"#.repeat(depth),
            "}}".repeat(depth)
        );
        let started = std::time::Instant::now();
        let found = errors(&json);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.ends_with("/a/nullable"), "{found:?}");
        assert!(started.elapsed().as_secs() < 10);
    }

    /// `depth` schemas nested in one another by `properties`, each with
    /// the given keys besides, over `leaf`; as schema `A` beside `others`.
    fn nested_schemas(depth: usize, keys: &str, leaf: &str, others: &str) -> Value {
        let open = format!(r#"{{{keys}"properties":{{"a":"#);
        let json = format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{{others}"A":{}{leaf}{}}}}}}}"#,
            open.repeat(depth),
            "}}".repeat(depth)
        );
        serde_json::from_str(&json).unwrap()
    }

    fn about(factor: f64, expected: f64) -> bool {
        (factor / expected - 1.0).abs() < 0.01
    }

    #[test]
    fn a_failed_parse_costs_twice_as_much_per_ref_position_around_the_error() {
        // The leaf holds nearly all the text. It and every schema around it
        // is an object in a `$ref` position, which `openapiv3` parses once
        // more when something in it fails.
        let bulk = format!(r#"{{"description":"{}"}}"#, "x".repeat(100_000));
        let factor = |depth, keys| survey(&nested_schemas(depth, keys, &bulk, "")).failure_factor();
        assert!(about(factor(0, ""), 2.0), "{}", factor(0, ""));
        assert!(about(factor(1, ""), 4.0), "{}", factor(1, ""));
        assert!(about(factor(5, ""), 64.0), "{}", factor(5, ""));
        // What else the schemas hold does not matter.
        let typed = r#""type":"object","oneOf":[{"type":"string"}],"#;
        assert!(about(factor(5, typed), 64.0), "{}", factor(5, typed));
    }

    #[test]
    fn a_failed_parse_retries_only_what_holds_the_error() {
        // A large flat schema beside a deep chain with a small leaf: an error
        // in the large one makes it parsed twice; one at the bottom of the
        // chain repeats only the chain. Neither multiplies the other.
        let large = format!(r#""Large":{{"description":"{}"}},"#, "x".repeat(100_000));
        let chain = survey(&nested_schemas(5, "", r#"{"type":"string"}"#, &large));
        let factor = chain.failure_factor();
        assert!((1.9..2.2).contains(&factor), "{chain:?}");
    }

    #[test]
    fn a_failed_parse_of_many_small_schemas_costs_about_one_parse() {
        let schemas: Vec<String> = (0..200)
            .map(|i| {
                format!(
                    "    S{i}: {{type: string, description: {}}}\n",
                    "y".repeat(500)
                )
            })
            .collect();
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  schemas:\n{}    R: {{$ref: '#/components/schemas/S0'}}\n",
            schemas.concat()
        );
        let document: Value = serde_yaml::from_str(&yaml).unwrap();
        let found = survey(&document);
        assert!(found.failure_factor() < 1.01, "{found:?}");
        assert!(found.parse_cost > 100_000, "{found:?}");
    }

    #[test]
    fn references_are_not_looked_into() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B', nullable: 5}}\n    B: {{type: string}}\n"
        );
        assert!(errors(&yaml).is_empty());
    }
}
