//! The state of one comparison: both IRs, which type of the old side is
//! which of the new, and the changes found so far. The passes in
//! `types.rs`, `operations.rs` and `client.rs` report into it; `finish`
//! rates each change's wire effect by the direction it travels in.

use super::change::{Change, Direction, SourceLevel, WireLevel};
use super::usage::Usage;
use super::Loaded;
use crate::ir::serde_impls::{SerdeImpls, SerdePlan};
use crate::ir::{Ir, TypeId};
use std::collections::HashMap;

/// One side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Old,
    New,
}

/// What a change is about, to find the operations it reaches and the
/// direction it travels in.
#[derive(Debug, Clone)]
pub(super) enum Subject {
    /// A type, and everything that holds it.
    Type(Side, TypeId),
    /// One operation (by index), in one direction.
    Operation(Side, usize, Direction),
    /// The client's configuration.
    Client,
}

/// The spec node to locate: a node by pointer, or a property or parameter
/// to look up below one (the IR keeps the pointers of types and
/// operations, not of each property and parameter).
#[derive(Debug, Clone)]
pub(super) enum At {
    Node(Side, String),
    Property(Side, String, String),
    Parameter(Side, String, String),
}

impl At {
    pub(super) fn side(&self) -> Side {
        match self {
            At::Node(side, _) | At::Property(side, ..) | At::Parameter(side, ..) => *side,
        }
    }
}

/// Adjustments of the wire rating that oasdiff makes within one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Adjust {
    None,
    /// An optional field removed from a response: a warning, not breaking.
    OptionalRemoved,
    /// A number widened (`int32` → `int64`): fine in a request.
    Widened,
    /// Only the Rust spelling changed (a referenced type was renamed): the
    /// wire is the same.
    RustOnly,
}

/// A change before it is rated on the wire and located.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub kind: &'static str,
    pub item: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub message: String,
    pub source: SourceLevel,
    pub subject: Subject,
    pub at: At,
    pub adjust: Adjust,
}

/// The role a type plays in the generated client, which names its changes
/// (a field of a query struct is a parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Model,
    /// The `…Query` or `…Headers` argument of an operation.
    Parameters,
    /// A multipart form or the enum of several success statuses: reported
    /// with their operation.
    ClientType,
}

pub(super) struct Cx<'a> {
    pub old: &'a Ir,
    pub new: &'a Ir,
    /// Whether each side has a client (not `--models-only`, some operation).
    pub old_client: bool,
    pub new_client: bool,
    /// Old type → new type, for the types that are the same item.
    pub pairs: HashMap<TypeId, TypeId>,
    pub found: Vec<Found>,
    /// The types that are not plain models, on each side.
    roles: [HashMap<TypeId, Role>; 2],
    /// The serde traits of each side's structs, unions and newtypes.
    serde: [SerdePlan; 2],
}

impl<'a> Cx<'a> {
    pub fn new(old: &'a Loaded, new: &'a Loaded) -> Self {
        Self {
            old: &old.ir,
            new: &new.ir,
            old_client: old.client,
            new_client: new.client,
            pairs: HashMap::new(),
            found: Vec::new(),
            roles: [roles(&old.ir, old.client), roles(&new.ir, new.client)],
            serde: [
                SerdePlan::new(&old.ir, old.serde_directions),
                SerdePlan::new(&new.ir, new.serde_directions),
            ],
        }
    }

    /// The serde traits of a struct, union or newtype.
    pub fn serde(&self, side: Side, id: TypeId) -> SerdeImpls {
        self.serde[side as usize].of(id)
    }

    pub fn ir(&self, side: Side) -> &'a Ir {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    pub fn push(&mut self, found: Found) {
        self.found.push(found);
    }

    /// The role of a type: a parameter struct or client type only where
    /// its crate has a client (with models only it is a model like any other).
    pub fn role(&self, side: Side, id: TypeId) -> Role {
        let roles = &self.roles[side as usize];
        roles.get(&id).copied().unwrap_or(Role::Model)
    }

    /// Rates every change on the wire from the direction it travels in,
    /// and names the operations it reaches.
    pub fn finish(self) -> Vec<(Change, At)> {
        let old_usage = Usage::of(self.old);
        let new_usage = Usage::of(self.new);
        let usage = |side: Side| match side {
            Side::Old => &old_usage,
            Side::New => &new_usage,
        };
        let (old, new) = (self.old, self.new);
        let ir_of = |side: Side| match side {
            Side::Old => old,
            Side::New => new,
        };
        self.found
            .into_iter()
            .map(|found| {
                let (direction, operations) = match &found.subject {
                    Subject::Type(side, id) => usage(*side).of_type(ir_of(*side), *id),
                    Subject::Operation(side, index, direction) => {
                        let op = &ir_of(*side).operations[*index];
                        (*direction, vec![op.name.clone()])
                    }
                    Subject::Client => (Direction::None, Vec::new()),
                };
                let wire = adjusted(found.kind, direction, found.adjust);
                let change = Change {
                    kind: found.kind,
                    item: found.item,
                    before: found.before,
                    after: found.after,
                    message: found.message,
                    source: found.source,
                    wire,
                    direction,
                    operations,
                    location: None,
                };
                (change, found.at)
            })
            .collect()
    }
}

fn adjusted(kind: &str, direction: Direction, adjust: Adjust) -> WireLevel {
    let level = super::kinds::wire_level(kind, direction);
    match (adjust, direction) {
        (Adjust::OptionalRemoved, Direction::Response) => WireLevel::Warning,
        (Adjust::Widened, Direction::Request) => WireLevel::Info,
        (Adjust::Widened, Direction::Both) => super::kinds::get(kind).response,
        (Adjust::RustOnly, _) => WireLevel::Info,
        _ => level,
    }
}

/// The parameter structs, multipart forms and status enums of a crate
/// with a client; every other type is a model.
fn roles(ir: &Ir, client: bool) -> HashMap<TypeId, Role> {
    use crate::ir::{BodyKind, ResponseBody};
    let mut roles = HashMap::new();
    if !client {
        return roles;
    }
    for op in &ir.operations {
        for id in [
            op.query.as_ref().map(|q| q.ty),
            op.headers.as_ref().map(|h| h.ty),
        ] {
            roles.extend(id.map(|id| (id, Role::Parameters)));
        }
        if let Some(BodyKind::Multipart(id)) = op.body.as_ref().map(|b| &b.kind) {
            roles.insert(*id, Role::ClientType);
        }
        if let ResponseBody::ByStatus(id) = op.response {
            roles.insert(id, Role::ClientType);
        }
    }
    roles
}
