//! A blank line between items, which prettyplease does not write: after a
//! module's inner docs and attributes, between the items of a module, and
//! between the items of an `impl` or `trait` block. `use` statements and
//! `mod` declarations that follow one another stay together, and the
//! fields and variants of a type, and the statements of a function body,
//! are left as they are.
//!
//! The pass reads prettyplease's output line by line. It relies on what
//! prettyplease always does: four spaces of indentation per level, one
//! item or statement starting per line, a block's closing `}` on a line of
//! its own at the indentation of what it closes, and string literals that
//! never span lines (the generator writes no raw or multi-line strings).

/// `text` with a blank line before every item that follows another item.
pub fn separate_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && starts_new_item(&lines[..i], &lines[i..]) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether `after[0]` starts an item (its docs, attributes or first line)
/// that follows the end of another one, `before`'s last line.
fn starts_new_item(before: &[&str], after: &[&str]) -> bool {
    let (previous, line) = (before[before.len() - 1], after[0]);
    let indent = indentation(line);
    let (previous_text, text) = (previous.trim_start(), line.trim_start());
    if previous_text.is_empty() || text.is_empty() {
        return false;
    }
    // The end of a module's inner docs or inner attributes.
    if indentation(previous) == indent {
        for inner in ["//!", "#!["] {
            if previous_text.starts_with(inner) && !text.starts_with(inner) {
                return true;
            }
        }
    }
    let ends_item = !previous_text.starts_with("//")
        && (previous_text.ends_with(';') || previous_text.ends_with('}'))
        && indentation(previous) >= indent;
    if !ends_item || !starts_item(text) {
        return false;
    }
    // Consecutive `use` statements and `mod` declarations form one group.
    let next = item_keyword(after);
    let last = previous_item_keyword(before, indent);
    !(next == last && matches!(next, Some("use" | "mod")) && previous_text.ends_with(';'))
}

/// Whether a line begins an item: its docs, an attribute, or the item.
fn starts_item(text: &str) -> bool {
    text.starts_with("///") || text.starts_with("#[") || keyword(text).is_some()
}

/// The keyword of an item's first line (`fn`, `impl`, `use`...), after its
/// visibility and qualifiers.
fn keyword(text: &str) -> Option<&'static str> {
    let mut rest = text;
    if let Some(after) = rest.strip_prefix("pub") {
        rest = match after.strip_prefix('(') {
            Some(scope) => scope.split_once(") ")?.1,
            None => after.strip_prefix(' ')?,
        };
    }
    for qualifier in ["async ", "unsafe "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    const KEYWORDS: &[&str] = &[
        "fn", "struct", "enum", "union", "impl", "trait", "type", "const", "static", "mod", "use",
    ];
    KEYWORDS.iter().copied().find(|keyword| {
        rest.strip_prefix(keyword)
            .is_some_and(|after| after.starts_with([' ', '<']))
    })
}

/// The keyword of the item starting at `lines[0]`, after its docs and
/// attributes.
fn item_keyword(lines: &[&str]) -> Option<&'static str> {
    lines
        .iter()
        .map(|line| line.trim_start())
        .find(|text| !text.starts_with("///") && !text.starts_with("#["))
        .and_then(keyword)
}

/// The keyword of the item ending at the last of `lines`: the nearest line
/// above at indentation `indent` that is neither the continuation of a
/// signature nor a closing bracket.
fn previous_item_keyword(lines: &[&str], indent: usize) -> Option<&'static str> {
    lines
        .iter()
        .rev()
        .find(|line| {
            let text = line.trim_start();
            indentation(line) == indent && !text.starts_with(['}', ')', ']'])
        })
        .and_then(|line| keyword(line.trim_start()))
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::separate_items;
    use crate::render::pass_lines;

    #[test]
    fn items_of_modules_and_impls_are_separated() {
        let module = [
            "//! Docs.",
            "use a::b;",
            "use c::{",
            "    d,",
            "};",
            "/// S.",
            "#[derive(Debug)]",
            "pub struct S {",
            "    /// F.",
            "    f: u8,",
            "    g: u8,",
            "}",
            "impl S {",
            "    const C: u8 = 1;",
            "    pub(crate) fn f(&self) -> u8 {",
            "        let x = 1;",
            "        if x > 0 {",
            "            x",
            "        }",
            "        x",
            "    }",
            "    fn g() {}",
            "}",
            "const X: &Set = &SET",
            "    .remove(1);",
            "#[rustfmt::skip]",
            "mod a;",
            "pub mod b;",
        ];
        // Blank lines go before these lines of `module`, and nowhere else.
        let blank_before = [1, 5, 12, 14, 21, 23, 25];
        let mut expected = Vec::new();
        for (i, line) in module.iter().enumerate() {
            if blank_before.contains(&i) {
                expected.push(String::new());
            }
            expected.push(line.to_string());
        }
        assert_eq!(pass_lines(separate_items, &module), expected);
    }

    #[test]
    fn docs_and_statements_are_left_alone() {
        let lines = [
            "/// a;",
            "/// b}",
            "fn f() {",
            "    let a = 1;",
            "    async move {}",
            "}",
        ];
        assert_eq!(pass_lines(separate_items, &lines), lines);
    }
}
