//! The report of `rota solve` on a scenario with seasons (SPEC §7.2): each
//! season's layout and totals, the year's cost per month, and the rotas
//! staffed only in some seasons.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::season::SeasonModel;
use crate::numbers::money;
use crate::plan::{baseline, Plan, Status, Totals};
use crate::report::solve::{build, render_table, ApplicationRow, RotaRow, SolveReport};
use crate::scenario::season::year_per_month;

/// One season's result (JSON `seasons[i]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonRow {
    pub name: String,
    pub months: f64,
    pub loss_factor: f64,
    pub incident_factor: f64,
    pub status: Status,
    pub gap: f64,
    pub totals: Totals,
    pub rotas: Vec<RotaRow>,
    pub applications: Vec<ApplicationRow>,
    /// The season's full report, for the table.
    #[serde(skip)]
    pub report: SolveReport,
}

/// A rota staffed in some seasons but not all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartRota {
    pub rota: String,
    pub seasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonsReport {
    pub scenario: String,
    pub currency: String,
    pub seasons: Vec<SeasonRow>,
    /// The year's cost per month: each figure `sum(months * figure) / 12`.
    pub totals: Totals,
    pub staffed_in_some_seasons: Vec<PartRota>,
}

/// The report from each season's model and plan, in declared order.
pub fn build_seasons(
    scenario: &str,
    currency: &str,
    seasons: &[(&SeasonModel, &Plan)],
) -> SeasonsReport {
    let rows: Vec<SeasonRow> = seasons
        .iter()
        .map(|(sm, plan)| {
            let r = build(&sm.model, plan, &baseline(&sm.model));
            SeasonRow {
                name: sm.season.name.clone(),
                months: sm.season.months,
                loss_factor: sm.season.loss_factor,
                incident_factor: sm.season.incident_factor,
                status: r.status,
                gap: r.gap,
                totals: r.totals,
                rotas: r.rotas.clone(),
                applications: r.applications.clone(),
                report: r,
            }
        })
        .collect();
    let year =
        |f: fn(&Totals) -> f64| year_per_month(rows.iter().map(|r| (r.months, f(&r.totals))));
    let totals = Totals {
        standby: year(|t| t.standby),
        expected_loss: year(|t| t.expected_loss),
        callouts: year(|t| t.callouts),
        engineering: year(|t| t.engineering),
        total: year(|t| t.total),
    };
    let mut staffed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &rows {
        for rota in &r.rotas {
            staffed.entry(&rota.name).or_default().push(r.name.clone());
        }
    }
    let staffed_in_some_seasons = staffed
        .into_iter()
        .filter(|(_, s)| s.len() < rows.len())
        .map(|(rota, seasons)| PartRota {
            rota: rota.to_string(),
            seasons,
        })
        .collect();
    SeasonsReport {
        scenario: scenario.to_string(),
        currency: currency.to_string(),
        seasons: rows,
        totals,
        staffed_in_some_seasons,
    }
}

fn factor(x: f64) -> String {
    format!("{x}")
}

/// A section per season (its full solve table), then the year.
pub fn render_seasons_table(r: &SeasonsReport) -> String {
    let mut out = String::new();
    for s in &r.seasons {
        out.push_str(&format!(
            "=== Season '{}': {} months, loss x{}, incidents x{} ===\n",
            s.name,
            factor(s.months),
            factor(s.loss_factor),
            factor(s.incident_factor)
        ));
        out.push_str(&render_table(&s.report));
        out.push('\n');
    }
    out.push_str("=== The year ===\n");
    for s in &r.seasons {
        out.push_str(&format!(
            "  {:<24} {:>5} months x {} a month\n",
            s.name,
            factor(s.months),
            money(s.totals.total)
        ));
    }
    out.push_str(&format!(
        "  year, per month (sum of months x total / 12): {}\n",
        money(r.totals.total)
    ));
    if r.staffed_in_some_seasons.is_empty() {
        out.push_str("  every rota is staffed in every season\n");
    } else {
        out.push_str("  rotas staffed only in some seasons:\n");
        for p in &r.staffed_in_some_seasons {
            out.push_str(&format!(
                "    {} (only in {})\n",
                p.rota,
                p.seasons.join(", ")
            ));
        }
    }
    out
}
