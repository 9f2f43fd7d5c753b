//! Schemas that only annotate: texts and flags (a `description`,
//! `nullable`) with no structure of their own, alone or beside an `allOf`
//! that wraps one `$ref` (the usual way to document a reference in OpenAPI
//! 3.0).

use crate::pointer::push_pointer;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

/// The `$ref` of an `allOf` that only wraps one reference to add texts or
/// flags beside it (`allOf: [{$ref: ...}]` with a `description`), with the
/// pointer of the member holding it. Such a schema is the referenced type,
/// not a copy.
pub(super) fn annotated_reference<'s>(
    schema: &'s Schema,
    pointer: &str,
) -> Option<(&'s str, String)> {
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if is_annotated_all_of(any) => &any.all_of,
        _ => return None,
    };
    let mut references = members.iter().enumerate().filter_map(|(i, m)| match m {
        ReferenceOr::Reference { reference } => Some((i, reference.as_str())),
        ReferenceOr::Item(_) => None,
    });
    let (index, reference) = references.next()?;
    let others_annotate = members.iter().all(|member| match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(item) => {
            matches!(&item.schema_kind, SchemaKind::Any(any) if is_annotation_only(any))
        }
    });
    if references.next().is_some() || !others_annotate {
        return None;
    }
    let at = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
    Some((reference, at))
}

/// An `allOf` beside which stands nothing but texts, flags, and at most
/// `type: object` (which the referenced object already says).
fn is_annotated_all_of(any: &AnySchema) -> bool {
    !any.all_of.is_empty()
        && matches!(any.typ.as_deref(), None | Some("object"))
        && has_no_structure(any)
}

/// A schema with no type and no structure: only texts and flags.
pub(super) fn is_annotation_only(any: &AnySchema) -> bool {
    any.typ.is_none() && any.all_of.is_empty() && has_no_structure(any)
}

/// No keyword that shapes values, other than `type` and `allOf`.
fn has_no_structure(any: &AnySchema) -> bool {
    any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
}
