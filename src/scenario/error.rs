//! Problems found in a scenario or layout file, reported all at once.

use std::fmt;
use std::path::Path;

/// One problem in an input file: what is wrong, where, and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Stable code, e.g. `unknown-team`.
    pub code: &'static str,
    pub line: Option<usize>,
    /// The offending id, where there is one.
    pub id: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Problem {
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
