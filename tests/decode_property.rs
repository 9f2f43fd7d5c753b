//! A seeded property test of the structs' written-out `Deserialize` and
//! `Serialize` (`generator/src/emit/models/struct_decoding.rs`,
//! `struct_encoding.rs`): random JSON texts built from the schemas of several
//! specs (the m3ter spec and the fixtures) decode with them exactly as with
//! serde's derives (`--derive-serde`), for every model type of those specs,
//! and what decodes encodes back to the same text. Exactly: the same value,
//! or an error with the same message; and, decoding a `serde_json::Value`
//! through `serde_path_to_error` as the client does, an error at the same
//! path.
//! (Where a struct keeps undeclared properties in a map, an error in one of
//! them is found where it is, not at the end of the object: for those texts
//! the check is the same value or an error both ways.)
//!
//! The texts are mostly valid, with the idioms of real bodies: optional
//! fields left out or `null`, keys in any order, undeclared keys, properties
//! a map keeps; and some that stray: a value of the wrong type anywhere, a
//! required field missing, a key sent twice, a number out of range.
//!
//! `DECODE_PROPERTY_CASES` (texts per type, default 40) and
//! `DECODE_PROPERTY_SEED` (default 7) set the run:
//! `DECODE_PROPERTY_CASES=3000 cargo test -p m3ter-tests --test decode_property -- --nocapture`.

use apigen::ir::{Ir, StructDef, TypeKind, TypeRef};
use m3ter_tests::generative::rng::Rng;
use std::path::Path;

/// How one flavour decoded a text: from the text, and from its
/// `serde_json::Value` through `serde_path_to_error` (`None` for a text
/// with a key sent twice, which a `Value` cannot hold); and the JSON the
/// value decoded from the text encodes to.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    from_text: Result<String, String>,
    from_value: Option<Result<String, (String, String)>>,
    encoded: Option<String>,
}

fn decoded<T>(json: &str) -> Decoded
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let value = serde_json::from_str::<T>(json);
    let encoded = value
        .as_ref()
        .ok()
        .map(|value| serde_json::to_string(value).expect("a decoded value encodes"));
    let from_text = value
        .map(|value| format!("{value:?}"))
        .map_err(|error| error.to_string());
    let value = serde_json::from_str::<serde_json::Value>(json).ok();
    let from_value = value
        .filter(|value| value.to_string().len() == canonical_length(json))
        .map(|value| {
            serde_path_to_error::deserialize::<_, T>(&value)
                .map(|value| format!("{value:?}"))
                .map_err(|error| (error.path().to_string(), error.inner().to_string()))
        });
    Decoded {
        from_text,
        from_value,
        encoded,
    }
}

/// The length of `json` as `serde_json` writes it back: shorter when a key
/// was sent twice (the `Value` keeps one).
fn canonical_length(json: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(json)
        .map(|value| value.to_string().len())
        .unwrap_or(0)
}

#[allow(dead_code, clippy::all)]
mod table {
    use super::{decoded, Decoded};
    include!(concat!(env!("OUT_DIR"), "/decoded/table.rs"));
}

/// A JSON text's tree, which (unlike `serde_json::Value`) can hold a key
/// twice.
enum Json {
    Null,
    Bool(bool),
    /// A number as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Number(text) => out.push_str(text),
            Json::String(text) => out.push_str(&serde_json::to_string(text).unwrap()),
            Json::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Builds random JSON for the types of one spec's IR.
struct Builder<'a> {
    ir: &'a Ir,
    rng: Rng,
    /// Whether the text has a property a struct's map keeps: serde's
    /// derive reads those after the whole object (an error in one is
    /// reported at the object's end, at the object's path, and after the
    /// errors of its declared fields), the written-out impl as they come.
    kept_property: bool,
}

/// Below this depth values stop growing: optional fields are left out and
/// lists are empty, so recursive types end.
const MAX_DEPTH: usize = 5;

impl Builder<'_> {
    /// A value for `ty`: mostly one it documents, once in a while anything.
    fn value(&mut self, ty: &TypeRef, depth: usize) -> Json {
        if self.rng.one_in(40) {
            return self.stray_for(ty);
        }
        match ty {
            TypeRef::Named(id) => self.named(id.0, depth),
            TypeRef::String => Json::String(self.text()),
            TypeRef::Bool => Json::Bool(self.rng.one_in(2)),
            TypeRef::I32 => Json::Number(self.integer(i64::from(i32::MAX))),
            TypeRef::I64 => Json::Number(self.integer(i64::MAX)),
            TypeRef::F32 | TypeRef::F64 => Json::Number(self.float()),
            TypeRef::Date => Json::String(
                self.rng
                    .pick(&["2024-02-29", "1999-12-31", "2023-02-29", "31/12/1999"])
                    .to_string(),
            ),
            TypeRef::DateTime => Json::String(
                self.rng
                    .pick(&[
                        "2024-02-29T12:34:56Z",
                        "2024-02-29T12:34:56.789+02:00",
                        "2024-02-29 12:34:56",
                        "yesterday",
                    ])
                    .to_string(),
            ),
            TypeRef::Any => self.stray(),
            TypeRef::Bytes => Json::String(
                self.rng
                    .pick(&["aGVsbG8=", "aGVsbG8", "aGk_", "not base64!"])
                    .to_string(),
            ),
            TypeRef::Tuple(members) => {
                let mut items: Vec<Json> =
                    members.iter().map(|m| self.value(m, depth + 1)).collect();
                if self.rng.one_in(10) {
                    items.pop();
                }
                Json::Array(items)
            }
            TypeRef::Unit => Json::Null,
            TypeRef::List(item) => {
                let length = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.below(3)
                };
                Json::Array((0..length).map(|_| self.value(item, depth + 1)).collect())
            }
            TypeRef::Map(value) => {
                let length = if depth >= MAX_DEPTH {
                    0
                } else {
                    self.rng.below(3)
                };
                let entries = (0..length)
                    .map(|index| (format!("key{index}"), self.value(value, depth + 1)))
                    .collect();
                Json::Object(entries)
            }
            TypeRef::Nullable(inner) => {
                if self.rng.one_in(4) {
                    Json::Null
                } else {
                    self.value(inner, depth)
                }
            }
            TypeRef::File => Json::String(self.text()),
        }
    }

    fn named(&mut self, index: usize, depth: usize) -> Json {
        let def = &self.ir.types[index];
        match &def.kind {
            TypeKind::Struct(s) => self.object(s, depth),
            TypeKind::Enum(e) => {
                if e.variants.is_empty() || self.rng.one_in(8) {
                    Json::String(self.text())
                } else {
                    Json::String(self.rng.pick(&e.variants).wire_value.clone())
                }
            }
            TypeKind::IntegerEnum(e) => {
                if e.variants.is_empty() || self.rng.one_in(8) {
                    Json::Number(self.integer(1000))
                } else {
                    Json::Number(self.rng.pick(&e.variants).value.to_string())
                }
            }
            TypeKind::Union(u) => {
                let variant = self.rng.pick(&u.variants);
                self.value(&variant.ty, depth + 1)
            }
            TypeKind::Alias(target) | TypeKind::Newtype(target) => self.value(target, depth),
            TypeKind::Multipart(_) | TypeKind::Responses(_) | TypeKind::Webhooks(_) => self.stray(),
        }
    }

    /// An object of the struct `s`'s fields in a random order, with the
    /// idioms of real bodies and their slips.
    fn object(&mut self, s: &StructDef, depth: usize) -> Json {
        let mut entries = Vec::new();
        for field in &s.fields {
            let present = if field.required {
                !self.rng.one_in(15)
            } else {
                depth < MAX_DEPTH && self.rng.one_in(2)
            };
            if !present {
                continue;
            }
            let value = if !field.required && self.rng.one_in(6) {
                Json::Null
            } else {
                self.value(&field.ty, depth + 1)
            };
            entries.push((field.wire_name.clone(), value));
        }
        if let Some((_, value)) = &s.additional {
            for index in 0..self.rng.below(3) {
                self.kept_property = true;
                entries.push((format!("extra{index}"), self.value(value, depth + 1)));
            }
        } else if self.rng.one_in(4) {
            entries.push(("undeclared".into(), self.stray()));
        }
        if !entries.is_empty() && self.rng.one_in(25) {
            let (key, _) = &entries[self.rng.below(entries.len())];
            let key = key.clone();
            let declared = s.fields.iter().find(|f| f.wire_name == key);
            let again = match declared {
                Some(field) => self.value(&field.ty, depth + 1),
                None => self.stray(),
            };
            entries.push((key, again));
        }
        for index in (1..entries.len()).rev() {
            entries.swap(index, self.rng.below(index + 1));
        }
        Json::Object(entries)
    }

    /// Any small JSON value where a `ty` is expected; but no array where a
    /// struct could be: serde's derive reads a struct from an array of its
    /// field values too, the written-out impl does not (a difference the
    /// crate's docs state), and no JSON API sends one.
    fn stray_for(&mut self, ty: &TypeRef) -> Json {
        loop {
            let value = self.stray();
            match value {
                Json::Array(_) if self.may_be_struct(ty, &|_| true) => continue,
                Json::Object(_) if self.may_be_struct(ty, &|s| s.additional.is_some()) => {
                    self.kept_property = true;
                }
                _ => {}
            }
            return value;
        }
    }

    /// Whether a value of `ty` may be decoded as a struct that `is`.
    fn may_be_struct(&self, ty: &TypeRef, is: &dyn Fn(&StructDef) -> bool) -> bool {
        match ty {
            TypeRef::Nullable(inner) => self.may_be_struct(inner, is),
            TypeRef::Named(id) => match &self.ir.types[id.0].kind {
                TypeKind::Struct(s) => is(s),
                TypeKind::Union(u) => u.variants.iter().any(|v| self.may_be_struct(&v.ty, is)),
                TypeKind::Alias(target) | TypeKind::Newtype(target) => {
                    self.may_be_struct(target, is)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Any small JSON value.
    fn stray(&mut self) -> Json {
        match self.rng.below(7) {
            0 => Json::Null,
            1 => Json::Bool(self.rng.one_in(2)),
            2 => Json::Number(self.integer(i64::MAX)),
            3 => Json::Number(self.float()),
            4 => Json::String(self.text()),
            5 => Json::Array(vec![Json::Number("1".into()), Json::String("a".into())]),
            _ => Json::Object(vec![("a".into(), Json::Number("1".into()))]),
        }
    }

    fn text(&mut self) -> String {
        self.rng
            .pick(&["", "abc", "ünïcödé", "with \"quotes\"", "42", "null"])
            .to_string()
    }

    /// An integer up to `max`, or now and then one past it or negative.
    fn integer(&mut self, max: i64) -> String {
        match self.rng.below(6) {
            0 => (max as i128 + 1).to_string(),
            1 => format!("-{}", self.rng.below(1000)),
            _ => (self.rng.next_u64() as i64 & max).to_string(),
        }
    }

    fn float(&mut self) -> String {
        self.rng
            .pick(&["0.5", "-1.25", "3", "1e300", "2.5e-3"])
            .to_string()
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Whether the two decoded alike but for which error was found: the same
/// value, or errors both. Where a value is bad, the written-out impl reports
/// the first bad value it reads, the derived one reads kept properties last.
fn same_but_where(compact: &Decoded, derived: &Decoded) -> bool {
    fn alike<T: PartialEq, E>(compact: &Result<T, E>, derived: &Result<T, E>) -> bool {
        match (compact, derived) {
            (Ok(compact), Ok(derived)) => compact == derived,
            (compact, derived) => compact.is_err() && derived.is_err(),
        }
    }
    let from_value = match (&compact.from_value, &derived.from_value) {
        (Some(compact), Some(derived)) => alike(compact, derived),
        (compact, derived) => compact.is_none() && derived.is_none(),
    };
    let encoded = match (&compact.encoded, &derived.encoded) {
        (Some(compact), Some(derived)) => compact == derived,
        _ => true,
    };
    alike(&compact.from_text, &derived.from_text) && from_value && encoded
}

#[test]
fn the_written_out_impls_decode_and_encode_as_the_derived_ones() {
    let cases = env_number("DECODE_PROPERTY_CASES", 40);
    let seed = env_number("DECODE_PROPERTY_SEED", 7);
    let options = apigen::Options {
        models_only: true,
        ..Default::default()
    };
    let (mut checked, mut failed, mut errors) = (0, Vec::new(), 0);
    for &(label, spec, decode) in table::SPECS {
        let output = apigen::generate(Path::new(spec), &options).unwrap();
        let ir = output.ir();
        let mut builder = Builder {
            ir,
            rng: Rng::new(seed),
            kept_property: false,
        };
        for (index, def) in ir.types.iter().enumerate() {
            for _ in 0..cases {
                let mut json = String::new();
                builder.kept_property = false;
                let value = if builder.rng.one_in(40) {
                    builder.stray_for(&TypeRef::Named(apigen::ir::TypeId(index)))
                } else {
                    builder.named(index, 0)
                };
                value.write(&mut json);
                let Some((compact, derived)) = decode(&def.name, &json) else {
                    break;
                };
                checked += 1;
                errors += usize::from(derived.from_text.is_err());
                let same = if builder.kept_property {
                    same_but_where(&compact, &derived)
                } else {
                    compact == derived
                };
                if !same {
                    failed.push(format!(
                        "{label} {}: {json}\n  written out: {compact:?}\n  derived:     {derived:?}",
                        def.name
                    ));
                }
            }
        }
    }
    println!("{checked} texts decoded both ways, {errors} of them errors; the others encoded back");
    assert!(checked > 1000, "only {checked} texts were decoded");
    assert!(
        errors * 10 > checked && errors * 2 < checked,
        "{errors} of {checked} texts were errors: the texts should be mostly, not all, valid"
    );
    assert!(
        failed.is_empty(),
        "{} of {checked} texts decoded differently, the first:\n{}",
        failed.len(),
        failed
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
