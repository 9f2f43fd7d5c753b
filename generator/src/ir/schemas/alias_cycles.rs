//! `A: {$ref: B}` and `B: {$ref: A}` describe no value at all: such cycles
//! of aliases are errors. `Tree: {type: array, items: {$ref: Tree}}`
//! describes nested lists, but as `type Tree = Vec<Tree>` it would be an
//! infinite type: such aliases become newtypes.

use crate::ir::diagnostics::Diagnostics;
use crate::ir::store::TypeStore;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Reports every cycle of aliases, and says whether there were none. Each
/// alias has at most one target, so one walk from every type, never
/// re-entering a type already walked, finds every cycle in linear time;
/// each is reported once, at its member declared first.
pub(super) fn reject(types: &[TypeDef], diagnostics: &mut Diagnostics) -> bool {
    let cycles = alias_cycles(types);
    let none = cycles.is_empty();
    for mut cycle in cycles {
        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
        cycle.rotate_left(first);
        let pointers: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&i| types[i].pointer.as_str())
            .collect();
        let message = format!(
            "`$ref` cycle with no schema in between: #{}",
            pointers.join(" → #")
        );
        diagnostics.error(message, &types[cycle[0]].pointer);
    }
    none
}

/// Turns aliases that reach themselves through lists or maps into newtypes:
/// of each such cycle, the member declared first, until none is left (a
/// newtype ends every cycle through it). Runs when no alias cycle without a
/// list or map is left, so every cycle found has one.
pub(super) fn newtypes_for_recursive_aliases(store: &mut TypeStore) {
    while let Some(id) = first_recursive_alias(store.types()) {
        if let TypeKind::Alias(target) = &store[id].kind {
            let target = target.clone();
            store.set_kind(id, TypeKind::Newtype(target));
        }
    }
}

/// The first alias, in declaration order, that reaches itself through
/// aliases only.
fn first_recursive_alias(types: &[TypeDef]) -> Option<TypeId> {
    (0..types.len())
        .filter(|&start| matches!(types[start].kind, TypeKind::Alias(_)))
        .find(|&start| reaches_itself(types, start))
        .map(TypeId)
}

fn reaches_itself(types: &[TypeDef], start: usize) -> bool {
    let mut seen = vec![false; types.len()];
    let mut pending = vec![start];
    while let Some(index) = pending.pop() {
        let TypeKind::Alias(target) = &types[index].kind else {
            continue;
        };
        let mut named = Vec::new();
        named_types(target, &mut named);
        for TypeId(next) in named {
            if next == start {
                return true;
            }
            if !std::mem::replace(&mut seen[next], true) {
                pending.push(next);
            }
        }
    }
    false
}

/// The named types a type is built from, through lists, maps and nulls.
fn named_types(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            named_types(inner, out)
        }
        _ => {}
    }
}

/// The cycles of aliases, each as the indices of its types in walk order.
fn alias_cycles(types: &[TypeDef]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    // For each type: UNSEEN, DONE, or its position on the current walk.
    let mut state = vec![UNSEEN; types.len()];
    let mut cycles = Vec::new();
    for start in 0..types.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(index) = current {
            match state[index] {
                UNSEEN => {
                    state[index] = walk.len();
                    walk.push(index);
                    current = alias_target(&types[index].kind).map(|t| t.0);
                }
                DONE => break,
                position => {
                    cycles.push(walk[position..].to_vec());
                    break;
                }
            }
        }
        for index in walk {
            state[index] = DONE;
        }
    }
    cycles
}

/// The type an alias stands for, when it is just another named type.
fn alias_target(kind: &TypeKind) -> Option<TypeId> {
    match kind {
        TypeKind::Alias(ty) => match ty.strip_nullable().0 {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        },
        _ => None,
    }
}
