//! The variants of two paired enums: string and integer enums (by wire
//! value), unions (by variant name), the enums of several success
//! statuses (by status) and the webhooks' enum (by event name). Generated enums are exhaustive, so every variant
//! added or removed is a major change for the code as generated, even
//! where the `Unknown` variant keeps the wire working.

use super::compare::{Adjust, Cx, Found};
use super::rust;
use super::types::same_type;
use super::SourceLevel::{Major, Minor, Patch};
use crate::ir::{
    EnumDef, IntegerEnumDef, ResponseBody, ResponsesDef, StatusMatch, UnionDef, UnionVariant,
    WebhooksDef,
};

type Pair<'a> = super::types::PairRef<'a>;

/// A variant added (`after`) or removed (`before`), or renamed (both).
struct VariantChange<'a> {
    kind: &'static str,
    variant: &'a str,
    before: Option<String>,
    after: Option<String>,
    message: String,
}

fn push(cx: &mut Cx, pair: &Pair, change: VariantChange) {
    // A variant added to a `#[non_exhaustive]` enum breaks no `match`.
    let source = if change.before.is_none() && !rust::exhaustive(pair.new) {
        Minor
    } else {
        Major
    };
    let mut found: Found = pair.found(change.kind, change.message, source);
    found.item = format!("models::{}::{}", pair.new.name, change.variant);
    found.before = change.before;
    found.after = change.after;
    cx.push(found);
}

pub(super) fn string_enum(cx: &mut Cx, pair: &Pair, old: &EnumDef, new: &EnumDef) {
    let old_values: Vec<(String, &str)> = old
        .variants
        .iter()
        .map(|v| (v.wire_value.clone(), v.name.as_str()))
        .collect();
    let new_values: Vec<(String, &str)> = new
        .variants
        .iter()
        .map(|v| (v.wire_value.clone(), v.name.as_str()))
        .collect();
    values(cx, pair, &old_values, &new_values, |value| {
        format!("{value:?}")
    });
    other_variant(cx, pair, &old.other_variant, &new.other_variant);
}

pub(super) fn integer_enum(cx: &mut Cx, pair: &Pair, old: &IntegerEnumDef, new: &IntegerEnumDef) {
    let old_values: Vec<(String, &str)> = old
        .variants
        .iter()
        .map(|v| (v.value.to_string(), v.name.as_str()))
        .collect();
    let new_values: Vec<(String, &str)> = new
        .variants
        .iter()
        .map(|v| (v.value.to_string(), v.name.as_str()))
        .collect();
    values(cx, pair, &old_values, &new_values, |value| {
        value.to_string()
    });
    other_variant(cx, pair, &old.other_variant, &new.other_variant);
}

/// The webhooks of a 3.1 spec: events added, removed or given another
/// variant name, as an enum's values are (their payload types are compared
/// where they are named).
pub(super) fn webhooks(cx: &mut Cx, pair: &Pair, old: &WebhooksDef, new: &WebhooksDef) {
    let old_events: Vec<(String, &str)> = old
        .variants
        .iter()
        .map(|v| (v.event.clone(), v.name.as_str()))
        .collect();
    let new_events: Vec<(String, &str)> = new
        .variants
        .iter()
        .map(|v| (v.event.clone(), v.name.as_str()))
        .collect();
    values(cx, pair, &old_events, &new_events, |event| {
        format!("{event:?}")
    });
    other_variant(cx, pair, &old.other_variant, &new.other_variant);
}

/// Enum values added, removed, or given another variant name.
fn values(
    cx: &mut Cx,
    pair: &Pair,
    old: &[(String, &str)],
    new: &[(String, &str)],
    show: fn(&str) -> String,
) {
    let ty = &pair.new.name;
    for (value, name) in new {
        let declaration = format!("{ty}::{name} ({})", show(value));
        match old.iter().find(|(v, _)| v == value) {
            None => push(
                cx,
                pair,
                VariantChange {
                    kind: "enum-value-added",
                    variant: name,
                    before: None,
                    after: Some(declaration),
                    message: format!("value {} was added", show(value)),
                },
            ),
            Some((_, old_name)) if old_name != name => push(
                cx,
                pair,
                VariantChange {
                    kind: "enum-variant-renamed",
                    variant: old_name,
                    before: Some(format!("{}::{old_name} ({})", pair.old.name, show(value))),
                    after: Some(declaration),
                    message: format!("the variant of {} was renamed to `{name}`", show(value)),
                },
            ),
            Some(_) => {}
        }
    }
    for (value, name) in old.iter().filter(|(v, _)| !new.iter().any(|(n, _)| n == v)) {
        push(
            cx,
            pair,
            VariantChange {
                kind: "enum-value-removed",
                variant: name,
                before: Some(format!("{}::{name} ({})", pair.old.name, show(value))),
                after: None,
                message: format!("value {} was removed", show(value)),
            },
        );
    }
}

/// The catch-all variant (`Unknown`) is renamed when a value takes its name.
fn other_variant(cx: &mut Cx, pair: &Pair, old: &str, new: &str) {
    if old != new {
        push(
            cx,
            pair,
            VariantChange {
                kind: "enum-variant-renamed",
                variant: old,
                before: Some(format!("{}::{old}(..)", pair.old.name)),
                after: Some(format!("{}::{new}(..)", pair.new.name)),
                message: format!("the variant for unknown values was renamed to `{new}`"),
            },
        );
    }
}

pub(super) fn union(cx: &mut Cx, pair: &Pair, old: &UnionDef, new: &UnionDef) {
    let (old_ir, new_ir) = (cx.old, cx.new);
    let payload = |ir, v: &UnionVariant| {
        let ty = rust::type_name(ir, &v.ty);
        if v.boxed {
            format!("Box<{ty}>")
        } else {
            ty
        }
    };
    for v in &new.variants {
        let after = format!("{}::{}({})", pair.new.name, v.name, payload(new_ir, v));
        match old.variants.iter().find(|o| o.name == v.name) {
            None => push(
                cx,
                pair,
                VariantChange {
                    kind: "variant-added",
                    variant: &v.name,
                    before: None,
                    after: Some(after),
                    message: format!("variant `{}` was added", v.name),
                },
            ),
            Some(o) => {
                let before = format!("{}::{}({})", pair.old.name, o.name, payload(old_ir, o));
                if before != after || !same_type(cx, &o.ty, &v.ty) {
                    let mut found = pair.found(
                        "variant-type-changed",
                        format!("variant `{}` holds another type", v.name),
                        if before == after { Patch } else { Major },
                    );
                    found.item = format!("models::{}::{}", pair.new.name, v.name);
                    found.before = Some(before);
                    found.after = Some(after);
                    if same_type(cx, &o.ty, &v.ty) {
                        found.adjust = Adjust::RustOnly;
                    }
                    cx.push(found);
                }
            }
        }
    }
    for o in old
        .variants
        .iter()
        .filter(|o| !new.variants.iter().any(|v| v.name == o.name))
    {
        push(
            cx,
            pair,
            VariantChange {
                kind: "variant-removed",
                variant: &o.name,
                before: Some(format!(
                    "{}::{}({})",
                    pair.old.name,
                    o.name,
                    payload(old_ir, o)
                )),
                after: None,
                message: format!("variant `{}` was removed", o.name),
            },
        );
    }
    discriminator(cx, pair, old, new);
}

/// The discriminator property and each variant's tag values. A union gains
/// (or loses) its catch-all variant with its discriminator.
fn discriminator(cx: &mut Cx, pair: &Pair, old: &UnionDef, new: &UnionDef) {
    let tags = |u: &UnionDef| -> Vec<String> {
        u.variants
            .iter()
            .map(|v| format!("{}: {}", v.name, v.tag_values.join("|")))
            .collect()
    };
    let show = |u: &UnionDef| match &u.discriminator {
        Some(property) => format!("discriminator `{property}` ({})", tags(u).join(", ")),
        None => "no discriminator (first variant that decodes)".to_string(),
    };
    let untagged = old.discriminator.is_none() && new.discriminator.is_none();
    if untagged || (old.discriminator == new.discriminator && tags(old) == tags(new)) {
        return;
    }
    // Becoming tagged adds the catch-all variant, which breaks a `match`
    // only on an exhaustive enum; no longer tagged takes it away, which
    // breaks code that names it.
    let source = match (old.discriminator.is_some(), new.discriminator.is_some()) {
        (false, true) if rust::exhaustive(pair.new) => Major,
        (false, true) => Minor,
        (true, false) => Major,
        _ => Patch,
    };
    let message = match (&old.discriminator, &new.discriminator) {
        (None, Some(_)) => format!(
            "the union is now tagged, with a catch-all variant `{}`",
            new.other_variant
        ),
        (Some(_), None) => format!(
            "the union is no longer tagged: variant `{}` is gone",
            old.other_variant
        ),
        _ => "the discriminator or its values changed".to_string(),
    };
    let mut found = pair.found("discriminator-changed", message, source);
    found.before = Some(show(old));
    found.after = Some(show(new));
    cx.push(found);
}

pub(super) fn responses(cx: &mut Cx, pair: &Pair, old: &ResponsesDef, new: &ResponsesDef) {
    let status = |s: StatusMatch| match s {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::AnySuccess => "2XX".to_string(),
    };
    let body = |ir, b: &ResponseBody| rust::return_type(ir, b);
    for v in &new.variants {
        let after = format!(
            "{}::{} ({}: {})",
            pair.new.name,
            v.name,
            status(v.status),
            body(cx.new, &v.body)
        );
        match old.variants.iter().find(|o| o.status == v.status) {
            None => push(
                cx,
                pair,
                VariantChange {
                    kind: "response-status-added",
                    variant: &v.name,
                    before: None,
                    after: Some(after),
                    message: format!("success status {} was added", status(v.status)),
                },
            ),
            Some(o) => {
                let before = format!(
                    "{}::{} ({}: {})",
                    pair.old.name,
                    o.name,
                    status(o.status),
                    body(cx.old, &o.body)
                );
                if before != after {
                    let mut found = pair.found(
                        "variant-type-changed",
                        format!("the variant of status {} changed", status(v.status)),
                        Major,
                    );
                    found.item = format!("models::{}::{}", pair.new.name, v.name);
                    found.before = Some(before);
                    found.after = Some(after);
                    cx.push(found);
                }
            }
        }
    }
    for o in old
        .variants
        .iter()
        .filter(|o| !new.variants.iter().any(|v| v.status == o.status))
    {
        push(
            cx,
            pair,
            VariantChange {
                kind: "response-status-removed",
                variant: &o.name,
                before: Some(format!(
                    "{}::{} ({}: {})",
                    pair.old.name,
                    o.name,
                    status(o.status),
                    body(cx.old, &o.body)
                )),
                after: None,
                message: format!("success status {} was removed", status(o.status)),
            },
        );
    }
    other_variant(cx, pair, &old.other_variant, &new.other_variant);
}
