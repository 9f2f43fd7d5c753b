//! Which serde traits each struct, union and newtype implements: as few as
//! the client needs, since serde's impls are most of what a generated
//! crate costs to compile, but every one a user of the types would reach
//! for. The models emit what this says, and `diff` compares it.

use super::reach::{one_way, OneWay};
use super::{Ir, TypeId, TypeKind};
use std::collections::HashSet;

/// The serde traits of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeImpls {
    pub serialize: bool,
    pub deserialize: bool,
}

impl SerdeImpls {
    /// Neither: the structs of query and header parameters, which the
    /// client encodes field by field.
    pub const NONE: Self = Self {
        serialize: false,
        deserialize: false,
    };
}

/// Which of serde's two traits follow the direction a type travels. Both
/// do with a client; neither does without one (`--models-only`), since the
/// types are then the user's to use either way; and an extra derive of one
/// of them (`--extra-derive serde::Serialize`) puts that one on every type,
/// implemented the way the generator would implement it anyway (a tagged
/// union's by hand, a struct's `Deserialize` written out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Directions {
    pub serialize: bool,
    pub deserialize: bool,
}

impl Directions {
    pub fn new(client: bool, extra_derives: &[String]) -> Self {
        let derives = |name: &str| {
            extra_derives
                .iter()
                .any(|path| path.rsplit("::").next().map(str::trim) == Some(name))
        };
        Self {
            serialize: client && !derives("Serialize"),
            deserialize: client && !derives("Deserialize"),
        }
    }

    /// Whether some type may lack a trait.
    pub fn any(self) -> bool {
        self.serialize || self.deserialize
    }
}

/// [`SerdeImpls`] of every type of one IR.
pub struct SerdePlan {
    directions: Directions,
    parameter_structs: HashSet<TypeId>,
    one_way: OneWay,
}

impl SerdePlan {
    pub fn new(ir: &Ir, directions: Directions) -> Self {
        let (parameter_structs, one_way) = if directions.any() {
            (parameter_structs(ir), one_way(ir))
        } else {
            (HashSet::new(), OneWay::default())
        };
        Self {
            directions,
            parameter_structs,
            one_way,
        }
    }

    /// The serde traits of the struct, union or newtype `id` (enums, which
    /// hold no other type, always implement both).
    pub fn of(&self, id: TypeId) -> SerdeImpls {
        let parameters = self.parameter_structs.contains(&id);
        SerdeImpls {
            serialize: !self.directions.serialize
                || !(parameters || self.one_way.responses.contains(&id)),
            deserialize: !self.directions.deserialize
                || !(parameters || self.one_way.requests.contains(&id)),
        }
    }
}

/// The structs of query and header parameters (unless they keep
/// undeclared properties, which only serde can encode).
fn parameter_structs(ir: &Ir) -> HashSet<TypeId> {
    ir.operations
        .iter()
        .flat_map(|op| {
            let query = op.query.as_ref().map(|query| query.ty);
            let headers = op.headers.as_ref().map(|headers| headers.ty);
            query.into_iter().chain(headers)
        })
        .filter(|&id| matches!(&ir.types[id.0].kind, TypeKind::Struct(s) if s.additional.is_none()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate_from_str, Options};

    /// `createOrder` sends an `Order` and answers a `Receipt`, both holding
    /// a `Total`; `Draft`, which no operation carries, holds a `Line` as
    /// `Order` does; `Query` is a query struct; `Event` is a tagged union
    /// only requests carry.
    const SPEC: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: dryRun, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Receipt'}
  /events:
    post:
      operationId: sendEvent
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Event'}
      responses:
        '204': {description: sent}
components:
  schemas:
    Order:
      type: object
      properties:
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
        note: {$ref: '#/components/schemas/Note'}
        total: {$ref: '#/components/schemas/Total'}
    Total:
      type: object
      properties:
        cents: {type: integer}
    Line:
      type: object
      properties:
        sku: {type: string}
    Note:
      type: object
      properties:
        text: {type: string}
    Draft:
      type: object
      properties:
        line: {$ref: '#/components/schemas/Line'}
    Receipt:
      type: object
      properties:
        number: {type: string}
        total: {$ref: '#/components/schemas/Total'}
    Event:
      oneOf:
        - {$ref: '#/components/schemas/Opened'}
      discriminator: {propertyName: kind}
    Opened:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
";

    const BOTH: SerdeImpls = SerdeImpls {
        serialize: true,
        deserialize: true,
    };

    fn impls(models_only: bool) -> Vec<(String, SerdeImpls)> {
        let options = Options {
            models_only,
            ..Options::default()
        };
        let output = generate_from_str(SPEC, "orders.yaml", &options).unwrap();
        let ir = output.ir();
        let plan = SerdePlan::new(ir, Directions::new(!models_only, &[]));
        let mut impls: Vec<(String, SerdeImpls)> = (0..ir.types.len())
            .map(|index| (ir.types[index].name.clone(), plan.of(TypeId(index))))
            .collect();
        impls.sort_by(|a, b| a.0.cmp(&b.0));
        impls
    }

    #[test]
    fn types_that_travel_one_way_implement_one_trait() {
        const SERIALIZE: SerdeImpls = SerdeImpls {
            serialize: true,
            deserialize: false,
        };
        const DESERIALIZE: SerdeImpls = SerdeImpls {
            serialize: false,
            deserialize: true,
        };
        let expected = [
            ("CreateOrderQuery", SerdeImpls::NONE),
            // No operation carries it, so it is the user's to use either
            // way, and `Line` with it.
            ("Draft", BOTH),
            ("Event", SERIALIZE),
            ("Line", BOTH),
            ("Note", SERIALIZE),
            ("Opened", SERIALIZE),
            ("Order", SERIALIZE),
            ("Receipt", DESERIALIZE),
            // Both a request and a response carry it.
            ("Total", BOTH),
        ];
        let expected: Vec<(String, SerdeImpls)> = expected
            .iter()
            .map(|(name, impls)| (name.to_string(), *impls))
            .collect();
        assert_eq!(impls(false), expected);
    }

    #[test]
    fn without_a_client_every_type_implements_both() {
        assert!(impls(true).iter().all(|(_, impls)| *impls == BOTH));
    }

    #[test]
    fn an_extra_derive_of_a_serde_trait_turns_its_direction_off() {
        let directions = |serialize, deserialize| Directions {
            serialize,
            deserialize,
        };
        let others = ["Eq".into(), "schemars::JsonSchema".into()];
        assert_eq!(Directions::new(true, &others), directions(true, true));
        let deserialize = ["serde::Deserialize".into()];
        assert_eq!(Directions::new(true, &deserialize), directions(true, false));
        let serialize = [":: serde :: Serialize".into()];
        assert_eq!(Directions::new(true, &serialize), directions(false, true));
        assert_eq!(Directions::new(false, &[]), directions(false, false));
    }
}
