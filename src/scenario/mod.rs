//! Scenario input: the file format, reading with line numbers, and structural
//! validation. Imports nothing from the crate but number formatting: the model
//! is built from a validated scenario one layer up (`model::load`).

pub mod error;
pub mod format;
pub mod source;
pub mod validate;

pub use error::{Problem, ProblemCode, ScenarioError};
pub use format::Scenario;
pub use source::{read_scenario, Source};
