//! The optional HiGHS backend (cargo feature `highs`): the same `Mip`, mapped
//! to good_lp exactly as the microlp backend does, then solved by HiGHS.
//!
//! good_lp builds the HiGHS model; rota runs it itself (`try_into_inner`)
//! because good_lp's solution keeps neither HiGHS's MIP dual bound nor the
//! gap, and a time-limited run must report an honest bound.
//!
//! - Quiet: the `highs` crate turns HiGHS's output off (`output_flag`,
//!   `log_to_console`); nothing reaches stdout, which carries the JSON.
//! - One thread per run (`threads = 1`), and one run at a time in the process
//!   (a lock): HiGHS's task scheduler has had crashes when instances ran on
//!   several threads at once, and rota solves components in parallel.
//! - `mip_rel_gap = 0`: HiGHS's default stops at a 0.01 % gap and calls that
//!   optimal; rota calls a layout optimal only when proven (HiGHS's absolute
//!   gap tolerance, 1e-6 in money, still applies).
//! - The warm start is not passed on. HiGHS 1.16 takes it as a MIP start,
//!   but when presolve turns it into an optimal point of the reduced program
//!   HiGHS reports that optimum and returns the user's original, costlier
//!   point as its solution (on Fruits R Us: "optimal" 23,300 for a component
//!   whose optimum is 14,300). `mip::solve_program` falls back on the warm
//!   start when a time limit runs out before HiGHS has a layout.
//! - Whatever HiGHS returns is checked: the point must satisfy the program
//!   and cost what HiGHS says it costs, otherwise the run is an error, never
//!   a layout.
//! - Status: `Optimal` only when HiGHS reports the model optimal with a
//!   feasible primal solution; any limit reached with a solution in hand is
//!   `Feasible`, with HiGHS's MIP dual bound (`mip_dual_bound`) as the bound.
//!   Where HiGHS has no finite dual bound (stopped before the root
//!   relaxation) the bound is minus infinity, which `mip::solve_program`
//!   raises to the formulation's trivial bound.

use std::sync::Mutex;

use ::highs::{HighsModelStatus, HighsSolutionStatus};
use good_lp::solvers::highs::highs as highs_model;
use good_lp::SolverModel;

use super::{Backend, BackendError, Limits, MipResult};
use crate::solve::mip::program::Mip;

/// One HiGHS run at a time in this process.
static ONE_RUN: Mutex<()> = Mutex::new(());

#[derive(Debug, Clone, Copy, Default)]
pub struct Highs;

impl Backend for Highs {
    fn solve(
        &self,
        mip: &Mip,
        limits: &Limits,
        _warm: Option<&[f64]>,
    ) -> Result<MipResult, BackendError> {
        // A poisoned lock only means an earlier run panicked (and was turned
        // into an error below); HiGHS holds no state across runs.
        let _one = ONE_RUN.lock().unwrap_or_else(|p| p.into_inner());
        // The bindings panic on statuses they do not know; that must become
        // an error for the planner, not a crash.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| solve_highs(mip, limits)))
            .unwrap_or_else(|_| {
                Err(BackendError::Other(
                    "HiGHS failed on this program (unexpected status from the solver)".into(),
                ))
            })
    }
}

fn solve_highs(mip: &Mip, limits: &Limits) -> Result<MipResult, BackendError> {
    if mip.vars.is_empty() {
        return Ok(MipResult::empty());
    }
    let (problem, vars, objective) = super::good_lp_problem(mip);
    let mut model = problem.minimise(objective).using(highs_model);
    for constraint in super::good_lp_constraints(mip, &vars) {
        model.add_constraint(constraint);
    }
    let mut inner = model
        .try_into_inner()
        .map_err(|e| BackendError::Other(e.to_string()))?;
    let mut options: Vec<(&str, Setting)> = vec![
        ("output_flag", Setting::Bool(false)),
        ("log_to_console", Setting::Bool(false)),
        ("threads", Setting::Int(1)),
        ("mip_rel_gap", Setting::Float(0.0)),
    ];
    if let Some(t) = limits.time_limit {
        options.push(("time_limit", Setting::Float(t.as_secs_f64())));
    }
    if let Some(n) = limits.node_limit {
        // HiGHS counts its own nodes; reaching the limit is its "solution
        // limit" status (`ReachedSolutionLimit`, a feasible stop below).
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        options.push(("mip_max_nodes", Setting::Int(n)));
    }
    for (name, value) in options {
        let set = match value {
            Setting::Bool(b) => inner.try_set_option(name, b),
            Setting::Int(i) => inner.try_set_option(name, i),
            Setting::Float(x) => inner.try_set_option(name, x),
        };
        set.map_err(|_| BackendError::Other(format!("HiGHS rejected the option {name}")))?;
    }
    let solved = inner
        .try_solve()
        .map_err(|e| BackendError::Other(format!("HiGHS could not solve the program: {e:?}")))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let proven = proven_by(&status)?;
    if !has_solution {
        let limit_reached = status == HighsModelStatus::ReachedTimeLimit
            || (limits.node_limit.is_some() && status == HighsModelStatus::ReachedSolutionLimit);
        return Err(if limit_reached {
            BackendError::NoSolution
        } else {
            BackendError::Other(format!(
                "HiGHS stopped with status {status:?} and no feasible layout"
            ))
        });
    }
    // Integer columns come back within HiGHS's integrality tolerance; the
    // layout is read off whole numbers.
    let values: Vec<f64> = solved
        .get_solution()
        .columns()
        .iter()
        .zip(&mip.vars)
        .map(|(&x, v)| if v.integer { x.round() } else { x })
        .collect();
    let objective = mip.objective_value(&values);
    let reported = solved.objective_value();
    let violation = mip.max_violation(&values);
    if violation > 1e-6 || (objective - reported).abs() > 1e-6 * objective.abs().max(1.0) {
        return Err(BackendError::Other(format!(
            "HiGHS returned a point that does not match its own result (objective {objective} against {reported}, violation {violation})"
        )));
    }
    let dual_bound = solved.double_info_value(c"mip_dual_bound").ok();
    Ok(MipResult::found(values, objective, proven, dual_bound))
}

/// Whether HiGHS's status proves its solution optimal (`false`: a limit
/// was reached); an error for statuses that give no layout.
fn proven_by(status: &HighsModelStatus) -> Result<bool, BackendError> {
    match status {
        HighsModelStatus::Optimal => Ok(true),
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => Ok(false),
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            Err(BackendError::Infeasible)
        }
        other => Err(BackendError::Other(format!(
            "HiGHS stopped with status {other:?}"
        ))),
    }
}

/// An option value of one of the kinds HiGHS takes.
enum Setting {
    Bool(bool),
    Int(i32),
    Float(f64),
}
