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
    /// An id holding control or bidirectional formatting characters.
    InvalidId,
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
    /// Seasons whose months do not sum to 12.
    SeasonMonths,
    /// A season name not defined in the scenario (`--season`).
    UnknownSeason,
    /// Support windows whose shares do not sum to 1.
    WindowShares,
    /// A window name not defined in the scenario (`trades_in`, a layout's rota).
    UnknownWindow,
    /// More support windows than `validate::MAX_WINDOWS`.
    TooManyWindows,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 23] = [
        ProblemCode::Io,
        ProblemCode::Parse,
        ProblemCode::InvalidNumber,
        ProblemCode::AvailabilityOutOfRange,
        ProblemCode::NoTargets,
        ProblemCode::DuplicateId,
        ProblemCode::EmptyId,
        ProblemCode::InvalidId,
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
        ProblemCode::SeasonMonths,
        ProblemCode::UnknownSeason,
        ProblemCode::WindowShares,
        ProblemCode::UnknownWindow,
        ProblemCode::TooManyWindows,
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
            ProblemCode::InvalidId => "invalid-id",
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
            ProblemCode::SeasonMonths => "season-months",
            ProblemCode::UnknownSeason => "unknown-season",
            ProblemCode::WindowShares => "window-shares",
            ProblemCode::UnknownWindow => "unknown-window",
            ProblemCode::TooManyWindows => "too-many-windows",
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

/// Characters no id may hold: control characters (C0, DEL, C1) and the
/// bidirectional formatting characters, which reorder the text around them.
pub fn forbidden_in_id(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `id` with each forbidden character written as Rust writes it (`\n`,
/// `\u{1b}`, `\u{202e}`) and backslashes doubled, so it prints safely and
/// unambiguously.
pub fn escape_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if forbidden_in_id(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Ids longer than this get no "did you mean": comparing two ids costs the
/// product of their lengths, and nobody misspells a 100 KB id by hand.
pub const MAX_SUGGESTED_ID_CHARS: usize = 64;

/// The closest candidate to a misspelt id, if one is close enough to be a typo.
/// Neither the id nor a candidate may be longer than `MAX_SUGGESTED_ID_CHARS`,
/// so each comparison costs at most 64 x 64 steps.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if wrong.len() > 4 * MAX_SUGGESTED_ID_CHARS || wrong.chars().count() > MAX_SUGGESTED_ID_CHARS {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c.len() > 4 * MAX_SUGGESTED_ID_CHARS || c.chars().count() > MAX_SUGGESTED_ID_CHARS {
            continue;
        }
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
        let quoted: Vec<String> = all.iter().map(|c| format!("\"{}\"", shorten(c))).collect();
        format!(" (valid: {})", quoted.join(", "))
    } else {
        String::new()
    }
}

/// A long id as its first 32 characters, an ellipsis and its length, for lists.
fn shorten(id: &str) -> String {
    let n = id.chars().count();
    if n <= MAX_SUGGESTED_ID_CHARS {
        return id.to_string();
    }
    let head: String = id.chars().take(32).collect();
    format!("{head}... ({n} characters)")
}

#[cfg(test)]
mod tests {
    use super::{escape_id, ProblemCode};

    #[test]
    fn ids_are_escaped_for_printing() {
        assert_eq!(
            escape_id("a\u{1b}[31m\u{7}\n\u{202e}\\b\u{85}é"),
            "a\\u{1b}[31m\\u{7}\\n\\u{202e}\\\\b\\u{85}é"
        );
    }

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
