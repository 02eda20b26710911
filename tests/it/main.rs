//! The integration tests, one binary so that a build links once.
//!
//! `common` holds the shared helpers: random tiny scenarios and the
//! evaluator round-trip check.

mod architecture;
mod brute_force;
mod brute_force_windows;
mod cli;
mod cli_batch;
mod cli_compare;
mod cli_conventions;
mod common;
mod decompose;
mod diagnostics;
mod end_to_end;
mod equality_large;
mod evaluate_roundtrip;
mod evaluate_windows;
mod explain;
mod export;
mod fixtures;
mod formulation;
mod fruits_r_us;
mod fuzz_regressions;
mod generate;
#[cfg(feature = "highs")]
mod highs_backend;
mod hostile;
mod html;
mod import;
mod insurance;
mod levers;
mod no_panic;
mod packing;
mod seasons;
mod smoke_random;
mod snapshots;
mod sweep_html;
mod time_limit;
mod validation;
mod windows;
mod windows_solve;
mod zoo;
