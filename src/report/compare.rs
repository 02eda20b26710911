//! The report of `rota compare`: a layout's violations and costs beside the
//! optimum's, and what the optimum does differently, rota by rota and
//! application by application, with the money each difference is worth.

use std::fmt;

use serde::Serialize;

use crate::evaluate::{evaluate, AppEval, EvaluateError, Evaluation, Violation};
use crate::layout::{Layout, RotaKind};
use crate::model::Model;
use crate::numbers::load_text;
use crate::numbers::{money, printable, same_cost, signed_money, tolerance_at};
use crate::plan::{Plan, Status, Totals};
use crate::report::table::TextTable;
use crate::scenario::format::SupportLevel;
use crate::scenario::Scenario;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptimalSummary {
    pub status: Status,
    pub gap: f64,
    pub rotas: usize,
    pub totals: Totals,
}

/// The solver's optimum as the evaluator judges it. The evaluator is the
/// solver's independent check: `disagreement` is set when the two differ.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedOptimum {
    pub evaluation: Evaluation,
    pub summary: OptimalSummary,
    pub disagreement: Option<Disagreement>,
}

/// The evaluator finds violations in the solver's optimum, or another total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disagreement {
    pub violations: usize,
    pub evaluated_total: f64,
    pub solver_total: f64,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the evaluator disagrees with the solver on the optimal layout ({} violations, total {} against {}); please report this",
            self.violations, self.evaluated_total, self.solver_total
        )
    }
}

/// Evaluates the solver's plan as a layout of the scenario it was solved from.
pub fn judge_optimum(
    scenario: &Scenario,
    m: &Model,
    plan: &Plan,
) -> Result<JudgedOptimum, EvaluateError> {
    judge_solved_layout(
        scenario,
        &Layout::from_plan(m, plan),
        OptimalSummary {
            status: plan.status,
            gap: plan.gap(m),
            rotas: plan.rotas.len(),
            totals: plan.totals(m),
        },
    )
}

/// Evaluates the solver's plan over support windows (SPEC §7.1) as a layout
/// of the scenario it was solved from.
pub fn judge_windowed_optimum(
    scenario: &Scenario,
    m: &Model,
    wm: &crate::model::window::Windowed,
    plan: &crate::plan::window::WindowedPlan,
) -> Result<JudgedOptimum, EvaluateError> {
    judge_solved_layout(
        scenario,
        &plan.to_layout(m, wm),
        OptimalSummary {
            status: plan.status,
            gap: plan.gap(m, wm),
            rotas: plan.rotas.len(),
            totals: plan.totals(m, wm),
        },
    )
}

/// The solver's layout judged by the evaluator, and whether the evaluator
/// agrees with the solver's own summary.
fn judge_solved_layout(
    scenario: &Scenario,
    layout: &Layout,
    summary: OptimalSummary,
) -> Result<JudgedOptimum, EvaluateError> {
    let evaluation = evaluate(scenario, layout)?;
    let totals = summary.totals;
    let disagrees = !evaluation.violations.is_empty()
        || (evaluation.totals.total - totals.total).abs() > tolerance_at(totals.total);
    let disagreement = disagrees.then_some(Disagreement {
        violations: evaluation.violations.len(),
        evaluated_total: evaluation.totals.total,
        solver_total: totals.total,
    });
    Ok(JudgedOptimum {
        evaluation,
        summary,
        disagreement,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Layout,
    Optimal,
}

/// How a rota of one side appears on the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RotaChange {
    /// The other side has a rota of the same kind with the same applications.
    Same,
    /// Its applications are spread over several rotas of the other side.
    Split,
    /// Its applications share one rota of the other side with others.
    Merged,
    /// Layout only: the optimum leaves all its applications uncovered.
    Dropped,
    /// Optimum only: it covers applications the layout leaves uncovered.
    Added,
    /// Anything else: a different kind, or some applications in or out.
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaDiff {
    pub side: Side,
    pub name: String,
    pub kind: RotaKind,
    pub team: Option<String>,
    pub domain: Option<String>,
    pub applications: Vec<String>,
    pub load: f64,
    pub standby: f64,
    /// The windows it is staffed in (SPEC §7.1), only when the scenario
    /// declares `[[windows]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<String>>,
    pub change: RotaChange,
    /// Rotas of the other side that hold its applications.
    pub counterparts: Vec<String>,
    /// Its applications that the other side leaves uncovered.
    pub uncovered_elsewhere: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppSide {
    pub target: String,
    pub cover: SupportLevel,
    pub rota: Option<String>,
    /// Its cover in each window (SPEC §7.1), only when the scenario declares
    /// `[[windows]]`; `cover` and `rota` are then the first window's that
    /// has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Vec<CoverSide>>,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    pub total: f64,
}

/// An application's cover in one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverSide {
    pub window: String,
    pub trades: bool,
    pub cover: SupportLevel,
    pub rota: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppDiff {
    pub id: String,
    pub team: String,
    pub current_target: String,
    pub layout: AppSide,
    pub optimal: AppSide,
    /// Layout minus optimum: what the optimum saves on this application.
    pub difference: f64,
    /// Its rota in the optimum is not the same rota (same kind, same
    /// applications) as in the layout.
    pub rota_changed: bool,
    /// The optimum gives it another target, another kind of cover, or
    /// another rota.
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareReport {
    pub scenario: String,
    pub currency: String,
    pub layout: String,
    pub feasible: bool,
    pub violations: Vec<Violation>,
    /// The layout's costs.
    pub totals: Totals,
    pub optimal: OptimalSummary,
    /// Layout minus optimum, per cost: what the optimum saves each month.
    pub difference: Totals,
    pub rotas: Vec<RotaDiff>,
    pub applications: Vec<AppDiff>,
}

/// `a - b`, with rounding noise of equal sums shown as zero.
fn diff(a: f64, b: f64) -> f64 {
    if same_cost(a, b) {
        0.0
    } else {
        a - b
    }
}

fn totals_diff(a: &Totals, b: &Totals) -> Totals {
    Totals {
        standby: diff(a.standby, b.standby),
        expected_loss: diff(a.expected_loss, b.expected_loss),
        callouts: diff(a.callouts, b.callouts),
        engineering: diff(a.engineering, b.engineering),
        total: diff(a.total, b.total),
    }
}

/// Applications (scenario indices) on each rota of an evaluation, in any
/// window.
fn members(e: &Evaluation) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); e.rotas.len()];
    for (i, a) in e.applications.iter().enumerate() {
        for r in rotas_of(a, &[]) {
            out[r].push(i);
        }
    }
    out
}

/// The rotas (indices) covering an application in some window, each once,
/// in window order (with one window: its rota, if any).
fn rotas_of(a: &AppEval, windows: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    // Only the windows the rota being described is staffed in (SPEC §7.1:
    // the same application may sit on another rota in another window); a
    // rota staffed in no window is compared over every window.
    let in_windows = |w: &usize| windows.is_empty() || windows.contains(w);
    for r in a
        .covers
        .iter()
        .enumerate()
        .filter(|(w, _)| in_windows(w))
        .filter_map(|(_, c)| c.rota_index)
    {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// One side's rotas described against the other side.
fn describe(
    side: Side,
    mine: &Evaluation,
    theirs: &Evaluation,
    my_members: &[Vec<usize>],
    their_members: &[Vec<usize>],
) -> Vec<RotaDiff> {
    mine.rotas
        .iter()
        .enumerate()
        .map(|(r, rota)| {
            let apps = &my_members[r];
            let mut other: Vec<usize> = apps
                .iter()
                .flat_map(|&a| rotas_of(&theirs.applications[a], &rota.window_index))
                .collect();
            other.sort_unstable();
            other.dedup();
            let uncovered: Vec<usize> = apps
                .iter()
                .copied()
                .filter(|&a| rotas_of(&theirs.applications[a], &rota.window_index).is_empty())
                .collect();
            let change = match (other.as_slice(), side) {
                ([], Side::Layout) => RotaChange::Dropped,
                ([], Side::Optimal) => RotaChange::Added,
                ([o], _) => {
                    let there = &their_members[*o];
                    let holds_all = uncovered.is_empty() && apps.iter().all(|a| there.contains(a));
                    let same_windows = theirs.rotas[*o].windows == rota.windows;
                    if there == apps && theirs.rotas[*o].kind == rota.kind && same_windows {
                        RotaChange::Same
                    } else if holds_all && there.len() > apps.len() {
                        // The other rota holds these applications and more.
                        match side {
                            Side::Layout => RotaChange::Merged,
                            Side::Optimal => RotaChange::Split,
                        }
                    } else {
                        RotaChange::Changed
                    }
                }
                _ => match side {
                    Side::Layout => RotaChange::Split,
                    Side::Optimal => RotaChange::Merged,
                },
            };
            RotaDiff {
                side,
                name: rota.name.clone(),
                kind: rota.kind,
                team: rota.team.clone(),
                domain: rota.domain.clone(),
                applications: apps
                    .iter()
                    .map(|&a| mine.applications[a].id.clone())
                    .collect(),
                load: rota.load,
                standby: rota.standby,
                windows: (!mine.windows.is_empty()).then(|| rota.windows.clone()),
                change,
                counterparts: other
                    .iter()
                    .map(|&o| theirs.rotas[o].name.clone())
                    .collect(),
                uncovered_elsewhere: uncovered
                    .iter()
                    .map(|&a| mine.applications[a].id.clone())
                    .collect(),
            }
        })
        .collect()
}

fn app_side(e: &Evaluation, a: &AppEval) -> AppSide {
    AppSide {
        target: a.target.clone(),
        cover: a.cover,
        rota: a.rota.clone(),
        covers: (!e.windows.is_empty()).then(|| {
            a.covers
                .iter()
                .map(|c| CoverSide {
                    window: c.window.clone(),
                    trades: c.trades,
                    cover: c.cover,
                    rota: c.rota.clone(),
                })
                .collect()
        }),
        expected_loss: a.expected_loss,
        callouts: a.callouts,
        engineering: a.engineering,
        total: a.total,
    }
}

/// `hand` and `optimum` are evaluations of the same scenario; `optimal` holds
/// the solver's own figures for the optimum.
pub fn build(
    layout_path: &str,
    hand: &Evaluation,
    optimum: &Evaluation,
    optimal: OptimalSummary,
) -> CompareReport {
    let hand_members = members(hand);
    let opt_members = members(optimum);
    let mut rotas = describe(Side::Layout, hand, optimum, &hand_members, &opt_members);
    let opt_rotas = describe(Side::Optimal, optimum, hand, &opt_members, &hand_members);
    rotas.extend(
        opt_rotas
            .into_iter()
            .filter(|r| r.change != RotaChange::Same),
    );

    // An application keeps its rota when, in every window, its layout rota
    // is the same as its optimal rota, or both leave it uncovered.
    let same_rota = |a: usize| -> bool {
        let (h, o) = (&hand.applications[a], &optimum.applications[a]);
        h.covers.len() == o.covers.len()
            && h.covers
                .iter()
                .zip(&o.covers)
                .all(|(h, o)| match (h.rota_index, o.rota_index) {
                    (None, None) => true,
                    (Some(h), Some(o)) => {
                        hand_members[h] == opt_members[o]
                            && hand.rotas[h].kind == optimum.rotas[o].kind
                    }
                    _ => false,
                })
    };
    let same_covers = |h: &AppEval, o: &AppEval| -> bool {
        h.covers.len() == o.covers.len()
            && h.covers
                .iter()
                .zip(&o.covers)
                .all(|(x, y)| x.cover == y.cover)
    };
    let applications = hand
        .applications
        .iter()
        .zip(&optimum.applications)
        .enumerate()
        .map(|(i, (h, o))| {
            let rota_changed = !same_rota(i);
            AppDiff {
                id: h.id.clone(),
                team: h.team.clone(),
                current_target: h.current_target.clone(),
                layout: app_side(hand, h),
                optimal: app_side(optimum, o),
                difference: diff(h.total, o.total),
                rota_changed,
                changed: h.target != o.target
                    || h.cover != o.cover
                    || !same_covers(h, o)
                    || rota_changed,
            }
        })
        .collect();
    CompareReport {
        scenario: hand.scenario.clone(),
        currency: hand.currency.clone(),
        layout: layout_path.to_string(),
        feasible: hand.feasible(),
        violations: hand.violations.clone(),
        totals: hand.totals,
        difference: totals_diff(&hand.totals, &optimal.totals),
        optimal,
        rotas,
        applications,
    }
}

fn cover_str(c: SupportLevel) -> &'static str {
    match c {
        SupportLevel::None => "none",
        SupportLevel::DomainRota => "domain rota",
        SupportLevel::TeamRota => "team rota",
    }
}

/// What became of a rota, in words.
fn fate(r: &RotaDiff) -> String {
    let names = r.counterparts.join(", ");
    let none = if r.uncovered_elsewhere.is_empty() {
        String::new()
    } else {
        let verb = match r.side {
            Side::Layout => "uncovered in the optimum",
            Side::Optimal => "uncovered in the layout",
        };
        format!("; {verb}: {}", r.uncovered_elsewhere.join(", "))
    };
    let text = match (r.side, r.change) {
        (_, RotaChange::Same) => format!("same as {names}"),
        (Side::Layout, RotaChange::Split) => format!("split into {names}"),
        (Side::Layout, RotaChange::Merged) => format!("merged into {names}"),
        (Side::Layout, RotaChange::Dropped) => "not staffed".into(),
        (Side::Layout, _) => format!("becomes {names}"),
        (Side::Optimal, RotaChange::Merged) => format!("merges {names}"),
        (Side::Optimal, RotaChange::Split) => format!("split from {names}"),
        (Side::Optimal, RotaChange::Added) => "new".into(),
        (Side::Optimal, _) => format!("from {names}"),
    };
    text + &none
}

fn rota_table(r: &CompareReport, side: Side) -> TextTable {
    let fate_header = match side {
        Side::Layout => "in the optimum",
        Side::Optimal => "in the layout",
    };
    // A "windows" column only when the scenario declares [[windows]].
    let windowed = r.rotas.iter().any(|x| x.windows.is_some());
    let mut headers = vec!["rota", "kind", "team or domain"];
    let mut numeric = vec![false, false, false];
    if windowed {
        headers.push("windows");
        numeric.push(false);
    }
    headers.extend(["load", "standby", "applications", fate_header]);
    numeric.extend([true, true, false, false]);
    let mut t = TextTable::new(&headers, &numeric);
    for row in r.rotas.iter().filter(|x| x.side == side) {
        let mut cells = vec![
            row.name.clone(),
            row.kind.as_str().into(),
            row.team
                .clone()
                .or_else(|| row.domain.clone())
                .unwrap_or_else(|| "-".into()),
        ];
        if windowed {
            cells.push(windows_text(row.windows.as_deref()));
        }
        cells.extend([
            load_text(row.load),
            money(row.standby),
            row.applications.join(", "),
            fate(row),
        ]);
        t.row(cells);
    }
    t
}

/// A rota's windows in a table cell: `evening, night`, or `none`.
fn windows_text(windows: Option<&[String]>) -> String {
    match windows {
        Some([]) => "none".into(),
        Some(w) => w.join(", "),
        None => String::new(),
    }
}

/// An application's cover in a table cell: its one cover, or with
/// `[[windows]]` each window's (`evening: team rota; night: none`).
fn cover_text(side: &AppSide) -> String {
    match &side.covers {
        None => cover_str(side.cover).to_string(),
        Some(cs) => per_window(cs, |c| cover_str(c.cover).to_string()),
    }
}

/// An application's rota in a table cell, as `cover_text`.
fn rota_text(side: &AppSide) -> String {
    match &side.covers {
        None => side.rota.as_deref().unwrap_or("-").to_string(),
        Some(cs) => per_window(cs, |c| c.rota.as_deref().unwrap_or("-").to_string()),
    }
}

/// `evening: X; night: Y`, a window where it does not trade marked so.
fn per_window(cs: &[CoverSide], cell: impl Fn(&CoverSide) -> String) -> String {
    let parts: Vec<String> = cs
        .iter()
        .map(|c| {
            let quiet = if c.trades { "" } else { " (not trading)" };
            format!("{}{quiet}: {}", c.window, cell(c))
        })
        .collect();
    parts.join("; ")
}

fn app_table(r: &CompareReport) -> TextTable {
    let mut t = TextTable::new(
        &[
            "application",
            "target",
            "cover",
            "rota",
            "cost in layout",
            "cost in optimum",
            "difference",
        ],
        &[false, false, false, false, true, true, true],
    );
    let arrow = |a: &str, b: &str| {
        if a == b {
            a.to_string()
        } else {
            format!("{a} -> {b}")
        }
    };
    for a in r.applications.iter().filter(|a| a.changed) {
        t.row(vec![
            a.id.clone(),
            arrow(&a.layout.target, &a.optimal.target),
            arrow(&cover_text(&a.layout), &cover_text(&a.optimal)),
            {
                let (from, to) = (rota_text(&a.layout), rota_text(&a.optimal));
                // Two different rotas may share a name across the two sides.
                if a.rota_changed {
                    format!("{from} -> {to}")
                } else {
                    from
                }
            },
            money(a.layout.total),
            money(a.optimal.total),
            signed_money(a.difference),
        ]);
    }
    t
}

fn totals_table(r: &CompareReport) -> TextTable {
    let mut t = TextTable::new(
        &["", "layout", "optimum", "difference"],
        &[false, true, true, true],
    );
    let (l, o, d) = (&r.totals, &r.optimal.totals, &r.difference);
    for (label, x, y, z) in [
        ("standby", l.standby, o.standby, d.standby),
        (
            "expected loss",
            l.expected_loss,
            o.expected_loss,
            d.expected_loss,
        ),
        ("callouts", l.callouts, o.callouts, d.callouts),
        ("engineering", l.engineering, o.engineering, d.engineering),
        ("total", l.total, o.total, d.total),
    ] {
        t.row(vec![label.into(), money(x), money(y), signed_money(z)]);
    }
    let n_layout = r.rotas.iter().filter(|x| x.side == Side::Layout).count();
    t.row(vec![
        "rotas".into(),
        n_layout.to_string(),
        r.optimal.rotas.to_string(),
        String::new(),
    ]);
    t
}

fn headline(r: &CompareReport) -> String {
    let verdict = match r.violations.len() {
        0 => "no violations".to_string(),
        1 => "1 violation".to_string(),
        n => format!("{n} violations"),
    };
    let status = match r.optimal.status {
        Status::Optimal => String::new(),
        Status::Feasible => format!(
            " (the optimum is the best found, within {:.3}% of its bound)",
            r.optimal.gap * 100.0
        ),
    };
    let money_line = if r.difference.total > 0.0 {
        format!(
            "the optimum saves {} {} a month{status}",
            money(r.difference.total),
            r.currency
        )
    } else if r.difference.total < 0.0 && r.feasible && r.optimal.status == Status::Optimal {
        format!(
            "the layout costs {} {} a month less than the optimum, which should be impossible: please report this",
            money(-r.difference.total),
            r.currency
        )
    } else if r.difference.total < 0.0 && r.feasible {
        format!(
            "the layout costs {} {} a month less than the best layout the solver found{status}",
            money(-r.difference.total),
            r.currency
        )
    } else if r.difference.total < 0.0 {
        format!(
            "the layout costs {} {} a month less than the optimum, but only by breaking rules{status}",
            money(-r.difference.total),
            r.currency
        )
    } else {
        format!("it costs the same as the optimum{status}")
    };
    let line = format!(
        "{} — layout {}: {verdict}; {money_line}",
        r.scenario, r.layout
    );
    format!("{}\n", printable(&line))
}

fn violation_lines(r: &CompareReport) -> String {
    let mut out = String::new();
    for v in &r.violations {
        out.push_str(&format!("  {}: {}\n", v.code, printable(&v.message)));
    }
    out
}

pub fn render_table(r: &CompareReport) -> String {
    let mut out = headline(r);
    if !r.violations.is_empty() {
        out.push_str(&format!("\nViolations ({})\n", r.violations.len()));
        out.push_str(&violation_lines(r));
    }
    let n_layout = r.rotas.iter().filter(|x| x.side == Side::Layout).count();
    out.push_str(&format!("\nLayout rotas ({n_layout})\n"));
    if n_layout == 0 {
        out.push_str("  (no rota is staffed)\n");
    } else {
        out.push_str(&rota_table(r, Side::Layout).render("  "));
    }
    let n_new = r.rotas.iter().filter(|x| x.side == Side::Optimal).count();
    if n_new > 0 {
        out.push_str(&format!("\nOptimal rotas not in the layout ({n_new})\n"));
        out.push_str(&rota_table(r, Side::Optimal).render("  "));
    }
    let changed = r.applications.iter().filter(|a| a.changed).count();
    out.push_str(&format!(
        "\nApplications the optimum treats differently ({changed} of {})\n",
        r.applications.len()
    ));
    if changed == 0 {
        out.push_str("  (none)\n");
    } else {
        out.push_str(&app_table(r).render("  "));
    }
    out.push_str(&format!(
        "\nTotals ({} per month)\n",
        printable(&r.currency)
    ));
    out.push_str(&totals_table(r).render("  "));
    out
}

pub fn render_markdown(r: &CompareReport) -> String {
    let mut out = format!("# {}", headline(r));
    if !r.violations.is_empty() {
        out.push_str(&format!("\n## Violations ({})\n\n", r.violations.len()));
        let mut t = TextTable::new(&["code", "rota", "applications", "message"], &[false; 4]);
        for v in &r.violations {
            t.row(vec![
                format!("`{}`", v.code),
                v.rota.clone().unwrap_or_default(),
                v.applications.join(", "),
                v.message.clone(),
            ]);
        }
        out.push_str(&t.markdown());
    }
    out.push_str("\n## Layout rotas\n\n");
    out.push_str(&rota_table(r, Side::Layout).markdown());
    if r.rotas.iter().any(|x| x.side == Side::Optimal) {
        out.push_str("\n## Optimal rotas not in the layout\n\n");
        out.push_str(&rota_table(r, Side::Optimal).markdown());
    }
    out.push_str("\n## Applications the optimum treats differently\n\n");
    out.push_str(&app_table(r).markdown());
    out.push_str(&format!(
        "\n## Totals ({} per month)\n\n",
        printable(&r.currency)
    ));
    out.push_str(&totals_table(r).markdown());
    out
}
