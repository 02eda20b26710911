//! The default backend: microlp through good_lp, pure Rust.

use good_lp::solvers::microlp::microlp;
use good_lp::{ResolutionError, Solution, SolverModel, WithInitialSolution, WithTimeLimit};

use super::{Backend, BackendError, Limits, MipResult, MipStatus};
use crate::solve::mip::program::Mip;

#[derive(Debug, Clone, Copy, Default)]
pub struct MicroLp;

impl Backend for MicroLp {
    fn solve(
        &self,
        mip: &Mip,
        limits: &Limits,
        warm: Option<&[f64]>,
    ) -> Result<MipResult, BackendError> {
        // microlp asserts on numerical trouble; a panic there must become an
        // error for the planner, not a crash.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| solve_microlp(mip, limits, warm)))
            .unwrap_or_else(|_| {
                Err(BackendError::Other(
                    "microlp failed on this program (numerical trouble); try smaller or rounder numbers".into(),
                ))
            })
    }
}

fn solve_microlp(
    mip: &Mip,
    limits: &Limits,
    warm: Option<&[f64]>,
) -> Result<MipResult, BackendError> {
    if mip.vars.is_empty() {
        return Ok(MipResult::empty());
    }
    let (problem, vars, objective) = super::good_lp_problem(mip);
    let mut model = problem.minimise(objective).using(microlp);
    if let Some(t) = limits.time_limit {
        model = model.with_time_limit(t.as_secs_f64());
    }
    if let Some(w) = warm {
        model = model.with_initial_solution(vars.iter().copied().zip(w.iter().copied()));
    }
    for constraint in super::good_lp_constraints(mip, &vars) {
        model.add_constraint(constraint);
    }
    let solution = model.solve().map_err(|e| match e {
        ResolutionError::Infeasible => BackendError::Infeasible,
        ResolutionError::Other(m) if m.contains("Time limit") => BackendError::NoSolution,
        other => BackendError::Other(other.to_string()),
    })?;
    let values: Vec<f64> = vars.iter().map(|v| solution.value(*v)).collect();
    let objective = mip.objective_value(&values);
    let inner = solution.into_inner();
    let proven = inner.termination_reason() == microlp_crate::TerminationReason::ProvenOptimal;
    let bound = if proven {
        objective
    } else {
        inner
            .stats()
            .best_bound
            .unwrap_or(f64::NEG_INFINITY)
            .min(objective)
    };
    Ok(MipResult {
        values,
        objective,
        bound,
        status: if proven {
            MipStatus::Optimal
        } else {
            MipStatus::Feasible
        },
    })
}
