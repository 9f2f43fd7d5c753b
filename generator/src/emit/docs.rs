//! Spec texts → rustdoc that renders as written and never trips a rustdoc
//! lint: placeholders like `<string>` are not HTML, `[x]` is not an
//! intra-doc link, bare URLs become autolinks, and nothing becomes a doctest.

use crate::render::doc_wrap::list_marker;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = ...]` attributes for an optional text.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => lines_to_attrs(&sanitize(text)),
        None => TokenStream::new(),
    }
}

/// `#[doc = ...]` attributes for text the generator wrote itself (no escaping).
pub fn own_doc(text: &str) -> TokenStream {
    // The generator's texts quote names and URLs from the spec; a control
    // character among them must not reach the generated file.
    if text.chars().any(|c| c != '\n' && c.is_control()) {
        let clean: String = text
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        return lines_to_attrs(&clean);
    }
    lines_to_attrs(text)
}

/// The doc of an enum variant: its value on the wire (`text`, written by
/// the generator), after the spec's description of it when it has one.
pub fn value_doc(text: &str, description: Option<&str>) -> TokenStream {
    match description {
        Some(description) => {
            let described = sanitize(description);
            lines_to_attrs(&format!("{described}\n\n{text}"))
        }
        None => own_doc(text),
    }
}

/// Inner `#![doc = ...]` attributes for a crate's docs (already sanitized).
pub fn crate_doc(text: &str) -> TokenStream {
    let lines = padded_lines(text);
    quote!(#(#![doc = #lines])*)
}

fn lines_to_attrs(text: &str) -> TokenStream {
    let lines = padded_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// `/// text` reads better than `///text`.
fn padded_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Makes a spec text safe for rustdoc while keeping its Markdown.
pub fn sanitize(text: &str) -> String {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut lists = ListIndents::default();
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence becomes `text`, so rustdoc never compiles it. It
            // is written at the margin, which ends any list.
            out.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            lists = ListIndents::default();
        } else if in_fence {
            out.push(line.to_string());
        } else {
            let indent = lists.indent(line.len() - trimmed.len(), trimmed);
            out.push(format!("{}{}", " ".repeat(indent), escape_inline(trimmed)));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// The list items open at a line of a spec's text, to indent the line by.
///
/// Markdown reads a line as part of a list item when it is indented at
/// least to the item's content, however much more (up to a code block).
/// Specs indent such paragraphs and nested lists by 2, 3 or 4 spaces;
/// clippy's `doc_overindented_list_items` wants them exactly at the
/// item's content. Outside lists, four spaces would start a code block (a
/// doctest), so a line is indented by three at most.
#[derive(Default)]
struct ListIndents {
    /// The open items, outermost first: where each one's content starts in
    /// the spec's text, and where it starts as written.
    open: Vec<(usize, usize)>,
    after_blank: bool,
}

impl ListIndents {
    /// The indentation to write the line `text` with, indented by `indent`
    /// in the spec's text.
    fn indent(&mut self, indent: usize, text: &str) -> usize {
        if text.is_empty() {
            self.after_blank = true;
            return 0;
        }
        let after_blank = std::mem::replace(&mut self.after_blank, false);
        let marker = list_marker(text);
        // A new item, or a paragraph after a blank line, belongs to the
        // innermost item it is indented to and closes those it is not; a
        // line right after text continues that text's item.
        if marker.is_some() || after_blank {
            while self.open.last().is_some_and(|&(from, _)| from > indent) {
                self.open.pop();
            }
        }
        let written = self.open.last().map_or(indent.min(3), |&(_, to)| to);
        if let Some(content) = marker {
            self.open.push((indent + content, written + content));
        }
        written
    }
}

/// Escapes one line outside code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(link_len) = markdown_link_len(rest) {
            out.push_str(&rest[..link_len]);
            rest = &rest[link_len..];
            continue;
        }
        if let Some(url_len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        match c {
            '<' | '>' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unclosed backtick would swallow the escapes above it; close it.
        out.push('`');
    }
    out
}

/// Length of a `[text](https://...)` link at the start of `s`, kept as is.
fn markdown_link_len(s: &str) -> Option<usize> {
    if !s.starts_with('[') {
        return None;
    }
    let close = s.find("](")?;
    let text = &s[1..close];
    if text.contains(['[', ']', '<', '>', '`']) {
        return None;
    }
    let end = close + 2 + s[close + 2..].find(')')?;
    let target = &s[close + 2..end];
    let is_web = target.starts_with("https://") || target.starts_with("http://");
    (is_web && !target.contains([' ', '<', '>', '('])).then_some(end + 1)
}

/// Length of a bare URL at the start of `s`, without trailing punctuation.
fn url_len(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '(' | ')' | '[' | ']')
        })
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(sanitize("id is <string>"), "id is \\<string\\>");
        assert_eq!(sanitize("see [Foo] now"), "see \\[Foo\\] now");
        assert_eq!(sanitize("a `<b>` c"), "a `<b>` c");
        assert_eq!(
            sanitize("go to https://m3ter.com."),
            "go to <https://m3ter.com>."
        );
        assert_eq!(
            sanitize("[docs](https://x.io/a) and [b](c)"),
            "[docs](https://x.io/a) and \\[b\\](c)"
        );
        assert_eq!(sanitize("C:\\path"), "C:\\\\path");
        assert_eq!(sanitize("odd ` tick"), "odd ` tick`");
    }

    #[test]
    fn never_produces_code_blocks_that_rustdoc_would_compile() {
        assert_eq!(sanitize("text\n\n        code()"), "text\n\n   code()");
        assert_eq!(sanitize("```\nlet x;\n```"), "```text\nlet x;\n```");
        assert_eq!(sanitize("```rust\nfn"), "```text\nfn\n```");
    }

    #[test]
    fn indents_what_continues_a_list_item_to_the_item_s_content() {
        // A paragraph of the item, indented past its content.
        assert_eq!(
            sanitize("- `pin`: a code\n\n    More on it.\n- `name`: a name"),
            "- `pin`: a code\n\n  More on it.\n- `name`: a name"
        );
        // A nested list and a paragraph of its item.
        assert_eq!(
            sanitize("1. one\n     - a\n\n        text\n2. two"),
            "1. one\n   - a\n\n     text\n2. two"
        );
        // A paragraph at the margin ends the list; one indented less than
        // any item's content is no code block either.
        assert_eq!(
            sanitize("- a\n\nafter\n\n      not code"),
            "- a\n\nafter\n\n   not code"
        );
        // A lazy continuation line stays with its item.
        assert_eq!(sanitize("- a\nb"), "- a\n  b");
    }

    #[test]
    fn keeps_lists_and_drops_control_characters() {
        assert_eq!(
            sanitize("The version:\r\n- Create: 1\n- Update: +1\u{0}\u{7}"),
            "The version:\n- Create: 1\n- Update: +1"
        );
    }
}
