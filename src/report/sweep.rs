//! The report of `rota sweep` (SPEC §7.3): one row per combination of
//! values, what changed from the row before, and each break-even point in a
//! planner's sentence.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::sweep::{BreakEven, Change, Sweep, SweptRota};
use crate::layout::Totals;
use crate::numbers::{money, printable};
use crate::report::table::TextTable;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepRowReport {
    /// Each swept key and its value in this row.
    pub values: BTreeMap<String, f64>,
    /// `optimal`, `feasible`, or `error`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub totals: Option<Totals>,
    pub rotas: Vec<SweptRota>,
    /// Applications whose target or cover changed from the previous row.
    pub changed: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEvenReport {
    pub key: String,
    pub from: f64,
    pub to: f64,
    pub value: f64,
    /// Every solve that placed `value` was proven optimal.
    pub proven: bool,
    pub changes: Vec<Change>,
    pub sentence: String,
    /// Every swept key's value where this was found (the others held, this
    /// one at `value`); for the chart, not the JSON.
    #[serde(skip)]
    pub at: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepReport {
    pub scenario: String,
    pub currency: String,
    pub keys: Vec<String>,
    pub rows: Vec<SweepRowReport>,
    pub break_evens: Vec<BreakEvenReport>,
}

pub fn build(scenario: &str, currency: &str, s: &Sweep) -> SweepReport {
    let keys: Vec<String> = s.axes.iter().map(|a| a.key.clone()).collect();
    let rows = s
        .rows
        .iter()
        .map(|r| {
            let values = keys.iter().cloned().zip(r.values.iter().copied()).collect();
            match &r.solved {
                Ok(x) => SweepRowReport {
                    values,
                    status: x.status.as_str(),
                    error: None,
                    totals: Some(x.totals),
                    rotas: x.rotas.clone(),
                    changed: r.changed.clone(),
                },
                Err(e) => SweepRowReport {
                    values,
                    status: "error",
                    error: Some(e.clone()),
                    totals: None,
                    rotas: Vec::new(),
                    changed: Vec::new(),
                },
            }
        })
        .collect();
    let break_evens = s.break_evens.iter().map(|b| break_even(b, &keys)).collect();
    SweepReport {
        scenario: scenario.to_string(),
        currency: currency.to_string(),
        keys,
        rows,
        break_evens,
    }
}

/// A figure as a planner writes it: four significant digits at most,
/// trailing zeros dropped.
pub fn figure(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (3 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn cover_words(cover: &str) -> &'static str {
    match cover {
        "team_rota" => "a team rota",
        "domain_rota" => "a domain rota",
        _ => "no cover",
    }
}

/// "its incidents exceed 0.31 a month", "support.team_rota.standby_per_month
/// falls below 2,400".
/// A whole-number key changes the layout *at* its value: "reaches 3",
/// "falls to 2".
fn condition(key: &str, app: Option<&str>, rising: bool, whole: bool, value: f64) -> String {
    let (verb, verbs) = match (rising, whole) {
        (true, false) => ("exceed", "exceeds"),
        (false, false) => ("fall below", "falls below"),
        (true, true) => ("reach", "reaches"),
        (false, true) => ("fall to", "falls to"),
    };
    let v = figure(value);
    if let Some(rest) = key.strip_prefix("applications.") {
        if let Some(id) = rest.strip_suffix(".incidents_per_month") {
            return if Some(id) == app {
                format!("its incidents {verb} {v} a month")
            } else {
                format!("the incidents of {id} {verb} {v} a month")
            };
        }
    }
    format!("{key} {verbs} {v}")
}

fn break_even(b: &BreakEven, keys: &[String]) -> BreakEvenReport {
    let rising = b.to > b.from;
    // Applications that change the same way share a sentence, in order.
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for c in &b.changes {
        let what = match (c.cover_before, c.cover_after) {
            ("none", after) => format!("worth {}", cover_words(after)),
            (_, "none") => "no longer worth out-of-hours cover".to_string(),
            (before, after) => format!(
                "better moved from {} on {} to {} on {}",
                c.target_before,
                cover_words(before),
                c.target_after,
                cover_words(after)
            ),
        };
        match groups.iter_mut().find(|(w, _)| *w == what) {
            Some((_, apps)) => apps.push(&c.application),
            None => groups.push((what, vec![&c.application])),
        }
    }
    let sentences: Vec<String> = if groups.is_empty() {
        vec![format!(
            "the rotas change once {}",
            condition(&b.key, None, rising, b.whole, b.value)
        )]
    } else {
        groups
            .iter()
            .map(|(what, apps)| {
                let only = (apps.len() == 1).then(|| apps[0]);
                let when = condition(&b.key, only, rising, b.whole, b.value);
                let verb = if apps.len() == 1 { "is" } else { "are" };
                format!("{} {verb} {what} once {when}", list(apps))
            })
            .collect()
    };
    // In a sweep of several keys, the others' values where this was found.
    let others: Vec<String> = keys
        .iter()
        .zip(&b.at)
        .filter(|(k, _)| **k != b.key)
        .map(|(k, v)| format!("{k} {}", figure(*v)))
        .collect();
    let mut sentence = sentences.join("; ");
    if !others.is_empty() {
        sentence.push_str(&format!(" (at {})", others.join(", ")));
    }
    if !b.proven {
        sentence.push_str(
            " (approximate: a solve on the way was not proven optimal within the limits, or failed)",
        );
    }
    BreakEvenReport {
        key: b.key.clone(),
        from: b.from,
        to: b.to,
        value: b.value,
        proven: b.proven,
        changes: b.changes.clone(),
        sentence,
        at: keys
            .iter()
            .cloned()
            .zip(b.at.iter().copied())
            .map(|(k, v)| if k == b.key { (k, b.value) } else { (k, v) })
            .collect(),
    }
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn changed_text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "-".into();
    }
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} {} -> {} {}",
                c.application,
                c.target_before,
                c.cover_before.replace('_', " "),
                c.target_after,
                c.cover_after.replace('_', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn text_table(r: &SweepReport) -> TextTable {
    let mut headers: Vec<&str> = r.keys.iter().map(String::as_str).collect();
    headers.extend(["status", "rotas", "standby", "total", "changed"]);
    let mut numeric = vec![true; r.keys.len()];
    numeric.extend([false, true, true, true, false]);
    let mut t = TextTable::new(&headers, &numeric);
    for row in &r.rows {
        let mut cells: Vec<String> = r.keys.iter().map(|k| figure(row.values[k])).collect();
        match (&row.totals, &row.error) {
            (Some(totals), _) => cells.extend([
                row.status.to_string(),
                row.rotas.len().to_string(),
                money(totals.standby),
                money(totals.total),
                changed_text(&row.changed),
            ]),
            (None, e) => cells.extend([
                row.status.to_string(),
                String::new(),
                String::new(),
                String::new(),
                e.clone().unwrap_or_default(),
            ]),
        }
        t.row(cells);
    }
    t
}

pub fn render_table(r: &SweepReport) -> String {
    let line = format!(
        "{} — sweep of {}, {} per month",
        r.scenario,
        r.keys.join(" x "),
        r.currency
    );
    let mut out = format!("{}\n\n", printable(&line));
    out.push_str(&text_table(r).render("  "));
    if !r.break_evens.is_empty() {
        out.push_str("\nBreak-even points (by bisection, to 1e-6 relative)\n");
        for b in &r.break_evens {
            out.push_str(&format!("  {}\n", printable(&b.sentence)));
        }
    }
    out
}

pub fn render_markdown(r: &SweepReport) -> String {
    let mut out = text_table(r).markdown();
    if !r.break_evens.is_empty() {
        out.push('\n');
        for b in &r.break_evens {
            out.push_str(&format!("- {}\n", printable(&b.sentence)));
        }
    }
    out
}

/// Raw numbers, one line per row.
pub fn render_csv(r: &SweepReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = r.keys.clone();
    header.extend(
        [
            "status",
            "rotas",
            "standby",
            "expected_loss",
            "callouts",
            "engineering",
            "total",
            "changed",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    for row in &r.rows {
        let mut cells: Vec<String> = r.keys.iter().map(|k| row.values[k].to_string()).collect();
        cells.push(row.status.to_string());
        match &row.totals {
            Some(t) => {
                cells.push(row.rotas.len().to_string());
                for x in [
                    t.standby,
                    t.expected_loss,
                    t.callouts,
                    t.engineering,
                    t.total,
                ] {
                    cells.push(x.to_string());
                }
                cells.push(changed_text(&row.changed));
            }
            None => {
                cells.extend(std::iter::repeat_n(String::new(), 6));
                cells.push(row.error.clone().unwrap_or_default());
            }
        }
        w.write_record(&cells)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
