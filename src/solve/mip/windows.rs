//! The integer program over support windows (SPEC §7.1), exact: one copy of
//! the §3 formulation per window (its slots and cover variables, on the
//! window's model), and one target choice per application linking them.
//!
//! Variables beyond each window's copy (named with a `w<window>_` prefix):
//! `z[a,t]` (application `a` takes target `t`, costing its engineering once).
//! Rows: `sum_t z[a,t] = 1`, and for every window `w` where `a` trades and
//! every kind of cover `c`, `sum(a's variables of kind c in w) <= sum(z[a,t]
//! for the allowed t that c satisfies)`: the cover in every trading window
//! must satisfy the one target. A window's copy prices no engineering, and
//! no application is fixed to no cover there (cover in another window may
//! make its target need cover in this one too).

use rayon::prelude::*;

use crate::deadline::Deadline;
use crate::model::graph::OrgGraph;
use crate::model::window::{candidate_targets, target_for, Windowed};
use crate::model::{Cover, Model};
use crate::plan::window::WindowedPlan;
use crate::plan::PlannedRota;
use crate::solve::mip::backends::{Backend, BackendError, MipResult, MipStatus};
use crate::solve::mip::formulation::Formulation;
use crate::solve::mip::program::{Mip, Sense, VarId};
use crate::solve::{SolveError, SolveOptions};

/// The windows' models as the program prices them, and which applications
/// need a target choice in the program.
///
/// An application trading in one window is not coupled: its window's model
/// prices its engineering with its cover, as the single-window program does.
/// One trading in several whose candidate targets (`candidate_targets`)
/// come down to one has that target fixed in every window, its engineering
/// a constant. The others get `z` over their candidates and no engineering
/// in the windows. Only those keep their "never worth covering" reduction
/// off: for the rest each window is a problem of its own.
pub struct ProgramModels {
    pub models: Vec<Model>,
    /// Per application: the targets `z` chooses among (empty: none needed).
    pub choices: Vec<Vec<usize>>,
    /// Engineering of fixed targets and of applications trading nowhere.
    pub constant: f64,
}

impl ProgramModels {
    pub fn build(m: &Model, wm: &Windowed) -> ProgramModels {
        let mut models: Vec<Model> = wm.windows.iter().map(|w| w.model.clone()).collect();
        let mut choices = vec![Vec::new(); m.applications.len()];
        let mut constant = 0.0;
        for (a, trades) in wm.trades.iter().enumerate() {
            match trades.len() {
                0 => {
                    constant += target_for(m, a, &[]).map_or(0.0, |t| m.targets[t].engineering);
                }
                1 => {
                    let (w, k) = trades[0];
                    models[w].applications[k].engineering_scale = 1.0;
                }
                _ => {
                    let cands = candidate_targets(m, a);
                    if let [t] = cands[..] {
                        for &(w, k) in trades {
                            let app = &mut models[w].applications[k];
                            app.lowest = t;
                            app.highest = t;
                        }
                        constant += m.targets[t].engineering;
                    } else {
                        choices[a] = cands;
                    }
                }
            }
        }
        ProgramModels {
            models,
            choices,
            constant,
        }
    }
}

/// One window's copy of the formulation inside the windowed program.
struct Part {
    window: usize,
    f: Formulation,
    /// Where the copy's variables start in the windowed program.
    offset: usize,
}

/// The windowed program of one component of the organisation.
pub struct WindowedFormulation {
    pub mip: Mip,
    /// A feasible starting point, when the copies' starting points agree on
    /// a target for every application.
    pub warm: Option<Vec<f64>>,
    parts: Vec<Part>,
    /// Per coupled application of the component: its `z`.
    targets: Vec<(usize, Vec<(usize, VarId)>)>,
    /// The cost of the applications the copies fix to no cover.
    pub fixed_cost: f64,
}

/// Per window: the staffed rotas (cover, key, window-model applications)
/// and the covers of its applications in this component; and the targets.
pub struct WindowedDecoded {
    pub rotas: Vec<Vec<(Cover, usize, Vec<usize>)>>,
    pub covers: Vec<Vec<(usize, Cover)>>,
    pub targets: Vec<(usize, usize)>,
}

fn cover_tag(c: Cover) -> &'static str {
    match c {
        Cover::None => "none",
        Cover::TeamRota => "team",
        Cover::DomainRota => "domain",
    }
}

impl WindowedFormulation {
    /// `component`: applications of the whole model (a rota component).
    pub fn build(
        m: &Model,
        wm: &Windowed,
        pm: &ProgramModels,
        component: &[usize],
    ) -> WindowedFormulation {
        let mut mip = Mip::default();
        let mut warm = Vec::new();
        let mut parts = Vec::new();
        let mut fixed_cost = 0.0;
        for (w, window) in wm.windows.iter().enumerate() {
            let here: Vec<usize> = component
                .iter()
                .filter_map(|&a| wm.trades[a].iter().find(|t| t.0 == w).map(|t| t.1))
                .collect();
            if here.is_empty() {
                continue;
            }
            let model = &pm.models[w];
            let f =
                Formulation::build_with(model, &here, |k| pm.choices[window.apps[k]].is_empty());
            fixed_cost += f
                .fixed_none
                .iter()
                .map(|&k| {
                    model
                        .best_cost(&model.applications[k], Cover::None)
                        .map_or(0.0, |c| c.total())
                })
                .sum::<f64>();
            let offset = mip.vars.len();
            for v in &f.mip.vars {
                let mut v = v.clone();
                v.name = format!("w{w}_{}", v.name);
                mip.vars.push(v);
            }
            for c in &f.mip.constraints {
                let mut c = c.clone();
                c.name = format!("w{w}_{}", c.name);
                for t in &mut c.terms {
                    t.0 = VarId(t.0 .0 + offset);
                }
                mip.constraints.push(c);
            }
            warm.extend_from_slice(&f.warm);
            parts.push(Part {
                window: w,
                f,
                offset,
            });
        }
        let mut warm_ok = true;
        let mut targets = Vec::new();
        // The starting point's cover of each window-model application, per part.
        let warm_covers: Vec<Vec<(usize, Cover)>> = parts
            .iter()
            .map(|p| {
                p.f.decode(&warm[p.offset..p.offset + p.f.mip.vars.len()])
                    .covers
            })
            .collect();
        for &a in component {
            if pm.choices[a].is_empty() {
                continue;
            }
            let app = &m.applications[a];
            let z: Vec<(usize, VarId)> = pm.choices[a]
                .iter()
                .map(|&t| {
                    let v = mip.binary(format!("z_{a}_{t}"), m.targets[t].engineering);
                    (t, v)
                })
                .collect();
            mip.constrain(
                format!("target_{a}"),
                z.iter().map(|&(_, v)| (v, 1.0)).collect(),
                Sense::Eq,
                1.0,
            );
            let mut start_covers = Vec::new();
            for &(w, k) in &wm.trades[a] {
                let Some(pi) = parts.iter().position(|p| p.window == w) else {
                    continue;
                };
                let p = &parts[pi];
                if let Some(&(_, c)) = warm_covers[pi].iter().find(|(b, _)| *b == k) {
                    start_covers.push(c);
                }
                for c in Cover::ALL {
                    let mut row: Vec<(VarId, f64)> =
                        p.f.none_vars
                            .iter()
                            .filter(|(b, _)| c == Cover::None && *b == k)
                            .map(|&(_, v)| (VarId(v.0 + p.offset), 1.0))
                            .collect();
                    for s in p.f.slots.iter().filter(|s| s.cover == c) {
                        row.extend(
                            s.members
                                .iter()
                                .filter(|(b, _)| *b == k)
                                .map(|&(_, x)| (VarId(x.0 + p.offset), 1.0)),
                        );
                    }
                    if row.is_empty() {
                        continue;
                    }
                    row.extend(
                        z.iter()
                            .filter(|&&(t, _)| m.satisfies(app, t, c))
                            .map(|&(_, v)| (v, -1.0)),
                    );
                    mip.constrain(
                        format!("cover_w{w}_{a}_{}", cover_tag(c)),
                        row,
                        Sense::Le,
                        0.0,
                    );
                }
            }
            warm.resize(mip.vars.len(), 0.0);
            let start = z
                .iter()
                .filter(|&&(t, _)| start_covers.iter().all(|&c| m.satisfies(app, t, c)))
                .min_by(|x, y| {
                    m.targets[x.0]
                        .engineering
                        .total_cmp(&m.targets[y.0].engineering)
                });
            match start {
                Some(&(_, v)) => warm[v.0] = 1.0,
                None => warm_ok = false,
            }
            targets.push((a, z));
        }
        warm.resize(mip.vars.len(), 0.0);
        let warm = (warm_ok && mip.max_violation(&warm) < 1e-6).then_some(warm);
        WindowedFormulation {
            mip,
            warm,
            parts,
            targets,
            fixed_cost,
        }
    }

    /// A lower bound without solving anything: every window's copy at its
    /// trivial bound, every target at its cheapest engineering.
    pub fn trivial_bound(&self, m: &Model) -> f64 {
        let copies: f64 = self.parts.iter().map(|p| p.f.trivial_bound()).sum();
        let engineering: f64 = self
            .targets
            .iter()
            .map(|(_, z)| {
                z.iter()
                    .map(|&(t, _)| m.targets[t].engineering)
                    .fold(f64::INFINITY, f64::min)
            })
            .sum();
        copies + engineering + self.fixed_cost
    }

    pub fn decode(&self, windows: usize, values: &[f64]) -> WindowedDecoded {
        let mut rotas = vec![Vec::new(); windows];
        let mut covers = vec![Vec::new(); windows];
        for p in &self.parts {
            let d = p.f.decode(&values[p.offset..p.offset + p.f.mip.vars.len()]);
            rotas[p.window] = d.rotas;
            covers[p.window] = d.covers;
        }
        let targets = self
            .targets
            .iter()
            .map(|(a, z)| {
                let t = z
                    .iter()
                    .find(|(_, v)| values[v.0] > 0.5)
                    .map_or(z[0].0, |&(t, _)| t);
                (*a, t)
            })
            .collect();
        WindowedDecoded {
            rotas,
            covers,
            targets,
        }
    }
}

/// The whole windowed program in CPLEX LP format (`--write-lp`).
pub fn write_windowed_lp(m: &Model, wm: &Windowed) -> String {
    let pm = ProgramModels::build(m, wm);
    let mut all = Mip::default();
    let mut constant = pm.constant;
    for component in OrgGraph::build(m).rota_components(m) {
        let f = WindowedFormulation::build(m, wm, &pm, &component);
        constant += f.fixed_cost;
        let offset = all.vars.len();
        all.vars.extend(f.mip.vars);
        for mut c in f.mip.constraints {
            for t in &mut c.terms {
                t.0 = VarId(t.0 .0 + offset);
            }
            all.constraints.push(c);
        }
    }
    all.to_lp(&format!(
        "rota: {} -- support windows {} -- add {} (fixed targets' engineering, applications never worth covering) to the objective for the total",
        m.name,
        wm.names().join(", "),
        constant
    ))
}

struct ComponentResult {
    decoded: WindowedDecoded,
    bound: f64,
    optimal: bool,
}

/// The windowed program on `backend`, component by component (in parallel),
/// then the technology tie-break per window when `options` asks.
pub fn solve_windowed_program(
    m: &Model,
    wm: &Windowed,
    options: &SolveOptions,
    backend: &dyn Backend,
) -> Result<WindowedPlan, SolveError> {
    crate::solve::mip::every_application_coverable(m)?;
    let (whole, search) = crate::solve::mip::deadlines(options);
    let pm = ProgramModels::build(m, wm);
    let components = OrgGraph::build(m).rota_components(m);
    let results: Vec<Result<ComponentResult, SolveError>> = components
        .par_iter()
        .map(|c| solve_component(m, wm, &pm, c, options, search, backend))
        .collect();
    let n = wm.windows.len();
    let mut rotas: Vec<Vec<PlannedRota>> = vec![Vec::new(); n];
    let mut covers: Vec<Vec<Cover>> = wm
        .windows
        .iter()
        .map(|w| vec![Cover::None; w.apps.len()])
        .collect();
    let mut targets: Vec<Option<usize>> = vec![None; m.applications.len()];
    let mut bound = pm.constant;
    let mut optimal = true;
    for r in results {
        let r = r?;
        for w in 0..n {
            let wmodel = &pm.models[w];
            for (cover, key, apps) in &r.decoded.rotas[w] {
                rotas[w].push(PlannedRota::new(wmodel, *cover, *key, apps.clone()));
            }
            for &(k, c) in &r.decoded.covers[w] {
                covers[w][k] = c;
            }
        }
        for &(a, t) in &r.decoded.targets {
            targets[a] = Some(t);
        }
        bound += r.bound;
        optimal &= r.optimal;
    }
    crate::solve::window::finish(
        m,
        wm,
        crate::solve::window::Found {
            rotas,
            covers,
            targets,
        },
        optimal,
        bound,
        options.tech_tie_break.then_some(whole),
    )
}

fn solve_component(
    m: &Model,
    wm: &Windowed,
    pm: &ProgramModels,
    component: &[usize],
    options: &SolveOptions,
    search: Deadline,
    backend: &dyn Backend,
) -> Result<ComponentResult, SolveError> {
    let f = WindowedFormulation::build(m, wm, pm, component);
    let limits = crate::solve::mip::limits(search.at(), options.node_limit);
    let solved = if search.passed() {
        Err(BackendError::NoSolution)
    } else {
        backend.solve(&f.mip, &limits, f.warm.as_deref())
    };
    let first = match solved {
        Ok(r) => r,
        Err(BackendError::NoSolution) if f.warm.is_some() => {
            let warm = f.warm.clone().unwrap_or_default();
            MipResult {
                objective: f.mip.objective_value(&warm),
                values: warm,
                bound: f.trivial_bound(m) - f.fixed_cost,
                status: MipStatus::Feasible,
            }
        }
        Err(e) => return Err(e.into()),
    };
    Ok(ComponentResult {
        decoded: f.decode(wm.windows.len(), &first.values),
        bound: first.bound.max(f.trivial_bound(m) - f.fixed_cost) + f.fixed_cost,
        optimal: first.status == MipStatus::Optimal,
    })
}
