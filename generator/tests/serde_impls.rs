//! Which serde impls the models get, read back from the generated
//! `models.rs`: types only requests carry implement `Serialize` alone, and
//! `--extra-derive serde::Deserialize` gives every type its own
//! `Deserialize` back (a tagged union's hand-written one, a struct's written
//! out), never serde's derive where the generator writes the impl.

use apigen::{generate_from_str, Options};

/// `createOrder` sends an `Order` holding an `Event` (a tagged union) and
/// answers a `Receipt`.
const SPEC: &str = r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
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
components:
  schemas:
    Order:
      type: object
      properties:
        event: {$ref: '#/components/schemas/Event'}
    Receipt:
      type: object
      properties:
        number: {type: string}
        issuedAt: {type: string}
    Event:
      oneOf:
        - {$ref: '#/components/schemas/Opened'}
        - {$ref: '#/components/schemas/Closed'}
      discriminator: {propertyName: kind}
    Opened:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
    Closed:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
";

/// The generated `models.rs` of `SPEC` with `extra_derives`.
fn models(extra_derives: &[&str]) -> String {
    let options = Options {
        extra_derives: extra_derives.iter().map(|d| d.to_string()).collect(),
        ..Options::default()
    };
    let output = generate_from_str(SPEC, "orders.yaml", &options).unwrap();
    let models = output
        .files()
        .iter()
        .find(|file| file.path == "src/models.rs")
        .unwrap();
    models.contents.clone()
}

/// How each type of `models.rs` implements `Deserialize`: `derived`,
/// `written` (an `impl` block), or `none`.
fn deserialize_impls(extra_derives: &[&str]) -> Vec<(String, &'static str)> {
    let file = syn::parse_file(&models(extra_derives)).unwrap();
    let written: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => {
                let (_, path, _) = block.trait_.as_ref()?;
                let last = path.segments.last()?.ident.to_string();
                let syn::Type::Path(ty) = &*block.self_ty else {
                    return None;
                };
                (last == "Deserialize").then(|| ty.path.segments.last().unwrap().ident.to_string())
            }
            _ => None,
        })
        .collect();
    let mut impls = Vec::new();
    for item in &file.items {
        let (name, attrs) = match item {
            syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
            syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
            _ => continue,
        };
        let derived = attrs.iter().any(derives_deserialize);
        let how = match (derived, written.contains(&name)) {
            (true, false) => "derived",
            (false, true) => "written",
            (false, false) => "none",
            (true, true) => panic!("{name} implements Deserialize twice"),
        };
        impls.push((name, how));
    }
    impls.sort();
    impls
}

/// Whether `attr` is a `#[derive(..)]` with `Deserialize` in it.
fn derives_deserialize(attr: &syn::Attribute) -> bool {
    type Paths = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;
    attr.path().is_ident("derive")
        && attr
            .parse_args_with(Paths::parse_terminated)
            .unwrap()
            .iter()
            .any(|path| path.segments.last().unwrap().ident == "Deserialize")
}

fn expected(rows: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    rows.iter()
        .map(|(name, how)| (name.to_string(), *how))
        .collect()
}

#[test]
fn types_only_requests_carry_do_not_implement_deserialize() {
    assert_eq!(
        deserialize_impls(&[]),
        expected(&[
            ("Closed", "none"),
            ("Event", "none"),
            ("Opened", "none"),
            ("Order", "none"),
            ("Receipt", "written"),
        ])
    );
}

#[test]
fn an_extra_derive_of_deserialize_gives_every_type_its_own_impl() {
    let all_written = expected(&[
        ("Closed", "written"),
        ("Event", "written"),
        ("Opened", "written"),
        ("Order", "written"),
        ("Receipt", "written"),
    ]);
    assert_eq!(deserialize_impls(&["serde::Deserialize"]), all_written);
    assert_eq!(deserialize_impls(&["Deserialize"]), all_written);
}

/// A derive from another crate reads serde's field attributes for the wire
/// names (`schemars::JsonSchema` names a schema's properties by them), so
/// with one the structs derive serde's traits, attributes and all; the
/// written-out impls have no attributes to read.
#[test]
fn a_derive_from_another_crate_sees_the_wire_names() {
    let wire_name = "rename = \"issuedAt\"";
    assert!(!models(&[]).contains(wire_name));
    assert!(!models(&["Eq", "std::hash::Hash"]).contains(wire_name));
    assert!(models(&["schemars::JsonSchema"]).contains(wire_name));
    assert_eq!(
        deserialize_impls(&["schemars::JsonSchema"]),
        expected(&[
            ("Closed", "none"),
            ("Event", "none"),
            ("Opened", "none"),
            ("Order", "none"),
            ("Receipt", "derived"),
        ])
    );
}
