//! Finds the line and column of a JSON pointer in a YAML or JSON text.
//!
//! The spec itself is parsed without positions (that is the fast path); only
//! when a diagnostic needs a position is the text read once more, as a
//! stream of YAML events that carry their source marks. JSON text is
//! scanned directly instead ([`scan_json`]): the YAML parser reads it ten
//! times slower, and big specs are mostly JSON.

use crate::diagnostic::LineColumn;
use crate::pointer::push_pointer;
use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The position of the node at `pointer` (for a mapping entry, of its key).
#[cfg(test)]
pub fn locate(text: &str, pointer: &str) -> Option<LineColumn> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The positions of many pointers, found in one pass over the text (a spec
/// with a thousand warnings is read once, not a thousand times).
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<LineColumn>> {
    let mut finder = Finder::new(pointers);
    if finder.remaining == 0 {
        return finder.found;
    }
    if text.trim_start().starts_with('{') {
        scan_json(text, &mut finder);
    } else {
        scan_yaml(text, &mut finder);
    }
    finder.found
}

fn scan_yaml(text: &str, finder: &mut Finder) {
    let mut parser = Parser::new_from_str(text);
    // Events are pulled one by one rather than with `Parser::load`, which
    // recurses once per nesting level. A parse error after the nodes were
    // found does not matter; one before them means their positions cannot
    // be had.
    while finder.remaining > 0 {
        match parser.next_token() {
            Ok((Event::StreamEnd | Event::DocumentEnd, _)) | Err(_) => break,
            Ok((event, mark)) => finder.on_event(event, mark),
        }
    }
}

/// Feeds `finder` the nodes of a JSON text with the positions the YAML
/// parser gives them (the first character of a key, a scalar, `{` or `[`;
/// columns in characters; `\r\n` and a lone `\r` end a line as `\n` does).
/// Stops at the first byte that is not JSON, like the YAML path at a parse
/// error. Containers that hold no wanted node are skipped over without
/// building their pointers.
fn scan_json(text: &str, finder: &mut Finder) {
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: 1,
        column: 1,
    };
    // The wanted pointers and all their ancestors.
    let mut on_the_way = HashSet::new();
    for pointer in finder.wanted.keys() {
        on_the_way.insert(pointer.clone());
        for (end, _) in pointer.match_indices('/') {
            on_the_way.insert(pointer[..end].to_string());
        }
    }
    while finder.remaining > 0 {
        scanner.skip_whitespace();
        let position = scanner.position();
        let Some(&byte) = scanner.bytes.get(scanner.at) else {
            return;
        };
        match byte {
            b'{' | b'[' => {
                finder.begin_node(None, position);
                let pointer = finder.current_pointer();
                if !on_the_way.contains(&pointer) {
                    if !scanner.skip_container() {
                        return;
                    }
                    finder.end_value();
                    continue;
                }
                scanner.advance(1);
                let entry = if byte == b'{' {
                    Entry::Mapping { key: None }
                } else {
                    Entry::Sequence { next_index: 0 }
                };
                finder.stack.push(Frame { pointer, entry });
            }
            b'}' | b']' => {
                scanner.advance(1);
                finder.stack.pop();
                finder.end_value();
            }
            b',' | b':' => scanner.advance(1),
            b'"' => {
                let is_key = finder.expects_key();
                let Some(raw) = scanner.string() else { return };
                // Only a key's text is needed (values are found by position).
                let text = if is_key { unescape(raw) } else { "".into() };
                finder.leaf(Some(&text), position);
            }
            _ => {
                if !scanner.scalar() {
                    return;
                }
                finder.leaf(None, position);
            }
        }
    }
}

/// A JSON string's contents (without quotes) → its text.
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\\') {
        let quoted = format!("\"{raw}\"");
        std::borrow::Cow::Owned(serde_json::from_str(&quoted).unwrap_or_default())
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// A cursor over JSON text that keeps the line and character column.
struct JsonScanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl JsonScanner<'_> {
    fn position(&self) -> LineColumn {
        LineColumn {
            line: self.line,
            column: self.column,
        }
    }

    /// Moves over `n` bytes that hold no line break.
    fn advance(&mut self, n: usize) {
        let end = self.at + n;
        // Continuation bytes of UTF-8 do not start a character.
        let characters = self.bytes[self.at..end]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        self.column += characters;
        self.at = end;
    }

    fn skip_whitespace(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b' ' | b'\t' => self.column += 1,
                b'\n' => self.new_line(),
                b'\r' => {
                    if self.bytes.get(self.at + 1) == Some(&b'\n') {
                        self.at += 1;
                    }
                    self.new_line();
                }
                _ => return,
            }
            self.at += 1;
        }
    }

    fn new_line(&mut self) {
        self.line += 1;
        self.column = 1;
    }

    /// Moves over a string (at its opening quote); returns its raw contents,
    /// or `None` when it is not closed on its line.
    fn string(&mut self) -> Option<&str> {
        let start = self.at + 1;
        let mut end = start;
        loop {
            match *self.bytes.get(end)? {
                b'"' => break,
                b'\\' => end += 2,
                b'\n' | b'\r' => return None,
                _ => end += 1,
            }
        }
        let raw = self.text.get(start..end)?;
        self.advance(end + 1 - self.at);
        Some(raw)
    }

    /// Moves over the container whose `{` or `[` is next, nested ones and
    /// strings included; false when it is not closed.
    fn skip_container(&mut self) -> bool {
        let mut depth = 0_usize;
        let mut in_string = false;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'\n' => {
                    self.new_line();
                    self.at += 1;
                    continue;
                }
                b'\r' => {
                    self.at += 1 + usize::from(self.bytes.get(self.at + 1) == Some(&b'\n'));
                    self.new_line();
                    continue;
                }
                b'\\' if in_string => {
                    // The escaped character is ASCII in valid JSON.
                    self.advance(1);
                }
                b'"' => in_string = !in_string,
                b'{' | b'[' if !in_string => depth += 1,
                b'}' | b']' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        self.advance(1);
                        return true;
                    }
                }
                _ => {}
            }
            if self.at < self.bytes.len() {
                self.advance(1);
            }
        }
        false
    }

    /// Moves over a number, `true`, `false` or `null`; false when there is
    /// none.
    fn scalar(&mut self) -> bool {
        let length = self.bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
            .count();
        self.advance(length);
        length > 0
    }
}

/// The lines of a text by 1-based number, indexed once so that many
/// diagnostics can show their line without rescanning the text.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// Line `line` (1-based) without its line break.
    pub fn get(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        let text = self.text.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

enum Entry {
    Mapping { key: Option<String> },
    Sequence { next_index: usize },
}

/// An open container: its own pointer, and which entry is being read.
struct Frame {
    pointer: String,
    entry: Entry,
}

struct Finder {
    /// Pointer → the indices of the requests for it.
    wanted: HashMap<String, Vec<usize>>,
    /// The enclosing containers' current entries.
    stack: Vec<Frame>,
    found: Vec<Option<LineColumn>>,
    remaining: usize,
}

impl Finder {
    /// A finder for `pointers`, by the indices of the requests for each.
    fn new(pointers: &[&str]) -> Self {
        let mut wanted: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, pointer) in pointers.iter().enumerate() {
            wanted.entry(pointer.to_string()).or_default().push(i);
        }
        Finder {
            wanted,
            stack: Vec::new(),
            found: vec![None; pointers.len()],
            remaining: pointers.len(),
        }
    }

    /// The pointer of the node being read; each frame keeps its own, so
    /// this costs one segment, not one per nesting level.
    fn current_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(frame) => match &frame.entry {
                Entry::Mapping { key } => {
                    push_pointer(&frame.pointer, key.as_deref().unwrap_or_default())
                }
                Entry::Sequence { next_index } => {
                    push_pointer(&frame.pointer, &next_index.to_string())
                }
            },
        }
    }

    fn open(&mut self, entry: Entry) {
        let pointer = self.current_pointer();
        self.stack.push(Frame { pointer, entry });
    }

    fn record(&mut self, position: LineColumn) {
        if let Some(requests) = self.wanted.remove(&self.current_pointer()) {
            for i in requests {
                self.found[i] = Some(position);
                self.remaining -= 1;
            }
        }
    }

    /// Called before a node that is a key or a value, with its mark.
    /// Returns true when the node is a mapping key.
    fn begin_node(&mut self, scalar: Option<&str>, position: LineColumn) -> bool {
        let is_key = match self.stack.last_mut().map(|f| &mut f.entry) {
            Some(Entry::Mapping { key }) if key.is_none() => {
                *key = Some(scalar.unwrap_or_default().to_string());
                true
            }
            _ => false,
        };
        self.record(position);
        is_key
    }

    /// A scalar or alias: a key, or a complete value.
    fn leaf(&mut self, scalar: Option<&str>, position: LineColumn) {
        let is_key = self.begin_node(scalar, position);
        if !is_key {
            self.end_value();
        }
    }

    /// Whether the next node is a mapping key.
    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last().map(|f| &f.entry),
            Some(Entry::Mapping { key: None })
        )
    }

    /// Called after a value node is complete.
    fn end_value(&mut self) {
        match self.stack.last_mut().map(|f| &mut f.entry) {
            Some(Entry::Mapping { key }) => *key = None,
            Some(Entry::Sequence { next_index }) => *next_index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Finder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.remaining == 0 {
            return;
        }
        let position = LineColumn {
            line: mark.line(),
            column: mark.col() + 1,
        };
        match event {
            Event::Scalar(value, ..) => self.leaf(Some(&value), position),
            Event::Alias(_) => self.leaf(None, position),
            Event::MappingStart(..) => {
                self.begin_node(None, position);
                self.open(Entry::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.begin_node(None, position);
                self.open(Entry::Sequence { next_index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.end_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      tags: [x, y]\n      responses:\n        '200':\n          description: ok\n";

    fn at(line: usize, column: usize) -> Option<LineColumn> {
        Some(LineColumn { line, column })
    }

    #[test]
    fn finds_keys_and_sequence_items_in_yaml() {
        assert_eq!(locate(YAML, "/openapi"), at(1, 1));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get"), at(4, 5));
        assert_eq!(locate(YAML, "/paths/~1a~1{id}/get/tags/1"), at(5, 17));
        assert_eq!(
            locate(YAML, "/paths/~1a~1{id}/get/responses/200/description"),
            at(8, 11)
        );
        assert_eq!(locate(YAML, "/paths/~1b"), None);
    }

    #[test]
    fn finds_many_pointers_in_one_pass() {
        let found = locate_all(
            YAML,
            &["/paths/~1a~1{id}/get", "/nope", "/openapi", "/openapi"],
        );
        assert_eq!(found, vec![at(4, 5), None, at(1, 1), at(1, 1)]);
    }

    #[test]
    fn lines_by_number() {
        let lines = Lines::new("a\r\nbb\n\nc");
        assert_eq!(lines.get(1), Some("a"));
        assert_eq!(lines.get(2), Some("bb"));
        assert_eq!(lines.get(3), Some(""));
        assert_eq!(lines.get(4), Some("c"));
        assert_eq!(lines.get(0), None);
        assert_eq!(lines.get(5), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        // `- - - x` nests block sequences on one line.
        let text = format!("{}x", "- ".repeat(20_000));
        assert_eq!(locate(&text, "/0/0/0"), at(1, 7));
        assert_eq!(locate(&text, "/1"), None);
    }

    /// Every pointer into `value`, in document order.
    fn all_pointers(value: &serde_json::Value, pointer: String, out: &mut Vec<String>) {
        let children: Vec<(String, &serde_json::Value)> = match value {
            serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        for (segment, child) in children {
            let child_pointer = push_pointer(&pointer, &segment);
            out.push(child_pointer.clone());
            all_pointers(child, child_pointer, out);
        }
    }

    /// The JSON scanner finds what the YAML parser finds, for every node.
    fn assert_json_scan_matches_yaml(text: &str) {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut pointers = Vec::new();
        all_pointers(&value, String::new(), &mut pointers);
        pointers.push("/missing".to_string());
        let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let run = |scan: fn(&str, &mut Finder)| {
            let mut finder = Finder::new(&pointers);
            scan(text, &mut finder);
            finder.found
        };
        let (json, yaml) = (run(scan_json), run(scan_yaml));
        // Alone, a pointer is found where it is among all (the containers
        // around it are skipped then).
        let step = pointers.len() / 200 + 1;
        for (pointer, found) in pointers.iter().zip(&json).step_by(step) {
            assert_eq!(locate(text, pointer), *found, "{pointer} alone");
        }
        for ((pointer, json), yaml) in pointers.iter().zip(json).zip(yaml) {
            // The YAML parser gives up on some valid JSON; then the scan
            // finds more.
            if yaml.is_some() || json.is_none() {
                let start: String = text.chars().take(80).collect();
                assert_eq!(json, yaml, "{pointer} in {start:?}");
            }
        }
    }

    #[test]
    fn json_positions_are_those_of_the_yaml_parser() {
        assert_json_scan_matches_yaml(
            "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}, [], {}, -1.5e3, true, null]\n  },\n\t\"d\":\"x\"}",
        );
        assert_json_scan_matches_yaml(concat!(
            r#"{"\u00e9t\u00e9": {"x\"y": "\u00e9\u00e9\u00e9", "a/b~c": ["\n", "日本"]},"#,
            "\r\n",
            r#" "k": 1}"#
        ));
        assert_json_scan_matches_yaml(r#"{"a":[[[[1]]],{"b":{"c":"x"}}],"z":"😀"}"#);
        // The YAML parser rejects escaped surrogate pairs, which JSON allows.
        assert_eq!(
            locate(r#"{"a": "\ud83d\ude00", "z":"😀"}"#, "/z"),
            at(1, 23)
        );
    }

    #[test]
    fn finds_keys_in_json() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c"), at(3, 15));
    }
}
