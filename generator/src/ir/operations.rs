//! Paths → operations: one client method per operation, with its path
//! template split into literal text and parameters, its query parameters
//! gathered into a struct, and its JSON request and response bodies typed.

use super::api_keys::ApiKeys;
use super::reserved::CLIENT_METHODS;
use super::resolve::Resolver;
use super::schemas::Converter;
use super::{
    AuthScheme, BodyKind, Field, HeaderParams, Operation, PathParam, PathSegment, QueryParams,
    QueryStyle, RequestBody, ResponseBody, ResponsesDef, StatusMatch, StatusVariant, StructDef,
    TypeKind, TypeRef,
};
use crate::naming::{type_name, value_name, Namespace};
use crate::pointer::push_pointer;
use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr,
    Response, Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::HashMap;

/// The operations, and the namespace of client method names (for the
/// methods derived from operations later: pagination, client parameters).
pub fn build<'a>(
    spec: &'a OpenAPI,
    options: &crate::Options,
    schemas: &mut Converter<'a>,
    api_keys: &mut ApiKeys,
) -> (Vec<Operation>, Namespace) {
    let mut method_names = Namespace::new();
    for name in CLIENT_METHODS {
        method_names.reserve(name);
    }
    let mut operation_ids: HashMap<&str, String> = HashMap::new();
    let mut operations = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item_pointer = push_pointer("/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                schemas.diagnostics.warn(
                    format!("path item `$ref: {reference}` is not supported yet; its operations are left out"),
                    &item_pointer,
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let pointer = push_pointer(&item_pointer, method);
            if let Some(id) = &op.operation_id {
                if let Some(first) = operation_ids.insert(id, pointer.clone()) {
                    schemas.diagnostics.quality(
                        format!("duplicate operationId `{id}`: already used at #{first}"),
                        "this operation's method gets a numeric suffix",
                        &push_pointer(&pointer, "operationId"),
                    );
                }
            }
            if !options.includes_operation(op.operation_id.as_deref(), &op.tags) {
                continue;
            }
            let context = OperationContext {
                spec,
                resolver: Resolver::new(spec),
                path,
                method,
                item,
                op,
                pointer,
            };
            if let Some(operation) = context.build(schemas, &mut method_names, api_keys) {
                operations.push(operation);
            }
        }
    }
    (operations, method_names)
}

struct OperationContext<'a> {
    spec: &'a OpenAPI,
    resolver: Resolver<'a>,
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    pointer: String,
}

/// A parameter with the pointer it was declared at.
struct Declared<'a> {
    data: &'a ParameterData,
    kind: &'static str,
    /// How a query parameter is serialized (`FormExploded` for the others).
    style: QueryStyle,
    pointer: String,
}

/// A property of a multipart form's schema.
struct Property<'a> {
    wire_name: &'a String,
    schema: &'a ReferenceOr<Box<Schema>>,
    required: bool,
    pointer: String,
}

/// Headers OpenAPI says a parameter may not set ("SHALL be ignored"): the
/// client sets them from the body, the responses and the security scheme.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl<'a> OperationContext<'a> {
    /// `POST /files`, as docs name the operation.
    fn endpoint(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }

    fn build(
        &self,
        schemas: &mut Converter<'a>,
        method_names: &mut Namespace,
        api_keys: &mut ApiKeys,
    ) -> Option<Operation> {
        let raw_name = match &self.op.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method, self.path),
        };
        let name = method_names.claim(&value_name(&raw_name));
        let type_prefix = type_name(&raw_name);
        let params = self.parameters(schemas);
        let mut arg_names = Namespace::new();
        let (segments, path_params) = self.path_params(&params, &mut arg_names, schemas)?;
        let query = self.query_params(&params, &type_prefix, &mut arg_names, schemas);
        let headers = self.header_params(&params, &type_prefix, &mut arg_names, schemas);
        let body = self.request_body(&type_prefix, &mut arg_names, schemas);
        let (response, accept) = self.response(&type_prefix, schemas);
        let error_response = self.error_response(&type_prefix, schemas);
        let (auth, keys) = self.auth(api_keys, schemas);
        Some(Operation {
            name,
            method: self.method.to_ascii_uppercase(),
            path: self.path.to_string(),
            segments,
            doc: operation_doc(self.op),
            deprecated: self.op.deprecated,
            path_params,
            query,
            headers,
            body,
            response,
            accept,
            error_response,
            auth,
            api_keys: keys,
            pagination: None,
            pointer: self.pointer.clone(),
        })
    }

    /// Path-item parameters overridden by operation parameters of the same
    /// name and location, in declaration order.
    fn parameters(&self, schemas: &mut Converter<'a>) -> Vec<Declared<'a>> {
        let item_pointer = push_pointer("/paths", self.path);
        let sources = [
            (
                &self.item.parameters,
                push_pointer(&item_pointer, "parameters"),
            ),
            (
                &self.op.parameters,
                push_pointer(&self.pointer, "parameters"),
            ),
        ];
        let mut declared: Vec<Declared<'a>> = Vec::new();
        for (list, list_pointer) in sources {
            for (i, param) in list.iter().enumerate() {
                let pointer = push_pointer(&list_pointer, &i.to_string());
                let Some(parameter) = self.resolve_parameter(param, &pointer, schemas) else {
                    continue;
                };
                let (data, kind, style) = parameter_parts(parameter);
                declared.retain(|d| !(d.data.name == data.name && d.kind == kind));
                declared.push(Declared {
                    data,
                    kind,
                    style,
                    pointer,
                });
            }
        }
        declared
    }

    /// The parameter itself, following `$ref`s; one that cannot be
    /// followed is reported and left out.
    fn resolve_parameter(
        &self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<&'a Parameter> {
        match param {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => match self.resolver.parameter(reference) {
                Ok((parameter, _)) => Some(parameter),
                Err(error) => {
                    let fallback = "the parameter is left out";
                    schemas
                        .diagnostics
                        .ref_problem(reference, &error, fallback, pointer);
                    None
                }
            },
        }
    }

    fn param_type(&self, param: &Declared, hint: &str, schemas: &mut Converter<'a>) -> TypeRef {
        match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                schemas.type_of(schema, &push_pointer(&param.pointer, "schema"), hint)
            }
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        }
    }

    /// Splits the template into literal text and parameters, checking that
    /// template and declarations agree.
    fn path_params(
        &self,
        params: &[Declared],
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<(Vec<PathSegment>, Vec<PathParam>)> {
        let declared: Vec<&Declared> = params.iter().filter(|p| p.kind == "path").collect();
        let mut segments = Vec::new();
        let mut path_params = Vec::new();
        let mut rest = self.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_string()));
            }
            let wire_name = &rest[open + 1..close];
            match declared.iter().find(|p| p.data.name == wire_name) {
                Some(param) => {
                    let ty = self.param_type(param, &type_name(wire_name), schemas);
                    segments.push(PathSegment::Param(path_params.len()));
                    path_params.push(PathParam {
                        arg_name: arg_names.claim(&value_name(wire_name)),
                        wire_name: wire_name.to_string(),
                        ty,
                        doc: param.data.description.clone(),
                        deprecated: param.data.deprecated == Some(true),
                        client_param: None,
                    });
                }
                None => {
                    schemas.diagnostics.quality(
                        format!("path template parameter `{{{wire_name}}}` has no declaration with `in: path`"),
                        "it is taken as a required string",
                        &self.pointer,
                    );
                    segments.push(PathSegment::Param(path_params.len()));
                    path_params.push(PathParam {
                        arg_name: arg_names.claim(&value_name(wire_name)),
                        wire_name: wire_name.to_string(),
                        ty: TypeRef::String,
                        doc: None,
                        deprecated: false,
                        client_param: None,
                    });
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_string()));
        }
        for param in &declared {
            if !path_params.iter().any(|p| p.wire_name == param.data.name) {
                schemas.diagnostics.quality(
                    format!(
                        "path parameter `{}` is declared but `{}` has no `{{{}}}` in its template",
                        param.data.name, self.path, param.data.name
                    ),
                    "it is left out",
                    &param.pointer,
                );
            }
        }
        Some((segments, path_params))
    }

    fn query_params(
        &self,
        params: &[Declared],
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<QueryParams> {
        let query: Vec<&Declared> = params.iter().filter(|p| p.kind == "query").collect();
        if query.is_empty() {
            return None;
        }
        let doc = format!("Query parameters of `{}`.", self.endpoint());
        let ty = self.parameter_struct(&query, &format!("{type_prefix}Query"), doc, schemas);
        Some(QueryParams {
            arg_name: arg_names.claim("query"),
            ty,
            styles: query.iter().map(|p| p.style).collect(),
        })
    }

    /// Header and cookie parameters, gathered into one struct. Headers the
    /// client sets itself are left out, as OpenAPI asks; names that cannot
    /// be sent are left out with a warning.
    fn header_params(
        &self,
        params: &[Declared],
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<HeaderParams> {
        let mut sent = Vec::new();
        for param in params
            .iter()
            .filter(|p| p.kind == "header" || p.kind == "cookie")
        {
            let name = param.data.name.as_str();
            if param.kind == "header"
                && IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if !is_http_token(name) {
                schemas.diagnostics.warn(
                    format!("{} parameter `{}`: the name cannot be sent in HTTP; the client leaves the parameter out", param.kind, name.escape_debug()),
                    &param.pointer,
                );
                continue;
            }
            sent.push(param);
        }
        if sent.is_empty() {
            return None;
        }
        let doc = format!("Header and cookie parameters of `{}`.", self.endpoint());
        let ty = self.parameter_struct(&sent, &format!("{type_prefix}Headers"), doc, schemas);
        Some(HeaderParams {
            arg_name: arg_names.claim("headers"),
            ty,
            cookies: sent.iter().map(|p| p.kind == "cookie").collect(),
        })
    }

    /// A struct with one field per parameter, named `struct_name`.
    fn parameter_struct(
        &self,
        params: &[&Declared],
        struct_name: &str,
        doc: String,
        schemas: &mut Converter<'a>,
    ) -> super::TypeId {
        let mut field_names = Namespace::new();
        let fields = params
            .iter()
            .map(|param| {
                let hint = format!("{struct_name}{}", type_name(&param.data.name));
                Field {
                    name: field_names.claim(&value_name(&param.data.name)),
                    wire_name: param.data.name.clone(),
                    ty: self.param_type(param, &hint, schemas),
                    required: param.data.required,
                    boxed: false,
                    doc: parameter_doc(param.data),
                }
            })
            .collect();
        let id = schemas.store.push_type(
            struct_name.to_string(),
            push_pointer(&self.pointer, "parameters"),
            Some(doc),
        );
        schemas.store.set_kind(
            id,
            TypeKind::Struct(StructDef {
                fields,
                additional: None,
            }),
        );
        id
    }

    fn request_body(
        &self,
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<RequestBody> {
        let pointer = push_pointer(&self.pointer, "requestBody");
        let body = match self.op.request_body.as_ref()? {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => match self.resolver.request_body(reference) {
                Ok((body, _)) => body,
                Err(error) => {
                    let fallback = "the operation is sent without a body";
                    schemas
                        .diagnostics
                        .ref_problem(reference, &error, fallback, &pointer);
                    return None;
                }
            },
        };
        let content_pointer = push_pointer(&pointer, "content");
        let (media_type, content) = preferred_media_type(&body.content)?;
        let media_pointer = push_pointer(&content_pointer, media_type);
        let schema_pointer = push_pointer(&media_pointer, "schema");
        let hint = format!("{type_prefix}Request");
        let typed = |schemas: &mut Converter<'a>| match &content.schema {
            Some(schema) => schemas.type_of(schema, &schema_pointer, &hint),
            None => TypeRef::Any,
        };
        let kind = match MediaKind::of(media_type) {
            MediaKind::Json => BodyKind::Json(typed(schemas)),
            MediaKind::Form => BodyKind::Form(typed(schemas)),
            MediaKind::Multipart => {
                match self.multipart_form(content, &schema_pointer, type_prefix, schemas) {
                    Some(id) => BodyKind::Multipart(id),
                    None => {
                        schemas.diagnostics.warn(
                        "the multipart body's schema is not an object with properties; each property of the value is sent as a text part".to_string(),
                        &media_pointer,
                    );
                        BodyKind::MultipartValue(typed(schemas))
                    }
                }
            }
            MediaKind::Text => BodyKind::Text,
            MediaKind::Other => BodyKind::Binary,
        };
        Some(RequestBody {
            arg_name: arg_names.claim("body"),
            kind,
            required: body.required,
            media_type: media_type.to_string(),
        })
    }

    /// A `multipart/form-data` body's parts as a struct: `format: binary`
    /// properties (and arrays of them) are files, the others are typed as
    /// usual. `None` when the schema is not an object with properties.
    fn multipart_form(
        &self,
        content: &MediaType,
        schema_pointer: &str,
        type_prefix: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<super::TypeId> {
        let (schema, pointer) = self.resolve_schema(content.schema.as_ref()?, schema_pointer)?;
        let mut properties = Vec::new();
        self.object_properties(schema, &pointer, &mut properties, 0)?;
        if properties.is_empty() {
            return None;
        }
        let struct_name = format!("{type_prefix}Form");
        let mut field_names = Namespace::new();
        let mut fields = Vec::new();
        for Property {
            wire_name,
            schema: property,
            required,
            pointer: property_pointer,
        } in properties
        {
            if fields.iter().any(|f: &Field| f.wire_name == *wire_name) {
                continue;
            }
            let resolved = match property {
                ReferenceOr::Item(item) => Some(&**item),
                ReferenceOr::Reference { reference } => {
                    self.resolver.schema_item(reference).ok().map(|(s, _)| s)
                }
            };
            let ty = match resolved.and_then(|s| self.file_shape(s)) {
                Some(ty) => ty,
                None => schemas.type_of_boxed(
                    property,
                    &property_pointer,
                    &format!("{struct_name}{}", type_name(wire_name)),
                ),
            };
            fields.push(Field {
                name: field_names.claim(&value_name(wire_name)),
                wire_name: wire_name.clone(),
                ty,
                required,
                boxed: false,
                doc: resolved.and_then(|s| s.schema_data.description.clone()),
            });
        }
        let doc = Some(format!(
            "The parts of the `multipart/form-data` body of `{}`.",
            self.endpoint()
        ));
        let id = schemas.store.push_type(struct_name, pointer, doc);
        schemas.store.set_kind(
            id,
            TypeKind::Multipart(StructDef {
                fields,
                additional: None,
            }),
        );
        Some(id)
    }

    /// The properties of an object schema, or of every member of an `allOf`
    /// of objects (in order); `None` for anything else.
    fn object_properties(
        &self,
        schema: &'a Schema,
        pointer: &str,
        out: &mut Vec<Property<'a>>,
        depth: usize,
    ) -> Option<()> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (wire_name, property) in &object.properties {
                    out.push(Property {
                        wire_name,
                        schema: property,
                        required: object.required.contains(wire_name),
                        pointer: push_pointer(&push_pointer(pointer, "properties"), wire_name),
                    });
                }
                Some(())
            }
            // Properties without `type: object`, as some specs write them.
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                for (wire_name, property) in &any.properties {
                    out.push(Property {
                        wire_name,
                        schema: property,
                        required: any.required.contains(wire_name),
                        pointer: push_pointer(&push_pointer(pointer, "properties"), wire_name),
                    });
                }
                Some(())
            }
            SchemaKind::AllOf { all_of } if depth < 8 => {
                for (index, member) in all_of.iter().enumerate() {
                    let member_pointer =
                        push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
                    let (member, member_pointer) = self.resolve_schema(member, &member_pointer)?;
                    self.object_properties(member, &member_pointer, out, depth + 1)?;
                }
                Some(())
            }
            _ => None,
        }
    }

    /// `TypeRef::File` for a `format: binary` string, a list of files for an
    /// array of them, `None` for anything else.
    fn file_shape(&self, schema: &Schema) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                Some(TypeRef::File)
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match array.items.as_ref()? {
                    ReferenceOr::Item(item) => &**item,
                    ReferenceOr::Reference { reference } => {
                        self.resolver.schema_item(reference).ok()?.0
                    }
                };
                match self.file_shape(items)? {
                    TypeRef::File => Some(TypeRef::List(Box::new(TypeRef::File))),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The schema `schema` stands for, following `$ref`s, with the
    /// pointer where it is written.
    fn resolve_schema(
        &self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        match schema {
            ReferenceOr::Item(schema) => Some((schema, pointer.to_string())),
            ReferenceOr::Reference { reference } => self.resolver.schema_item(reference).ok(),
        }
    }

    /// The success body (and the `Accept` header): the one 2xx response's,
    /// or an enum by status when several 2xx responses differ; `default`
    /// stands in when no 2xx response is documented.
    fn response(&self, type_prefix: &str, schemas: &mut Converter<'a>) -> (ResponseBody, String) {
        let pointer = push_pointer(&self.pointer, "responses");
        let responses = &self.op.responses;
        if responses.responses.is_empty() && responses.default.is_none() {
            schemas.diagnostics.quality(
                "the operation documents no responses".to_string(),
                "its method returns `()`",
                &pointer,
            );
            return (ResponseBody::Empty, JSON.to_string());
        }
        let mut successes: Vec<(String, StatusMatch, &ReferenceOr<Response>)> = responses
            .responses
            .iter()
            .filter_map(|(code, response)| Some((code.to_string(), success_match(code)?, response)))
            .collect();
        successes.sort_by(|a, b| a.0.cmp(&b.0));
        if successes.is_empty() {
            if let Some(default) = &responses.default {
                successes.push(("default".to_string(), StatusMatch::AnySuccess, default));
            }
        }
        let several = successes.len() > 1;
        let mut variants: Vec<StatusVariant> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        // Identical documented bodies share one type.
        let mut seen: Vec<(Option<(&str, &MediaType)>, ResponseBody)> = Vec::new();
        for (code, status, response) in successes {
            let response_pointer = push_pointer(&pointer, &code);
            let Some(response) = self.resolve_response(response, &response_pointer, schemas) else {
                continue;
            };
            let chosen = preferred_media_type(&response.content);
            if let Some((media_type, _)) = chosen {
                if !accept.iter().any(|a| a == media_type) {
                    accept.push(media_type.to_string());
                }
            }
            let variant = status_variant_name(status, &code);
            let body = match seen.iter().find(|(content, _)| *content == chosen) {
                Some((_, body)) => body.clone(),
                None => {
                    let hint = if several {
                        format!("{type_prefix}{variant}Body")
                    } else {
                        format!("{type_prefix}Response")
                    };
                    let body = self.response_body(chosen, &response_pointer, &hint, schemas);
                    seen.push((chosen, body.clone()));
                    body
                }
            };
            let description = response.description.trim();
            variants.push(StatusVariant {
                name: variant,
                status,
                body,
                doc: (!description.is_empty()).then(|| description.to_string()),
            });
        }
        let accept = if accept.is_empty() {
            JSON.to_string()
        } else {
            accept.join(", ")
        };
        let Some(first) = variants.first() else {
            return (ResponseBody::Empty, accept);
        };
        if variants.iter().all(|v| v.body == first.body) {
            return (first.body.clone(), accept);
        }
        let mut variant_names = Namespace::new();
        for variant in &mut variants {
            variant.name = variant_names.claim(&variant.name);
        }
        let other_variant = variant_names.claim("Other");
        let doc = Some(format!(
            "The success answers of `{}`, by status.",
            self.endpoint()
        ));
        let id = schemas
            .store
            .push_type(format!("{type_prefix}Response"), pointer, doc);
        schemas.store.set_kind(
            id,
            TypeKind::Responses(ResponsesDef {
                variants,
                other_variant,
            }),
        );
        (ResponseBody::ByStatus(id), accept)
    }

    /// The body of one response with the media type chosen for it.
    fn response_body(
        &self,
        chosen: Option<(&str, &MediaType)>,
        response_pointer: &str,
        hint: &str,
        schemas: &mut Converter<'a>,
    ) -> ResponseBody {
        let Some((media_type, content)) = chosen else {
            return ResponseBody::Empty;
        };
        match MediaKind::of(media_type) {
            MediaKind::Json => {
                let schema_pointer = push_pointer(
                    &push_pointer(&push_pointer(response_pointer, "content"), media_type),
                    "schema",
                );
                ResponseBody::Json(match &content.schema {
                    Some(schema) => schemas.type_of(schema, &schema_pointer, hint),
                    None => TypeRef::Any,
                })
            }
            MediaKind::Text => ResponseBody::Text,
            _ => ResponseBody::Bytes,
        }
    }

    /// The JSON schema of the first documented error response (`4XX`,
    /// `5XX`, a 4xx/5xx code, then `default`) that has one.
    fn error_response(&self, type_prefix: &str, schemas: &mut Converter<'a>) -> Option<TypeRef> {
        let pointer = push_pointer(&self.pointer, "responses");
        let responses = &self.op.responses;
        let errors = responses
            .responses
            .iter()
            .filter(|(code, _)| is_error(code))
            .map(|(code, response)| (code.to_string(), response))
            .chain(responses.default.iter().map(|r| ("default".to_string(), r)));
        for (code, response) in errors {
            let response_pointer = push_pointer(&pointer, &code);
            let Some(response) = self.resolve_response(response, &response_pointer, schemas) else {
                continue;
            };
            let Some((media_type, content)) = response.content.iter().find(|(m, _)| is_json(m))
            else {
                continue;
            };
            let schema_pointer = push_pointer(
                &push_pointer(&push_pointer(&response_pointer, "content"), media_type),
                "schema",
            );
            return Some(match &content.schema {
                Some(schema) => {
                    schemas.type_of(schema, &schema_pointer, &format!("{type_prefix}Error"))
                }
                None => TypeRef::Any,
            });
        }
        None
    }

    /// The authentication of the first security requirement the client can
    /// meet (the operation's own, else the spec's): its bearer, OAuth2 or
    /// Basic scheme, and its API keys. Nothing for no requirement or an
    /// empty one (authentication optional). Schemes the client does not
    /// support (OpenID Connect, mutual TLS, other HTTP schemes) are skipped.
    fn auth(
        &self,
        api_keys: &mut ApiKeys,
        schemas: &mut Converter<'a>,
    ) -> (Option<AuthScheme>, Vec<usize>) {
        let Some(requirements) = self.op.security.as_ref().or(self.spec.security.as_ref()) else {
            return (None, Vec::new());
        };
        let Some(components) = self.spec.components.as_ref() else {
            return (None, Vec::new());
        };
        for requirement in requirements {
            if requirement.is_empty() {
                return (None, Vec::new());
            }
            let schemes: Vec<(&String, &openapiv3::SecurityScheme)> = requirement
                .keys()
                .filter_map(|name| match components.security_schemes.get(name) {
                    Some(ReferenceOr::Item(scheme)) => Some((name, scheme)),
                    _ => None,
                })
                .collect();
            let primary = schemes
                .iter()
                .find_map(|(_, scheme)| super::auth_scheme(scheme));
            let mut keys = Vec::new();
            for (name, scheme) in &schemes {
                match api_keys.index_of(name, scheme) {
                    Ok(key) => keys.extend(key),
                    Err(Some(message)) => schemas
                        .diagnostics
                        .warn(message, &push_pointer("/components/securitySchemes", name)),
                    Err(None) => {}
                }
            }
            if primary.is_some() || !keys.is_empty() {
                return (primary, keys);
            }
        }
        (None, Vec::new())
    }

    /// The response itself, following `$ref`s (into the components, or
    /// to another operation's response, as some specs share them); one
    /// that cannot be followed is reported and left out.
    fn resolve_response(
        &self,
        response: &'a ReferenceOr<Response>,
        pointer: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => match self.resolver.response(reference) {
                Ok((response, _)) => Some(response),
                Err(error) => {
                    let fallback = "the response is left out";
                    schemas
                        .diagnostics
                        .ref_problem(reference, &error, fallback, pointer);
                    None
                }
            },
        }
    }
}

/// Which success responses a status code stands for; `None` for others.
fn success_match(code: &StatusCode) -> Option<StatusMatch> {
    match code {
        StatusCode::Code(n) if (200..300).contains(n) => Some(StatusMatch::Code(*n)),
        StatusCode::Range(2) => Some(StatusMatch::AnySuccess),
        _ => None,
    }
}

/// A success response's variant: named after its status (`Ok`, `Created`,
/// `NoContent`, ...), `Success` for `2XX` and `default`.
fn status_variant_name(status: StatusMatch, code: &str) -> String {
    let StatusMatch::Code(n) = status else {
        return "Success".to_string();
    };
    match n {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritative",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        _ => return format!("Status{code}"),
    }
    .to_string()
}

/// The data of a parameter, where it goes, and (for query parameters) how
/// it is serialized.
fn parameter_parts(parameter: &Parameter) -> (&ParameterData, &'static str, QueryStyle) {
    match parameter {
        Parameter::Path { parameter_data, .. } => {
            (parameter_data, "path", QueryStyle::FormExploded)
        }
        Parameter::Query {
            parameter_data,
            style,
            ..
        } => {
            let style = match style {
                openapiv3::QueryStyle::Form if parameter_data.explode == Some(false) => {
                    QueryStyle::Form
                }
                openapiv3::QueryStyle::Form => QueryStyle::FormExploded,
                openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
            };
            (parameter_data, "query", style)
        }
        Parameter::Header { parameter_data, .. } => {
            (parameter_data, "header", QueryStyle::FormExploded)
        }
        Parameter::Cookie { parameter_data, .. } => {
            (parameter_data, "cookie", QueryStyle::FormExploded)
        }
    }
}

/// A parameter's description, and the default the server applies when it
/// is left out.
fn parameter_doc(data: &ParameterData) -> Option<String> {
    let text = data
        .description
        .as_deref()
        .map(str::trim_end)
        .filter(|d| !d.trim().is_empty());
    let default = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
            schema.schema_data.default.as_ref()
        }
        _ => None,
    }
    .map(|value| format!("Default: `{}`.", value.to_string().replace('`', "'")));
    match (text, default) {
        (Some(text), Some(default)) => Some(format!("{text}\n\n{default}")),
        (text, default) => text.map(str::to_string).or(default),
    }
}

/// RFC 9110's `token`: what a header (or cookie) name may consist of.
pub(super) fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

const JSON: &str = "application/json";

/// How the client treats a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Other,
}

impl MediaKind {
    fn of(media_type: &str) -> MediaKind {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == JSON || essence.ends_with("+json") || essence == "*/*" {
            MediaKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            MediaKind::Form
        } else if essence == "multipart/form-data" {
            MediaKind::Multipart
        } else if essence.starts_with("text/") {
            MediaKind::Text
        } else {
            MediaKind::Other
        }
    }
}

/// The media type the client uses when a body offers several: JSON first,
/// then form, multipart, text, and the first of the others.
fn preferred_media_type(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .enumerate()
        .min_by_key(|(index, (media_type, _))| (MediaKind::of(media_type), *index))
        .map(|(_, (media_type, content))| (media_type.as_str(), content))
}

fn is_error(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (400..600).contains(n),
        StatusCode::Range(r) => *r == 4 || *r == 5,
    }
}

fn is_json(media_type: &str) -> bool {
    MediaKind::of(media_type) == MediaKind::Json
}

fn operation_doc(op: &openapiv3::Operation) -> Option<String> {
    let parts: Vec<&str> = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
