//! Solving a model: split into independent components, formulate and solve
//! each (in parallel), break ties by shared technology, assemble one plan.

pub mod decompose;
pub mod mip;
pub mod tiebreak;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::model::graph::OrgGraph;
use crate::model::{Cover, Model};
use crate::plan::{Plan, PlannedRota};
use crate::solve::mip::backends::microlp::MicroLp;
use crate::solve::mip::backends::{Backend, BackendError, Limits, MipResult, MipStatus};
use crate::solve::mip::formulation::Formulation;
use crate::solve::mip::program::Mip;

#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    pub time_limit: Option<Duration>,
    /// Regroup domain rotas by shared technology (see `tiebreak`).
    pub tech_tie_break: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            tech_tie_break: true,
        }
    }
}

/// Which solver the commands use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// Lagrangian bounds, local search and branch and bound (scales to thousands)
    #[default]
    Dedicated,
    /// The SPEC §3 integer program with the microlp backend
    Mip,
    /// The SPEC §3 integer program with HiGHS (a build with `--features highs`)
    Highs,
}

impl Method {
    /// Whether this build can run the method: `--solver highs` needs the
    /// cargo feature `highs`.
    pub fn available(self) -> Result<(), SolveError> {
        match self {
            Method::Highs if !cfg!(feature = "highs") => Err(SolveError::NotBuilt),
            _ => Ok(()),
        }
    }
}

/// The optimum as the commands compute it: the dedicated decomposition by
/// default, or the plain integer program (microlp, or HiGHS in a build with
/// the `highs` feature); either way followed by the technology tie-break.
/// `progress` shows the dedicated solver's bound and best layout on stderr
/// when it is a terminal.
pub fn optimise(
    m: &Model,
    options: &SolveOptions,
    method: Method,
    progress: bool,
) -> Result<Plan, SolveError> {
    match method {
        Method::Mip => solve(m, options, &MicroLp),
        #[cfg(feature = "highs")]
        Method::Highs => solve(m, options, &crate::solve::mip::backends::highs::Highs),
        #[cfg(not(feature = "highs"))]
        Method::Highs => Err(SolveError::NotBuilt),
        Method::Dedicated => {
            let plan = crate::solve::decompose::solve(
                m,
                &crate::solve::decompose::DecomposeOptions {
                    time_limit: options.time_limit,
                    progress,
                },
            );
            Ok(if options.tech_tie_break {
                crate::solve::tiebreak::regroup_plan(m, plan, &MicroLp)
            } else {
                plan
            })
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("no layout satisfies the scenario: {0}")]
    Infeasible(String),
    #[error("{0}")]
    Backend(#[from] BackendError),
    #[error("this rota was built without the `highs` feature; rebuild with `cargo build --release --features highs`")]
    NotBuilt,
}

struct ComponentResult {
    rotas: Vec<PlannedRota>,
    covers: Vec<(usize, Cover)>,
    bound: f64,
    optimal: bool,
}

pub fn solve(m: &Model, options: &SolveOptions, backend: &dyn Backend) -> Result<Plan, SolveError> {
    // An application no cover can take would leave its assignment row empty,
    // which a backend may drop instead of reporting.
    if let Some(a) = m
        .applications
        .iter()
        .find(|a| Cover::ALL.iter().all(|&c| m.best_cost(a, c).is_none()))
    {
        return Err(SolveError::Infeasible(format!(
            "application \"{}\" has no allowed target that a permitted cover can meet",
            a.id
        )));
    }
    let deadline = options.time_limit.map(|t| Instant::now() + t);
    let components = OrgGraph::build(m).rota_components(m);
    let results: Vec<Result<ComponentResult, SolveError>> = components
        .par_iter()
        .map(|c| solve_component(m, c, options, deadline, backend))
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

fn remaining(deadline: Option<Instant>) -> Limits {
    Limits {
        time_limit: deadline.map(|d| {
            d.saturating_duration_since(Instant::now())
                .max(Duration::from_millis(1))
        }),
    }
}

fn solve_component(
    m: &Model,
    component: &[usize],
    options: &SolveOptions,
    deadline: Option<Instant>,
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
    let first = match backend.solve(&f.mip, &remaining(deadline), Some(&f.warm)) {
        Ok(r) => r,
        // Out of time before the backend had an incumbent: the starting point
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
        crate::solve::tiebreak::regroup(m, &mut decoded, backend);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highs_is_available_exactly_in_a_build_with_the_feature() {
        assert_eq!(Method::Dedicated.available(), Ok(()));
        assert_eq!(Method::Mip.available(), Ok(()));
        if cfg!(feature = "highs") {
            assert_eq!(Method::Highs.available(), Ok(()));
        } else {
            let e = Method::Highs.available().expect_err("not built");
            assert_eq!(
                e.to_string(),
                "this rota was built without the `highs` feature; rebuild with `cargo build --release --features highs`"
            );
        }
    }
}
