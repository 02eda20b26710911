//! Problems found in a scenario or layout file, reported all at once.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// Stable problem codes: `rota check --format json` prints them and scripts
/// match on them, so a code's text never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemCode {
    /// The file cannot be read.
    Io,
    /// The file is not TOML or JSON of the expected shape.
    Parse,
    /// A number outside its range (negative, zero where it must be positive,
    /// not finite).
    InvalidNumber,
    /// A target's availability is not strictly between 0 and 1.
    AvailabilityOutOfRange,
    /// No `[[targets]]`.
    NoTargets,
    /// An id or target name defined twice.
    DuplicateId,
    /// An empty id.
    EmptyId,
    /// Two targets with the same availability.
    DuplicateAvailability,
    /// A stricter target asking for less support than a laxer one.
    SupportOrder,
    UnknownTeam,
    UnknownDomain,
    UnknownTarget,
    /// A domain whose parent is of another kind.
    ParentKind,
    /// Domain parents that form a cycle.
    ParentCycle,
    /// Costs too large for a monthly figure to hold.
    NumberTooLarge,
    /// An application no layout can serve.
    InfeasibleApplication,
    /// The model cannot be built from an otherwise valid scenario.
    Invalid,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 17] = [
        ProblemCode::Io,
        ProblemCode::Parse,
        ProblemCode::InvalidNumber,
        ProblemCode::AvailabilityOutOfRange,
        ProblemCode::NoTargets,
        ProblemCode::DuplicateId,
        ProblemCode::EmptyId,
        ProblemCode::DuplicateAvailability,
        ProblemCode::SupportOrder,
        ProblemCode::UnknownTeam,
        ProblemCode::UnknownDomain,
        ProblemCode::UnknownTarget,
        ProblemCode::ParentKind,
        ProblemCode::ParentCycle,
        ProblemCode::NumberTooLarge,
        ProblemCode::InfeasibleApplication,
        ProblemCode::Invalid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Io => "io",
            ProblemCode::Parse => "parse",
            ProblemCode::InvalidNumber => "invalid-number",
            ProblemCode::AvailabilityOutOfRange => "availability-out-of-range",
            ProblemCode::NoTargets => "no-targets",
            ProblemCode::DuplicateId => "duplicate-id",
            ProblemCode::EmptyId => "empty-id",
            ProblemCode::DuplicateAvailability => "duplicate-availability",
            ProblemCode::SupportOrder => "support-order",
            ProblemCode::UnknownTeam => "unknown-team",
            ProblemCode::UnknownDomain => "unknown-domain",
            ProblemCode::UnknownTarget => "unknown-target",
            ProblemCode::ParentKind => "parent-kind",
            ProblemCode::ParentCycle => "parent-cycle",
            ProblemCode::NumberTooLarge => "number-too-large",
            ProblemCode::InfeasibleApplication => "infeasible-application",
            ProblemCode::Invalid => "invalid",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in an input file: what is wrong, where, and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub code: ProblemCode,
    pub line: Option<usize>,
    /// The offending id, where there is one.
    pub id: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(code: ProblemCode, message: impl Into<String>) -> Problem {
        Problem {
            code,
            line: None,
            id: None,
            message: message.into(),
        }
    }

    pub fn with_id(mut self, id: impl Into<String>) -> Problem {
        self.id = Some(id.into());
        self
    }
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    pub fn single(file: &Path, problem: Problem) -> ScenarioError {
        ScenarioError {
            file: file.display().to_string(),
            problems: vec![problem],
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match p.line {
                Some(line) => write!(f, "{}:{}: ", self.file, line)?,
                None => write!(f, "{}: ", self.file)?,
            }
            write!(f, "error[{}]: {}", p.code, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// The closest candidate to a misspelt id, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(wrong, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `" (did you mean \"x\"?)"`, or a list of valid ids when there are few.
pub fn suggestion<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    if let Some(c) = did_you_mean(wrong, candidates.clone()) {
        return format!(" (did you mean \"{c}\"?)");
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    if all.is_empty() {
        " (none are defined)".to_string()
    } else if all.len() <= 8 {
        let quoted: Vec<String> = all.iter().map(|c| format!("\"{c}\"")).collect();
        format!(" (valid: {})", quoted.join(", "))
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::ProblemCode;

    #[test]
    fn each_code_reads_the_same_in_json_and_text() {
        for c in ProblemCode::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        let mut names: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ProblemCode::ALL.len());
    }
}
