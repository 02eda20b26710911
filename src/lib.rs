//! rota: plans out-of-hours on-call rotas as revenue insurance.
//!
//! The modules are listed in the order data flows through them, bottom layer
//! first; each uses only the layers above it in this list. ARCHITECTURE.md
//! explains what each owns; tests/it/architecture.rs enforces the order.

// Money as a planner reads it, and the tolerance of "equal cost".
pub mod numbers;
// One deadline for a whole command (--time-limit), and Ctrl-C.
pub mod deadline;

// The scenario file: format, reading with line numbers, structural validation.
pub mod scenario;

// Realistic scenarios for benchmarks and trials.
pub mod generate;
// The layout file (hand-designed or solved) and its totals.
pub mod layout;
// Organisations from spreadsheets and Backstage catalogues, as scenarios.
pub mod import;

// The independent judge of a layout, from the file formats alone.
pub mod evaluate;
// The resolved organisation: floors, allowed targets, costs, the graph.
pub mod model;
// On-call configuration out (Terraform for PagerDuty), from the file formats.
pub mod export;

// A solution: targets, covers and rotas; the baseline and the policies.
pub mod plan;

// Finding the optimal plan: the dedicated solver and the integer program.
pub mod solve;

// Why each decision, what to look at, the revenue-insurance table.
pub mod analysis;

// Every sentence and table a person reads.
pub mod report;

// The command line: parse, call, render.
pub mod cli;
