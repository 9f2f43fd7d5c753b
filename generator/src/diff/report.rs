//! The changes of one diff in report order, with what CI needs: the
//! highest ratings, the suggested version bump, `--fail-on` and the
//! fingerprints a team has accepted (`--accept`).

use super::change::{Change, SourceLevel, WireLevel};
use crate::ir::Ir;

/// Every change between two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The old and new specs' labels.
    pub old: String,
    pub new: String,
    /// Grouped by operation (in the new spec's order, removed operations
    /// after), then the client's configuration, then unused models; within
    /// a group by direction, then item.
    pub changes: Vec<Change>,
    /// How many changes an `--accept` file left out.
    pub accepted: usize,
}

/// What makes `apigen diff` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A change that breaks code written against the old crate.
    Major,
    /// A change that needs at least a minor version.
    Minor,
    /// A change that breaks requests or responses in use.
    WireBreaking,
    /// A wire change oasdiff rates a warning or worse.
    WireWarning,
}

impl Report {
    pub(super) fn new(
        old: &str,
        new: &str,
        mut changes: Vec<Change>,
        old_ir: &Ir,
        new_ir: &Ir,
    ) -> Self {
        let rank = |change: &Change| -> (usize, usize) {
            let Some(name) = change.operations.first() else {
                return (usize::MAX, 0);
            };
            let position = |ir: &Ir| ir.operations.iter().position(|op| &op.name == name);
            match (position(new_ir), position(old_ir)) {
                (Some(i), _) => (0, i),
                (None, Some(i)) => (1, i),
                (None, None) => (2, 0),
            }
        };
        changes.sort_by(|a, b| {
            let key = |c: &Change| {
                (
                    rank(c),
                    c.direction,
                    c.item.clone(),
                    c.kind,
                    c.before.clone(),
                    c.after.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        changes.dedup_by(|a, b| a.fingerprint() == b.fingerprint() && a.location == b.location);
        Report {
            old: old.to_string(),
            new: new.to_string(),
            changes,
            accepted: 0,
        }
    }

    /// Leaves out the changes whose fingerprint `accepted` lists (one a
    /// line; `#` starts a comment).
    pub fn accept(&mut self, accepted: &str) {
        let fingerprints: Vec<&str> = accepted
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|line| !line.is_empty())
            .collect();
        let before = self.changes.len();
        self.changes
            .retain(|change| !fingerprints.contains(&change.fingerprint().as_str()));
        self.accepted += before - self.changes.len();
    }

    pub fn max_source(&self) -> Option<SourceLevel> {
        self.changes.iter().map(|c| c.source).max()
    }

    pub fn max_wire(&self) -> Option<WireLevel> {
        self.changes.iter().map(|c| c.wire).max()
    }

    pub fn count_source(&self, level: SourceLevel) -> usize {
        self.changes.iter().filter(|c| c.source == level).count()
    }

    pub fn count_wire(&self, level: WireLevel) -> usize {
        self.changes.iter().filter(|c| c.wire == level).count()
    }

    /// Whether some change reaches `level`.
    pub fn fails(&self, level: FailOn) -> bool {
        let source = self.max_source();
        let wire = self.max_wire();
        match level {
            FailOn::Major => source >= Some(SourceLevel::Major),
            FailOn::Minor => source >= Some(SourceLevel::Minor),
            FailOn::WireBreaking => wire >= Some(WireLevel::Breaking),
            FailOn::WireWarning => wire >= Some(WireLevel::Warning),
        }
    }

    /// `3 changes: 1 major (source), 0 breaking (wire); suggested bump
    /// 0.1.0 → 0.2.0`, the version bump only when `version` is known.
    pub fn summary(&self, version: Option<&str>) -> String {
        let count = self.changes.len();
        let plural = if count == 1 { "" } else { "s" };
        let mut text = format!(
            "{count} change{plural}: {} major (source), {} breaking (wire)",
            self.count_source(SourceLevel::Major),
            self.count_wire(WireLevel::Breaking)
        );
        if let (Some(version), Some(level)) = (version, self.max_source()) {
            if let Some(next) = bump(version, level) {
                text.push_str(&format!("; suggested bump {version} → {next}"));
            }
        } else if let Some(level) = self.max_source() {
            text.push_str(&format!("; suggested bump: {}", level.as_str()));
        }
        text
    }
}

/// The next version after `version` for a change of `level`, by Cargo's
/// rules: before 1.0 the left-most non-zero number is the major one
/// (`0.1.0` → `0.2.0` for a major change, `0.1.1` for anything else;
/// every change of `0.0.z` is major). `None` when `version` is not
/// `x.y.z`.
pub fn bump(version: &str, level: SourceLevel) -> Option<String> {
    let core = version.split(['-', '+']).next()?;
    let numbers: Vec<u64> = core
        .split('.')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let [major, minor, patch] = numbers[..] else {
        return None;
    };
    let next = match (major, minor, level) {
        (0, 0, _) => (0, 0, patch + 1),
        (0, _, SourceLevel::Major) => (0, minor + 1, 0),
        (0, _, _) => (0, minor, patch + 1),
        (_, _, SourceLevel::Major) => (major + 1, 0, 0),
        (_, _, SourceLevel::Minor) => (major, minor + 1, 0),
        (_, _, SourceLevel::Patch) => (major, minor, patch + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::bump;
    use super::SourceLevel::{Major, Minor, Patch};

    #[test]
    fn bumps_follow_cargo() {
        assert_eq!(bump("0.1.0", Major).as_deref(), Some("0.2.0"));
        assert_eq!(bump("0.1.0", Minor).as_deref(), Some("0.1.1"));
        assert_eq!(bump("0.1.3", Patch).as_deref(), Some("0.1.4"));
        assert_eq!(bump("0.0.3", Minor).as_deref(), Some("0.0.4"));
        assert_eq!(bump("1.2.3", Major).as_deref(), Some("2.0.0"));
        assert_eq!(bump("1.2.3", Minor).as_deref(), Some("1.3.0"));
        assert_eq!(bump("1.2.3", Patch).as_deref(), Some("1.2.4"));
        assert_eq!(bump("1.2.3-beta.1", Patch).as_deref(), Some("1.2.4"));
        assert_eq!(bump("one", Patch), None);
    }
}
