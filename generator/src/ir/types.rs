//! Schemas → named types.
//!
//! Component schemas are declared first, so that every `$ref` can be resolved
//! whatever the order; inline schemas that need a type of their own (objects
//! and enums) are named after where they stand: `StatementJob` + `filters`
//! gives `StatementJobFilters`.

use super::resolve::{RefError, Resolver, SchemaTarget};
use super::{
    EnumDef, Field, IntegerEnumDef, IntegerVariant, StructDef, TypeDef, TypeId, TypeKind, TypeRef,
    UnionDef, UnionVariant, Variant,
};
use crate::diagnostic::Diagnostic;
use crate::naming::{type_name, value_name, Namespace};
use crate::pointer::push_pointer;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ObjectType, OpenAPI, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{HashMap, HashSet};

const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

pub struct TypeBuilder<'a> {
    spec: &'a OpenAPI,
    resolver: Resolver<'a>,
    /// Spec-quality problems (a dangling `$ref`) are errors, not warnings.
    strict: bool,
    types: Vec<TypeDef>,
    type_names: Namespace,
    components: HashMap<&'a str, Component>,
    diagnostics: Vec<Diagnostic>,
    /// Pointers of the properties that tag the inline variants of unions
    /// (see [`Self::implied_tag`]): typed as strings, since the variant
    /// already tells the value, rather than as one-value enums of their own
    /// (dozens of types in specs written this way).
    tag_properties: HashSet<String>,
    /// The types of schemas that `$ref`s point into (not components), by
    /// the schema's pointer: one type however many references reach it.
    ref_targets: HashMap<String, TypeRef>,
    /// Inline types by the pointer of their schema, for `$ref`s into a
    /// schema already converted where it stands; indexes `types` up to
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
    pub fn new(spec: &'a OpenAPI, strict: bool) -> Self {
        Self {
            spec,
            resolver: Resolver::new(spec),
            strict,
            types: Vec::new(),
            type_names: reserved_type_names(),
            components: HashMap::new(),
            diagnostics: Vec::new(),
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

    pub fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        // A schema converted in several places (its properties merged into
        // several `allOf`s) reports each of its problems once.
        let mut seen = HashSet::new();
        self.diagnostics
            .retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        (self.types, self.diagnostics)
    }

    pub fn error(&mut self, message: String, pointer: &str) {
        self.diagnostics.push(Diagnostic::error(message, pointer));
    }

    pub fn warn(&mut self, message: String, pointer: &str) {
        self.diagnostics.push(Diagnostic::warning(message, pointer));
    }

    /// A spec-quality problem with a fallback: an error under `--strict`,
    /// otherwise a warning that names the fallback.
    pub fn quality(&mut self, problem: String, fallback: &str, pointer: &str) {
        let diagnostic = Diagnostic::quality(self.strict, &problem, fallback, pointer);
        self.diagnostics.push(diagnostic);
    }

    /// Reports a `$ref` (at `pointer`) that could not be followed. A
    /// dangling one is a spec-quality problem, since a user often cannot
    /// fix a published spec: `fallback` says what is done instead.
    pub fn ref_problem(
        &mut self,
        reference: &str,
        error: &RefError,
        fallback: &str,
        pointer: &str,
    ) {
        let ref_pointer = push_pointer(pointer, "$ref");
        let message = error.describe(reference);
        if error.is_dangling() {
            self.quality(message, fallback, &ref_pointer);
        } else {
            self.error(message, &ref_pointer);
        }
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
                let id =
                    self.push_type(name_hint.to_string(), pointer.to_string(), item_doc(schema));
                self.types[id.0].kind = kind;
                TypeRef::Named(id)
            }
            // The schema contains itself: the type made for the inner
            // occurrence is the type.
            (Shape::Defined(kind), Some(id)) => {
                self.types[id.0].kind = kind;
                TypeRef::Named(id)
            }
            (Shape::Uses(ty), Some(id)) => {
                self.types[id.0].kind = TypeKind::Alias(ty);
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
        let id = self.push_type(name_hint, pointer, doc);
        self.in_progress[depth].placeholder = Some(id);
        id
    }

    /// The type already made for a schema that a `$ref` points into.
    fn ref_target(&self, pointer: &str) -> Option<TypeRef> {
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
        for (index, ty) in self.types.iter().enumerate().skip(self.inline_indexed) {
            self.inline_types
                .entry(ty.pointer.clone())
                .or_insert(TypeId(index));
        }
        self.inline_indexed = self.types.len();
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
        if let Some((reference, at)) = annotated_reference(schema, pointer) {
            return Shape::Uses(self.resolve_ref(reference, &at));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.is_empty() || self.tag_properties.contains(pointer) {
                    Shape::Uses(string_type(&s.format))
                } else {
                    let values = s.enumeration.iter().flatten().cloned().collect();
                    Shape::Defined(TypeKind::Enum(enum_def(values)))
                }
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                let names = schema.schema_data.extensions.get("x-enum-varnames");
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                Shape::Defined(TypeKind::IntegerEnum(integer_enum_def(&values, names)))
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
            SchemaKind::Type(Type::Object(o)) => {
                let parts = ObjectParts::of(
                    &o.properties,
                    &o.required,
                    &o.additional_properties,
                    pointer,
                );
                self.object_shape(parts, name_hint)
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                self.all_of_shape(&any.all_of, pointer, name_hint)
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty() || any.additional_properties.is_some() =>
            {
                let parts = ObjectParts::of(
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                    pointer,
                );
                self.object_shape(parts, name_hint)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.union_shape(schema, &any.one_of, "oneOf", pointer, name_hint)
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.union_shape(schema, &any.any_of, "anyOf", pointer, name_hint)
            }
            SchemaKind::AllOf { all_of } => self.all_of_shape(all_of, pointer, name_hint),
            SchemaKind::OneOf { one_of } => {
                self.union_shape(schema, one_of, "oneOf", pointer, name_hint)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union_shape(schema, any_of, "anyOf", pointer, name_hint)
            }
            // `not` only restricts values; any JSON value is a faithful type.
            SchemaKind::Any(_) | SchemaKind::Not { .. } => Shape::Uses(TypeRef::Any),
        }
    }

    fn object_shape(&mut self, parts: ObjectParts, name_hint: &str) -> Shape {
        if parts.properties.is_empty() {
            let values = match &parts.additional {
                Some((AdditionalProperties::Schema(schema), at)) => {
                    self.type_of(schema, at, &format!("{name_hint}Value"))
                }
                _ => TypeRef::Any,
            };
            return Shape::Uses(TypeRef::Map(Box::new(values)));
        }
        let mut field_names = Namespace::new();
        let fields: Vec<Field> = parts
            .properties
            .iter()
            .map(|(wire_name, schema, field_pointer)| {
                let hint = format!("{name_hint}{}", type_name(wire_name));
                // A read-only property is absent from requests and a write-only
                // one from responses, so neither can be required in both.
                let one_way = matches!(schema, ReferenceOr::Item(s) if s.schema_data.read_only || s.schema_data.write_only);
                Field {
                    name: field_names.claim(&value_name(wire_name)),
                    wire_name: wire_name.to_string(),
                    ty: self.type_of_boxed(schema, field_pointer, &hint),
                    required: parts.required.contains(wire_name) && !one_way,
                    boxed: false,
                    doc: boxed_schema_doc(schema),
                }
            })
            .collect();
        let additional = match &parts.additional {
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Any),
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.type_of(schema, at, &format!("{name_hint}Value")))
            }
            _ => None,
        }
        .map(|ty| (field_names.claim("additional_properties"), ty));
        Shape::Defined(TypeKind::Struct(StructDef { fields, additional }))
    }

    /// `allOf`: the members' properties merged into one struct. A member that
    /// is not an object (a string, an array) cannot be merged; a single such
    /// member is used as is.
    fn all_of_shape(
        &mut self,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        name_hint: &str,
    ) -> Shape {
        let mut parts = ObjectParts::default();
        let mut others = Vec::new();
        let members_pointer = push_pointer(pointer, "allOf");
        for (i, member) in members.iter().enumerate() {
            let member_pointer = push_pointer(&members_pointer, &i.to_string());
            self.collect_object(member, &member_pointer, &mut parts, &mut others, 0);
        }
        match (
            parts.properties.is_empty() && parts.additional.is_none(),
            others.len(),
        ) {
            (true, 0) => Shape::Uses(TypeRef::Any),
            (true, 1) => {
                let (member, member_pointer) = others.remove(0);
                self.shape(member, &member_pointer, name_hint)
            }
            (true, _) => {
                self.warn(
                    "allOf of several non-object schemas cannot be merged; it is typed as any JSON value".to_string(),
                    pointer,
                );
                Shape::Uses(TypeRef::Any)
            }
            (false, n) => {
                if n > 0 {
                    self.warn(
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
        others: &mut Vec<(&'s ReferenceOr<Schema>, String)>,
        depth: usize,
    ) where
        'a: 's,
    {
        // Deeper than any sensible spec: a cycle of allOf references.
        if depth > 64 {
            self.error("allOf references form a cycle".to_string(), pointer);
            return;
        }
        let (schema, schema_pointer) = match member {
            ReferenceOr::Item(schema) => (schema, pointer.to_string()),
            ReferenceOr::Reference { reference } => match self.resolver.schema_item(reference) {
                Ok(found) => found,
                Err(error) => {
                    let fallback = "the member is left out of the merged type";
                    self.ref_problem(reference, &error, fallback, pointer);
                    return;
                }
            },
        };
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                (&o.properties, &o.required, &o.additional_properties)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                for (i, nested) in any.all_of.iter().enumerate() {
                    let nested_pointer =
                        push_pointer(&push_pointer(&schema_pointer, "allOf"), &i.to_string());
                    self.collect_object(nested, &nested_pointer, parts, others, depth + 1);
                }
                (&any.properties, &any.required, &any.additional_properties)
            }
            SchemaKind::AllOf { all_of } => {
                for (i, nested) in all_of.iter().enumerate() {
                    let nested_pointer =
                        push_pointer(&push_pointer(&schema_pointer, "allOf"), &i.to_string());
                    self.collect_object(nested, &nested_pointer, parts, others, depth + 1);
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

    /// The schema object a `$ref` leads to, following chains of
    /// references, with its pointer.
    fn component_schema(&self, reference: &str) -> Option<(&'a Schema, String)> {
        self.resolver.schema_item(reference).ok()
    }

    /// `oneOf`/`anyOf`: a union of the variants' types; tagged when a
    /// discriminator names a value for every variant.
    fn union_shape(
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
            return Shape::Defined(TypeKind::Enum(enum_def(values)));
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let implied = match discriminator {
            None => self.implied_tag(variants),
            Some(_) => None,
        };
        if let Some((property, _)) = &implied {
            for (i, variant) in variants.iter().enumerate() {
                if let ReferenceOr::Item(_) = variant {
                    let variant_pointer = push_pointer(&variants_pointer, &i.to_string());
                    let properties = push_pointer(&variant_pointer, "properties");
                    self.tag_properties
                        .insert(push_pointer(&properties, property));
                }
            }
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
                (None, _, Some((_, values))) => vec![values[i].clone()],
                _ => Vec::new(),
            };
            union_variants.push(UnionVariant {
                name,
                ty,
                boxed: false,
                tag_values,
            });
        }
        // A value may select one variant only; the first claim wins.
        let mut claimed: Vec<String> = Vec::new();
        for variant in &mut union_variants {
            variant.tag_values.retain(|value| !claimed.contains(value));
            claimed.extend(variant.tag_values.iter().cloned());
        }
        let tagged =
            discriminator.is_some() && union_variants.iter().all(|v| !v.tag_values.is_empty());
        let other_variant = names.claim("Unknown");
        let discriminator = match implied {
            Some((property, _)) => Some(property),
            None => tagged
                .then(|| discriminator.map(|d| d.property_name.clone()))
                .flatten(),
        };
        Shape::Defined(TypeKind::Union(UnionDef {
            variants: union_variants,
            discriminator,
            other_variant,
        }))
    }

    /// Without a `discriminator`, the property that tells the variants of a
    /// union apart, if there is one, and each variant's value of it: every
    /// variant is an object that requires the property, as a string enum of
    /// one value, each variant a value of its own (Oxide's specs write
    /// unions this way). A tagged union decodes the variant the value names
    /// instead of trying each in turn, and compiles much faster than serde's
    /// untagged enums.
    fn implied_tag(&self, variants: &[ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        let objects = variants
            .iter()
            .map(|variant| self.object_type(variant))
            .collect::<Option<Vec<_>>>()?;
        objects.first()?.properties.keys().find_map(|property| {
            let values = objects
                .iter()
                .map(|object| self.constant_property(object, property))
                .collect::<Option<Vec<_>>>()?;
            let distinct = values.iter().collect::<HashSet<_>>().len() == values.len();
            distinct.then(|| (property.clone(), values))
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

    /// The one value a required, non-nullable string property can have.
    fn constant_property(&self, object: &ObjectType, property: &str) -> Option<String> {
        if !object.required.iter().any(|name| name == property) {
            return None;
        }
        let schema = match object.properties.get(property)? {
            ReferenceOr::Item(schema) => &**schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference)?.0,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !schema.schema_data.nullable => {
                match string.enumeration.as_slice() {
                    [Some(value)] => Some(value.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A variant is named after its type: the model's name, or the kind of
    /// value (`String`, `Integer`, `List`, ...).
    fn variant_name(&self, ty: &TypeRef) -> String {
        match ty.strip_nullable().0 {
            TypeRef::Named(id) => self.types[id.0].name.clone(),
            TypeRef::String => "String".into(),
            TypeRef::Bool => "Boolean".into(),
            TypeRef::I32 | TypeRef::I64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Any => "Value".into(),
            TypeRef::List(_) => "List".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Nullable(_) => "Value".into(),
            TypeRef::File => "File".into(),
        }
    }

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
                self.warn(
                    format!("remote `$ref: {reference}` is not supported yet; it is typed as any JSON value"),
                    &push_pointer(pointer, "$ref"),
                );
                TypeRef::Any
            }
            Err(error) => {
                let fallback = "it is typed as any JSON value (`serde_json::Value`)";
                self.ref_problem(reference, &error, fallback, pointer);
                TypeRef::Any
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

    /// `A: {$ref: B}` and `B: {$ref: A}` describe no value at all. Each
    /// alias has at most one target, so one walk from every type, never
    /// re-entering a type already walked, finds every cycle in linear time;
    /// each is reported once, at its member declared first.
    fn reject_alias_cycles(&mut self) {
        const UNSEEN: usize = usize::MAX;
        const DONE: usize = usize::MAX - 1;
        // For each type: UNSEEN, DONE, or its position on the current walk.
        let mut state = vec![UNSEEN; self.types.len()];
        let mut cycles = Vec::new();
        for start in 0..self.types.len() {
            let mut walk = Vec::new();
            let mut current = Some(start);
            while let Some(index) = current {
                match state[index] {
                    UNSEEN => {
                        state[index] = walk.len();
                        walk.push(index);
                        current = alias_target(&self.types[index].kind).map(|t| t.0);
                    }
                    DONE => break,
                    position => {
                        cycles.push(walk[position..].to_vec());
                        break;
                    }
                }
            }
            for index in walk {
                state[index] = DONE;
            }
        }
        for mut cycle in cycles {
            let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
            cycle.rotate_left(first);
            let pointers: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| self.types[i].pointer.as_str())
                .collect();
            let message = format!(
                "`$ref` cycle with no schema in between: #{}",
                pointers.join(" → #")
            );
            let pointer = self.types[cycle[0]].pointer.clone();
            self.error(message, &pointer);
        }
    }
}

/// The parts of an object schema, possibly merged from several (`allOf`):
/// properties with the pointers of their schemas, required names, and
/// `additionalProperties` with its pointer.
#[derive(Default)]
struct ObjectParts<'s> {
    properties: Vec<(&'s str, &'s ReferenceOr<Box<Schema>>, String)>,
    required: Vec<&'s str>,
    additional: Option<(&'s AdditionalProperties, String)>,
}

impl<'s> ObjectParts<'s> {
    fn of(
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
        }
    }
}

/// The `$ref` of an `allOf` that only wraps one reference to add texts or
/// flags beside it (`allOf: [{$ref: ...}]` with a `description`, the usual
/// way to document a reference in OpenAPI 3.0), with the pointer of the
/// member holding it. Such a schema is the referenced type, not a copy.
fn annotated_reference<'s>(schema: &'s Schema, pointer: &str) -> Option<(&'s str, String)> {
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
fn is_annotated_all_of(any: &openapiv3::AnySchema) -> bool {
    !any.all_of.is_empty()
        && matches!(any.typ.as_deref(), None | Some("object"))
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
}

/// A schema with no type and no structure: only texts and flags.
fn is_annotation_only(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
}

/// The discriminator values that select the variant `reference`: mapping
/// entries naming it, or else the referenced schema's name.
fn tag_values(discriminator: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
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
    // A set, not a scan of `variants`: enums with tens of thousands of
    // values exist, and a scan per value is quadratic.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    for value in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(&type_name(&value)),
            wire_value: value,
        });
    }
    let other_variant = catch_all_name(&mut names);
    EnumDef {
        variants,
        other_variant,
    }
}

/// A union of string enums (`oneOf` members of `enum: [value]` each, as
/// Oxide's specs document enum values): all the values, for one open enum.
/// As an untagged union of open enums, every string would decode as the
/// first member.
fn enum_union_values(variants: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
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

/// The members of a schema that becomes a union (see `shape_of_item`).
fn union_members(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
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

/// The descriptions of the values of a union of string enums, as a list to
/// add to the enum's doc; `None` when there are none.
fn enum_union_doc(schema: &Schema) -> Option<String> {
    let members = union_members(schema)?;
    enum_union_values(members)?;
    let mut lines = Vec::new();
    for member in members {
        let ReferenceOr::Item(member) = member else {
            continue;
        };
        let SchemaKind::Type(Type::String(s)) = &member.schema_kind else {
            continue;
        };
        let doc = item_description(member);
        for value in s.enumeration.iter().flatten() {
            lines.push(match &doc {
                // Later lines indented, to stay in the list item.
                Some(doc) => format!("- `{value}`: {}", doc.trim().replace('\n', "\n  ")),
                None => format!("- `{value}`"),
            });
        }
    }
    let any_doc = members
        .iter()
        .any(|m| matches!(m, ReferenceOr::Item(m) if item_description(m).is_some()));
    any_doc.then(|| lines.join("\n"))
}

fn item_description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

/// The schema's description (or title), the values of an enum union, and
/// the default value: the server applies the default when the field is
/// left out, which callers want to know.
fn item_doc(schema: &Schema) -> Option<String> {
    let default = schema
        .schema_data
        .default
        .as_ref()
        .map(|value| format!("Default: `{}`.", value.to_string().replace('`', "'")));
    let parts: Vec<String> = [item_description(schema), enum_union_doc(schema), default]
        .into_iter()
        .flatten()
        .map(|part| part.trim_end().to_string())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
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

/// Variants named by the spec's `x-enum-varnames` when it names every
/// value, otherwise `Value1`, `ValueMinus1`, ...; repeated values are
/// listed once.
fn integer_enum_def(values: &[i64], given_names: Option<&serde_json::Value>) -> IntegerEnumDef {
    let given: Option<Vec<&str>> = given_names
        .and_then(|names| names.as_array())
        .filter(|names| names.len() == values.len())
        .and_then(|names| names.iter().map(|n| n.as_str()).collect());
    let mut names = Namespace::new();
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    let mut variants = Vec::with_capacity(values.len());
    for (index, &value) in values.iter().enumerate() {
        if !seen.insert(value) {
            continue;
        }
        let wanted = match &given {
            Some(given) => type_name(given[index]),
            None if value < 0 => format!("ValueMinus{}", value.unsigned_abs()),
            None => format!("Value{value}"),
        };
        variants.push(IntegerVariant {
            name: names.claim(&wanted),
            value,
        });
    }
    let other_variant = catch_all_name(&mut names);
    IntegerEnumDef {
        variants,
        other_variant,
    }
}

/// The name of an open enum's variant for values the spec does not list:
/// the first of `Unknown`, `UnknownValue`, ... that no listed value claimed.
fn catch_all_name(names: &mut Namespace) -> String {
    ["Unknown", "UnknownValue"]
        .into_iter()
        .find(|n| !names.contains(n))
        .map(str::to_string)
        .unwrap_or_else(|| names.claim("UnknownValue"))
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

/// Names the generated models use for types of their own.
fn reserved_type_names() -> Namespace {
    let mut names = Namespace::new();
    names.reserve(super::reserved::FILE_PART);
    names
}
