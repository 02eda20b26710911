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
        Formulation::build_with(m, component, |_| true)
    }

    /// `build`, fixing to no cover the applications never worth covering
    /// only where `reduce(application)`: a support window's program
    /// (`mip::windows`) keeps those whose target couples the windows, since
    /// cover elsewhere may make their target need cover here too.
    pub fn build_with(
        m: &Model,
        component: &[usize],
        reduce: impl Fn(usize) -> bool,
    ) -> Formulation {
        let options: Vec<CoverCosts> = component.iter().map(|&a| CoverCosts::of(m, a)).collect();
        let mut fixed_none = Vec::new();
        let mut live = Vec::new();
        for (k, &a) in component.iter().enumerate() {
            if reduce(a) && options[k].never_worth_covering() {
                fixed_none.push(a);
            } else {
                live.push(k);
            }
        }
        let mut b = Builder {
            m,
            component,
            options,
            live,
            mip: Mip::default(),
            slots: Vec::new(),
            none_vars: Vec::new(),
            warm_on: Vec::new(),
            assign: vec![Vec::new(); component.len()],
        };
        b.add_none_vars();
        b.add_team_rotas();
        b.add_domain_rotas();
        b.add_assignment_rows();
        b.finish(fixed_none)
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

/// The program as it is filled, one kind of rota at a time. Variables and
/// rows are made in a fixed order (the LP file and the backends see it).
struct Builder<'a> {
    m: &'a Model,
    component: &'a [usize],
    /// Per application of the component (by position `k`).
    options: Vec<CoverCosts>,
    /// Positions of the applications the reduction leaves in the program.
    live: Vec<usize>,
    mip: Mip,
    slots: Vec<Slot>,
    none_vars: Vec<(usize, VarId)>,
    /// Variables set to 1 in the starting point.
    warm_on: Vec<VarId>,
    /// One assignment row per live application, filled as slots are made.
    assign: Vec<Vec<(VarId, f64)>>,
}

/// The copies of one team's or top-level domain's rota.
struct RotaCopies<'a> {
    cover: Cover,
    /// Team index for team rotas, domain index for domain rotas.
    key: usize,
    copies: usize,
    /// Positions of the applications that may join.
    cands: &'a [usize],
    /// Teams allowed per copy where the limit can bind, else 0.
    team_limit: usize,
}

/// One copy's members as (application, `x`), and its load terms (`x`, load).
struct CopyMembers {
    members: Vec<(usize, VarId)>,
    load_terms: Vec<(VarId, f64)>,
}

impl Builder<'_> {
    /// The starting point: no cover where allowed, otherwise a team rota.
    fn starts_on_team_rota(&self, k: usize) -> bool {
        self.options[k].none.is_none()
    }

    fn add_none_vars(&mut self) {
        for &k in &self.live {
            if let Some(c) = self.options[k].none {
                let a = self.component[k];
                let v = self.mip.binary(format!("n_{}", a), c.total());
                self.none_vars.push((a, v));
                self.assign[k].push((v, 1.0));
                if !self.starts_on_team_rota(k) {
                    self.warm_on.push(v);
                }
            }
        }
    }

    /// Team rotas: enough copies for every candidate of the team.
    fn add_team_rotas(&mut self) {
        let mut teams: Vec<usize> = self
            .live
            .iter()
            .filter(|&&k| self.options[k].team.is_some())
            .map(|&k| self.m.applications[self.component[k]].team)
            .collect();
        teams.sort_unstable();
        teams.dedup();
        for team in teams {
            self.add_team_rota(team);
        }
    }

    /// One team's copies, and the starting point's members on them.
    fn add_team_rota(&mut self, team: usize) {
        let (m, component) = (self.m, self.component);
        let cands: Vec<usize> = self
            .live
            .iter()
            .copied()
            .filter(|&k| {
                self.options[k].team.is_some() && m.applications[component[k]].team == team
            })
            .collect();
        let loads = |ks: &[usize]| -> Vec<(usize, f64, usize)> {
            ks.iter()
                .map(|&k| (k, m.applications[component[k]].load, team))
                .collect()
        };
        let warm_here: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&k| self.starts_on_team_rota(k))
            .collect();
        let cap = m.max_rota_load;
        let warm_bins = pack(&loads(&warm_here), cap, 0);
        let copies = pack(&loads(&cands), cap, 0).len().max(warm_bins.len());
        let made = self.add_slots(&RotaCopies {
            cover: Cover::TeamRota,
            key: team,
            copies,
            cands: &cands,
            team_limit: 0,
        });
        for (bin, slot) in warm_bins.iter().zip(made) {
            self.warm_on.push(self.slots[slot].y);
            for k in bin {
                let a = component[*k];
                let (_, x) = self.slots[slot]
                    .members
                    .iter()
                    .find(|(b, _)| *b == a)
                    .copied()
                    .expect("member");
                self.warm_on.push(x);
            }
        }
    }

    /// Domain rotas: only top-level domains need slots. Every application of
    /// a domain belongs to its ancestors too, so any rota grouped by a domain
    /// can be grouped by its top-level ancestor at the same cost; the layout
    /// names the finest common domain afterwards.
    fn add_domain_rotas(&mut self) {
        let m = self.m;
        let mut roots: Vec<usize> = self
            .live
            .iter()
            .filter(|&&k| self.options[k].domain.is_some())
            .flat_map(|&k| {
                m.rota_domains(&m.applications[self.component[k]])
                    .collect::<Vec<_>>()
            })
            .filter(|&d| m.domains[d].parent.is_none())
            .collect();
        roots.sort_unstable();
        roots.dedup();
        for root in roots {
            self.add_domain_rota(root);
        }
    }

    /// One top-level domain's copies, as many as first-fit needs for all its
    /// candidates.
    fn add_domain_rota(&mut self, root: usize) {
        let (m, component) = (self.m, self.component);
        let cands: Vec<usize> = self
            .live
            .iter()
            .copied()
            .filter(|&k| {
                self.options[k].domain.is_some()
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
        let max_teams = m.max_rota_teams;
        let copies = pack(&items, m.max_rota_load, max_teams).len();
        let mut n_teams: Vec<usize> = items.iter().map(|i| i.2).collect();
        n_teams.sort_unstable();
        n_teams.dedup();
        let team_limit = if max_teams > 0 && n_teams.len() > max_teams {
            max_teams
        } else {
            0
        };
        self.add_slots(&RotaCopies {
            cover: Cover::DomainRota,
            key: root,
            copies,
            cands: &cands,
            team_limit,
        });
    }

    fn add_assignment_rows(&mut self) {
        for &k in &self.live {
            self.mip.constrain(
                format!("assign_{}", self.component[k]),
                self.assign[k].clone(),
                Sense::Eq,
                1.0,
            );
        }
    }

    fn finish(self, fixed_none: Vec<usize>) -> Formulation {
        let mut warm = vec![0.0; self.mip.vars.len()];
        for v in self.warm_on {
            warm[v.0] = 1.0;
        }
        // `u` variables of a warm domain slot: none are used by the start.
        Formulation {
            apps: self.component.to_vec(),
            options: self.options,
            fixed_none,
            mip: self.mip,
            slots: self.slots,
            none_vars: self.none_vars,
            warm,
        }
    }

    /// The copies of one rota, each with its staffing variable, members and
    /// rows; returns their indices in `slots`.
    fn add_slots(&mut self, rota: &RotaCopies) -> Vec<usize> {
        let m = self.m;
        let (label, standby) = match rota.cover {
            Cover::TeamRota => (
                format!("team_{}", sanitize(&m.teams[rota.key].id)),
                m.team_rota.standby,
            ),
            _ => (
                format!("domain_{}", sanitize(&m.domains[rota.key].id)),
                m.domain_rota.standby,
            ),
        };
        let mut made = Vec::new();
        let mut prev: Option<(VarId, Vec<(VarId, f64)>)> = None;
        for copy in 0..rota.copies {
            let name = format!("{label}_{copy}");
            let y = self.mip.binary(format!("y_{name}"), standby);
            let CopyMembers {
                members,
                load_terms,
            } = self.add_members(rota, &name, y);
            let mut row = load_terms.clone();
            row.push((y, -m.max_rota_load));
            self.mip
                .constrain(format!("load_{name}"), row, Sense::Le, 0.0);
            if rota.team_limit > 0 {
                self.add_team_limit(rota, &name, y, &members);
            }
            // Symmetry: copies are interchangeable, so staff them in order and
            // keep their loads non-increasing.
            if let Some((py, pload)) = prev.take() {
                self.mip.constrain(
                    format!("order_{name}"),
                    vec![(y, 1.0), (py, -1.0)],
                    Sense::Le,
                    0.0,
                );
                let mut row: Vec<(VarId, f64)> = load_terms.iter().map(|&(x, l)| (x, l)).collect();
                row.extend(pload.iter().map(|&(x, l)| (x, -l)));
                self.mip
                    .constrain(format!("loadorder_{name}"), row, Sense::Le, 0.0);
            }
            prev = Some((y, load_terms));
            self.slots.push(Slot {
                cover: rota.cover,
                key: rota.key,
                y,
                members,
            });
            made.push(self.slots.len() - 1);
        }
        made
    }

    /// One copy's `x` variables, each linked to the copy's `y`.
    fn add_members(&mut self, rota: &RotaCopies, name: &str, y: VarId) -> CopyMembers {
        let mut members = Vec::new();
        let mut load_terms = Vec::new();
        for &k in rota.cands {
            let a = self.component[k];
            let cost = self.options[k]
                .get(rota.cover)
                .expect("candidate has this cover")
                .total();
            let x = self.mip.binary(format!("x_{}_{name}", a), cost);
            members.push((a, x));
            self.assign[k].push((x, 1.0));
            load_terms.push((x, self.m.applications[a].load));
            // Tightens the relaxation: an application only on a staffed rota.
            self.mip.constrain(
                format!("link_{}_{name}", a),
                vec![(x, 1.0), (y, -1.0)],
                Sense::Le,
                0.0,
            );
        }
        CopyMembers {
            members,
            load_terms,
        }
    }

    /// One copy's team count: a `u` per team of the candidates, at most
    /// `team_limit` of them on a staffed copy.
    fn add_team_limit(
        &mut self,
        rota: &RotaCopies,
        name: &str,
        y: VarId,
        members: &[(usize, VarId)],
    ) {
        let m = self.m;
        let mut teams: Vec<usize> = rota
            .cands
            .iter()
            .map(|&k| m.applications[self.component[k]].team)
            .collect();
        teams.sort_unstable();
        teams.dedup();
        let mut count = vec![(y, -(rota.team_limit as f64))];
        for t in teams {
            let u = self
                .mip
                .binary(format!("u_{}_{name}", sanitize(&m.teams[t].id)), 0.0);
            count.push((u, 1.0));
            for &(a, x) in members.iter().filter(|(a, _)| m.applications[*a].team == t) {
                self.mip.constrain(
                    format!("team_{}_{name}", a),
                    vec![(x, 1.0), (u, -1.0)],
                    Sense::Le,
                    0.0,
                );
            }
        }
        self.mip
            .constrain(format!("teams_{name}"), count, Sense::Le, 0.0);
    }
}
