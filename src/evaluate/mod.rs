//! The layout evaluator (SPEC §4): judges any layout — hand-designed or the
//! solver's — against a scenario, from the file format alone.
//!
//! - `facts`: what the rules need from the scenario (targets laxest first,
//!   windows, potential loss, floors, allowed targets, domain ancestry);
//! - `rotas`: who is on which rota and every rule a rota breaks;
//! - `costs`: each application's target (listed or inferred), the rules its
//!   target and cover break, and what it costs;
//! - `violations`: the violation codes and the sentences' small helpers.
//!
//! Support windows (SPEC §7.1): each window is a copy of the problem coupled
//! through each application's target. A rota is staffed in its `windows` and
//! costs the standby share of each; an application has one cover per window,
//! loses revenue only where it trades and pays callouts wherever it is
//! covered; its target must be served in every window where it trades.
//! A rota's load is its heaviest window's. A rota staffed in no window
//! (`windows = []`, or only windows the scenario lacks) is `no-window`, and
//! its rules are still checked on the applications it lists; a window listed
//! twice is `duplicate-window`.
//! Without `[[windows]]` there is one window, "out-of-hours", of share 1, and
//! every figure and sentence is what it was before windows.
//!
//! Independence: this module imports only the file formats
//! (`crate::scenario`'s format and error helpers, `crate::layout`) and the
//! leaf `crate::numbers`, never `model`, `plan`, `solve` or `analysis`. It
//! recomputes windows, potential loss, floors, allowed targets, inferred
//! targets, domain ancestry and costs itself, because it is the independent
//! check of the model, the formulation and the solver: the tests require every
//! layout the solvers write to pass here with the solver's own total, and no
//! layout passing here to be cheaper than the optimum. A mistake in shared
//! arithmetic would agree with itself and pass.
//!
//! A layout that breaks rules still gets its costs, so planners see the money.

pub mod costs;
pub mod facts;
pub mod rotas;
pub mod violations;

use serde::Serialize;

pub use costs::{AppEval, WindowCover};
pub use rotas::RotaEval;
pub use violations::{Code, Violation};

use crate::layout::Layout;
use crate::layout::Totals;
use crate::scenario::format::Scenario;

/// A layout judged against a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub scenario: String,
    pub currency: String,
    /// Rota rules first (in layout order), then `[targets]`, then applications
    /// (in scenario order).
    pub violations: Vec<Violation>,
    pub rotas: Vec<RotaEval>,
    /// One per scenario application, in scenario order.
    pub applications: Vec<AppEval>,
    pub totals: Totals,
    /// The scenario's declared support windows (SPEC §7.1), in its order;
    /// empty without `[[windows]]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<String>,
}

impl Evaluation {
    pub fn feasible(&self) -> bool {
        self.violations.is_empty()
    }

    pub fn codes(&self) -> Vec<Code> {
        self.violations.iter().map(|v| v.code).collect()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    #[error("the scenario defines no targets, so no layout can be judged against it")]
    NoTargets,
}

/// Judges `layout` against `scenario` and costs it.
pub fn evaluate(scenario: &Scenario, layout: &Layout) -> Result<Evaluation, EvaluateError> {
    let f = facts::Facts::derive(scenario).ok_or(EvaluateError::NoTargets)?;
    let reading = rotas::read(scenario, &f, layout);
    let mut violations = reading.violations;
    violations.extend(costs::check_listed_targets(scenario, &f, layout));
    let applications = costs::applications(scenario, &f, layout, &reading.cover, &mut violations);
    let standby = reading.rotas.iter().fold(0.0, |s, r| s + r.standby);
    let totals = costs::totals(standby, &applications);
    Ok(Evaluation {
        scenario: scenario.name.clone(),
        currency: scenario.currency.clone(),
        violations,
        rotas: reading.rotas,
        applications,
        totals,
        windows: scenario.windows.iter().map(|w| w.name.clone()).collect(),
    })
}

#[cfg(test)]
mod tests;
