//! A plan over support windows (SPEC §7.1): one target per application,
//! its cover in each window where it trades, and the rotas staffed in each
//! window; a rota with the same members in several windows is one rota
//! staffed in those windows. Its engineering is counted once per
//! application, its losses and callouts per window.

use std::collections::BTreeMap;

use crate::layout::{Layout, Rota, RotaKind};
use crate::model::window::Windowed;
use crate::model::{AppCost, Cover, Model};
use crate::plan::{Plan, Status, Totals};

/// A rota staffed in one or more windows.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowedRota {
    pub name: String,
    pub cover: Cover,
    pub team: Option<usize>,
    pub domain: Option<usize>,
    /// Sorted application indices (the whole model's).
    pub apps: Vec<usize>,
    /// Sorted window indices it is staffed in.
    pub windows: Vec<usize>,
}

impl WindowedRota {
    pub fn kind(&self) -> RotaKind {
        if self.cover == Cover::TeamRota {
            RotaKind::Team
        } else {
            RotaKind::Domain
        }
    }
}

/// An application's cover in one window where it trades.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowCover {
    pub window: usize,
    pub cover: Cover,
    /// Index into `WindowedPlan::rotas`.
    pub rota: Option<usize>,
    /// Expected loss and callouts in this window (no engineering).
    pub cost: AppCost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WindowedPlan {
    pub rotas: Vec<WindowedRota>,
    /// One target per application, in model order.
    pub targets: Vec<usize>,
    /// Per application: its cover in each window where it trades, in window order.
    pub covers: Vec<Vec<WindowCover>>,
    pub status: Status,
    /// Best proven lower bound on the total.
    pub bound: f64,
}

type RotaKey = (
    bool,
    String,
    String,
    Vec<usize>,
    Cover,
    Option<usize>,
    Option<usize>,
);

impl WindowedPlan {
    /// Builds the plan from one plan per window (on any model of that
    /// window: only its rotas and covers are read, with window-model
    /// application indices) and the targets: merges rotas with the same
    /// members across windows, orders and names them, and prices each
    /// window's cover on the window's own model.
    pub fn assemble(
        m: &Model,
        wm: &Windowed,
        per_window: &[Plan],
        targets: Vec<usize>,
        status: Status,
        bound: f64,
    ) -> WindowedPlan {
        // Rotas with the same kind, key and members across windows are one.
        let mut merged: BTreeMap<RotaKey, Vec<usize>> = BTreeMap::new();
        for (w, plan) in per_window.iter().enumerate() {
            let window = &wm.windows[w];
            for r in &plan.rotas {
                let mut apps: Vec<usize> = r.apps.iter().map(|&a| window.apps[a]).collect();
                apps.sort_unstable();
                let key = (
                    r.cover != Cover::DomainRota,
                    r.domain
                        .map(|d| m.domains[d].id.clone())
                        .unwrap_or_default(),
                    r.team.map(|t| m.teams[t].id.clone()).unwrap_or_default(),
                    apps,
                    r.cover,
                    r.team,
                    r.domain,
                );
                merged.entry(key).or_default().push(w);
            }
        }
        let mut rotas: Vec<WindowedRota> = merged
            .into_iter()
            .map(
                |((_, _, _, apps, cover, team, domain), windows)| WindowedRota {
                    name: String::new(),
                    cover,
                    team,
                    domain,
                    apps,
                    windows,
                },
            )
            .collect();
        name_rotas(m, &mut rotas);
        // Which rota holds (window, application).
        let mut rota_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (i, r) in rotas.iter().enumerate() {
            for &w in &r.windows {
                for &a in &r.apps {
                    rota_of.insert((w, a), i);
                }
            }
        }
        let covers = (0..m.applications.len())
            .map(|a| {
                wm.trades[a]
                    .iter()
                    .map(|&(w, k)| {
                        let window = &wm.windows[w];
                        let cover = per_window[w].decisions[k].cover;
                        let app = &window.model.applications[k];
                        WindowCover {
                            window: w,
                            cover,
                            rota: rota_of.get(&(w, a)).copied(),
                            cost: window.model.cost_at(app, targets[a], cover),
                        }
                    })
                    .collect()
            })
            .collect();
        let mut plan = WindowedPlan {
            rotas,
            targets,
            covers,
            status,
            bound,
        };
        if status == Status::Optimal {
            plan.bound = plan.totals(m, wm).total;
        }
        plan
    }

    /// Standby of a rota: its kind's standby times the standby share of each
    /// window it is staffed in.
    pub fn rota_standby(&self, wm: &Windowed, rota: usize) -> f64 {
        let r = &self.rotas[rota];
        r.windows
            .iter()
            .fold(0.0, |s, &w| s + wm.windows[w].model.standby(r.cover))
    }

    pub fn load(&self, m: &Model, rota: usize) -> f64 {
        self.rotas[rota]
            .apps
            .iter()
            .map(|&a| m.applications[a].load)
            .sum()
    }

    /// Engineering of application `a` at its target (counted once).
    pub fn engineering(&self, m: &Model, a: usize) -> f64 {
        m.targets[self.targets[a]].engineering
    }

    pub fn totals(&self, m: &Model, wm: &Windowed) -> Totals {
        let mut t = Totals {
            standby: (0..self.rotas.len()).fold(0.0, |s, r| s + self.rota_standby(wm, r)),
            ..Totals::default()
        };
        for (a, covers) in self.covers.iter().enumerate() {
            for c in covers {
                t.expected_loss += c.cost.expected_loss;
                t.callouts += c.cost.callouts;
            }
            t.engineering += self.engineering(m, a);
        }
        t.total = t.standby + t.expected_loss + t.callouts + t.engineering;
        t
    }

    /// Relative gap between the plan's total and the proven bound.
    pub fn gap(&self, m: &Model, wm: &Windowed) -> f64 {
        let total = self.totals(m, wm).total;
        if self.status == Status::Optimal || total <= 0.0 {
            return 0.0;
        }
        ((total - self.bound) / total).max(0.0)
    }

    /// The layout file (SPEC §4, §7.1): every rota once, with the windows it
    /// is staffed in (left out when it is staffed in all), and every
    /// application's target.
    pub fn to_layout(&self, m: &Model, wm: &Windowed) -> Layout {
        let all = wm.windows.len();
        let rotas = self
            .rotas
            .iter()
            .map(|r| Rota {
                name: r.name.clone(),
                kind: r.kind(),
                domain: r.domain.map(|d| m.domains[d].id.clone()),
                team: r.team.map(|t| m.teams[t].id.clone()),
                windows: (r.windows.len() < all).then(|| {
                    r.windows
                        .iter()
                        .map(|&w| wm.windows[w].name.clone())
                        .collect()
                }),
                applications: r
                    .apps
                    .iter()
                    .map(|&a| m.applications[a].id.clone())
                    .collect(),
            })
            .collect();
        let targets = self
            .targets
            .iter()
            .enumerate()
            .map(|(a, &t)| (m.applications[a].id.clone(), m.targets[t].name.clone()))
            .collect();
        Layout {
            scenario: Some(m.name.clone()),
            rotas,
            targets,
        }
    }
}

/// Team rotas take the team's id, domain rotas the domain's (a team id that
/// is also a domain id gets `-team`); a second rota of the same name gets
/// `-2`, and so on, in the rotas' order.
fn name_rotas(m: &Model, rotas: &mut [WindowedRota]) {
    let names = crate::plan::rota_names(m, rotas.iter().map(|r| (r.cover, r.team, r.domain)));
    for (r, name) in rotas.iter_mut().zip(names) {
        r.name = name;
    }
}

/// The status quo in windows: every team's own team rotas as today
/// (`plan::baseline`), staffed in every window, at current targets; an
/// application loses revenue only where it trades, and its callouts are
/// paid in every window where it is covered.
pub fn windowed_baseline(m: &Model, wm: &Windowed) -> (usize, Totals) {
    let base = crate::plan::baseline(m);
    let standby_share: f64 = wm.windows.iter().map(|w| w.standby_share).sum();
    let mut t = Totals {
        standby: base
            .rotas
            .iter()
            .fold(0.0, |s, r| s + m.standby(r.cover) * standby_share),
        ..Totals::default()
    };
    for (a, d) in base.decisions.iter().enumerate() {
        let app = &m.applications[a];
        let full = m.cost_at(app, app.current_target, d.cover);
        let traded: f64 = wm.trading_windows(a).map(|w| wm.windows[w].share).sum();
        t.expected_loss += full.expected_loss * traded;
        t.callouts += full.callouts;
        t.engineering += full.engineering;
    }
    t.total = t.standby + t.expected_loss + t.callouts + t.engineering;
    (base.rotas.len(), t)
}
