//! Which types a value of a type holds, and which types an operation's
//! requests and responses carry: read by the cargo features per tag (the
//! types each tag needs), by the models (the serde traits a type needs) and
//! by `diff` (the direction a type travels in, and those traits).

use super::{BodyKind, Ir, Operation, ResponseBody, TypeId, TypeKind, TypeRef};
use std::collections::HashSet;

impl TypeRef {
    /// Pushes the named types in `self` onto `out`, through lists, maps,
    /// tuples and nulls.
    pub fn named_types(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.named_types(out)
            }
            TypeRef::Tuple(members) => members.iter().for_each(|m| m.named_types(out)),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Date
            | TypeRef::DateTime
            | TypeRef::Any
            | TypeRef::Bytes
            | TypeRef::Unit
            | TypeRef::File => {}
        }
    }
}

impl TypeKind {
    /// Every type reference the definition holds: fields, the map of
    /// additional properties, variants, an alias's target, answers,
    /// payloads.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) | TypeKind::Multipart(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.as_ref().map(|(_, ty)| ty))
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Responses(r) => r
                .variants
                .iter()
                .filter_map(|v| match &v.body {
                    ResponseBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            TypeKind::Webhooks(w) => w
                .variants
                .iter()
                .filter_map(|v| v.payload.as_ref())
                .collect(),
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// The types a request carries: parameters and body.
    pub fn request_types(&self) -> Vec<TypeRef> {
        let mut roots: Vec<TypeRef> = self.path_params.iter().map(|p| p.ty.clone()).collect();
        roots.extend(self.query.as_ref().map(|q| TypeRef::Named(q.ty)));
        roots.extend(self.headers.as_ref().map(|h| TypeRef::Named(h.ty)));
        match self.body.as_ref().map(|body| &body.kind) {
            Some(BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::MultipartValue(ty)) => {
                roots.push(ty.clone())
            }
            Some(BodyKind::Multipart(id)) => roots.push(TypeRef::Named(*id)),
            Some(BodyKind::Text | BodyKind::Binary) | None => {}
        }
        roots
    }

    /// The types a response carries: the success body and the error body.
    pub fn response_types(&self) -> Vec<TypeRef> {
        let mut roots: Vec<TypeRef> = self.error_response.iter().cloned().collect();
        match &self.response {
            ResponseBody::Json(ty) => roots.push(ty.clone()),
            ResponseBody::ByStatus(id) => roots.push(TypeRef::Named(*id)),
            ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => {}
        }
        roots
    }
}

/// Walks of the types values hold, one after another over the same IR: a
/// type is found once per walk, and a fresh stamp per walk spares clearing
/// what the last one saw.
pub struct Reach<'a> {
    ir: &'a Ir,
    /// `seen[t] == stamp` once type t was found by the current walk.
    seen: Vec<usize>,
    stamp: usize,
}

impl<'a> Reach<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        Self {
            ir,
            seen: vec![0; ir.types.len()],
            stamp: 0,
        }
    }

    /// The named types in `roots` and every type they are built from, in
    /// the order they are found (depth first).
    pub fn walk(&mut self, roots: &[TypeRef]) -> Vec<TypeId> {
        self.stamp += 1;
        let mut pending = Vec::new();
        for root in roots.iter().rev() {
            root.named_types(&mut pending);
        }
        let mut found = Vec::new();
        while let Some(id) = pending.pop() {
            if id.0 >= self.seen.len() || self.seen[id.0] == self.stamp {
                continue;
            }
            self.seen[id.0] = self.stamp;
            found.push(id);
            let mut next = Vec::new();
            for ty in self.ir.types[id.0].kind.type_refs() {
                ty.named_types(&mut next);
            }
            pending.extend(next.into_iter().rev());
        }
        found
    }
}

/// The types that travel one way only, which need only one of serde's
/// traits.
#[derive(Debug, Default)]
pub struct OneWay {
    /// Types some request carries, and no response, error body or webhook
    /// payload holds: the client encodes them and never decodes them.
    pub requests: HashSet<TypeId>,
    /// Types some response, error body or webhook payload (which a server
    /// receiving them decodes) holds, and no request carries.
    pub responses: HashSet<TypeId>,
}

/// [`OneWay`] of `ir`. A type that no operation carries either way is the
/// user's, to use either way, and so is every type it holds: those are in
/// neither set.
pub fn one_way(ir: &Ir) -> OneWay {
    let mut reach = Reach::new(ir);
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in &ir.operations {
        request_roots.extend(op.request_types());
        response_roots.extend(op.response_types());
    }
    let webhooks = (0..ir.types.len())
        .map(TypeId)
        .filter(|id| matches!(ir.types[id.0].kind, TypeKind::Webhooks(_)));
    response_roots.extend(webhooks.map(TypeRef::Named));
    let requested: HashSet<TypeId> = reach.walk(&request_roots).into_iter().collect();
    let responded: HashSet<TypeId> = reach.walk(&response_roots).into_iter().collect();
    let carried_by_none: Vec<TypeRef> = (0..ir.types.len())
        .map(TypeId)
        .filter(|id| !requested.contains(id) && !responded.contains(id))
        .map(TypeRef::Named)
        .collect();
    let users: HashSet<TypeId> = reach.walk(&carried_by_none).into_iter().collect();
    let only = |one: &HashSet<TypeId>, other: &HashSet<TypeId>| {
        one.iter()
            .filter(|id| !other.contains(id) && !users.contains(id))
            .copied()
            .collect()
    };
    OneWay {
        requests: only(&requested, &responded),
        responses: only(&responded, &requested),
    }
}
