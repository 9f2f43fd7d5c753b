//! Finds the line and column of a JSON pointer in a YAML or JSON text.
//!
//! The spec itself is parsed without positions (that is the fast path); only
//! when a diagnostic needs a position is the text read once more, as a
//! stream of YAML events that carry their source marks.

use crate::diagnostic::{push_pointer, LineColumn};
use std::collections::HashMap;
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
    let mut wanted: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, pointer) in pointers.iter().enumerate() {
        wanted.entry(pointer.to_string()).or_default().push(i);
    }
    let mut finder = Finder {
        wanted,
        stack: Vec::new(),
        found: vec![None; pointers.len()],
        remaining: pointers.len(),
    };
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
    finder.found
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

    fn record(&mut self, mark: Marker) {
        if let Some(requests) = self.wanted.remove(&self.current_pointer()) {
            let position = LineColumn {
                line: mark.line(),
                column: mark.col() + 1,
            };
            for i in requests {
                self.found[i] = Some(position);
                self.remaining -= 1;
            }
        }
    }

    /// Called before a node that is a key or a value, with its mark.
    /// Returns true when the node is a mapping key.
    fn begin_node(&mut self, scalar: Option<&str>, mark: Marker) -> bool {
        let is_key = match self.stack.last_mut().map(|f| &mut f.entry) {
            Some(Entry::Mapping { key }) if key.is_none() => {
                *key = Some(scalar.unwrap_or_default().to_string());
                true
            }
            _ => false,
        };
        self.record(mark);
        is_key
    }

    /// A scalar or alias: a key, or a complete value.
    fn leaf(&mut self, scalar: Option<&str>, mark: Marker) {
        let is_key = self.begin_node(scalar, mark);
        if !is_key {
            self.end_value();
        }
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
        match event {
            Event::Scalar(value, ..) => self.leaf(Some(&value), mark),
            Event::Alias(_) => self.leaf(None, mark),
            Event::MappingStart(..) => {
                self.begin_node(None, mark);
                self.open(Entry::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.begin_node(None, mark);
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

    #[test]
    fn finds_keys_in_json() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c"), at(3, 15));
    }
}
