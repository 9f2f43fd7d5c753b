//! Request bodies: typed by the media type the client sends (JSON first),
//! with `multipart/form-data` forms as structs of parts.

use super::media::{preferred_media_type, MediaKind};
use super::OperationContext;
use crate::ir::resolve::Resolver;
use crate::ir::schemas::Converter;
use crate::ir::{BodyKind, Field, RequestBody, StructDef, TypeId, TypeKind, TypeRef};
use crate::naming::{type_name_part, value_name, Namespace};
use crate::pointer::push_pointer;
use indexmap::IndexMap;
use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// A property of a multipart form's schema.
struct Property<'a> {
    wire_name: &'a String,
    schema: &'a ReferenceOr<Box<Schema>>,
    required: bool,
    pointer: String,
}

impl<'a> OperationContext<'a> {
    pub(super) fn request_body(
        &self,
        type_prefix: &str,
        arg_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Option<RequestBody> {
        let pointer = push_pointer(&self.pointer, "requestBody");
        let body = self.followed(
            self.op.request_body.as_ref()?,
            Resolver::request_body,
            "the operation is sent without a body",
            &pointer,
            &mut schemas.diagnostics,
        )?;
        let content_pointer = push_pointer(&pointer, "content");
        let (media_type, content) = preferred_media_type(&body.content)?;
        let media_pointer = push_pointer(&content_pointer, media_type);
        let schema_pointer = push_pointer(&media_pointer, "schema");
        let hint = format!("{type_prefix}Request");
        let typed = |schemas: &mut Converter<'a>| match &content.schema {
            Some(schema) => schemas.type_of(schema, &schema_pointer, &hint),
            None => TypeRef::Any,
        };
        let kind = match MediaKind::of(media_type) {
            MediaKind::Json => BodyKind::Json(typed(schemas)),
            MediaKind::Form => BodyKind::Form(typed(schemas)),
            MediaKind::Multipart => {
                match self.multipart_form(content, &schema_pointer, type_prefix, schemas) {
                    Some(id) => BodyKind::Multipart(id),
                    None => {
                        schemas.diagnostics.warn(
                        "the multipart body's schema is not an object with properties; each property of the value is sent as a text part".to_string(),
                        &media_pointer,
                    );
                        BodyKind::MultipartValue(typed(schemas))
                    }
                }
            }
            MediaKind::Text => BodyKind::Text,
            MediaKind::Other => BodyKind::Binary,
        };
        Some(RequestBody {
            arg_name: arg_names.claim("body"),
            kind,
            required: body.required,
            media_type: media_type.to_string(),
        })
    }

    /// A `multipart/form-data` body's parts as a struct: `format: binary`
    /// properties (and arrays of them) are files, the others are typed as
    /// usual. `None` when the schema is not an object with properties.
    fn multipart_form(
        &self,
        content: &MediaType,
        schema_pointer: &str,
        type_prefix: &str,
        schemas: &mut Converter<'a>,
    ) -> Option<TypeId> {
        let (schema, pointer) = self.resolve_schema(content.schema.as_ref()?, schema_pointer)?;
        let mut properties = Vec::new();
        self.object_properties(schema, &pointer, &mut properties, 0)?;
        if properties.is_empty() {
            return None;
        }
        let struct_name = format!("{type_prefix}Form");
        let mut field_names = Namespace::new();
        let mut fields: Vec<Field> = Vec::new();
        for property in properties {
            if fields.iter().any(|f| f.wire_name == *property.wire_name) {
                continue;
            }
            let field = self.multipart_field(property, &struct_name, &mut field_names, schemas);
            fields.push(field);
        }
        let doc = Some(format!(
            "The parts of the `multipart/form-data` body of `{}`.",
            self.endpoint()
        ));
        let id = schemas.store.push_type(struct_name, pointer, doc);
        schemas.store.set_kind(
            id,
            TypeKind::Multipart(StructDef {
                fields,
                additional: None,
            }),
        );
        Some(id)
    }

    /// The field of one part of the form `struct_name`.
    fn multipart_field(
        &self,
        property: Property<'_>,
        struct_name: &str,
        field_names: &mut Namespace,
        schemas: &mut Converter<'a>,
    ) -> Field {
        let Property {
            wire_name,
            schema: property,
            required,
            pointer: property_pointer,
        } = property;
        let resolved = match property {
            ReferenceOr::Item(item) => Some(&**item),
            ReferenceOr::Reference { reference } => {
                self.resolver.schema_item(reference).ok().map(|(s, _)| s)
            }
        };
        let ty = match resolved.and_then(|s| self.file_shape(s)) {
            Some(ty) => ty,
            None => schemas.type_of_boxed(
                property,
                &property_pointer,
                &format!("{struct_name}{}", type_name_part(wire_name)),
            ),
        };
        schemas.fallbacks.used(&property_pointer, &ty);
        Field {
            name: field_names.claim(&value_name(wire_name)),
            wire_name: wire_name.clone(),
            ty,
            required,
            boxed: false,
            doc: resolved.and_then(|s| s.schema_data.description.clone()),
            deprecated: false,
        }
    }

    /// The properties of an object schema, or of every member of an `allOf`
    /// of objects (in order); `None` for anything else.
    fn object_properties(
        &self,
        schema: &'a Schema,
        pointer: &str,
        out: &mut Vec<Property<'a>>,
        depth: usize,
    ) -> Option<()> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                push_properties(&object.properties, &object.required, pointer, out);
                Some(())
            }
            // Properties without `type: object`, as some specs write them.
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                push_properties(&any.properties, &any.required, pointer, out);
                Some(())
            }
            SchemaKind::AllOf { all_of } if depth < 8 => {
                for (index, member) in all_of.iter().enumerate() {
                    let member_pointer =
                        push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
                    let (member, member_pointer) = self.resolve_schema(member, &member_pointer)?;
                    self.object_properties(member, &member_pointer, out, depth + 1)?;
                }
                Some(())
            }
            _ => None,
        }
    }

    /// `TypeRef::File` for a `format: binary` string, a list of files for an
    /// array of them, `None` for anything else.
    fn file_shape(&self, schema: &Schema) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                Some(TypeRef::File)
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match array.items.as_ref()? {
                    ReferenceOr::Item(item) => &**item,
                    ReferenceOr::Reference { reference } => {
                        self.resolver.schema_item(reference).ok()?.0
                    }
                };
                match self.file_shape(items)? {
                    TypeRef::File => Some(TypeRef::List(Box::new(TypeRef::File))),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The schema `schema` stands for, following `$ref`s, with the
    /// pointer where it is written.
    fn resolve_schema(
        &self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        match schema {
            ReferenceOr::Item(schema) => Some((schema, pointer.to_string())),
            ReferenceOr::Reference { reference } => self.resolver.schema_item(reference).ok(),
        }
    }
}

/// Adds an object's properties, with their pointers under the object's
/// (at `pointer`), to `out`.
fn push_properties<'a>(
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    pointer: &str,
    out: &mut Vec<Property<'a>>,
) {
    for (wire_name, property) in properties {
        out.push(Property {
            wire_name,
            schema: property,
            required: required.contains(wire_name),
            pointer: push_pointer(&push_pointer(pointer, "properties"), wire_name),
        });
    }
}
