//! The report of `rota check`: floors, allowed targets and the graph of a
//! valid model, or every problem of an invalid one.

use serde::Serialize;

use crate::model::graph::OrgGraph;
use crate::model::Model;
use crate::report::table::TextTable;
use crate::scenario::{Problem, ScenarioError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppCheck {
    pub id: String,
    pub current_target: String,
    pub loss_floor: String,
    pub min_target: Option<String>,
    pub allowed_targets: Vec<String>,
    pub forced_upgrade: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphSummary {
    pub nodes: usize,
    pub edges: usize,
    pub applications: usize,
    pub teams: usize,
    pub domains: usize,
    /// Groups of applications that could share a rota, solved independently.
    pub components: usize,
    pub largest_component: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub scenario: String,
    pub valid: bool,
    pub applications: Vec<AppCheck>,
    pub graph: GraphSummary,
}

pub fn build(m: &Model) -> CheckReport {
    let g = OrgGraph::build(m);
    let components = g.rota_components(m);
    let applications = m
        .applications
        .iter()
        .map(|a| AppCheck {
            id: a.id.clone(),
            current_target: m.targets[a.current_target].name.clone(),
            loss_floor: m.targets[a.floor].name.clone(),
            min_target: a.min_target.map(|t| m.targets[t].name.clone()),
            allowed_targets: a
                .allowed()
                .rev()
                .map(|t| m.targets[t].name.clone())
                .collect(),
            forced_upgrade: a.forced_upgrade(),
        })
        .collect();
    CheckReport {
        scenario: m.name.clone(),
        valid: true,
        applications,
        graph: GraphSummary {
            nodes: g.node_count(),
            edges: g.edge_count(),
            applications: m.applications.len(),
            teams: m.teams.len(),
            domains: m.domains.len(),
            components: components.len(),
            largest_component: components.iter().map(Vec::len).max().unwrap_or(0),
        },
    }
}

pub fn render_table(r: &CheckReport) -> String {
    let mut out = format!("{}: valid\n\n", r.scenario);
    let mut t = TextTable::new(
        &[
            "application",
            "current",
            "loss floor",
            "min target",
            "allowed (strictest first)",
            "note",
        ],
        &[false; 6],
    );
    for a in &r.applications {
        t.row(vec![
            a.id.clone(),
            a.current_target.clone(),
            a.loss_floor.clone(),
            a.min_target.clone().unwrap_or_else(|| "-".into()),
            a.allowed_targets.join(", "),
            if a.forced_upgrade {
                "floor forces an upgrade".into()
            } else {
                String::new()
            },
        ]);
    }
    out.push_str(&t.render("  "));
    let g = &r.graph;
    out.push_str(&format!(
        "\nGraph: {} nodes ({} applications, {} teams, {} domains), {} edges\nComponents that could share a rota: {} (largest: {} applications)\n",
        g.nodes, g.applications, g.teams, g.domains, g.edges, g.components, g.largest_component
    ));
    out
}

/// One problem of an invalid model, as the JSON report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProblemRow<'a> {
    pub code: &'a str,
    pub id: Option<&'a str>,
    pub line: Option<usize>,
    pub message: &'a str,
}

/// The JSON report of a model that does not validate. Fields are in
/// alphabetical order, as the report has always printed them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvalidReport<'a> {
    pub file: &'a str,
    pub problems: Vec<ProblemRow<'a>>,
    pub valid: bool,
}

pub fn invalid(e: &ScenarioError) -> InvalidReport<'_> {
    InvalidReport {
        file: &e.file,
        problems: e.problems.iter().map(problem_row).collect(),
        valid: false,
    }
}

fn problem_row(p: &Problem) -> ProblemRow<'_> {
    ProblemRow {
        code: p.code.as_str(),
        id: p.id.as_deref(),
        line: p.line,
        message: &p.message,
    }
}
