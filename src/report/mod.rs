//! Reports: every sentence and table the commands print. Each module builds
//! a plain serde struct from a plan, an evaluation or the data of `analysis`,
//! and renders it as a table, JSON, CSV or markdown. The figures come from
//! the layers below; this layer words and formats them.

pub mod batch;
pub mod by_team;
pub mod check;
pub mod compare;
pub mod diagnostics;
pub mod dot;
pub mod explain;
pub mod html;
pub mod import;
pub mod insurance;
pub mod picture;
pub mod season;
pub mod solve;
pub mod sweep;
pub mod sweep_html;
pub mod table;
pub mod window;
