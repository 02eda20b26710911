//! The report of `rota solve` on a scenario with support windows (SPEC
//! §7.1): the rotas with the windows they are staffed in, each
//! application's target and its cover in every window, per-window and
//! overall totals beside the baseline. JSON: rotas gain `windows`,
//! applications gain `covers` [{`window`, `cover`, `rota`}]; with one
//! window the single-window `cover` and `rota` keys are there too.

use serde::Serialize;

use crate::layout::RotaKind;
use crate::model::window::Windowed;
use crate::model::Model;
use crate::numbers::{money, printable};
use crate::plan::window::{windowed_baseline, WindowedPlan};
use crate::plan::{Status, Totals};
use crate::report::solve::BaselineSummary;
use crate::report::table::TextTable;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowRow {
    pub name: String,
    pub share: f64,
    pub standby_share: f64,
    /// Names of the rotas staffed in this window.
    pub rotas: Vec<String>,
    /// Applications trading in this window.
    pub trading: usize,
    /// What this window costs: standby, losses and callouts (engineering
    /// belongs to no window).
    pub standby: f64,
    pub expected_loss: f64,
    pub callouts: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowedRotaRow {
    pub name: String,
    pub kind: RotaKind,
    pub team: Option<String>,
    pub domain: Option<String>,
    pub applications: Vec<String>,
    pub windows: Vec<String>,
    pub teams: Vec<String>,
    pub load: f64,
    /// Standby summed over the windows it is staffed in.
    pub standby: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverRow {
    pub window: String,
    pub cover: &'static str,
    pub rota: Option<String>,
    pub expected_loss: f64,
    pub callouts: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowedApplicationRow {
    pub id: String,
    pub name: String,
    pub team: String,
    pub current_target: String,
    pub target: String,
    /// `kept`, `downgraded` or `upgraded`.
    pub change: &'static str,
    pub forced_upgrade: bool,
    pub floor: String,
    pub trades_in: Vec<String>,
    pub covers: Vec<CoverRow>,
    /// With one window only: its cover and rota (the single-window keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rota: Option<Option<String>>,
    pub expected_loss: f64,
    pub callouts: f64,
    pub engineering: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowedSolveReport {
    pub scenario: String,
    pub currency: String,
    pub status: Status,
    pub gap: f64,
    pub bound: f64,
    pub totals: Totals,
    pub windows: Vec<WindowRow>,
    pub rotas: Vec<WindowedRotaRow>,
    pub applications: Vec<WindowedApplicationRow>,
    pub baseline: BaselineSummary,
    pub savings: f64,
}

pub fn build(m: &Model, wm: &Windowed, plan: &WindowedPlan) -> WindowedSolveReport {
    let window_name = |w: usize| wm.windows[w].name.clone();
    let rota_name = |r: Option<usize>| r.map(|r| plan.rotas[r].name.clone());
    let rotas = plan
        .rotas
        .iter()
        .enumerate()
        .map(|(i, r)| WindowedRotaRow {
            name: r.name.clone(),
            kind: r.kind(),
            team: r.team.map(|t| m.teams[t].id.clone()),
            domain: r.domain.map(|d| m.domains[d].id.clone()),
            applications: crate::report::solve::app_ids(m, &r.apps),
            windows: r.windows.iter().map(|&w| window_name(w)).collect(),
            teams: crate::report::solve::team_ids(m, &r.apps),
            load: plan.load(m, i),
            standby: plan.rota_standby(wm, i),
        })
        .collect();
    let single = wm.windows.len() == 1;
    let applications = m
        .applications
        .iter()
        .enumerate()
        .map(|(a, app)| {
            let target = plan.targets[a];
            let change = match target.cmp(&app.current_target) {
                std::cmp::Ordering::Equal => "kept",
                std::cmp::Ordering::Less => "downgraded",
                std::cmp::Ordering::Greater => "upgraded",
            };
            let covers: Vec<CoverRow> = plan.covers[a]
                .iter()
                .map(|c| CoverRow {
                    window: window_name(c.window),
                    cover: c.cover.as_str(),
                    rota: rota_name(c.rota),
                    expected_loss: c.cost.expected_loss,
                    callouts: c.cost.callouts,
                })
                .collect();
            let (cover, rota) = if single {
                let first = plan.covers[a].first();
                (
                    Some(first.map_or("none", |c| c.cover.as_str())),
                    Some(first.and_then(|c| rota_name(c.rota))),
                )
            } else {
                (None, None)
            };
            WindowedApplicationRow {
                id: app.id.clone(),
                name: app.name.clone(),
                team: m.teams[app.team].id.clone(),
                current_target: m.targets[app.current_target].name.clone(),
                target: m.targets[target].name.clone(),
                change,
                forced_upgrade: app.forced_upgrade(),
                floor: m.targets[app.lowest].name.clone(),
                trades_in: wm.trading_windows(a).map(window_name).collect(),
                expected_loss: covers.iter().fold(0.0, |s, c| s + c.expected_loss),
                callouts: covers.iter().fold(0.0, |s, c| s + c.callouts),
                engineering: plan.engineering(m, a),
                covers,
                cover,
                rota,
            }
        })
        .collect();
    let windows = wm
        .windows
        .iter()
        .enumerate()
        .map(|(w, window)| {
            let staffed: Vec<usize> = (0..plan.rotas.len())
                .filter(|&r| plan.rotas[r].windows.contains(&w))
                .collect();
            let here = plan.covers.iter().flatten().filter(|c| c.window == w);
            let (loss, callouts) = here.fold((0.0, 0.0), |(l, c), x| {
                (l + x.cost.expected_loss, c + x.cost.callouts)
            });
            WindowRow {
                name: window.name.clone(),
                share: window.share,
                standby_share: window.standby_share,
                rotas: staffed
                    .iter()
                    .map(|&r| plan.rotas[r].name.clone())
                    .collect(),
                trading: window.apps.len(),
                standby: staffed
                    .iter()
                    .fold(0.0, |s, &r| s + window.model.standby(plan.rotas[r].cover)),
                expected_loss: loss,
                callouts,
            }
        })
        .collect();
    let totals = plan.totals(m, wm);
    let (base_rotas, base) = windowed_baseline(m, wm);
    WindowedSolveReport {
        scenario: m.name.clone(),
        currency: m.currency.clone(),
        status: plan.status,
        gap: plan.gap(m, wm),
        bound: plan.bound,
        totals,
        windows,
        rotas,
        applications,
        baseline: BaselineSummary {
            description:
                "every team on its own team rota at current targets, staffed in every window",
            rotas: base_rotas,
            totals: base,
        },
        savings: base.total - totals.total,
    }
}

pub fn render_table(r: &WindowedSolveReport) -> String {
    let status = match r.status {
        Status::Optimal => "optimal layout".to_string(),
        Status::Feasible => format!(
            "feasible layout (proven gap {:.3}%, bound {})",
            r.gap * 100.0,
            money(r.bound)
        ),
    };
    let line = format!("{} — {}, {} per month", r.scenario, status, r.currency);
    let mut out = format!("{}\n\n", printable(&line));
    out.push_str(&window_section(r));
    out.push_str(&rota_section(r));
    out.push_str(&application_section(r));
    out.push_str(&totals_section(r));
    out
}

fn window_section(r: &WindowedSolveReport) -> String {
    let mut out = format!("Support windows ({})\n", r.windows.len());
    let mut t = TextTable::new(
        &[
            "window",
            "share",
            "standby share",
            "trading",
            "standby",
            "expected loss",
            "callouts",
            "rotas staffed",
        ],
        &[false, true, true, true, true, true, true, false],
    );
    for w in &r.windows {
        t.row(vec![
            w.name.clone(),
            format!("{}", w.share),
            format!("{}", w.standby_share),
            w.trading.to_string(),
            money(w.standby),
            money(w.expected_loss),
            money(w.callouts),
            if w.rotas.is_empty() {
                "-".into()
            } else {
                w.rotas.join(", ")
            },
        ]);
    }
    out.push_str(&t.render("  "));
    out
}

fn rota_section(r: &WindowedSolveReport) -> String {
    let mut out = format!("\nRotas ({})\n", r.rotas.len());
    if r.rotas.is_empty() {
        out.push_str("  (no rota is staffed)\n");
        return out;
    }
    let mut t = TextTable::new(
        &[
            "rota",
            "kind",
            "team or domain",
            "windows",
            "load",
            "standby",
            "applications",
        ],
        &[false, false, false, false, true, true, false],
    );
    for row in &r.rotas {
        t.row(vec![
            row.name.clone(),
            row.kind.as_str().into(),
            row.team
                .clone()
                .or_else(|| row.domain.clone())
                .unwrap_or_default(),
            row.windows.join(", "),
            crate::numbers::load_text(row.load),
            money(row.standby),
            row.applications.join(", "),
        ]);
    }
    out.push_str(&t.render("  "));
    out
}

fn application_section(r: &WindowedSolveReport) -> String {
    let mut out = format!("\nApplications ({})\n", r.applications.len());
    let mut t = TextTable::new(
        &[
            "application",
            "team",
            "target",
            "change",
            "cover by window",
            "expected loss",
        ],
        &[false, false, false, false, false, true],
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
        let covers = if a.covers.is_empty() {
            "(trades in no window)".to_string()
        } else {
            a.covers
                .iter()
                .map(|c| match &c.rota {
                    Some(rota) => format!("{}: {}", c.window, rota),
                    None => format!("{}: none", c.window),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        t.row(vec![
            a.id.clone(),
            a.team.clone(),
            target,
            change.into(),
            covers,
            money(a.expected_loss),
        ]);
    }
    out.push_str(&t.render("  "));
    out
}

fn totals_section(r: &WindowedSolveReport) -> String {
    crate::report::solve::totals_beside_baseline(&r.totals, r.rotas.len(), &r.baseline)
}
