//! The dedicated solver: proves optimality at scale without a MIP backend.
//!
//! Each application's cost depends only on its kind of cover, so the problem
//! is one of packing applications onto rotas with fixed costs and an outside
//! option. `instance` casts the model as blocks (a team's team rotas, a
//! top-level domain's domain rotas) and items (applications); `relax` bounds
//! the optimum from below with a Lagrangian relaxation whose block problems
//! keep rota counts whole; `local` finds good layouts; `search` closes the gap
//! by branch and bound. See docs/performance.md for the reasoning and figures.

pub mod instance;
pub mod lns;
pub mod local;
pub mod pack;
pub mod relax;
pub mod search;

use std::time::Duration;

use crate::model::{Cover, Model};
use crate::plan::{Plan, PlannedRota, Status};
use instance::Instance;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecomposeOptions {
    pub time_limit: Option<Duration>,
    /// Bound and best layout on stderr while solving, when it is a terminal.
    pub progress: bool,
}

/// Solves the whole model; with a time limit, the best layout found and its
/// proven bound (status `Feasible`).
pub fn solve(m: &Model, options: &DecomposeOptions) -> Plan {
    let inst = Instance::build(m);
    let outcome = search::search(
        &inst,
        &search::SearchOptions {
            time_limit: options.time_limit,
            progress: options.progress,
            node_limit: None,
            regions: true,
            pack_budget: search::PACK_BUDGET,
        },
    );
    let mut covers = vec![Cover::None; m.applications.len()];
    let mut rotas = Vec::new();
    for (b, bins) in outcome.layout.bins.iter().enumerate() {
        let block = &inst.blocks[b];
        for bin in bins {
            let mut apps: Vec<usize> = bin.items.iter().map(|&i| inst.items[i].app).collect();
            apps.sort_unstable();
            for &a in &apps {
                covers[a] = block.cover;
            }
            rotas.push(PlannedRota::new(m, block.cover, block.key, apps));
        }
    }
    let status = if outcome.optimal {
        Status::Optimal
    } else {
        Status::Feasible
    };
    let mut plan = Plan::assemble(m, rotas, &covers, status, outcome.bound);
    if outcome.optimal {
        plan.bound = plan.totals(m).total;
    }
    plan
}
