//! Reports: plain serde structs built from a plan, rendered as a table or JSON.

pub mod batch;
pub mod check;
pub mod compare;
pub mod explain;
pub mod insurance;
pub mod solve;
pub mod table;
