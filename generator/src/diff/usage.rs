//! Which operations hold each type, and in which direction: a type reached
//! from a parameter or request body travels in requests, one reached from
//! a response in responses. The wire rating of a change to a type follows
//! from it (a new enum value breaks old clients in a response, not in a
//! request).

use super::change::Direction;
use crate::ir::{BodyKind, Ir, ResponseBody, TypeId, TypeKind, TypeRef};

/// For each type (by index): its direction and the operations reaching it.
pub(super) struct Usage {
    per_type: Vec<(Direction, Vec<usize>)>,
}

impl Usage {
    pub fn of(ir: &Ir) -> Self {
        let mut usage = Usage {
            per_type: vec![(Direction::None, Vec::new()); ir.types.len()],
        };
        // `seen[t] == stamp` once type t was walked for this operation and
        // direction; a fresh stamp per walk avoids clearing the vector.
        let mut seen = vec![0usize; ir.types.len()];
        let mut stamp = 0;
        for (index, op) in ir.operations.iter().enumerate() {
            for (direction, roots) in [
                (Direction::Request, request_roots(op)),
                (Direction::Response, response_roots(op)),
            ] {
                stamp += 1;
                let mut walk = Walk {
                    ir,
                    seen: &mut seen,
                    stamp,
                    found: Vec::new(),
                };
                for root in &roots {
                    walk.type_ref(root);
                }
                for id in walk.found {
                    let entry = &mut usage.per_type[id.0];
                    entry.0 = entry.0.join(direction);
                    if entry.1.last() != Some(&index) {
                        entry.1.push(index);
                    }
                }
            }
        }
        usage
    }

    /// The direction of a type and the names of the methods reaching it.
    pub fn of_type(&self, ir: &Ir, id: TypeId) -> (Direction, Vec<String>) {
        let Some((direction, ops)) = self.per_type.get(id.0) else {
            return (Direction::None, Vec::new());
        };
        let names = ops.iter().map(|&i| ir.operations[i].name.clone()).collect();
        (*direction, names)
    }
}

/// The types a request carries: parameters and body.
fn request_roots(op: &crate::ir::Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.path_params.iter().map(|p| p.ty.clone()).collect();
    roots.extend(op.query.as_ref().map(|q| TypeRef::Named(q.ty)));
    roots.extend(op.headers.as_ref().map(|h| TypeRef::Named(h.ty)));
    if let Some(body) = &op.body {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty) => {
                roots.push(ty.clone())
            }
            BodyKind::Multipart(id) => roots.push(TypeRef::Named(*id)),
            BodyKind::Text | BodyKind::Binary => {}
        }
    }
    roots
}

/// The types a response carries: the success body and the error body.
fn response_roots(op: &crate::ir::Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.error_response.iter().cloned().collect();
    match &op.response {
        ResponseBody::Json(ty) => roots.push(ty.clone()),
        ResponseBody::ByStatus(id) => roots.push(TypeRef::Named(*id)),
        ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => {}
    }
    roots
}

/// A depth-first walk over the types a value holds.
struct Walk<'a> {
    ir: &'a Ir,
    seen: &'a mut [usize],
    stamp: usize,
    found: Vec<TypeId>,
}

impl Walk<'_> {
    fn type_ref(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Named(id) => self.named(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.type_ref(inner)
            }
            TypeRef::Tuple(members) => {
                for member in members {
                    self.type_ref(member);
                }
            }
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Date
            | TypeRef::DateTime
            | TypeRef::Any
            | TypeRef::File
            | TypeRef::Bytes
            | TypeRef::Unit => {}
        }
    }

    fn named(&mut self, id: TypeId) {
        if self.seen[id.0] == self.stamp {
            return;
        }
        self.seen[id.0] = self.stamp;
        self.found.push(id);
        let ir = self.ir;
        match &ir.types[id.0].kind {
            TypeKind::Struct(s) | TypeKind::Multipart(s) => {
                for field in &s.fields {
                    self.type_ref(&field.ty);
                }
                if let Some((_, value)) = &s.additional {
                    self.type_ref(value);
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    self.type_ref(&variant.ty);
                }
            }
            TypeKind::Alias(target) | TypeKind::Newtype(target) => self.type_ref(target),
            TypeKind::Responses(r) => {
                for variant in &r.variants {
                    if let ResponseBody::Json(ty) = &variant.body {
                        self.type_ref(ty);
                    }
                }
            }
            TypeKind::Webhooks(w) => {
                for payload in w.variants.iter().filter_map(|v| v.payload.as_ref()) {
                    self.type_ref(payload);
                }
            }
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
}
