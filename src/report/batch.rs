//! The report of `rota batch`: one row per scenario, as a table, JSON, CSV or
//! markdown.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;

use crate::evaluate::Evaluation;
use crate::layout::Totals;
use crate::model::Model;
use crate::numbers::{money, printable, same_cost, signed_money};
use crate::plan::{baseline, Plan, Status};
use crate::report::table::TextTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Optimal,
    Feasible,
    Error,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Optimal => "optimal",
            RowStatus::Feasible => "feasible",
            RowStatus::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRow {
    /// The scenario file, as found.
    pub scenario: String,
    /// The scenario's own name, once it could be read.
    pub name: Option<String>,
    pub status: RowStatus,
    pub error: Option<String>,
    pub applications: Option<usize>,
    pub rotas: Option<usize>,
    /// The optimal layout's costs.
    pub totals: Option<Totals>,
    /// Relative gap to the proven bound (0 when optimal).
    pub gap: Option<f64>,
    /// Every team on its own team rota at current targets.
    pub baseline_total: Option<f64>,
    /// The sibling hand-designed layout, where there is one.
    pub layout: Option<String>,
    pub layout_total: Option<f64>,
    /// Layout total minus optimal total.
    pub layout_gap: Option<f64>,
    /// Violations in the layout.
    pub violations: Option<usize>,
    pub seconds: f64,
}

/// A scenario's sibling hand-designed layout, judged, or why it could not be.
pub struct JudgedLayout<'a> {
    pub path: &'a Path,
    pub evaluation: Result<Evaluation, String>,
}

impl BatchRow {
    pub fn failed(&self) -> bool {
        self.status == RowStatus::Error
    }

    /// A scenario that could not be read or run; `seconds` is the caller's.
    pub fn error(scenario: &Path, message: String) -> BatchRow {
        BatchRow {
            scenario: scenario.display().to_string(),
            name: None,
            status: RowStatus::Error,
            error: Some(message),
            applications: None,
            rotas: None,
            totals: None,
            gap: None,
            baseline_total: None,
            layout: None,
            layout_total: None,
            layout_gap: None,
            violations: None,
            seconds: 0.0,
        }
    }

    /// A scenario that was read but not solved.
    pub fn unsolved(scenario: &Path, m: &Model, message: String) -> BatchRow {
        BatchRow {
            name: Some(m.name.clone()),
            applications: Some(m.applications.len()),
            ..BatchRow::error(scenario, message)
        }
    }

    /// A solved scenario, beside its hand-designed layout where it has one;
    /// `seconds` is the caller's.
    pub fn solved(
        scenario: &Path,
        m: &Model,
        plan: &Plan,
        layout: Option<JudgedLayout<'_>>,
    ) -> BatchRow {
        Self::solved_with(
            scenario,
            m,
            (plan.status, plan.rotas.len(), plan.totals(m), plan.gap(m)),
            baseline(m).totals(m).total,
            layout,
        )
    }

    /// The row of a scenario with support windows (SPEC §7.1), solved over
    /// its windows; its baseline is every team's rotas staffed in every window.
    pub fn solved_windowed(
        scenario: &Path,
        m: &Model,
        wm: &crate::model::window::Windowed,
        plan: &crate::plan::window::WindowedPlan,
        layout: Option<JudgedLayout<'_>>,
    ) -> BatchRow {
        Self::solved_with(
            scenario,
            m,
            (
                plan.status,
                plan.rotas.len(),
                plan.totals(m, wm),
                plan.gap(m, wm),
            ),
            crate::plan::window::windowed_baseline(m, wm).1.total,
            layout,
        )
    }

    fn solved_with(
        scenario: &Path,
        m: &Model,
        (status, rotas, totals, gap): (Status, usize, Totals, f64),
        baseline_total: f64,
        layout: Option<JudgedLayout<'_>>,
    ) -> BatchRow {
        let row = BatchRow {
            scenario: scenario.display().to_string(),
            name: Some(m.name.clone()),
            status: match status {
                Status::Optimal => RowStatus::Optimal,
                Status::Feasible => RowStatus::Feasible,
            },
            error: None,
            applications: Some(m.applications.len()),
            rotas: Some(rotas),
            totals: Some(totals),
            gap: Some(gap),
            baseline_total: Some(baseline_total),
            layout: None,
            layout_total: None,
            layout_gap: None,
            violations: None,
            seconds: 0.0,
        };
        match layout {
            Some(l) => row.beside(l, totals.total),
            None => row,
        }
    }

    /// The row with the hand-designed layout's total, its gap to the
    /// optimum and its violations, or the reason it could not be judged.
    fn beside(mut self, layout: JudgedLayout<'_>, optimal_total: f64) -> BatchRow {
        self.layout = Some(layout.path.display().to_string());
        match layout.evaluation {
            Ok(e) => {
                let total = e.totals.total;
                self.layout_total = Some(total);
                // Equal sums added in another order are equal, not 1e-12 apart.
                self.layout_gap = Some(if same_cost(total, optimal_total) {
                    0.0
                } else {
                    total - optimal_total
                });
                self.violations = Some(e.violations.len());
            }
            Err(message) => {
                self.status = RowStatus::Error;
                self.error = Some(message);
            }
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchReport {
    pub rows: Vec<BatchRow>,
    pub scenarios: usize,
    pub failed: usize,
}

impl BatchReport {
    pub fn new(rows: Vec<BatchRow>) -> BatchReport {
        let failed = rows.iter().filter(|r| r.failed()).count();
        BatchReport {
            scenarios: rows.len(),
            failed,
            rows,
        }
    }
}

fn opt_money(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), money)
}

fn opt_count(x: Option<usize>) -> String {
    x.map_or_else(|| "-".into(), |n| n.to_string())
}

fn text_table(r: &BatchReport) -> TextTable {
    let mut t = TextTable::new(
        &[
            "scenario",
            "apps",
            "rotas",
            "standby",
            "expected loss",
            "total",
            "baseline",
            "layout",
            "layout gap",
            "violations",
            "status",
            "seconds",
        ],
        &[
            false, true, true, true, true, true, true, true, true, true, false, true,
        ],
    );
    for row in &r.rows {
        let totals = row.totals.as_ref();
        t.row(vec![
            row.scenario.clone(),
            opt_count(row.applications),
            opt_count(row.rotas),
            opt_money(totals.map(|t| t.standby)),
            opt_money(totals.map(|t| t.expected_loss)),
            opt_money(totals.map(|t| t.total)),
            opt_money(row.baseline_total),
            opt_money(row.layout_total),
            row.layout_gap.map_or_else(|| "-".into(), signed_money),
            opt_count(row.violations),
            row.status.as_str().into(),
            format!("{:.2}", row.seconds),
        ]);
    }
    t
}

/// The failed rows' messages, one line per line of a message (a scenario's
/// problems are listed a line each), shown through `printable`. The file
/// names in a message are one line each whatever they hold, so they are
/// escaped before the message is split.
fn errors(r: &BatchReport, bullet: &str) -> String {
    let mut out = String::new();
    for row in r.rows.iter().filter(|r| r.error.is_some()) {
        let mut message = row.error.clone().unwrap_or_default();
        for path in std::iter::once(&row.scenario).chain(row.layout.as_ref()) {
            if let Cow::Owned(shown) = printable(path) {
                message = message.replace(path.as_str(), &shown);
            }
        }
        let scenario = printable(&row.scenario);
        for (i, line) in message.split_terminator('\n').enumerate() {
            let line = printable(line);
            if i == 0 {
                out.push_str(&format!("{bullet}{scenario}: {line}\n"));
            } else {
                out.push_str(&format!("{bullet}  {line}\n"));
            }
        }
    }
    out
}

fn summary(r: &BatchReport) -> String {
    let with_layout = r.rows.iter().filter(|x| x.layout.is_some()).count();
    format!(
        "{} scenarios, {} with a hand-designed layout, {} failed",
        r.scenarios, with_layout, r.failed
    )
}

pub fn render_table(r: &BatchReport) -> String {
    let mut out = format!("{}\n\n", summary(r));
    out.push_str(&text_table(r).render(""));
    if r.failed > 0 {
        out.push_str("\nErrors\n");
        out.push_str(&errors(r, "  "));
    }
    out
}

pub fn render_markdown(r: &BatchReport) -> String {
    let mut out = format!("{}\n\n", summary(r));
    out.push_str(&text_table(r).markdown());
    if r.failed > 0 {
        out.push_str("\n## Errors\n\n");
        out.push_str(&errors(r, "- "));
    }
    out
}

pub fn render_json(r: &BatchReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

/// One line per row; numbers unrounded, absent values empty.
pub fn render_csv(r: &BatchReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "name",
        "status",
        "applications",
        "rotas",
        "standby",
        "expected_loss",
        "callouts",
        "engineering",
        "total",
        "gap",
        "baseline_total",
        "layout",
        "layout_total",
        "layout_gap",
        "violations",
        "seconds",
        "error",
    ])?;
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let count = |x: Option<usize>| x.map(|v| v.to_string()).unwrap_or_default();
    for row in &r.rows {
        let t = row.totals.as_ref();
        w.write_record([
            row.scenario.clone(),
            row.name.clone().unwrap_or_default(),
            row.status.as_str().to_string(),
            count(row.applications),
            count(row.rotas),
            num(t.map(|t| t.standby)),
            num(t.map(|t| t.expected_loss)),
            num(t.map(|t| t.callouts)),
            num(t.map(|t| t.engineering)),
            num(t.map(|t| t.total)),
            num(row.gap),
            num(row.baseline_total),
            row.layout.clone().unwrap_or_default(),
            num(row.layout_total),
            num(row.layout_gap),
            count(row.violations),
            format!("{:.3}", row.seconds),
            row.error.clone().unwrap_or_default(),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
