//! Every `$ref` between schemas, and the rules that keep the documents
//! valid: direct references (`allOf` members, union variants, aliases)
//! never form a cycle, since `A: {allOf: [B]}`, `B: {allOf: [A]}` describes
//! no value; without the recursion idiom no reference does; without the
//! all-of-recursion idiom no cycle passes through a property's `allOf`.

use super::builder::{Builder, Plan};
use super::document::escape;
use super::idioms::Idiom;
use super::schemas::At;
use serde_json::{json, Value};

impl Builder<'_> {
    /// A `$ref` to a component, or a scalar when none may be referred to here.
    pub(super) fn reference(&mut self, at: At) -> Value {
        match self.ref_target(at) {
            Some(target) => {
                let mut reference = self.refer_to(target, at);
                if self.has(Idiom::RefWrappers) && self.rng.percent(10) {
                    // Ignored by OpenAPI 3.0, written by real specs anyway.
                    reference["description"] = json!("A description beside a $ref.");
                }
                reference
            }
            None => self.scalar(),
        }
    }

    /// `{$ref}` to `target`, recording the edge.
    pub(super) fn refer_to(&mut self, target: usize, at: At) -> Value {
        if let Some(current) = self.current {
            self.record_edge(current, target, at);
        }
        json!({ "$ref": self.component_pointer(target) })
    }

    fn record_edge(&mut self, from: usize, to: usize, at: At) {
        self.edges[from].insert(to);
        if !at.guarded {
            self.direct[from].insert(to);
        }
        if at.guarded && at.all_of {
            self.all_of_edges.insert((from, to));
        }
    }

    /// A component a `$ref` here may point at (the current one itself, when
    /// recursion is on and a property lies between), or a new one.
    pub(super) fn ref_target(&mut self, at: At) -> Option<usize> {
        let allowed: Vec<usize> = (0..self.components.len())
            .filter(|&t| self.may_refer(t, at))
            .collect();
        if let Some(current) = self.current {
            if self.may_refer(current, at) && self.rng.percent(20) {
                return Some(current);
            }
        }
        if (allowed.is_empty() || self.rng.percent(15)) && self.room_for_components() {
            return Some(self.plan(Plan::Free));
        }
        (!allowed.is_empty()).then(|| *self.rng.pick(&allowed))
    }

    pub(super) fn may_refer(&self, target: usize, at: At) -> bool {
        let Some(current) = self.current else {
            return true;
        };
        let allowed = if at.guarded {
            self.has(Idiom::Recursion) || !self.closes_cycle(target)
        } else {
            target != current && !Self::reaches(&self.direct, target, current)
        };
        allowed && (self.has(Idiom::AllOfRecursion) || !self.closes_all_of_cycle(target, at.all_of))
    }

    /// Whether a `$ref` from the current component to `target` (an `allOf`
    /// member when `all_of` is set) would close a cycle through a property's
    /// `allOf` (known bug 1): through this `$ref`, or through one recorded
    /// earlier (`A.p: {allOf: [B]}`, then `B: {$ref: A}`).
    fn closes_all_of_cycle(&self, target: usize, all_of: bool) -> bool {
        let Some(current) = self.current else {
            return false;
        };
        if !Self::reaches(&self.edges, target, current) {
            return false;
        }
        all_of
            || self.all_of_edges.iter().any(|&(from, to)| {
                Self::reaches(&self.edges, target, from) && Self::reaches(&self.edges, to, current)
            })
    }

    /// The component a `$ref` written here points at (or into).
    fn target_of(&self, reference: &str) -> Option<usize> {
        (0..self.components.len())
            .find(|&i| self.component_pointer(i) == reference)
            .or_else(|| {
                let (_, owner) = self.interior.iter().find(|(p, _)| p == reference)?;
                Some(*owner)
            })
    }

    /// Whether a `$ref` from the current component to `target` would close
    /// a cycle.
    fn closes_cycle(&self, target: usize) -> bool {
        self.current
            .is_some_and(|current| Self::reaches(&self.edges, target, current))
    }

    /// A `$ref` wrapped the way real specs wrap them to add a description
    /// or `nullable` (OpenAPI 3.0 ignores siblings of `$ref`).
    pub(super) fn ref_wrapper(&mut self, at: At) -> Value {
        let form = self.rng.below(5);
        let member = if form <= 2 {
            at.all_of_member()
        } else {
            at.member()
        };
        let Some(target) = self.ref_target(member) else {
            return self.scalar();
        };
        let reference = self.refer_to(target, member);
        match form {
            0 | 1 => {
                json!({"allOf": [reference], "description": "Wrapped to carry a description."})
            }
            2 if self.has(Idiom::Nullable) => json!({"allOf": [reference], "nullable": true}),
            2 => json!({"allOf": [reference], "readOnly": true, "description": "Read only."}),
            3 => json!({"oneOf": [reference]}),
            _ => json!({"anyOf": [reference], "description": "One of one."}),
        }
    }

    /// A `$ref` into a finished component: `#/components/schemas/X/properties/y`.
    pub(super) fn interior_ref(&mut self, at: At) -> Value {
        let allowed: Vec<(String, usize)> = self
            .interior
            .iter()
            .filter(|(_, owner)| self.may_refer(*owner, at))
            .cloned()
            .collect();
        if allowed.is_empty() {
            return self.reference(at);
        }
        let (pointer, owner) = self.rng.pick(&allowed).clone();
        if let Some(current) = self.current {
            self.edges[current].insert(owner);
        }
        json!({ "$ref": pointer })
    }

    /// Records the schemas inside a finished component that interior refs
    /// may target: property values, items, map values and union members
    /// that are not themselves bare `$ref`s.
    pub(super) fn collect_interior(&mut self, index: usize, body: &Value) {
        let mut found = Vec::new();
        interior_pointers(body, &self.component_pointer(index), 0, &mut found);
        self.interior.extend(found.into_iter().map(|p| (p, index)));
    }

    pub(super) fn maybe_nullable(&mut self, mut schema: Value, at: At) -> Value {
        if !self.has(Idiom::Nullable) || !self.rng.percent(10) {
            return schema;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            // The wrapper makes the `$ref` an `allOf` member.
            let target = self.target_of(reference);
            let (Some(current), Some(target)) = (self.current, target) else {
                return json!({"allOf": [schema], "nullable": true});
            };
            let member = at.all_of_member();
            // The edge is recorded already: does the `$ref` close a cycle?
            let cycle = Self::reaches(&self.edges, target, current);
            if cycle && member.guarded && !self.has(Idiom::AllOfRecursion) {
                return schema;
            }
            self.record_edge(current, target, member);
            return json!({"allOf": [schema], "nullable": true});
        }
        if let Some(values) = schema.get_mut("enum").and_then(Value::as_array_mut) {
            if self.rng.percent(50) {
                values.push(Value::Null);
            }
        }
        schema["nullable"] = json!(true);
        schema
    }
}

fn interior_pointers(schema: &Value, pointer: &str, depth: usize, found: &mut Vec<String>) {
    if depth > 3 {
        return;
    }
    let Some(map) = schema.as_object() else {
        return;
    };
    let visit = |child: &Value, child_pointer: String, found: &mut Vec<String>| {
        if child.is_object() && child.get("$ref").is_none_or(|r| !r.is_string()) {
            found.push(child_pointer.clone());
            interior_pointers(child, &child_pointer, depth + 1, found);
        }
    };
    if let Some(Value::Object(properties)) = map.get("properties") {
        for (name, child) in properties {
            visit(
                child,
                format!("{pointer}/properties/{}", escape(name)),
                found,
            );
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = map.get(key) {
            visit(child, format!("{pointer}/{key}"), found);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get(key) {
            for (i, child) in members.iter().enumerate() {
                visit(child, format!("{pointer}/{key}/{i}"), found);
            }
        }
    }
}
