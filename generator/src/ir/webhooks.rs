//! A 3.1 spec's `webhooks` → one enum of their payloads
//! ([`TypeKind::Webhooks`]), which a server that receives them decodes by
//! the event's name: one variant per webhook, holding the type of the JSON
//! body the API sends.
//!
//! The loader keeps the webhooks as a callback of `components` (see
//! `load::v31::extensions::WEBHOOKS_CALLBACK`): a webhook is a path item
//! whose request the API sends, like a callback's.

use super::operations::{is_json, operation_doc};
use super::reserved::WEBHOOK;
use super::resolve::Resolver;
use super::schemas::Converter;
use super::{TypeKind, TypeRef, WebhookVariant, WebhooksDef};
use crate::load::v31::extensions::WEBHOOKS_CALLBACK;
use crate::naming::{type_name, Namespace};
use crate::pointer::push_pointer;
use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

/// Adds the webhooks' enum (and their payload types) to the store.
pub fn build<'a>(spec: &'a OpenAPI, schemas: &mut Converter<'a>) {
    let Some(ReferenceOr::Item(webhooks)) = spec
        .components
        .as_ref()
        .and_then(|c| c.callbacks.get(WEBHOOKS_CALLBACK))
    else {
        return;
    };
    let pointer = push_pointer("/components/callbacks", WEBHOOKS_CALLBACK);
    let resolver = Resolver::new(spec);
    let mut names = Namespace::new();
    let variants: Vec<WebhookVariant> = webhooks
        .iter()
        .map(|(event, item)| {
            let at = push_pointer(&pointer, event);
            let name = names.claim(&type_name(event));
            variant(event, name, item, &at, &resolver, schemas)
        })
        .collect();
    if variants.is_empty() {
        return;
    }
    // Documented by the emitter, in its own words.
    let id = schemas.store.push_type(WEBHOOK.to_string(), pointer, None);
    let other_variant = names.claim("Unknown");
    schemas.store.set_kind(
        id,
        TypeKind::Webhooks(WebhooksDef {
            variants,
            other_variant,
        }),
    );
}

/// The variant of the webhook `event`: the type of the JSON body of its
/// operation (the first that has a body, usually its only one, `post`).
fn variant<'a>(
    event: &str,
    name: String,
    item: &'a PathItem,
    pointer: &str,
    resolver: &Resolver<'a>,
    schemas: &mut Converter<'a>,
) -> WebhookVariant {
    let operation = item
        .iter()
        .find(|(_, op)| op.request_body.is_some())
        .or_else(|| item.iter().next());
    let payload = operation.and_then(|(method, op)| {
        let op_pointer = push_pointer(pointer, method);
        payload_type(
            op,
            &op_pointer,
            &format!("{name}Webhook"),
            resolver,
            schemas,
        )
    });
    WebhookVariant {
        name,
        event: event.to_string(),
        payload,
        doc: operation.and_then(|(_, op)| operation_doc(op)),
    }
}

/// The type of an operation's JSON request body, if it has one.
fn payload_type<'a>(
    op: &'a Operation,
    pointer: &str,
    hint: &str,
    resolver: &Resolver<'a>,
    schemas: &mut Converter<'a>,
) -> Option<TypeRef> {
    let body_pointer = push_pointer(pointer, "requestBody");
    let body = match op.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => match resolver.request_body(reference) {
            Ok((body, _)) => body,
            Err(error) => {
                let fallback = "the webhook's variant holds no payload";
                schemas
                    .diagnostics
                    .ref_problem(reference, &error, fallback, &body_pointer);
                return None;
            }
        },
    };
    let (media_type, content) = body.content.iter().find(|(media, _)| is_json(media))?;
    let content_pointer = push_pointer(&push_pointer(&body_pointer, "content"), media_type);
    let schema_pointer = push_pointer(&content_pointer, "schema");
    let ty = match &content.schema {
        Some(schema) => schemas.type_of(schema, &schema_pointer, hint),
        None => TypeRef::Any,
    };
    Some(ty)
}
