//! OpenAPI 3.1 → the 3.0 model: a 3.1 document is rewritten, as an untyped
//! value, into the 3.0 form that `openapiv3` parses and the later stages
//! know, keeping where every moved node came from ([`Origins`]), so that
//! each diagnostic still points at the user's file.
//!
//! Most of 3.1 has a 3.0 form: `type: [string, "null"]` is `type: string`
//! with `nullable: true`, a `$ref` with a `description` beside it is 3.0's
//! `allOf` wrapper of one `$ref`, a numeric `exclusiveMinimum` is a
//! `minimum` with `exclusiveMinimum: true`. What 3.0 cannot say is passed on
//! as extensions that the IR reads (see [`extensions`]): the titles and
//! descriptions of `const` values, tuples, the webhooks.
//!
//! In the order the rewrite runs:
//! - `ids`: `$ref`s by `$id` and `$anchor`, `$dynamicRef`, `$recursiveRef`
//!   → pointers (before bundling, which would read `/api/schemas/tag` as
//!   a file);
//! - `document`: the dialect, `info.summary`, a missing `paths`,
//!   `components/pathItems`, `webhooks`, `mutualTLS`;
//! - `defs`: `$defs` → named components;
//! - `schema`: each schema's keywords, top-down, with `nulls` (`null`
//!   members of unions), `siblings` (`$ref` beside other keywords), `types`
//!   (type arrays, and keywords of other types), `consts`, `numbers`
//!   (bounds), `collections` (`prefixItems`, `patternProperties`) and
//!   `formats` (`contentEncoding`, `contentMediaType`);
//! - the `$ref`s into moved nodes are pointed at where the nodes went;
//! - `discriminators`: a discriminator without a mapping gets one from the
//!   tag values its variants declare.

mod collections;
mod consts;
mod defs;
mod discriminators;
mod document;
mod formats;
mod ids;
mod nulls;
mod numbers;
mod origins;
mod schema;
mod siblings;
mod types;
mod walk;

use crate::diagnostic::Diagnostic;
use crate::pointer::RefTarget;
use serde_yaml::Value;
use std::collections::BTreeMap;

pub use origins::Origins;

/// The names through which the rewrite tells the IR what the 3.0 model has
/// no field for. The `x-apigen-` prefix is the generator's own: a spec that
/// writes these extensions itself gets what they say.
pub mod extensions {
    /// On an enum made from `const` values: one `{title, description}` per
    /// value of `enum`, in order (the variant's name and documentation).
    pub const VARIANTS: &str = "x-apigen-variants";
    /// On a schema of one value (`const`, or `enum` of one value in 3.1):
    /// `true`. Such a property may tag the variants of a union even when it
    /// is an integer, or not required but defaulted to its value.
    pub const CONST: &str = "x-apigen-const";
    /// On a schema whose only value is `null` (`type: "null"` alone):
    /// `true`. Its type is `()`, made optional by `nullable`.
    pub const NULL: &str = "x-apigen-null";
    /// On an array from `prefixItems` of a fixed length: `true`; its
    /// `items` is a `oneOf` of the members, in order (a tuple).
    pub const TUPLE: &str = "x-apigen-tuple";
    /// The key of `components/callbacks` holding the webhooks: a webhook
    /// is a callback the API makes on its own. `$` makes it no valid
    /// component name, so no 3.0 spec has it.
    pub const WEBHOOKS_CALLBACK: &str = "$webhooks";
}

use extensions::WEBHOOKS_CALLBACK;

/// What rewriting a 3.1 document found.
pub struct Rewritten {
    pub origins: Origins,
    /// Pointers are those of the rewritten document, as for every later
    /// diagnostic: [`Origins`] maps them back when they are located.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether `version` (the `openapi` field) is a 3.1 version.
pub fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// The first step, before other files are bundled in: references by `$id`
/// and anchor, and dynamic references, become pointers; and an unknown
/// dialect is an error.
pub fn resolve_ids(document: &mut Value, strict: bool) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if let Some(problem) = document::dialect_problem(document) {
        return Err(vec![problem]);
    }
    Ok(ids::resolve(document, strict))
}

/// Rewrites a 3.1 document (after [`resolve_ids`] and bundling) into the
/// 3.0 form. `earlier` are the diagnostics of [`resolve_ids`], whose
/// pointers are the source's: they are moved with the nodes they name.
pub fn rewrite(document: &mut Value, earlier: Vec<Diagnostic>) -> Rewritten {
    let mut origins = Origins::default();
    let mut cx = Cx::default();
    document::rewrite(document, &mut origins, &mut cx.diagnostics);
    defs::hoist(document, &mut origins);
    walk::schemas_mut(document, &mut |schema, pointer, slot| {
        schema::rewrite(schema, pointer, slot, &mut cx, &mut origins);
    });
    if !origins.is_empty() {
        point_refs_at_moved_nodes(document, &origins);
    }
    discriminators::infer_mappings(document);
    let mut diagnostics: Vec<Diagnostic> = earlier
        .into_iter()
        .map(|d| Diagnostic {
            pointer: origins.to_rewritten(&d.pointer),
            ..d
        })
        .collect();
    diagnostics.extend(cx.finish());
    Rewritten {
        origins,
        diagnostics,
    }
}

/// The spec's `$ref`s name nodes of the source; those that moved are
/// pointed at where they are now.
fn point_refs_at_moved_nodes(document: &mut Value, origins: &Origins) {
    walk::mappings_mut(document, "", &mut |node, _| {
        let Some(Value::String(reference)) = node.get_mut("$ref") else {
            return;
        };
        let target = RefTarget::parse(reference);
        if !target.is_local() {
            return;
        }
        let moved = origins.to_rewritten(&target.pointer);
        if moved != target.pointer {
            *reference = ids::local_ref(&moved);
        }
    });
}

/// What the schema rewrite collects: diagnostics, and the keywords it
/// ignored, reported once per kind.
#[derive(Default)]
pub(super) struct Cx {
    diagnostics: Vec<Diagnostic>,
    /// (keyword, why) → the first place it was met, and how many times.
    ignored: BTreeMap<(&'static str, Why), (String, usize)>,
}

/// Why a keyword is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Why {
    /// It only says which values are valid; the types are the same without it.
    Validates,
    /// A bound that is not a number, or beyond what its type can hold.
    OddNumber,
    /// `$schema` naming a dialect the generator does not know.
    UnknownDialect,
}

impl Cx {
    pub(super) fn ignore(&mut self, keyword: &'static str, why: Why, pointer: &str) {
        let entry = self
            .ignored
            .entry((keyword, why))
            .or_insert_with(|| (pointer.to_string(), 0));
        entry.1 += 1;
    }

    /// The diagnostics, with one warning per kind of ignored keyword at
    /// its first use.
    fn finish(self) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics;
        for ((keyword, why), (first, count)) in self.ignored {
            let what = match why {
                Why::Validates => format!("`{keyword}` only restricts which values are valid, and is ignored: the generated types accept more"),
                Why::OddNumber => format!("`{keyword}` values that are not numbers, or that do not fit the schema's type (an integer bound beyond 64 bits), are ignored"),
                Why::UnknownDialect => format!("`{keyword}` names a JSON Schema dialect other than OpenAPI 3.1's; the schema is read as OpenAPI 3.1's"),
            };
            let uses = match count {
                1 => "used once, here".to_string(),
                n => format!("{n} uses in the spec; the first is here"),
            };
            diagnostics.push(Diagnostic::warning(format!("{what} ({uses})"), first));
        }
        diagnostics
    }
}
