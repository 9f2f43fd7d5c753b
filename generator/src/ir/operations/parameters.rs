//! Parameters: path parameters become arguments of the method, in template
//! order; query parameters are gathered into one struct, and header and
//! cookie parameters into another.

use super::OperationContext;
use crate::ir::resolve::Resolver;
use crate::ir::schemas::Converter;
use crate::ir::{
    Field, HeaderParams, PathParam, PathSegment, QueryParams, QueryStyle, StructDef, TypeId,
    TypeKind, TypeRef,
};
use crate::naming::{type_name, type_name_part, value_name, Namespace};
use crate::pointer::push_pointer;
use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr};

/// Where a parameter is sent (OpenAPI's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParameterLocation {
    /// The location as the spec writes it.
    fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// A parameter with the pointer it was declared at.
pub(super) struct Declared<'a> {
    data: &'a ParameterData,
    location: ParameterLocation,
    /// How a query parameter is serialized (`FormExploded` for the others).
    style: QueryStyle,
    pointer: String,
}

/// Headers OpenAPI says a parameter may not set ("SHALL be ignored"): the
/// client sets them from the body, the responses and the security scheme.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl<'a> OperationContext<'a> {
    /// Path-item parameters overridden by operation parameters of the same
    /// name and location, in declaration order.
    pub(super) fn parameters(&self, schemas: &mut Converter<'a>) -> Vec<Declared<'a>> {
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
                let fallback = "the parameter is left out";
                let Some(parameter) = self.followed(
                    param,
                    Resolver::parameter,
                    fallback,
                    &pointer,
                    &mut schemas.diagnostics,
                ) else {
                    continue;
                };
                let (data, location, style) = parameter_parts(parameter);
                declared.retain(|d| !(d.data.name == data.name && d.location == location));
                declared.push(Declared {
                    data,
                    location,
                    style,
                    pointer,
                });
            }
        }
        declared
    }

    fn param_type(&self, param: &Declared, hint: &str, schemas: &mut Converter<'a>) -> TypeRef {
        let pointer = push_pointer(&param.pointer, "schema");
        let ty = match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => schemas.type_of(schema, &pointer, hint),
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        schemas.fallbacks.used(&pointer, &ty);
        ty
    }

    /// Splits the template into literal text and parameters, checking that
    /// template and declarations agree.
    pub(super) fn path_params(
        &self,
        params: &[Declared],
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> (Vec<PathSegment>, Vec<PathParam>) {
        let declared: Vec<&Declared> = params
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
            .collect();
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
            let param = declared.iter().find(|p| p.data.name == wire_name);
            segments.push(PathSegment::Param(path_params.len()));
            path_params.push(self.path_param(wire_name, param.copied(), arg_names, schemas));
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
        (segments, path_params)
    }

    /// The parameter `{wire_name}` of the template, as `declared`; one
    /// without a declaration is taken as a required string.
    fn path_param(
        &self,
        wire_name: &str,
        declared: Option<&Declared>,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> PathParam {
        let Some(param) = declared else {
            schemas.diagnostics.quality(
                format!(
                    "path template parameter `{{{wire_name}}}` has no declaration with `in: path`"
                ),
                "it is taken as a required string",
                &self.pointer,
            );
            return PathParam {
                arg_name: arg_names.claim(&value_name(wire_name)),
                local: String::new(),
                wire_name: wire_name.to_string(),
                ty: TypeRef::String,
                doc: None,
                deprecated: false,
                client_param: None,
            };
        };
        let ty = self.param_type(param, &type_name(wire_name), schemas);
        PathParam {
            arg_name: arg_names.claim(&value_name(wire_name)),
            local: String::new(),
            wire_name: wire_name.to_string(),
            ty,
            doc: param.data.description.clone(),
            deprecated: param.data.deprecated == Some(true),
            client_param: None,
        }
    }

    pub(super) fn query_params(
        &self,
        params: &[Declared],
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<QueryParams> {
        let query: Vec<&Declared> = params
            .iter()
            .filter(|p| p.location == ParameterLocation::Query)
            .collect();
        let doc = format!("Query parameters of `{}`.", self.endpoint());
        let ty = self.parameter_struct(&query, &format!("{type_prefix}Query"), doc, schemas)?;
        Some(QueryParams {
            arg_name: arg_names.claim("query"),
            ty,
            styles: query.iter().map(|p| p.style).collect(),
        })
    }

    /// Header and cookie parameters, gathered into one struct. Headers the
    /// client sets itself are left out, as OpenAPI asks; names that cannot
    /// be sent are left out with a warning.
    pub(super) fn header_params(
        &self,
        params: &[Declared],
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<HeaderParams> {
        let mut sent = Vec::new();
        for param in params.iter().filter(|p| {
            matches!(
                p.location,
                ParameterLocation::Header | ParameterLocation::Cookie
            )
        }) {
            let name = param.data.name.as_str();
            if param.location == ParameterLocation::Header
                && IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if !is_http_token(name) {
                schemas.diagnostics.warn(
                    format!("{} parameter `{}`: the name cannot be sent in HTTP; the client leaves the parameter out", param.location.as_str(), name.escape_debug()),
                    &param.pointer,
                );
                continue;
            }
            sent.push(param);
        }
        let doc = format!("Header and cookie parameters of `{}`.", self.endpoint());
        let ty = self.parameter_struct(&sent, &format!("{type_prefix}Headers"), doc, schemas)?;
        Some(HeaderParams {
            arg_name: arg_names.claim("headers"),
            ty,
            cookies: sent
                .iter()
                .map(|p| p.location == ParameterLocation::Cookie)
                .collect(),
        })
    }

    /// A struct with one field per parameter, named `struct_name`; `None`
    /// for no parameters.
    fn parameter_struct(
        &self,
        params: &[&Declared],
        struct_name: &str,
        doc: String,
        schemas: &mut Converter<'a>,
    ) -> Option<TypeId> {
        if params.is_empty() {
            return None;
        }
        let mut field_names = Namespace::new();
        let fields = params
            .iter()
            .map(|param| {
                let hint = format!("{struct_name}{}", type_name_part(&param.data.name));
                Field {
                    name: field_names.claim(&value_name(&param.data.name)),
                    wire_name: param.data.name.clone(),
                    ty: self.param_type(param, &hint, schemas),
                    required: param.data.required,
                    boxed: false,
                    doc: parameter_doc(param.data),
                    deprecated: false,
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
        Some(id)
    }
}

/// The data of a parameter, where it goes, and (for query parameters) how
/// it is serialized.
fn parameter_parts(parameter: &Parameter) -> (&ParameterData, ParameterLocation, QueryStyle) {
    match parameter {
        Parameter::Path { parameter_data, .. } => (
            parameter_data,
            ParameterLocation::Path,
            QueryStyle::FormExploded,
        ),
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
            (parameter_data, ParameterLocation::Query, style)
        }
        Parameter::Header { parameter_data, .. } => (
            parameter_data,
            ParameterLocation::Header,
            QueryStyle::FormExploded,
        ),
        Parameter::Cookie { parameter_data, .. } => (
            parameter_data,
            ParameterLocation::Cookie,
            QueryStyle::FormExploded,
        ),
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
pub(in crate::ir) fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
