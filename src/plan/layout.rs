//! A plan written as the layout file format (SPEC §4).

use crate::layout::{Layout, Rota};
use crate::model::Model;
use crate::plan::Plan;

impl Layout {
    /// The layout of a plan, every application's target listed.
    pub fn from_plan(m: &Model, plan: &Plan) -> Layout {
        let rotas = plan
            .rotas
            .iter()
            .map(|r| Rota {
                name: r.name.clone(),
                kind: r.kind(),
                domain: r.domain.map(|d| m.domains[d].id.clone()),
                team: r.team.map(|t| m.teams[t].id.clone()),
                windows: None,
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
}
