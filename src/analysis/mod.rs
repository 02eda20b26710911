//! Analysis of a plan: why each decision (explanations), what deserves a
//! planner's attention (diagnostics), and the revenue-insurance table.

pub mod diagnostics;
pub mod explain;
pub mod insurance;
