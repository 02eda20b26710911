//! The rota layout file (SPEC §4): what the solver writes and what a planner
//! hand-designs. Plain data; `evaluate` judges one against a scenario.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Cover, Model};
use crate::plan::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RotaKind {
    Team,
    Domain,
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
    /// The layout of a plan, every application's target listed.
    pub fn from_plan(m: &Model, plan: &Plan) -> Layout {
        let rotas = plan
            .rotas
            .iter()
            .map(|r| Rota {
                name: r.name.clone(),
                kind: if r.cover == Cover::TeamRota {
                    RotaKind::Team
                } else {
                    RotaKind::Domain
                },
                domain: r.domain.map(|d| m.domains[d].id.clone()),
                team: r.team.map(|t| m.teams[t].id.clone()),
                applications: r
                    .apps
                    .iter()
                    .map(|&a| m.applications[a].id.clone())
                    .collect(),
            })
            .collect();
        let targets = plan
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    m.applications[i].id.clone(),
                    m.targets[d.target].name.clone(),
                )
            })
            .collect();
        Layout {
            scenario: Some(m.name.clone()),
            rotas,
            targets,
        }
    }

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

/// Reads a layout file (TOML or JSON by extension).
pub fn read_layout(path: &Path) -> Result<Layout, crate::scenario::ScenarioError> {
    crate::scenario::Source::read(path)?.parse::<Layout>()
}
