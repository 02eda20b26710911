//! Why each decision of a plan was taken, in money a product manager can
//! check: every alternative is priced by solving again with that decision
//! forced, never estimated. The prices are data; `report::explain` words them.
//!
//! - For an application whose plan puts it at target `t*` with cover `c*`,
//!   the alternatives are every other pair `(t, c)` of an allowed target and a
//!   cover that meets it (and that the application could take at all: its
//!   load fits a rota, it has a product or architectural domain for a domain
//!   rota). Each is priced by the optimum with the application held at exactly
//!   `t` under a cover of kind `c`, everything else free.
//! - A staffed rota's marginal value is the optimum when none of its
//!   applications may be on a rota of its kind (a team rota: no team rota for
//!   them; a domain rota: no domain rota for them), everything else free. They
//!   take another cover, a target that needs none, or that is impossible.
//!
//! A forced decision only touches the applications of one component of the
//! organisation graph (groups that could share a rota, solved independently),
//! so only that component is solved again; the difference to the plan's cost
//! of that component is the difference in the total. Forced solves run in
//! parallel (rayon), without the technology tie-break (it never changes a
//! cost), each under the plan's node limit and a share of the time left;
//! an alternative not proven optimal says so, and one not reached before the
//! time ran out (or Ctrl-C) says it was not priced. Under a node limit alone every forced solve is a
//! count of work, so the whole report is the same on every machine.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::deadline::{Deadline, Stop};
use crate::model::graph::OrgGraph;
use crate::model::{Application, Cover, Model};
use crate::numbers::tolerance_at;
use crate::plan::{Plan, Status};
use crate::solve::{optimise, Method, SolveOptions};

/// A decision forced on one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    /// Exactly this target (an index into `Model::targets`) under this cover.
    Decide { target: usize, cover: Cover },
    /// Never this kind of cover.
    Forbid(Cover),
}

/// Applies a restriction to an application of a model.
pub fn restrict(app: &mut Application, r: Restriction) {
    match r {
        Restriction::Decide { target, cover } => {
            app.lowest = target;
            app.highest = target;
            app.forbidden_covers = Cover::ALL.into_iter().filter(|&c| c != cover).collect();
        }
        Restriction::Forbid(cover) => {
            if !app.forbidden_covers.contains(&cover) {
                app.forbidden_covers.push(cover);
            }
        }
    }
}

/// The whole model with restrictions applied (application indices unchanged).
pub fn restricted(m: &Model, changes: &[(usize, Restriction)]) -> Model {
    let mut out = m.clone();
    for &(a, r) in changes {
        restrict(&mut out.applications[a], r);
    }
    out
}

/// Can the application take any allowed target under some permitted cover?
fn placeable(m: &Model, app: &Application) -> bool {
    Cover::ALL.iter().any(|&c| m.best_cost(app, c).is_some())
}

/// What forcing one decision costs.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Forced optimum minus the plan's total; `proven` when the forced solve
    /// proved its optimum.
    Solved { delta: f64, proven: bool },
    /// Some applications (model indices) have no permitted target and cover left.
    Impossible(Vec<usize>),
    /// The forced solve failed, with the solver's message.
    Failed(String),
    /// Not solved: the time limit ran out (or Ctrl-C) before its turn.
    NotPriced(Stop),
}

impl Outcome {
    /// The price, when the forced solve found one.
    pub fn delta(&self) -> Option<f64> {
        match self {
            Outcome::Solved { delta, .. } => Some(*delta),
            _ => None,
        }
    }
}

/// One alternative decision for an application, priced.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedAlternative {
    /// An index into `Model::targets`.
    pub target: usize,
    pub cover: Cover,
    pub outcome: Outcome,
}

/// Every alternative to one application's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct AppPrices {
    /// Strictest target first, then team rota, domain rota, no cover.
    pub alternatives: Vec<PricedAlternative>,
    /// The cheapest priced alternative (an index into `alternatives`); ties
    /// go to keeping the current target, then to the earlier in the list.
    pub cheapest: Option<usize>,
}

/// Every decision of a plan priced against its alternatives, and every
/// staffed rota against dropping it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// One per application, in model order.
    pub applications: Vec<AppPrices>,
    /// What dropping each staffed rota costs, in plan order.
    pub rotas: Vec<Outcome>,
}

struct Job {
    /// Components the forced solve covers.
    comps: Vec<usize>,
    changes: Vec<(usize, Restriction)>,
}

/// Prices every alternative decision and every staffed rota of `plan`.
pub fn price(m: &Model, plan: &Plan, options: &SolveOptions, method: Method) -> Prices {
    let components = OrgGraph::build(m).rota_components(m);
    let mut comp_of = vec![0; m.applications.len()];
    for (k, c) in components.iter().enumerate() {
        for &a in c {
            comp_of[a] = k;
        }
    }
    let base = component_costs(m, plan, &components, &comp_of);

    let mut jobs = Vec::new();
    let mut app_alts: Vec<Vec<(usize, Cover)>> = Vec::new();
    for (a, &comp) in comp_of.iter().enumerate() {
        let alts = alternatives(m, plan, a);
        for &(target, cover) in &alts {
            jobs.push(Job {
                comps: vec![comp],
                changes: vec![(a, Restriction::Decide { target, cover })],
            });
        }
        app_alts.push(alts);
    }
    for r in &plan.rotas {
        let mut comps: Vec<usize> = r.apps.iter().map(|&a| comp_of[a]).collect();
        comps.sort_unstable();
        comps.dedup();
        jobs.push(Job {
            comps,
            changes: r
                .apps
                .iter()
                .map(|&a| (a, Restriction::Forbid(r.cover)))
                .collect(),
        });
    }

    // The forced solves share what is left of the time limit: each, when
    // it starts, takes its part of the time left among the solves not yet
    // started, as many at once as there are threads; those reached once the
    // time is up (or after Ctrl-C) are not priced. The node limit carries
    // over to every forced solve whole.
    let deadline = options.deadline.min(Deadline::after(options.time_limit));
    let resolve = SolveOptions {
        tech_tie_break: false,
        time_limit: None,
        ..options.clone()
    };
    let threads = rayon::current_num_threads().max(1);
    let started = AtomicUsize::new(0);
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| {
            if let Some(stop) = deadline.stop() {
                return Outcome::NotPriced(stop);
            }
            let waiting = jobs.len() - started.fetch_add(1, Ordering::Relaxed).min(jobs.len());
            let turns = waiting.div_ceil(threads).max(1);
            let own = SolveOptions {
                deadline: deadline.share(1.0 / turns as f64),
                ..resolve.clone()
            };
            run(m, &components, &base, job, &own, method)
        })
        .collect();

    let mut next = outcomes.into_iter();
    let mut take = || next.next().unwrap_or(Outcome::Failed("lost".into()));
    let applications = app_alts
        .iter()
        .enumerate()
        .map(|(a, alts)| {
            let alternatives: Vec<PricedAlternative> = alts
                .iter()
                .map(|&(target, cover)| PricedAlternative {
                    target,
                    cover,
                    outcome: take(),
                })
                .collect();
            let cheapest = cheapest(&m.applications[a], &alternatives);
            AppPrices {
                alternatives,
                cheapest,
            }
        })
        .collect();
    let rotas = plan.rotas.iter().map(|_| take()).collect();
    Prices {
        applications,
        rotas,
    }
}

/// The plan's cost of each component: its applications' costs and the
/// standby of the rotas holding them.
fn component_costs(
    m: &Model,
    plan: &Plan,
    components: &[Vec<usize>],
    comp_of: &[usize],
) -> Vec<f64> {
    let mut base = vec![0.0; components.len()];
    for (a, d) in plan.decisions.iter().enumerate() {
        base[comp_of[a]] += d.cost.total();
    }
    for r in &plan.rotas {
        if let Some(&a) = r.apps.first() {
            base[comp_of[a]] += m.standby(r.cover);
        }
    }
    base
}

/// Every (target, cover) the application could take other than its decision,
/// strictest target first, then team rota, domain rota, no cover.
pub fn alternatives(m: &Model, plan: &Plan, a: usize) -> Vec<(usize, Cover)> {
    let app = &m.applications[a];
    let chosen = (plan.decisions[a].target, plan.decisions[a].cover);
    let mut out = Vec::new();
    for t in app.allowed().rev() {
        for cover in [Cover::TeamRota, Cover::DomainRota, Cover::None] {
            if (t, cover) == chosen {
                continue;
            }
            let mut forced = app.clone();
            restrict(&mut forced, Restriction::Decide { target: t, cover });
            if m.best_cost(&forced, cover).is_some_and(|c| c.target == t) {
                out.push((t, cover));
            }
        }
    }
    out
}

fn run(
    m: &Model,
    components: &[Vec<usize>],
    base: &[f64],
    job: &Job,
    options: &SolveOptions,
    method: Method,
) -> Outcome {
    let mut apps: Vec<usize> = job
        .comps
        .iter()
        .flat_map(|&k| components[k].iter().copied())
        .collect();
    apps.sort_unstable();
    let mut sub = m.clone();
    sub.applications = apps.iter().map(|&a| m.applications[a].clone()).collect();
    for &(a, r) in &job.changes {
        if let Ok(i) = apps.binary_search(&a) {
            restrict(&mut sub.applications[i], r);
        }
    }
    let stuck: Vec<usize> = apps
        .iter()
        .zip(&sub.applications)
        .filter(|(_, app)| !placeable(&sub, app))
        .map(|(&a, _)| a)
        .collect();
    if !stuck.is_empty() {
        return Outcome::Impossible(stuck);
    }
    let before: f64 = job.comps.iter().map(|&k| base[k]).sum();
    match optimise(&sub, options, method, false) {
        Ok(p) => {
            let mut delta = p.totals(&sub).total - before;
            // Equal layouts differ by rounding only.
            if delta.abs() <= tolerance_at(before) {
                delta = 0.0;
            }
            Outcome::Solved {
                delta,
                proven: p.status == Status::Optimal,
            }
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// The cheapest priced alternative. Cheapest first; on a tie (1e-6 of the
/// money) the earlier in the list wins after preferring the current target.
fn cheapest(app: &Application, alternatives: &[PricedAlternative]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(d) = alt.outcome.delta() else {
            continue;
        };
        let keeps = alt.target == app.current_target;
        best = match best {
            None => Some(i),
            Some(j) => {
                let bd = alternatives[j].outcome.delta().unwrap_or(f64::INFINITY);
                let bkeeps = alternatives[j].target == app.current_target;
                let tol = 1e-6 * bd.abs().max(1.0);
                if d < bd - tol || ((d - bd).abs() <= tol && keeps && !bkeeps) {
                    Some(i)
                } else {
                    Some(j)
                }
            }
        };
    }
    best
}
