//! `$ref`s into schemas: a component's named type, or the type of the
//! schema a reference points into (one type however many references reach
//! it).

use super::{wrap_nullable, Component, Converter};
use crate::ir::resolve::{RefError, SchemaTarget};
use crate::ir::untyped::UntypedReason;
use crate::ir::{TypeId, TypeRef};
use crate::naming::type_name;
use crate::pointer::push_pointer;
use openapiv3::Schema;

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

impl<'a> Converter<'a> {
    /// The type a schema `$ref` stands for: a component's named type, or
    /// the type of the schema it points into. One that cannot be followed
    /// is reported and typed as any JSON value.
    pub fn resolve_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(component) = self.component_by_ref(reference) {
            return wrap_nullable(TypeRef::Named(component.id), component.nullable);
        }
        match self.resolver.schema(reference) {
            Ok((SchemaTarget::Component(key), _)) => {
                let component = self.components[key];
                wrap_nullable(TypeRef::Named(component.id), component.nullable)
            }
            Ok((SchemaTarget::Inline(schema), target)) => self.inner_schema_type(schema, &target),
            Err(RefError::NotLocal) => {
                self.diagnostics.warn(
                    format!("remote `$ref: {reference}` is not supported yet; it is typed as any JSON value"),
                    &push_pointer(pointer, "$ref"),
                );
                self.any_value(pointer, UntypedReason::RemoteRef)
            }
            Err(error) => {
                let fallback = "it is typed as any JSON value (`serde_json::Value`)";
                self.diagnostics
                    .ref_problem(reference, &error, fallback, pointer);
                self.any_value(pointer, UntypedReason::UnresolvedRef)
            }
        }
    }

    /// The component a plain `#/components/schemas/Name` names: most
    /// `$ref`s, found without walking the document.
    fn component_by_ref(&self, reference: &str) -> Option<Component> {
        let key = reference.strip_prefix(SCHEMA_REF_PREFIX)?;
        if key.contains(['/', '~', '%']) {
            return None;
        }
        self.components.get(key).copied()
    }

    /// The schema object a `$ref` leads to, following chains of
    /// references, with its pointer.
    pub(super) fn component_schema(&self, reference: &str) -> Option<(&'a Schema, String)> {
        self.resolver.schema_item(reference).ok()
    }

    /// The type already made for a schema that a `$ref` points into.
    pub(super) fn ref_target(&self, pointer: &str) -> Option<TypeRef> {
        if self.ref_targets.is_empty() {
            return None;
        }
        self.ref_targets.get(pointer).cloned()
    }

    /// The type of a schema that a `$ref` points into (not a component):
    /// the type made where the schema stands, when it has been converted
    /// already; otherwise one converted now, named after its place.
    fn inner_schema_type(&mut self, schema: &'a Schema, pointer: &str) -> TypeRef {
        if let Some(ty) = self.ref_target(pointer) {
            return ty;
        }
        self.index_inline_types();
        let ty = match self.inline_types.get(pointer) {
            Some(&id) => wrap_nullable(TypeRef::Named(id), schema.schema_data.nullable),
            None => self.type_of_item(schema, pointer, &name_from_pointer(pointer)),
        };
        self.ref_targets.insert(pointer.to_string(), ty.clone());
        ty
    }

    /// Adds the types made since the last call to [`Self::inline_types`].
    fn index_inline_types(&mut self) {
        let types = self.store.types();
        for (index, ty) in types.iter().enumerate().skip(self.inline_indexed) {
            self.inline_types
                .entry(ty.pointer.clone())
                .or_insert(TypeId(index));
        }
        self.inline_indexed = types.len();
    }
}

/// A type name for the schema at `pointer`, built from its place the way
/// inline types are named where they stand: `Template` + `created_by` +
/// second `oneOf` member gives `TemplateCreatedByVariant2`.
fn name_from_pointer(pointer: &str) -> String {
    let tokens = crate::pointer::pointer_segments(pointer);
    let mut name = String::new();
    let mut tokens = tokens.iter().peekable();
    while let Some(token) = tokens.next() {
        let part = match token.as_str() {
            "components" | "schemas" | "properties" | "schema" | "paths" | "parameters" => None,
            "items" => Some("Item".to_string()),
            "additionalProperties" => Some("Value".to_string()),
            "responses" => Some("Response".to_string()),
            "requestBody" => Some("Request".to_string()),
            "oneOf" | "anyOf" => {
                let index = tokens.next().and_then(|t| t.parse::<usize>().ok());
                index.map(|i| format!("Variant{}", i + 1))
            }
            // A member's properties belong to the merged type; a media type
            // says nothing a reader needs.
            "allOf" | "content" => {
                tokens.next();
                None
            }
            _ if token.bytes().all(|b| b.is_ascii_digit()) => None,
            _ => Some(type_name(token)),
        };
        name.extend(part);
    }
    if name.is_empty() {
        "Schema".to_string()
    } else {
        name
    }
}
