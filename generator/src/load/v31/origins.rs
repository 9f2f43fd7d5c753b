//! Where each node of a rewritten 3.1 document came from, and where each
//! node of the source went.
//!
//! The rewrite into the 3.0 model moves some nodes (a `$ref` with sibling
//! keywords goes under `allOf/0`, a `$defs` entry under
//! `components/schemas`, a `null` member out of an `anyOf`). Diagnostics
//! name nodes of the rewritten document; [`Origins::to_source`] turns their
//! pointers back into pointers of the user's file, so that every message
//! still points at what the user wrote. [`Origins::to_rewritten`] does the
//! opposite for the spec's own `$ref`s, which name nodes of the source.
//!
//! Each move is recorded with the source pointer of the moved node, so a
//! node moved twice (a webhook's schema, moved with its webhook, then its
//! `$ref` put under `allOf`) still maps back in one step.

use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// Rewritten pointer of a moved node → its pointer in the source.
    to_source: HashMap<String, String>,
    /// Source pointer of a moved node → where it is now.
    to_rewritten: HashMap<String, String>,
}

impl Origins {
    /// Records that the node now at `to` was at `from` in the document as
    /// rewritten so far (`from` may itself be a moved node's descendant).
    pub fn moved(&mut self, from: &str, to: &str) {
        self.moved_together(&[(from.to_string(), to.to_string())]);
    }

    /// Records moves made at once (the members of a list shifted down by
    /// one): each `from` names a node of the document before any of them.
    pub fn moved_together(&mut self, moves: &[(String, String)]) {
        let sources: Vec<String> = moves.iter().map(|(from, _)| self.to_source(from)).collect();
        for ((_, to), source) in moves.iter().zip(sources) {
            self.to_rewritten
                .entry(source.clone())
                .or_insert_with(|| to.clone());
            self.to_source.insert(to.clone(), source);
        }
    }

    /// Records that the node now at `to` is new, made from the source node
    /// at `from` (a member split from a `type` array): diagnostics about it
    /// point at `from`, and `$ref`s to `from` are left as they are.
    pub fn made_from(&mut self, from: &str, to: &str) {
        let source = self.to_source(from);
        self.to_source.insert(to.to_string(), source);
    }

    /// Records that the node at `from` was merged into the node at `to`
    /// (the only member of a union, into the union's schema): `$ref`s to
    /// `from` lead to `to`, and diagnostics about `to` still name `to`.
    pub fn merged_into(&mut self, from: &str, to: &str) {
        let source = self.to_source(from);
        self.to_rewritten
            .entry(source)
            .or_insert_with(|| to.to_string());
    }

    /// The source pointer of the node at the rewritten `pointer`.
    pub fn to_source(&self, pointer: &str) -> String {
        translate(&self.to_source, pointer)
    }

    /// Where the node at the source `pointer` is in the rewritten document.
    pub fn to_rewritten(&self, pointer: &str) -> String {
        translate(&self.to_rewritten, pointer)
    }

    pub fn is_empty(&self) -> bool {
        self.to_source.is_empty()
    }
}

/// `pointer` with its longest prefix (at a token boundary) found in `map`
/// replaced by what the map gives for it.
fn translate(map: &HashMap<String, String>, pointer: &str) -> String {
    if map.is_empty() {
        return pointer.to_string();
    }
    let mut end = pointer.len();
    loop {
        if let Some(replacement) = map.get(&pointer[..end]) {
            return format!("{replacement}{}", &pointer[end..]);
        }
        match pointer[..end].rfind('/') {
            Some(slash) => end = slash,
            None => return pointer.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Origins;

    #[test]
    fn moves_compose_and_map_both_ways() {
        let mut origins = Origins::default();
        origins.moved("/webhooks", "/components/callbacks/$webhooks");
        let schema = "/components/callbacks/$webhooks/new/post/schema";
        origins.moved(schema, &format!("{schema}/allOf/0"));
        assert_eq!(
            origins.to_source(&format!("{schema}/allOf/0/$ref")),
            "/webhooks/new/post/schema/$ref"
        );
        assert_eq!(origins.to_source(schema), "/webhooks/new/post/schema");
        assert_eq!(
            origins.to_rewritten("/webhooks/new"),
            "/components/callbacks/$webhooks/new"
        );
        // Only whole tokens match: `/webhooksX` is another node.
        assert_eq!(origins.to_source("/webhooksX"), "/webhooksX");
        assert_eq!(origins.to_source(""), "");
    }

    #[test]
    fn shifted_members_map_one_step() {
        // `[null, A, B]` → `[A, B]`: each member moves down by one, once.
        let mut origins = Origins::default();
        origins.moved_together(&[
            ("/s/anyOf/2".into(), "/s/anyOf/1".into()),
            ("/s/anyOf/1".into(), "/s/anyOf/0".into()),
        ]);
        assert_eq!(origins.to_rewritten("/s/anyOf/2/x"), "/s/anyOf/1/x");
        assert_eq!(origins.to_source("/s/anyOf/1/x"), "/s/anyOf/2/x");
        assert_eq!(origins.to_source("/s/anyOf/0"), "/s/anyOf/1");
    }
}
