//! What the generated crate needs, worked out once from the IR when the
//! crate is planned and read by every emitter: which of the client's
//! machinery exists (authentication, pagination, the encodings of request
//! bodies and parameters, the helper functions), the environment variables
//! `from_env` reads, and the default base URL. Only what a spec needs is
//! emitted, so that the generated crate has no dead code.

mod auth;
mod env;

pub use auth::{AuthFeatures, TokenUrl};
pub use env::EnvVars;

use super::resolve_alias;
use crate::ir::{BodyKind, Ir, Operation, QueryStyle, ResponseBody, TypeKind, TypeRef};

/// The analysis of one IR.
pub struct Analysis {
    pub auth: AuthFeatures,
    /// Some operation is a paginated list.
    pub pagination: bool,
    /// Some operation sends a request body.
    pub bodies: bool,
    /// Which kinds of request bodies operations send.
    pub body_kinds: BodyKinds,
    /// Some operation has header or cookie parameters.
    pub headers: bool,
    /// Some operation has header parameters (not counting cookies).
    pub header_params: bool,
    /// Some operation has cookie parameters.
    pub cookies: bool,
    /// Some operation decodes a JSON response.
    pub json_responses: bool,
    /// Some operation answers with one JSON body, whatever its status
    /// (`Shared::call_json`).
    pub json_answers: bool,
    /// Some operation answers otherwise: by status, with text, bytes or
    /// nothing (`Shared::call`).
    pub other_answers: bool,
    /// Some query parameter has `style: deepObject`.
    pub deep_objects: bool,
    /// Some query parameter is an object sent one pair per property.
    pub property_pairs: bool,
    /// Some operation has a path parameter, percent-encoded by the client.
    pub path_params: bool,
    /// The environment variables `from_env` reads.
    pub env: EnvVars,
    /// The spec's first server, when the client can use it as its default
    /// base URL.
    pub default_base_url: Option<String>,
}

impl Analysis {
    /// `env_prefix` starts the names of the environment variables, e.g.
    /// `M3TER_`.
    pub fn of(ir: &Ir, env_prefix: &str) -> Self {
        let ops = &ir.operations;
        let auth = AuthFeatures::of(ir);
        Self {
            env: EnvVars::of(ir, env_prefix, &auth),
            auth,
            pagination: ops.iter().any(|op| op.pagination.is_some()),
            bodies: ops.iter().any(|op| op.body.is_some()),
            body_kinds: BodyKinds::of(ir),
            headers: ops.iter().any(|op| op.headers.is_some()),
            header_params: ops
                .iter()
                .filter_map(|op| op.headers.as_ref())
                .any(|h| h.cookies.contains(&false)),
            cookies: ops
                .iter()
                .filter_map(|op| op.headers.as_ref())
                .any(|h| h.cookies.contains(&true)),
            json_responses: ops.iter().any(|op| decodes_json(ir, op)),
            json_answers: ops
                .iter()
                .any(|op| matches!(op.response, ResponseBody::Json(_))),
            other_answers: ops
                .iter()
                .any(|op| !matches!(op.response, ResponseBody::Json(_))),
            deep_objects: ops
                .iter()
                .filter_map(|op| op.query.as_ref())
                .any(|q| q.styles.contains(&QueryStyle::DeepObject)),
            property_pairs: ops.iter().any(|op| exploded_objects(ir, op)),
            path_params: ops.iter().any(|op| !op.path_params.is_empty()),
            default_base_url: default_base_url(ir).map(str::to_string),
        }
    }
}

/// The request body encodings in use, each emitted only when needed.
#[derive(Default)]
pub struct BodyKinds {
    pub json: bool,
    pub form: bool,
    /// A body sent as bytes as they are (text or binary).
    pub raw: bool,
    /// A multipart body with text parts.
    pub multipart_text: bool,
    /// A multipart body with file parts.
    pub multipart_files: bool,
    /// A multipart body from a value's JSON form.
    pub multipart_value: bool,
}

impl BodyKinds {
    fn of(ir: &Ir) -> Self {
        let mut kinds = Self::default();
        for body in ir.operations.iter().filter_map(|op| op.body.as_ref()) {
            match &body.kind {
                BodyKind::Json(_) => kinds.json = true,
                BodyKind::Form(_) => kinds.form = true,
                BodyKind::Text | BodyKind::Binary => kinds.raw = true,
                BodyKind::MultipartValue(_) => kinds.multipart_value = true,
                BodyKind::Multipart(id) => {
                    if let TypeKind::Multipart(form) = &ir.types[id.0].kind {
                        for field in &form.fields {
                            if holds_file(&field.ty) {
                                kinds.multipart_files = true;
                            } else {
                                kinds.multipart_text = true;
                            }
                        }
                    }
                }
            }
        }
        kinds
    }

    /// Some body is sent as encoded bytes (all but multipart).
    pub fn bytes(&self) -> bool {
        self.json || self.form || self.raw
    }

    pub fn multipart(&self) -> bool {
        self.multipart_text || self.multipart_files || self.multipart_value
    }
}

/// A file, or a list of files, in a multipart form.
pub fn holds_file(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::List(inner) | TypeRef::Nullable(inner) => holds_file(inner),
        _ => false,
    }
}

/// A struct or map: a value with properties of its own.
pub fn is_object(ir: &Ir, ty: &TypeRef) -> bool {
    match resolve_alias(ir, ty.strip_nullable().0) {
        TypeRef::Named(id) => matches!(ir.types[id.0].kind, TypeKind::Struct(_)),
        TypeRef::Map(_) => true,
        _ => false,
    }
}

/// Whether a query parameter of the operation is an object in the default
/// (`form`, exploded) style.
fn exploded_objects(ir: &Ir, op: &Operation) -> bool {
    let Some(query) = &op.query else {
        return false;
    };
    let TypeKind::Struct(params) = &ir.types[query.ty.0].kind else {
        return false;
    };
    params
        .fields
        .iter()
        .zip(&query.styles)
        .any(|(field, &style)| style == QueryStyle::FormExploded && is_object(ir, &field.ty))
}

/// Whether the operation's success answer (or one of them) is JSON.
fn decodes_json(ir: &Ir, op: &Operation) -> bool {
    match &op.response {
        ResponseBody::Json(_) => true,
        ResponseBody::ByStatus(id) => match &ir.types[id.0].kind {
            TypeKind::Responses(r) => r
                .variants
                .iter()
                .any(|v| matches!(v.body, ResponseBody::Json(_))),
            _ => false,
        },
        _ => false,
    }
}

/// The spec's first server, if it is a plain absolute URL the client can
/// parse (templated and relative server URLs have no default).
fn default_base_url(ir: &Ir) -> Option<&str> {
    let url = ir.api.server_url.as_deref()?;
    let (scheme, rest) = url.split_once("://")?;
    let plain = rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=%".contains(c));
    (matches!(scheme, "http" | "https") && !rest.is_empty() && plain).then_some(url)
}
