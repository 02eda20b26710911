//! Backends that solve a `Mip`. Each backend is one file; the formulation
//! never names one. microlp (pure Rust) is always built; HiGHS only with the
//! cargo feature `highs`.

#[cfg(feature = "highs")]
pub mod highs;
pub mod microlp;

use std::time::Duration;

use crate::mip::Mip;

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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub time_limit: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    #[error("the integer program is infeasible")]
    Infeasible,
    #[error("the time limit ran out before any feasible layout was found")]
    NoSolution,
    #[error("solver failure: {0}")]
    Other(String),
}

pub trait Backend: Sync {
    fn name(&self) -> &'static str;
    /// Minimise `mip`, starting from `warm` when given (a feasible point).
    fn solve(
        &self,
        mip: &Mip,
        limits: &Limits,
        warm: Option<&[f64]>,
    ) -> Result<MipResult, BackendError>;
}
