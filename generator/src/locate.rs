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
    // A parse error after the nodes were found does not matter; one before
    // them means their positions cannot be had.
    let _ = parser.load(&mut finder, false);
    finder.found
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { next_index: usize },
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
    fn current_pointer(&self) -> String {
        self.stack
            .iter()
            .fold(String::new(), |pointer, frame| match frame {
                Frame::Mapping { key } => {
                    push_pointer(&pointer, key.as_deref().unwrap_or_default())
                }
                Frame::Sequence { next_index } => push_pointer(&pointer, &next_index.to_string()),
            })
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
        let is_key = match self.stack.last_mut() {
            Some(Frame::Mapping { key }) if key.is_none() => {
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
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) => *key = None,
            Some(Frame::Sequence { next_index }) => *next_index += 1,
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
                self.stack.push(Frame::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.begin_node(None, mark);
                self.stack.push(Frame::Sequence { next_index: 0 });
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
    fn finds_keys_in_json() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c"), at(3, 15));
    }
}
