//! The doc text of a type or field, from its schema: the description (or
//! title), the values of an enum union, and the default value.

use super::unions::{enum_union_values, union_members};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// The schema's description (or title), the values of an enum union, and
/// the default value: the server applies the default when the field is
/// left out, which callers want to know.
pub(super) fn item_doc(schema: &Schema) -> Option<String> {
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

pub(super) fn schema_doc(schema: &ReferenceOr<Schema>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => item_doc(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

pub(super) fn boxed_schema_doc(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => item_doc(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

fn item_description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|d| !d.trim().is_empty())
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
