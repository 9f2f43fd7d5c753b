//! Turning names from a spec into Rust identifiers.
//!
//! Every identifier the generator emits is decided here, before emission, so
//! that emitters only print names they are handed. Names from a spec may be
//! anything: keywords, punctuation, leading digits, the empty string, or two
//! different wire names that become the same Rust name after case conversion.

use heck::{ToKebabCase, ToPascalCase, ToSnakeCase};
use std::collections::BTreeSet;

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const UNRAWABLE_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A Rust identifier for a type or enum variant (`UpperCamelCase`).
pub fn type_name(raw: &str) -> String {
    let cased = words(raw).to_pascal_case();
    finish(cased, "Type", "T")
}

/// A type name made to be part of a longer one (`Self` in `SelfVariant1`):
/// without the underscore that escapes a keyword standing alone.
pub fn type_name_part(raw: &str) -> String {
    let mut name = type_name(raw);
    if name.ends_with('_') {
        name.pop();
    }
    name
}

/// A Rust identifier for a field, function or argument (`snake_case`).
pub fn value_name(raw: &str) -> String {
    let cased = words(raw).to_snake_case();
    finish(cased, "value", "_")
}

/// A cargo feature's name (`kebab-case`), e.g. `statement-jobs` for the tag
/// `Statement Jobs`: ASCII letters, digits and dashes, never empty.
pub fn feature_name(raw: &str) -> String {
    let cased = words(raw).to_kebab_case();
    if cased.is_empty() {
        return "tag".to_string();
    }
    cased
}

/// Whether `ident` is a keyword that must be written as a raw identifier
/// (`r#type`): `emit::ident` makes such names with `Ident::new_raw`.
pub fn is_raw_keyword(ident: &str) -> bool {
    RAW_KEYWORDS.contains(&ident)
}

/// Replaces everything that is not a letter or digit by a word break, so that
/// `$ref`, `foo.bar` and `a-b c` all case-convert predictably.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if ch == '+' {
            out.push_str(" plus ");
        } else if ch == '-' && out.is_empty() {
            out.push_str("minus ");
        } else {
            out.push(' ');
        }
    }
    out
}

/// Makes a case-converted word a valid identifier: never empty, never
/// starting with a digit, never a keyword that cannot be raw.
fn finish(mut cased: String, empty: &str, digit_prefix: &str) -> String {
    if cased.is_empty() {
        return empty.to_string();
    }
    if cased.chars().all(|c| c.is_ascii_digit() || c == '_') && digit_prefix == "_" {
        // `_404` would read as an unused binding (clippy's
        // `just_underscores_and_digits`): a word in front instead.
        cased.insert_str(0, "value_");
    } else if cased.starts_with(|c: char| c.is_ascii_digit()) {
        cased.insert_str(0, digit_prefix);
    }
    if UNRAWABLE_KEYWORDS.contains(&cased.as_str()) {
        cased.push('_');
    }
    cased
}

/// A scope in which every name is handed out once: the fields of one struct,
/// the variants of one enum, the types of one module, the arguments of one
/// function. A name already taken gets the lowest free numeric suffix, so the
/// outcome depends only on the order names are claimed in.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves a name without handing it out (e.g. `Client` in the types namespace).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`, ... if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        // A type name kept from a keyword (`Self_`) loses its underscore
        // before the number: `Self_2` is not UpperCamelCase.
        let base = match wanted.strip_suffix('_') {
            Some(base) if wanted.starts_with(|c: char| c.is_ascii_uppercase()) => base,
            _ => wanted,
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_keyword_type_name_gets_a_camel_case_number() {
        let mut names = Namespace::new();
        assert_eq!(names.claim(&type_name("self")), "Self_");
        assert_eq!(names.claim(&type_name("Self")), "Self2");
        let mut values = Namespace::new();
        assert_eq!(values.claim(&value_name("self")), "self_");
        assert_eq!(values.claim(&value_name("Self")), "self_2");
    }

    #[test]
    fn every_keyword_becomes_a_usable_identifier() {
        for kw in RAW_KEYWORDS {
            let name = value_name(kw);
            assert_eq!(&name, kw, "raw keywords keep their spelling");
            assert!(is_raw_keyword(&name));
            syn::parse_str::<syn::Ident>(&format!("r#{name}")).unwrap();
        }
        for (raw, expected) in [("self", "self_"), ("super", "super_"), ("crate", "crate_")] {
            assert_eq!(value_name(raw), expected);
            syn::parse_str::<syn::Ident>(expected).unwrap();
        }
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(value_name("_"), "value");
    }

    fn assert_parses(name: &str) {
        let spelled = if is_raw_keyword(name) {
            format!("r#{name}")
        } else {
            name.to_string()
        };
        syn::parse_str::<syn::Ident>(&spelled).unwrap();
    }

    #[test]
    fn punctuation_digits_and_empty_names() {
        let cases = [
            ("", "value", "Type"),
            ("$ref", "ref", "Ref"),
            ("@type", "type", "Type"),
            ("123abc", "_123abc", "T123abc"),
            ("foo.bar-baz qux", "foo_bar_baz_qux", "FooBarBazQux"),
            ("+1", "plus_1", "Plus1"),
            ("-1", "minus_1", "Minus1"),
            ("*/", "value", "Type"),
            ("\"quoted\"", "quoted", "Quoted"),
            ("#[attr]", "attr", "Attr"),
            ("dtCreated", "dt_created", "DtCreated"),
            ("ÄÖÜ", "value", "Type"),
        ];
        for (raw, value, ty) in cases {
            assert_eq!(value_name(raw), value, "value name of {raw:?}");
            assert_eq!(type_name(raw), ty, "type name of {raw:?}");
            assert_parses(&value_name(raw));
            assert_parses(&type_name(raw));
        }
    }

    #[test]
    fn namespace_resolves_collisions_in_claim_order() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim(&value_name("fooBar")), "foo_bar");
        assert_eq!(ns.claim(&value_name("foo_bar")), "foo_bar2");
        assert_eq!(ns.claim(&value_name("FOO-BAR")), "foo_bar3");
        ns.reserve("Client");
        assert_eq!(ns.claim("Client"), "Client2");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
    }
}
