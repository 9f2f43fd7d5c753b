//! Objects → structs, and `allOf` → one struct with the members'
//! properties merged; a property-less object with `additionalProperties`
//! is a map.

use super::annotations::is_annotation_only;
use super::docs::boxed_schema_doc;
use super::{Converter, Shape};
use crate::ir::untyped::UntypedReason;
use crate::ir::{Field, StructDef, TypeKind, TypeRef};
use crate::naming::{type_name_part, value_name, Namespace};
use crate::pointer::push_pointer;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

/// The parts of an object schema, possibly merged from several (`allOf`):
/// properties with the pointers of their schemas, required names, and
/// `additionalProperties` with its pointer.
#[derive(Default)]
pub(super) struct ObjectParts<'s> {
    properties: Vec<(&'s str, &'s ReferenceOr<Box<Schema>>, String)>,
    required: Vec<&'s str>,
    additional: Option<(&'s AdditionalProperties, String)>,
    /// The object's pointer (the first `allOf` member's, when merged).
    pointer: String,
}

/// The `allOf` members that are not objects, with their pointers.
type Others<'s> = Vec<(&'s ReferenceOr<Schema>, String)>;

impl<'a> Converter<'a> {
    pub(super) fn object_shape(&mut self, parts: ObjectParts, name_hint: &str) -> Shape {
        if parts.properties.is_empty() {
            let values = match &parts.additional {
                Some((AdditionalProperties::Schema(schema), at)) => {
                    self.type_of(schema, at, &format!("{name_hint}Value"))
                }
                Some((AdditionalProperties::Any(_), at)) => {
                    self.any_value(at, UntypedReason::FreeForm)
                }
                None => self.any_value(&parts.pointer, UntypedReason::FreeForm),
            };
            return Shape::Uses(TypeRef::Map(Box::new(values)));
        }
        let mut field_names = Namespace::new();
        let fields: Vec<Field> = parts
            .properties
            .iter()
            .map(|(wire_name, schema, field_pointer)| {
                let hint = format!("{name_hint}{}", type_name_part(wire_name));
                let name = field_names.claim(&value_name(wire_name));
                let required = parts.required.contains(wire_name);
                self.field(name, wire_name, schema, field_pointer, required, &hint)
            })
            .collect();
        let additional = match &parts.additional {
            Some((AdditionalProperties::Any(true), at)) => {
                Some((self.any_value(at, UntypedReason::FreeForm), at))
            }
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some((self.type_of(schema, at, &format!("{name_hint}Value")), at))
            }
            _ => None,
        }
        .map(|(ty, at)| {
            self.fallbacks.used(at, &ty);
            (field_names.claim("additional_properties"), ty)
        });
        Shape::Defined(TypeKind::Struct(StructDef { fields, additional }))
    }

    /// The field of the property `wire_name`, whose schema is at `pointer`.
    fn field(
        &mut self,
        name: String,
        wire_name: &str,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        required: bool,
        hint: &str,
    ) -> Field {
        let data = match schema {
            ReferenceOr::Item(schema) => Some(&schema.schema_data),
            ReferenceOr::Reference { .. } => None,
        };
        // A read-only property is absent from requests and a write-only
        // one from responses, so neither can be required in both.
        let one_way = data.is_some_and(|d| d.read_only || d.write_only);
        let ty = self.type_of_boxed(schema, pointer, hint);
        self.fallbacks.used(pointer, &ty);
        Field {
            name,
            wire_name: wire_name.to_string(),
            ty,
            required: required && !one_way,
            boxed: false,
            doc: boxed_schema_doc(schema),
            deprecated: self.is_v31() && data.is_some_and(|d| d.deprecated),
        }
    }

    /// `allOf`: the members' properties merged into one struct. A member that
    /// is not an object (a string, an array) cannot be merged; a single such
    /// member is used as is.
    pub(super) fn all_of_shape(
        &mut self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        name_hint: &str,
    ) -> Shape {
        let mut parts = ObjectParts::default();
        let mut others = Vec::new();
        for (member, member_pointer) in all_of_members(members, pointer) {
            self.collect_object(member, &member_pointer, &mut parts, &mut others, 0);
        }
        parts.pointer = pointer.to_string();
        match (
            parts.properties.is_empty() && parts.additional.is_none(),
            others.len(),
        ) {
            (true, 0) => Shape::Uses(self.any_value(pointer, UntypedReason::FreeForm)),
            (true, 1) => {
                let (member, member_pointer) = others.remove(0);
                self.shape(member, &member_pointer, name_hint)
            }
            (true, _) => {
                self.diagnostics.warn(
                    "allOf of several non-object schemas cannot be merged; it is typed as any JSON value".to_string(),
                    pointer,
                );
                Shape::Uses(self.any_value(pointer, UntypedReason::UnsupportedKeyword))
            }
            (false, n) => {
                if n > 0 {
                    self.diagnostics.warn(
                        "allOf mixes objects with non-object schemas; only the object properties are kept".to_string(),
                        pointer,
                    );
                }
                self.object_shape(parts, name_hint)
            }
        }
    }

    /// Adds the properties of one `allOf` member (following `$ref`s and nested
    /// `allOf`s) to `parts`; members that are not objects go to `others`.
    fn collect_object<'s>(
        &mut self,
        member: &'s ReferenceOr<Schema>,
        pointer: &str,
        parts: &mut ObjectParts<'s>,
        others: &mut Others<'s>,
        depth: usize,
    ) where
        'a: 's,
    {
        // Deeper than any sensible spec: a cycle of allOf references.
        if depth > 64 {
            self.diagnostics
                .error("allOf references form a cycle".to_string(), pointer);
            return;
        }
        let (schema, schema_pointer) = match member {
            ReferenceOr::Item(schema) => (schema, pointer.to_string()),
            ReferenceOr::Reference { reference } => match self.resolver.schema_item(reference) {
                Ok(found) => found,
                Err(error) => {
                    let fallback = "the member is left out of the merged type";
                    self.diagnostics
                        .ref_problem(reference, &error, fallback, pointer);
                    return;
                }
            },
        };
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                (&o.properties, &o.required, &o.additional_properties)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                for (nested, at) in all_of_members(&any.all_of, &schema_pointer) {
                    self.collect_object(nested, &at, parts, others, depth + 1);
                }
                (&any.properties, &any.required, &any.additional_properties)
            }
            SchemaKind::AllOf { all_of } => {
                for (nested, at) in all_of_members(all_of, &schema_pointer) {
                    self.collect_object(nested, &at, parts, others, depth + 1);
                }
                return;
            }
            // Only annotations (a description, `nullable`): nothing to merge.
            SchemaKind::Any(any) if is_annotation_only(any) => return,
            _ => {
                others.push((member, pointer.to_string()));
                return;
            }
        };
        let properties_pointer = push_pointer(&schema_pointer, "properties");
        for (name, property) in properties {
            let at = push_pointer(&properties_pointer, name);
            // A later member overrides an earlier one's property of the same name.
            parts
                .properties
                .retain(|(existing, _, _)| *existing != name.as_str());
            parts.properties.push((name.as_str(), property, at));
        }
        parts.required.extend(required.iter().map(String::as_str));
        if let Some(additional) = additional {
            parts.additional = Some((
                additional,
                push_pointer(&schema_pointer, "additionalProperties"),
            ));
        }
    }
}

impl<'s> ObjectParts<'s> {
    pub(super) fn of(
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: &'s Option<AdditionalProperties>,
        pointer: &str,
    ) -> Self {
        let properties_pointer = push_pointer(pointer, "properties");
        Self {
            properties: properties
                .iter()
                .map(|(name, schema)| {
                    (
                        name.as_str(),
                        schema,
                        push_pointer(&properties_pointer, name),
                    )
                })
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional: additional
                .as_ref()
                .map(|a| (a, push_pointer(pointer, "additionalProperties"))),
            pointer: pointer.to_string(),
        }
    }
}

/// The members of the `allOf` of the schema at `pointer`, with their
/// pointers.
fn all_of_members<'s>(
    members: &'s [ReferenceOr<Schema>],
    pointer: &str,
) -> impl Iterator<Item = (&'s ReferenceOr<Schema>, String)> {
    let members_pointer = push_pointer(pointer, "allOf");
    members
        .iter()
        .enumerate()
        .map(move |(i, member)| (member, push_pointer(&members_pointer, &i.to_string())))
}
