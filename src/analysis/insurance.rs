//! The revenue-insurance table of "You Build It You Run It" (SPEC §5, §6):
//! per availability target and support option, the revenue an outage would
//! still cost with that option's time to restore, and what the cover costs.
//!
//! The article treats the target's minimum revenue loss as the loss of a
//! whole downtime window `w(t)`; an option restoring in `ttr` loses the
//! `ttr / w(t)` share of it. An option protects the target when that share
//! stays within the minimum revenue loss, i.e. when it restores within the
//! window.

use serde::Serialize;

use crate::model::{Model, RotaCosts};

/// A way to pay for out-of-hours restoration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportOption {
    TeamRota,
    DomainRota,
    /// Application Operations (You Build It Ops Run It).
    Operations,
}

impl SupportOption {
    pub fn as_str(self) -> &'static str {
        match self {
            SupportOption::TeamRota => "team_rota",
            SupportOption::DomainRota => "domain_rota",
            SupportOption::Operations => "operations",
        }
    }

    /// Readable name for tables.
    pub fn label(self) -> &'static str {
        match self {
            SupportOption::TeamRota => "team rota",
            SupportOption::DomainRota => "domain rota",
            SupportOption::Operations => "operations",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InsuranceRow {
    pub target: String,
    pub availability: f64,
    pub min_revenue_loss: f64,
    pub option: SupportOption,
    pub window_hours: f64,
    pub ttr_minutes: f64,
    pub standby: f64,
    /// `min_revenue_loss * (ttr / 60) / window_hours`, times the option's
    /// incident factor (operations' `incident_factor`, else 1).
    pub projected_loss: f64,
    /// `standby + projected_loss`.
    pub cost: f64,
    /// `projected_loss <= min_revenue_loss`.
    pub protects: bool,
    /// The cheapest option that protects this target. On equal cost the
    /// earlier option wins (team rota, domain rota, operations): the same
    /// money buys stronger operability incentives.
    pub cheapest: bool,
}

/// The options the model prices: team and domain rotas always, operations
/// when `support.operations` is given.
pub fn options(m: &Model) -> Vec<(SupportOption, &RotaCosts)> {
    let mut out = vec![
        (SupportOption::TeamRota, &m.team_rota),
        (SupportOption::DomainRota, &m.domain_rota),
    ];
    if let Some(ops) = &m.operations {
        out.push((SupportOption::Operations, ops));
    }
    out
}

/// How many times as frequent incidents are under `option`: the model's
/// `support.operations.incident_factor` for operations (SPEC §7.5), 1 for
/// the delivery teams' rotas.
pub fn incident_factor(m: &Model, option: SupportOption) -> f64 {
    match option {
        SupportOption::Operations => m.operations_incident_factor,
        SupportOption::TeamRota | SupportOption::DomainRota => 1.0,
    }
}

/// One row per target (laxest first, as in the article) and option. An
/// option's projected loss scales with its incident rate: operations'
/// `incident_factor` multiplies it (and so may leave a target unprotected).
pub fn table(m: &Model) -> Vec<InsuranceRow> {
    let mut rows = Vec::new();
    for t in &m.targets {
        let start = rows.len();
        for (option, costs) in options(m) {
            // x 1 is exact: without a factor the figures are those of before.
            let projected_loss = t.min_revenue_loss * (costs.ttr_minutes / 60.0) / t.window_hours
                * incident_factor(m, option);
            rows.push(InsuranceRow {
                target: t.name.clone(),
                availability: t.availability,
                min_revenue_loss: t.min_revenue_loss,
                option,
                window_hours: t.window_hours,
                ttr_minutes: costs.ttr_minutes,
                standby: costs.standby,
                projected_loss,
                cost: costs.standby + projected_loss,
                protects: projected_loss <= t.min_revenue_loss,
                cheapest: false,
            });
        }
        let here = &mut rows[start..];
        let best = here
            .iter()
            .enumerate()
            .filter(|(_, r)| r.protects)
            .min_by(|(i, a), (j, b)| a.cost.total_cmp(&b.cost).then(i.cmp(j)))
            .map(|(i, _)| i);
        if let Some(i) = best {
            here[i].cheapest = true;
        }
    }
    rows
}
