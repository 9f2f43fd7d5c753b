//! Cargo features per tag (`--features-per-tag`): the crate's features, and
//! which of them compile each method and model type. A user who builds with
//! `default-features = false, features = ["issues"]` loses a method when its
//! operation leaves the `issues` tag, and a build that names a feature the
//! crate no longer has fails, so both are source changes even though
//! nothing changes on the wire.

use super::compare::{Adjust, At, Cx, Found, Side, Subject};
use super::operations::OpPair;
use super::types::PairRef;
use super::SourceLevel::{Major, Minor};
use crate::ir::features::{Features, Gate, FULL};
use crate::ir::Ir;
use std::collections::BTreeSet;

/// The crate's features (`full` and one per tag) that one side has and the
/// other lacks.
pub(super) fn crate_features(cx: &mut Cx) {
    let old = feature_names(cx.old);
    let new = feature_names(cx.new);
    for (side, names, other, kind, source, what) in [
        (
            Side::Old,
            &old,
            &new,
            "feature-removed",
            Major,
            "no longer has",
        ),
        (Side::New, &new, &old, "feature-added", Minor, "now has"),
    ] {
        for name in names.difference(other) {
            cx.push(Found {
                kind,
                item: format!("feature `{name}`"),
                before: (side == Side::Old).then(|| name.clone()),
                after: (side == Side::New).then(|| name.clone()),
                message: format!("the crate {what} the cargo feature `{name}`"),
                source,
                subject: Subject::Client,
                at: At::Node(side, "/paths".into()),
                adjust: Adjust::None,
            });
        }
    }
}

/// The features that compile a paired operation's method.
pub(super) fn method_gates(cx: &mut Cx, op: &OpPair) {
    let change = gate_change(
        cx,
        |features| &features.operations[op.old_index],
        |features| &features.operations[op.new_index],
    );
    if let Some(change) = change {
        let (kind, source) = change.rating();
        let message = change.message(&format!("method `{}`", op.new.name));
        let found = op.found(cx, kind, super::Direction::None, message, source);
        cx.push(change.describe(found));
    }
}

/// The features that compile a paired model type.
pub(super) fn type_gates(cx: &mut Cx, pair: &PairRef) {
    let change = gate_change(
        cx,
        |features| &features.types[pair.old_id.0],
        |features| &features.types[pair.new_id.0],
    );
    if let Some(change) = change {
        let (kind, source) = change.rating();
        let message = change.message(&format!("type `{}`", pair.new.name));
        cx.push(change.describe(pair.found(kind, message, source)));
    }
}

/// How the features that compile one item changed, when both crates have
/// features per tag; `old` and `new` pick the item's gate on each side.
fn gate_change<'a>(
    cx: &Cx<'a>,
    old: impl Fn(&'a Features) -> &'a Gate,
    new: impl Fn(&'a Features) -> &'a Gate,
) -> Option<GateChange> {
    let (Some(old_features), Some(new_features)) = (&cx.old.features, &cx.new.features) else {
        return None;
    };
    GateChange::new(
        old_features,
        old(old_features),
        new_features,
        new(new_features),
    )
}

/// The features `full` and one per tag, or none without features per tag.
fn feature_names(ir: &Ir) -> BTreeSet<String> {
    let Some(features) = &ir.features else {
        return BTreeSet::new();
    };
    features
        .tags
        .iter()
        .map(|tag| tag.name.clone())
        .chain([FULL.to_string()])
        .collect()
}

/// Which features compile an item, as a user chooses them: any choice at
/// all (`None`, an item no feature gates), or one of these (`full`
/// included, which turns on every tag's feature).
fn enabling(features: &Features, gate: &Gate) -> Option<BTreeSet<String>> {
    match gate {
        Gate::Always => None,
        Gate::AnyOf(_) | Gate::Full => Some(
            features
                .names(gate)
                .into_iter()
                .chain([FULL])
                .map(str::to_string)
                .collect(),
        ),
    }
}

/// How the features that compile an item changed.
struct GateChange {
    /// The features that compiled it before: `None` for every choice.
    old: Option<BTreeSet<String>>,
    new: Option<BTreeSet<String>>,
    /// The features its `#[cfg(..)]` names, before and after.
    old_cfg: Vec<String>,
    new_cfg: Vec<String>,
}

impl GateChange {
    fn new(old: &Features, old_gate: &Gate, new: &Features, new_gate: &Gate) -> Option<Self> {
        let named = |features: &Features, gate: &Gate| -> Vec<String> {
            features
                .names(gate)
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        let change = Self {
            old: enabling(old, old_gate),
            new: enabling(new, new_gate),
            old_cfg: named(old, old_gate),
            new_cfg: named(new, new_gate),
        };
        (change.old != change.new).then_some(change)
    }

    /// Features that compiled the item and no longer do: with no feature
    /// at all, every choice that does not turn on one of the new ones.
    fn narrowed(&self) -> bool {
        match (&self.old, &self.new) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(old), Some(new)) => !old.is_subset(new),
        }
    }

    fn rating(&self) -> (&'static str, super::SourceLevel) {
        if self.narrowed() {
            ("features-narrowed", Major)
        } else {
            ("features-widened", Minor)
        }
    }

    fn message(&self, subject: &str) -> String {
        let now = if self.new_cfg.is_empty() {
            "needs no feature".to_string()
        } else {
            format!("needs {}", listed(&self.new_cfg))
        };
        let lost = match (&self.old, &self.new) {
            (Some(old), Some(new)) => {
                let lost: Vec<String> = old.difference(new).cloned().collect();
                (!lost.is_empty()).then(|| format!(", no longer {}", listed(&lost)))
            }
            (None, Some(_)) => Some(", where it needed none".to_string()),
            (_, None) => None,
        };
        format!("{subject} now {now}{}", lost.unwrap_or_default())
    }

    /// The change with the `#[cfg(..)]` of both sides.
    fn describe(&self, mut found: Found) -> Found {
        found.before = Some(cfg_line(&self.old_cfg));
        found.after = Some(cfg_line(&self.new_cfg));
        found
    }
}

/// ``feature `a` `` or ``feature `a` or `b` ``.
fn listed(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    format!("feature {}", quoted.join(" or "))
}

/// The item's `#[cfg(..)]` as the crate writes it (`gates::cfg_attr`).
fn cfg_line(names: &[String]) -> String {
    let features: Vec<String> = names
        .iter()
        .map(|name| format!("feature = \"{name}\""))
        .collect();
    match features.as_slice() {
        [] => "(no #[cfg], whatever the features)".to_string(),
        [one] => format!("#[cfg({one})]"),
        _ => format!("#[cfg(any({}))]", features.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::GateChange;
    use crate::ir::features::{Features, Gate, TagFeature};

    fn features() -> Features {
        let tag = |name: &str| TagFeature {
            name: name.into(),
            tag: Some(name.into()),
        };
        Features {
            tags: vec![tag("pets"), tag("store")],
            types: Vec::new(),
            operations: Vec::new(),
        }
    }

    fn rating(old: Gate, new: Gate) -> Option<&'static str> {
        let features = features();
        GateChange::new(&features, &old, &features, &new).map(|change| change.rating().0)
    }

    #[test]
    fn an_item_that_needed_no_feature_and_now_needs_one_is_narrowed() {
        assert_eq!(
            rating(Gate::Always, Gate::AnyOf(vec![0])),
            Some("features-narrowed")
        );
        assert_eq!(
            rating(Gate::AnyOf(vec![0]), Gate::Always),
            Some("features-widened")
        );
    }

    #[test]
    fn full_compiles_every_tag_so_only_a_tag_lost_narrows() {
        assert_eq!(
            rating(Gate::Full, Gate::AnyOf(vec![1])),
            Some("features-widened")
        );
        assert_eq!(
            rating(Gate::AnyOf(vec![1]), Gate::Full),
            Some("features-narrowed")
        );
        assert_eq!(
            rating(Gate::AnyOf(vec![0, 1]), Gate::AnyOf(vec![0, 1])),
            None
        );
    }
}
