//! Schemas → named types.
//!
//! Component schemas are declared first, so that every `$ref` can be resolved
//! whatever the order; inline schemas that need a type of their own (objects
//! and enums) are named after where they stand: `StatementJob` + `filters`
//! gives `StatementJobFilters`.

use super::{EnumDef, Field, StructDef, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::diagnostic::{push_pointer, Diagnostic};
use crate::naming::{type_name, value_name, Namespace};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::HashMap;

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

pub struct TypeBuilder<'a> {
    spec: &'a OpenAPI,
    types: Vec<TypeDef>,
    type_names: Namespace,
    components: HashMap<&'a str, Component>,
    diagnostics: Vec<Diagnostic>,
}

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

impl<'a> TypeBuilder<'a> {
    pub fn new(spec: &'a OpenAPI) -> Self {
        Self {
            spec,
            types: Vec::new(),
            type_names: Namespace::new(),
            components: HashMap::new(),
            diagnostics: Vec::new(),
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
            let id = self.push_type(type_name(key), pointer, None);
            self.components
                .insert(key.as_str(), Component { id, nullable });
        }
        for (key, schema) in schemas {
            let id = self.components[key.as_str()].id;
            let pointer = self.types[id.0].pointer.clone();
            let name = self.types[id.0].name.clone();
            let kind = match self.shape(schema, &pointer, &name) {
                Shape::Defined(kind) => kind,
                Shape::Uses(target) => TypeKind::Alias(target),
            };
            self.types[id.0].doc = schema_doc(schema);
            self.types[id.0].kind = kind;
        }
        self.reject_alias_cycles();
    }

    pub fn finish(self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        (self.types, self.diagnostics)
    }

    pub fn error(&mut self, message: String, pointer: &str) {
        self.diagnostics.push(Diagnostic::error(message, pointer));
    }

    pub fn warn(&mut self, message: String, pointer: &str) {
        self.diagnostics.push(Diagnostic::warning(message, pointer));
    }

    pub fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id.0].kind = kind;
    }

    /// Adds a type under a fresh name derived from `wanted` (already PascalCase).
    pub fn push_type(&mut self, wanted: String, pointer: String, doc: Option<String>) -> TypeId {
        let id = TypeId(self.types.len());
        let name = self.type_names.claim(&wanted);
        self.types.push(TypeDef {
            name,
            doc,
            pointer,
            kind: TypeKind::Alias(TypeRef::Any),
        });
        id
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
    fn type_of_boxed(
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
        let ty = match self.shape_of_item(schema, pointer, name_hint) {
            Shape::Uses(ty) => ty,
            Shape::Defined(kind) => {
                let id =
                    self.push_type(name_hint.to_string(), pointer.to_string(), item_doc(schema));
                self.types[id.0].kind = kind;
                TypeRef::Named(id)
            }
        };
        wrap_nullable(ty, schema.schema_data.nullable)
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
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.is_empty() {
                    Shape::Uses(string_type(&s.format))
                } else {
                    let values = s.enumeration.iter().flatten().cloned().collect();
                    Shape::Defined(TypeKind::Enum(enum_def(values)))
                }
            }
            SchemaKind::Type(Type::Integer(i)) => Shape::Uses(match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => Shape::Uses(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Uses(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let items = match &a.items {
                    Some(items) => self.type_of_boxed(
                        items,
                        &push_pointer(pointer, "items"),
                        &format!("{name_hint}Item"),
                    ),
                    None => TypeRef::Any,
                };
                Shape::Uses(TypeRef::List(Box::new(items)))
            }
            SchemaKind::Type(Type::Object(o)) => self.object_shape(
                &o.properties,
                &o.required,
                &o.additional_properties,
                pointer,
                name_hint,
            ),
            SchemaKind::Any(any) if !any.properties.is_empty() => self.object_shape(
                &any.properties,
                &any.required,
                &any.additional_properties,
                pointer,
                name_hint,
            ),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.shape(
                &all_of[0],
                &push_pointer(&push_pointer(pointer, "allOf"), "0"),
                name_hint,
            ),
            SchemaKind::Any(_) => Shape::Uses(TypeRef::Any),
            SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. } => {
                self.warn(
                    "this schema combination is not supported yet; it is typed as any JSON value"
                        .to_string(),
                    pointer,
                );
                Shape::Uses(TypeRef::Any)
            }
        }
    }

    fn object_shape(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        pointer: &str,
        name_hint: &str,
    ) -> Shape {
        if properties.is_empty() {
            let values = match additional {
                Some(AdditionalProperties::Schema(schema)) => self.type_of(
                    schema,
                    &push_pointer(pointer, "additionalProperties"),
                    &format!("{name_hint}Value"),
                ),
                _ => TypeRef::Any,
            };
            return Shape::Uses(TypeRef::Map(Box::new(values)));
        }
        let mut field_names = Namespace::new();
        let properties_pointer = push_pointer(pointer, "properties");
        let fields = properties
            .iter()
            .map(|(wire_name, schema)| {
                let field_pointer = push_pointer(&properties_pointer, wire_name);
                let hint = format!("{name_hint}{}", type_name(wire_name));
                Field {
                    name: field_names.claim(&value_name(wire_name)),
                    wire_name: wire_name.clone(),
                    ty: self.type_of_boxed(schema, &field_pointer, &hint),
                    required: required.contains(wire_name),
                    boxed: false,
                    doc: boxed_schema_doc(schema),
                }
            })
            .collect();
        Shape::Defined(TypeKind::Struct(StructDef { fields }))
    }

    /// Resolves a schema `$ref`; a dangling or unsupported one is reported.
    pub fn resolve_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let ref_pointer = push_pointer(pointer, "$ref");
        let Some(name) = reference.strip_prefix(SCHEMA_REF_PREFIX) else {
            self.warn(
                format!("`$ref: {reference}` is not a reference to `#/components/schemas/...`, which is all that is supported yet; it is typed as any JSON value"),
                &ref_pointer,
            );
            return TypeRef::Any;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        match self.components.get(name.as_str()) {
            Some(component) => wrap_nullable(TypeRef::Named(component.id), component.nullable),
            None => {
                self.error(
                    format!("dangling `$ref: {reference}`: there is no schema `{name}` under `#/components/schemas`"),
                    &ref_pointer,
                );
                TypeRef::Any
            }
        }
    }

    /// `A: {$ref: B}` and `B: {$ref: A}` describe no value at all.
    fn reject_alias_cycles(&mut self) {
        for start in 0..self.types.len() {
            let mut chain = vec![start];
            let mut current = start;
            while let Some(next) = alias_target(&self.types[current].kind) {
                if next.0 == start {
                    let pointers: Vec<_> = chain
                        .iter()
                        .map(|&i| self.types[i].pointer.as_str())
                        .collect();
                    let message = format!(
                        "`$ref` cycle with no schema in between: #{} → #{}",
                        pointers.join(" → #"),
                        self.types[start].pointer
                    );
                    let pointer = self.types[start].pointer.clone();
                    self.error(message, &pointer);
                    break;
                }
                if chain.contains(&next.0) {
                    break;
                }
                chain.push(next.0);
                current = next.0;
            }
        }
    }
}

/// The type an alias stands for, when it is just another named type.
fn alias_target(kind: &TypeKind) -> Option<TypeId> {
    match kind {
        TypeKind::Alias(ty) => match ty.strip_nullable().0 {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        },
        _ => None,
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

/// Variants named from their values; the catch-all variant takes the first
/// of `Unknown`, `UnknownValue`, ... that no listed value claimed.
fn enum_def(values: Vec<String>) -> EnumDef {
    let mut names = Namespace::new();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    for value in values {
        if variants.iter().any(|v| v.wire_value == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(&type_name(&value)),
            wire_value: value,
        });
    }
    let other_variant = ["Unknown", "UnknownValue"]
        .into_iter()
        .find(|n| !names.contains(n))
        .map(str::to_string)
        .unwrap_or_else(|| names.claim("UnknownValue"));
    EnumDef {
        variants,
        other_variant,
    }
}

fn item_doc(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

fn schema_doc(schema: &ReferenceOr<Schema>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => item_doc(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

fn boxed_schema_doc(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => item_doc(schema),
        ReferenceOr::Reference { .. } => None,
    }
}
