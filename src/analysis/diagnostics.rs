//! Things a planner should hear about a plan, each with the ids involved.
//! They do not change the plan: they point at what the model or the
//! organisation might want to revisit. Findings are data; `report::diagnostics`
//! words them.

use serde::Serialize;

use crate::model::{Cover, Model};
use crate::plan::policy::PolicyCost;
use crate::plan::Plan;

/// The kinds of finding, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticCode {
    ManyTeamRotas,
    KnowledgeSharingBarrier,
    ForcedUpgrade,
    UnusedTarget,
    OperationsCheaper,
}

impl DiagnosticCode {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::ManyTeamRotas => "many-team-rotas",
            DiagnosticCode::KnowledgeSharingBarrier => "knowledge-sharing-barrier",
            DiagnosticCode::ForcedUpgrade => "forced-upgrade",
            DiagnosticCode::UnusedTarget => "unused-target",
            DiagnosticCode::OperationsCheaper => "operations-cheaper",
        }
    }
}

/// What was found, with the figures and names a message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// At least half of the teams (two or more) have their own team rota.
    ManyTeamRotas {
        teams_with_rota: usize,
        teams: usize,
        team_rotas: usize,
    },
    /// A domain rota across teams none of which shares a technology with
    /// another: each team's id with its technologies on the rota.
    KnowledgeSharingBarrier {
        rota: String,
        stacks: Vec<(String, Vec<String>)>,
    },
    /// The loss floor or `min_target` lies above the current target.
    ForcedUpgrade {
        application: String,
        current_target: String,
        reason: UpgradeReason,
        target: String,
    },
    /// No application ends at the target; `reachable` when some application
    /// may take it.
    UnusedTarget { target: String, reachable: bool },
    /// "You Build It Ops Run It at scale" costs less than the layout.
    OperationsCheaper { operations: f64, layout: f64 },
}

/// Why an application's target was raised, with the target that forced it.
#[derive(Debug, Clone, PartialEq)]
pub enum UpgradeReason {
    LossFloor(String),
    MinTarget(String),
}

impl Finding {
    pub fn code(&self) -> DiagnosticCode {
        match self {
            Finding::ManyTeamRotas { .. } => DiagnosticCode::ManyTeamRotas,
            Finding::KnowledgeSharingBarrier { .. } => DiagnosticCode::KnowledgeSharingBarrier,
            Finding::ForcedUpgrade { .. } => DiagnosticCode::ForcedUpgrade,
            Finding::UnusedTarget { .. } => DiagnosticCode::UnusedTarget,
            Finding::OperationsCheaper { .. } => DiagnosticCode::OperationsCheaper,
        }
    }
}

/// A finding and the ids it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    pub finding: Finding,
    pub ids: Vec<String>,
}

pub fn diagnose(m: &Model, plan: &Plan, operations: Option<&PolicyCost>) -> Vec<Diagnosis> {
    let mut out = Vec::new();
    many_team_rotas(m, plan, &mut out);
    knowledge_barriers(m, plan, &mut out);
    forced_upgrades(m, plan, &mut out);
    unused_targets(m, plan, &mut out);
    if let Some(ops) = operations {
        let total = plan.totals(m).total;
        if ops.totals.total < total {
            out.push(Diagnosis {
                finding: Finding::OperationsCheaper {
                    operations: ops.totals.total,
                    layout: total,
                },
                ids: Vec::new(),
            });
        }
    }
    out
}

/// At least half of the teams (two or more) on their own team rota: the
/// article's D rotas for D teams, a weak signal that targets are set too high.
fn many_team_rotas(m: &Model, plan: &Plan, out: &mut Vec<Diagnosis>) {
    let team_rotas = plan
        .rotas
        .iter()
        .filter(|r| r.cover == Cover::TeamRota)
        .count();
    let mut teams: Vec<String> = plan
        .rotas
        .iter()
        .filter(|r| r.cover == Cover::TeamRota)
        .filter_map(|r| r.team.map(|t| m.teams[t].id.clone()))
        .collect();
    teams.sort();
    teams.dedup();
    if teams.len() >= 2 && teams.len() * 2 >= m.teams.len() {
        out.push(Diagnosis {
            finding: Finding::ManyTeamRotas {
                teams_with_rota: teams.len(),
                teams: m.teams.len(),
                team_rotas,
            },
            ids: teams,
        });
    }
}

/// A domain rota across teams none of which shares a technology with another:
/// whoever is on call supports only stacks their team does not use.
/// Skipped when some team on the rota lists no technology (nothing known).
fn knowledge_barriers(m: &Model, plan: &Plan, out: &mut Vec<Diagnosis>) {
    for r in plan.rotas.iter().filter(|r| r.cover == Cover::DomainRota) {
        // Team id -> technologies of its applications on this rota.
        let mut by_team: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for &a in &r.apps {
            let app = &m.applications[a];
            by_team
                .entry(m.teams[app.team].id.as_str())
                .or_default()
                .extend(app.technologies.iter().map(String::as_str));
        }
        if by_team.len() < 2 || by_team.values().any(|t| t.is_empty()) {
            continue;
        }
        for techs in by_team.values_mut() {
            techs.sort_unstable();
            techs.dedup();
        }
        let shared = by_team.iter().any(|(team, techs)| {
            by_team
                .iter()
                .any(|(other, o)| other != team && techs.iter().any(|t| o.contains(t)))
        });
        if shared {
            continue;
        }
        let stacks = by_team
            .iter()
            .map(|(team, techs)| {
                let techs = techs.iter().map(|t| t.to_string()).collect();
                (team.to_string(), techs)
            })
            .collect();
        let mut ids = vec![r.name.clone()];
        ids.extend(by_team.keys().map(|t| t.to_string()));
        out.push(Diagnosis {
            finding: Finding::KnowledgeSharingBarrier {
                rota: r.name.clone(),
                stacks,
            },
            ids,
        });
    }
}

/// The loss floor or `min_target` lies above the current target.
fn forced_upgrades(m: &Model, plan: &Plan, out: &mut Vec<Diagnosis>) {
    for (i, app) in m.applications.iter().enumerate() {
        if !app.forced_upgrade() {
            continue;
        }
        let reason = if app.floor > app.current_target {
            UpgradeReason::LossFloor(m.targets[app.floor].name.clone())
        } else {
            UpgradeReason::MinTarget(m.targets[app.min_target.unwrap_or(app.lowest)].name.clone())
        };
        out.push(Diagnosis {
            finding: Finding::ForcedUpgrade {
                application: app.id.clone(),
                current_target: m.targets[app.current_target].name.clone(),
                reason,
                target: m.targets[plan.decisions[i].target].name.clone(),
            },
            ids: vec![app.id.clone()],
        });
    }
}

/// Targets no application ends at.
fn unused_targets(m: &Model, plan: &Plan, out: &mut Vec<Diagnosis>) {
    for (t, target) in m.targets.iter().enumerate().rev() {
        if plan.decisions.iter().any(|d| d.target == t) {
            continue;
        }
        let reachable = m.applications.iter().any(|a| a.allowed().contains(&t));
        out.push(Diagnosis {
            finding: Finding::UnusedTarget {
                target: target.name.clone(),
                reachable,
            },
            ids: vec![target.name.clone()],
        });
    }
}
