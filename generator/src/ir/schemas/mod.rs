//! Schemas → named types.
//!
//! Component schemas are declared first, so that every `$ref` can be resolved
//! whatever the order; inline schemas that need a type of their own (objects
//! and enums) are named after where they stand: `StatementJob` + `filters`
//! gives `StatementJobFilters`.
//!
//! This module dispatches a schema to the converter of its kind, and guards
//! against schemas that contain themselves; the converters are its
//! submodules.

mod alias_cycles;
mod annotations;
mod docs;
mod enums;
mod objects;
mod refs;
mod unions;

use super::diagnostics::Diagnostics;
use super::resolve::Resolver;
use super::store::TypeStore;
use super::untyped::{Fallbacks, UntypedReason};
use super::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::load::v31::extensions;
use crate::naming::type_name;
use crate::pointer::push_pointer;
use docs::{item_doc, schema_doc};
use objects::ObjectParts;
use openapiv3::{
    IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{HashMap, HashSet};

/// Converts schemas to types. It owns the type store and the diagnostics
/// sink, which the operations pass writes to as well.
pub struct Converter<'a> {
    spec: &'a OpenAPI,
    resolver: Resolver<'a>,
    pub store: TypeStore,
    pub diagnostics: Diagnostics,
    /// Where schemas fell back to any JSON value, and the fields and
    /// parameters typed: for the report of what is untyped.
    pub fallbacks: Fallbacks,
    /// The spec is OpenAPI 3.1: `format: byte` is bytes, and `deprecated`
    /// properties are deprecated fields (a 3.0 spec's types stay as they
    /// were).
    v31: bool,
    components: HashMap<&'a str, Component>,
    /// Pointers of the properties that tag the inline variants of unions
    /// (see [`Self::implied_tag`]): typed as strings, since the variant
    /// already tells the value, rather than as one-value enums of their own
    /// (dozens of types in specs written this way).
    tag_properties: HashSet<String>,
    /// The types of schemas that `$ref`s point into (not components), by
    /// the schema's pointer: one type however many references reach it.
    ref_targets: HashMap<String, TypeRef>,
    /// Inline types by the pointer of their schema, for `$ref`s into a
    /// schema already converted where it stands; indexes the store up to
    /// `inline_indexed` (built only when such a `$ref` is met).
    inline_types: HashMap<String, TypeId>,
    inline_indexed: usize,
    /// The schemas being converted, outermost first: meeting one again
    /// means it contains itself (through a `$ref` into it, or an `allOf`
    /// that pulls in the properties of a schema around it).
    in_progress: Vec<InProgress>,
}

/// A schema under conversion, and the type standing for it if it turned
/// out to contain itself.
struct InProgress {
    pointer: String,
    name_hint: String,
    doc: Option<String>,
    placeholder: Option<TypeId>,
}

/// A component schema's type, and whether the schema is `nullable` (which
/// every reference to it inherits).
#[derive(Clone, Copy)]
struct Component {
    id: TypeId,
    nullable: bool,
}

/// What a schema turns into before it is placed.
enum Shape {
    /// Needs a named type of its own.
    Defined(TypeKind),
    /// Is expressed by an existing type.
    Uses(TypeRef),
}

impl<'a> Converter<'a> {
    pub fn new(spec: &'a OpenAPI, diagnostics: Diagnostics) -> Self {
        let v31 = crate::load::v31::is_31(&spec.openapi);
        Self {
            spec,
            resolver: Resolver::new(spec),
            store: TypeStore::new(v31),
            diagnostics,
            fallbacks: Fallbacks::default(),
            v31,
            components: HashMap::new(),
            tag_properties: HashSet::new(),
            ref_targets: HashMap::new(),
            inline_types: HashMap::new(),
            inline_indexed: 0,
            in_progress: Vec::new(),
        }
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        self.spec.components.iter().flat_map(|c| c.schemas.iter())
    }

    /// Names every component schema, then converts each one.
    pub fn declare_components(&mut self) {
        let schemas: Vec<_> = self.component_schemas().collect();
        for (key, schema) in &schemas {
            let pointer = push_pointer("/components/schemas", key);
            let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
            let id = self.store.push_type(type_name(key), pointer, None);
            self.components
                .insert(key.as_str(), Component { id, nullable });
        }
        for (key, schema) in schemas {
            let id = self.components[key.as_str()].id;
            let pointer = self.store[id].pointer.clone();
            let name = self.store[id].name.clone();
            let kind = match self.shape(schema, &pointer, &name) {
                Shape::Defined(kind) => kind,
                Shape::Uses(target) => TypeKind::Alias(target),
            };
            self.store.set_doc(id, schema_doc(schema));
            self.store.set_kind(id, kind);
        }
        if alias_cycles::reject(self.store.types(), &mut self.diagnostics) {
            alias_cycles::newtypes_for_recursive_aliases(&mut self.store);
        }
    }

    /// The types, and what was found on the way.
    pub fn finish(self) -> (Vec<TypeDef>, Diagnostics, Fallbacks) {
        (self.store.finish(), self.diagnostics, self.fallbacks)
    }

    /// Whether the spec is OpenAPI 3.1.
    pub fn is_v31(&self) -> bool {
        self.v31
    }

    /// Any JSON value, for the schema at `pointer`, noted with `reason`.
    fn any_value(&mut self, pointer: &str, reason: UntypedReason) -> TypeRef {
        self.fallbacks.fell_back(pointer, reason);
        TypeRef::Any
    }

    /// The type of a value described by `schema`; inline objects and enums
    /// become new types named `name_hint`.
    pub fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_item(schema, pointer, name_hint),
        }
    }

    /// Same as [`type_of`](Self::type_of) for a boxed schema (array items,
    /// property values).
    pub fn type_of_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_item(schema, pointer, name_hint),
        }
    }

    fn type_of_item(&mut self, schema: &Schema, pointer: &str, name_hint: &str) -> TypeRef {
        let nullable = schema.schema_data.nullable;
        if let Some(ty) = self.ref_target(pointer) {
            return ty;
        }
        if let Some(depth) = self.in_progress.iter().rposition(|p| p.pointer == pointer) {
            return wrap_nullable(TypeRef::Named(self.placeholder(depth)), nullable);
        }
        self.in_progress.push(InProgress {
            pointer: pointer.to_string(),
            name_hint: name_hint.to_string(),
            doc: item_doc(schema),
            placeholder: None,
        });
        let shape = self.shape_of_item(schema, pointer, name_hint);
        let placeholder = self.in_progress.pop().and_then(|p| p.placeholder);
        let ty = match (shape, placeholder) {
            (Shape::Uses(ty), None) => ty,
            (Shape::Defined(kind), None) => {
                let id = self.store.push_type(
                    name_hint.to_string(),
                    pointer.to_string(),
                    item_doc(schema),
                );
                self.store.set_kind(id, kind);
                TypeRef::Named(id)
            }
            // The schema contains itself: the type made for the inner
            // occurrence is the type.
            (Shape::Defined(kind), Some(id)) => {
                self.store.set_kind(id, kind);
                TypeRef::Named(id)
            }
            (Shape::Uses(ty), Some(id)) => {
                self.store.set_kind(id, TypeKind::Alias(ty));
                TypeRef::Named(id)
            }
        };
        wrap_nullable(ty, nullable)
    }

    /// The type standing for the schema under conversion at `depth` of
    /// [`Self::in_progress`], made the first time it is asked for.
    fn placeholder(&mut self, depth: usize) -> TypeId {
        if let Some(id) = self.in_progress[depth].placeholder {
            return id;
        }
        let InProgress {
            pointer,
            name_hint,
            doc,
            ..
        } = &self.in_progress[depth];
        let (name_hint, pointer, doc) = (name_hint.clone(), pointer.clone(), doc.clone());
        let id = self.store.push_type(name_hint, pointer, doc);
        self.in_progress[depth].placeholder = Some(id);
        id
    }

    /// What a component schema becomes: its own struct or enum, or an alias.
    fn shape(&mut self, schema: &ReferenceOr<Schema>, pointer: &str, name_hint: &str) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => {
                Shape::Uses(self.resolve_ref(reference, pointer))
            }
            ReferenceOr::Item(schema) => {
                let shape = self.shape_of_item(schema, pointer, name_hint);
                match shape {
                    Shape::Uses(ty) => Shape::Uses(wrap_nullable(ty, schema.schema_data.nullable)),
                    defined => defined,
                }
            }
        }
    }

    fn shape_of_item(&mut self, schema: &Schema, pointer: &str, name_hint: &str) -> Shape {
        if let Some((reference, at)) = annotations::annotated_reference(schema, pointer) {
            return Shape::Uses(self.resolve_ref(reference, &at));
        }
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.typed_shape(schema, ty, pointer, name_hint),
            SchemaKind::Any(any) => self.untyped_shape(schema, any, pointer, name_hint),
            SchemaKind::AllOf { all_of } => self.all_of_shape(all_of, pointer, name_hint),
            SchemaKind::OneOf { one_of } => {
                self.union_shape(schema, one_of, "oneOf", pointer, name_hint)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union_shape(schema, any_of, "anyOf", pointer, name_hint)
            }
            // `not` only restricts values; any JSON value is a faithful type.
            SchemaKind::Not { .. } => {
                Shape::Uses(self.any_value(pointer, UntypedReason::UnsupportedKeyword))
            }
        }
    }

    /// A schema with a `type`.
    fn typed_shape(&mut self, schema: &Schema, ty: &Type, pointer: &str, name_hint: &str) -> Shape {
        match ty {
            Type::String(s) => {
                if s.enumeration.is_empty() || self.tag_properties.contains(pointer) {
                    Shape::Uses(self.string_type(&s.format))
                } else {
                    let values = s.enumeration.iter().flatten().cloned().collect();
                    let described = schema.schema_data.extensions.get(extensions::VARIANTS);
                    Shape::Defined(TypeKind::Enum(enums::enum_def(values, described)))
                }
            }
            Type::Integer(i)
                if !i.enumeration.is_empty() && !self.tag_properties.contains(pointer) =>
            {
                let given = &schema.schema_data.extensions;
                let names = given.get("x-enum-varnames");
                let described = given.get(extensions::VARIANTS);
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                Shape::Defined(TypeKind::IntegerEnum(enums::integer_enum_def(
                    &values, names, described,
                )))
            }
            Type::Integer(i) => Shape::Uses(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            Type::Number(n) => Shape::Uses(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            Type::Boolean(_) => Shape::Uses(TypeRef::Bool),
            Type::Array(a) => {
                if schema
                    .schema_data
                    .extensions
                    .contains_key(extensions::TUPLE)
                {
                    if let Some(tuple) = self.tuple_type(a, pointer, name_hint) {
                        return Shape::Uses(tuple);
                    }
                }
                let items = match &a.items {
                    Some(items) => self.type_of_boxed(
                        items,
                        &push_pointer(pointer, "items"),
                        &format!("{name_hint}Item"),
                    ),
                    None => self.any_value(pointer, UntypedReason::FreeForm),
                };
                Shape::Uses(TypeRef::List(Box::new(items)))
            }
            Type::Object(o) => {
                let parts = ObjectParts::of(
                    &o.properties,
                    &o.required,
                    &o.additional_properties,
                    pointer,
                );
                self.object_shape(parts, name_hint)
            }
        }
    }

    /// A schema without a `type`: what its keywords make of it, in this
    /// order: `allOf`, properties, `oneOf`, `anyOf`, else any JSON value.
    fn untyped_shape(
        &mut self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        pointer: &str,
        name_hint: &str,
    ) -> Shape {
        if !any.all_of.is_empty() {
            self.all_of_shape(&any.all_of, pointer, name_hint)
        } else if !any.properties.is_empty() || any.additional_properties.is_some() {
            let parts = ObjectParts::of(
                &any.properties,
                &any.required,
                &any.additional_properties,
                pointer,
            );
            self.object_shape(parts, name_hint)
        } else if !any.one_of.is_empty() {
            self.union_shape(schema, &any.one_of, "oneOf", pointer, name_hint)
        } else if !any.any_of.is_empty() {
            self.union_shape(schema, &any.any_of, "anyOf", pointer, name_hint)
        } else if schema.schema_data.extensions.contains_key(extensions::NULL) {
            Shape::Uses(TypeRef::Unit)
        } else {
            Shape::Uses(self.any_value(pointer, UntypedReason::FreeForm))
        }
    }

    /// A tuple (3.1's `prefixItems`, which the loader wrote as a `oneOf` of
    /// the members under `items`): the members' types, in order.
    fn tuple_type(
        &mut self,
        array: &openapiv3::ArrayType,
        pointer: &str,
        name_hint: &str,
    ) -> Option<TypeRef> {
        let Some(ReferenceOr::Item(items)) = &array.items else {
            return None;
        };
        let SchemaKind::OneOf { one_of } = &items.schema_kind else {
            return None;
        };
        let list = push_pointer(&push_pointer(pointer, "items"), "oneOf");
        let members = one_of
            .iter()
            .enumerate()
            .map(|(i, member)| {
                let at = push_pointer(&list, &i.to_string());
                self.type_of(member, &at, &format!("{name_hint}{}", i + 1))
            })
            .collect();
        Some(TypeRef::Tuple(members))
    }

    /// A string of `format`: a date, a date-time, bytes (base64 text, in
    /// a 3.1 spec), or text.
    fn string_type(&self, format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
        match format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) if self.v31 => TypeRef::Bytes,
            format => string_type(format),
        }
    }
}

fn wrap_nullable(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) => ty,
        ty if nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        _ => TypeRef::String,
    }
}
