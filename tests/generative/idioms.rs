//! The idioms a generated document may use, each switchable on its own, so
//! that a run can leave out an idiom whose bug is known and being fixed.

use std::collections::BTreeSet;
use std::fmt;

macro_rules! idioms {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// One idiom of real-world specs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Idiom {
            $(#[doc = $doc] $variant,)*
        }

        impl Idiom {
            pub const ALL: &'static [Idiom] = &[$(Idiom::$variant,)*];

            /// The name used on the command line and in messages.
            pub fn name(self) -> &'static str {
                match self {
                    $(Idiom::$variant => $name,)*
                }
            }

            pub fn describe(self) -> &'static str {
                match self {
                    $(Idiom::$variant => $doc,)*
                }
            }
        }
    };
}

idioms! {
    AllOf = "all-of": "`allOf` of references and inline objects, merged into one struct",
    OneOf = "one-of": "`oneOf` without a discriminator",
    AnyOf = "any-of": "`anyOf` without a discriminator",
    Discriminator = "discriminator": "`oneOf`/`anyOf` of objects chosen by a discriminator, with and without `mapping`",
    Inheritance = "inheritance": "a base object with a discriminator, extended by children through `allOf`",
    Nullable = "nullable": "`nullable: true` on schemas, enums with `null`, and on `$ref` wrappers",
    RefWrappers = "ref-wrappers": "`$ref` with a description beside it, and `allOf`/`oneOf` of one `$ref`",
    AllOfRecursion = "all-of-recursion": "recursion through `allOf`: a property `allOf: [{$ref: <an enclosing schema>}]`, with a description, `nullable` or more members (known bug 1)",
    Recursion = "recursion": "self and mutual recursion through properties, items, maps and every combinator",
    ArraysOfUnions = "arrays-of-unions": "arrays whose items are `oneOf`/`anyOf`",
    Maps = "maps": "`additionalProperties`: maps alone, and beside declared properties",
    DeepNesting = "deep-nesting": "arrays and maps nested four to six deep around a timestamp, scalar or reference, past clippy's `type_complexity` limit wherever they stand",
    StringEnums = "string-enums": "string enums, with values that collide after case conversion",
    IntegerEnums = "integer-enums": "integer enums, with and without `x-enum-varnames`",
    CollidingNames = "colliding-names": "names that collide after case conversion (`foo_bar`, `fooBar`, `FooBar`) or with generated names",
    Keywords = "keywords": "Rust keywords and std names as schema, property, parameter and operation names",
    DigitLed = "digit-led": "names that start with a digit",
    PointerEscapes = "pointer-escapes": "property and file-map names with `~` and `/`, referred to through escaped JSON pointers",
    SlashSchemaNames = "slash-schema-names": "schema names with `~` and `/` (outside the component-name pattern; known bug 6 in multipart)",
    InteriorRefs = "interior-refs": "`$ref`s into a schema: `#/components/schemas/X/properties/y` (known bug 2)",
    PathRefs = "path-refs": "`$ref`s to schemas inside operations: `#/paths/~1x/get/responses/200/...`",
    PathParams = "path-params": "path parameters: several per path, inside segments, colliding names, at path level",
    QueryStyles = "query-styles": "query parameters in every style: form with and without explode, spaceDelimited, pipeDelimited",
    DeepObject = "deep-object": "object query parameters, `deepObject` and exploded `form`",
    HeaderParams = "header-params": "header parameters",
    CookieParams = "cookie-params": "cookie parameters",
    ParamRefs = "param-refs": "parameters, responses and request bodies by `$ref` to `#/components`",
    ContentParams = "content-params": "parameters with `content` instead of `schema`",
    Pagination = "pagination": "paginated lists: `{data: [...], nextToken}` and a `nextToken` query parameter",
    PaginatedHeaders = "paginated-headers": "paginated lists with header or cookie parameters (known bug 4)",
    JsonBodies = "json-bodies": "JSON request bodies",
    FormBodies = "form-bodies": "`application/x-www-form-urlencoded` bodies",
    MultipartBodies = "multipart-bodies": "`multipart/form-data` bodies with `format: binary` files",
    BinaryBodies = "binary-bodies": "binary and text bodies and responses",
    SeveralResponses = "several-responses": "several success responses, ranges, `default`, no-content statuses",
    MissingOperationIds = "missing-operation-ids": "operations without an `operationId`",
    Security = "security": "security schemes: API keys, bearer, basic, OAuth2",
    EmptyPaths = "empty-paths": "`paths: {}` beside components (known bug 5)",
    Extensions = "extensions": "`x-` extensions, `externalDocs` and callbacks, which a client has no use for",
    MultiFile = "multi-file": "schemas and path items in other files, by relative `$ref`",
    ExtraDerives = "extra-derives": "generation with `--extra-derive Eq --extra-derive ::std::hash::Hash` (known bug 7)",
    JsonText = "json-text": "documents written as JSON as well as YAML",
    FeaturesPerTag = "features-per-tag": "operations with no tag, one or two (names that collide after conversion, keywords), generated with `--features-per-tag` as a crate and checked with no feature and with each feature alone",
}

/// The idioms whose bugs were known when the generative test was written
/// and were being fixed, with the bug each one triggers.
pub const KNOWN_BUGS: &[(Idiom, &str)] = &[
    (
        Idiom::AllOfRecursion,
        "1: stack overflow on a property `allOf: [{$ref: <own schema>}]` (with a description, or without)",
    ),
    (
        Idiom::InteriorRefs,
        "2: `$ref`s into a schema reported as dangling",
    ),
    (
        Idiom::PaginatedHeaders,
        "4: E0061 in the `_pages`/`_stream` helpers of lists with header parameters",
    ),
    (
        Idiom::EmptyPaths,
        "5: `paths: {}` with components: dead_code on the client's `transport`",
    ),
    (
        Idiom::SlashSchemaNames,
        "6: `$ref: '#/components/schemas/Up~1load'` mis-handled for multipart",
    ),
    (
        Idiom::ExtraDerives,
        "7: `--extra-derive` not applied to enums",
    ),
];

/// A set of idioms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idioms(BTreeSet<Idiom>);

impl Idioms {
    pub fn all() -> Self {
        Idioms(Idiom::ALL.iter().copied().collect())
    }

    pub fn has(&self, idiom: Idiom) -> bool {
        self.0.contains(&idiom)
    }

    pub fn without(mut self, idiom: Idiom) -> Self {
        self.0.remove(&idiom);
        self
    }

    /// Every idiom but those of [`KNOWN_BUGS`].
    pub fn without_known_bugs(self) -> Self {
        KNOWN_BUGS
            .iter()
            .fold(self, |idioms, (idiom, _)| idioms.without(*idiom))
    }

    /// All idioms but those named in a comma-separated list.
    pub fn all_but(list: &str) -> Result<Self, String> {
        let mut idioms = Idioms::all();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "known-bugs" {
                idioms = idioms.without_known_bugs();
                continue;
            }
            let idiom = Idiom::ALL
                .iter()
                .find(|i| i.name() == name)
                .ok_or_else(|| format!("no idiom is called `{name}`; see --list-idioms"))?;
            idioms = idioms.without(*idiom);
        }
        Ok(idioms)
    }

    /// The idioms left out, by name (empty when none is).
    pub fn left_out(&self) -> Vec<&'static str> {
        Idiom::ALL
            .iter()
            .filter(|i| !self.has(**i))
            .map(|i| i.name())
            .collect()
    }
}

impl fmt::Display for Idioms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.left_out().as_slice() {
            [] => write!(f, "all idioms"),
            left_out => write!(f, "all idioms but {}", left_out.join(", ")),
        }
    }
}
