//! The report of `rota insurance`: the revenue-insurance table.

use serde::Serialize;

use crate::analysis::insurance::{self, InsuranceRow};
use crate::model::Model;
use crate::numbers::{money, printable};
use crate::report::table::TextTable;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InsuranceReport {
    pub scenario: String,
    pub currency: String,
    pub rows: Vec<InsuranceRow>,
    /// `support.operations.incident_factor` when the model sets one other than 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations_incident_factor: Option<f64>,
}

pub fn build(m: &Model) -> InsuranceReport {
    InsuranceReport {
        scenario: m.name.clone(),
        currency: m.currency.clone(),
        rows: insurance::table(m),
        operations_incident_factor: (m.operations.is_some() && m.operations_incident_factor != 1.0)
            .then_some(m.operations_incident_factor),
    }
}

/// `43m 12s`, `3h 36m`, `7h 12m`: the article's way of naming a window.
pub fn duration(hours: f64) -> String {
    let total = (hours * 3600.0).round() as u64;
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    match (h, s) {
        (_, 0) if h > 0 && m == 0 => format!("{h}h"),
        (0, 0) => format!("{m}m"),
        (0, _) => format!("{m}m {s}s"),
        (_, 0) => format!("{h}h {m}m"),
        _ => format!("{h}h {m}m {s}s"),
    }
}

fn text_table(r: &InsuranceReport) -> TextTable {
    let mut t = TextTable::new(
        &[
            "target",
            "window",
            "option",
            "ttr",
            "standby",
            "projected loss",
            "cost",
            "protects",
            "cheapest",
        ],
        &[false, false, false, true, true, true, true, false, false],
    );
    for row in &r.rows {
        t.row(vec![
            row.target.clone(),
            duration(row.window_hours),
            row.option.label().into(),
            duration(row.ttr_minutes / 60.0),
            money(row.standby),
            money(row.projected_loss),
            money(row.cost),
            if row.protects { "yes" } else { "no" }.into(),
            if row.cheapest { "*" } else { "" }.into(),
        ]);
    }
    t
}

/// One line per target: the cheapest protection and the options that fail,
/// shown through `printable`.
fn verdicts(r: &InsuranceReport) -> Vec<String> {
    let mut targets: Vec<&str> = Vec::new();
    for row in &r.rows {
        if !targets.contains(&row.target.as_str()) {
            targets.push(&row.target);
        }
    }
    targets
        .into_iter()
        .map(|t| {
            let rows: Vec<&InsuranceRow> = r.rows.iter().filter(|x| x.target == t).collect();
            let mut line = match rows.iter().find(|x| x.cheapest) {
                Some(best) => format!(
                    "{t}: {} is the cheapest protection ({} a month)",
                    best.option.label(),
                    money(best.cost)
                ),
                None => format!("{t}: no option can protect it"),
            };
            for x in rows.iter().filter(|x| !x.protects) {
                line.push_str(&format!(
                    "; {} cannot protect it (projected loss {} > {})",
                    x.option.label(),
                    money(x.projected_loss),
                    money(x.min_revenue_loss)
                ));
            }
            printable(&line).into_owned()
        })
        .collect()
}

pub fn render_table(r: &InsuranceReport) -> String {
    let line = format!(
        "{} — revenue insurance per availability target, {} per month",
        r.scenario, r.currency
    );
    let mut out = format!("{}\n\n", printable(&line));
    out.push_str(&text_table(r).render("  "));
    out.push('\n');
    for line in verdicts(r) {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(
        "\n  projected loss = min revenue loss x (ttr / 60) / window; cost = standby + projected loss\n",
    );
    out.push_str(&incident_factor_note(r, "  "));
    out
}

/// The note on operations' incident rate, when the model sets one.
fn incident_factor_note(r: &InsuranceReport, indent: &str) -> String {
    match r.operations_incident_factor {
        Some(f) => format!(
            "{indent}operations: incidents {f} times as frequent (support.operations.incident_factor), so its projected loss is multiplied by {f}\n"
        ),
        None => String::new(),
    }
}

pub fn render_markdown(r: &InsuranceReport) -> String {
    let mut out = text_table(r).markdown();
    out.push('\n');
    for line in verdicts(r) {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str(&incident_factor_note(r, "- "));
    out
}

/// Raw numbers, one row per target and option.
pub fn render_csv(r: &InsuranceReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "target",
        "option",
        "window_hours",
        "ttr_minutes",
        "standby",
        "projected_loss",
        "cost",
        "protects",
        "cheapest",
    ])?;
    for row in &r.rows {
        w.write_record([
            row.target.clone(),
            row.option.as_str().to_string(),
            row.window_hours.to_string(),
            row.ttr_minutes.to_string(),
            row.standby.to_string(),
            row.projected_loss.to_string(),
            row.cost.to_string(),
            row.protects.to_string(),
            row.cheapest.to_string(),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn windows_read_as_in_the_article() {
        assert_eq!(duration(0.72), "43m 12s");
        assert_eq!(duration(3.6), "3h 36m");
        assert_eq!(duration(7.2), "7h 12m");
        assert_eq!(duration(1.0 / 3.0), "20m");
        assert_eq!(duration(1.0), "1h");
    }
}
