//! The rota layout file (SPEC §4): what the solver writes and what a planner
//! hand-designs. This module owns the file's data types, reading and writing
//! them (TOML or JSON), and `Totals`, the monthly cost of any layout. It is
//! plain data: `evaluate` judges a layout against a scenario, and
//! `plan::layout` writes a plan as one.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::scenario::{ScenarioError, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RotaKind {
    Team,
    Domain,
}

impl RotaKind {
    /// The kind as the layout file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RotaKind::Team => "team",
            RotaKind::Domain => "domain",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rota {
    pub name: String,
    pub kind: RotaKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Windows it is staffed in (SPEC §7.1); absent means every window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<String>>,
    #[serde(default)]
    pub applications: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    #[serde(default)]
    pub rotas: Vec<Rota>,
    /// Application id to target name.
    #[serde(default)]
    pub targets: BTreeMap<String, String>,
}

impl Layout {
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Serialised by the path's extension: JSON for `.json`, TOML otherwise.
    pub fn to_format_of(&self, path: &Path) -> String {
        match crate::scenario::source::FileFormat::of(path) {
            crate::scenario::source::FileFormat::Json => self.to_json() + "\n",
            crate::scenario::source::FileFormat::Toml => self.to_toml(),
        }
    }
}

/// Reads a layout file (TOML or JSON by extension), at most
/// `scenario::source::MAX_FILE_BYTES`, as `layout_from_bytes` does.
pub fn read_layout(path: &Path) -> Result<Layout, ScenarioError> {
    parse_layout(&Source::read(path)?)
}

/// What `read_layout` does once the file's bytes are in memory (for fuzzers
/// and tests): size cap, byte order mark, UTF-8, then the layout format.
pub fn layout_from_bytes(path: &Path, bytes: &[u8]) -> Result<Layout, ScenarioError> {
    parse_layout(&Source::from_bytes(path, bytes)?)
}

/// Parses a layout; a file that looks like a scenario (it has `policy` or
/// `applications` and no `rotas`) says so instead of naming a field.
fn parse_layout(source: &Source) -> Result<Layout, ScenarioError> {
    source.parse::<Layout>().map_err(|mut e| {
        if source.has_top_level_key(&["policy", "applications"])
            && !source.has_top_level_key(&["rotas"])
        {
            if let Some(p) = e.problems.first_mut() {
                p.message = format!(
                    "this looks like a scenario (it has `policy` or `applications`), not a layout; `rota compare SCENARIO LAYOUT` takes the scenario first ({})",
                    p.message
                );
            }
        }
        e
    })
}

/// The cost of a layout, per month (SPEC §3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub standby: f64,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    pub total: f64,
}
