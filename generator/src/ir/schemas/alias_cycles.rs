//! `A: {$ref: B}` and `B: {$ref: A}` describe no value at all: such cycles
//! of aliases are errors.

use crate::ir::diagnostics::Diagnostics;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Reports every cycle of aliases. Each alias has at most one target, so
/// one walk from every type, never re-entering a type already walked, finds
/// every cycle in linear time; each is reported once, at its member
/// declared first.
pub(super) fn reject(types: &[TypeDef], diagnostics: &mut Diagnostics) {
    for mut cycle in alias_cycles(types) {
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
