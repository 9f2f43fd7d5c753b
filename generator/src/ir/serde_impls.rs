//! Which serde traits each struct, union and newtype implements: as few as
//! the client needs, since serde's impls are most of what a generated
//! crate costs to compile, but every one a user of the types would reach
//! for. The models emit what this says, and `diff` compares it.

use super::reach::request_only;
use super::{Ir, TypeId, TypeKind};
use std::collections::HashSet;

/// The serde traits of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerdeImpls {
    /// Neither: the structs of query and header parameters, which the
    /// client encodes field by field.
    None,
    /// `Serialize` alone: a type only requests carry, which the client
    /// encodes and never decodes.
    SerializeOnly,
    Both,
}

/// Whether serde traits follow the direction a type travels: only with a
/// client, and not when an extra derive asks for `Deserialize` on every
/// type (`--extra-derive serde::Deserialize`), which then implements it
/// the way it would without the extra derive: a tagged union's by hand,
/// a struct's written out.
pub fn by_direction(client: bool, extra_derives: &[String]) -> bool {
    let derives_deserialize = extra_derives
        .iter()
        .any(|path| path.rsplit("::").next().map(str::trim) == Some("Deserialize"));
    client && !derives_deserialize
}

/// [`SerdeImpls`] of every type of one IR.
pub struct SerdePlan {
    parameter_structs: HashSet<TypeId>,
    request_only: HashSet<TypeId>,
}

impl SerdePlan {
    /// Unless `by_direction` (see [`by_direction`]), every type implements
    /// both traits.
    pub fn new(ir: &Ir, by_direction: bool) -> Self {
        if !by_direction {
            return Self {
                parameter_structs: HashSet::new(),
                request_only: HashSet::new(),
            };
        }
        Self {
            parameter_structs: parameter_structs(ir),
            request_only: request_only(ir),
        }
    }

    /// The serde traits of the struct, union or newtype `id` (enums, which
    /// hold no other type, always implement both).
    pub fn of(&self, id: TypeId) -> SerdeImpls {
        if self.parameter_structs.contains(&id) {
            SerdeImpls::None
        } else if self.request_only.contains(&id) {
            SerdeImpls::SerializeOnly
        } else {
            SerdeImpls::Both
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

    /// `createOrder` sends an `Order` and answers a `Receipt`; `Draft`,
    /// which no operation carries, holds a `Line` as `Order` does; `Query`
    /// is a query struct; `Event` is a tagged union only requests carry.
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

    fn impls(models_only: bool) -> Vec<(String, SerdeImpls)> {
        let options = Options {
            models_only,
            ..Options::default()
        };
        let output = generate_from_str(SPEC, "orders.yaml", &options).unwrap();
        let ir = output.ir();
        let plan = SerdePlan::new(ir, !models_only);
        let mut impls: Vec<(String, SerdeImpls)> = (0..ir.types.len())
            .map(|index| (ir.types[index].name.clone(), plan.of(TypeId(index))))
            .collect();
        impls.sort_by(|a, b| a.0.cmp(&b.0));
        impls
    }

    #[test]
    fn types_only_requests_carry_serialize_alone_unless_a_decoded_type_holds_them() {
        use SerdeImpls::{Both, None, SerializeOnly};
        let expected = [
            ("CreateOrderQuery", None),
            // No operation carries it, so it decodes, and `Line` with it.
            ("Draft", Both),
            ("Event", SerializeOnly),
            ("Line", Both),
            ("Note", SerializeOnly),
            ("Opened", SerializeOnly),
            ("Order", SerializeOnly),
            ("Receipt", Both),
        ];
        let expected: Vec<(String, SerdeImpls)> = expected
            .iter()
            .map(|(name, impls)| (name.to_string(), *impls))
            .collect();
        assert_eq!(impls(false), expected);
    }

    #[test]
    fn without_a_client_every_type_implements_both() {
        assert!(impls(true)
            .iter()
            .all(|(_, impls)| *impls == SerdeImpls::Both));
    }

    #[test]
    fn an_extra_derive_of_deserialize_turns_the_directions_off() {
        assert!(by_direction(
            true,
            &["Eq".into(), "schemars::JsonSchema".into()]
        ));
        assert!(!by_direction(true, &["serde::Deserialize".into()]));
        assert!(!by_direction(true, &[":: serde :: Deserialize".into()]));
        assert!(!by_direction(false, &[]));
    }
}
