//! Operations and the client methods they become: which old operation is
//! which new one (by HTTP method and path, then by method name), methods
//! added, removed, renamed or deprecated, and each method's arguments,
//! body and success type. The types an operation's arguments and answers
//! name are compared in `types.rs`; paired operations pair their query and
//! header structs, forms and status enums for it.

use super::compare::{Adjust, At, Cx, Found, Side, Subject};
use super::rust;
use super::types::same_type;
use super::Direction;
use super::SourceLevel::{self, Major, Minor, Patch};
use crate::ir::{AuthScheme, BodyKind, Ir, Operation, PathParam, ResponseBody, TypeId};
use std::collections::HashMap;

/// Paired operations (old index, new index), and those on one side only.
pub(super) struct Matched {
    pub pairs: Vec<(usize, usize)>,
    pub removed: Vec<usize>,
    pub added: Vec<usize>,
}

/// `GET /items/{}`: the endpoint, whatever its parameters are called.
fn endpoint(op: &Operation) -> String {
    endpoint_of(&op.method, &op.path)
}

fn endpoint_of(method: &str, template: &str) -> String {
    let mut path = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => path.push(c),
            _ => {}
        }
    }
    format!("{method} {path}")
}

/// Pairs operations by endpoint, then the rest by method name.
pub(super) fn match_operations(old: &Ir, new: &Ir) -> Matched {
    let mut new_by_endpoint: HashMap<String, usize> = HashMap::new();
    for (i, op) in new.operations.iter().enumerate() {
        new_by_endpoint.entry(endpoint(op)).or_insert(i);
    }
    let mut taken = vec![false; new.operations.len()];
    let mut pairs = Vec::new();
    let mut rest = Vec::new();
    for (i, op) in old.operations.iter().enumerate() {
        match new_by_endpoint.get(&endpoint(op)) {
            Some(&n) if !taken[n] => {
                taken[n] = true;
                pairs.push((i, n));
            }
            _ => rest.push(i),
        }
    }
    let mut removed = Vec::new();
    for i in rest {
        let name = &old.operations[i].name;
        match (0..taken.len()).find(|&n| !taken[n] && &new.operations[n].name == name) {
            Some(n) => {
                taken[n] = true;
                pairs.push((i, n));
            }
            None => removed.push(i),
        }
    }
    pairs.sort_unstable_by_key(|&(_, n)| n);
    let added = (0..taken.len()).filter(|&n| !taken[n]).collect();
    Matched {
        pairs,
        removed,
        added,
    }
}

/// Pairs the types paired operations own: query and header structs,
/// multipart forms, the enums of several success statuses.
pub(super) fn pair_types(cx: &mut Cx, matched: &Matched) {
    for &(o, n) in &matched.pairs {
        let (old, new) = (&cx.old.operations[o], &cx.new.operations[n]);
        let owned = |op: &Operation| -> [Option<TypeId>; 4] {
            [
                op.query.as_ref().map(|q| q.ty),
                op.headers.as_ref().map(|h| h.ty),
                match op.body.as_ref().map(|b| &b.kind) {
                    Some(BodyKind::Multipart(id)) => Some(*id),
                    _ => None,
                },
                match op.response {
                    ResponseBody::ByStatus(id) => Some(id),
                    _ => None,
                },
            ]
        };
        for (old_id, new_id) in owned(old).into_iter().zip(owned(new)) {
            if let (Some(old_id), Some(new_id)) = (old_id, new_id) {
                cx.pairs.insert(old_id, new_id);
            }
        }
    }
}

pub(super) fn compare(cx: &mut Cx, matched: &Matched) {
    for &i in &matched.removed {
        one_side(cx, Side::Old, i);
    }
    for &i in &matched.added {
        one_side(cx, Side::New, i);
    }
    for &(o, n) in &matched.pairs {
        let op = OpPair {
            old: &cx.old.operations[o],
            new: &cx.new.operations[n],
            new_index: n,
            old_index: o,
        };
        renamed_or_moved(cx, &op);
        path_params(cx, &op);
        parameter_structs(cx, &op);
        super::bodies::request_body(cx, &op);
        super::bodies::response(cx, &op);
        auth_and_pagination(cx, &op);
        super::features::method_gates(cx, &op);
    }
}

/// Two paired operations.
pub(super) struct OpPair<'a> {
    pub old: &'a Operation,
    pub new: &'a Operation,
    pub old_index: usize,
    pub new_index: usize,
}

impl OpPair<'_> {
    /// A change of the new method, in `direction`, located at `suffix`
    /// below the new operation (`/requestBody`).
    pub(super) fn found(
        &self,
        cx: &Cx,
        kind: &'static str,
        direction: Direction,
        message: String,
        source: SourceLevel,
    ) -> Found {
        Found {
            kind,
            item: format!("Client::{}", self.new.name),
            before: None,
            after: None,
            message,
            source: client_source(cx, source),
            subject: Subject::Operation(Side::New, self.new_index, direction),
            at: At::Node(Side::New, self.new.pointer.clone()),
            adjust: Adjust::None,
        }
    }

    /// The same, for something only the old operation has.
    pub(super) fn found_old(
        &self,
        cx: &Cx,
        kind: &'static str,
        direction: Direction,
        message: String,
        source: SourceLevel,
    ) -> Found {
        let mut found = self.found(cx, kind, direction, message, source);
        found.subject = Subject::Operation(Side::Old, self.old_index, direction);
        found.at = At::Node(Side::Old, self.old.pointer.clone());
        found
    }
}

/// A method's change counts for the source only where both crates have
/// the client; otherwise `client-added` or `client-removed` says it all.
pub(super) fn client_source(cx: &Cx, level: SourceLevel) -> SourceLevel {
    if cx.old_client && cx.new_client {
        level
    } else {
        Patch
    }
}

fn one_side(cx: &mut Cx, side: Side, index: usize) {
    let ir = cx.ir(side);
    let op = &ir.operations[index];
    let streams = op
        .pagination
        .as_ref()
        .map(|p| format!(" (and `{}`, `{}`)", p.pages_method, p.items_method))
        .unwrap_or_default();
    let signature = Some(rust::method_signature(ir, op));
    let (kind, source, before, after, what) = match side {
        Side::Old if op.deprecated => (
            "method-removed-after-deprecation",
            Major,
            signature,
            None,
            "was removed",
        ),
        Side::Old => ("method-removed", Major, signature, None, "was removed"),
        Side::New => ("method-added", Minor, None, signature, "was added"),
    };
    let found = Found {
        kind,
        item: format!("Client::{}", op.name),
        before,
        after,
        message: format!(
            "`{} {}` {what}: method `{}`{streams}",
            op.method, op.path, op.name
        ),
        source: client_source(cx, source),
        subject: Subject::Operation(side, index, Direction::None),
        at: At::Node(side, op.pointer.clone()),
        adjust: Adjust::None,
    };
    cx.push(found);
}

fn renamed_or_moved(cx: &mut Cx, op: &OpPair) {
    let signatures = || {
        (
            Some(rust::method_signature(cx.old, op.old)),
            Some(rust::method_signature(cx.new, op.new)),
        )
    };
    if op.old.name != op.new.name {
        let message = format!(
            "method `{}` was renamed to `{}` (operationId changed)",
            op.old.name, op.new.name
        );
        let mut found = op.found(cx, "method-renamed", Direction::None, message, Major);
        found.item = format!("Client::{}", op.old.name);
        (found.before, found.after) = signatures();
        cx.push(found);
    }
    let moves = [
        ("http-method-changed", &op.old.method, &op.new.method),
        ("path-changed", &op.old.path, &op.new.path),
    ];
    for (kind, old, new) in moves {
        if endpoint_differs(kind, old, new) {
            let message = format!(
                "`{}` now sends `{} {}`, no longer `{} {}`",
                op.new.name, op.new.method, op.new.path, op.old.method, op.old.path
            );
            let mut found = op.found(cx, kind, Direction::Request, message, Patch);
            found.before = Some(format!("{} {}", op.old.method, op.old.path));
            found.after = Some(format!("{} {}", op.new.method, op.new.path));
            cx.push(found);
        }
    }
    if op.old.deprecated != op.new.deprecated {
        let (kind, source, what) = if op.new.deprecated {
            ("deprecated", Minor, "is now `#[deprecated]`")
        } else {
            ("deprecation-removed", Patch, "is no longer deprecated")
        };
        let message = format!("method `{}` {what}", op.new.name);
        cx.push(op.found(cx, kind, Direction::None, message, source));
    }
}

/// Paths are compared with their parameters' names left out: `/a/{id}`
/// and `/a/{itemId}` are one endpoint.
fn endpoint_differs(kind: &str, old: &str, new: &str) -> bool {
    if kind == "http-method-changed" {
        return old != new;
    }
    endpoint_of("", old) != endpoint_of("", new)
}

/// Path parameters, by name: the method's positional arguments, except
/// those the client holds (`ClientBuilder::org_id`).
fn path_params(cx: &mut Cx, op: &OpPair) {
    for new in &op.new.path_params {
        match op
            .old
            .path_params
            .iter()
            .find(|p| p.wire_name == new.wire_name)
        {
            Some(old) => path_param_changed(cx, op, old, new),
            None => path_param_one_side(cx, op, Side::New, new),
        }
    }
    for old in &op.old.path_params {
        if !op
            .new
            .path_params
            .iter()
            .any(|n| n.wire_name == old.wire_name)
        {
            path_param_one_side(cx, op, Side::Old, old);
        }
    }
}

/// `id: &str`, or where the client holds the value.
fn path_param_text(ir: &Ir, param: &PathParam) -> String {
    match param.client_param {
        Some(i) => format!(
            "set on the client: ClientBuilder::{}",
            ir.client_params[i].field
        ),
        None => format!("{}: {}", param.arg_name, rust::path_argument(ir, &param.ty)),
    }
}

fn path_param_one_side(cx: &mut Cx, op: &OpPair, side: Side, param: &PathParam) {
    // A parameter the client holds is no argument of the method.
    let source = if param.client_param.is_some() {
        Patch
    } else {
        Major
    };
    let wire = &param.wire_name;
    let mut found = match side {
        Side::New => {
            let message = format!("path parameter `{wire}` was added");
            let kind = "parameter-added-required";
            let mut found = op.found(cx, kind, Direction::Request, message, source);
            found.after = Some(path_param_text(cx.new, param));
            found
        }
        Side::Old => {
            let message = format!("path parameter `{wire}` was removed");
            let kind = "parameter-removed";
            let mut found = op.found_old(cx, kind, Direction::Request, message, source);
            found.before = Some(path_param_text(cx.old, param));
            found
        }
    };
    let pointer = match side {
        Side::Old => &op.old.pointer,
        Side::New => &op.new.pointer,
    };
    found.at = At::Parameter(side, pointer.clone(), wire.clone());
    cx.push(found);
}

fn path_param_changed(cx: &mut Cx, op: &OpPair, old: &PathParam, new: &PathParam) {
    let old_ty = rust::path_argument(cx.old, &old.ty);
    let new_ty = rust::path_argument(cx.new, &new.ty);
    let kind = match (old.client_param.is_some(), new.client_param.is_some()) {
        (false, true) => "parameter-moved-to-client",
        (true, false) => "parameter-moved-from-client",
        (true, true) => return,
        _ if !same_type(cx, &old.ty, &new.ty) || old_ty != new_ty => "parameter-type-changed",
        _ => return,
    };
    let source = if kind == "parameter-type-changed" && old_ty == new_ty {
        Patch
    } else {
        Major
    };
    let summary = super::kinds::get(kind).summary;
    let message = format!("path parameter `{}`: {summary}", new.wire_name);
    let mut found = op.found(cx, kind, Direction::Request, message, source);
    found.before = Some(path_param_text(cx.old, old));
    found.after = Some(path_param_text(cx.new, new));
    found.at = At::Parameter(Side::New, op.new.pointer.clone(), new.wire_name.clone());
    cx.push(found);
}

/// A query or header struct that appears or goes: the method gains or
/// loses that argument, one change per parameter. (Structs on both sides
/// are paired and their fields compared in `fields.rs`.)
fn parameter_structs(cx: &mut Cx, op: &OpPair) {
    let structs = [
        (
            op.old.query.as_ref().map(|q| q.ty),
            op.new.query.as_ref().map(|q| q.ty),
        ),
        (
            op.old.headers.as_ref().map(|h| h.ty),
            op.new.headers.as_ref().map(|h| h.ty),
        ),
    ];
    for (old, new) in structs {
        match (old, new) {
            (None, Some(id)) => struct_parameters(cx, op, Side::New, id),
            (Some(id), None) => struct_parameters(cx, op, Side::Old, id),
            _ => {}
        }
    }
}

fn struct_parameters(cx: &mut Cx, op: &OpPair, side: Side, id: TypeId) {
    let ir = cx.ir(side);
    let def = &ir.types[id.0];
    let Some(fields) = rust::struct_of(def) else {
        return;
    };
    let operation = match side {
        Side::Old => op.old,
        Side::New => op.new,
    };
    for field in &fields.fields {
        let (kind, what) = match (side, field.required) {
            (Side::Old, _) => ("parameter-removed", "was removed"),
            (Side::New, true) => ("parameter-added-required", "was added (required)"),
            (Side::New, false) => ("parameter-added", "was added (optional)"),
        };
        let message = format!(
            "parameter `{}` {what}: the method's `&models::{}` argument {}",
            field.wire_name,
            def.name,
            if side == Side::New {
                "is new"
            } else {
                "is gone"
            }
        );
        let mut found = match side {
            Side::Old => op.found_old(cx, kind, Direction::Request, message, Major),
            Side::New => op.found(cx, kind, Direction::Request, message, Major),
        };
        found.item = format!("models::{}::{}", def.name, field.name);
        let declaration = Some(rust::field_declaration(ir, field, true));
        match side {
            Side::Old => found.before = declaration,
            Side::New => found.after = declaration,
        }
        found.at = At::Parameter(side, operation.pointer.clone(), field.wire_name.clone());
        cx.push(found);
    }
}

fn auth_and_pagination(cx: &mut Cx, op: &OpPair) {
    let keys = |ir: &Ir, o: &Operation| -> Vec<String> {
        o.api_keys
            .iter()
            .map(|&k| ir.api_keys[k].scheme.clone())
            .collect()
    };
    let show = |ir: &Ir, o: &Operation| {
        let mut parts: Vec<String> = o
            .auth
            .iter()
            .map(|a| match a {
                AuthScheme::OAuth2ClientCredentials { .. } => {
                    "OAuth2 client credentials".to_string()
                }
                AuthScheme::Bearer => "a bearer token".to_string(),
                AuthScheme::Basic => "HTTP Basic".to_string(),
            })
            .collect();
        parts.extend(keys(ir, o).into_iter().map(|k| format!("api key `{k}`")));
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(" + ")
        }
    };
    let (before, after) = (show(cx.old, op.old), show(cx.new, op.new));
    if before != after {
        let message = format!(
            "`{}` authenticates with {after}, no longer {before}",
            op.new.name
        );
        let mut found = op.found(cx, "auth-changed", Direction::Request, message, Patch);
        (found.before, found.after) = (Some(before), Some(after));
        found.at = At::Node(Side::New, format!("{}/security", op.new.pointer));
        cx.push(found);
    }
    match (&op.old.pagination, &op.new.pagination) {
        (None, Some(p)) => {
            let message = format!(
                "`{}` is paginated: new methods `{}` and `{}`",
                op.new.name, p.pages_method, p.items_method
            );
            cx.push(op.found(cx, "pagination-added", Direction::Response, message, Minor));
        }
        (Some(p), None) => {
            let message = format!(
                "`{}` is no longer paginated: methods `{}` and `{}` are gone",
                op.new.name, p.pages_method, p.items_method
            );
            cx.push(op.found(
                cx,
                "pagination-removed",
                Direction::Response,
                message,
                Major,
            ));
        }
        _ => {}
    }
}
