//! Support windows (SPEC §7.1): one model per window, built from the whole
//! model the way `season` builds one per season.
//!
//! Each window is a copy of the §3 problem over the applications that trade
//! in it: their incidents scaled by the window's share, each rota's standby
//! by its standby share. An application that does not trade in a window
//! loses nothing there and is never worth covering there (cover only adds
//! callouts and load), so it is left out of that window's model. The windows
//! are coupled only through each application's target: its cover in every
//! window where it trades must satisfy it. A window's model prices no
//! engineering (`engineering_scale` 0): the target, and with it the
//! engineering, is chosen once per application by the solver.

use crate::model::{Application, Cover, Model};
use crate::scenario::Scenario;

/// One window's copy of the problem.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowModel {
    pub name: String,
    pub share: f64,
    pub standby_share: f64,
    /// The applications trading in this window (in the whole model's order),
    /// incidents x share, standby x standby share, no engineering.
    pub model: Model,
    /// A window-model application's index in the whole model.
    pub apps: Vec<usize>,
}

/// The windows of a scenario, and where each application trades.
#[derive(Debug, Clone, PartialEq)]
pub struct Windowed {
    pub windows: Vec<WindowModel>,
    /// Per application of the whole model: (window, index in that window's
    /// model) for every window it trades in, in window order.
    pub trades: Vec<Vec<(usize, usize)>>,
}

/// Does the scenario use support windows (`[[windows]]` or any `trades_in`)?
/// Without them every command takes its single-window path unchanged.
pub fn has_windows(s: &Scenario) -> bool {
    !s.windows.is_empty() || s.applications.iter().any(|a| a.trades_in.is_some())
}

impl Windowed {
    /// The per-window models of a scenario that uses windows (`None` when it
    /// does not). `m` is the scenario's whole model (`Model::build`), its
    /// applications in the scenario's order.
    pub fn build(s: &Scenario, m: &Model) -> Option<Windowed> {
        if !has_windows(s) {
            return None;
        }
        let mut trades = vec![Vec::new(); m.applications.len()];
        let windows = s
            .effective_windows()
            .iter()
            .enumerate()
            .map(|(w, window)| {
                let apps: Vec<usize> = s
                    .applications
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.trades_in(&window.name))
                    .map(|(i, _)| i)
                    .collect();
                for (k, &a) in apps.iter().enumerate() {
                    trades[a].push((w, k));
                }
                let mut model = m.clone();
                model.applications = apps
                    .iter()
                    .map(|&a| in_window(&m.applications[a], window.share))
                    .collect();
                let standby = window.standby_share();
                model.team_rota.standby *= standby;
                model.domain_rota.standby *= standby;
                WindowModel {
                    name: window.name.clone(),
                    share: window.share,
                    standby_share: standby,
                    model,
                    apps,
                }
            })
            .collect();
        Some(Windowed { windows, trades })
    }

    /// The window indices application `a` trades in.
    pub fn trading_windows(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        self.trades[a].iter().map(|&(w, _)| w)
    }

    /// The names of every window, in declared order.
    pub fn names(&self) -> Vec<&str> {
        self.windows.iter().map(|w| w.name.as_str()).collect()
    }
}

fn in_window(a: &Application, share: f64) -> Application {
    let mut a = a.clone();
    a.incidents_per_month *= share;
    a.engineering_scale = 0.0;
    a
}

/// The target application `a` takes given its cover in each window where it
/// trades: the allowed target of least engineering that every one of those
/// covers satisfies (ties to the stricter); with no trading window, any
/// allowed target qualifies. `None` when no allowed target fits all covers.
pub fn target_for(m: &Model, a: usize, covers: &[Cover]) -> Option<usize> {
    let app = &m.applications[a];
    let mut best: Option<usize> = None;
    for t in app.allowed().rev() {
        if !covers.iter().all(|&c| m.satisfies(app, t, c)) {
            continue;
        }
        if best.is_none_or(|b| m.targets[t].engineering < m.targets[b].engineering) {
            best = Some(t);
        }
    }
    best
}

/// The targets worth considering for application `a` when its cover must
/// satisfy one target in several windows, strictest first: an allowed
/// target some possible cover meets, unless another meets every cover it
/// meets (and more, or it is stricter) for no more engineering. Any layout
/// at a dropped target is also a layout at the one that dominates it, at no
/// higher cost.
pub fn candidate_targets(m: &Model, a: usize) -> Vec<usize> {
    let app = &m.applications[a];
    let possible: Vec<Cover> = Cover::ALL
        .into_iter()
        .filter(|&c| m.best_cost(app, c).is_some())
        .collect();
    let meets = |t: usize| -> Vec<Cover> {
        possible
            .iter()
            .copied()
            .filter(|&c| m.satisfies(app, t, c))
            .collect()
    };
    let all: Vec<(usize, Vec<Cover>)> = app
        .allowed()
        .rev()
        .map(|t| (t, meets(t)))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    all.iter()
        .enumerate()
        .filter(|(i, (t, covers))| {
            !all.iter().enumerate().any(|(j, (u, others))| {
                let covers_all = covers.iter().all(|c| others.contains(c));
                let cheaper = m.targets[*u].engineering <= m.targets[*t].engineering;
                let strictly = others.len() > covers.len()
                    || m.targets[*u].engineering < m.targets[*t].engineering
                    || j < *i;
                j != *i && covers_all && cheaper && strictly
            })
        })
        .map(|(_, (t, _))| *t)
        .collect()
}
