//! The fields of two paired structs: added, removed, renamed, retyped,
//! made required or optional, nullable or not. The fields of a `…Query`
//! or `…Headers` struct are an operation's parameters and are reported
//! with the `parameter-*` kinds.
//!
//! Fields are paired by their wire name, then by Rust name (a property
//! renamed in the spec whose Rust name stays: the code compiles, the wire
//! changed).

use super::compare::{Adjust, At, Cx, Found, Side, Subject};
use super::rust;
use super::types::{same_type, widens};
use super::SourceLevel::{Major, Minor, Patch};
use crate::ir::{Field, StructDef, TypeId};

/// Two paired structs and how their fields are named and located.
pub(super) struct Structs<'a> {
    pub old: &'a StructDef,
    pub new: &'a StructDef,
    /// The new type's name.
    pub type_name: &'a str,
    pub new_id: TypeId,
    pub old_pointer: &'a str,
    pub new_pointer: &'a str,
    /// The fields are an operation's query or header parameters.
    pub parameters: bool,
    /// Recursive fields are boxed (not in multipart forms).
    pub boxing: bool,
    /// The new struct has no `#[non_exhaustive]` (see `rust::exhaustive`).
    pub exhaustive: bool,
}

/// The wire name of the flattened map of `additionalProperties`.
const ADDITIONAL: &str = "additionalProperties";

impl Structs<'_> {
    /// `field-added` or `parameter-added`.
    fn kind(&self, field_kind: &'static str, parameter_kind: &'static str) -> &'static str {
        if self.parameters {
            parameter_kind
        } else {
            field_kind
        }
    }

    fn at(&self, side: Side, wire_name: &str) -> At {
        let pointer = match side {
            Side::Old => self.old_pointer,
            Side::New => self.new_pointer,
        };
        // A parameter struct's pointer is its operation's `/parameters`.
        match pointer.strip_suffix("/parameters") {
            Some(op) if self.parameters => At::Parameter(side, op.into(), wire_name.into()),
            _ => At::Property(side, pointer.into(), wire_name.into()),
        }
    }

    fn found(&self, kind: &'static str, field: &str, at: At, message: String) -> Found {
        let what = if self.parameters {
            "parameter"
        } else {
            "field"
        };
        Found {
            kind,
            item: format!("models::{}::{field}", self.type_name),
            before: None,
            after: None,
            message: format!("{what} {message}"),
            source: Major,
            // Removals too: the type is still there, and its usage says
            // where the field travelled.
            subject: Subject::Type(Side::New, self.new_id),
            at,
            adjust: Adjust::None,
        }
    }
}

pub(super) fn compare(cx: &mut Cx, structs: Structs) {
    let mut unmatched_new: Vec<&Field> = Vec::new();
    for new in &structs.new.fields {
        match structs
            .old
            .fields
            .iter()
            .find(|o| o.wire_name == new.wire_name)
        {
            Some(old) => matched(cx, &structs, old, new),
            None => unmatched_new.push(new),
        }
    }
    let unmatched_old: Vec<&Field> = structs
        .old
        .fields
        .iter()
        .filter(|o| {
            !structs
                .new
                .fields
                .iter()
                .any(|n| n.wire_name == o.wire_name)
        })
        .collect();
    for old in &unmatched_old {
        match unmatched_new.iter().position(|n| n.name == old.name) {
            Some(index) => {
                let new = unmatched_new.remove(index);
                wire_name_changed(cx, &structs, old, new);
                matched(cx, &structs, old, new);
            }
            None => removed(cx, &structs, old),
        }
    }
    for new in unmatched_new {
        added(cx, &structs, new);
    }
    additional(cx, &structs);
}

fn added(cx: &mut Cx, structs: &Structs, field: &Field) {
    let (kind, what) = if field.required {
        (
            structs.kind("field-added-required", "parameter-added-required"),
            "required",
        )
    } else {
        (structs.kind("field-added", "parameter-added"), "optional")
    };
    let at = structs.at(Side::New, &field.wire_name);
    let message = format!("`{}` (`{}`, {what}) was added", field.name, field.wire_name);
    let mut found = structs.found(kind, &field.name, at, message);
    found.after = Some(rust::field_declaration(cx.new, field, structs.boxing));
    // A struct literal must name every field of an exhaustive struct; an
    // optional field added to a `#[non_exhaustive]` one breaks nothing.
    if !structs.exhaustive && !field.required {
        found.source = Minor;
    }
    cx.push(found);
}

fn removed(cx: &mut Cx, structs: &Structs, field: &Field) {
    let kind = structs.kind("field-removed", "parameter-removed");
    let at = structs.at(Side::Old, &field.wire_name);
    let message = format!("`{}` (`{}`) was removed", field.name, field.wire_name);
    let mut found = structs.found(kind, &field.name, at, message);
    found.before = Some(rust::field_declaration(cx.old, field, structs.boxing));
    if !field.required {
        found.adjust = Adjust::OptionalRemoved;
    }
    cx.push(found);
}

fn wire_name_changed(cx: &mut Cx, structs: &Structs, old: &Field, new: &Field) {
    let kind = structs.kind("field-wire-name-changed", "parameter-wire-name-changed");
    let at = structs.at(Side::New, &new.wire_name);
    let message = format!(
        "`{}` is sent and read as `{}`, no longer `{}`",
        new.name, new.wire_name, old.wire_name
    );
    let mut found = structs.found(kind, &new.name, at, message);
    found.before = Some(format!(
        "{} (`{}`)",
        rust::field_declaration(cx.old, old, structs.boxing),
        old.wire_name
    ));
    found.after = Some(format!(
        "{} (`{}`)",
        rust::field_declaration(cx.new, new, structs.boxing),
        new.wire_name
    ));
    found.source = Patch;
    cx.push(found);
}

/// The changes of one field present on both sides: its Rust name, then
/// its type, else whether it is required, else whether it is nullable.
fn matched(cx: &mut Cx, structs: &Structs, old: &Field, new: &Field) {
    let before = rust::field_declaration(cx.old, old, structs.boxing);
    let after = rust::field_declaration(cx.new, new, structs.boxing);
    let at = structs.at(Side::New, &new.wire_name);
    if old.name != new.name {
        let message = format!(
            "`{}` was renamed to `{}` (`{}` on the wire)",
            old.name, new.name, new.wire_name
        );
        let mut found = structs.found("field-renamed", &old.name, at.clone(), message);
        found.before = Some(before.clone());
        found.after = Some(after.clone());
        cx.push(found);
    }
    let Some((kind, message, adjust)) = field_change(cx, structs, old, new) else {
        return;
    };
    let mut found = structs.found(kind, &new.name, at, message);
    found.source = if before == after { Patch } else { Major };
    found.before = Some(before);
    found.after = Some(after);
    found.adjust = adjust;
    cx.push(found);
}

/// The kind, message and rating adjustment of a field's type change, if
/// it changed.
fn field_change(
    cx: &Cx,
    structs: &Structs,
    old: &Field,
    new: &Field,
) -> Option<(&'static str, String, Adjust)> {
    let (old_inner, old_null) = old.ty.strip_nullable();
    let (new_inner, new_null) = new.ty.strip_nullable();
    let name = &new.name;
    let old_rust = rust::field_type(cx.old, old, structs.boxing);
    let new_rust = rust::field_type(cx.new, new, structs.boxing);
    if !same_type(cx, old_inner, new_inner)
        || (old.required == new.required && old_null == new_null && old_rust != new_rust)
    {
        let kind = structs.kind("field-type-changed", "parameter-type-changed");
        let adjust = if widens(old_inner, new_inner) {
            Adjust::Widened
        } else if same_type(cx, old_inner, new_inner) {
            Adjust::RustOnly
        } else {
            Adjust::None
        };
        return Some((
            kind,
            format!("`{name}` changed type: {old_rust} → {new_rust}"),
            adjust,
        ));
    }
    if old.required != new.required {
        let (kind, what) = if new.required {
            (
                structs.kind("field-became-required", "parameter-became-required"),
                "required",
            )
        } else {
            (
                structs.kind("field-became-optional", "parameter-became-optional"),
                "optional",
            )
        };
        return Some((kind, format!("`{name}` became {what}"), Adjust::None));
    }
    if old_null != new_null && structs.parameters && old_rust != new_rust {
        let message = format!("`{name}` changed type: {old_rust} → {new_rust}");
        return Some(("parameter-type-changed", message, Adjust::None));
    }
    if old_null != new_null && !structs.parameters {
        let (kind, what) = if new_null {
            ("field-became-nullable", "may now be null")
        } else {
            ("field-became-not-nullable", "may no longer be null")
        };
        return Some((kind, format!("`{name}` {what}"), Adjust::None));
    }
    None
}

/// The flattened map of `additionalProperties`, compared like a field.
fn additional(cx: &mut Cx, structs: &Structs) {
    let (old, new) = (&structs.old.additional, &structs.new.additional);
    let before = old
        .as_ref()
        .map(|a| rust::additional_declaration(cx.old, a));
    let after = new
        .as_ref()
        .map(|a| rust::additional_declaration(cx.new, a));
    if before == after {
        return;
    }
    let (kind, side, field, what) = match (old, new) {
        (None, Some((field, _))) => ("field-added", Side::New, field, "was added"),
        (Some((field, _)), None) => ("field-removed", Side::Old, field, "was removed"),
        (_, Some((field, _))) => ("field-type-changed", Side::New, field, "changed type"),
        (None, None) => return,
    };
    let at = structs.at(side, ADDITIONAL);
    let message = format!("`{field}` (the map of `{ADDITIONAL}`) {what}");
    let mut found = structs.found(kind, field, at, message);
    found.before = before;
    found.after = after;
    if kind == "field-removed" {
        found.adjust = Adjust::OptionalRemoved;
    }
    cx.push(found);
}
