//! Things a planner should hear about a plan, each one short line with the ids
//! involved. They do not change the plan: they point at what the model or the
//! organisation might want to revisit.

use serde::Serialize;

use crate::model::{Cover, Model};
use crate::numbers::money;
use crate::plan::policy::PolicyCost;
use crate::plan::Plan;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub message: String,
    pub ids: Vec<String>,
}

/// Codes, in the order they are reported.
pub const MANY_TEAM_ROTAS: &str = "many-team-rotas";
pub const KNOWLEDGE_BARRIER: &str = "knowledge-sharing-barrier";
pub const FORCED_UPGRADE: &str = "forced-upgrade";
pub const UNUSED_TARGET: &str = "unused-target";
pub const OPERATIONS_CHEAPER: &str = "operations-cheaper";

pub fn diagnose(m: &Model, plan: &Plan, operations: Option<&PolicyCost>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    many_team_rotas(m, plan, &mut out);
    knowledge_barriers(m, plan, &mut out);
    forced_upgrades(m, plan, &mut out);
    unused_targets(m, plan, &mut out);
    if let Some(ops) = operations {
        let total = plan.totals(m).total;
        if ops.totals.total < total {
            out.push(Diagnostic {
                code: OPERATIONS_CHEAPER,
                message: format!(
                    "You Build It Ops Run It at scale would cost {} a month against {} for this layout: cheaper on paper, with a longer time to restore and weak operability incentives",
                    money(ops.totals.total),
                    money(total)
                ),
                ids: Vec::new(),
            });
        }
    }
    out
}

/// At least half of the teams (two or more) on their own team rota: the
/// article's D rotas for D teams, a weak signal that targets are set too high.
fn many_team_rotas(m: &Model, plan: &Plan, out: &mut Vec<Diagnostic>) {
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
        out.push(Diagnostic {
            code: MANY_TEAM_ROTAS,
            message: format!(
                "{} of {} teams have their own team rota ({} team rotas): a weak signal that availability targets are set too high",
                teams.len(),
                m.teams.len(),
                team_rotas
            ),
            ids: teams,
        });
    }
}

/// A domain rota across teams none of which shares a technology with another:
/// whoever is on call supports only stacks their team does not use.
/// Skipped when some team on the rota lists no technology (nothing known).
fn knowledge_barriers(m: &Model, plan: &Plan, out: &mut Vec<Diagnostic>) {
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
        let stacks: Vec<String> = by_team
            .iter()
            .map(|(team, techs)| format!("{team}: {}", techs.join(", ")))
            .collect();
        let mut ids = vec![r.name.clone()];
        ids.extend(by_team.keys().map(|t| t.to_string()));
        out.push(Diagnostic {
            code: KNOWLEDGE_BARRIER,
            message: format!(
                "domain rota {} joins teams that share no technology ({}): a knowledge-sharing barrier for whoever is on call",
                r.name,
                stacks.join("; ")
            ),
            ids,
        });
    }
}

/// The loss floor or `min_target` lies above the current target.
fn forced_upgrades(m: &Model, plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (i, app) in m.applications.iter().enumerate() {
        if !app.forced_upgrade() {
            continue;
        }
        let why = if app.floor > app.current_target {
            format!(
                "its revenue at risk sets a loss floor of {}",
                m.targets[app.floor].name
            )
        } else {
            format!(
                "its min_target is {}",
                m.targets[app.min_target.unwrap_or(app.lowest)].name
            )
        };
        out.push(Diagnostic {
            code: FORCED_UPGRADE,
            message: format!(
                "{}: current target {} but {why}, so it was upgraded to {}",
                app.id,
                m.targets[app.current_target].name,
                m.targets[plan.decisions[i].target].name
            ),
            ids: vec![app.id.clone()],
        });
    }
}

/// Targets no application ends at.
fn unused_targets(m: &Model, plan: &Plan, out: &mut Vec<Diagnostic>) {
    for (t, target) in m.targets.iter().enumerate().rev() {
        if plan.decisions.iter().any(|d| d.target == t) {
            continue;
        }
        let reachable = m.applications.iter().any(|a| a.allowed().contains(&t));
        let why = if reachable {
            "no application ends at it in this layout"
        } else {
            "no application may take it (outside every application's allowed targets)"
        };
        out.push(Diagnostic {
            code: UNUSED_TARGET,
            message: format!("target {}: {why}", target.name),
            ids: vec![target.name.clone()],
        });
    }
}
