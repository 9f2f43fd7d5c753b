//! Located messages about a spec: what is wrong, where in the document
//! (JSON pointer) and, when it can be had, where in the file (line:column).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A position in the spec file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// JSON pointer into the document, e.g. `/paths/~1pets/get/responses`.
    pub pointer: String,
    /// The file the pointer refers to, as the user named it.
    pub file: String,
    pub position: Option<LineColumn>,
    /// The line at `position`, as shown under the message.
    pub snippet: Option<Snippet>,
}

/// A window of a source line around a column (bounded, however long the
/// line: minified JSON is one line), and the caret under the token there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// What is shown, with control characters as spaces.
    pub text: String,
    /// Characters before the caret.
    pub caret_offset: usize,
    /// Width of the caret (the token at the column).
    pub caret_len: usize,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            pointer: pointer.into(),
            file: String::new(),
            position: None,
            snippet: None,
        }
    }

    pub fn warning(message: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message, pointer)
        }
    }

    /// A spec-quality problem the generator can work around: under
    /// `strict` an error that names the problem, otherwise a warning that
    /// also says what the generator does instead.
    pub fn quality(strict: bool, problem: &str, fallback: &str, pointer: &str) -> Self {
        if strict {
            Self::error(problem, pointer)
        } else {
            Self::warning(format!("{problem}; {fallback}"), pointer)
        }
    }

    pub fn at(mut self, position: Option<LineColumn>) -> Self {
        self.position = position;
        self
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }

    /// Attaches the line the diagnostic points at (call after [`at`](Self::at)).
    pub fn with_source_line(mut self, line: Option<&str>) -> Self {
        self.snippet = line
            .zip(self.position)
            .map(|(line, position)| snippet(line, position.column));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message, place and pointer on one line, for outputs that take
    /// one line per message (`cargo:warning=` in build scripts).
    pub fn one_line(&self) -> String {
        let place = match self.position {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.column),
            None => self.file.clone(),
        };
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        printable(&format!("{} ({place}, at #{pointer})", self.message))
    }
}

/// Rendered in the style of rustc:
///
/// ```text
/// error: dangling `$ref: #/components/schemas/Missing`: ...
///   --> spec.yaml:14:11
///    |
/// 14 |           $ref: "#/components/schemas/Missing"
///    |           ^^^^
///    = at #/components/schemas/Pet/properties/owner/$ref
/// ```
///
/// Spec text inside messages is shown with control characters escaped, so a
/// hostile spec cannot forge lines of output.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", printable(&self.message))?;
        let file = printable(&self.file);
        let gutter = match (self.position, &self.snippet) {
            (Some(p), Some(snippet)) => {
                writeln!(f, "  --> {file}:{}:{}", p.line, p.column)?;
                let gutter = p.line.to_string().len().max(2);
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{:>gutter$} | {}", p.line, snippet.text)?;
                writeln!(
                    f,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(snippet.caret_offset),
                    "^".repeat(snippet.caret_len)
                )?;
                gutter
            }
            (Some(p), None) => {
                writeln!(f, "  --> {file}:{}:{}", p.line, p.column)?;
                2
            }
            (None, _) => {
                writeln!(f, "  --> {file}")?;
                2
            }
        };
        let pointer = if self.pointer.is_empty() {
            "(document root)".to_string()
        } else {
            printable(&self.pointer)
        };
        write!(f, "{:gutter$} = at #{pointer}", "")
    }
}

/// Longest stretch of a source line shown; longer lines (minified JSON)
/// are cut to a window around the column.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` to show, and where (in characters) and how wide the
/// caret goes under it. `column` is 1-based.
fn snippet(line: &str, column: usize) -> Snippet {
    let len = line.chars().count();
    let at = column.saturating_sub(1).min(len);
    let start = at.saturating_sub(SNIPPET_WIDTH / 2);
    let end = (start + SNIPPET_WIDTH).min(len);
    let chars: Vec<char> = line
        .chars()
        .skip(start)
        .take(end - start)
        .map(visible)
        .collect();
    let mut text: String = chars.iter().collect();
    let mut caret_offset = at - start;
    if start > 0 {
        text.insert(0, '…');
        caret_offset += 1;
    }
    if end < len {
        text.push('…');
    }
    let caret_len = token_len(&chars[at - start..]).max(1);
    Snippet {
        text: text.trim_end().to_string(),
        caret_offset,
        caret_len,
    }
}

/// The length of the token starting a text: a quoted string with its
/// quotes, or a plain word up to the next separator.
fn token_len(chars: &[char]) -> usize {
    match chars.first() {
        Some(&quote @ ('"' | '\'')) => chars[1..]
            .iter()
            .position(|&c| c == quote)
            .map_or(chars.len(), |end| end + 2),
        _ => chars
            .iter()
            .position(|&c| matches!(c, ' ' | ':' | ',' | ']' | '}' | '[' | '{'))
            .unwrap_or(chars.len()),
    }
}

/// One character of a source line as shown: control and bidirectional
/// formatting characters become spaces, so the caret stays aligned and the
/// terminal shows what the file holds.
fn visible(c: char) -> char {
    let bidi =
        matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if c.is_control() || bidi {
        ' '
    } else {
        c
    }
}

/// Text from a spec as shown in a message: control characters escaped.
fn printable(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || visible(c) != c) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() || visible(c) != c {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_position_and_pointer() {
        let d = Diagnostic::error("bad thing", "/a/b")
            .in_file("spec.yaml")
            .at(Some(LineColumn { line: 3, column: 5 }));
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> spec.yaml:3:5\n   = at #/a/b"
        );
    }

    #[test]
    fn display_shows_the_line_with_a_caret_under_the_token() {
        let d = Diagnostic::warning("no such schema", "/a/$ref")
            .in_file("spec.yaml")
            .at(Some(LineColumn {
                line: 14,
                column: 11,
            }))
            .with_source_line(Some("          $ref: '#/x'"));
        let expected = "warning: no such schema\n  --> spec.yaml:14:11\n   |\n14 |           $ref: '#/x'\n   |           ^^^^\n   = at #/a/$ref";
        assert_eq!(d.to_string(), expected);
    }

    #[test]
    fn quoted_tokens_are_underlined_with_their_quotes() {
        let shown = |s: Snippet| (s.text, s.caret_offset, s.caret_len);
        assert_eq!(
            shown(snippet("  \"$ref\": 1", 3)),
            ("  \"$ref\": 1".into(), 2, 6)
        );
        assert_eq!(shown(snippet("x", 9)), ("x".into(), 1, 1));
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let Snippet {
            text: shown,
            caret_offset: offset,
            caret_len: len,
        } = snippet(&line, 501);
        assert!(shown.chars().count() <= SNIPPET_WIDTH + 2, "{shown}");
        assert_eq!(shown.chars().nth(offset), Some('T'));
        // The caret stops where the window does.
        assert_eq!(offset + len, shown.chars().count() - 1);
    }

    #[test]
    fn one_line_form_for_build_scripts() {
        let d = Diagnostic::warning("odd\nthing", "/a")
            .in_file("s.yaml")
            .at(Some(LineColumn { line: 2, column: 3 }))
            .with_source_line(Some("  x: 1"));
        assert_eq!(d.one_line(), "odd\\u{a}thing (s.yaml:2:3, at #/a)");
    }

    #[test]
    fn hostile_text_cannot_forge_output_lines() {
        let d = Diagnostic::error("bad `a\nerror: fake`", "/x\u{202e}")
            .in_file("s.yaml")
            .at(Some(LineColumn { line: 1, column: 1 }))
            .with_source_line(Some("a\tb\u{202e}c"));
        let text = d.to_string();
        assert_eq!(
            text.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{text}"
        );
        assert!(text.contains("a\\u{a}error: fake"), "{text}");
        assert!(text.contains(" 1 | a b c"), "{text}");
        assert!(!text.contains('\u{202e}'), "{text}");
    }
}
