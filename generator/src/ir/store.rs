//! The type arena: every type the IR defines, indexed by [`TypeId`] in the
//! order they were made, and the namespace that gives each a name of its
//! own. A type is added first and given its kind later, so that a schema
//! can refer to its own type (or to a component declared further on)
//! while it is being converted.

use super::{reserved, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::Namespace;
use std::ops::Index;

pub struct TypeStore {
    types: Vec<TypeDef>,
    names: Namespace,
}

impl TypeStore {
    /// An empty store, with the names of the generated models' own types
    /// reserved (those only 3.1 specs have when `v31`).
    pub fn new(v31: bool) -> Self {
        let mut names = Namespace::new();
        names.reserve(reserved::FILE_PART);
        if v31 {
            names.reserve(reserved::BASE64_BYTES);
        }
        Self {
            types: Vec::new(),
            names,
        }
    }

    /// Adds a type under a fresh name derived from `wanted` (already
    /// PascalCase); it is an alias of any JSON value until its kind is set.
    pub fn push_type(&mut self, wanted: String, pointer: String, doc: Option<String>) -> TypeId {
        let id = TypeId(self.types.len());
        let name = self.names.claim(&without_inner_escapes(&wanted));
        self.types.push(TypeDef {
            name,
            doc,
            pointer,
            kind: TypeKind::Alias(TypeRef::Any),
        });
        id
    }

    pub fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id.0].kind = kind;
    }

    pub fn set_doc(&mut self, id: TypeId, doc: Option<String>) {
        self.types[id.0].doc = doc;
    }

    /// Every type so far, indexed by [`TypeId`].
    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    pub fn finish(self) -> Vec<TypeDef> {
        self.types
    }
}

impl Index<TypeId> for TypeStore {
    type Output = TypeDef;

    fn index(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// A type name composed from a keyword's escaped name and a suffix
/// (`Self_` and `Variant1Item`) loses the escape, which only a name
/// standing alone needs: `SelfVariant1Item`. PascalCase names hold no
/// other underscore.
fn without_inner_escapes(wanted: &str) -> String {
    let mut name = String::with_capacity(wanted.len());
    let mut chars = wanted.chars().peekable();
    while let Some(c) = chars.next() {
        let escape_inside = c == '_'
            && chars
                .peek()
                .is_some_and(|next| next.is_ascii_alphanumeric());
        if !escape_inside {
            name.push(c);
        }
    }
    name
}
