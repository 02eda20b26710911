//! Scenario input (SPEC §2): the file format (`format`), reading a TOML or
//! JSON file while keeping where each value sits (`source`), structural
//! validation (`validate`), and the problems they report, each with a stable
//! `ProblemCode` (`error`).
//!
//! It is the bottom layer and imports nothing from the rest of the crate. The
//! model is built from a validated scenario one layer up (`model::load`); the
//! checks that need the model (`model::feasibility`) report through the same
//! `validate::Collector` and `Problem`, so `rota check` prints one list in one
//! shape. Layout files are read through the same `Source`.

pub mod error;
pub mod format;
pub mod season;
pub mod source;
pub mod validate;

pub use error::{Problem, ProblemCode, ScenarioError};
pub use format::Scenario;
pub use source::{read_scenario, Source};
