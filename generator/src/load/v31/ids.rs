//! References by `$id` and `$anchor`, and JSON Schema's dynamic references
//! (`$dynamicRef`, and 2019-09's `$recursiveRef` that OpenAI's spec uses),
//! turned into plain `$ref`s to JSON pointers: the resolver of the later
//! stages follows pointers only.
//!
//! A schema with `$id` starts a *resource*: `$ref`s inside it are resolved
//! against its URI, and `$ref: /api/schemas/tag` or `$ref:
//! /api/schemas/pet#pet_id` may name it (or an `$anchor` in it) from
//! anywhere. A dynamic reference is resolved to the innermost enclosing
//! schema that declares the matching anchor (`$dynamicAnchor: name`, or
//! `$recursiveAnchor: true`): how the specs that use them mean them (a
//! recursive filter), without evaluating dynamic scopes.

use super::walk::is_data_keyword;
use crate::diagnostic::Diagnostic;
use crate::pointer::{push_pointer, value_at, value_at_mut, RefTarget};
use serde_yaml::Value;
use std::collections::HashMap;

/// Rewrites the references of `document` that name `$id`s and anchors,
/// and its dynamic references, as `$ref`s to pointers. A reference that
/// names nothing in the document is left for the later stages (a file, a
/// remote URL), except dynamic ones, which are reported and removed.
pub fn resolve(document: &mut Value, strict: bool) -> Vec<Diagnostic> {
    let mut index = Index::default();
    index.visit(document, "", &Scope::default());
    if index.sites.is_empty() {
        return Vec::new();
    }
    let mut diagnostics = Vec::new();
    let sites = std::mem::take(&mut index.sites);
    let targets: Vec<Option<String>> = sites
        .iter()
        .map(|site| index.target(document, site))
        .collect();
    for (site, target) in sites.iter().zip(targets) {
        let Some(Value::Mapping(node)) = value_at_mut(document, &site.pointer) else {
            continue;
        };
        match (target, site.keyword) {
            (Some(pointer), keyword) => {
                node.shift_remove(keyword);
                node.insert("$ref".into(), Value::String(local_ref(&pointer)));
            }
            (None, "$ref") => {}
            (None, keyword) => {
                node.shift_remove(keyword);
                diagnostics.push(Diagnostic::quality(
                    strict,
                    &format!(
                        "`{keyword}: {}` names no schema that declares its anchor",
                        site.value
                    ),
                    "it is typed as any JSON value",
                    &push_pointer(&site.pointer, keyword),
                ));
            }
        }
    }
    diagnostics
}

/// A `$ref` to the node at an escaped JSON pointer (`%` written as `%25`,
/// since the fragment of a reference is percent-decoded).
pub fn local_ref(pointer: &str) -> String {
    format!("#{}", pointer.replace('%', "%25"))
}

/// Where a node stands: the URI of its resource, the resource's pointer,
/// and the enclosing schemas that declare dynamic anchors, outermost first.
#[derive(Clone, Default)]
struct Scope {
    base: String,
    resource: String,
    dynamic: Vec<(String, Anchor)>,
}

#[derive(Clone, PartialEq)]
enum Anchor {
    /// `$dynamicAnchor: name`.
    Dynamic(String),
    /// `$recursiveAnchor: true`.
    Recursive,
}

/// A reference to resolve.
struct Site {
    pointer: String,
    keyword: &'static str,
    value: String,
    scope: Scope,
}

#[derive(Default)]
struct Index {
    /// Resource URI (without fragment) → pointer.
    resources: HashMap<String, String>,
    /// (resource URI, anchor name) → pointer.
    anchors: HashMap<(String, String), String>,
    /// Anchor name → every pointer declaring it, for references that name
    /// an anchor without the right base (leniently, when only one does).
    anchor_names: HashMap<String, Vec<String>>,
    sites: Vec<Site>,
}

impl Index {
    fn visit(&mut self, node: &Value, pointer: &str, scope: &Scope) {
        match node {
            Value::Mapping(mapping) => {
                let scope = self.declare(node, pointer, scope);
                for (key, value) in mapping {
                    let key = key.as_str().unwrap_or_default();
                    if !is_data_keyword(key) {
                        self.visit(value, &push_pointer(pointer, key), &scope);
                    }
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.visit(item, &push_pointer(pointer, &i.to_string()), scope);
                }
            }
            _ => {}
        }
    }

    /// Notes what the mapping at `pointer` declares and refers to; returns
    /// the scope of what it holds.
    fn declare(&mut self, node: &Value, pointer: &str, outer: &Scope) -> Scope {
        let text = |key: &str| node.get(key).and_then(Value::as_str);
        let mut scope = outer.clone();
        if let Some(id) = text("$id") {
            let uri = resolve_uri(&outer.base, id);
            scope.base = strip_fragment(&uri).to_string();
            scope.resource = pointer.to_string();
            self.resources
                .insert(scope.base.clone(), pointer.to_string());
        }
        for name in [text("$anchor"), text("$dynamicAnchor")]
            .into_iter()
            .flatten()
        {
            self.anchors
                .insert((scope.base.clone(), name.to_string()), pointer.to_string());
            self.anchor_names
                .entry(name.to_string())
                .or_default()
                .push(pointer.to_string());
        }
        if let Some(name) = text("$dynamicAnchor") {
            let anchor = Anchor::Dynamic(name.to_string());
            scope.dynamic.push((pointer.to_string(), anchor));
        }
        if node.get("$recursiveAnchor").and_then(Value::as_bool) == Some(true) {
            scope.dynamic.push((pointer.to_string(), Anchor::Recursive));
        }
        for keyword in ["$ref", "$dynamicRef", "$recursiveRef"] {
            if let Some(value) = text(keyword) {
                self.sites.push(Site {
                    pointer: pointer.to_string(),
                    keyword,
                    value: value.to_string(),
                    scope: scope.clone(),
                });
            }
        }
        scope
    }

    /// The pointer a reference leads to, when it is not one already and
    /// the document holds what it names.
    fn target(&self, document: &Value, site: &Site) -> Option<String> {
        let scope = &site.scope;
        match site.keyword {
            "$recursiveRef" => innermost(scope, &Anchor::Recursive)
                .or_else(|| (!scope.resource.is_empty()).then(|| scope.resource.clone())),
            "$dynamicRef" => {
                let name = site.value.rsplit('#').next().unwrap_or_default();
                innermost(scope, &Anchor::Dynamic(name.to_string()))
                    .or_else(|| self.by_uri(document, scope, &site.value))
            }
            _ => self.by_uri(document, scope, &site.value),
        }
    }

    /// A `$ref`'s target by the resource and anchor it names; `None` for a
    /// plain pointer into the document, and for what is not here.
    fn by_uri(&self, document: &Value, scope: &Scope, reference: &str) -> Option<String> {
        let uri = resolve_uri(&scope.base, reference);
        let (resource_uri, fragment) = uri.split_once('#').unwrap_or((&uri, ""));
        let resource = if resource_uri == scope.base {
            scope.resource.clone()
        } else {
            self.resources.get(resource_uri)?.clone()
        };
        if fragment.is_empty() || fragment.starts_with('/') {
            // A pointer into the document itself needs no rewriting.
            if resource.is_empty() {
                return None;
            }
            let pointer = format!(
                "{resource}{}",
                RefTarget::parse(&format!("#{fragment}")).pointer
            );
            return value_at(document, &pointer).is_some().then_some(pointer);
        }
        let name = RefTarget::parse(&format!("#{fragment}")).pointer;
        self.anchors
            .get(&(resource_uri.to_string(), name.clone()))
            .cloned()
            .or_else(|| match self.anchor_names.get(&name)?.as_slice() {
                [only] => Some(only.clone()),
                _ => None,
            })
    }
}

/// The innermost enclosing schema that declares `anchor`.
fn innermost(scope: &Scope, anchor: &Anchor) -> Option<String> {
    scope
        .dynamic
        .iter()
        .rev()
        .find(|(_, declared)| declared == anchor)
        .map(|(pointer, _)| pointer.clone())
}

fn strip_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(before, _)| before)
}

/// `reference` resolved against `base` (RFC 3986, section 5.2, without
/// the dot-segment removal real specs never need). With no base (the
/// document's own URI is unknown), a relative reference stays relative,
/// and is compared with `$id`s as written.
fn resolve_uri(base: &str, reference: &str) -> String {
    if has_scheme(reference) || base.is_empty() {
        return reference.to_string();
    }
    if let Some(fragment) = reference.strip_prefix('#') {
        return format!("{}#{fragment}", strip_fragment(base));
    }
    let base = strip_fragment(base);
    let authority_end = base
        .find("://")
        .map(|i| i + 3 + base[i + 3..].find('/').unwrap_or(base.len() - i - 3))
        .unwrap_or(0);
    if reference.starts_with("//") {
        let scheme = base.split_once(':').map_or("", |(scheme, _)| scheme);
        return format!("{scheme}:{reference}");
    }
    if reference.starts_with('/') {
        return format!("{}{reference}", &base[..authority_end]);
    }
    let directory_end = base
        .rfind('/')
        .map_or(authority_end, |i| (i + 1).max(authority_end));
    format!("{}{reference}", &base[..directory_end])
}

fn has_scheme(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(yaml: &str) -> (Value, Vec<Diagnostic>) {
        let mut document: Value = serde_yaml::from_str(yaml).unwrap();
        let diagnostics = resolve(&mut document, false);
        (document, diagnostics)
    }

    #[test]
    fn uris_resolve_against_their_base() {
        assert_eq!(resolve_uri("", "/a/b"), "/a/b");
        assert_eq!(
            resolve_uri("https://x.io/s/a.json", "b.json"),
            "https://x.io/s/b.json"
        );
        assert_eq!(resolve_uri("https://x.io/s/a.json", "/t"), "https://x.io/t");
        assert_eq!(
            resolve_uri("https://x.io/s/a.json", "#f"),
            "https://x.io/s/a.json#f"
        );
        assert_eq!(resolve_uri("/api/a", "b#c"), "/api/b#c");
        assert_eq!(resolve_uri("https://x.io/a", "urn:x"), "urn:x");
    }

    #[test]
    fn ids_anchors_and_dynamic_references_become_pointers() {
        let (document, diagnostics) = resolved(
            r"
components:
  schemas:
    Pet:
      properties:
        details: {$ref: /api/details}
        detailsId: {$ref: '/api/details#details_id'}
        example: {example: {$ref: /api/details}}
    Details:
      $id: /api/details
      properties:
        id: {$anchor: details_id, type: integer}
        self: {$ref: '#/properties/id'}
        other: {$ref: '#/components/schemas/Pet'}
    Filter:
      $recursiveAnchor: true
      properties:
        filters: {items: {$recursiveRef: '#'}}
    Tree:
      $dynamicAnchor: node
      properties:
        children: {items: {$dynamicRef: '#node'}}
        lost: {$dynamicRef: '#nowhere'}
",
        );
        let at = |pointer: &str| value_at(&document, pointer).cloned().unwrap();
        let schemas = "/components/schemas";
        let reference = |pointer: &str| at(&format!("{schemas}/{pointer}/$ref"));
        assert_eq!(
            reference("Pet/properties/details"),
            "#/components/schemas/Details"
        );
        assert_eq!(
            reference("Pet/properties/detailsId"),
            "#/components/schemas/Details/properties/id"
        );
        // Data is left alone.
        let example = at(&format!("{schemas}/Pet/properties/example/example/$ref"));
        assert_eq!(example, "/api/details");
        assert_eq!(
            reference("Details/properties/self"),
            "#/components/schemas/Details/properties/id"
        );
        // Leniently: a pointer that is not in the resource is one into the document.
        assert_eq!(
            reference("Details/properties/other"),
            "#/components/schemas/Pet"
        );
        assert_eq!(
            reference("Filter/properties/filters/items"),
            "#/components/schemas/Filter"
        );
        assert_eq!(
            reference("Tree/properties/children/items"),
            "#/components/schemas/Tree"
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].pointer,
            "/components/schemas/Tree/properties/lost/$dynamicRef"
        );
    }
}
