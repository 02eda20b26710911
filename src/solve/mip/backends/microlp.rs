//! The default backend: microlp through good_lp, pure Rust.

use good_lp::solvers::microlp::microlp;
use good_lp::SolverModel;
use microlp_crate::{OptimizationDirection, Problem, SolveOptions, TerminationReason, Variable};

use super::{Backend, BackendError, Limits, MipResult};
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
    check_integer_bounds(mip)?;
    // good_lp builds the microlp problem; rota runs it itself because
    // good_lp passes on neither microlp's node limit nor its bound.
    let (problem, vars, objective) = super::good_lp_problem(mip);
    let mut model = problem.minimise(objective).using(microlp);
    for constraint in super::good_lp_constraints(mip, &vars) {
        model.add_constraint(constraint);
    }
    let handles = handles(vars.len());
    // The options good_lp would set (proven optimality: no gap), and the
    // node limit, which counts microlp's branch-and-bound nodes: the same
    // program and limit give the same result on every machine.
    let mut options = SolveOptions::default();
    options.time_limit = limits.time_limit;
    options.node_limit = limits.node_limit;
    options.mip_gap = 0.0;
    options.warm_start = warm.map(|w| handles.iter().copied().zip(w.iter().copied()).collect());
    let outcome = model.as_inner().solve_with(options).map_err(|e| match e {
        microlp_crate::Error::Infeasible => BackendError::Infeasible,
        other => BackendError::Other(other.to_string()),
    })?;
    // Interrupted: a limit came before microlp had any feasible point.
    let solution = outcome
        .into_solution()
        .map_err(|_| BackendError::NoSolution)?;
    let values: Vec<f64> = handles.iter().map(|&v| solution.var_value(v)).collect();
    let objective = mip.objective_value(&values);
    let proven = solution.termination_reason() == TerminationReason::ProvenOptimal;
    Ok(MipResult::found(
        values,
        objective,
        proven,
        solution.stats().best_bound,
    ))
}

/// microlp's handles for the program's variables, in order. microlp numbers
/// a problem's variables by creation order (`Variable::idx`), and good_lp
/// creates them in the program's order, so handle `k` made on a scratch
/// problem is variable `k` of the real one.
fn handles(n: usize) -> Vec<Variable> {
    let mut scratch = Problem::new(OptimizationDirection::Minimize);
    let handles: Vec<Variable> = (0..n).map(|_| scratch.add_var(0.0, (0.0, 0.0))).collect();
    debug_assert!(handles.iter().enumerate().all(|(k, v)| v.idx() == k));
    handles
}

/// The integer bounds microlp takes (whole numbers within `i32`, lower not
/// above upper), checked as good_lp would before solving: good_lp keeps its
/// own finding private and would otherwise solve with the variable at 0.
fn check_integer_bounds(mip: &Mip) -> Result<(), BackendError> {
    let in_range = |x: f64| (i32::MIN as f64..=i32::MAX as f64).contains(&x);
    for v in mip.vars.iter().filter(|v| v.integer) {
        let (lo, hi) = (v.lower.ceil(), v.upper.floor());
        if !(in_range(lo) || lo == f64::NEG_INFINITY) || !(in_range(hi) || hi == f64::INFINITY) {
            return Err(BackendError::Other(
                "Microlp only supports integer bounds within the i32 range".into(),
            ));
        }
        if lo > hi {
            return Err(BackendError::Infeasible);
        }
    }
    Ok(())
}
