//! The names the generated client writes for itself are the names the IR
//! keeps free (`apigen::ir::reserved`): the emitters spell them inside
//! `quote!`, so this test reads them back from a generated client that
//! uses every feature, and fails on one the IR does not know of.

use apigen::ir::reserved::{
    BUILDER_FIELDS, BUILDER_NAMES, CLIENT_FUNCTIONS, CLIENT_METHODS, STREAM_LOCALS,
};
use apigen::Options;
use std::collections::BTreeSet;

/// Every authentication scheme, a client parameter, an API key and a
/// paginated list: everything that adds methods or fields to the client
/// or its builder.
const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{oauth: []}, {bearer: []}, {basic: []}, {key: []}]
paths:
  /orgs/{orgId}/items:
    get:
      operationId: listItems
      security: [{oauth: [], key: []}]
      parameters:
        - {name: orgId, in: path, required: true, deprecated: true, schema: {type: string}}
        - {name: nextToken, in: query, schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  nextToken: {type: string}
  /basic:
    get:
      operationId: withBasic
      security: [{basic: []}]
      responses: {"204": {description: none}}
  /bearer:
    get:
      operationId: withBearer
      security: [{bearer: []}]
      responses: {"204": {description: none}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: "https://api.example.com/oauth/token", scopes: {}}}
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    key: {type: apiKey, in: header, name: X-Api-Key}
"#;

#[test]
fn the_client_and_its_builder_use_only_reserved_names_for_themselves() {
    let output = apigen::generate_from_str(SPEC, "spec.yaml", &Options::default()).unwrap();
    let ir = output.ir();
    let client = output
        .files()
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("src/client.rs is generated");
    let file = syn::parse_file(&client.contents).unwrap();

    // What the spec named: operations (and their request builders),
    // pagination, client parameters and API keys.
    let mut from_spec: BTreeSet<String> = BTreeSet::new();
    for op in &ir.operations {
        from_spec.insert(op.name.clone());
        from_spec.insert(op.request_method.clone());
        if let Some(pagination) = &op.pagination {
            from_spec.insert(pagination.pages_method.clone());
            from_spec.insert(pagination.items_method.clone());
        }
    }
    for param in &ir.client_params {
        from_spec.insert(param.field.clone());
        from_spec.insert(param.setter.clone());
    }
    for key in &ir.api_keys {
        from_spec.insert(key.setter.clone());
    }
    assert!(
        !ir.client_params.is_empty() && !ir.api_keys.is_empty(),
        "the spec must use every feature"
    );

    let own = |names: BTreeSet<String>| -> Vec<String> {
        names.difference(&from_spec).cloned().collect()
    };
    let client_methods = own(inherent_methods(&file, "Client"));
    let builder_methods = own(inherent_methods(&file, "ClientBuilder"));
    let client_fields = own(fields(&file, "Client"));
    let builder_fields = own(fields(&file, "ClientBuilder"));
    assert!(client_methods.contains(&"builder".to_string()));
    assert!(builder_methods.contains(&"credentials".to_string()));
    assert!(client_fields.contains(&"shared".to_string()));
    assert!(builder_fields.contains(&"timeout".to_string()));

    let missing = |names: Vec<String>, reserved: &[&str]| -> Vec<String> {
        names
            .into_iter()
            .filter(|name| !reserved.contains(&name.as_str()))
            .collect()
    };
    let none = Vec::<String>::new();
    assert_eq!(
        missing(client_methods, CLIENT_METHODS),
        none,
        "Client methods"
    );
    assert_eq!(
        missing(builder_methods, BUILDER_NAMES),
        none,
        "ClientBuilder methods"
    );
    assert_eq!(missing(client_fields, BUILDER_NAMES), none, "Client fields");
    assert_eq!(
        missing(builder_fields, BUILDER_FIELDS),
        none,
        "ClientBuilder fields"
    );
    let functions: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    assert!(functions.contains(&"client_param".to_string()));
    assert_eq!(
        missing(functions, CLIENT_FUNCTIONS),
        none,
        "free functions of the client module"
    );
}

#[test]
fn the_locals_of_a_pages_method_are_reserved_for_it() {
    let output = apigen::generate_from_str(SPEC, "spec.yaml", &Options::default()).unwrap();
    let op = &output.ir().operations[0];
    let pages = &op
        .pagination
        .as_ref()
        .expect("a paginated list")
        .pages_method;
    let client = output
        .files()
        .iter()
        .find(|f| f.path == "src/client.rs")
        .unwrap();
    let start = client.contents.find(&format!("pub fn {pages}(")).unwrap();
    let end = client.contents[start..].find("\n    }\n").unwrap() + start;
    let body = &client.contents[start..end];
    // `let x`, `let mut x` and the closure's `move |x|`.
    let bound = body
        .split("let ")
        .skip(1)
        .map(|rest| rest.trim_start_matches("mut "))
        .chain(body.split("move |").skip(1));
    let names: BTreeSet<String> = bound
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect();
    let mut arguments: BTreeSet<String> =
        op.path_params.iter().map(|p| p.arg_name.clone()).collect();
    arguments.extend(op.query.as_ref().map(|q| q.arg_name.clone()));
    let locals: Vec<&String> = names.difference(&arguments).collect();
    assert!(locals.iter().any(|l| *l == "client"), "{body}");
    for local in locals {
        assert!(
            STREAM_LOCALS.contains(&local.as_str()),
            "`{local}` in {pages} is not in STREAM_LOCALS:\n{body}"
        );
    }
}

/// The methods of the inherent `impl`s of `type_name`.
fn inherent_methods(file: &syn::File, type_name: &str) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block)
                if block.trait_.is_none() && names(&block.self_ty, type_name) =>
            {
                Some(block)
            }
            _ => None,
        })
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(method) => Some(method.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The fields of struct `type_name`.
fn fields(file: &syn::File, type_name: &str) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if s.ident == type_name => Some(s),
            _ => None,
        })
        .flat_map(|s| &s.fields)
        .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
        .collect()
}

fn names(ty: &syn::Type, type_name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.is_ident(type_name))
}
