//! The integer program of SPEC §3 for one component of the organisation,
//! written against `mip::Mip` so that it never names a backend.
//!
//! Variables: `n[a]` (application `a` has no cover), `y[s]` (rota slot `s` is
//! staffed), `x[a,s]` (`a` is on slot `s`), and `u[t,s]` (team `t` has an
//! application on domain slot `s`, only where the team limit can bind).
//! Each application's per-cover cost is the cheapest allowed target that cover
//! satisfies (`Model::best_cost`): the target does not interact with anything
//! else, so choosing it inside the program would only add variables.

use crate::model::pack::pack;
use crate::model::{Cover, CoverCosts, Model};
use crate::solve::mip::program::{Mip, Sense, VarId};

/// A rota that may be staffed: one copy of a team's or a domain's rota.
#[derive(Debug, Clone)]
pub struct Slot {
    pub cover: Cover,
    /// Team index for team rotas, domain index for domain rotas.
    pub key: usize,
    pub y: VarId,
    pub members: Vec<(usize, VarId)>,
}

pub struct Formulation {
    pub apps: Vec<usize>,
    pub options: Vec<CoverCosts>,
    /// Applications fixed to no cover by the reduction above.
    pub fixed_none: Vec<usize>,
    pub mip: Mip,
    pub slots: Vec<Slot>,
    pub none_vars: Vec<(usize, VarId)>,
    /// A feasible starting point for the backend.
    pub warm: Vec<f64>,
}

/// Which application each staffed slot holds, read off a solution.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// (cover, key, applications) per staffed rota with applications.
    pub rotas: Vec<(Cover, usize, Vec<usize>)>,
    /// (application, cover) for every application of the component.
    pub covers: Vec<(usize, Cover)>,
}

impl Formulation {
    pub fn build(m: &Model, component: &[usize]) -> Formulation {
        let options: Vec<CoverCosts> = component.iter().map(|&a| CoverCosts::of(m, a)).collect();
        let mut fixed_none = Vec::new();
        let mut live = Vec::new();
        for (k, &a) in component.iter().enumerate() {
            if options[k].never_worth_covering() {
                fixed_none.push(a);
            } else {
                live.push(k);
            }
        }
        let cap = m.max_rota_load;
        let max_teams = m.max_rota_teams;

        // The starting point: no cover where allowed, otherwise a team rota.
        let starts_on_team_rota = |k: usize| options[k].none.is_none();

        let mut mip = Mip::default();
        let mut slots = Vec::new();
        let mut none_vars = Vec::new();
        let mut warm_on: Vec<VarId> = Vec::new();
        // One assignment row per live application, filled as slots are made.
        let mut assign: Vec<Vec<(VarId, f64)>> = vec![Vec::new(); component.len()];

        for &k in &live {
            if let Some(c) = options[k].none {
                let a = component[k];
                let v = mip.binary(format!("n_{}", a), c.total());
                none_vars.push((a, v));
                assign[k].push((v, 1.0));
                if !starts_on_team_rota(k) {
                    warm_on.push(v);
                }
            }
        }

        // Team rotas: enough copies for every candidate of the team.
        let mut teams: Vec<usize> = live
            .iter()
            .filter(|&&k| options[k].team.is_some())
            .map(|&k| m.applications[component[k]].team)
            .collect();
        teams.sort_unstable();
        teams.dedup();
        for team in teams {
            let cands: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&k| options[k].team.is_some() && m.applications[component[k]].team == team)
                .collect();
            let loads = |ks: &[usize]| -> Vec<(usize, f64, usize)> {
                ks.iter()
                    .map(|&k| (k, m.applications[component[k]].load, team))
                    .collect()
            };
            let warm_here: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&k| starts_on_team_rota(k))
                .collect();
            let warm_bins = pack(&loads(&warm_here), cap, 0);
            let copies = pack(&loads(&cands), cap, 0).len().max(warm_bins.len());
            let made = add_slots(
                &mut mip,
                m,
                component,
                &options,
                Cover::TeamRota,
                team,
                copies,
                &cands,
                &mut assign,
                &mut slots,
                0,
            );
            for (bin, slot) in warm_bins.iter().zip(made) {
                warm_on.push(slots[slot].y);
                for k in bin {
                    let a = component[*k];
                    let (_, x) = slots[slot]
                        .members
                        .iter()
                        .find(|(b, _)| *b == a)
                        .copied()
                        .expect("member");
                    warm_on.push(x);
                }
            }
        }

        // Domain rotas: only top-level domains need slots. Every application of
        // a domain belongs to its ancestors too, so any rota grouped by a
        // domain can be grouped by its top-level ancestor at the same cost; the
        // layout names the finest common domain afterwards.
        let mut roots: Vec<usize> = live
            .iter()
            .filter(|&&k| options[k].domain.is_some())
            .flat_map(|&k| {
                m.rota_domains(&m.applications[component[k]])
                    .collect::<Vec<_>>()
            })
            .filter(|&d| m.domains[d].parent.is_none())
            .collect();
        roots.sort_unstable();
        roots.dedup();
        for root in roots {
            let cands: Vec<usize> = live
                .iter()
                .copied()
                .filter(|&k| {
                    options[k].domain.is_some()
                        && m.applications[component[k]]
                            .member_of
                            .binary_search(&root)
                            .is_ok()
                })
                .collect();
            let items: Vec<(usize, f64, usize)> = cands
                .iter()
                .map(|&k| {
                    (
                        k,
                        m.applications[component[k]].load,
                        m.applications[component[k]].team,
                    )
                })
                .collect();
            let copies = pack(&items, cap, max_teams).len();
            let mut n_teams: Vec<usize> = items.iter().map(|i| i.2).collect();
            n_teams.sort_unstable();
            n_teams.dedup();
            let limit = if max_teams > 0 && n_teams.len() > max_teams {
                max_teams
            } else {
                0
            };
            add_slots(
                &mut mip,
                m,
                component,
                &options,
                Cover::DomainRota,
                root,
                copies,
                &cands,
                &mut assign,
                &mut slots,
                limit,
            );
        }

        for &k in &live {
            mip.constrain(
                format!("assign_{}", component[k]),
                assign[k].clone(),
                Sense::Eq,
                1.0,
            );
        }

        let mut warm = vec![0.0; mip.vars.len()];
        for v in warm_on {
            warm[v.0] = 1.0;
        }
        // `u` variables of a warm domain slot: none are used by the start.
        Formulation {
            apps: component.to_vec(),
            options,
            fixed_none,
            mip,
            slots,
            none_vars,
            warm,
        }
    }

    /// A lower bound on the program's objective without solving anything:
    /// every live application at its cheapest cover, no standby.
    pub fn trivial_bound(&self) -> f64 {
        let fixed: Vec<bool> = self
            .apps
            .iter()
            .map(|a| self.fixed_none.contains(a))
            .collect();
        self.options
            .iter()
            .zip(fixed)
            .filter(|(_, f)| !f)
            .map(|(o, _)| {
                [o.none, o.team, o.domain]
                    .iter()
                    .flatten()
                    .map(|c| c.total())
                    .fold(f64::INFINITY, f64::min)
            })
            .sum()
    }

    /// Reads the staffed rotas and every application's cover off a solution.
    pub fn decode(&self, values: &[f64]) -> Decoded {
        let on = |v: VarId| values[v.0] > 0.5;
        let mut covers: Vec<(usize, Cover)> =
            self.fixed_none.iter().map(|&a| (a, Cover::None)).collect();
        for &(a, v) in &self.none_vars {
            if on(v) {
                covers.push((a, Cover::None));
            }
        }
        let mut rotas = Vec::new();
        for s in &self.slots {
            let apps: Vec<usize> = s
                .members
                .iter()
                .filter(|(_, x)| on(*x))
                .map(|(a, _)| *a)
                .collect();
            if !apps.is_empty() {
                for &a in &apps {
                    covers.push((a, s.cover));
                }
                rotas.push((s.cover, s.key, apps));
            }
        }
        covers.sort_unstable();
        Decoded { rotas, covers }
    }
}

/// LP-safe name fragment.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn add_slots(
    mip: &mut Mip,
    m: &Model,
    component: &[usize],
    options: &[CoverCosts],
    cover: Cover,
    key: usize,
    copies: usize,
    cands: &[usize],
    assign: &mut [Vec<(VarId, f64)>],
    slots: &mut Vec<Slot>,
    team_limit: usize,
) -> Vec<usize> {
    let (label, standby) = match cover {
        Cover::TeamRota => (
            format!("team_{}", sanitize(&m.teams[key].id)),
            m.team_rota.standby,
        ),
        _ => (
            format!("domain_{}", sanitize(&m.domains[key].id)),
            m.domain_rota.standby,
        ),
    };
    let mut made = Vec::new();
    let mut prev: Option<(VarId, Vec<(VarId, f64)>)> = None;
    for copy in 0..copies {
        let y = mip.binary(format!("y_{label}_{copy}"), standby);
        let mut members = Vec::new();
        let mut load_terms = Vec::new();
        for &k in cands {
            let a = component[k];
            let cost = options[k]
                .get(cover)
                .expect("candidate has this cover")
                .total();
            let x = mip.binary(format!("x_{}_{label}_{copy}", a), cost);
            members.push((a, x));
            assign[k].push((x, 1.0));
            load_terms.push((x, m.applications[a].load));
            // Tightens the relaxation: an application only on a staffed rota.
            mip.constrain(
                format!("link_{}_{label}_{copy}", a),
                vec![(x, 1.0), (y, -1.0)],
                Sense::Le,
                0.0,
            );
        }
        let mut row = load_terms.clone();
        row.push((y, -m.max_rota_load));
        mip.constrain(format!("load_{label}_{copy}"), row, Sense::Le, 0.0);
        if team_limit > 0 {
            let mut teams: Vec<usize> = cands
                .iter()
                .map(|&k| m.applications[component[k]].team)
                .collect();
            teams.sort_unstable();
            teams.dedup();
            let mut count = vec![(y, -(team_limit as f64))];
            for t in teams {
                let u = mip.binary(
                    format!("u_{}_{label}_{copy}", sanitize(&m.teams[t].id)),
                    0.0,
                );
                count.push((u, 1.0));
                for &(a, x) in members.iter().filter(|(a, _)| m.applications[*a].team == t) {
                    mip.constrain(
                        format!("team_{}_{label}_{copy}", a),
                        vec![(x, 1.0), (u, -1.0)],
                        Sense::Le,
                        0.0,
                    );
                }
            }
            mip.constrain(format!("teams_{label}_{copy}"), count, Sense::Le, 0.0);
        }
        // Symmetry: copies are interchangeable, so staff them in order and
        // keep their loads non-increasing.
        if let Some((py, pload)) = prev.take() {
            mip.constrain(
                format!("order_{label}_{copy}"),
                vec![(y, 1.0), (py, -1.0)],
                Sense::Le,
                0.0,
            );
            let mut row: Vec<(VarId, f64)> = load_terms.iter().map(|&(x, l)| (x, l)).collect();
            row.extend(pload.iter().map(|&(x, l)| (x, -l)));
            mip.constrain(format!("loadorder_{label}_{copy}"), row, Sense::Le, 0.0);
        }
        prev = Some((y, load_terms));
        slots.push(Slot {
            cover,
            key,
            y,
            members,
        });
        made.push(slots.len() - 1);
    }
    made
}
