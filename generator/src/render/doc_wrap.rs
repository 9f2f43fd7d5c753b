//! Doc comments wrapped at one width: every paragraph and list item of a
//! `///` or `//!` block is refilled so that its lines end at column
//! [`WIDTH`] (a word longer than that stands on a line of its own),
//! whether the generator wrote the text or it comes from the spec.
//!
//! Refilling never changes what rustdoc renders: Markdown reads the line
//! breaks inside a paragraph as spaces. So only the breaks between words
//! move, and never where a line could then start something else:
//! - code blocks (fenced), headings, tables, block quotes, HTML, link
//!   definitions, thematic breaks, setext underlines, lines indented as
//!   code, and the paragraph a table row, an underline or a definition
//!   follows are left exactly as they are;
//! - a list item keeps its marker, and its lines continue at the item's
//!   content column;
//! - a line is only broken before a word that cannot start a block (a
//!   letter, a digit that is no list number, a backtick, a bracket...), and
//!   not after a backslash that would make the break a hard one;
//! - runs of spaces (which matter inside code spans) are kept as they are.

/// The column doc lines end at, counting the indentation and `/// `.
pub const WIDTH: usize = 80;

/// The narrowest text a deeply indented doc line is given.
const MIN_TEXT_WIDTH: usize = 40;

/// `text` with its doc comment blocks refilled.
pub fn wrap_docs(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut i = 0;
    while i < lines.len() {
        let Some((indent, marker)) = doc_prefix(lines[i]) else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        };
        let end = i + lines[i..]
            .iter()
            .take_while(|line| doc_prefix(line) == Some((indent, marker)))
            .count();
        let content: Vec<&str> = lines[i..end]
            .iter()
            .map(|line| doc_content(&line[indent.len() + marker.len()..]))
            .collect();
        let width = WIDTH
            .saturating_sub(indent.len() + marker.len() + 1)
            .max(MIN_TEXT_WIDTH);
        for line in refill(&content, width) {
            out.push_str(indent);
            out.push_str(marker);
            if !line.is_empty() {
                out.push(' ');
                out.push_str(&line);
            }
            out.push('\n');
        }
        i = end;
    }
    out
}

/// The indentation and marker (`///` or `//!`) of a doc comment line.
fn doc_prefix(line: &str) -> Option<(&str, &'static str)> {
    let text = line.trim_start();
    let indent = &line[..line.len() - text.len()];
    ["///", "//!"]
        .into_iter()
        .find(|marker| text.starts_with(marker) && !text[3..].starts_with('/'))
        .map(|marker| (indent, marker))
}

/// A doc line's Markdown: the text after the marker, less the one space
/// that separates them.
fn doc_content(after_marker: &str) -> &str {
    after_marker.strip_prefix(' ').unwrap_or(after_marker)
}

/// The Markdown lines of one doc block, paragraphs and list items refilled
/// to `width`.
fn refill(lines: &[&str], width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_fence(line) {
            in_fence = !in_fence;
        }
        if in_fence || is_fence(line) || is_verbatim(line) {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        // A paragraph or a list item: this line and its continuation lines.
        let mut end = i + 1;
        while end < lines.len() && continues(lines[end]) && !ends_with_hard_break(lines[end - 1]) {
            end += 1;
        }
        let followed_by_block = lines
            .get(end)
            .is_some_and(|next| !next.trim().is_empty() && is_verbatim(next) && !is_fence(next));
        if followed_by_block {
            out.extend(lines[i..end].iter().map(|line| line.to_string()));
        } else {
            out.extend(fill(&lines[i..end], width));
        }
        i = end;
    }
    out
}

/// Whether a line ends with a hard line break: a backslash that no other
/// backslash escapes. (Two trailing spaces, the other hard break, do not
/// reach here: prettyplease trims them.)
fn ends_with_hard_break(line: &str) -> bool {
    let backslashes = line.len() - line.trim_end_matches('\\').len();
    backslashes % 2 == 1
}

/// Whether a line continues the paragraph or list item above it.
fn continues(line: &str) -> bool {
    !line.trim().is_empty() && !is_fence(line) && !is_verbatim(line) && list_marker(line).is_none()
}

/// One paragraph or list item refilled: the first line's indentation and
/// list marker kept, the words joined and broken again.
fn fill(lines: &[&str], width: usize) -> Vec<String> {
    let first = lines[0];
    let lead = match list_marker(first) {
        Some(content_start) => content_start,
        None => first.len() - first.trim_start().len(),
    };
    let (head, first_text) = first.split_at(lead);
    let continuation = " ".repeat(head.chars().count());
    let mut text = first_text.trim_end().to_string();
    for line in &lines[1..] {
        text.push(' ');
        text.push_str(line.trim());
    }
    let available = width.saturating_sub(head.chars().count()).max(1);
    break_lines(&text, available)
        .into_iter()
        .enumerate()
        .map(|(n, line)| {
            let lead = if n == 0 { head } else { &continuation };
            format!("{lead}{line}")
        })
        .collect()
}

/// `text` broken at single spaces into lines of at most `width` characters
/// where it can be.
fn break_lines(text: &str, width: usize) -> Vec<&str> {
    // Each possible break: its byte offset, and how many characters precede it.
    let breaks: Vec<(usize, usize)> = text
        .char_indices()
        .enumerate()
        .filter(|&(_, (i, c))| c == ' ' && can_break_at(text, i))
        .map(|(chars, (i, _))| (i, chars))
        .collect();
    let total = text.chars().count();
    let mut lines = Vec::new();
    // Where the current line starts, in bytes and in characters.
    let (mut start, mut start_chars) = (0, 0);
    let mut candidates = breaks.into_iter().peekable();
    while total - start_chars > width {
        let mut chosen = None;
        while let Some(&(at, chars)) = candidates.peek() {
            let fits = chars - start_chars <= width;
            if fits || chosen.is_none() {
                chosen = Some((at, chars));
                candidates.next();
            }
            if !fits {
                break;
            }
        }
        let Some((at, chars)) = chosen else {
            break;
        };
        lines.push(&text[start..at]);
        (start, start_chars) = (at + 1, chars + 1);
    }
    lines.push(&text[start..]);
    lines
}

/// Whether the space at byte `i` of `text` may become a line break: a
/// single space, not after a backslash, before a word that cannot start a
/// block of its own.
fn can_break_at(text: &str, i: usize) -> bool {
    let (before, after) = (&text[..i], &text[i + 1..]);
    let single = !before.ends_with(' ') && !after.starts_with(' ') && !before.is_empty();
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    single && backslashes % 2 == 0 && can_start_line(after)
}

/// Whether a paragraph's line may start with `text`: Markdown reads such a
/// line as the paragraph going on, whatever came before it.
fn can_start_line(text: &str) -> bool {
    let word = text.split(' ').next().unwrap_or("");
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() {
        // `1.` or `1)` would start an ordered list.
        let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
        return !(digits.starts_with('.') || digits.starts_with(')'));
    }
    if first == '[' {
        // `[^1]:` would be a footnote definition.
        return !word.starts_with("[^");
    }
    if first == '`' {
        return !word.starts_with("```");
    }
    if first == '<' {
        return word.starts_with("<http://") || word.starts_with("<https://");
    }
    first.is_alphanumeric()
        || matches!(
            first,
            '(' | '"'
                | '\''
                | '\\'
                | '&'
                | '!'
                | '/'
                | '.'
                | ','
                | ';'
                | '?'
                | '$'
                | '%'
                | '@'
                | '{'
                | '}'
                | ')'
                | ']'
        )
}

/// Where a list item's content starts (after the marker and its spaces),
/// if `line` starts one: `- `, `* `, `+ `, `1. ` or `1) `.
pub(crate) fn list_marker(line: &str) -> Option<usize> {
    let text = line.trim_start();
    let indent = line.len() - text.len();
    if indent > 3 {
        return None;
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker_len = match text.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits) && text[digits..].starts_with(['.', ')']) => digits + 1,
        _ => return None,
    };
    let rest = &text[marker_len..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    // An item with nothing on its first line, or whose content is indented
    // as code, is left as it is (see `is_verbatim`).
    (1..=4)
        .contains(&spaces)
        .then_some(indent + marker_len + spaces)
        .filter(|&start| start < line.len())
}

/// A fence line of a code block.
fn is_fence(line: &str) -> bool {
    let text = line.trim_start();
    text.starts_with("```") || text.starts_with("~~~")
}

/// A line kept as it is, and never joined to another: a blank line, and
/// every block other than a paragraph or list item.
fn is_verbatim(line: &str) -> bool {
    let text = line.trim_start();
    let indent = line.len() - text.len();
    let first = text.chars().next();
    text.is_empty()
        || indent > 3
        || matches!(first, Some('#' | '>' | '|' | ':' | '=' | '_'))
        || has_pipe_outside_code(text)
        || (first == Some('<') && !can_start_line(text))
        || (first == Some('[') && text.contains("]:"))
        || is_break_line(text)
        || (list_marker(line).is_none() && matches!(first, Some('-' | '*' | '+')))
}

/// A thematic break (`***`, `- - -`) or a setext underline (`---`).
fn is_break_line(text: &str) -> bool {
    let trimmed = text.trim_end();
    ['-', '*', '_', '=']
        .into_iter()
        .any(|c| trimmed.chars().all(|d| d == c || d == ' ') && trimmed.contains(c))
}

/// Whether a `|` stands outside code spans (a table's column separator).
fn has_pipe_outside_code(text: &str) -> bool {
    let mut in_code = false;
    text.chars().any(|c| {
        if c == '`' {
            in_code = !in_code;
        }
        c == '|' && !in_code
    })
}

#[cfg(test)]
mod tests {
    use super::wrap_docs;
    use crate::render::pass_lines;

    #[test]
    fn paragraphs_are_refilled_at_the_width() {
        assert_eq!(
            pass_lines(wrap_docs, &[
                "    /// One two three four five six seven eight nine ten eleven twelve thirteen fourteen.",
                "    /// Fifteen.",
                "    ///",
                "    /// Short.",
                "    fn f() {}",
            ]),
            [
                "    /// One two three four five six seven eight nine ten eleven twelve thirteen",
                "    /// fourteen. Fifteen.",
                "    ///",
                "    /// Short.",
                "    fn f() {}",
            ]
        );
    }

    #[test]
    fn list_items_keep_their_marker_and_continue_at_their_content() {
        let tens = "ten ".repeat(18);
        assert_eq!(
            pass_lines(wrap_docs, &[
                "/// - `A_VARIABLE`: the first variable, which is read from the environment when set;",
                "/// - `B`: short",
                &format!("/// 10. {tens}ten"),
            ]),
            [
                "/// - `A_VARIABLE`: the first variable, which is read from the environment when",
                "///   set;",
                "/// - `B`: short",
                &format!("/// 10. {}", tens.trim_end()),
                "///     ten",
            ]
        );
    }

    #[test]
    fn blocks_other_than_paragraphs_are_left_alone() {
        let lines = [
            "//! ```text",
            "//! a very long line of code that must stay exactly as it is, however long it is",
            "//! ```",
            "//! # A heading that is longer than the width of the doc comments, left as is",
            "//! | a | b |",
            "//! |---|---|",
        ];
        assert_eq!(pass_lines(wrap_docs, &lines), lines);
    }

    #[test]
    fn lines_never_start_what_markdown_would_read_as_a_block() {
        // Breaking before `-` or `1.` would start a list: the line breaks
        // earlier (or runs long).
        let (first, second) = (
            format!("/// {} -", "a".repeat(71)),
            format!("/// {} 1. two", "b".repeat(74)),
        );
        let lines = [first.as_str(), second.as_str()];
        let wrapped = pass_lines(wrap_docs, &lines);
        for line in &wrapped {
            let content = line.trim_start_matches("/// ");
            assert!(
                !content.starts_with('-') && !content.starts_with("1."),
                "{wrapped:?}"
            );
        }
        let words = |lines: &[&str]| -> Vec<String> {
            let words = lines.iter().flat_map(|line| line.split_whitespace());
            words
                .filter(|word| *word != "///")
                .map(str::to_string)
                .collect()
        };
        let wrapped: Vec<&str> = wrapped.iter().map(String::as_str).collect();
        assert_eq!(words(&wrapped), words(&lines));
    }

    #[test]
    fn code_spans_keep_their_spaces_and_long_words_their_line() {
        let url = "<https://example.com/a/very/long/path/that/does/not/fit/on/one/line/of/docs>";
        assert_eq!(
            pass_lines(wrap_docs, &[&format!("/// see `a  b` and {url} now")]),
            ["/// see `a  b` and", &format!("/// {url}"), "/// now"]
        );
    }
}
