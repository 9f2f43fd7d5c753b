//! Paths → operations: one client method per operation, with its path
//! template split into literal text and parameters, its query parameters
//! gathered into a struct, and its JSON request and response bodies typed.
//!
//! This module walks the paths and assembles each operation; its
//! submodules type the parameters, the request body and the responses.

mod bodies;
mod media;
mod parameters;
mod responses;

use super::api_keys::ApiKeys;
use super::diagnostics::Diagnostics;
use super::reserved::{CLIENT_FUNCTIONS, CLIENT_METHODS};
use super::resolve::{RefError, Resolver};
use super::schemas::Converter;
use super::{auth, Operation, PathParam};
use crate::naming::{is_raw_keyword, type_name_part, value_name, Namespace};
use crate::pointer::push_pointer;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use std::collections::HashMap;

pub(super) use media::is_json;
pub(super) use parameters::is_http_token;

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
            operations.push(context.build(schemas, &mut method_names, api_keys));
        }
    }
    (operations, method_names)
}

/// A [`Resolver`] method that follows a `$ref` to a `T`.
type Follow<'a, T> = fn(&Resolver<'a>, &str) -> Result<(&'a T, String), RefError>;

/// One operation being built: where it stands in the spec, and the
/// resolver that follows its `$ref`s.
struct OperationContext<'a> {
    spec: &'a OpenAPI,
    resolver: Resolver<'a>,
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    op: &'a openapiv3::Operation,
    pointer: String,
}

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
    ) -> Operation {
        let raw_name = match &self.op.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method, self.path),
        };
        let name = method_names.claim(&value_name(&raw_name));
        // `Self_` (from `self`) loses its escape before a suffix: `SelfQuery`.
        let type_prefix = type_name_part(&raw_name);
        let params = self.parameters(schemas);
        let mut arg_names = Namespace::new();
        for function in CLIENT_FUNCTIONS {
            arg_names.reserve(function);
        }
        let (segments, mut path_params) = self.path_params(&params, &mut arg_names, schemas);
        let query = self.query_params(&params, &type_prefix, &mut arg_names, schemas);
        let headers = self.header_params(&params, &type_prefix, &mut arg_names, schemas);
        let body = self.request_body(&type_prefix, &mut arg_names, schemas);
        name_path_locals(&mut path_params, &mut arg_names);
        let (response, accept) = self.response(&type_prefix, schemas);
        let error_response = self.error_response(&type_prefix, schemas);
        let (auth, keys) =
            auth::operation_auth(self.spec, self.op, api_keys, &mut schemas.diagnostics);
        Operation {
            name,
            method: self.method.to_ascii_uppercase(),
            path: self.path.to_string(),
            segments,
            doc: operation_doc(self.op),
            deprecated: self.op.deprecated,
            tags: self.op.tags.clone(),
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
            request_method: String::new(),
            pointer: self.pointer.clone(),
        }
    }

    /// `item` itself, or what its `$ref` leads to (by `follow`); a
    /// reference that cannot be followed is reported, `fallback` saying
    /// what is done instead, and gives `None`.
    fn followed<T>(
        &self,
        item: &'a ReferenceOr<T>,
        follow: Follow<'a, T>,
        fallback: &str,
        pointer: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<&'a T> {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => match follow(&self.resolver, reference) {
                Ok((item, _)) => Some(item),
                Err(error) => {
                    diagnostics.ref_problem(reference, &error, fallback, pointer);
                    None
                }
            },
        }
    }
}

/// The locals holding the percent-encoded path parameters, claimed after
/// every argument so that no argument's name changes: a parameter's local
/// shadows its own argument, except that a raw identifier (`r#type`), which
/// `format!` cannot name, gets a name of its own (`type_`).
fn name_path_locals(path_params: &mut [PathParam], arg_names: &mut Namespace) {
    for param in path_params {
        param.local = if is_raw_keyword(&param.arg_name) {
            arg_names.claim(&format!("{}_", param.arg_name))
        } else {
            param.arg_name.clone()
        };
    }
}

/// An operation's summary and description, as its documentation.
pub(super) fn operation_doc(op: &openapiv3::Operation) -> Option<String> {
    let parts: Vec<&str> = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
