//! Diagnostics in words: one short line per finding of
//! `analysis::diagnostics`, with its code and the ids involved.

use serde::Serialize;

use crate::analysis::diagnostics::{self, Diagnosis, DiagnosticCode, Finding, UpgradeReason};
use crate::model::Model;
use crate::numbers::money;
use crate::plan::policy::PolicyCost;
use crate::plan::Plan;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: DiagnosticCode,
    pub message: String,
    pub ids: Vec<String>,
}

/// The diagnostics of a plan, worded.
pub fn diagnose(m: &Model, plan: &Plan, operations: Option<&PolicyCost>) -> Vec<Diagnostic> {
    diagnostics::diagnose(m, plan, operations)
        .into_iter()
        .map(worded)
        .collect()
}

fn worded(d: Diagnosis) -> Diagnostic {
    Diagnostic {
        code: d.finding.code(),
        message: message(&d.finding),
        ids: d.ids,
    }
}

fn message(f: &Finding) -> String {
    match f {
        Finding::ManyTeamRotas {
            teams_with_rota,
            teams,
            team_rotas,
        } => format!(
            "{teams_with_rota} of {teams} teams have their own team rota ({team_rotas} team rotas): a weak signal that availability targets are set too high"
        ),
        Finding::KnowledgeSharingBarrier { rota, stacks } => {
            let stacks: Vec<String> = stacks
                .iter()
                .map(|(team, techs)| format!("{team}: {}", techs.join(", ")))
                .collect();
            format!(
                "domain rota {rota} joins teams that share no technology ({}): a knowledge-sharing barrier for whoever is on call",
                stacks.join("; ")
            )
        }
        Finding::ForcedUpgrade {
            application,
            current_target,
            reason,
            target,
        } => {
            let why = match reason {
                UpgradeReason::LossFloor(floor) => {
                    format!("its revenue at risk sets a loss floor of {floor}")
                }
                UpgradeReason::MinTarget(min) => format!("its min_target is {min}"),
            };
            format!(
                "{application}: current target {current_target} but {why}, so it was upgraded to {target}"
            )
        }
        Finding::UnusedTarget { target, reachable } => {
            let why = if *reachable {
                "no application ends at it in this layout"
            } else {
                "no application may take it (outside every application's allowed targets)"
            };
            format!("target {target}: {why}")
        }
        Finding::OperationsCheaper { operations, layout } => format!(
            "You Build It Ops Run It at scale would cost {} a month against {} for this layout: cheaper on paper, with a longer time to restore and weak operability incentives",
            money(*operations),
            money(*layout)
        ),
    }
}
