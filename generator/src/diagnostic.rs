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
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            pointer: pointer.into(),
            file: String::new(),
            position: None,
        }
    }

    pub fn warning(message: impl Into<String>, pointer: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message, pointer)
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        match self.position {
            Some(p) => write!(f, "  --> {}:{}:{}", self.file, p.line, p.column)?,
            None => write!(f, "  --> {}", self.file)?,
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "\n  at #{pointer}")
    }
}

/// Appends one JSON-pointer segment, escaping `~` and `/` as RFC 6901 says.
pub fn push_pointer(pointer: &str, segment: &str) -> String {
    let escaped = segment.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Splits a JSON pointer back into its unescaped segments.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_unescape() {
        let p = push_pointer(&push_pointer("", "paths"), "/a~b/{id}");
        assert_eq!(p, "/paths/~1a~0b~1{id}");
        assert_eq!(pointer_segments(&p), vec!["paths", "/a~b/{id}"]);
        assert!(pointer_segments("").is_empty());
    }

    #[test]
    fn display_names_file_position_and_pointer() {
        let d = Diagnostic::error("bad thing", "/a/b")
            .in_file("spec.yaml")
            .at(Some(LineColumn { line: 3, column: 5 }));
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> spec.yaml:3:5\n  at #/a/b"
        );
    }
}
