//! Schemas, one idiom per function. Every `$ref` is made in
//! `references.rs`, which keeps the references valid.

use super::builder::{Builder, Plan};
use super::idioms::Idiom;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Deeper than this, only scalars and references.
const MAX_DEPTH: usize = 3;

/// Where a schema stands.
#[derive(Debug, Clone, Copy)]
pub struct At {
    pub depth: usize,
    /// A property, item or map value lies between the component's top and
    /// here: a `$ref` here may point back at the component (recursion).
    pub guarded: bool,
    /// A member of an `allOf`: recursion through it is its own idiom.
    pub all_of: bool,
}

impl At {
    pub fn top() -> At {
        At {
            depth: 0,
            guarded: false,
            all_of: false,
        }
    }

    /// Inside a property, an array's items or a map's values.
    pub fn inside(self) -> At {
        At {
            depth: self.depth + 1,
            guarded: true,
            all_of: false,
        }
    }

    /// A member of `oneOf`/`anyOf`: as direct as the schema itself.
    pub fn member(self) -> At {
        At {
            depth: self.depth + 1,
            guarded: self.guarded,
            all_of: false,
        }
    }

    /// A member of `allOf`.
    pub fn all_of_member(self) -> At {
        At {
            all_of: true,
            ..self.member()
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Scalar,
    StringEnum,
    IntegerEnum,
    Object,
    Map,
    DeepNesting,
    Array,
    ArrayOfUnions,
    AllOf,
    OneOf,
    AnyOf,
    Discriminated,
    Inheritance,
    Reference,
    RefWrapper,
    InteriorRef,
    AnyValue,
}

/// Descriptions that rustdoc, comments or attributes could trip over.
const DESCRIPTIONS: &[&str] = &[
    "A plain description.",
    "Ends a comment */ and opens one /* here.",
    "Markdown: `code`, [a link](https://example.com), <b>html</b>, [not a link].",
    "```\nnot rust code\n```",
    "Backslashes \\ and \"quotes\" and #[attr] and r#raw.",
    "Line one.\n\nLine two with trailing spaces.   ",
    "Fields:\n\n- `pin`: a code\n\n    Indented past the item's content.\n- `kind`: one of\n    - `a`\n\n      Of the nested item.\n\nAfter the list.",
];

impl Builder<'_> {
    /// The body of component `index`, as its plan says.
    pub fn component_body(&mut self, index: usize) -> Value {
        match self.components[index].plan.clone() {
            Plan::Free => self.schema_at_top(),
            Plan::Variant { property, tag } => self.variant(&property, tag.as_deref()),
            Plan::Child { base, property } => self.child(base, &property),
            Plan::Multipart => self.multipart_object(At::top()),
            Plan::PathEnum => self.string_enum(),
            Plan::Page { item } => self.page(item),
        }
    }

    /// A component's top: objects most often, and every other idiom.
    fn schema_at_top(&mut self) -> Value {
        let kinds = self.kinds(At::top());
        let weights: Vec<u32> = kinds
            .iter()
            .map(|(kind, weight)| match kind {
                Kind::Object => weight * 3,
                _ => *weight,
            })
            .collect();
        let kind = kinds[self.rng.weighted(&weights)].0;
        self.schema_of(kind, At::top())
    }

    /// Any schema.
    pub fn schema(&mut self, at: At) -> Value {
        if at.depth >= MAX_DEPTH {
            return self.leaf(at);
        }
        let kinds = self.kinds(at);
        let weights: Vec<u32> = kinds.iter().map(|(_, w)| *w).collect();
        let kind = kinds[self.rng.weighted(&weights)].0;
        self.schema_of(kind, at)
    }

    /// The kinds the idioms allow here, with their weights.
    fn kinds(&self, at: At) -> Vec<(Kind, u32)> {
        let in_component = self.current.is_some();
        let all = [
            (Kind::Scalar, 6, None),
            (Kind::StringEnum, 2, Some(Idiom::StringEnums)),
            (Kind::IntegerEnum, 1, Some(Idiom::IntegerEnums)),
            (Kind::Object, 4, None),
            (Kind::Map, 1, Some(Idiom::Maps)),
            (Kind::DeepNesting, 1, Some(Idiom::DeepNesting)),
            (Kind::Array, 2, None),
            (Kind::ArrayOfUnions, 1, Some(Idiom::ArraysOfUnions)),
            (Kind::AllOf, 2, Some(Idiom::AllOf)),
            (Kind::OneOf, 2, Some(Idiom::OneOf)),
            (Kind::AnyOf, 1, Some(Idiom::AnyOf)),
            (Kind::Discriminated, 1, Some(Idiom::Discriminator)),
            (Kind::Inheritance, 1, Some(Idiom::Inheritance)),
            (Kind::Reference, 5, None),
            (Kind::RefWrapper, 2, Some(Idiom::RefWrappers)),
            (Kind::InteriorRef, 1, Some(Idiom::InteriorRefs)),
            (Kind::AnyValue, 1, None),
        ];
        all.into_iter()
            .filter(|(_, _, idiom)| idiom.is_none_or(|i| self.has(i)))
            .filter(|(kind, _, _)| match kind {
                // A base with children is a component of its own.
                Kind::Inheritance => at.depth == 0 && in_component,
                // Interior refs stand where recursion may.
                Kind::InteriorRef => at.guarded || !in_component,
                _ => true,
            })
            .map(|(kind, weight, _)| (kind, weight))
            .collect()
    }

    fn schema_of(&mut self, kind: Kind, at: At) -> Value {
        let schema = match kind {
            Kind::Scalar => self.scalar(),
            Kind::StringEnum => self.string_enum(),
            Kind::IntegerEnum => self.integer_enum(),
            Kind::Object => self.object(at),
            Kind::Map => self.map(at),
            Kind::DeepNesting => self.deep_nesting(at),
            Kind::Array => self.array(at),
            Kind::ArrayOfUnions => self.array_of_unions(at),
            Kind::AllOf => self.all_of(at),
            Kind::OneOf => self.union("oneOf", at),
            Kind::AnyOf => self.union("anyOf", at),
            Kind::Discriminated => self.discriminated_union(at),
            Kind::Inheritance => self.inheritance_base(),
            Kind::Reference => self.reference(at),
            Kind::RefWrapper => self.ref_wrapper(at),
            Kind::InteriorRef => self.interior_ref(at),
            Kind::AnyValue => self.any_value(),
        };
        self.maybe_nullable(schema, at)
    }

    /// A scalar or a reference.
    fn leaf(&mut self, at: At) -> Value {
        if self.rng.percent(60) {
            self.scalar()
        } else {
            self.reference(at)
        }
    }

    pub fn scalar(&mut self) -> Value {
        let mut choices = vec![
            json!({"type": "string"}),
            json!({"type": "string", "format": "date-time"}),
            json!({"type": "string", "format": "date"}),
            json!({"type": "string", "format": "uuid"}),
            json!({"type": "string", "format": "byte"}),
            json!({"type": "string", "minLength": 1, "default": "x"}),
            json!({"type": "integer"}),
            json!({"type": "integer", "format": "int32", "minimum": 0}),
            json!({"type": "integer", "format": "int64", "default": 20}),
            json!({"type": "boolean", "default": false}),
            json!({"type": "string", "format": "email"}),
            json!({"type": "string", "format": "uri"}),
            // Formats nobody registered are allowed, and used.
            json!({"type": "string", "format": "decimal"}),
            json!({"type": "integer", "format": "int64", "minimum": 0, "maximum": 100}),
        ];
        if !self.no_floats {
            choices.push(json!({"type": "number"}));
            choices.push(json!({"type": "number", "format": "double", "default": 0.5}));
            choices.push(json!({"type": "number", "format": "float"}));
        }
        let mut schema = self.rng.pick(&choices).clone();
        self.maybe_description(&mut schema);
        schema
    }

    /// Any JSON value, written the ways real specs write it.
    fn any_value(&mut self) -> Value {
        self.rng
            .pick(&[
                json!({}),
                json!({"type": "object"}),
                json!({"type": "object", "additionalProperties": true}),
                json!({"description": "Anything at all."}),
            ])
            .clone()
    }

    pub fn string_enum(&mut self) -> Value {
        let values = self.names.enum_values(&mut self.rng);
        let mut schema = json!({"type": "string", "enum": values});
        if self.rng.percent(20) {
            schema["default"] = json!(values[0]);
        }
        schema
    }

    fn integer_enum(&mut self) -> Value {
        let pool = [0, 1, 2, 3, -1, 10, 404, 2_147_483_647];
        let count = self.rng.between(1, 4);
        let picks = self.rng.sample(pool.len(), count);
        let values: Vec<i64> = picks.iter().map(|&i| pool[i]).collect();
        let mut schema = json!({"type": "integer", "enum": values});
        if self.rng.percent(30) {
            schema["format"] = json!("int32");
        }
        if self.rng.percent(40) {
            let names: Vec<String> = (0..values.len())
                .map(|_| {
                    self.rng
                        .pick(&[
                            "Low", "low", "HIGH", "foo_bar", "fooBar", "self", "1st", "Unknown",
                        ])
                        .to_string()
                })
                .collect();
            // Varnames may collide after case conversion, never by spelling.
            let mut seen = BTreeSet::new();
            let names: Vec<String> = names
                .into_iter()
                .enumerate()
                .map(|(i, n)| {
                    if seen.insert(n.clone()) {
                        n
                    } else {
                        format!("{n}{i}")
                    }
                })
                .collect();
            schema["x-enum-varnames"] = json!(names);
        }
        schema
    }

    /// An object with a few properties, some required.
    pub fn object(&mut self, at: At) -> Value {
        let count = self.rng.between(0, 5);
        let properties = self.properties(count, at);
        let mut schema = json!({"type": "object"});
        self.add_properties(&mut schema, properties);
        if self.has(Idiom::Maps) && self.rng.percent(15) {
            schema["additionalProperties"] = match self.rng.below(3) {
                0 => json!(true),
                1 => self.schema(at.inside()),
                _ => json!(false),
            };
        }
        self.maybe_description(&mut schema);
        schema
    }

    /// `count` properties with distinct spellings.
    pub fn properties(&mut self, count: usize, at: At) -> Map<String, Value> {
        let mut properties = Map::new();
        for _ in 0..count {
            let taken: BTreeSet<String> = properties.keys().cloned().collect();
            let name = self.names.property(&mut self.rng, &taken);
            let value = self.property_value(at);
            properties.insert(name, value);
        }
        properties
    }

    fn property_value(&mut self, at: At) -> Value {
        let mut value = self.schema(at.inside());
        if value.get("$ref").is_none() && self.rng.percent(5) {
            let flag = if self.rng.percent(50) {
                "readOnly"
            } else {
                "writeOnly"
            };
            value[flag] = json!(true);
        }
        value
    }

    /// Sets `properties` and a random `required` subset of them.
    pub fn add_properties(&mut self, schema: &mut Value, properties: Map<String, Value>) {
        let required: Vec<String> = properties
            .keys()
            .filter(|_| self.rng.percent(40))
            .cloned()
            .collect();
        if !properties.is_empty() {
            schema["properties"] = Value::Object(properties);
        }
        if !required.is_empty() {
            schema["required"] = json!(required);
        }
    }

    fn map(&mut self, at: At) -> Value {
        let values = if self.rng.percent(20) {
            json!(true)
        } else {
            self.schema(at.inside())
        };
        json!({"type": "object", "additionalProperties": values})
    }

    /// Arrays and maps nested four to six deep, past the depth other
    /// kinds stop at: the types clippy's `type_complexity` lint scores
    /// above its limit in a field, a variant or a method's future.
    fn deep_nesting(&mut self, at: At) -> Value {
        let mut schema = if self.rng.percent(50) {
            json!({"type": "string", "format": "date-time"})
        } else {
            self.leaf(at.inside())
        };
        for _ in 0..4 + self.rng.below(3) {
            schema = if self.rng.percent(50) {
                json!({"type": "array", "items": schema})
            } else {
                json!({"type": "object", "additionalProperties": schema})
            };
        }
        schema
    }

    fn array(&mut self, at: At) -> Value {
        let mut schema = json!({"type": "array", "items": self.schema(at.inside())});
        if self.rng.percent(10) {
            schema["uniqueItems"] = json!(true);
        }
        if self.rng.percent(10) {
            schema["minItems"] = json!(1);
        }
        schema
    }

    fn array_of_unions(&mut self, at: At) -> Value {
        let keyword = if self.rng.percent(60) {
            "oneOf"
        } else {
            "anyOf"
        };
        let items = self.union(keyword, at.inside());
        json!({"type": "array", "items": items})
    }

    /// `allOf` of references and inline objects, sometimes with a
    /// description and `required` beside it.
    fn all_of(&mut self, at: At) -> Value {
        let count = self.rng.between(1, 3);
        let members: Vec<Value> = (0..count)
            .map(|_| {
                if self.rng.percent(50) {
                    self.reference(at.all_of_member())
                } else {
                    self.object(at.member())
                }
            })
            .collect();
        let mut schema = json!({ "allOf": members });
        self.maybe_description(&mut schema);
        if self.rng.percent(15) {
            schema["type"] = json!("object");
        }
        if self.rng.percent(10) {
            // Properties beside `allOf`, not in a member of their own.
            let count = self.rng.between(1, 2);
            let properties = self.properties(count, at);
            self.add_properties(&mut schema, properties);
        }
        schema
    }

    /// `oneOf`/`anyOf` of references, inline objects, scalars and arrays.
    fn union(&mut self, keyword: &str, at: At) -> Value {
        if self.rng.percent(20) {
            return self.tagged_union(keyword, at);
        }
        let count = self.rng.between(2, 4);
        let variants: Vec<Value> = (0..count)
            .map(|_| match self.rng.below(4) {
                0 => self.reference(at.member()),
                1 => self.object(at.member()),
                2 => self.scalar(),
                _ => self.schema(at.member()),
            })
            .collect();
        let mut schema = Map::new();
        schema.insert(keyword.to_string(), Value::Array(variants));
        let mut schema = Value::Object(schema);
        self.maybe_description(&mut schema);
        schema
    }

    /// A union without a discriminator whose inline object variants each
    /// require one property with a one-value enum of its own (as Oxide's
    /// specs write them).
    fn tagged_union(&mut self, keyword: &str, at: At) -> Value {
        let property = self.discriminator_property();
        let count = self.rng.between(2, 3);
        let variants: Vec<Value> = self
            .distinct_tags(count)
            .into_iter()
            .map(|tag| {
                let mut variant = self.object(at.member());
                let properties = variant
                    .as_object_mut()
                    .expect("an object schema")
                    .entry("properties")
                    .or_insert_with(|| json!({}));
                properties[&property] = json!({"type": "string", "enum": [tag]});
                let mut required = variant["required"].as_array().cloned().unwrap_or_default();
                if !required.iter().any(|r| r == &json!(property)) {
                    required.push(json!(property));
                }
                variant["required"] = Value::Array(required);
                variant
            })
            .collect();
        let mut schema = Map::new();
        schema.insert(keyword.to_string(), Value::Array(variants));
        Value::Object(schema)
    }

    /// `oneOf`/`anyOf` of new object components chosen by a property, with
    /// or without a `mapping`.
    fn discriminated_union(&mut self, at: At) -> Value {
        if !self.room_for_components() {
            return self.union("oneOf", at);
        }
        let property = self.discriminator_property();
        let count = self.rng.between(2, 3);
        let with_mapping = self.rng.percent(50);
        let tags = self.distinct_tags(count);
        let mut variants = Vec::new();
        let mut mapping = Map::new();
        for tag in tags {
            let tag = with_mapping.then_some(tag);
            let plan = Plan::Variant {
                property: property.clone(),
                tag: tag.clone(),
            };
            let variant = self.plan(plan);
            variants.push(self.refer_to(variant, at.member()));
            if let Some(tag) = tag {
                mapping.insert(tag, self.mapping_value(variant));
            }
        }
        let keyword = if self.rng.percent(70) {
            "oneOf"
        } else {
            "anyOf"
        };
        let mut discriminator = json!({ "propertyName": property });
        if !mapping.is_empty() {
            discriminator["mapping"] = Value::Object(mapping);
        }
        let mut schema = Map::new();
        schema.insert(keyword.into(), Value::Array(variants));
        schema.insert("discriminator".into(), discriminator);
        Value::Object(schema)
    }

    fn discriminator_property(&mut self) -> String {
        let mut names = vec!["kind", "petType", "object"];
        if self.has(Idiom::Keywords) {
            names.extend(["type", "@type", "self"]);
        }
        if self.has(Idiom::CollidingNames) {
            names.extend(["object_type", "objectType"]);
        }
        self.rng.pick(&names).to_string()
    }

    fn distinct_tags(&mut self, count: usize) -> Vec<String> {
        let mut tags = self.names.enum_values(&mut self.rng);
        let mut n = 0;
        while tags.len() < count {
            n += 1;
            let tag = format!("tag{n}");
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags.truncate(count);
        tags
    }

    /// A mapping value: the full pointer or the bare schema name.
    fn mapping_value(&mut self, index: usize) -> Value {
        let name = &self.components[index].name;
        let bare_is_safe = !name.contains(['/', '#', '~', '.']);
        if bare_is_safe && self.rng.percent(30) {
            json!(name)
        } else {
            json!(self.component_pointer(index))
        }
    }

    /// A variant of a discriminated union: an object requiring `property`
    /// (or an `allOf` of a reference and such an object).
    fn variant(&mut self, property: &str, tag: Option<&str>) -> Value {
        let at = At::top();
        let mut tag_schema = json!({"type": "string"});
        if let Some(tag) = tag {
            if self.rng.percent(50) {
                tag_schema["enum"] = json!([tag]);
            }
        }
        let count = self.rng.between(0, 3);
        let mut properties = self.properties(count, at);
        properties.insert(property.to_string(), tag_schema);
        let mut object = json!({"type": "object"});
        self.add_properties(&mut object, properties);
        let required = object["required"].as_array().cloned().unwrap_or_default();
        if !required.iter().any(|r| r == property) {
            let mut required = required;
            required.push(json!(property));
            object["required"] = Value::Array(required);
        }
        if self.has(Idiom::AllOf) && self.rng.percent(25) {
            let shared = self.reference(at.all_of_member());
            return json!({"allOf": [shared, object]});
        }
        object
    }

    /// A base object with a discriminator; children (new components) extend
    /// it through `allOf` and are named in its `mapping`.
    fn inheritance_base(&mut self) -> Value {
        let Some(base) = self.current else {
            return self.object(At::top());
        };
        let property = self.discriminator_property();
        let count = self.rng.between(0, 2);
        let mut properties = self.properties(count, At::top());
        properties.insert(property.clone(), json!({"type": "string"}));
        let mut schema = json!({"type": "object"});
        self.add_properties(&mut schema, properties);
        schema["required"] = json!([property]);
        let mut discriminator = json!({ "propertyName": property });
        let count = self.rng.between(1, 3);
        let with_mapping = self.rng.percent(60);
        let mut mapping = Map::new();
        for tag in self.distinct_tags(count) {
            if !self.room_for_components() {
                break;
            }
            let child = self.plan(Plan::Child {
                base,
                property: property.clone(),
            });
            if with_mapping {
                mapping.insert(tag, self.mapping_value(child));
            }
        }
        if !mapping.is_empty() {
            discriminator["mapping"] = Value::Object(mapping);
        }
        schema["discriminator"] = discriminator;
        schema
    }

    /// A child of `base`; without the recursion idiom, when a reference to
    /// the base would close a cycle, a standalone object with the base's
    /// discriminator property instead.
    fn child(&mut self, base: usize, property: &str) -> Value {
        let at = At::top().all_of_member();
        if !self.may_refer(base, at) {
            return self.variant(property, None);
        }
        let parent = self.refer_to(base, at);
        let own = self.object(at);
        json!({"allOf": [parent, own]})
    }

    /// An object for `multipart/form-data`: files, arrays of files, text
    /// parts, an enum, a nested object.
    pub fn multipart_object(&mut self, at: At) -> Value {
        let mut properties = Map::new();
        properties.insert(
            "file".into(),
            json!({"type": "string", "format": "binary", "description": "The file's contents."}),
        );
        if self.rng.percent(40) {
            properties.insert(
                "attachments".into(),
                json!({"type": "array", "items": {"type": "string", "format": "binary"}}),
            );
        }
        let count = self.rng.between(0, 3);
        let extra = self.properties(count, at);
        for (name, value) in extra {
            properties.entry(name).or_insert(value);
        }
        let mut schema = json!({"type": "object"});
        self.add_properties(&mut schema, properties);
        schema
    }

    /// A page of a paginated list.
    fn page(&mut self, item: Value) -> Value {
        let mut next = json!({"type": "string"});
        if self.has(Idiom::Nullable) && self.rng.percent(30) {
            next["nullable"] = json!(true);
        }
        let mut page = json!({
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": item},
                "nextToken": next,
            }
        });
        if self.rng.percent(50) {
            page["required"] = json!(["data"]);
        }
        page
    }

    pub fn maybe_description(&mut self, schema: &mut Value) {
        if self.rng.percent(15) {
            schema["description"] = json!(self.rng.pick(DESCRIPTIONS));
        }
        if self.has(Idiom::Extensions) && self.rng.percent(5) {
            schema["x-internal"] = json!({"since": "v2", "owners": ["team-a"]});
            schema["externalDocs"] = json!({"url": "https://example.com/docs"});
        }
    }
}
