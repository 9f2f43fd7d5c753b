//! Which operations hold each type, and in which direction: a type reached
//! from a parameter or request body travels in requests, one reached from
//! a response in responses. The wire rating of a change to a type follows
//! from it (a new enum value breaks old clients in a response, not in a
//! request).

use super::change::Direction;
use crate::ir::reach::Reach;
use crate::ir::{Ir, TypeId};

/// For each type (by index): its direction and the operations reaching it.
pub(super) struct Usage {
    per_type: Vec<(Direction, Vec<usize>)>,
}

impl Usage {
    pub fn of(ir: &Ir) -> Self {
        let mut usage = Usage {
            per_type: vec![(Direction::None, Vec::new()); ir.types.len()],
        };
        let mut reach = Reach::new(ir);
        for (index, op) in ir.operations.iter().enumerate() {
            for (direction, roots) in [
                (Direction::Request, op.request_types()),
                (Direction::Response, op.response_types()),
            ] {
                for id in reach.walk(&roots) {
                    let entry = &mut usage.per_type[id.0];
                    entry.0 = entry.0.join(direction);
                    if entry.1.last() != Some(&index) {
                        entry.1.push(index);
                    }
                }
            }
        }
        usage
    }

    /// The direction of a type and the names of the methods reaching it.
    pub fn of_type(&self, ir: &Ir, id: TypeId) -> (Direction, Vec<String>) {
        let Some((direction, ops)) = self.per_type.get(id.0) else {
            return (Direction::None, Vec::new());
        };
        let names = ops.iter().map(|&i| ir.operations[i].name.clone()).collect();
        (*direction, names)
    }
}
