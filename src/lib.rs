//! rota: plans out-of-hours on-call rotas as revenue insurance.
//!
//! Data flows one way: scenario file -> validation -> model -> graph ->
//! formulation -> backend -> plan -> layout and reports. The evaluator judges
//! any layout from the file format alone.

pub mod cli;
pub mod decompose;
pub mod diagnostics;
pub mod evaluate;
pub mod explain;
pub mod formulation;
pub mod generate;
pub mod graph;
pub mod insurance;
pub mod layout;
pub mod lp;
pub mod mip;
pub mod model;
pub mod output;
pub mod plan;
pub mod policy;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod solvers;
pub mod tiebreak;
