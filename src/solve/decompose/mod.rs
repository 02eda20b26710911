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

use rayon::prelude::*;

use crate::model::{Cover, Model};
use crate::plan::{Plan, PlannedRota};
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
    // Parts that share no block are independent: each gets its own search
    // (in parallel), so that one part's open gap does not multiply another's
    // in a single tree. The largest shows its progress.
    let parts = inst.split();
    let outcomes: Vec<search::SearchResult> = parts
        .par_iter()
        .enumerate()
        .map(|(k, part)| {
            search::search(
                &part.inst,
                &search::SearchOptions {
                    time_limit: options.time_limit,
                    progress: options.progress && k == 0,
                    node_limit: None,
                    regions: Some(lns::improve),
                    pack_budget: search::PACK_BUDGET,
                },
            )
        })
        .collect();
    let mut covers = vec![Cover::None; m.applications.len()];
    let mut rotas = Vec::new();
    let mut bound = inst.fixed_cost;
    let mut optimal = true;
    for (part, outcome) in parts.iter().zip(&outcomes) {
        bound += outcome.bound;
        optimal &= outcome.optimal;
        for (s, bins) in outcome.assignment.rotas.iter().enumerate() {
            let block = &inst.blocks[part.blocks[s]];
            for bin in bins {
                let mut apps: Vec<usize> = bin
                    .items
                    .iter()
                    .map(|&k| inst.items[part.items[k]].app)
                    .collect();
                apps.sort_unstable();
                for &a in &apps {
                    covers[a] = block.cover;
                }
                rotas.push(PlannedRota::new(m, block.cover, block.key, apps));
            }
        }
    }
    Plan::proven(m, rotas, &covers, optimal, bound)
}
