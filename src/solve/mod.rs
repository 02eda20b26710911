//! Solving a model: `optimise` is the entry the commands use. It runs the
//! dedicated decomposition (`decompose`) or the plain integer program
//! (`mip`), then breaks ties by shared technology (`tiebreak`).

pub mod decompose;
pub mod mip;
pub mod season;
pub mod tiebreak;
pub mod window;

use std::time::Duration;

use crate::deadline::Deadline;

use crate::model::Model;
use crate::plan::Plan;
use crate::solve::mip::backends::microlp::MicroLp;
use crate::solve::mip::backends::BackendError;
use crate::solve::mip::solve_program;

/// The largest node limit accepted (`--node-limit`): far beyond any run that
/// ends in reasonable time, and within HiGHS's 32-bit `mip_max_nodes`.
pub const NODE_LIMIT_MAX: u64 = 1_000_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Stop after this much wall-clock time: the result depends on the
    /// machine and its load.
    pub time_limit: Option<Duration>,
    /// Stop after this many branch-and-bound nodes in each independent part
    /// (dedicated solver) or component (integer program): a count of work,
    /// so the same input and limit give the same result on every machine and
    /// thread schedule. With a time limit too, whichever comes first.
    pub node_limit: Option<u64>,
    /// Regroup domain rotas by shared technology (see `tiebreak`).
    pub tech_tie_break: bool,
    /// The command's deadline (`--time-limit` from when it started) and
    /// Ctrl-C: with `time_limit` too, whichever comes first. The search
    /// leaves a share of it to the tie-break.
    pub deadline: Deadline,
}

/// The share of the time left that the search takes when the tie-break
/// follows it (the tie-break has the rest).
pub(crate) const SEARCH_SHARE: f64 = 0.9;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            node_limit: None,
            tech_tie_break: true,
            deadline: Deadline::NONE,
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
        Method::Mip => solve_program(m, options, &MicroLp),
        #[cfg(feature = "highs")]
        Method::Highs => solve_program(m, options, &crate::solve::mip::backends::highs::Highs),
        #[cfg(not(feature = "highs"))]
        Method::Highs => Err(SolveError::NotBuilt),
        Method::Dedicated => {
            let whole = options.deadline.min(Deadline::after(options.time_limit));
            let plan = crate::solve::decompose::solve(
                m,
                &crate::solve::decompose::DecomposeOptions {
                    time_limit: None,
                    node_limit: options.node_limit,
                    progress,
                    deadline: if options.tech_tie_break {
                        whole.share(SEARCH_SHARE)
                    } else {
                        whole
                    },
                },
            );
            Ok(if options.tech_tie_break {
                crate::solve::tiebreak::regroup_plan(m, plan, &MicroLp, whole)
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
