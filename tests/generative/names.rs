//! Names for schemas, properties, parameters, operations and enum values:
//! ordinary ones, and the kinds that break naive generators (collisions
//! after case conversion, keywords, std names, leading digits, punctuation).

use super::idioms::{Idiom, Idioms};
use super::rng::Rng;
use std::collections::BTreeSet;

const WORDS: &[&str] = &[
    "pet", "owner", "order", "item", "widget", "node", "event", "account", "invoice", "plan",
    "meter", "counter", "tag", "file", "user", "group", "price", "charge", "region", "label",
];

/// Operation tags, for documents generated with a cargo feature per tag:
/// ordinary ones, spellings that collide after conversion to a feature
/// name, the names of the features the generator declares itself (`full`,
/// `default`, `untagged`), a keyword, a leading digit and punctuation.
pub const TAGS: &[&str] = &[
    "things",
    "Admin Users",
    "admin-users",
    "Billing & Invoices",
    "full",
    "default",
    "untagged",
    "self",
    "2fa",
    "v2 (beta)",
];

/// Spellings that all become `FooBar` / `foo_bar`.
const COLLIDING: &[&str] = &[
    "foo_bar", "fooBar", "FooBar", "foo-bar", "FOO_BAR", "foo.bar", "foo__bar", "Foo_Bar",
];

/// Keywords (raw and unrawable) and names of std items and of what the
/// generator emits itself.
const KEYWORDS: &[&str] = &[
    "type", "self", "Self", "super", "crate", "fn", "match", "async", "await", "dyn", "ref",
    "struct", "enum", "impl", "mod", "use", "where", "loop", "box", "yield", "try", "union", "gen",
    "macro", "abstract", "move", "static", "_",
];

const STD_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Value",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Debug",
    "Clone",
    "Serialize",
    "Deserialize",
    "BTreeMap",
    "HashMap",
    "std",
    "core",
    "serde",
    "chrono",
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "FilePart",
    "Request",
    "Response",
    "Url",
];

const DIGIT_LED: &[&str] = &["1st", "2fa", "3d", "404", "0", "9Lives", "24h_window"];

/// Property names that need JSON-pointer escaping (`~0`, `~1`) when referred to.
const POINTER_HOSTILE: &[&str] = &["a/b", "x~y", "~", "/", "~1", "path/to~field"];

/// Property names seen in real specs that are unusual as identifiers.
const ODD: &[&str] = &[
    "$ref",
    "@type",
    "#",
    "",
    "a b",
    "+1",
    "-1",
    "é",
    "data",
    "nextToken",
];

/// Enum values: collisions, empty, signs, keywords, unicode.
const ENUM_VALUES: &[&str] = &[
    "active", "retired", "foo_bar", "fooBar", "FooBar", "", "-", "+1", "-1", "1", "a b", "type",
    "self", "Self", "Unknown", "unknown", "UNKNOWN", "null", "true", "é", "日本", "Other", "_",
];

/// Names each document draws from, by idiom.
pub struct NamePool<'a> {
    idioms: &'a Idioms,
}

impl<'a> NamePool<'a> {
    pub fn new(idioms: &'a Idioms) -> Self {
        NamePool { idioms }
    }

    /// The groups a name may come from, with the weight of each.
    fn groups(&self, hostile: &'static [&'static str]) -> Vec<(&'static [&'static str], u32)> {
        let mut groups: Vec<(&'static [&'static str], u32)> = vec![(WORDS, 10)];
        let optional = [
            (Idiom::CollidingNames, COLLIDING, 5),
            (Idiom::Keywords, KEYWORDS, 2),
            (Idiom::Keywords, STD_NAMES, 2),
            (Idiom::DigitLed, DIGIT_LED, 1),
            (Idiom::PointerEscapes, hostile, 1),
        ];
        for (idiom, names, weight) in optional {
            if self.idioms.has(idiom) && !names.is_empty() {
                groups.push((names, weight));
            }
        }
        groups
    }

    fn draw(&self, rng: &mut Rng, hostile: &'static [&'static str]) -> String {
        let groups = self.groups(hostile);
        let weights: Vec<u32> = groups.iter().map(|(_, w)| *w).collect();
        let (names, _) = groups[rng.weighted(&weights)];
        rng.pick(names).to_string()
    }

    /// A property name not yet in `taken` (exact spelling; case-collisions
    /// are wanted).
    pub fn property(&self, rng: &mut Rng, taken: &BTreeSet<String>) -> String {
        let hostile: &'static [&'static str] = if self.idioms.has(Idiom::PointerEscapes) {
            POINTER_HOSTILE
        } else {
            &[]
        };
        let odd = self.idioms.has(Idiom::Keywords) && rng.percent(5);
        let name = if odd {
            rng.pick(ODD).to_string()
        } else {
            self.draw(rng, hostile)
        };
        unique(name, taken, rng)
    }

    /// A component schema name: `^[a-zA-Z0-9._-]+$` unless the
    /// slash-schema-names idiom is on. Sometimes the name a generator
    /// derives for another type (`PetItem`, `ListPetsQuery`).
    pub fn schema(&self, rng: &mut Rng, taken: &BTreeSet<String>, derived: &[String]) -> String {
        if self.idioms.has(Idiom::SlashSchemaNames) && rng.percent(4) {
            return unique(
                rng.pick(&["Up/load", "a~b", "x~1y", "v1/Thing"])
                    .to_string(),
                taken,
                rng,
            );
        }
        if self.idioms.has(Idiom::CollidingNames) && !derived.is_empty() && rng.percent(10) {
            return unique(rng.pick(derived).clone(), taken, rng);
        }
        let name = self.draw(rng, &[]);
        let name = match name.as_str() {
            // Not allowed in component names.
            "_" => "Underscore_".to_string(),
            word if WORDS.contains(&word) => pascal(word),
            _ => name,
        };
        unique(name, taken, rng)
    }

    /// A parameter name; `location` decides what is allowed (headers and
    /// cookies must be HTTP tokens).
    pub fn parameter(&self, rng: &mut Rng, location: &str, taken: &BTreeSet<String>) -> String {
        let name = match location {
            "header" => self.header(rng),
            "cookie" => rng
                .pick(&[
                    "session",
                    "session_id",
                    "sessionId",
                    "SESSION",
                    "type",
                    "1st",
                ])
                .to_string(),
            "path" => self.draw(rng, &[]).replace(['{', '}', '/'], ""),
            _ if self.idioms.has(Idiom::Keywords) && rng.percent(10) => rng
                .pick(&[
                    "$filter",
                    "filter[name]",
                    "page.size",
                    "sort-by",
                    "a b",
                    "body",
                    "query",
                    "client",
                ])
                .to_string(),
            _ => self.draw(rng, &[]),
        };
        let name = if name.is_empty() {
            "p".to_string()
        } else {
            name
        };
        unique(name, taken, rng)
    }

    fn header(&self, rng: &mut Rng) -> String {
        let mut headers = vec!["X-Request-Id", "X-Trace-Id", "If-Match", "X-Api-Version"];
        if self.idioms.has(Idiom::CollidingNames) {
            headers.extend(["X-Foo-Bar", "X_Foo_Bar", "X-FooBar"]);
        }
        if self.idioms.has(Idiom::Keywords) {
            // OpenAPI says these three are ignored; real specs list them anyway.
            headers.extend(["Accept", "Content-Type", "Authorization", "type", "self"]);
        }
        if self.idioms.has(Idiom::DigitLed) {
            headers.push("1-Header");
        }
        rng.pick(&headers).to_string()
    }

    /// An `operationId`; unique by exact spelling, colliding otherwise.
    pub fn operation_id(&self, rng: &mut Rng, method: &str, word: &str) -> String {
        let natural = format!("{method}{}", pascal(word));
        let mut choices = vec![natural.clone()];
        if self.idioms.has(Idiom::CollidingNames) {
            choices.push(format!("{method}_{word}"));
            choices.push(pascal(&natural));
            choices.push(format!("{natural}_stream"));
            choices.push(format!("{method}-{word}"));
        }
        if self.idioms.has(Idiom::Keywords) {
            choices.extend(
                [
                    "new", "builder", "from_env", "base_url", "clone", "type", "self", "fmt",
                ]
                .map(String::from),
            );
        }
        if self.idioms.has(Idiom::DigitLed) {
            choices.push(format!("2{natural}"));
        }
        let weights: Vec<u32> = (0..choices.len())
            .map(|i| if i == 0 { 8 } else { 1 })
            .collect();
        choices[rng.weighted(&weights)].clone()
    }

    /// String enum values, distinct by spelling.
    pub fn enum_values(&self, rng: &mut Rng) -> Vec<String> {
        let plain = ["active", "retired", "pending", "done"];
        let count = rng.between(1, 5);
        let hostile = self.idioms.has(Idiom::CollidingNames) || self.idioms.has(Idiom::Keywords);
        let mut values = BTreeSet::new();
        let mut ordered = Vec::new();
        for _ in 0..count {
            let value = if hostile && rng.percent(50) {
                rng.pick(ENUM_VALUES).to_string()
            } else {
                rng.pick(&plain).to_string()
            };
            if values.insert(value.clone()) {
                ordered.push(value);
            }
        }
        ordered
    }

    /// A word for path segments and operation names.
    pub fn word(&self, rng: &mut Rng) -> &'static str {
        WORDS[rng.below(WORDS.len())]
    }
}

/// `name`, or `name` with a suffix when it is taken.
fn unique(name: String, taken: &BTreeSet<String>, rng: &mut Rng) -> String {
    if !taken.contains(&name) {
        return name;
    }
    loop {
        let candidate = format!("{name}{}", rng.below(1000));
        if !taken.contains(&candidate) {
            return candidate;
        }
    }
}

/// `order` → `Order`, `foo_bar` → `FooBar`.
pub fn pascal(word: &str) -> String {
    word.split(['_', '-', '.', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
