//! Finds the line and column of a JSON pointer in a YAML or JSON text.
//!
//! The spec itself is parsed without positions (that is the fast path); only
//! when a diagnostic needs a position is the text read once more, as a
//! stream of YAML events that carry their source marks.

use crate::diagnostic::{pointer_segments, LineColumn};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The position of the node at `pointer` (for a mapping entry, of its key).
pub fn locate(text: &str, pointer: &str) -> Option<LineColumn> {
    let target = pointer_segments(pointer);
    let mut finder = Finder {
        target,
        stack: Vec::new(),
        found: None,
    };
    let mut parser = Parser::new_from_str(text);
    // A parse error after the node was found does not matter; one before it
    // means the position cannot be had.
    let _ = parser.load(&mut finder, false);
    finder.found
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { next_index: usize },
}

struct Finder {
    target: Vec<String>,
    /// Path segments of the enclosing containers' current entries.
    stack: Vec<Frame>,
    found: Option<LineColumn>,
}

impl Finder {
    fn current_path(&self) -> impl Iterator<Item = String> + '_ {
        self.stack.iter().map(|frame| match frame {
            Frame::Mapping { key } => key.clone().unwrap_or_default(),
            Frame::Sequence { next_index } => next_index.to_string(),
        })
    }

    fn path_is_target(&self) -> bool {
        self.stack.len() == self.target.len() && self.current_path().eq(self.target.iter().cloned())
    }

    fn record(&mut self, mark: Marker) {
        if self.found.is_none() && self.path_is_target() {
            self.found = Some(LineColumn {
                line: mark.line(),
                column: mark.col() + 1,
            });
        }
    }

    /// Called before a node that is a key or a value, with its mark.
    /// Returns true when the node is a mapping key.
    fn begin_node(&mut self, scalar: Option<&str>, mark: Marker) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) if key.is_none() => {
                *key = Some(scalar.unwrap_or_default().to_string());
                self.record(mark);
                true
            }
            Some(_) => {
                self.record(mark);
                false
            }
            None => {
                self.record(mark);
                false
            }
        }
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
        if self.found.is_some() {
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
    fn finds_keys_in_json() {
        let json = "{\n  \"a\": {\n    \"b\": [1, {\"c\": 2}]\n  }\n}";
        assert_eq!(locate(json, "/a/b/1/c"), at(3, 15));
    }
}
