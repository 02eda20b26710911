//! Analysis of a plan and a model, as data: the price of every alternative
//! decision and of dropping each rota (explanations, by forced solves), the
//! findings that deserve a planner's attention (diagnostics), and the
//! revenue-insurance table. Structs and figures only: `report` owns every
//! sentence and every formatted amount.

pub mod by_team;
pub mod diagnostics;
pub mod explain;
pub mod insurance;
pub mod sweep;
