//! Reports: plain serde structs built from a plan, rendered as a table or JSON.

pub mod check;
pub mod explain;
pub mod insurance;
pub mod solve;
