//! Limits that keep a hostile spec from exhausting memory or time.
//!
//! Nesting depth is limited by the parsers themselves (128 levels in
//! serde_json and serde_yaml); their error is reworded in `load`. But
//! libyaml takes time quadratic in the depth of flow nesting (`[[[[...`)
//! before serde_yaml counts it: 100,000 brackets take minutes. Deep flow
//! nesting is therefore found here first, from the event stream of a parser
//! that stops at the limit. YAML aliases are limited here too: serde_yaml stops exponential "billion laughs"
//! expansion only once it has repeated 100 nodes per node of the file, so a
//! 30 KB file whose one anchor is aliased thousands of times still expands
//! to gigabytes. This module counts the nodes of the expanded document from
//! the event stream, without building it.

use crate::diagnostic::{Diagnostic, LineColumn};
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

/// Nodes an expanded document may have beyond its own: aliases may repeat
/// this much without any limit being felt.
pub const ALIAS_ALLOWANCE: usize = 1_000_000;
/// And the expanded document may be this many times the size of the file's.
pub const ALIAS_FACTOR: usize = 4;

/// An error when the text nests deeper than `max_depth`, located where it
/// does; found without reading further than that.
pub fn depth_problem(text: &str, max_depth: usize) -> Option<Diagnostic> {
    // Only flow collections can nest deep in little text (block nesting
    // needs indentation or `- ` per level, which libyaml reads in linear
    // time): skip texts whose brackets cannot be that deep.
    if bracket_depth(text) <= max_depth {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The parser stops at 255 flow levels, reading ahead for keys.
            Err(e) if e.info().contains("recursion limit") => {
                let position = LineColumn {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                };
                return Some(too_deep(max_depth).at(Some(position)));
            }
            Err(_) => break,
        };
        match event {
            Event::StreamEnd => break,
            Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > max_depth {
            let position = LineColumn {
                line: mark.line(),
                column: mark.col() + 1,
            };
            return Some(too_deep(max_depth).at(Some(position)));
        }
    }
    None
}

pub fn too_deep(max_depth: usize) -> Diagnostic {
    Diagnostic::error(
        format!("the spec nests deeper than {max_depth} levels, the most the generator reads"),
        "",
    )
}

/// The deepest nesting of `[` and `{` (an upper bound of flow nesting:
/// brackets inside quotes and comments count too).
fn bracket_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// An error when expanding the YAML aliases of `text` would give more than
/// `ALIAS_FACTOR` times its own nodes plus `ALIAS_ALLOWANCE`, located at the
/// alias that repeats the most.
pub fn alias_problem(text: &str) -> Option<Diagnostic> {
    // Anchors start with `&` and aliases with `*`; most specs have neither.
    if !text.contains('&') || !text.contains('*') {
        return None;
    }
    let count = count_nodes(text);
    let limit = count
        .written
        .saturating_mul(ALIAS_FACTOR)
        .saturating_add(ALIAS_ALLOWANCE);
    if count.expanded <= limit {
        return None;
    }
    let (size, position) = count.largest_alias;
    let name = alias_name(text, position);
    Some(Diagnostic::error(
        format!(
            "YAML aliases expand the spec to {} nodes, more than the {limit} allowed for a file of {} nodes; `*{name}` here repeats {size} nodes",
            shown(count.expanded),
            count.written
        ),
        "",
    )
    .at(Some(position)))
}

struct Count {
    /// Nodes as written (an alias counts one).
    written: usize,
    /// Nodes with every alias replaced by its anchor's node (saturating).
    expanded: usize,
    /// The size and place of the alias that repeats the most.
    largest_alias: (usize, LineColumn),
}

/// An open collection: its anchor (0 for none) and expanded size so far.
struct Open {
    anchor: usize,
    size: usize,
}

fn count_nodes(text: &str) -> Count {
    let mut parser = Parser::new_from_str(text);
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut count = Count {
        written: 0,
        expanded: 0,
        largest_alias: (0, LineColumn { line: 1, column: 1 }),
    };
    // A parse error ends the count; the parsers report it afterwards.
    while let Ok((event, mark)) = parser.next_token() {
        let finished = match event {
            Event::StreamEnd => break,
            Event::Scalar(_, _, anchor, _) => {
                count.written += 1;
                Some((anchor, 1))
            }
            Event::Alias(anchor) => {
                count.written += 1;
                // An alias to an anchor still open (a cycle) or unknown is
                // an error the YAML parser reports; count it as one node.
                let size = anchors.get(&anchor).copied().unwrap_or(1);
                if size > count.largest_alias.0 {
                    let position = LineColumn {
                        line: mark.line(),
                        column: mark.col() + 1,
                    };
                    count.largest_alias = (size, position);
                }
                Some((0, size))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                count.written += 1;
                stack.push(Open { anchor, size: 1 });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|o| (o.anchor, o.size)),
            _ => None,
        };
        if let Some((anchor, size)) = finished {
            if anchor != 0 {
                anchors.insert(anchor, size);
            }
            match stack.last_mut() {
                Some(parent) => parent.size = parent.size.saturating_add(size),
                None => count.expanded = count.expanded.saturating_add(size),
            }
        }
    }
    count
}

/// The name after the `*` at `position`, for the message.
fn alias_name(text: &str, position: LineColumn) -> String {
    let line = text
        .lines()
        .nth(position.line.saturating_sub(1))
        .unwrap_or("");
    line.chars()
        .skip(position.column)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .take(40)
        .collect()
}

fn shown(n: usize) -> String {
    if n == usize::MAX {
        "more than 10^19".to_string()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_at_the_limit() {
        let text = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let started = std::time::Instant::now();
        let d = depth_problem(&text, 128).unwrap();
        assert!(started.elapsed().as_secs() < 5);
        // The parser stops at its own limit of 255 flow levels, reading ahead.
        assert_eq!(
            d.position,
            Some(LineColumn {
                line: 1,
                column: 3 + 256
            })
        );
        // Brackets in text do not count as nesting.
        let text = format!("a: '{}'\nb: [[1]]\n", "[".repeat(1000));
        assert_eq!(depth_problem(&text, 128), None);
    }

    #[test]
    fn ordinary_aliases_pass() {
        let text = "a: &x [1, 2, 3]\nb: *x\nc: *x\nd: 'a & b * c'\n";
        assert_eq!(alias_problem(text), None);
        let count = count_nodes(text);
        // The mapping, 4 keys, the sequence and its 3 items, 2 aliases, 1 text.
        assert_eq!(count.written, 12);
        // ... and each alias stands for the 4 nodes of the sequence.
        assert_eq!(count.expanded, 18);
    }

    #[test]
    fn billion_laughs_is_refused_at_its_largest_alias() {
        let mut text = "a: &a [x, x, x, x, x, x, x, x, x]\n".to_string();
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            let aliases = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        let d = alias_problem(&text).unwrap();
        assert!(
            d.message.starts_with("YAML aliases expand the spec to"),
            "{d}"
        );
        assert!(d.message.contains("`*h` here repeats"), "{d}");
        assert_eq!(d.position.map(|p| p.line), Some(9));
    }

    #[test]
    fn quadratic_repetition_is_refused() {
        let anchor = vec!["a"; 3000].join(",");
        let aliases = vec!["*x"; 3000].join(",");
        let text = format!("x: &x [{anchor}]\ny: [{aliases}]\n");
        let d = alias_problem(&text).unwrap();
        // 3000 aliases of 3001 nodes each: nine million nodes from 15 KB.
        assert!(
            d.message.contains("expand the spec to 9006005 nodes"),
            "{d}"
        );
        assert_eq!(d.position, Some(LineColumn { line: 2, column: 5 }));
    }
}
