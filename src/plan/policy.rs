//! The support policies of the Who Runs It series, priced on a model so that a
//! planner can set the optimum beside them. The "every team on its own team
//! rota" baseline lives in `plan::baseline`; this module prices
//! "You Build It Ops Run It at scale".

use serde::Serialize;

use crate::layout::Totals;
use crate::model::pack::pack;
use crate::model::{AppCost, Cover, Model, SupportLevel};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyCost {
    pub description: &'static str,
    pub rotas: usize,
    pub totals: Totals,
    /// `support.operations.incident_factor` (SPEC §7.5); shown only when not 1.
    #[serde(skip_serializing_if = "is_one")]
    pub incident_factor: f64,
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

pub const OPERATIONS_AT_SCALE: &str = "You Build It Ops Run It at scale: every application whose current target needs cover on Application Operations rotas, at current targets";

/// "You Build It Ops Run It at scale", when the model prices Application
/// Operations (`support.operations`); `None` otherwise.
///
/// Every application keeps its current target. Those whose current target
/// needs out-of-hours cover go on Application Operations rotas: Operations
/// covers any application, so the rotas are packed by load alone (first fit
/// decreasing, at most `max_rota_load` each; `max_rota_teams` is a limit on
/// delivery teams sharing a domain rota and does not apply). Each rota costs
/// the operations standby; covered applications restore in the operations TTR
/// and pay its callout cost; the rest restore in the no-cover TTR.
/// Engineering is that of the current target. Incidents of the covered
/// applications are multiplied by `support.operations.incident_factor`
/// (SPEC §7.5: "incidents will be more frequent"), in both their expected
/// loss and their callouts; the uncovered ones keep their own rate.
pub fn operations_at_scale(m: &Model) -> Option<PolicyCost> {
    let ops = m.operations.as_ref()?;
    let factor = m.operations_incident_factor;
    let mut covered = Vec::new();
    let mut totals = Totals::default();
    for (i, a) in m.applications.iter().enumerate() {
        let target = &m.targets[a.current_target];
        let cost = if target.support == SupportLevel::None {
            m.cost_at(a, a.current_target, Cover::None)
        } else {
            covered.push((i, a.load, 0));
            let incidents = a.incidents_per_month * factor;
            AppCost {
                target: a.current_target,
                expected_loss: incidents * a.potential_loss(ops.ttr_minutes / 60.0),
                callouts: incidents * ops.callout,
                engineering: target.engineering,
            }
        };
        totals.expected_loss += cost.expected_loss;
        totals.callouts += cost.callouts;
        totals.engineering += cost.engineering;
    }
    let rotas = pack(&covered, m.max_rota_load, 0).len();
    totals.standby = rotas as f64 * ops.standby;
    totals.total = totals.standby + totals.expected_loss + totals.callouts + totals.engineering;
    Some(PolicyCost {
        description: OPERATIONS_AT_SCALE,
        rotas,
        totals,
        incident_factor: factor,
    })
}
