//! rota: plans out-of-hours on-call rotas as revenue insurance.
//!
//! The modules are listed in the order data flows through them; see
//! ARCHITECTURE.md for what each owns and which way the arrows run.

pub mod analysis;
pub mod cli;
pub mod evaluate;
pub mod generate;
pub mod layout;
pub mod model;
pub mod numbers;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod solve;
