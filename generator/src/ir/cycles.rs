//! Breaking recursion: a struct that contains itself by value, directly or
//! through other structs, has infinite size. Fields whose type lies on such
//! a cycle are put behind a `Box`. `Vec` and maps already allocate, so only
//! by-value and `Option` edges count.

use super::{TypeDef, TypeId, TypeKind, TypeRef};

/// Marks `boxed` every struct field whose type can reach back to its struct.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(|t| by_value_edges(types, t)).collect();
    let component = strongly_connected_components(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        // An edge inside one strongly connected component lies on a cycle.
        let on_cycle = |ty: &TypeRef| {
            by_value_targets(ty)
                .iter()
                .any(|t| component[t.0] == component[index])
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = on_cycle(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = on_cycle(&variant.ty);
                }
            }
            // Nothing refers to a multipart form or a responses enum, so
            // they are on no cycle.
            // A newtype's own cycle runs through a list or map; a struct
            // on another cycle through it has its field boxed.
            TypeKind::Enum(_)
            | TypeKind::IntegerEnum(_)
            | TypeKind::Alias(_)
            | TypeKind::Newtype(_)
            | TypeKind::Multipart(_)
            | TypeKind::Responses(_)
            | TypeKind::Webhooks(_) => {}
        }
    }
}

/// Types a type holds by value (through `Option` and aliases, not through
/// `Vec` or maps).
fn by_value_edges(types: &[TypeDef], def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .flat_map(|f| by_value_targets(&f.ty))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .flat_map(|v| by_value_targets(&v.ty))
            .collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => by_value_targets(ty),
        TypeKind::Enum(_)
        | TypeKind::IntegerEnum(_)
        | TypeKind::Multipart(_)
        | TypeKind::Responses(_)
        | TypeKind::Webhooks(_) => Vec::new(),
    }
    .into_iter()
    .filter(|t| t.0 < types.len())
    .collect()
}

fn by_value_targets(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Nullable(inner) => by_value_targets(inner),
        // A tuple holds its members by value.
        TypeRef::Tuple(members) => members.iter().flat_map(by_value_targets).collect(),
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm without recursion (specs can nest thousands deep).
/// Returns each node's component number.
fn strongly_connected_components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNVISITED; n];
    let mut next_index = 0;
    let mut next_component = 0;

    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // Each frame is (node, position of the next edge to follow).
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(target) = edges[node].get(*edge).map(|t| t.0) {
                *edge += 1;
                if index[target] == UNVISITED {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, StructDef};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            wire_name: name.into(),
            ty,
            required: false,
            boxed: false,
            doc: None,
            deprecated: false,
        }
    }

    fn structure(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: None,
            pointer: String::new(),
            kind: TypeKind::Struct(StructDef {
                fields,
                additional: None,
            }),
        }
    }

    fn boxed(types: &[TypeDef], ty: usize) -> Vec<bool> {
        match &types[ty].kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| f.boxed).collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn boxes_self_and_mutual_recursion_but_not_lists() {
        let named = |i| TypeRef::Named(TypeId(i));
        let mut types = vec![
            // 0: Node { parent: Option<Node>, children: Vec<Node>, leaf: Leaf }
            structure(
                "Node",
                vec![
                    field("parent", TypeRef::Nullable(Box::new(named(0)))),
                    field("children", TypeRef::List(Box::new(named(0)))),
                    field("leaf", named(1)),
                ],
            ),
            // 1: Leaf { value: i64 }
            structure("Leaf", vec![field("value", TypeRef::I64)]),
            // 2: A { b: B }, 3: B { a: A }
            structure("A", vec![field("b", named(3))]),
            structure("B", vec![field("a", named(2))]),
        ];
        box_recursive_fields(&mut types);
        assert_eq!(boxed(&types, 0), vec![true, false, false]);
        assert_eq!(boxed(&types, 1), vec![false]);
        assert_eq!(boxed(&types, 2), vec![true]);
        assert_eq!(boxed(&types, 3), vec![true]);
    }

    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let n = 100_000;
        let edges: Vec<Vec<TypeId>> = (0..n).map(|i| vec![TypeId((i + 1) % n)]).collect();
        let component = strongly_connected_components(&edges);
        assert!(component.iter().all(|&c| c == component[0]));
    }
}
