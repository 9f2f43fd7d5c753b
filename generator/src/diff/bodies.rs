//! The request body and success response of two paired operations: a body
//! added, removed, made required or optional, retyped or sent as another
//! media type; a response of another type or other media types.

use super::compare::{Adjust, At, Cx, Side};
use super::operations::OpPair;
use super::rust;
use super::types::same_type;
use super::Direction;
use super::SourceLevel::{Major, Patch};
use crate::ir::{BodyKind, ResponseBody};

pub(super) fn request_body(cx: &mut Cx, op: &OpPair) {
    let body_at = |side: Side, pointer: &str| At::Node(side, format!("{pointer}/requestBody"));
    match (&op.old.body, &op.new.body) {
        (None, None) => {}
        (None, Some(new)) => {
            let kind = if new.required {
                "request-body-added-required"
            } else {
                "request-body-added"
            };
            let message = format!(
                "`{}` sends a body: new argument `{}`",
                op.new.name, new.arg_name
            );
            let mut found = op.found(cx, kind, Direction::Request, message, Major);
            found.after = Some(format!(
                "{}: {}",
                new.arg_name,
                rust::body_argument(cx.new, &new.kind, new.required)
            ));
            found.at = body_at(Side::New, &op.new.pointer);
            cx.push(found);
        }
        (Some(old), None) => {
            let message = format!(
                "`{}` no longer sends a body: argument `{}` is gone",
                op.new.name, old.arg_name
            );
            let mut found = op.found_old(
                cx,
                "request-body-removed",
                Direction::Request,
                message,
                Major,
            );
            found.before = Some(format!(
                "{}: {}",
                old.arg_name,
                rust::body_argument(cx.old, &old.kind, old.required)
            ));
            found.at = body_at(Side::Old, &op.old.pointer);
            cx.push(found);
        }
        (Some(old), Some(new)) => {
            let before = format!(
                "{}: {}",
                old.arg_name,
                rust::body_argument(cx.old, &old.kind, old.required)
            );
            let after = format!(
                "{}: {}",
                new.arg_name,
                rust::body_argument(cx.new, &new.kind, new.required)
            );
            let change = if old.required != new.required {
                let kind = if new.required {
                    "request-body-became-required"
                } else {
                    "request-body-became-optional"
                };
                Some((kind, Adjust::None))
            } else if !same_body(cx, &old.kind, &new.kind) {
                Some(("request-body-type-changed", Adjust::None))
            } else if types_of(&before) != types_of(&after) {
                Some(("request-body-type-changed", Adjust::RustOnly))
            } else {
                None
            };
            if let Some((kind, adjust)) = change {
                let source = if types_of(&before) == types_of(&after) {
                    Patch
                } else {
                    Major
                };
                let message = format!(
                    "the body of `{}`: {}",
                    op.new.name,
                    super::kinds::get(kind).summary
                );
                let mut found = op.found(cx, kind, Direction::Request, message, source);
                (found.before, found.after, found.adjust) = (Some(before), Some(after), adjust);
                found.at = body_at(Side::New, &op.new.pointer);
                cx.push(found);
            }
            if old.media_type != new.media_type {
                let message = format!(
                    "the body of `{}` is sent as `{}`, no longer `{}`",
                    op.new.name, new.media_type, old.media_type
                );
                let mut found = op.found(
                    cx,
                    "request-media-type-changed",
                    Direction::Request,
                    message,
                    Patch,
                );
                (found.before, found.after) =
                    (Some(old.media_type.clone()), Some(new.media_type.clone()));
                found.at = body_at(Side::New, &op.new.pointer);
                cx.push(found);
            }
        }
    }
}

/// `body: &models::Job` → `&models::Job`: argument names are not part of
/// a method's API (arguments are positional).
fn types_of(argument: &str) -> &str {
    argument.split_once(": ").map_or(argument, |(_, ty)| ty)
}

/// Whether two bodies are sent alike, up to renamed types.
fn same_body(cx: &Cx, old: &BodyKind, new: &BodyKind) -> bool {
    match (old, new) {
        (BodyKind::Json(o), BodyKind::Json(n))
        | (BodyKind::Form(o), BodyKind::Form(n))
        | (BodyKind::MultipartValue(o), BodyKind::MultipartValue(n)) => same_type(cx, o, n),
        (BodyKind::Multipart(o), BodyKind::Multipart(n)) => cx.pairs.get(o) == Some(n),
        (BodyKind::Text, BodyKind::Text) | (BodyKind::Binary, BodyKind::Binary) => true,
        _ => false,
    }
}

/// Whether two success responses are decoded alike, up to renamed types.
fn same_response(cx: &Cx, old: &ResponseBody, new: &ResponseBody) -> bool {
    match (old, new) {
        (ResponseBody::Json(o), ResponseBody::Json(n)) => same_type(cx, o, n),
        (ResponseBody::ByStatus(o), ResponseBody::ByStatus(n)) => cx.pairs.get(o) == Some(n),
        (ResponseBody::Empty, ResponseBody::Empty)
        | (ResponseBody::Text, ResponseBody::Text)
        | (ResponseBody::Bytes, ResponseBody::Bytes) => true,
        _ => false,
    }
}

pub(super) fn response(cx: &mut Cx, op: &OpPair) {
    let before = rust::return_type(cx.old, &op.old.response);
    let after = rust::return_type(cx.new, &op.new.response);
    let same = same_response(cx, &op.old.response, &op.new.response);
    let responses = format!("{}/responses", op.new.pointer);
    if !same || before != after {
        let message = format!("`{}` returns `{after}`, no longer `{before}`", op.new.name);
        let source = if before == after { Patch } else { Major };
        let mut found = op.found(
            cx,
            "response-type-changed",
            Direction::Response,
            message,
            source,
        );
        found.before = Some(format!("Result<{before}, Error>"));
        found.after = Some(format!("Result<{after}, Error>"));
        found.adjust = if same { Adjust::RustOnly } else { Adjust::None };
        found.at = At::Node(Side::New, responses.clone());
        cx.push(found);
    }
    let media = |accept: &str| -> Vec<String> {
        accept
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect()
    };
    let (old_media, new_media) = (media(&op.old.accept), media(&op.new.accept));
    for (kind, list, other, what) in [
        (
            "response-media-type-removed",
            &old_media,
            &new_media,
            "no longer answers with",
        ),
        (
            "response-media-type-added",
            &new_media,
            &old_media,
            "may answer with",
        ),
    ] {
        for media_type in list.iter().filter(|m| !other.contains(m)) {
            let message = format!("`{}` {what} `{media_type}`", op.new.name);
            let mut found = op.found(cx, kind, Direction::Response, message, Patch);
            found.before = Some(op.old.accept.clone());
            found.after = Some(op.new.accept.clone());
            found.at = At::Node(Side::New, responses.clone());
            cx.push(found);
        }
    }
}
