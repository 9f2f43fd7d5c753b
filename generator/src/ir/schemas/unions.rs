//! `oneOf`/`anyOf` → unions: tagged by a discriminator, or by a property
//! every variant fixes to a value of its own (an implied tag), else tried
//! in turn; a union of string enums is one open enum instead.

use super::enums::enum_def;
use super::{Converter, Shape};
use crate::ir::{TagKind, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::load::v31::extensions;
use crate::naming::Namespace;
use crate::pointer::push_pointer;
use openapiv3::{Discriminator, ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::HashSet;

/// An implied tag: the property, each variant's value of it, and what the
/// values are on the wire.
type ImpliedTag = (String, Vec<String>, TagKind);

impl<'a> Converter<'a> {
    /// `oneOf`/`anyOf`: a union of the variants' types; tagged when a
    /// discriminator names a value for every variant.
    pub(super) fn union_shape(
        &mut self,
        schema: &Schema,
        variants: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
        name_hint: &str,
    ) -> Shape {
        let variants_pointer = push_pointer(pointer, keyword);
        if variants.len() == 1 {
            return self.shape(
                &variants[0],
                &push_pointer(&variants_pointer, "0"),
                name_hint,
            );
        }
        if let Some(values) = enum_union_values(variants) {
            return Shape::Defined(TypeKind::Enum(enum_def(values, None)));
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let implied = match discriminator {
            None => self.implied_tag(variants),
            Some(_) => None,
        };
        if let Some((property, _, _)) = &implied {
            self.mark_tag_properties(variants, &variants_pointer, property);
        }
        let mut names = Namespace::new();
        let mut union_variants = Vec::with_capacity(variants.len());
        for (i, variant) in variants.iter().enumerate() {
            let variant_pointer = push_pointer(&variants_pointer, &i.to_string());
            let ty = self.type_of(
                variant,
                &variant_pointer,
                &format!("{name_hint}Variant{}", i + 1),
            );
            let full_name = self.variant_name(&ty);
            // `ExprVariant1` inside `Expr` reads better as `Variant1`.
            let short_name = full_name
                .strip_prefix(name_hint)
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                .unwrap_or(&full_name);
            let name = names.claim(short_name);
            let tag_values = match (discriminator, variant, &implied) {
                (Some(d), ReferenceOr::Reference { reference }, _) => tag_values(d, reference),
                (None, _, Some((_, values, _))) => vec![values[i].clone()],
                _ => Vec::new(),
            };
            union_variants.push(UnionVariant {
                name,
                ty,
                boxed: false,
                tag_values,
            });
        }
        claim_tag_values_once(&mut union_variants);
        let tagged =
            discriminator.is_some() && union_variants.iter().all(|v| !v.tag_values.is_empty());
        let other_variant = names.claim("Unknown");
        let (discriminator, tag) = match implied {
            Some((property, _, tag)) => (Some(property), tag),
            None => (
                tagged
                    .then(|| discriminator.map(|d| d.property_name.clone()))
                    .flatten(),
                TagKind::String,
            ),
        };
        Shape::Defined(TypeKind::Union(UnionDef {
            variants: union_variants,
            discriminator,
            other_variant,
            tag,
        }))
    }

    /// Records the implied tag `property` of each inline variant, so that
    /// it is typed as a string (see [`Converter::tag_properties`]).
    fn mark_tag_properties(
        &mut self,
        variants: &[ReferenceOr<Schema>],
        variants_pointer: &str,
        property: &str,
    ) {
        for (i, variant) in variants.iter().enumerate() {
            if let ReferenceOr::Item(_) = variant {
                let variant_pointer = push_pointer(variants_pointer, &i.to_string());
                let properties = push_pointer(&variant_pointer, "properties");
                self.tag_properties
                    .insert(push_pointer(&properties, property));
            }
        }
    }

    /// Without a `discriminator`, the property that tells the variants of a
    /// union apart, if there is one, and each variant's value of it: every
    /// variant is an object that requires the property, as a string enum of
    /// one value, each variant a value of its own (Oxide's specs write
    /// unions this way; 3.1 specs write a `const`, which may be an integer,
    /// or be left out of `required` when it defaults to its value). A
    /// tagged union decodes the variant the value names instead of trying
    /// each in turn, and compiles much faster than serde's untagged enums.
    fn implied_tag(&self, variants: &[ReferenceOr<Schema>]) -> Option<ImpliedTag> {
        let objects = variants
            .iter()
            .map(|variant| self.object_type(variant))
            .collect::<Option<Vec<_>>>()?;
        objects.first()?.properties.keys().find_map(|property| {
            let tags = objects
                .iter()
                .map(|object| self.constant_property(object, property))
                .collect::<Option<Vec<_>>>()?;
            let kind = tags.first()?.1;
            let values: Vec<String> = tags
                .into_iter()
                .filter(|(_, tag)| *tag == kind)
                .map(|(value, _)| value)
                .collect();
            let distinct = values.iter().collect::<HashSet<_>>().len() == objects.len();
            distinct.then(|| (property.clone(), values, kind))
        })
    }

    /// The object type a schema (or the schema it references) declares.
    fn object_type<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s ObjectType>
    where
        'a: 's,
    {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference)?.0,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some(object),
            _ => None,
        }
    }

    /// The one value a required, non-nullable string property can have; or,
    /// for a 3.1 `const`, a string or integer property that is required or
    /// defaults to its value (the server then always sends it).
    fn constant_property(&self, object: &ObjectType, property: &str) -> Option<(String, TagKind)> {
        let schema = match object.properties.get(property)? {
            ReferenceOr::Item(schema) => &**schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference)?.0,
        };
        if schema.schema_data.nullable {
            return None;
        }
        let (value, tag) = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
                [Some(value)] => (serde_json::Value::from(value.as_str()), TagKind::String),
                _ => return None,
            },
            SchemaKind::Type(Type::Integer(integer)) => match integer.enumeration.as_slice() {
                [Some(value)] => (serde_json::Value::from(*value), TagKind::Integer),
                _ => return None,
            },
            _ => return None,
        };
        let required = object.required.iter().any(|name| name == property);
        let constant = schema
            .schema_data
            .extensions
            .contains_key(extensions::CONST);
        let defaulted = schema.schema_data.default.as_ref() == Some(&value);
        let tags = match tag {
            TagKind::String => required || (constant && defaulted),
            TagKind::Integer => constant && (required || defaulted),
        };
        let text = match value {
            serde_json::Value::String(text) => text,
            number => number.to_string(),
        };
        tags.then_some((text, tag))
    }

    /// A variant is named after its type: the model's name, or the kind of
    /// value (`String`, `Integer`, `List`, ...).
    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty.strip_nullable().0 {
            TypeRef::Named(id) => self.store[*id].name.clone(),
            TypeRef::String => "String".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::I32 | TypeRef::I64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Any => "Value".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Tuple(_) => "Tuple".into(),
            TypeRef::Unit => "Null".into(),
            TypeRef::List(_) => "List".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Nullable(_) => "Value".into(),
            TypeRef::File => "File".into(),
        }
    }
}

/// A value may select one variant only; the first claim wins.
fn claim_tag_values_once(variants: &mut [UnionVariant]) {
    let mut claimed: Vec<String> = Vec::new();
    for variant in variants {
        variant.tag_values.retain(|value| !claimed.contains(value));
        claimed.extend(variant.tag_values.iter().cloned());
    }
}

/// The discriminator values that select the variant `reference`: mapping
/// entries naming it, or else the referenced schema's name.
fn tag_values(discriminator: &Discriminator, reference: &str) -> Vec<String> {
    let target_name = reference.rsplit('/').next().unwrap_or_default();
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| target.as_str() == reference || target.as_str() == target_name)
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() && !target_name.is_empty() {
        vec![target_name.to_string()]
    } else {
        mapped
    }
}

/// A union of string enums (`oneOf` members of `enum: [value]` each, as
/// Oxide's specs document enum values): all the values, for one open enum.
/// As an untagged union of open enums, every string would decode as the
/// first member.
pub(super) fn enum_union_values(variants: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
    let members = variants
        .iter()
        .map(|variant| match variant {
            ReferenceOr::Item(schema) if !schema.schema_data.nullable => {
                match &schema.schema_kind {
                    SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                        Some(s.enumeration.iter().flatten().cloned().collect::<Vec<_>>())
                    }
                    _ => None,
                }
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(members.concat())
}

/// The members of a schema that becomes a union (see
/// [`Converter::union_shape`]).
pub(super) fn union_members(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    let members = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(any)
            if any.all_of.is_empty()
                && any.properties.is_empty()
                && any.additional_properties.is_none() =>
        {
            if any.one_of.is_empty() {
                &any.any_of
            } else {
                &any.one_of
            }
        }
        _ => return None,
    };
    (members.len() > 1).then_some(members.as_slice())
}
