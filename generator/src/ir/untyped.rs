//! How much of the output is untyped: the fields and parameters whose type
//! holds `serde_json::Value`, and why each fell back to it. Untyped output
//! is a deliberate fallback, and this makes it visible
//! (`Output::untyped()`, and one line of `apigen generate`).

use super::{TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;
use std::fmt;

/// Why a value is typed as any JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UntypedReason {
    /// The schema allows any value (`{}`, an object without properties, an
    /// array without `items`): nothing more can be said.
    FreeForm,
    /// The schema uses a keyword the generator cannot type (`not`, an
    /// `allOf` of several non-objects).
    UnsupportedKeyword,
    /// A `$ref` to another server's document.
    RemoteRef,
    /// A `$ref` that leads nowhere.
    UnresolvedRef,
}

impl UntypedReason {
    pub fn describe(self) -> &'static str {
        match self {
            UntypedReason::FreeForm => "free-form schema",
            UntypedReason::UnsupportedKeyword => "unsupported keyword",
            UntypedReason::RemoteRef => "remote ref",
            UntypedReason::UnresolvedRef => "unresolved ref",
        }
    }
}

/// One untyped field or parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntypedUse {
    /// The pointer of the field's or parameter's schema.
    pub pointer: String,
    pub reason: UntypedReason,
}

/// The fields and parameters of the output, and those left untyped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Untyped {
    /// Every field (of models, parameter structs and forms) and path
    /// parameter generated.
    pub total: usize,
    /// Those whose type holds `serde_json::Value`, in the order generated.
    pub uses: Vec<UntypedUse>,
}

impl Untyped {
    /// How many fell back for each reason.
    pub fn by_reason(&self) -> BTreeMap<UntypedReason, usize> {
        let mut counts = BTreeMap::new();
        for untyped in &self.uses {
            *counts.entry(untyped.reason).or_insert(0) += 1;
        }
        counts
    }
}

/// `12 of 3456 fields and parameters (9 free-form schema, 3 remote ref)`.
impl fmt::Display for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total;
        write!(f, "{} of {total} fields and parameters", self.uses.len())?;
        let reasons: Vec<String> = self
            .by_reason()
            .into_iter()
            .map(|(reason, n)| format!("{n} {}", reason.describe()))
            .collect();
        if !reasons.is_empty() {
            write!(f, " ({})", reasons.join(", "))?;
        }
        Ok(())
    }
}

/// What the converters note while building: where they fell back to any
/// JSON value and why, and every field and parameter they typed.
#[derive(Debug, Default)]
pub struct Fallbacks {
    reasons: BTreeMap<String, UntypedReason>,
    uses: Vec<(String, TypeRef)>,
}

impl Fallbacks {
    /// The schema at `pointer` is typed as any JSON value for `reason`.
    pub fn fell_back(&mut self, pointer: &str, reason: UntypedReason) {
        self.reasons.entry(pointer.to_string()).or_insert(reason);
    }

    /// A field or parameter whose schema is at `pointer` got the type `ty`.
    pub fn used(&mut self, pointer: &str, ty: &TypeRef) {
        self.uses.push((pointer.to_string(), ty.clone()));
    }

    /// The report, once every type is known (a field's named type may have
    /// been an alias of any value).
    pub fn count(self, types: &[TypeDef]) -> Untyped {
        let uses = self
            .uses
            .iter()
            .filter_map(|(pointer, ty)| {
                let reason = self.reason(ty, pointer, types, 0)?;
                Some(UntypedUse {
                    pointer: pointer.clone(),
                    reason,
                })
            })
            .collect();
        Untyped {
            total: self.uses.len(),
            uses,
        }
    }

    /// Why `ty` (of the schema at `pointer`) holds any JSON value, or
    /// `None` when it does not.
    fn reason(
        &self,
        ty: &TypeRef,
        pointer: &str,
        types: &[TypeDef],
        depth: usize,
    ) -> Option<UntypedReason> {
        match ty {
            TypeRef::Any => Some(self.recorded(pointer)),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.reason(inner, pointer, types, depth)
            }
            TypeRef::Tuple(members) => members
                .iter()
                .find_map(|member| self.reason(member, pointer, types, depth)),
            // Aliases are followed (a bounded number of times: alias
            // cycles are rejected, but a bug must not hang).
            TypeRef::Named(id) if depth < 64 => match &types.get(id.0)?.kind {
                TypeKind::Alias(target) => {
                    self.reason(target, &types[id.0].pointer, types, depth + 1)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The reason noted for the schema at `pointer` or inside it (its
    /// items, its `$ref`), else a free-form schema.
    fn recorded(&self, pointer: &str) -> UntypedReason {
        if let Some(&reason) = self.reasons.get(pointer) {
            return reason;
        }
        let inside = format!("{pointer}/");
        self.reasons
            .range(inside.clone()..)
            .take_while(|(at, _)| at.starts_with(&inside))
            .map(|(_, &reason)| reason)
            .next()
            .unwrap_or(UntypedReason::FreeForm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{TypeDef, TypeId};

    #[test]
    fn fields_count_with_the_reason_found_at_or_inside_their_schema() {
        let types = vec![TypeDef {
            name: "Anything".into(),
            doc: None,
            pointer: "/components/schemas/Anything".into(),
            kind: TypeKind::Alias(TypeRef::Any),
        }];
        let mut fallbacks = Fallbacks::default();
        fallbacks.fell_back("/p/remote", UntypedReason::RemoteRef);
        fallbacks.fell_back("/p/list/items", UntypedReason::UnsupportedKeyword);
        fallbacks.used("/p/remote", &TypeRef::Any);
        fallbacks.used("/p/list", &TypeRef::List(Box::new(TypeRef::Any)));
        fallbacks.used("/p/alias", &TypeRef::Named(TypeId(0)));
        fallbacks.used("/p/typed", &TypeRef::String);
        let untyped = fallbacks.count(&types);
        assert_eq!(untyped.total, 4);
        let reasons: Vec<_> = untyped.uses.iter().map(|u| u.reason).collect();
        assert_eq!(
            reasons,
            [
                UntypedReason::RemoteRef,
                UntypedReason::UnsupportedKeyword,
                UntypedReason::FreeForm
            ]
        );
        assert_eq!(
            untyped.to_string(),
            "3 of 4 fields and parameters (1 free-form schema, 1 unsupported keyword, 1 remote ref)"
        );
    }
}
