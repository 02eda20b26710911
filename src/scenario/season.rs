//! Seasons (SPEC §7.2): a season is the scenario with its factors applied.
//!
//! Both the solver's side (one model per season) and the evaluator (judging a
//! layout against one season) build the season's scenario here, from the file
//! format alone, so they agree on what a season is.

use super::format::{Scenario, Season};

/// The scenario of one season: every application's `loss_per_hour` and
/// `max_loss` multiplied by the season's `loss_factor`, its
/// `incidents_per_month` by `incident_factor`; the seasons themselves removed,
/// so the result is an ordinary scenario of §1–6.
pub fn season_scenario(s: &Scenario, season: &Season) -> Scenario {
    let mut out = s.clone();
    out.seasons.clear();
    for a in &mut out.applications {
        a.loss_per_hour *= season.loss_factor;
        a.max_loss = a.max_loss.map(|m| m * season.loss_factor);
        a.incidents_per_month *= season.incident_factor;
    }
    out
}

/// The season named `name`, or the message naming the valid ones.
pub fn find_season<'s>(s: &'s Scenario, name: &str) -> Result<&'s Season, String> {
    if let Some(season) = s.seasons.iter().find(|x| x.name == name) {
        return Ok(season);
    }
    if s.seasons.is_empty() {
        return Err(format!(
            "--season '{name}' was given but the scenario '{}' defines no [[seasons]]",
            s.name
        ));
    }
    let valid: Vec<String> = s.seasons.iter().map(|x| format!("'{}'", x.name)).collect();
    Err(format!(
        "unknown season '{name}'; the scenario's seasons are {}",
        valid.join(", ")
    ))
}

/// The year's cost per month: `sum(months(s) * total(s)) / 12`.
pub fn year_per_month(months_and_totals: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    months_and_totals
        .into_iter()
        .map(|(m, t)| m * t)
        .sum::<f64>()
        / 12.0
}
