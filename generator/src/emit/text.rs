//! How parameter values are written as text on the wire (in paths,
//! queries, headers, cookies and multipart text parts): scalars, dates and
//! enums as their own text, unions of them as the text of the value they
//! hold, anything else as JSON text.

use super::{ident, resolve_alias, Scope};
use crate::ir::{Ir, TypeId, TypeKind, TypeRef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

/// Numbers, booleans, dates, integer enums and unions of scalars are sent
/// as their `Display` text.
pub fn sent_as_display_text(ir: &Ir, ty: &TypeRef) -> bool {
    match resolve_alias(ir, ty) {
        TypeRef::Named(id) => {
            matches!(ir.types[id.0].kind, TypeKind::IntegerEnum(_)) || names_text_union(ir, *id)
        }
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Date => true,
        _ => false,
    }
}

/// Scalars, dates, enums and unions of them have a text form of their own;
/// objects, lists and free-form values do not.
pub fn has_text_form(ir: &Ir, ty: &TypeRef) -> bool {
    match resolve_alias(ir, ty) {
        TypeRef::Named(id) => names_text_union(ir, *id) || has_scalar_text(ir, ty),
        _ => has_scalar_text(ir, ty),
    }
}

/// Scalars, dates and enums.
fn has_scalar_text(ir: &Ir, ty: &TypeRef) -> bool {
    match resolve_alias(ir, ty) {
        TypeRef::Named(id) => matches!(
            ir.types[id.0].kind,
            TypeKind::Enum(_) | TypeKind::IntegerEnum(_)
        ),
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Date
        | TypeRef::DateTime => true,
        _ => false,
    }
}

/// An untagged union whose every variant is a scalar, a date or an enum
/// (an id or a name, say): its `Display` text is that of the value it
/// holds, and it is sent as that text.
pub fn is_text_union(ir: &Ir, u: &UnionDef) -> bool {
    u.discriminator.is_none() && u.variants.iter().all(|v| has_scalar_text(ir, &v.ty))
}

fn names_text_union(ir: &Ir, id: TypeId) -> bool {
    matches!(&ir.types[id.0].kind, TypeKind::Union(u) if is_text_union(ir, u))
}

/// An expression turning a parameter value into its text on the wire, in
/// `client.rs`. `value` is an expression of reference type; every form
/// below is a plain function call, so any expression can be passed without
/// precedence issues.
pub fn wire_text(ir: &Ir, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match resolve_alias(ir, ty) {
        TypeRef::DateTime => date_time_text(value, Scope::Sibling),
        TypeRef::Named(id) if matches!(ir.types[id.0].kind, TypeKind::Enum(_)) => {
            let name = ident(&ir.types[id.0].name);
            quote!(String::from(super::models::#name::as_str(#value)))
        }
        TypeRef::String => quote!(String::from(#value)),
        _ if sent_as_display_text(ir, ty) => quote!(ToString::to_string(#value)),
        // Objects, lists, free-form values and unions with an object
        // variant have no standard text form;
        // they are sent as JSON text. Serializing them cannot fail (all maps
        // have string keys), so the empty fallback is never reached.
        _ => quote!(serde_json::to_string(#value).unwrap_or_default()),
    }
}

/// A date-time's text: RFC 3339, as `date-time` in OpenAPI.
pub fn date_time_text(value: TokenStream, scope: Scope) -> TokenStream {
    let chrono = match scope {
        Scope::Models => quote!(::chrono),
        Scope::Sibling => quote!(chrono),
    };
    quote!(#chrono::DateTime::to_rfc3339_opts(#value, #chrono::SecondsFormat::AutoSi, true))
}
