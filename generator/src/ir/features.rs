//! Cargo features per tag (`--features-per-tag`): one feature per tag of
//! the spec's operations, each enabling the operations with that tag and
//! exactly the types they reach, so that a user who needs one tag of a big
//! API compiles that tag alone.
//!
//! Every type gets a [`Gate`]: the features any of which compiles it. Types
//! the client needs whatever is called (the common error body, client
//! parameters, webhook payloads) and everything they reach are compiled
//! always; types no operation reaches come with `full` only.

use super::reach::Reach;
use super::{Ir, TypeId, TypeKind, TypeRef};
use crate::diagnostic::Diagnostic;
use crate::naming::{feature_name, Namespace};

/// The most features crates.io accepts in one package.
pub const MAX_FEATURES: usize = 300;

/// The feature of every tag at once, on by default in a new `Cargo.toml`.
pub const FULL: &str = "full";

/// The feature of the operations that have no tag.
pub const UNTAGGED: &str = "untagged";

/// The cargo features of a crate generated with features per tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// One per tag, in the order the operations first use them.
    pub tags: Vec<TagFeature>,
    /// Indexed by [`TypeId`].
    pub types: Vec<Gate>,
    /// Indexed like [`Ir::operations`].
    pub operations: Vec<Gate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFeature {
    /// The feature's name, e.g. `statement-jobs`.
    pub name: String,
    /// The tag as the spec writes it; `None` for [`UNTAGGED`].
    pub tag: Option<String>,
}

/// Which features compile an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// No feature: the item is compiled whatever the features.
    Always,
    /// Any of these features (indices into [`Features::tags`], ascending).
    AnyOf(Vec<usize>),
    /// Only [`FULL`]: a type that no operation reaches.
    Full,
}

impl Features {
    /// The feature names of `gate`; empty for [`Gate::Always`].
    pub fn names(&self, gate: &Gate) -> Vec<&str> {
        match gate {
            Gate::Always => Vec::new(),
            Gate::AnyOf(indices) => indices
                .iter()
                .map(|&i| self.tags[i].name.as_str())
                .collect(),
            Gate::Full => vec![FULL],
        }
    }
}

/// The features of `ir`'s crate, or `None` when its operations have no
/// tags (a single feature would gate nothing worth gating) or too many for
/// crates.io, which is reported in `warnings`.
pub fn per_tag(ir: &Ir, warnings: &mut Vec<Diagnostic>) -> Option<Features> {
    if ir.operations.iter().all(|op| op.tags.is_empty()) {
        return None;
    }
    let tags = tag_features(ir);
    // `full` and `default` count too.
    if tags.len() + 2 > MAX_FEATURES {
        warnings.push(Diagnostic::warning(
            format!(
                "{} tags need {} cargo features, more than the {MAX_FEATURES} crates.io \
                 accepts: the crate is generated without features per tag",
                tags.len(),
                tags.len() + 2
            ),
            "/tags",
        ));
        return None;
    }
    let operations: Vec<Gate> = ir
        .operations
        .iter()
        .map(|op| {
            let mut indices: Vec<usize> = if op.tags.is_empty() {
                vec![untagged_index(&tags)]
            } else {
                op.tags.iter().map(|tag| tag_index(&tags, tag)).collect()
            };
            indices.sort_unstable();
            indices.dedup();
            Gate::AnyOf(indices)
        })
        .collect();
    let types = type_gates(ir, &operations);
    Some(Features {
        tags,
        types,
        operations,
    })
}

/// One feature per tag, named once each: two tags that name alike get a
/// numeric suffix, and `full`, `default` and `untagged` stay free.
fn tag_features(ir: &Ir) -> Vec<TagFeature> {
    let mut names = Namespace::new();
    for reserved in [FULL, "default", UNTAGGED] {
        names.reserve(reserved);
    }
    let mut features: Vec<TagFeature> = Vec::new();
    for op in &ir.operations {
        for tag in &op.tags {
            if !features.iter().any(|f| f.tag.as_deref() == Some(tag)) {
                features.push(TagFeature {
                    name: names.claim(&feature_name(tag)),
                    tag: Some(tag.clone()),
                });
            }
        }
    }
    if ir.operations.iter().any(|op| op.tags.is_empty()) {
        features.push(TagFeature {
            name: UNTAGGED.to_string(),
            tag: None,
        });
    }
    features
}

fn tag_index(features: &[TagFeature], tag: &str) -> usize {
    features
        .iter()
        .position(|f| f.tag.as_deref() == Some(tag))
        .expect("every tag of an operation has a feature")
}

fn untagged_index(features: &[TagFeature]) -> usize {
    features
        .iter()
        .position(|f| f.tag.is_none())
        .expect("operations without tags have a feature")
}

/// The gate of each type: the union of the gates of the operations that
/// reach it, [`Gate::Always`] if the client's shared parts reach it.
fn type_gates(ir: &Ir, operations: &[Gate]) -> Vec<Gate> {
    let mut reach = Reach::new(ir);
    let mut reached_by: Vec<Option<Vec<usize>>> = vec![None; ir.types.len()];
    for (op, gate) in ir.operations.iter().zip(operations) {
        let Gate::AnyOf(features) = gate else {
            continue;
        };
        let mut roots = op.request_types();
        roots.extend(op.response_types());
        for id in reach.walk(&roots) {
            let entry = reached_by[id.0].get_or_insert_with(Vec::new);
            entry.extend(features);
        }
    }
    let mut gates: Vec<Gate> = reached_by
        .into_iter()
        .map(|features| match features {
            None => Gate::Full,
            Some(mut features) => {
                features.sort_unstable();
                features.dedup();
                Gate::AnyOf(features)
            }
        })
        .collect();
    for id in reach.walk(&always_roots(ir)) {
        gates[id.0] = Gate::Always;
    }
    gates
}

/// The types every build of the client needs: `ApiError`'s body and the
/// webhooks' payloads.
fn always_roots(ir: &Ir) -> Vec<TypeRef> {
    let webhooks = ir
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| matches!(def.kind, TypeKind::Webhooks(_)))
        .map(|(i, _)| TypeRef::Named(TypeId(i)));
    ir.common_error_body()
        .cloned()
        .into_iter()
        .chain(webhooks)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate_from_str, Options};

    /// A spec with one operation per tag in `tags`, each answering `Pet`.
    fn spec(tags: &[String]) -> String {
        let mut paths = String::new();
        for (i, tag) in tags.iter().enumerate() {
            paths.push_str(&format!(
                "  /p{i}:\n    get:\n      operationId: op{i}\n      tags: [{tag:?}]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Pet'}}\n"
            ));
        }
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {{type: string}}\n"
        )
    }

    fn generate(tags: &[String]) -> crate::Output {
        let options = Options {
            features_per_tag: true,
            ..Options::default()
        };
        generate_from_str(&spec(tags), "tags.yaml", &options).unwrap()
    }

    #[test]
    fn tags_that_name_alike_get_features_of_their_own() {
        let tags: Vec<String> = ["Pet Store", "pet-store", "full", "Default"]
            .map(String::from)
            .to_vec();
        let output = generate(&tags);
        let features = output.ir().features.as_ref().unwrap();
        let names: Vec<&str> = features.tags.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["pet-store", "pet-store2", "full2", "default2"]);
        // `Pet` is reached by every operation, so by every feature.
        assert_eq!(features.types[0], Gate::AnyOf(vec![0, 1, 2, 3]));
    }

    #[test]
    fn too_many_tags_for_crates_io_mean_no_features_and_a_warning() {
        let tags: Vec<String> = (0..MAX_FEATURES).map(|i| format!("tag{i}")).collect();
        let output = generate(&tags);
        assert!(output.ir().features.is_none());
        let warning = output
            .warnings()
            .iter()
            .find(|w| w.message.contains("cargo features"))
            .expect("a warning");
        assert!(
            warning.message.contains("300 tags need 302 cargo features"),
            "{warning}"
        );
        assert!(!output.cargo_toml().contents.contains("[features]"));
    }
}
