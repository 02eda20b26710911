//! Seasons solved on their own, in parallel (SPEC §7.2). Each season is an
//! ordinary model solved by `optimise`; nothing in the solver knows seasons.

use rayon::prelude::*;

use crate::model::Model;
use crate::plan::Plan;
use crate::solve::{optimise, Method, SolveError, SolveOptions};

/// One plan per model, in the order given (rayon's `collect` keeps it), so
/// the result does not depend on the thread schedule. The first failure (in
/// that order) is returned.
pub fn optimise_each(
    models: &[&Model],
    options: &SolveOptions,
    method: Method,
) -> Result<Vec<Plan>, SolveError> {
    let results: Vec<Result<Plan, SolveError>> = models
        .par_iter()
        .map(|m| optimise(m, options, method, false))
        .collect();
    results.into_iter().collect()
}
