//! The one place where the IR follows `$ref`s through the typed document.
//!
//! A reference is a JSON pointer into the document (multi-file specs were
//! bundled into one by the loader), and it may point anywhere a pointer
//! can reach: a component (`#/components/schemas/Pet`), the inside of a
//! schema (`#/components/schemas/Template/allOf/1/properties/owner`), or
//! another operation's response (`#/paths/~1users/get/responses/200`).
//! A `$ref` met on the way is followed, and so are chains of references,
//! up to [`MAX_REF_HOPS`] and never round a cycle.

use crate::pointer::{index_token, push_pointer, RefTarget, MAX_REF_HOPS};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    SchemaKind, Type,
};

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// Nothing at the pointer: `parent` exists, but has no `token`.
    Dangling { parent: String, token: String },
    /// The pointer leads to something other than what the `$ref` stands for.
    WrongKind {
        pointer: String,
        expected: &'static str,
    },
    /// A reference to another document that the loader did not bundle (a
    /// remote URL).
    NotLocal,
    /// References that lead back to themselves without reaching anything.
    Cycle,
    /// A chain longer than [`MAX_REF_HOPS`].
    TooLong,
}

impl RefError {
    /// What is wrong, for a diagnostic about `$ref: reference`.
    pub fn describe(&self, reference: &str) -> String {
        match self {
            RefError::Dangling { parent, token } => {
                let what = match parent.as_str() {
                    "/components/schemas" => "schema",
                    "/components/parameters" => "parameter",
                    "/components/responses" => "response",
                    "/components/requestBodies" => "request body",
                    "/components/headers" => "header",
                    _ => "entry",
                };
                format!(
                    "dangling `$ref: {reference}`: there is no {what} `{token}` under `#{parent}`"
                )
            }
            RefError::WrongKind { pointer, expected } => {
                format!("`$ref: {reference}` points at `#{pointer}`, which is not {expected}")
            }
            RefError::NotLocal => {
                format!(
                    "`$ref: {reference}` is not a reference into this document or a file beside it"
                )
            }
            RefError::Cycle => {
                format!("`$ref: {reference}` leads back to itself without reaching anything")
            }
            RefError::TooLong => {
                format!("`$ref: {reference}` starts a chain of more than {MAX_REF_HOPS} references")
            }
        }
    }

    /// A dangling pointer is a mistake in the spec that its user often
    /// cannot fix (a published vendor spec); the rest cannot be meant.
    pub fn is_dangling(&self) -> bool {
        matches!(self, RefError::Dangling { .. } | RefError::WrongKind { .. })
    }
}

/// Where a schema `$ref` leads.
#[derive(Debug, Clone, Copy)]
pub enum SchemaTarget<'a> {
    /// A schema under `#/components/schemas`, by its key: a named type.
    Component(&'a str),
    /// A schema anywhere else, with its pointer.
    Inline(&'a Schema),
}

/// Follows `$ref`s in one document.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    spec: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a OpenAPI) -> Self {
        Self { spec }
    }

    /// The schema a schema `$ref` names, with its pointer. A component is
    /// returned as such, even when it is itself a `$ref` (it is a type of
    /// its own, an alias); any other `$ref` on the way is followed.
    pub fn schema(&self, reference: &str) -> Result<(SchemaTarget<'a>, String), RefError> {
        let mut trail = Trail::default();
        let mut current = reference;
        loop {
            let (slot, pointer) = self.locate(current, &mut trail)?;
            if let Some(key) = self.component_key(&pointer) {
                return Ok((SchemaTarget::Component(key), pointer));
            }
            match slot {
                Slot::Ref(next) => current = next,
                Slot::Node(Node::Schema(schema)) => {
                    return Ok((SchemaTarget::Inline(schema), pointer))
                }
                Slot::Node(_) => return Err(wrong_kind(pointer, "a schema")),
            }
        }
    }

    /// The schema object a `$ref` ends at, following every reference on the
    /// way (components that are references too), with its pointer.
    pub fn schema_item(&self, reference: &str) -> Result<(&'a Schema, String), RefError> {
        self.item(reference, "a schema", |node| match node {
            Node::Schema(schema) => Some(schema),
            _ => None,
        })
    }

    pub fn parameter(&self, reference: &str) -> Result<(&'a Parameter, String), RefError> {
        self.item(reference, "a parameter", |node| match node {
            Node::Parameter(parameter) => Some(parameter),
            _ => None,
        })
    }

    pub fn request_body(&self, reference: &str) -> Result<(&'a RequestBody, String), RefError> {
        self.item(reference, "a request body", |node| match node {
            Node::RequestBody(body) => Some(body),
            _ => None,
        })
    }

    pub fn response(&self, reference: &str) -> Result<(&'a Response, String), RefError> {
        self.item(reference, "a response", |node| match node {
            Node::Response(response) => Some(response),
            _ => None,
        })
    }

    /// The object a `$ref` ends at, as `extract` takes it from its node.
    fn item<T>(
        &self,
        reference: &str,
        expected: &'static str,
        extract: impl Fn(Node<'a>) -> Option<T>,
    ) -> Result<(T, String), RefError> {
        let mut trail = Trail::default();
        let (node, pointer) = self.follow(reference, &mut trail)?;
        match extract(node) {
            Some(item) => Ok((item, pointer)),
            None => Err(wrong_kind(pointer, expected)),
        }
    }

    /// The node a `$ref` ends at, following references to the end.
    fn follow(&self, reference: &str, trail: &mut Trail) -> Result<(Node<'a>, String), RefError> {
        let mut current = reference;
        loop {
            match self.locate(current, trail)? {
                (Slot::Ref(next), _) => current = next,
                (Slot::Node(node), pointer) => return Ok((node, pointer)),
            }
        }
    }

    /// Walks the pointer of one `$ref` from the document's root, following
    /// references met on the way; what stands at the end is not followed.
    fn locate(&self, reference: &str, trail: &mut Trail) -> Result<(Slot<'a>, String), RefError> {
        trail.visit(reference)?;
        let target = RefTarget::parse(reference);
        if !target.is_local() {
            return Err(RefError::NotLocal);
        }
        let mut slot = Slot::Node(Node::Document(self.spec));
        let mut pointer = String::new();
        for token in target.segments() {
            let node = match slot {
                Slot::Node(node) => node,
                Slot::Ref(next) => {
                    let (node, target_pointer) = self.follow(next, trail)?;
                    pointer = target_pointer;
                    node
                }
            };
            slot = node.child(&token).ok_or_else(|| RefError::Dangling {
                parent: pointer.clone(),
                token: token.clone(),
            })?;
            pointer = push_pointer(&pointer, &token);
        }
        Ok((slot, pointer))
    }

    /// The key of the component schema at `pointer`, if it is one.
    fn component_key(&self, pointer: &str) -> Option<&'a str> {
        let key = pointer.strip_prefix("/components/schemas/")?;
        if key.contains('/') {
            return None;
        }
        let key = crate::pointer::pointer_segments(&format!("/{key}")).pop()?;
        let schemas = &self.spec.components.as_ref()?.schemas;
        schemas.get_key_value(key.as_str()).map(|(k, _)| k.as_str())
    }
}

fn wrong_kind(pointer: String, expected: &'static str) -> RefError {
    RefError::WrongKind { pointer, expected }
}

/// The references one lookup has followed, to stop at cycles and at
/// chains too long to be meant.
#[derive(Default)]
struct Trail(Vec<String>);

impl Trail {
    fn visit(&mut self, reference: &str) -> Result<(), RefError> {
        if self.0.iter().any(|seen| seen == reference) {
            return Err(RefError::Cycle);
        }
        if self.0.len() >= MAX_REF_HOPS {
            return Err(RefError::TooLong);
        }
        self.0.push(reference.to_string());
        Ok(())
    }
}

/// What stands at a place in the document: an object, or a `$ref` to it.
#[derive(Clone, Copy)]
enum Slot<'a> {
    Node(Node<'a>),
    Ref(&'a str),
}

/// The objects of the typed document that a pointer can pass through.
#[derive(Clone, Copy)]
enum Node<'a> {
    Document(&'a OpenAPI),
    Components(&'a Components),
    Schemas(&'a IndexMap<String, ReferenceOr<Schema>>),
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    SchemaList(&'a [ReferenceOr<Schema>]),
    Schema(&'a Schema),
    Paths(&'a openapiv3::Paths),
    PathItem(&'a PathItem),
    Operation(&'a Operation),
    ParameterList(&'a [ReferenceOr<Parameter>]),
    Parameters(&'a IndexMap<String, ReferenceOr<Parameter>>),
    Parameter(&'a Parameter),
    RequestBodies(&'a IndexMap<String, ReferenceOr<RequestBody>>),
    RequestBody(&'a RequestBody),
    Responses(&'a Responses),
    ResponseMap(&'a IndexMap<String, ReferenceOr<Response>>),
    Response(&'a Response),
    Content(&'a IndexMap<String, MediaType>),
    MediaType(&'a MediaType),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    Header(&'a Header),
}

impl<'a> Node<'a> {
    /// What stands under `token`, if anything the IR can use.
    fn child(self, token: &str) -> Option<Slot<'a>> {
        let node = match self {
            Node::Document(spec) => match token {
                "components" => Node::Components(spec.components.as_ref()?),
                "paths" => Node::Paths(&spec.paths),
                _ => return None,
            },
            Node::Components(components) => components_child(components, token)?,
            Node::Schemas(map) => return map.get(token).map(slot),
            Node::Properties(map) => return map.get(token).map(slot),
            Node::SchemaList(list) => return list.get(index_token(token)?).map(slot),
            Node::Schema(schema) => return schema_child(schema, token),
            Node::Paths(paths) => return paths.paths.get(token).map(slot),
            Node::PathItem(item) => match token {
                "parameters" => Node::ParameterList(&item.parameters),
                method => Node::Operation(item.iter().find(|(m, _)| *m == method)?.1),
            },
            Node::Operation(operation) => match token {
                "parameters" => Node::ParameterList(&operation.parameters),
                "requestBody" => return operation.request_body.as_ref().map(slot),
                "responses" => Node::Responses(&operation.responses),
                _ => return None,
            },
            Node::ParameterList(list) => return list.get(index_token(token)?).map(slot),
            Node::Parameters(map) => return map.get(token).map(slot),
            Node::Parameter(parameter) => {
                return match (&parameter.parameter_data_ref().format, token) {
                    (ParameterSchemaOrContent::Schema(schema), "schema") => Some(slot(schema)),
                    (ParameterSchemaOrContent::Content(content), "content") => {
                        Some(Slot::Node(Node::Content(content)))
                    }
                    _ => None,
                }
            }
            Node::RequestBodies(map) => return map.get(token).map(slot),
            Node::RequestBody(body) => match token {
                "content" => Node::Content(&body.content),
                _ => return None,
            },
            Node::Responses(responses) => {
                return match token {
                    "default" => responses.default.as_ref().map(slot),
                    code => responses
                        .responses
                        .iter()
                        .find(|(status, _)| status.to_string() == code)
                        .map(|(_, response)| slot(response)),
                }
            }
            Node::ResponseMap(map) => return map.get(token).map(slot),
            Node::Response(response) => match token {
                "content" => Node::Content(&response.content),
                "headers" => Node::Headers(&response.headers),
                _ => return None,
            },
            Node::Content(content) => Node::MediaType(content.get(token)?),
            Node::MediaType(media) => match token {
                "schema" => return media.schema.as_ref().map(slot),
                _ => return None,
            },
            Node::Headers(map) => return map.get(token).map(slot),
            Node::Header(header) => match (&header.format, token) {
                (ParameterSchemaOrContent::Schema(schema), "schema") => return Some(slot(schema)),
                (ParameterSchemaOrContent::Content(content), "content") => Node::Content(content),
                _ => return None,
            },
        };
        Some(Slot::Node(node))
    }
}

fn components_child<'a>(components: &'a Components, token: &str) -> Option<Node<'a>> {
    Some(match token {
        "schemas" => Node::Schemas(&components.schemas),
        "parameters" => Node::Parameters(&components.parameters),
        "requestBodies" => Node::RequestBodies(&components.request_bodies),
        "responses" => Node::ResponseMap(&components.responses),
        "headers" => Node::Headers(&components.headers),
        _ => return None,
    })
}

/// The schemas inside a schema: its properties, items, members and the
/// schema of its additional properties.
fn schema_child<'a>(schema: &'a Schema, token: &str) -> Option<Slot<'a>> {
    let node = match (&schema.schema_kind, token) {
        (SchemaKind::Type(Type::Object(object)), "properties") => {
            Node::Properties(&object.properties)
        }
        (SchemaKind::Any(any), "properties") => Node::Properties(&any.properties),
        (SchemaKind::Type(Type::Array(array)), "items") => return array.items.as_ref().map(slot),
        (SchemaKind::Any(any), "items") => return any.items.as_ref().map(slot),
        (SchemaKind::Type(Type::Object(object)), "additionalProperties") => {
            return additional_schema(object.additional_properties.as_ref()?)
        }
        (SchemaKind::Any(any), "additionalProperties") => {
            return additional_schema(any.additional_properties.as_ref()?)
        }
        (SchemaKind::AllOf { all_of: list }, "allOf")
        | (SchemaKind::OneOf { one_of: list }, "oneOf")
        | (SchemaKind::AnyOf { any_of: list }, "anyOf") => Node::SchemaList(list),
        (SchemaKind::Any(any), "allOf") => Node::SchemaList(&any.all_of),
        (SchemaKind::Any(any), "oneOf") => Node::SchemaList(&any.one_of),
        (SchemaKind::Any(any), "anyOf") => Node::SchemaList(&any.any_of),
        (SchemaKind::Not { not }, "not") => return Some(slot(not)),
        (SchemaKind::Any(any), "not") => return any.not.as_deref().map(slot),
        _ => return None,
    };
    Some(Slot::Node(node))
}

fn additional_schema(additional: &AdditionalProperties) -> Option<Slot<'_>> {
    match additional {
        AdditionalProperties::Schema(schema) => Some(slot(schema)),
        AdditionalProperties::Any(_) => None,
    }
}

/// A `$ref`-or-object position as a [`Slot`].
fn slot<'a, T: AsNode>(value: &'a ReferenceOr<T>) -> Slot<'a> {
    match value {
        ReferenceOr::Reference { reference } => Slot::Ref(reference),
        ReferenceOr::Item(item) => Slot::Node(item.as_node()),
    }
}

/// The objects that stand in `$ref`-or-object positions.
trait AsNode {
    fn as_node(&self) -> Node<'_>;
}

impl AsNode for Schema {
    fn as_node(&self) -> Node<'_> {
        Node::Schema(self)
    }
}

impl AsNode for Box<Schema> {
    fn as_node(&self) -> Node<'_> {
        Node::Schema(self)
    }
}

impl AsNode for PathItem {
    fn as_node(&self) -> Node<'_> {
        Node::PathItem(self)
    }
}

impl AsNode for Parameter {
    fn as_node(&self) -> Node<'_> {
        Node::Parameter(self)
    }
}

impl AsNode for RequestBody {
    fn as_node(&self) -> Node<'_> {
        Node::RequestBody(self)
    }
}

impl AsNode for Response {
    fn as_node(&self) -> Node<'_> {
        Node::Response(self)
    }
}

impl AsNode for Header {
    fn as_node(&self) -> Node<'_> {
        Node::Header(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> OpenAPI {
        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
        serde_yaml::from_str(&format!("{head}{yaml}")).unwrap()
    }

    const SPEC: &str = r##"
paths:
  /users/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Template/allOf/1/properties/owner'}
components:
  schemas:
    Template:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - type: object
          properties:
            owner:
              oneOf: [{type: string}, {$ref: '#/components/schemas/Base'}]
    Base: {type: object, properties: {id: {type: string}}}
    Alias: {$ref: '#/components/schemas/Base'}
    Up/load: {type: object, properties: {file: {type: string, format: binary}}}
    Loop1: {$ref: '#/components/schemas/Loop2/properties/x'}
    Loop2: {type: object, properties: {x: {$ref: '#/components/schemas/Loop1'}}}
  parameters:
    Id: {$ref: '#/paths/~1users~1%7Bid%7D/get/parameters/0'}
"##;

    #[test]
    fn pointers_reach_inside_schemas_and_operations() {
        let spec = spec(SPEC);
        let resolver = Resolver::new(&spec);
        let (target, pointer) = resolver
            .schema("#/components/schemas/Template/allOf/1/properties/owner/oneOf/0")
            .unwrap();
        assert!(matches!(target, SchemaTarget::Inline(_)));
        assert_eq!(
            pointer,
            "/components/schemas/Template/allOf/1/properties/owner/oneOf/0"
        );
        let (parameter, pointer) = resolver.parameter("#/components/parameters/Id").unwrap();
        assert_eq!(parameter.parameter_data_ref().name, "id");
        assert_eq!(pointer, "/paths/~1users~1{id}/get/parameters/0");
        let (_, pointer) = resolver
            .response("#/paths/~1users~1{id}/get/responses/200")
            .unwrap();
        assert_eq!(pointer, "/paths/~1users~1{id}/get/responses/200");
    }

    #[test]
    fn components_stay_named_and_escapes_are_decoded() {
        let spec = spec(SPEC);
        let resolver = Resolver::new(&spec);
        let (target, _) = resolver.schema("#/components/schemas/Alias").unwrap();
        assert!(matches!(target, SchemaTarget::Component("Alias")));
        let (target, _) = resolver.schema("#/components/schemas/Up~1load").unwrap();
        assert!(matches!(target, SchemaTarget::Component("Up/load")));
        let (_, pointer) = resolver.schema_item("#/components/schemas/Alias").unwrap();
        assert_eq!(pointer, "/components/schemas/Base");
        // A pointer through a component that is itself a reference.
        let (_, pointer) = resolver
            .schema_item("#/components/schemas/Alias/properties/id")
            .unwrap();
        assert_eq!(pointer, "/components/schemas/Base/properties/id");
    }

    #[test]
    fn dangling_cycles_and_wrong_kinds_are_told_apart() {
        let spec = spec(SPEC);
        let resolver = Resolver::new(&spec);
        let missing = resolver.schema("#/components/schemas/Missing").unwrap_err();
        assert_eq!(
            missing.describe("#/components/schemas/Missing"),
            "dangling `$ref: #/components/schemas/Missing`: there is no schema `Missing` under `#/components/schemas`"
        );
        let inside = resolver
            .schema("#/components/schemas/Base/properties/name")
            .unwrap_err();
        assert_eq!(
            inside,
            RefError::Dangling {
                parent: "/components/schemas/Base/properties".into(),
                token: "name".into()
            }
        );
        assert_eq!(
            resolver
                .schema_item("#/components/schemas/Loop1")
                .unwrap_err(),
            RefError::Cycle
        );
        assert!(matches!(
            resolver.parameter("#/components/schemas/Base").unwrap_err(),
            RefError::WrongKind { .. }
        ));
        assert_eq!(
            resolver.schema("https://example.com/s.json").unwrap_err(),
            RefError::NotLocal
        );
    }
}
