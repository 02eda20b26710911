//! Backends that solve a `Mip`. Each backend is one file; the formulation
//! never names one. microlp (pure Rust) is always built; HiGHS only with the
//! cargo feature `highs`.

#[cfg(feature = "highs")]
pub mod highs;
pub mod microlp;

use std::time::Duration;

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

use crate::solve::mip::program::{Mip, Sense};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MipStatus {
    /// Proven optimal.
    Optimal,
    /// A feasible solution; optimality not proven within the limits.
    Feasible,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MipResult {
    pub values: Vec<f64>,
    pub objective: f64,
    /// Best proven lower bound on the objective.
    pub bound: f64,
    pub status: MipStatus,
}

impl MipResult {
    /// A backend's point: proven optimal, or feasible with the backend's dual
    /// bound (none, or one that is not finite, proves nothing; a bound above
    /// the point is cut to it).
    pub fn found(values: Vec<f64>, objective: f64, proven: bool, dual_bound: Option<f64>) -> Self {
        let bound = if proven {
            objective
        } else {
            dual_bound
                .filter(|b| b.is_finite())
                .map_or(f64::NEG_INFINITY, |b| b.min(objective))
        };
        MipResult {
            values,
            objective,
            bound,
            status: if proven {
                MipStatus::Optimal
            } else {
                MipStatus::Feasible
            },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub time_limit: Option<Duration>,
    /// Branch-and-bound nodes (a count: the same result on every machine).
    pub node_limit: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    #[error("the integer program is infeasible")]
    Infeasible,
    #[error("the time or node limit ran out before any feasible layout was found")]
    NoSolution,
    #[error("solver failure: {0}")]
    Other(String),
}

pub trait Backend: Sync {
    /// Minimise `mip`, starting from `warm` when given (a feasible point).
    fn solve(
        &self,
        mip: &Mip,
        limits: &Limits,
        warm: Option<&[f64]>,
    ) -> Result<MipResult, BackendError>;
}

impl MipResult {
    /// The answer to a program with no variables.
    fn empty() -> MipResult {
        MipResult {
            values: Vec::new(),
            objective: 0.0,
            bound: 0.0,
            status: MipStatus::Optimal,
        }
    }
}

/// The program's variables and objective in good_lp's terms (shared by the
/// backends that go through good_lp).
fn good_lp_problem(mip: &Mip) -> (ProblemVariables, Vec<Variable>, Expression) {
    let mut problem = ProblemVariables::new();
    let vars: Vec<Variable> = mip
        .vars
        .iter()
        .map(|v| {
            let def = variable().min(v.lower).max(v.upper);
            problem.add(if v.integer { def.integer() } else { def })
        })
        .collect();
    let objective: Expression = mip
        .vars
        .iter()
        .zip(&vars)
        .filter(|(v, _)| v.objective != 0.0)
        .map(|(v, x)| v.objective * *x)
        .sum();
    (problem, vars, objective)
}

/// The program's constraints in good_lp's terms, over `good_lp_problem`'s
/// variables.
fn good_lp_constraints<'a>(
    mip: &'a Mip,
    vars: &'a [Variable],
) -> impl Iterator<Item = Constraint> + 'a {
    mip.constraints.iter().map(move |c| {
        let lhs: Expression = c.terms.iter().map(|(v, a)| *a * vars[v.0]).sum();
        match c.sense {
            Sense::Le => lhs.leq(c.rhs),
            Sense::Ge => lhs.geq(c.rhs),
            Sense::Eq => lhs.eq(c.rhs),
        }
    })
}
