//! The plain integer program: a backend-agnostic program, the formulation
//! that fills it from a model, the CPLEX LP writer and the backends.

pub mod backends;
pub mod formulation;
pub mod lp;
pub mod program;
