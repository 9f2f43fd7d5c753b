//! The request body and success response of two paired operations: a body
//! added, removed, made required or optional, retyped or sent as another
//! media type; a response of another type or other media types.

use super::compare::{Adjust, At, Cx, Side};
use super::operations::OpPair;
use super::rust;
use super::types::same_type;
use super::Direction;
use super::SourceLevel::{Major, Patch};
use crate::ir::{BodyKind, RequestBody, ResponseBody};

pub(super) fn request_body(cx: &mut Cx, op: &OpPair) {
    match (&op.old.body, &op.new.body) {
        (None, None) => {}
        (None, Some(new)) => body_added(cx, op, new),
        (Some(old), None) => body_removed(cx, op, old),
        (Some(old), Some(new)) => {
            body_changed(cx, op, old, new);
            if old.media_type != new.media_type {
                let message = format!(
                    "the body of `{}` is sent as `{}`, no longer `{}`",
                    op.new.name, new.media_type, old.media_type
                );
                let kind = "request-media-type-changed";
                let mut found = op.found(cx, kind, Direction::Request, message, Patch);
                found.before = Some(old.media_type.clone());
                found.after = Some(new.media_type.clone());
                found.at = body_at(Side::New, &op.new.pointer);
                cx.push(found);
            }
        }
    }
}

fn body_at(side: Side, pointer: &str) -> At {
    At::Node(side, format!("{pointer}/requestBody"))
}

/// `body: Option<&models::Job>`
fn argument(ir: &crate::ir::Ir, body: &RequestBody) -> String {
    let ty = rust::body_argument(ir, &body.kind, body.required);
    format!("{}: {ty}", body.arg_name)
}

fn body_added(cx: &mut Cx, op: &OpPair, new: &RequestBody) {
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
    found.after = Some(argument(cx.new, new));
    found.at = body_at(Side::New, &op.new.pointer);
    cx.push(found);
}

fn body_removed(cx: &mut Cx, op: &OpPair, old: &RequestBody) {
    let message = format!(
        "`{}` no longer sends a body: argument `{}` is gone",
        op.new.name, old.arg_name
    );
    let kind = "request-body-removed";
    let mut found = op.found_old(cx, kind, Direction::Request, message, Major);
    found.before = Some(argument(cx.old, old));
    found.at = body_at(Side::Old, &op.old.pointer);
    cx.push(found);
}

/// A body required or optional now, or holding another type.
fn body_changed(cx: &mut Cx, op: &OpPair, old: &RequestBody, new: &RequestBody) {
    let before = argument(cx.old, old);
    let after = argument(cx.new, new);
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
    let Some((kind, adjust)) = change else {
        return;
    };
    let source = if types_of(&before) == types_of(&after) {
        Patch
    } else {
        Major
    };
    let summary = super::kinds::get(kind).summary;
    let message = format!("the body of `{}`: {summary}", op.new.name);
    let mut found = op.found(cx, kind, Direction::Request, message, source);
    (found.before, found.after, found.adjust) = (Some(before), Some(after), adjust);
    found.at = body_at(Side::New, &op.new.pointer);
    cx.push(found);
}

/// `body: &models::Job` → `&models::Job`: argument names are not part of
/// a method's API (arguments are positional).
fn types_of(argument: &str) -> &str {
    argument.split_once(": ").map_or(argument, |(_, ty)| ty)
}

/// Whether two bodies hold the same value, up to renamed types (the media
/// type they are sent as is compared apart).
fn same_body(cx: &Cx, old: &BodyKind, new: &BodyKind) -> bool {
    let value = |kind: &BodyKind| match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => Some(ty.clone()),
        BodyKind::Multipart(id) => Some(crate::ir::TypeRef::Named(*id)),
        BodyKind::Text | BodyKind::Binary => None,
    };
    match (value(old), value(new)) {
        (Some(o), Some(n)) => same_type(cx, &o, &n),
        (None, None) => std::mem::discriminant(old) == std::mem::discriminant(new),
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
