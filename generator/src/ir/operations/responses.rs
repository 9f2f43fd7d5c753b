//! Responses: the success body the method returns (one type, or an enum by
//! status when 2xx responses differ), the `Accept` header, and the body of
//! the documented error responses.

use super::media::{is_json, preferred_media_type, MediaKind, JSON};
use super::OperationContext;
use crate::ir::resolve::Resolver;
use crate::ir::schemas::Converter;
use crate::ir::{ResponseBody, ResponsesDef, StatusMatch, StatusVariant, TypeKind, TypeRef};
use crate::naming::Namespace;
use crate::pointer::push_pointer;
use openapiv3::{MediaType, ReferenceOr, Response, Responses, StatusCode};

/// A documented success response: its status code as the spec writes it,
/// the statuses it stands for, and the response.
type Success<'a> = (String, StatusMatch, &'a ReferenceOr<Response>);

impl<'a> OperationContext<'a> {
    /// The success body (and the `Accept` header): the one 2xx response's,
    /// or an enum by status when several 2xx responses differ; `default`
    /// stands in when no 2xx response is documented.
    pub(super) fn response(
        &self,
        type_prefix: &str,
        schemas: &mut Converter<'a>,
    ) -> (ResponseBody, String) {
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
        let successes = success_responses(responses);
        let (variants, accept) = self.status_variants(successes, &pointer, type_prefix, schemas);
        let accept = if accept.is_empty() {
            JSON.to_string()
        } else {
            accept.join(", ")
        };
        let body = self.success_body(variants, type_prefix, pointer, schemas);
        (body, accept)
    }

    /// A variant per success response, its body typed (identical bodies
    /// share one type), and the media types of the bodies, for `Accept`.
    fn status_variants(
        &self,
        successes: Vec<Success<'a>>,
        pointer: &str,
        type_prefix: &str,
        schemas: &mut Converter<'a>,
    ) -> (Vec<StatusVariant>, Vec<String>) {
        let several = successes.len() > 1;
        let mut variants: Vec<StatusVariant> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        // Identical documented bodies share one type.
        let mut seen: Vec<(Option<(&str, &MediaType)>, ResponseBody)> = Vec::new();
        for (code, status, response) in successes {
            let response_pointer = push_pointer(pointer, &code);
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
        (variants, accept)
    }

    /// The body every success status shares; when they differ, an enum of
    /// them by status, as a type of its own.
    fn success_body(
        &self,
        mut variants: Vec<StatusVariant>,
        type_prefix: &str,
        pointer: String,
        schemas: &mut Converter<'a>,
    ) -> ResponseBody {
        let Some(first) = variants.first() else {
            return ResponseBody::Empty;
        };
        if variants.iter().all(|v| v.body == first.body) {
            return first.body.clone();
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
        ResponseBody::ByStatus(id)
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
    pub(super) fn error_response(
        &self,
        type_prefix: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<TypeRef> {
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

    /// The response itself, following `$ref`s (into the components, or
    /// to another operation's response, as some specs share them); one
    /// that cannot be followed is reported and left out.
    fn resolve_response(
        &self,
        response: &'a ReferenceOr<Response>,
        pointer: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<&'a Response> {
        self.followed(
            response,
            Resolver::response,
            "the response is left out",
            pointer,
            &mut schemas.diagnostics,
        )
    }
}

/// The documented success responses, by status code as text; `default`
/// stands in when there is none.
fn success_responses(responses: &Responses) -> Vec<Success<'_>> {
    let mut successes: Vec<Success> = responses
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
    successes
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

fn is_error(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(n) => (400..600).contains(n),
        StatusCode::Range(r) => *r == 4 || *r == 5,
    }
}
