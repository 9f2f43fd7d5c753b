//! The state of one document being generated, and its top level: `info`,
//! `servers`, `paths`, `components`. Schemas are in `schemas.rs`, operations
//! in `operations.rs`; both are `impl Builder` blocks over this state.

use super::document::{escape, Document, Format, SpecFile};
use super::idioms::{Idiom, Idioms};
use super::names::NamePool;
use super::rng::Rng;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// No more component schemas than this, so a document stays small enough to
/// compile quickly (the discriminated unions and pages planned on the way
/// may add a few more).
pub const MAX_COMPONENTS: usize = 14;

/// What a component schema is to become, decided when it is named.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Any idiom.
    Free,
    /// A variant of a discriminated union: an object requiring `property`,
    /// a string (a one-value enum of `tag` when there is one).
    Variant {
        property: String,
        tag: Option<String>,
    },
    /// A child of the base object `base` (`allOf: [base, own properties]`),
    /// which `base` chooses by `property`.
    Child { base: usize, property: String },
    /// An object to send as `multipart/form-data` (files and text parts).
    Multipart,
    /// A string enum, for path parameters.
    PathEnum,
    /// The page of a paginated list of `item`: `{data: [item], nextToken}`.
    Page { item: Value },
}

pub struct Component {
    pub name: String,
    pub plan: Plan,
    pub body: Option<Value>,
}

pub struct Builder<'a> {
    pub rng: Rng,
    pub idioms: &'a Idioms,
    pub names: NamePool<'a>,
    pub components: Vec<Component>,
    /// Every `$ref` between components (`edges[a]` holds what `a` refers
    /// to), and the direct ones: not behind a property, item or map value.
    /// Direct references never form a cycle (`A: {allOf: [B]}`, `B: {allOf:
    /// [A]}` describes no value); without the recursion idiom no reference
    /// does.
    pub edges: Vec<BTreeSet<usize>>,
    pub direct: Vec<BTreeSet<usize>>,
    /// References that are `allOf` members below a property: a cycle
    /// through one is the all-of-recursion idiom.
    pub all_of_edges: BTreeSet<(usize, usize)>,
    /// The component whose body is being generated (`None` in operations).
    pub current: Option<usize>,
    /// Pointers to schemas inside finished components (not bare `$ref`s),
    /// with their component: targets of interior `$ref`s.
    pub interior: Vec<(String, usize)>,
    /// Pointers to schemas inside operations: targets of `#/paths/...` refs.
    pub path_schemas: Vec<String>,
    /// No `type: number` (the document derives `Eq` and `Hash`).
    pub no_floats: bool,
    /// The document is generated with a cargo feature per tag: its
    /// operations draw their tags from [`super::names::TAGS`].
    pub features_per_tag: bool,
    /// Names the generator derives for inline types and operations' structs,
    /// which a component name may collide with.
    pub derived_names: Vec<String>,
    pub parameters: Map<String, Value>,
    pub responses: Map<String, Value>,
    pub request_bodies: Map<String, Value>,
    pub security_schemes: Vec<String>,
    pub operation_ids: BTreeSet<String>,
}

impl<'a> Builder<'a> {
    pub fn new(seed: u64, idioms: &'a Idioms) -> Self {
        Builder {
            rng: Rng::new(seed),
            idioms,
            names: NamePool::new(idioms),
            components: Vec::new(),
            edges: Vec::new(),
            direct: Vec::new(),
            all_of_edges: BTreeSet::new(),
            current: None,
            interior: Vec::new(),
            path_schemas: Vec::new(),
            no_floats: false,
            features_per_tag: false,
            derived_names: Vec::new(),
            parameters: Map::new(),
            responses: Map::new(),
            request_bodies: Map::new(),
            security_schemes: Vec::new(),
            operation_ids: BTreeSet::new(),
        }
    }

    pub fn has(&self, idiom: Idiom) -> bool {
        self.idioms.has(idiom)
    }

    /// Names a new component to be generated later; returns its index.
    pub fn plan(&mut self, plan: Plan) -> usize {
        let taken: BTreeSet<String> = self.components.iter().map(|c| c.name.clone()).collect();
        let name = self
            .names
            .schema(&mut self.rng, &taken, &self.derived_names);
        self.plan_named(name, plan)
    }

    pub fn plan_named(&mut self, name: String, plan: Plan) -> usize {
        self.derived_names
            .push(format!("{}Item", super::names::pascal(&name)));
        self.components.push(Component {
            name,
            plan,
            body: None,
        });
        self.edges.push(BTreeSet::new());
        self.direct.push(BTreeSet::new());
        self.components.len() - 1
    }

    pub fn room_for_components(&self) -> bool {
        self.components.len() < MAX_COMPONENTS
    }

    /// `#/components/schemas/<name>`, escaped.
    pub fn component_pointer(&self, index: usize) -> String {
        format!(
            "#/components/schemas/{}",
            escape(&self.components[index].name)
        )
    }

    /// Generates the body of every planned component not generated yet
    /// (bodies may plan more).
    pub fn generate_planned(&mut self) {
        while let Some(index) = self.components.iter().position(|c| c.body.is_none()) {
            self.current = Some(index);
            let body = self.component_body(index);
            self.current = None;
            self.collect_interior(index, &body);
            self.components[index].body = Some(body);
        }
    }

    /// Whether `from` reaches `to` through `graph`.
    pub fn reaches(graph: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node) {
                stack.extend(graph[node].iter().copied());
            }
        }
        false
    }

    fn servers(&mut self) -> Option<Value> {
        match self.rng.below(4) {
            0 => None,
            1 => Some(json!([{"url": "https://api.example.com/v1"}])),
            2 => Some(json!([{"url": "/api"}])),
            _ => Some(json!([{
                "url": "https://{region}.example.com/{version}",
                "variables": {
                    "region": {"default": "eu", "enum": ["eu", "us"]},
                    "version": {"default": "v2"}
                }
            }])),
        }
    }

    fn components_value(&self) -> Value {
        let mut components = Map::new();
        let schemas: Map<String, Value> = self
            .components
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.body.clone().expect("every component is generated"),
                )
            })
            .collect();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        for (key, map) in [
            ("parameters", &self.parameters),
            ("responses", &self.responses),
            ("requestBodies", &self.request_bodies),
        ] {
            if !map.is_empty() {
                components.insert(key.into(), Value::Object(map.clone()));
            }
        }
        if let Some(schemes) = self.security_schemes_value() {
            components.insert("securitySchemes".into(), schemes);
        }
        Value::Object(components)
    }

    /// The root document.
    fn root(&mut self, paths: Map<String, Value>, security: Option<Value>) -> Value {
        let mut root = Map::new();
        root.insert("openapi".into(), json!("3.0.3"));
        root.insert(
            "info".into(),
            json!({"title": "Generated API", "version": "1.0.0"}),
        );
        if let Some(servers) = self.servers() {
            root.insert("servers".into(), servers);
        }
        if let Some(security) = security {
            root.insert("security".into(), security);
        }
        root.insert("paths".into(), Value::Object(paths));
        let components = self.components_value();
        if components.as_object().is_some_and(|c| !c.is_empty()) {
            root.insert("components".into(), components);
        }
        Value::Object(root)
    }
}

/// The document of `seed`.
pub fn document(seed: u64, idioms: &Idioms) -> Document {
    let mut b = Builder::new(seed, idioms);
    b.no_floats = b.has(Idiom::ExtraDerives) && b.rng.percent(25);
    b.features_per_tag = b.has(Idiom::FeaturesPerTag) && b.rng.percent(20);
    b.plan_security();
    let count = b.rng.between(2, 7);
    for _ in 0..count {
        b.plan(Plan::Free);
    }
    b.generate_planned();
    let paths = b.paths();
    b.generate_planned();
    let security = b.global_security();
    let root = b.root(paths, security);
    let format = if b.has(Idiom::JsonText) && b.rng.percent(30) {
        Format::Json
    } else {
        Format::Yaml
    };
    let root_path = match format {
        Format::Yaml => "api.yaml",
        Format::Json => "api.json",
    };
    let mut document = Document {
        seed,
        files: vec![SpecFile {
            path: root_path.to_string(),
            value: root,
            format,
        }],
        extra_derives: Vec::new(),
        features_per_tag: b.features_per_tag,
    };
    if b.no_floats {
        document.extra_derives = vec!["Eq".into(), "::std::hash::Hash".into()];
    }
    if b.has(Idiom::MultiFile) && b.rng.percent(25) {
        super::files::split(&mut document, &mut b.rng);
    }
    document
}
