//! The plain integer program: a backend-agnostic program, the formulation
//! that fills it from a model, the CPLEX LP writer and the backends; and
//! `solve_program`, which solves a model with it component by component.

pub mod backends;
pub mod formulation;
pub mod lp;
pub mod program;
pub mod windows;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::deadline::Deadline;
use crate::model::graph::OrgGraph;
use crate::model::{Cover, Model};
use crate::plan::{Plan, PlannedRota};
use crate::solve::mip::backends::{Backend, BackendError, Limits, MipResult, MipStatus};
use crate::solve::mip::formulation::Formulation;
use crate::solve::mip::program::Mip;
use crate::solve::{SolveError, SolveOptions, SEARCH_SHARE};

struct ComponentResult {
    rotas: Vec<PlannedRota>,
    covers: Vec<(usize, Cover)>,
    bound: f64,
    optimal: bool,
}

/// The plain integer program of SPEC §3 on `backend`: the model split into
/// independent components, each formulated and solved (in parallel), ties
/// broken by shared technology when `options` asks, one plan assembled.
/// `solve::optimise` is the entry the commands use.
pub fn solve_program(
    m: &Model,
    options: &SolveOptions,
    backend: &dyn Backend,
) -> Result<Plan, SolveError> {
    every_application_coverable(m)?;
    let (whole, search) = deadlines(options);
    let components = OrgGraph::build(m).rota_components(m);
    let results: Vec<Result<ComponentResult, SolveError>> = components
        .par_iter()
        .map(|c| solve_component(m, c, options, (search, whole), backend))
        .collect();
    let mut rotas = Vec::new();
    let mut covers = vec![Cover::None; m.applications.len()];
    let mut bound = 0.0;
    let mut optimal = true;
    for r in results {
        let r = r?;
        rotas.extend(r.rotas);
        for (a, c) in r.covers {
            covers[a] = c;
        }
        bound += r.bound;
        optimal &= r.optimal;
    }
    let plan = Plan::proven(m, rotas, &covers, optimal, bound);
    Ok(plan)
}

/// The time left until the deadline, and the node limit: each component's
/// search gets the whole node limit (a budget that depends only on the input,
/// not on which component a thread finished first).
pub(crate) fn limits(deadline: Option<Instant>, node_limit: Option<u64>) -> Limits {
    Limits {
        time_limit: deadline.map(|d| {
            d.saturating_duration_since(Instant::now())
                .max(Duration::from_millis(1))
        }),
        node_limit,
    }
}

fn solve_component(
    m: &Model,
    component: &[usize],
    options: &SolveOptions,
    (search, whole): (Deadline, Deadline),
    backend: &dyn Backend,
) -> Result<ComponentResult, SolveError> {
    let f = Formulation::build(m, component);
    let fixed_cost: f64 = f
        .fixed_none
        .iter()
        .map(|&a| {
            m.best_cost(&m.applications[a], Cover::None)
                .map_or(0.0, |c| c.total())
        })
        .sum();
    // A component reached after Ctrl-C (or once the time is up) keeps its
    // starting point: the backends cannot be interrupted mid-search.
    let solved = if search.passed() {
        Err(BackendError::NoSolution)
    } else {
        backend.solve(
            &f.mip,
            &limits(search.at(), options.node_limit),
            Some(&f.warm),
        )
    };
    let first = match solved {
        Ok(r) => r,
        // Out of time or nodes before the backend had an incumbent: the starting point
        // is a feasible layout, and each application's cheapest cover with no
        // standby at all is a valid (weak) bound.
        Err(BackendError::NoSolution) if accept(&f.mip, &f.warm) => MipResult {
            objective: f.mip.objective_value(&f.warm),
            values: f.warm.clone(),
            bound: f.trivial_bound(),
            status: MipStatus::Feasible,
        },
        Err(e) => return Err(e.into()),
    };
    let optimal = first.status == MipStatus::Optimal;
    let mut decoded = f.decode(&first.values);
    if options.tech_tie_break {
        crate::solve::tiebreak::regroup(m, &mut decoded, backend, whole);
    }
    let rotas = decoded
        .rotas
        .into_iter()
        .map(|(cover, key, apps)| PlannedRota::new(m, cover, key, apps))
        .collect();
    Ok(ComponentResult {
        rotas,
        covers: decoded.covers,
        // A backend stopped before it had a bound of its own (HiGHS before
        // the root relaxation, microlp before its first node) reports minus
        // infinity; the trivial bound is always valid.
        bound: first.bound.max(f.trivial_bound()) + fixed_cost,
        optimal,
    })
}

/// A solution is only used if it really satisfies the program.
fn accept(mip: &Mip, values: &[f64]) -> bool {
    values.len() == mip.vars.len() && mip.max_violation(values) < 1e-6
}

/// An application no cover can take would leave its assignment row empty,
/// which a backend may drop instead of reporting: refused up front.
pub(crate) fn every_application_coverable(m: &Model) -> Result<(), SolveError> {
    match m
        .applications
        .iter()
        .find(|a| Cover::ALL.iter().all(|&c| m.best_cost(a, c).is_none()))
    {
        Some(a) => Err(SolveError::Infeasible(format!(
            "application \"{}\" has no allowed target that a permitted cover can meet",
            a.id
        ))),
        None => Ok(()),
    }
}

/// The command's deadline and this solve's own limit, whichever comes first
/// (`whole`), and the search's share of it when the tie-break follows
/// (`search`; the tie-break gets the rest).
pub(crate) fn deadlines(options: &SolveOptions) -> (Deadline, Deadline) {
    let whole = options.deadline.min(Deadline::after(options.time_limit));
    let search = if options.tech_tie_break {
        whole.share(SEARCH_SHARE)
    } else {
        whole
    };
    (whole, search)
}
