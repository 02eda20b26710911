//! Why each decision of a plan was taken, in money a product manager can
//! check: every alternative is priced by solving again with that decision
//! forced, never estimated.
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
//! cost), each under the plan's time limit; an alternative not proven optimal
//! says so.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::graph::OrgGraph;
use crate::model::{Application, Cover, Model};
use crate::numbers::{money, signed_money};
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub target: String,
    pub cover: &'static str,
    /// e.g. "keeping 99.9% on a team rota".
    pub description: String,
    /// Forced optimum minus the plan's total; `None` when it could not be solved.
    pub cost_delta: Option<f64>,
    /// The forced solve proved its optimum.
    pub proven: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppExplanation {
    /// e.g. "99.9% -> 99.5%, on domain rota fulfilment".
    pub decision: String,
    /// The cheapest alternative; ties go to keeping the current target, then
    /// to the stricter target, then team rota, domain rota, no cover.
    pub alternative: Option<Alternative>,
    pub alternative_cost_delta: Option<f64>,
    pub sentence: String,
    /// Every alternative, strictest target first.
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotaValue {
    pub rota: String,
    /// What dropping the rota means here.
    pub rule: String,
    /// Forced optimum minus the plan's total; `None` when dropping it is
    /// impossible or could not be solved.
    pub cost_delta: Option<f64>,
    pub possible: bool,
    pub proven: bool,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanations {
    /// One per application, in model order.
    pub applications: Vec<AppExplanation>,
    /// One per staffed rota, in plan order.
    pub rotas: Vec<RotaValue>,
}

struct Job {
    /// Components the forced solve covers.
    comps: Vec<usize>,
    changes: Vec<(usize, Restriction)>,
}

#[derive(Debug, Clone)]
enum Outcome {
    Solved {
        delta: f64,
        proven: bool,
    },
    /// Some application has no permitted target and cover left.
    Impossible(Vec<usize>),
    Failed(String),
}

/// Explains every decision and prices every staffed rota of `plan`.
pub fn explain(m: &Model, plan: &Plan, options: &SolveOptions, method: Method) -> Explanations {
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

    let resolve = SolveOptions {
        tech_tie_break: false,
        ..options.clone()
    };
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| run(m, &components, &base, job, &resolve, method))
        .collect();

    let mut next = outcomes.into_iter();
    let applications = app_alts
        .iter()
        .enumerate()
        .map(|(a, alts)| {
            let priced: Vec<((usize, Cover), Outcome)> = alts
                .iter()
                .map(|&alt| (alt, next.next().unwrap_or(Outcome::Failed("lost".into()))))
                .collect();
            explain_app(m, plan, a, priced)
        })
        .collect();
    let rotas = plan
        .rotas
        .iter()
        .map(|r| {
            let outcome = next.next().unwrap_or(Outcome::Failed("lost".into()));
            rota_value(m, r, outcome)
        })
        .collect();
    Explanations {
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
            if delta.abs() <= 1e-9 * before.abs().max(1.0) {
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

fn cover_phrase(cover: Cover) -> &'static str {
    match cover {
        Cover::TeamRota => "on a team rota",
        Cover::DomainRota => "on a domain rota",
        Cover::None => "with no out-of-hours cover",
    }
}

/// "99.9% -> 99.5%, on domain rota fulfilment".
pub fn decision_text(m: &Model, plan: &Plan, a: usize) -> String {
    let app = &m.applications[a];
    let d = &plan.decisions[a];
    let target = &m.targets[d.target].name;
    let change = if d.target == app.current_target {
        format!("keeps {target}")
    } else if app.forced_upgrade() && d.target > app.current_target {
        let why = if app.floor > app.current_target {
            "loss floor"
        } else {
            "min_target"
        };
        format!("{} -> {target} ({why})", m.targets[app.current_target].name)
    } else {
        format!("{} -> {target}", m.targets[app.current_target].name)
    };
    let rota = d.rota.map(|r| plan.rotas[r].name.as_str()).unwrap_or("-");
    let cover = match d.cover {
        Cover::TeamRota => format!("on team rota {rota}"),
        Cover::DomainRota => format!("on domain rota {rota}"),
        Cover::None => "no out-of-hours cover".to_string(),
    };
    format!("{change}, {cover}")
}

fn delta_phrase(delta: f64, proven: bool) -> String {
    let mut s = if delta > 0.0 {
        format!("would cost {} a month", signed_money(delta))
    } else if delta < 0.0 {
        format!("would save {} a month", money(-delta))
    } else {
        "would cost the same".to_string()
    };
    if !proven {
        s.push_str(" (not proven optimal)");
    }
    s
}

fn explain_app(
    m: &Model,
    plan: &Plan,
    a: usize,
    priced: Vec<((usize, Cover), Outcome)>,
) -> AppExplanation {
    let app = &m.applications[a];
    let decision = decision_text(m, plan, a);
    let alternatives: Vec<Alternative> = priced
        .iter()
        .map(|((t, cover), outcome)| {
            let verb = if *t == app.current_target {
                "keeping "
            } else {
                ""
            };
            let description = format!("{verb}{} {}", m.targets[*t].name, cover_phrase(*cover));
            let (cost_delta, proven, error) = match outcome {
                Outcome::Solved { delta, proven } => (Some(*delta), *proven, None),
                Outcome::Impossible(_) => (None, false, Some("no layout can hold it".into())),
                Outcome::Failed(e) => (None, false, Some(e.clone())),
            };
            Alternative {
                target: m.targets[*t].name.clone(),
                cover: cover.as_str(),
                description,
                cost_delta,
                proven,
                error,
            }
        })
        .collect();

    // Cheapest first; on a tie (1e-6 of the money) the earlier in the list
    // wins after preferring the current target.
    let mut best: Option<usize> = None;
    for (i, alt) in alternatives.iter().enumerate() {
        let Some(d) = alt.cost_delta else { continue };
        let keeps = priced[i].0 .0 == app.current_target;
        best = match best {
            None => Some(i),
            Some(j) => {
                let bd = alternatives[j].cost_delta.unwrap_or(f64::INFINITY);
                let bkeeps = priced[j].0 .0 == app.current_target;
                let tol = 1e-6 * bd.abs().max(1.0);
                if d < bd - tol || ((d - bd).abs() <= tol && keeps && !bkeeps) {
                    Some(i)
                } else {
                    Some(j)
                }
            }
        };
    }
    let alternative = best.map(|i| alternatives[i].clone());
    let alternative_cost_delta = alternative.as_ref().and_then(|x| x.cost_delta);
    let sentence = match &alternative {
        Some(alt) => format!(
            "{}: {decision}; {} {}",
            app.id,
            alt.description,
            delta_phrase(alt.cost_delta.unwrap_or(0.0), alt.proven)
        ),
        None if alternatives.is_empty() => {
            let d = &plan.decisions[a];
            format!(
                "{}: {decision}; no alternative: {} is its only allowed target and only {} meets it",
                app.id,
                m.targets[d.target].name,
                match d.cover {
                    Cover::TeamRota => "a team rota",
                    Cover::DomainRota => "a domain rota",
                    Cover::None => "no cover",
                }
            )
        }
        None => format!(
            "{}: {decision}; no alternative could be priced ({})",
            app.id,
            alternatives
                .iter()
                .filter_map(|x| x.error.clone())
                .next()
                .unwrap_or_default()
        ),
    };
    AppExplanation {
        decision,
        alternative,
        alternative_cost_delta,
        sentence,
        alternatives,
    }
}

fn rota_value(m: &Model, r: &crate::plan::PlannedRota, outcome: Outcome) -> RotaValue {
    let ids: Vec<&str> = r
        .apps
        .iter()
        .map(|&a| m.applications[a].id.as_str())
        .collect();
    let kind = if r.cover == Cover::TeamRota {
        "team rota"
    } else {
        "domain rota"
    };
    let rule = format!(
        "{} may not be on any {kind}; everything else solved again",
        ids.join(", ")
    );
    let head = format!("dropping {kind} {} ({})", r.name, ids.join(", "));
    let (cost_delta, possible, proven, sentence) = match outcome {
        Outcome::Solved { delta, proven } => (
            Some(delta),
            true,
            proven,
            format!("{head} {}", delta_phrase(delta, proven)),
        ),
        Outcome::Impossible(stuck) => {
            let who: Vec<&str> = stuck
                .iter()
                .map(|&a| m.applications[a].id.as_str())
                .collect();
            (
                None,
                false,
                true,
                format!(
                    "{head} is impossible: no allowed target of {} can be met without a {kind}",
                    who.join(", ")
                ),
            )
        }
        Outcome::Failed(e) => (
            None,
            true,
            false,
            format!("{head}: could not be priced ({e})"),
        ),
    };
    RotaValue {
        rota: r.name.clone(),
        rule,
        cost_delta,
        possible,
        proven,
        sentence,
    }
}
