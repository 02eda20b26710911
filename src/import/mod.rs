//! Organisations from where planners keep them: a spreadsheet saved as CSV
//! (`csv`) or a Backstage software catalogue (`backstage`), merged with a
//! small TOML of policy, support and targets (`policy`), written out as a
//! commented scenario file (`write`). docs/import.md documents both layouts.
//!
//! It sits beside `generate` and `layout`: it builds a `scenario::Scenario`
//! and uses nothing above the file format. Every problem in the inputs is
//! collected with the file, the row or entity, the column or field, and what
//! would be valid, so that one run lists them all.

pub mod backstage;
pub mod cells;
pub mod csv;
pub mod policy;
pub mod templates;
pub mod text;
pub mod write;

use std::fmt;
use std::path::Path;

/// One problem in an input file: where it is and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// The file, as given on the command line.
    pub file: String,
    /// Where in the file: `row 4, column "loss_per_hour"`, `component:default/web`.
    pub place: Option<String>,
    pub message: String,
}

impl ImportProblem {
    pub fn new(file: &Path, place: Option<String>, message: impl Into<String>) -> ImportProblem {
        ImportProblem {
            file: file.display().to_string(),
            place,
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{}: {}: {}", self.file, place, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found, in the order of the files and rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<ImportProblem>,
}

impl ImportError {
    pub fn single(problem: ImportProblem) -> ImportError {
        ImportError {
            problems: vec![problem],
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// What an import gives: the scenario, the comments that say where each part
/// came from, and what was left out and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub scenario: crate::scenario::Scenario,
    /// Lines for the header comment: the inputs, the policy's source.
    pub header: Vec<String>,
    /// Per application id, per team id, per domain id: where it came from.
    pub origins: Origins,
    /// What was skipped or assumed, one sentence each (also printed on stderr).
    pub notes: Vec<String>,
}

/// Where each entity of the scenario came from, one short phrase each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origins {
    pub teams: std::collections::BTreeMap<String, String>,
    pub domains: std::collections::BTreeMap<String, String>,
    pub applications: std::collections::BTreeMap<String, String>,
}
