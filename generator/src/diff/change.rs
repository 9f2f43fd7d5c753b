//! What one change is: its kind, the Rust item it touches, the two ratings
//! and where the spec says it. Plain data, shared by the comparison passes
//! and the report formats.

use std::fmt;

/// The effect on code written against the old generated crate, by Cargo's
/// SemVer rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceLevel {
    /// The crate's public API is the same; only behaviour or docs change.
    Patch,
    /// Something is added (or deprecated); code that compiled still does.
    Minor,
    /// Code that compiled against the old crate may no longer compile.
    Major,
}

/// The effect on requests and responses already in use, rated the way
/// oasdiff rates the same change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WireLevel {
    Info,
    /// May break some clients; cannot be confirmed from the spec alone.
    Warning,
    /// Requests that were accepted, or responses that were understood, may
    /// no longer be.
    Breaking,
}

/// Which way the changed element travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Sent by the client: parameters, request bodies.
    Request,
    /// Received by the client: response bodies.
    Response,
    /// A type used in both.
    Both,
    /// Neither: the client's configuration, or a type no operation uses.
    None,
}

impl SourceLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceLevel::Patch => "patch",
            SourceLevel::Minor => "minor",
            SourceLevel::Major => "major",
        }
    }
}

impl WireLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            WireLevel::Info => "info",
            WireLevel::Warning => "warning",
            WireLevel::Breaking => "breaking",
        }
    }
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "request and response",
            Direction::None => "client",
        }
    }

    /// The direction of something used in `self` and in `other`.
    pub fn join(self, other: Direction) -> Direction {
        match (self, other) {
            (Direction::None, d) | (d, Direction::None) => d,
            (a, b) if a == b => a,
            _ => Direction::Both,
        }
    }
}

/// Where in a spec a change is: the file, line and column of the node (the
/// new one, or the old one for a removal), and its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec's label: its path as given, or `REV:path` for a git revision.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub pointer: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{}:{line}:{column}", self.file),
            _ => write!(f, "{}", self.file),
        }
    }
}

/// One difference between what the two specs generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A stable id such as `field-became-required` (see [`super::KINDS`]).
    pub kind: &'static str,
    /// The Rust item, e.g. `models::StatementJob::status` or
    /// `Client::get_statement_job`.
    pub item: String,
    /// The item's declaration before and after (`None` when it does not
    /// exist on that side).
    pub before: Option<String>,
    pub after: Option<String>,
    /// What happened, in one sentence without a final period.
    pub message: String,
    pub source: SourceLevel,
    pub wire: WireLevel,
    pub direction: Direction,
    /// The client methods whose requests or responses hold the item, in
    /// spec order (empty for the client's configuration and unused types).
    pub operations: Vec<String>,
    /// Where the spec says it (the new spec, or the old one for a removal).
    pub location: Option<Location>,
}

impl Change {
    /// A short hash of what the change is, not of where: it stays the same
    /// when unrelated edits move the node to another line, so that a team
    /// can accept it once (`--accept`).
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let parts = [
            self.kind,
            &self.item,
            self.before.as_deref().unwrap_or(""),
            self.after.as_deref().unwrap_or(""),
        ];
        for part in parts {
            for byte in part.bytes().chain([0]) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}
