//! Solving over support windows (SPEC §7.1). `optimise_windowed` is the
//! entry: the plain integer program (`mip::windows`) or the dedicated
//! solver's outer branch and bound below, then the tie-break per window.
//!
//! The outer branch and bound uses the dedicated solver (`decompose`) on
//! each window's model as a black box. The windows are coupled only through
//! each application's target. Relaxation: charge an application that trades
//! in several windows a share of its target's engineering in each (its
//! window's share of the windows it trades in; the shares sum to 1) and let
//! each window choose its own target. Any layout of the coupled problem,
//! with its one target in every window, is a layout of every window's
//! problem at exactly its coupled cost, so the sum of the windows' optima
//! bounds the coupled optimum from below. Their solutions give a layout of
//! the coupled problem: each application takes the allowed target of least
//! engineering that its covers satisfy; when no target fits (covered in one
//! window, not in another) it is taken off its rotas everywhere (a
//! no-cover target exists, or it could not have gone uncovered). When the
//! layout's true cost meets the bound the node is solved; otherwise it
//! branches on the application whose true cost most exceeds its charge:
//! one child per allowed target (one per kind of support and engineering
//! cost: same support and same engineering cost the same), the target fixed
//! in every window and its engineering charged once. Best bound first.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::deadline::Deadline;
use crate::model::window::{candidate_targets, target_for, Windowed};
use crate::model::{Cover, Model};
use crate::numbers::tolerance_at;
use crate::plan::window::WindowedPlan;
use crate::plan::{Plan, PlannedRota, Status};
use crate::solve::decompose::DecomposeOptions;
use crate::solve::mip::backends::microlp::MicroLp;
use crate::solve::{Method, SolveError, SolveOptions, SEARCH_SHARE};

/// Outer nodes when no `--node-limit` is given: a count, so that a run is
/// reproducible; past it the best layout is returned as feasible, with its
/// proven gap (docs/performance.md, "Support windows").
pub const OUTER_NODES: u64 = 200;

/// A layout over windows as a solver found it.
#[derive(Debug, Clone)]
pub struct Found {
    /// Per window: its staffed rotas (window-model applications).
    pub rotas: Vec<Vec<PlannedRota>>,
    /// Per window: each window-model application's cover.
    pub covers: Vec<Vec<Cover>>,
    /// Per application: its target if the solver chose one (else chosen here).
    pub targets: Vec<Option<usize>>,
}

/// The optimum over windows: the dedicated outer branch and bound by
/// default, or the windowed integer program; either way followed by the
/// technology tie-break in each window.
pub fn optimise_windowed(
    m: &Model,
    wm: &Windowed,
    options: &SolveOptions,
    method: Method,
) -> Result<WindowedPlan, SolveError> {
    use crate::solve::mip::windows::solve_windowed_program;
    match method {
        Method::Mip => solve_windowed_program(m, wm, options, &MicroLp),
        #[cfg(feature = "highs")]
        Method::Highs => {
            solve_windowed_program(m, wm, options, &crate::solve::mip::backends::highs::Highs)
        }
        #[cfg(not(feature = "highs"))]
        Method::Highs => Err(SolveError::NotBuilt),
        Method::Dedicated => dedicated(m, wm, options),
    }
}

/// Each window's model with every application's target fixed.
fn fixed_models(wm: &Windowed, targets: &[usize]) -> Vec<Model> {
    wm.windows
        .iter()
        .map(|w| {
            let mut model = w.model.clone();
            for (k, app) in model.applications.iter_mut().enumerate() {
                let t = targets[w.apps[k]];
                app.lowest = t;
                app.highest = t;
            }
            model
        })
        .collect()
}

/// Turns what a solver found into the plan: each application's target (the
/// least engineering its covers satisfy, ties to the stricter), the
/// tie-break per window on models with those targets fixed (so that it
/// cannot move an application to a cover its target refuses), rotas merged
/// across windows.
pub fn finish(
    m: &Model,
    wm: &Windowed,
    found: Found,
    optimal: bool,
    bound: f64,
    tie_break: Option<Deadline>,
) -> Result<WindowedPlan, SolveError> {
    let mut targets = Vec::with_capacity(m.applications.len());
    for a in 0..m.applications.len() {
        let covers: Vec<Cover> = wm.trades[a]
            .iter()
            .map(|&(w, k)| found.covers[w][k])
            .collect();
        let t = target_for(m, a, &covers)
            .or(found.targets[a])
            .ok_or_else(|| {
                SolveError::Infeasible(format!(
                    "application \"{}\" has no allowed target its covers in every window satisfy",
                    m.applications[a].id
                ))
            })?;
        targets.push(t);
    }
    let fixed = fixed_models(wm, &targets);
    let plans: Vec<Plan> = fixed
        .iter()
        .zip(found.rotas)
        .zip(&found.covers)
        .map(|((model, rotas), covers)| {
            let plan = Plan::assemble(model, rotas, covers, Status::Feasible, 0.0);
            match tie_break {
                Some(deadline) if !model.applications.is_empty() => {
                    crate::solve::tiebreak::regroup_plan(model, plan, &MicroLp, deadline)
                }
                _ => plan,
            }
        })
        .collect();
    let status = if optimal {
        Status::Optimal
    } else {
        Status::Feasible
    };
    Ok(WindowedPlan::assemble(
        m, wm, &plans, targets, status, bound,
    ))
}

/// One node of the outer search: the targets fixed so far.
#[derive(Debug, Clone)]
struct Node {
    fixed: BTreeMap<usize, usize>,
    /// A proven lower bound on every layout under the node.
    bound: f64,
}

/// What solving a node's windows gave.
struct Evaluated {
    bound: f64,
    found: Found,
    cost: f64,
    /// The application to branch on, if any falls short of its true cost.
    branch: Option<usize>,
}

/// A window's model at a node: fixed targets charged outside (engineering
/// scale 0, the one target allowed); an application trading only here
/// carries all its engineering; one trading in several carries this
/// window's share of it.
fn node_model(wm: &Windowed, w: usize, fixed: &BTreeMap<usize, usize>) -> Model {
    let window = &wm.windows[w];
    let mut model = window.model.clone();
    for (k, app) in model.applications.iter_mut().enumerate() {
        let a = window.apps[k];
        if let Some(&t) = fixed.get(&a) {
            app.lowest = t;
            app.highest = t;
        } else if wm.trades[a].len() == 1 {
            app.engineering_scale = 1.0;
        } else {
            let trading: f64 = wm.trading_windows(a).map(|v| wm.windows[v].share).sum();
            app.engineering_scale = window.share / trading;
        }
    }
    model
}

/// Engineering of the applications whose target needs no search: fixed
/// ones, and those trading in no window (any allowed target: the cheapest).
fn constant_engineering(m: &Model, wm: &Windowed, fixed: &BTreeMap<usize, usize>) -> f64 {
    let fixed_cost: f64 = fixed.values().map(|&t| m.targets[t].engineering).sum();
    let idle: f64 = (0..m.applications.len())
        .filter(|&a| wm.trades[a].is_empty())
        .filter_map(|a| target_for(m, a, &[]))
        .map(|t| m.targets[t].engineering)
        .sum();
    fixed_cost + idle
}

fn evaluate(m: &Model, wm: &Windowed, node: &Node, inner: &DecomposeOptions) -> Evaluated {
    let models: Vec<Model> = (0..wm.windows.len())
        .map(|w| node_model(wm, w, &node.fixed))
        .collect();
    let plans: Vec<Plan> = models
        .par_iter()
        .map(|model| {
            if model.applications.is_empty() {
                Plan::proven(model, Vec::new(), &[], true, 0.0)
            } else {
                crate::solve::decompose::solve(model, inner)
            }
        })
        .collect();
    let bound =
        plans.iter().map(|p| p.bound).sum::<f64>() + constant_engineering(m, wm, &node.fixed);
    let mut rotas: Vec<Vec<PlannedRota>> = plans.iter().map(|p| p.rotas.clone()).collect();
    let mut covers: Vec<Vec<Cover>> = plans
        .iter()
        .map(|p| p.decisions.iter().map(|d| d.cover).collect())
        .collect();
    // Each application's true target, its shortfall against its charge,
    // and the repair of those covered in one window and not another.
    let mut targets = vec![None; m.applications.len()];
    let mut branch: Option<(f64, usize)> = None;
    for (a, target) in targets.iter_mut().enumerate() {
        let trades = &wm.trades[a];
        if trades.is_empty() {
            *target = target_for(m, a, &[]);
            continue;
        }
        let these: Vec<Cover> = trades.iter().map(|&(w, k)| covers[w][k]).collect();
        let charged: f64 = trades
            .iter()
            .map(|&(w, k)| plans[w].decisions[k].cost.engineering)
            .sum();
        let (t, shortfall) = match target_for(m, a, &these) {
            Some(t) => {
                let own = if node.fixed.contains_key(&a) {
                    0.0
                } else {
                    m.targets[t].engineering
                };
                (t, own - charged)
            }
            None => {
                // Off every rota: the loss without cover where it had cover.
                let mut extra = 0.0;
                for &(w, k) in trades {
                    let model = &wm.windows[w].model;
                    let app = &model.applications[k];
                    if covers[w][k] != Cover::None {
                        let t = plans[w].decisions[k].target;
                        extra += model.cost_at(app, t, Cover::None).total()
                            - model.cost_at(app, t, covers[w][k]).total();
                        covers[w][k] = Cover::None;
                        for r in &mut rotas[w] {
                            r.apps.retain(|&b| b != k);
                        }
                    }
                }
                let t = target_for(m, a, &vec![Cover::None; trades.len()]).unwrap_or(0);
                (t, extra.max(0.0) + m.targets[t].engineering - charged)
            }
        };
        *target = Some(t);
        if trades.len() > 1
            && !node.fixed.contains_key(&a)
            && shortfall > tolerance_at(bound.abs().max(1.0))
            && branch.is_none_or(|(s, _)| shortfall > s)
        {
            branch = Some((shortfall, a));
        }
    }
    for r in &mut rotas {
        r.retain(|rota| !rota.apps.is_empty());
    }
    let found = Found {
        rotas,
        covers,
        targets,
    };
    let cost = true_cost(m, wm, &found);
    Evaluated {
        bound,
        found,
        cost,
        branch: branch.map(|(_, a)| a),
    }
}

/// The coupled cost of a layout: standby per window, each window's loss and
/// callouts at the application's one target, its engineering once.
fn true_cost(m: &Model, wm: &Windowed, found: &Found) -> f64 {
    let mut total = 0.0;
    for (w, window) in wm.windows.iter().enumerate() {
        for r in &found.rotas[w] {
            total += window.model.standby(r.cover);
        }
        for (k, app) in window.model.applications.iter().enumerate() {
            let t = found.targets[window.apps[k]].unwrap_or(app.lowest);
            total += window.model.cost_at(app, t, found.covers[w][k]).total();
        }
    }
    for t in found.targets.iter().flatten() {
        total += m.targets[*t].engineering;
    }
    total
}

/// The children of branching on `a`: one per candidate target (allowed,
/// met by some permitted cover, not dominated: `candidate_targets`).
fn children(m: &Model, node: &Node, a: usize, bound: f64) -> Vec<Node> {
    candidate_targets(m, a)
        .into_iter()
        .map(|t| {
            let mut fixed = node.fixed.clone();
            fixed.insert(a, t);
            Node { fixed, bound }
        })
        .collect()
}

/// A node whose bound reaches this cannot hold a cheaper layout than the
/// best found (within the tolerance of equal cost).
fn cutoff(best: &Option<(f64, Found)>) -> f64 {
    best.as_ref()
        .map_or(f64::INFINITY, |b| b.0 - tolerance_at(b.0))
}

/// The outer branch and bound (see the module's comment).
fn dedicated(m: &Model, wm: &Windowed, options: &SolveOptions) -> Result<WindowedPlan, SolveError> {
    let whole = options.deadline.min(Deadline::after(options.time_limit));
    let search = if options.tech_tie_break {
        whole.share(SEARCH_SHARE)
    } else {
        whole
    };
    let inner = DecomposeOptions {
        time_limit: None,
        node_limit: options.node_limit,
        progress: false,
        deadline: search,
    };
    let budget = options.node_limit.unwrap_or(OUTER_NODES);
    // An application trading in several windows with one candidate target
    // is fixed to it from the start: it couples nothing.
    let fixed: BTreeMap<usize, usize> = (0..m.applications.len())
        .filter(|&a| wm.trades[a].len() > 1)
        .filter_map(|a| match candidate_targets(m, a)[..] {
            [t] => Some((a, t)),
            _ => None,
        })
        .collect();
    let mut open = vec![Node {
        fixed,
        bound: f64::NEG_INFINITY,
    }];
    let mut best: Option<(f64, Found)> = None;
    // Bounds of nodes left unresolved (a window's search cut short with no
    // application to branch on) or unexplored when the search stops.
    let mut unresolved = f64::INFINITY;
    let mut nodes = 0u64;
    while !open.is_empty() {
        // Best bound first; among equal bounds, the earliest made.
        let i = (0..open.len())
            .min_by(|&x, &y| open[x].bound.total_cmp(&open[y].bound).then(x.cmp(&y)))
            .unwrap_or(0);
        if open[i].bound >= cutoff(&best) {
            open.remove(i);
            continue;
        }
        if nodes >= budget || (nodes > 0 && search.passed()) {
            break;
        }
        let node = open.remove(i);
        nodes += 1;
        let e = evaluate(m, wm, &node, &inner);
        let bound = e.bound.max(node.bound);
        if best
            .as_ref()
            .is_none_or(|b| e.cost < b.0 - tolerance_at(b.0))
        {
            best = Some((e.cost, e.found.clone()));
        }
        if bound >= cutoff(&best) {
            continue;
        }
        match e.branch {
            Some(a) => open.extend(children(m, &node, a, bound)),
            None => unresolved = unresolved.min(bound),
        }
    }
    let (cost, found) = best.ok_or_else(|| {
        SolveError::Infeasible("no layout satisfies every support window".to_string())
    })?;
    let open_bound = open
        .iter()
        .map(|n| n.bound)
        .fold(unresolved, f64::min)
        .min(cost);
    let optimal = open.is_empty() && unresolved == f64::INFINITY;
    finish(
        m,
        wm,
        found,
        optimal,
        open_bound,
        options.tech_tie_break.then_some(whole),
    )
}
