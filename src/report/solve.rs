//! The report of `rota solve`: the layout's rotas, applications and totals
//! beside the baseline, the policies of the series, explanations where they
//! were asked for, and diagnostics.

use serde::Serialize;

use crate::analysis::by_team::CostShare;
use crate::layout::RotaKind;
use crate::model::Model;
use crate::numbers::{money, printable, signed_money};
use crate::plan::policy::{operations_at_scale, PolicyCost};
use crate::plan::{Plan, Status, Totals};
use crate::report::diagnostics::{diagnose, Diagnostic};
use crate::report::explain::{AppExplanation, Explanations, RotaValue};
use crate::report::table::TextTable;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaRow {
    pub name: String,
    pub kind: RotaKind,
    pub team: Option<String>,
    pub domain: Option<String>,
    pub applications: Vec<String>,
    pub teams: Vec<String>,
    pub load: f64,
    pub standby: f64,
    /// What dropping the rota would cost (`explain`); filled by the caller.
    pub marginal_value: Option<RotaValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicationRow {
    pub id: String,
    pub name: String,
    pub team: String,
    pub current_target: String,
    pub target: String,
    /// `kept`, `downgraded` or `upgraded`.
    pub change: &'static str,
    /// The floor lies above the current target: an upgrade was forced.
    pub forced_upgrade: bool,
    pub floor: String,
    pub cover: &'static str,
    pub rota: Option<String>,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
    /// The decision against its cheapest alternative (`explain`); filled by the caller.
    pub explanation: Option<AppExplanation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineSummary {
    pub description: &'static str,
    pub rotas: usize,
    pub totals: Totals,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveReport {
    pub scenario: String,
    pub currency: String,
    pub status: Status,
    /// Relative gap between the total and the proven bound (0 when optimal).
    pub gap: f64,
    pub bound: f64,
    pub totals: Totals,
    pub rotas: Vec<RotaRow>,
    pub applications: Vec<ApplicationRow>,
    pub baseline: BaselineSummary,
    /// Baseline total minus optimal total.
    pub savings: f64,
    /// "You Build It Ops Run It at scale", when the model prices operations.
    pub operations_policy: Option<PolicyCost>,
    pub diagnostics: Vec<Diagnostic>,
    /// Cost by team (SPEC §7.4), with `--by-team`; filled by the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<CostShare>>,
    /// Cost by top-level product domain (SPEC §7.4), with `--by-team`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_domains: Option<Vec<CostShare>>,
}

/// The ids of applications (model indices), in their order.
pub(crate) fn app_ids(m: &Model, apps: &[usize]) -> Vec<String> {
    apps.iter().map(|&a| m.applications[a].id.clone()).collect()
}

/// The teams of applications (model indices): ids, sorted, each once.
pub(crate) fn team_ids(m: &Model, apps: &[usize]) -> Vec<String> {
    let mut teams: Vec<String> = apps
        .iter()
        .map(|&a| m.teams[m.applications[a].team].id.clone())
        .collect();
    teams.sort();
    teams.dedup();
    teams
}

pub fn rota_rows(m: &Model, plan: &Plan) -> Vec<RotaRow> {
    plan.rotas
        .iter()
        .enumerate()
        .map(|(i, r)| RotaRow {
            name: r.name.clone(),
            kind: r.kind(),
            team: r.team.map(|t| m.teams[t].id.clone()),
            domain: r.domain.map(|d| m.domains[d].id.clone()),
            applications: app_ids(m, &r.apps),
            teams: team_ids(m, &r.apps),
            load: plan.load(m, i),
            standby: m.standby(r.cover),
            marginal_value: None,
        })
        .collect()
}

pub fn build(m: &Model, plan: &Plan, baseline: &Plan) -> SolveReport {
    let applications = plan
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let a = &m.applications[i];
            let change = match d.target.cmp(&a.current_target) {
                std::cmp::Ordering::Equal => "kept",
                std::cmp::Ordering::Less => "downgraded",
                std::cmp::Ordering::Greater => "upgraded",
            };
            ApplicationRow {
                id: a.id.clone(),
                name: a.name.clone(),
                team: m.teams[a.team].id.clone(),
                current_target: m.targets[a.current_target].name.clone(),
                target: m.targets[d.target].name.clone(),
                change,
                forced_upgrade: a.forced_upgrade(),
                floor: m.targets[a.lowest].name.clone(),
                cover: d.cover.as_str(),
                rota: d.rota.map(|r| plan.rotas[r].name.clone()),
                expected_loss: d.cost.expected_loss,
                callouts: d.cost.callouts,
                engineering: d.cost.engineering,
                explanation: None,
            }
        })
        .collect();
    let totals = plan.totals(m);
    let base = baseline.totals(m);
    let operations_policy = operations_at_scale(m);
    SolveReport {
        scenario: m.name.clone(),
        currency: m.currency.clone(),
        status: plan.status,
        gap: plan.gap(m),
        bound: plan.bound,
        totals,
        rotas: rota_rows(m, plan),
        applications,
        baseline: BaselineSummary {
            description: "every team on its own team rota at current targets",
            rotas: baseline.rotas.len(),
            totals: base,
        },
        savings: base.total - totals.total,
        diagnostics: diagnose(m, plan, operations_policy.as_ref()),
        operations_policy,
        teams: None,
        product_domains: None,
    }
}

impl SolveReport {
    /// Puts explanations on the application and rota rows (same order as
    /// the plan they were computed from).
    pub fn attach(&mut self, e: Explanations) {
        for (row, x) in self.applications.iter_mut().zip(e.applications) {
            row.explanation = Some(x);
        }
        for (row, x) in self.rotas.iter_mut().zip(e.rotas) {
            row.marginal_value = Some(x);
        }
    }
}

pub fn render_table(r: &SolveReport) -> String {
    let mut out = headline(r);
    out.push_str(&rota_section(r));
    out.push_str(&application_section(r));
    out.push_str(&totals_section(r));
    out.push_str(&policy_section(r));
    out.push_str(&crate::report::by_team::section(r));
    out.push_str(&explanation_sections(r));
    out.push_str(&diagnostic_section(r));
    out
}

fn headline(r: &SolveReport) -> String {
    let status = match r.status {
        Status::Optimal => "optimal layout".to_string(),
        Status::Feasible => format!(
            "feasible layout (proven gap {:.3}%, bound {})",
            r.gap * 100.0,
            money(r.bound)
        ),
    };
    let line = format!("{} — {}, {} per month", r.scenario, status, r.currency);
    format!("{}\n\n", printable(&line))
}

fn rota_section(r: &SolveReport) -> String {
    let mut out = format!("Rotas ({})\n", r.rotas.len());
    if r.rotas.is_empty() {
        out.push_str("  (no rota is staffed)\n");
        return out;
    }
    let mut t = TextTable::new(
        &[
            "rota",
            "kind",
            "team or domain",
            "load",
            "standby",
            "applications",
        ],
        &[false, false, false, true, true, false],
    );
    for row in &r.rotas {
        t.row(vec![
            row.name.clone(),
            row.kind.as_str().into(),
            row.team
                .clone()
                .or_else(|| row.domain.clone())
                .unwrap_or_default(),
            crate::numbers::load_text(row.load),
            money(row.standby),
            row.applications.join(", "),
        ]);
    }
    out.push_str(&t.render("  "));
    out
}

fn application_section(r: &SolveReport) -> String {
    let mut out = format!("\nApplications ({})\n", r.applications.len());
    let mut t = TextTable::new(
        &[
            "application",
            "team",
            "target",
            "change",
            "cover",
            "rota",
            "expected loss",
        ],
        &[false, false, false, false, false, false, true],
    );
    for a in &r.applications {
        let target = if a.target == a.current_target {
            a.target.clone()
        } else {
            format!("{} -> {}", a.current_target, a.target)
        };
        let change = if a.forced_upgrade && a.change == "upgraded" {
            "upgraded (floor)"
        } else {
            a.change
        };
        t.row(vec![
            a.id.clone(),
            a.team.clone(),
            target,
            change.into(),
            a.cover.replace('_', " "),
            a.rota.clone().unwrap_or_else(|| "-".into()),
            money(a.expected_loss),
        ]);
    }
    out.push_str(&t.render("  "));
    out
}

fn totals_section(r: &SolveReport) -> String {
    totals_beside_baseline(&r.totals, r.rotas.len(), &r.baseline)
}

/// The "Totals" section: the optimum beside the baseline, money and rotas
/// (also used by the report of a solve over support windows).
pub(crate) fn totals_beside_baseline(o: &Totals, rotas: usize, b: &BaselineSummary) -> String {
    let mut out = String::from("\nTotals\n");
    let mut t = TextTable::new(
        &["", "optimal", "baseline", "difference"],
        &[false, true, true, true],
    );
    let bt = &b.totals;
    for (label, x, y) in [
        ("standby", o.standby, bt.standby),
        ("expected loss", o.expected_loss, bt.expected_loss),
        ("callouts", o.callouts, bt.callouts),
        ("engineering", o.engineering, bt.engineering),
        ("total", o.total, bt.total),
    ] {
        t.row(vec![label.into(), money(x), money(y), signed_money(x - y)]);
    }
    t.row(vec![
        "rotas".into(),
        rotas.to_string(),
        b.rotas.to_string(),
        String::new(),
    ]);
    out.push_str(&t.render("  "));
    out.push_str(&format!("\n  baseline: {}\n", b.description));
    out
}

/// The three policies of the series side by side, when the model prices
/// operations.
fn policy_section(r: &SolveReport) -> String {
    let Some(ops) = &r.operations_policy else {
        return String::new();
    };
    let mut out = String::from("\nPolicies (per month)\n");
    let mut t = TextTable::new(
        &["policy", "rotas", "standby", "total", "vs this layout"],
        &[false, true, true, true, true],
    );
    let rows = [
        ("this layout", r.rotas.len(), &r.totals),
        (
            "every team its own rota",
            r.baseline.rotas,
            &r.baseline.totals,
        ),
        ("You Build It Ops Run It at scale", ops.rotas, &ops.totals),
    ];
    for (label, rotas, totals) in rows {
        t.row(vec![
            label.into(),
            rotas.to_string(),
            money(totals.standby),
            money(totals.total),
            signed_money(totals.total - r.totals.total),
        ]);
    }
    out.push_str(&t.render("  "));
    out.push_str(&format!("\n  operations: {}\n", ops.description));
    if ops.incident_factor != 1.0 {
        out.push_str(&format!(
            "  operations: incidents {} times as frequent (support.operations.incident_factor)\n",
            ops.incident_factor
        ));
    }
    out
}

/// Why each decision was taken and what each rota is worth, where explained.
fn explanation_sections(r: &SolveReport) -> String {
    let explained: Vec<&str> = r
        .applications
        .iter()
        .filter_map(|a| a.explanation.as_ref().map(|e| e.sentence.as_str()))
        .collect();
    let valued: Vec<&str> = r
        .rotas
        .iter()
        .filter_map(|x| x.marginal_value.as_ref().map(|v| v.sentence.as_str()))
        .collect();
    let mut out = sentences(
        "\nWhy (each decision against its cheapest alternative: the optimum with that alternative forced, everything else free to change)\n",
        &explained,
    );
    out.push_str(&sentences(
        "\nRota values (dropping a rota: none of its applications may be on a rota of its kind; everything else solved again)\n",
        &valued,
    ));
    out
}

/// A heading and one indented line per sentence; nothing when there are none.
/// A sentence is one line, whatever its ids hold.
fn sentences(heading: &str, lines: &[&str]) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from(heading);
    for s in lines {
        out.push_str(&format!("  {}\n", printable(s)));
    }
    out
}

fn diagnostic_section(r: &SolveReport) -> String {
    if r.diagnostics.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nDiagnostics\n");
    for d in &r.diagnostics {
        out.push_str(&format!(
            "  {}: {}\n",
            d.code.as_str(),
            printable(&d.message)
        ));
    }
    out
}
