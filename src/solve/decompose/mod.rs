//! The dedicated solver: proves optimality at scale without a MIP backend.
//!
//! Each application's cost depends only on its kind of cover, so the problem
//! is one of packing applications onto rotas with fixed costs and an outside
//! option. `instance` casts the model as blocks (a team's team rotas, a
//! top-level domain's domain rotas) and items (applications) and splits it
//! into parts that share no block; `relax` bounds the optimum from below with
//! a Lagrangian relaxation whose block problems keep rota counts whole;
//! `pack` puts a block's items on as few rotas as possible; `local` finds good
//! assignments fast and `lns` improves them region by region; `search` closes
//! the gap by branch and bound. `solve` searches each part in parallel and
//! turns the assignments into a `Plan`. See docs/performance.md for the
//! reasoning and figures.

pub mod grid;
pub mod instance;
pub mod lns;
pub mod local;
pub mod pack;
pub mod relax;
pub mod search;

use std::time::Duration;

use rayon::prelude::*;

use crate::deadline::Deadline;
use crate::model::{Cover, Model};
use crate::plan::{Plan, PlannedRota};
use instance::Instance;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecomposeOptions {
    pub time_limit: Option<Duration>,
    /// Branch-and-bound nodes for each part's search. Every part gets the
    /// whole limit: a budget that depends only on the input, never on which
    /// thread finished first. Everything else the solver does is already
    /// counted (price steps, local-search rounds, region passes and their
    /// nodes, packing placements), so the result is the same on every machine.
    pub node_limit: Option<u64>,
    /// Bound and best layout on stderr while solving, when it is a terminal.
    pub progress: bool,
    /// The command's deadline and Ctrl-C; with `time_limit` too, whichever
    /// comes first (`time_limit` counts from this call).
    pub deadline: Deadline,
}

/// Solves the whole model; with a time or node limit that cuts a part's
/// search short, the best layout found and its proven bound (status
/// `Feasible`; `Optimal` when every part was proven within the limit).
pub fn solve(m: &Model, options: &DecomposeOptions) -> Plan {
    let deadline = options.deadline.min(Deadline::after(options.time_limit));
    let inst = Instance::build(m);
    // Parts that share no block are independent: each gets its own search
    // (in parallel), so that one part's open gap does not multiply another's
    // in a single tree. The largest (the first) shows its progress.
    let parts = inst.split();
    let results: Vec<search::SearchResult> = parts
        .par_iter()
        .enumerate()
        .map(|(k, part)| {
            search::search(
                &part.inst,
                &search::SearchOptions {
                    deadline,
                    progress: options.progress && k == 0,
                    node_limit: options.node_limit,
                    regions: Some(lns::improve),
                    pack_budget: search::PACK_BUDGET,
                    exact_packing: true,
                    rota_branching: true,
                },
            )
        })
        .collect();
    let mut covers = vec![Cover::None; m.applications.len()];
    let mut rotas = Vec::new();
    let mut bound = inst.fixed_cost;
    let mut optimal = true;
    for (part, result) in parts.iter().zip(&results) {
        bound += result.bound;
        optimal &= result.optimal;
        for (s, staffed) in result.assignment.rotas.iter().enumerate() {
            let block = &inst.blocks[part.blocks[s]];
            for rota in staffed {
                let mut apps: Vec<usize> = rota
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
