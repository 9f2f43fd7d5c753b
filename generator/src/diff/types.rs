//! Model types: which old type is which new one, and what changed in each
//! (fields, enum values, union variants, alias targets, traits).
//!
//! Types are paired by their operation first (the query struct of the same
//! operation), then by spec pointer, then by Rust name, and last by shape
//! (a component renamed in the spec: the same fields under a new name).
//! Every generated struct has only public fields and no
//! `#[non_exhaustive]`, and every enum is exhaustive, so a user may write a
//! struct literal or an exhaustive `match`: adding a field or a variant is
//! a major change for the code as generated (see the witnesses in
//! `tests/diff_witness.rs`).

use super::compare::{Adjust, At, Cx, Found, Role, Side, Subject};
use super::rust;
use super::SourceLevel::{self, Major, Minor, Patch};
use crate::ir::{Ir, TypeDef, TypeId, TypeKind, TypeRef};
use std::collections::{HashMap, HashSet};

/// Pairs the types not paired by their operations, then compares each
/// pair and reports the types on one side only.
pub(super) fn compare(cx: &mut Cx) {
    pair_remaining(cx);
    let mut pairs: Vec<(TypeId, TypeId)> = cx.pairs.iter().map(|(&o, &n)| (o, n)).collect();
    pairs.sort();
    for (old, new) in pairs {
        compare_pair(cx, old, new);
    }
    let paired_new: HashSet<TypeId> = cx.pairs.values().copied().collect();
    for id in (0..cx.old.types.len()).map(TypeId) {
        if !cx.pairs.contains_key(&id) && cx.role(Side::Old, id) == Role::Model {
            added_or_removed(cx, Side::Old, id);
        }
    }
    for id in (0..cx.new.types.len()).map(TypeId) {
        if !paired_new.contains(&id) && cx.role(Side::New, id) == Role::Model {
            added_or_removed(cx, Side::New, id);
        }
    }
}

/// Pairs by pointer, then by name, then by shape, each among the types
/// still unpaired and only where the match is unique.
fn pair_remaining(cx: &mut Cx) {
    let keys: [fn(&Ir, &TypeDef) -> String; 3] = [
        |_, def| def.pointer.clone(),
        |_, def| def.name.clone(),
        shape,
    ];
    for key in keys {
        let paired_new: HashSet<TypeId> = cx.pairs.values().copied().collect();
        let old = unique_by(cx.old, |id| !cx.pairs.contains_key(&id), key);
        let new = unique_by(cx.new, |id| !paired_new.contains(&id), key);
        for (k, old_id) in old {
            if let Some(&new_id) = new.get(&k) {
                if !k.is_empty() {
                    cx.pairs.insert(old_id, new_id);
                }
            }
        }
    }
}

/// The types passing `keep`, by `key`, leaving out keys that several share.
fn unique_by(
    ir: &Ir,
    keep: impl Fn(TypeId) -> bool,
    key: fn(&Ir, &TypeDef) -> String,
) -> HashMap<String, TypeId> {
    let mut found: HashMap<String, Option<TypeId>> = HashMap::new();
    for (i, def) in ir.types.iter().enumerate() {
        if keep(TypeId(i)) {
            found
                .entry(key(ir, def))
                .and_modify(|slot| *slot = None)
                .or_insert(Some(TypeId(i)));
        }
    }
    found
        .into_iter()
        .filter_map(|(k, id)| Some((k, id?)))
        .collect()
}

/// What a type holds, without its name: its wire names and values.
fn shape(ir: &Ir, def: &TypeDef) -> String {
    let words: Vec<String> = match &def.kind {
        TypeKind::Struct(s) | TypeKind::Multipart(s) => {
            s.fields.iter().map(|f| f.wire_name.clone()).collect()
        }
        TypeKind::Enum(e) => e.variants.iter().map(|v| v.wire_value.clone()).collect(),
        TypeKind::IntegerEnum(e) => e.variants.iter().map(|v| v.value.to_string()).collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .map(|v| rust::type_name(ir, &v.ty))
            .collect(),
        TypeKind::Webhooks(w) => w.variants.iter().map(|v| v.event.clone()).collect(),
        TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Responses(_) => Vec::new(),
    };
    if words.is_empty() {
        return String::new();
    }
    format!("{} {}", rust::item_kind(&def.kind), words.join(","))
}

fn added_or_removed(cx: &mut Cx, side: Side, id: TypeId) {
    let def = &cx.ir(side).types[id.0];
    let declaration = rust::type_declaration(cx.ir(side), def);
    let (kind, source, before, after, what) = match side {
        Side::Old => ("type-removed", Major, Some(declaration), None, "removed"),
        Side::New => ("type-added", Minor, None, Some(declaration), "added"),
    };
    cx.push(Found {
        kind,
        item: format!("models::{}", def.name),
        before,
        after,
        message: format!("{} `{}` was {what}", rust::item_kind(&def.kind), def.name),
        source,
        subject: Subject::Type(side, id),
        at: At::Node(side, def.pointer.clone()),
        adjust: Adjust::None,
    });
}

/// The comparison of one pair of types.
pub(super) struct PairRef<'a> {
    pub old: &'a TypeDef,
    pub new: &'a TypeDef,
    pub old_id: TypeId,
    pub new_id: TypeId,
    pub role: Role,
}

type Pair<'a> = PairRef<'a>;

impl PairRef<'_> {
    /// `models::Name` (the new name).
    fn item(&self) -> String {
        format!("models::{}", self.new.name)
    }

    /// A change located at the new type.
    pub(super) fn found(&self, kind: &'static str, message: String, source: SourceLevel) -> Found {
        Found {
            kind,
            item: self.item(),
            before: None,
            after: None,
            message,
            source,
            subject: Subject::Type(Side::New, self.new_id),
            at: At::Node(Side::New, self.new.pointer.clone()),
            adjust: Adjust::None,
        }
    }
}

fn compare_pair(cx: &mut Cx, old_id: TypeId, new_id: TypeId) {
    let (old_ir, new_ir) = (cx.old, cx.new);
    let pair = Pair {
        old: &old_ir.types[old_id.0],
        new: &new_ir.types[new_id.0],
        old_id,
        new_id,
        role: cx.role(Side::New, new_id),
    };
    if pair.old.name != pair.new.name && pair.role == Role::Model {
        let mut found = pair.found(
            "type-renamed",
            format!("`{}` was renamed to `{}`", pair.old.name, pair.new.name),
            Major,
        );
        found.item = format!("models::{}", pair.old.name);
        found.before = Some(rust::type_declaration(old_ir, pair.old));
        found.after = Some(rust::type_declaration(new_ir, pair.new));
        cx.push(found);
    }
    if rust::item_kind(&pair.old.kind) != rust::item_kind(&pair.new.kind)
        || std::mem::discriminant(&pair.old.kind) != std::mem::discriminant(&pair.new.kind)
    {
        let mut found = pair.found(
            "type-kind-changed",
            format!(
                "`{}` is now a {}",
                pair.new.name,
                kind_words(&pair.new.kind)
            ),
            Major,
        );
        found.before = Some(format!(
            "{} ({})",
            rust::type_declaration(old_ir, pair.old),
            kind_words(&pair.old.kind)
        ));
        found.after = Some(format!(
            "{} ({})",
            rust::type_declaration(new_ir, pair.new),
            kind_words(&pair.new.kind)
        ));
        cx.push(found);
        return;
    }
    compare_traits(cx, &pair);
    super::features::type_gates(cx, &pair);
    compare_kinds(cx, &pair);
}

/// What a type is, in the words of the spec.
fn kind_words(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct (object)",
        TypeKind::Enum(_) => "open string enum",
        TypeKind::Union(_) => "union (oneOf/anyOf)",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Newtype(_) => "newtype (a list or map of itself)",
        TypeKind::IntegerEnum(_) => "open integer enum",
        TypeKind::Multipart(_) => "multipart form",
        TypeKind::Responses(_) => "enum of success statuses",
        TypeKind::Webhooks(_) => "enum of webhooks",
    }
}

fn compare_traits(cx: &mut Cx, pair: &Pair) {
    let old = rust::traits(pair.old, cx.serde(Side::Old, pair.old_id));
    let new = rust::traits(pair.new, cx.serde(Side::New, pair.new_id));
    for (list, other, kind, source, what) in [
        (&old, &new, "trait-removed", Major, "no longer implements"),
        (&new, &old, "trait-added", Minor, "now implements"),
    ] {
        for name in list.iter().filter(|t| !other.contains(t)) {
            let message = format!("`{}` {what} `{name}`", pair.new.name);
            let mut found = pair.found(kind, message, source);
            found.item = format!("impl {name} for models::{}", pair.new.name);
            let declaration = Some(format!("impl {name} for {}", pair.new.name));
            if kind == "trait-removed" {
                found.before = declaration;
            } else {
                found.after = declaration;
            }
            cx.push(found);
        }
    }
}

fn compare_kinds(cx: &mut Cx, pair: &Pair) {
    match (&pair.old.kind, &pair.new.kind) {
        (TypeKind::Struct(o), TypeKind::Struct(n)) => {
            super::fields::compare(cx, pair_fields(pair, o, n, true))
        }
        (TypeKind::Multipart(o), TypeKind::Multipart(n)) => {
            super::fields::compare(cx, pair_fields(pair, o, n, false))
        }
        (TypeKind::Enum(o), TypeKind::Enum(n)) => super::variants::string_enum(cx, pair, o, n),
        (TypeKind::IntegerEnum(o), TypeKind::IntegerEnum(n)) => {
            super::variants::integer_enum(cx, pair, o, n)
        }
        (TypeKind::Union(o), TypeKind::Union(n)) => super::variants::union(cx, pair, o, n),
        (TypeKind::Responses(o), TypeKind::Responses(n)) => {
            super::variants::responses(cx, pair, o, n)
        }
        (TypeKind::Webhooks(o), TypeKind::Webhooks(n)) => super::variants::webhooks(cx, pair, o, n),
        (TypeKind::Alias(o), TypeKind::Alias(n)) | (TypeKind::Newtype(o), TypeKind::Newtype(n)) => {
            alias(cx, pair, o, n)
        }
        // Kinds that differ were reported as `type-kind-changed`.
        _ => {}
    }
}

fn pair_fields<'a>(
    pair: &'a Pair<'a>,
    old: &'a crate::ir::StructDef,
    new: &'a crate::ir::StructDef,
    boxing: bool,
) -> super::fields::Structs<'a> {
    super::fields::Structs {
        old,
        new,
        type_name: &pair.new.name,
        new_id: pair.new_id,
        old_pointer: &pair.old.pointer,
        new_pointer: &pair.new.pointer,
        parameters: pair.role == Role::Parameters,
        boxing,
        exhaustive: rust::exhaustive(pair.new),
    }
}

fn alias(cx: &mut Cx, pair: &Pair, old: &TypeRef, new: &TypeRef) {
    let before = rust::type_name(cx.old, old);
    let after = rust::type_name(cx.new, new);
    let same = same_type(cx, old, new);
    if same && before == after {
        return;
    }
    let mut found = pair.found(
        "alias-changed",
        format!("`{}` now names `{after}`", pair.new.name),
        if before == after { Patch } else { Major },
    );
    found.before = Some(format!("pub type {} = {before}", pair.old.name));
    found.after = Some(format!("pub type {} = {after}", pair.new.name));
    if same {
        found.adjust = Adjust::RustOnly;
    }
    cx.push(found);
}

/// Whether two types are the same on the wire: the same scalars, and
/// named types that are paired (a renamed type is the same).
pub(super) fn same_type(cx: &Cx, old: &TypeRef, new: &TypeRef) -> bool {
    match (old, new) {
        (TypeRef::Named(o), TypeRef::Named(n)) => cx.pairs.get(o) == Some(n),
        (TypeRef::List(o), TypeRef::List(n))
        | (TypeRef::Map(o), TypeRef::Map(n))
        | (TypeRef::Nullable(o), TypeRef::Nullable(n)) => same_type(cx, o, n),
        (o, n) => o == n && !matches!(o, TypeRef::Named(_)),
    }
}

/// Whether `new` accepts every value `old` does: a wider number.
pub(super) fn widens(old: &TypeRef, new: &TypeRef) -> bool {
    use TypeRef::{F32, F64, I32, I64};
    matches!((old, new), (I32, I64) | (I32 | I64 | F32, F64))
}
