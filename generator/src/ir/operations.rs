//! Paths → operations: one client method per operation, with its path
//! template split into literal text and parameters, its query parameters
//! gathered into a struct, and its JSON request and response bodies typed.

use super::types::TypeBuilder;
use super::{
    AuthScheme, Field, Operation, PathParam, PathSegment, QueryParams, RequestBody, ResponseBody,
    StructDef, TypeKind, TypeRef,
};
use crate::diagnostic::push_pointer;
use crate::naming::{type_name, value_name, Namespace};
use openapiv3::{
    OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr, Response,
    StatusCode,
};
use std::collections::HashMap;

/// Names the generated client uses for its own methods.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt"];

/// The operations, and the namespace of client method names (for the
/// methods derived from operations later: pagination, client parameters).
pub fn build(
    spec: &OpenAPI,
    options: &crate::Options,
    types: &mut TypeBuilder,
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
                types.warn(
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
                    quality(
                        types,
                        options.strict,
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
                path,
                method,
                item,
                op,
                pointer,
                strict: options.strict,
            };
            if let Some(operation) = context.build(types, &mut method_names) {
                operations.push(operation);
            }
        }
    }
    (operations, method_names)
}

struct OperationContext<'a> {
    spec: &'a OpenAPI,
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    pointer: String,
    /// Spec-quality problems are errors rather than warnings.
    strict: bool,
}

/// A spec-quality problem with a fallback: an error under `--strict`,
/// otherwise a warning that names the fallback.
fn quality(types: &mut TypeBuilder, strict: bool, problem: String, fallback: &str, pointer: &str) {
    let d = crate::diagnostic::Diagnostic::quality(strict, &problem, fallback, pointer);
    if d.is_error() {
        types.error(d.message, pointer);
    } else {
        types.warn(d.message, pointer);
    }
}

/// A parameter with the pointer it was declared at.
struct Declared<'a> {
    data: &'a ParameterData,
    kind: &'static str,
    pointer: String,
}

impl<'a> OperationContext<'a> {
    fn build(&self, types: &mut TypeBuilder, method_names: &mut Namespace) -> Option<Operation> {
        let raw_name = match &self.op.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method, self.path),
        };
        let name = method_names.claim(&value_name(&raw_name));
        let type_prefix = type_name(&raw_name);
        let params = self.parameters(types);
        let mut arg_names = Namespace::new();
        let (segments, path_params) = self.path_params(&params, &mut arg_names, types)?;
        let query = self.query_params(&params, &type_prefix, &mut arg_names, types);
        self.skip_unsupported_params(&params, types);
        let body = self.request_body(&type_prefix, &mut arg_names, types);
        let response = self.response(&type_prefix, types);
        let error_response = self.error_response(&type_prefix, types);
        Some(Operation {
            name,
            method: self.method.to_ascii_uppercase(),
            path: self.path.to_string(),
            segments,
            doc: operation_doc(self.op),
            deprecated: self.op.deprecated,
            path_params,
            query,
            body,
            response,
            error_response,
            auth: self.auth(),
            pagination: None,
            pointer: self.pointer.clone(),
        })
    }

    /// Path-item parameters overridden by operation parameters of the same
    /// name and location, in declaration order.
    fn parameters(&self, types: &mut TypeBuilder) -> Vec<Declared<'a>> {
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
                let Some((data, kind)) = self.resolve_parameter(param, &pointer, types) else {
                    continue;
                };
                declared.retain(|d| !(d.data.name == data.name && d.kind == kind));
                declared.push(Declared {
                    data,
                    kind,
                    pointer,
                });
            }
        }
        declared
    }

    fn resolve_parameter(
        &self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &str,
        types: &mut TypeBuilder,
    ) -> Option<(&'a ParameterData, &'static str)> {
        let param = match param {
            ReferenceOr::Item(p) => p,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| self.spec.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(p)) => p,
                    _ => {
                        types.error(
                            format!("dangling `$ref: {reference}`: no such parameter under `#/components/parameters`"),
                            &push_pointer(pointer, "$ref"),
                        );
                        return None;
                    }
                }
            }
        };
        Some(match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
            Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
            Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
        })
    }

    fn param_type(&self, param: &Declared, hint: &str, types: &mut TypeBuilder) -> TypeRef {
        match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                types.type_of(schema, &push_pointer(&param.pointer, "schema"), hint)
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
        types: &mut TypeBuilder,
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
                    let ty = self.param_type(param, &type_name(wire_name), types);
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
                    quality(
                        types,
                        self.strict,
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
                quality(
                    types,
                    self.strict,
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
        types: &mut TypeBuilder,
    ) -> Option<QueryParams> {
        let query: Vec<&Declared> = params.iter().filter(|p| p.kind == "query").collect();
        if query.is_empty() {
            return None;
        }
        let struct_name = format!("{type_prefix}Query");
        let mut field_names = Namespace::new();
        let fields = query
            .iter()
            .map(|param| {
                let hint = format!("{struct_name}{}", type_name(&param.data.name));
                Field {
                    name: field_names.claim(&value_name(&param.data.name)),
                    wire_name: param.data.name.clone(),
                    ty: self.param_type(param, &hint, types),
                    required: param.data.required,
                    boxed: false,
                    doc: param.data.description.clone(),
                }
            })
            .collect();
        let doc = Some(format!(
            "Query parameters of `{} {}`.",
            self.method.to_ascii_uppercase(),
            self.path
        ));
        let id = types.push_type(struct_name, push_pointer(&self.pointer, "parameters"), doc);
        types.set_kind(
            id,
            TypeKind::Struct(StructDef {
                fields,
                additional: None,
            }),
        );
        Some(QueryParams {
            arg_name: arg_names.claim("query"),
            ty: id,
        })
    }

    fn skip_unsupported_params(&self, params: &[Declared], types: &mut TypeBuilder) {
        for param in params
            .iter()
            .filter(|p| p.kind == "header" || p.kind == "cookie")
        {
            types.warn(
                format!(
                    "{} parameter `{}` is not supported yet; the client does not send it",
                    param.kind, param.data.name
                ),
                &param.pointer,
            );
        }
    }

    fn request_body(
        &self,
        type_prefix: &str,
        arg_names: &mut Namespace,
        types: &mut TypeBuilder,
    ) -> Option<RequestBody> {
        let pointer = push_pointer(&self.pointer, "requestBody");
        let body = match self.op.request_body.as_ref()? {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| self.spec.components.as_ref()?.request_bodies.get(name));
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        types.error(
                            format!("dangling `$ref: {reference}`: no such request body under `#/components/requestBodies`"),
                            &push_pointer(&pointer, "$ref"),
                        );
                        return None;
                    }
                }
            }
        };
        let content_pointer = push_pointer(&pointer, "content");
        let Some((media_type, content)) = body.content.iter().find(|(m, _)| is_json(m)) else {
            types.warn(
                "only JSON request bodies are supported yet; the client sends no body".to_string(),
                &content_pointer,
            );
            return None;
        };
        let schema_pointer = push_pointer(&push_pointer(&content_pointer, media_type), "schema");
        let ty = match &content.schema {
            Some(schema) => {
                types.type_of(schema, &schema_pointer, &format!("{type_prefix}Request"))
            }
            None => TypeRef::Any,
        };
        Some(RequestBody {
            arg_name: arg_names.claim("body"),
            ty,
            required: body.required,
        })
    }

    fn response(&self, type_prefix: &str, types: &mut TypeBuilder) -> ResponseBody {
        let pointer = push_pointer(&self.pointer, "responses");
        let responses = &self.op.responses;
        if responses.responses.is_empty() && responses.default.is_none() {
            quality(
                types,
                self.strict,
                "the operation documents no responses".to_string(),
                "its method returns `()`",
                &pointer,
            );
            return ResponseBody::Empty;
        }
        let success = responses
            .responses
            .iter()
            .filter(|(code, _)| is_success(code))
            .min_by_key(|(code, _)| code.to_string());
        let Some((code, response)) = success else {
            return ResponseBody::Empty;
        };
        let response_pointer = push_pointer(&pointer, &code.to_string());
        let Some(response) = self.resolve_response(response, &response_pointer, types) else {
            return ResponseBody::Empty;
        };
        let content_pointer = push_pointer(&response_pointer, "content");
        if let Some((media_type, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let schema_pointer =
                push_pointer(&push_pointer(&content_pointer, media_type), "schema");
            return ResponseBody::Json(match &content.schema {
                Some(schema) => {
                    types.type_of(schema, &schema_pointer, &format!("{type_prefix}Response"))
                }
                None => TypeRef::Any,
            });
        }
        match response.content.keys().next() {
            None => ResponseBody::Empty,
            Some(media_type) if media_type.starts_with("text/") => ResponseBody::Text,
            Some(_) => ResponseBody::Bytes,
        }
    }

    /// The JSON schema of the first documented error response (`4XX`,
    /// `5XX`, a 4xx/5xx code, then `default`) that has one.
    fn error_response(&self, type_prefix: &str, types: &mut TypeBuilder) -> Option<TypeRef> {
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
            let Some(response) = self.resolve_response(response, &response_pointer, types) else {
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
                    types.type_of(schema, &schema_pointer, &format!("{type_prefix}Error"))
                }
                None => TypeRef::Any,
            });
        }
        None
    }

    /// The scheme of the first security requirement whose schemes the client
    /// supports (the operation's own, else the spec's); `None` when there is
    /// no requirement or an empty one (authentication optional).
    fn auth(&self) -> Option<AuthScheme> {
        let requirements = self.op.security.as_ref().or(self.spec.security.as_ref())?;
        let schemes = &self.spec.components.as_ref()?.security_schemes;
        requirements.iter().find_map(|requirement| {
            if requirement.is_empty() {
                return Some(None);
            }
            requirement
                .keys()
                .find_map(|name| schemes.get(name).and_then(super::auth_scheme))
                .map(Some)
        })?
    }

    fn resolve_response(
        &self,
        response: &'a ReferenceOr<Response>,
        pointer: &str,
        types: &mut TypeBuilder,
    ) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                match response_at(self.spec, reference, 0) {
                    Some(r) => Some(r),
                    None => {
                        types.error(
                            format!("dangling `$ref: {reference}`: there is no response at that pointer"),
                            &push_pointer(pointer, "$ref"),
                        );
                        None
                    }
                }
            }
        }
    }
}

/// The response a local `$ref` points at: one under `#/components/responses`,
/// or one of another operation (`#/paths/~1users/get/responses/200`), which
/// some specs use to share responses. Chains are followed a few steps.
fn response_at<'s>(spec: &'s OpenAPI, reference: &str, depth: usize) -> Option<&'s Response> {
    let segments = crate::diagnostic::pointer_segments(reference.strip_prefix('#')?);
    let found = match segments.as_slice() {
        [components, responses, name] if components == "components" && responses == "responses" => {
            spec.components.as_ref()?.responses.get(name)?
        }
        [paths, path, method, responses, code] if paths == "paths" && responses == "responses" => {
            let ReferenceOr::Item(item) = spec.paths.paths.get(path)? else {
                return None;
            };
            let (_, operation) = item.iter().find(|(m, _)| m == method)?;
            operation
                .responses
                .responses
                .iter()
                .find(|(status, _)| status.to_string() == *code)
                .map(|(_, response)| response)?
        }
        _ => return None,
    };
    match found {
        ReferenceOr::Item(response) => Some(response),
        ReferenceOr::Reference { reference } if depth < 8 => {
            response_at(spec, reference, depth + 1)
        }
        ReferenceOr::Reference { .. } => None,
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(r) => *r == 2,
    }
}

fn is_error(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (400..600).contains(n),
        StatusCode::Range(r) => *r == 4 || *r == 5,
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
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
