//! Ties between layouts of equal cost: prefer domain rotas whose applications
//! share technology (SPEC §3), never at any extra cost.
//!
//! After the solver's optimum, each top-level domain with staffed rotas gets
//! a small exact program that re-deals applications between that domain's
//! rotas and may bring in applications whose cost on a domain rota equals
//! their cost where they are (on a team rota, or without cover). It keeps the
//! number of the domain's rotas, every application's cost and every limit, so
//! the total cannot rise (it can only fall, if a team rota empties). It
//! maximises repeated technologies on the domain's rotas — each application's
//! technologies minus the distinct technologies per rota — and among equal
//! scores moves as few applications as it can. Solved to optimality without a
//! time limit, so the same input gives the same layout on every machine;
//! domains with more than `MAX_CELLS` application-rota pairs keep the
//! solver's grouping.

use crate::deadline::Deadline;
use crate::model::{Cover, Model};
use crate::numbers::tolerance_at;
use crate::plan::{Plan, PlannedRota};
use crate::solve::mip::backends::{Backend, Limits, MipStatus};
use crate::solve::mip::formulation::{sanitize, Decoded};
use crate::solve::mip::program::{Mip, Sense, VarId};

/// Applications x rotas above which a domain is left as it is.
pub const MAX_CELLS: usize = 64;

/// Regroups the domain rotas of each top-level domain that has some.
/// Once `deadline` passes (a time limit or Ctrl-C) the domains left keep the
/// solver's grouping: the tie-break never changes a cost, so stopping it
/// early costs nothing but shared technology.
pub fn regroup(m: &Model, decoded: &mut Decoded, backend: &dyn Backend, deadline: Deadline) {
    let mut keys: Vec<usize> = decoded
        .rotas
        .iter()
        .filter(|r| r.0 == Cover::DomainRota)
        .map(|r| r.1)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        if deadline.passed() {
            break;
        }
        regroup_domain(m, key, decoded, backend);
    }
}

/// The tie-break on a finished plan (from any solver): domain rotas are
/// keyed by their top-level domain, regrouped, and the plan reassembled.
pub fn regroup_plan(m: &Model, plan: Plan, backend: &dyn Backend, deadline: Deadline) -> Plan {
    let mut decoded = Decoded {
        rotas: plan
            .rotas
            .iter()
            .filter_map(|r| match (r.cover, r.team, r.domain) {
                (Cover::TeamRota, Some(t), _) => Some((Cover::TeamRota, t, r.apps.clone())),
                (Cover::DomainRota, _, Some(d)) => {
                    Some((Cover::DomainRota, m.domains[d].root, r.apps.clone()))
                }
                _ => None,
            })
            .collect(),
        covers: plan
            .decisions
            .iter()
            .enumerate()
            .map(|(a, d)| (a, d.cover))
            .collect(),
    };
    if decoded.rotas.len() != plan.rotas.len() {
        return plan;
    }
    regroup(m, &mut decoded, backend, deadline);
    let rotas = decoded
        .rotas
        .into_iter()
        .map(|(cover, key, apps)| PlannedRota::new(m, cover, key, apps))
        .collect();
    let covers: Vec<Cover> = decoded.covers.iter().map(|&(_, c)| c).collect();
    Plan::assemble(m, rotas, &covers, plan.status, plan.bound)
}

/// A domain's rotas as the program sees them.
struct Deal {
    /// Indices into `Decoded::rotas` of the domain's rotas.
    rotas: Vec<usize>,
    /// Applications on them now, then applications that may join at equal cost.
    apps: Vec<usize>,
    fixed: usize,
}

fn regroup_domain(m: &Model, key: usize, decoded: &mut Decoded, backend: &dyn Backend) {
    let rotas: Vec<usize> = (0..decoded.rotas.len())
        .filter(|&i| decoded.rotas[i].0 == Cover::DomainRota && decoded.rotas[i].1 == key)
        .collect();
    let mut apps: Vec<usize> = rotas
        .iter()
        .flat_map(|&i| decoded.rotas[i].2.clone())
        .collect();
    apps.sort_unstable();
    let fixed = apps.len();
    for (a, cover) in decoded.covers.clone() {
        if cover == Cover::DomainRota || m.applications[a].member_of.binary_search(&key).is_err() {
            continue;
        }
        let app = &m.applications[a];
        let (Some(here), Some(there)) =
            (m.best_cost(app, cover), m.best_cost(app, Cover::DomainRota))
        else {
            continue;
        };
        if (here.total() - there.total()).abs() <= tolerance_at(here.total())
            && !app.technologies.is_empty()
        {
            apps.push(a);
        }
    }
    let deal = Deal { rotas, apps, fixed };
    if deal.apps.len() * deal.rotas.len() > MAX_CELLS {
        return;
    }
    let Some(groups) = best_deal(m, key, &deal, decoded, backend) else {
        return;
    };
    // Applications that joined leave their team rota (or no cover).
    let joined: Vec<usize> = deal.apps[deal.fixed..]
        .iter()
        .copied()
        .filter(|a| groups.iter().any(|g| g.contains(a)))
        .collect();
    for r in decoded.rotas.iter_mut() {
        r.2.retain(|a| !joined.contains(a));
    }
    for (&i, g) in deal.rotas.iter().zip(groups) {
        decoded.rotas[i].2 = g;
    }
    decoded.rotas.retain(|r| !r.2.is_empty());
    for (a, c) in decoded.covers.iter_mut() {
        if joined.contains(a) {
            *c = Cover::DomainRota;
        }
    }
}

/// Repeated technologies on a set of rotas: each application's technologies
/// minus the distinct technologies per rota.
fn repeats(m: &Model, groups: &[Vec<usize>]) -> usize {
    groups
        .iter()
        .map(|g| {
            let mut t: Vec<&str> = g
                .iter()
                .flat_map(|&a| m.applications[a].technologies.iter().map(String::as_str))
                .collect();
            let all = t.len();
            t.sort_unstable();
            t.dedup();
            all - t.len()
        })
        .sum()
}

/// The domain's applications dealt onto its rotas for the most repeated
/// technology, fewest moves second; `None` when nothing is gained (or the
/// program is not solved to a proven optimum).
fn best_deal(
    m: &Model,
    key: usize,
    deal: &Deal,
    decoded: &Decoded,
    backend: &dyn Backend,
) -> Option<Vec<Vec<usize>>> {
    let apps = &deal.apps;
    let mut techs: Vec<&str> = apps
        .iter()
        .flat_map(|&a| m.applications[a].technologies.iter().map(String::as_str))
        .collect();
    techs.sort_unstable();
    techs.dedup();
    if techs.is_empty() || (deal.rotas.len() < 2 && apps.len() == deal.fixed) {
        return None;
    }
    let current: Vec<Vec<usize>> = deal
        .rotas
        .iter()
        .map(|&i| decoded.rotas[i].2.clone())
        .collect();
    let program = DealProgram::build(m, key, deal, &current, &techs);
    let result = backend.solve(&program.mip, &Limits::default(), None).ok()?;
    if result.status != MipStatus::Optimal || program.mip.max_violation(&result.values) > 1e-6 {
        return None;
    }
    let groups = program.groups(apps, deal.rotas.len(), &result.values);
    // Only change anything for a real gain, and never empty a rota.
    if groups.iter().any(Vec::is_empty) || repeats(m, &groups) <= repeats(m, &current) {
        return None;
    }
    Some(groups)
}

/// The tie-break's program for one domain: `x[i][c]` puts application `i`
/// on rota `c`.
struct DealProgram {
    mip: Mip,
    x: Vec<Vec<VarId>>,
}

impl DealProgram {
    fn build(
        m: &Model,
        key: usize,
        deal: &Deal,
        current: &[Vec<usize>],
        techs: &[&str],
    ) -> DealProgram {
        // Score first, then fewest moves: a unit of score outweighs every move.
        let weight = (deal.apps.len() + 1) as f64;
        let mut p = DealProgram {
            mip: Mip::default(),
            x: Vec::new(),
        };
        p.add_choices(m, key, deal, current, weight);
        let mut teams: Vec<usize> = deal.apps.iter().map(|&a| m.applications[a].team).collect();
        teams.sort_unstable();
        teams.dedup();
        for c in 0..deal.rotas.len() {
            let load: Vec<(VarId, f64)> = deal
                .apps
                .iter()
                .enumerate()
                .map(|(i, &a)| (p.x[i][c], m.applications[a].load))
                .collect();
            p.mip
                .constrain(format!("load_{c}"), load, Sense::Le, m.max_rota_load);
            if m.max_rota_teams > 0 && teams.len() > m.max_rota_teams {
                p.add_team_limit(m, &deal.apps, &teams, c);
            }
            p.add_technologies(m, &deal.apps, techs, c, weight);
        }
        p
    }

    /// Each application's row of `x`, priced by its technologies (and a
    /// move), with at most one rota each; exactly one for those already on
    /// the domain's rotas.
    fn add_choices(
        &mut self,
        m: &Model,
        key: usize,
        deal: &Deal,
        current: &[Vec<usize>],
        weight: f64,
    ) {
        let label = sanitize(&m.domains[key].id);
        for (i, &a) in deal.apps.iter().enumerate() {
            let n_tech = m.applications[a].technologies.len() as f64;
            let row: Vec<VarId> = current
                .iter()
                .enumerate()
                .map(|(c, on_c)| {
                    let stays = on_c.contains(&a);
                    self.mip.binary(
                        format!("x_{a}_{label}_{c}"),
                        -weight * n_tech + if stays { 0.0 } else { 1.0 },
                    )
                })
                .collect();
            let sense = if i < deal.fixed { Sense::Eq } else { Sense::Le };
            self.mip.constrain(
                format!("one_{a}"),
                row.iter().map(|&v| (v, 1.0)).collect(),
                sense,
                1.0,
            );
            self.x.push(row);
        }
    }

    /// Rota `c` holds at most `max_rota_teams` teams.
    fn add_team_limit(&mut self, m: &Model, apps: &[usize], teams: &[usize], c: usize) {
        let mut count = Vec::new();
        for &t in teams {
            let u = self.mip.binary(format!("u_{t}_{c}"), 0.0);
            count.push((u, 1.0));
            for (i, &a) in apps.iter().enumerate() {
                if m.applications[a].team == t {
                    self.mip.constrain(
                        format!("team_{a}_{c}"),
                        vec![(self.x[i][c], 1.0), (u, -1.0)],
                        Sense::Le,
                        0.0,
                    );
                }
            }
        }
        self.mip.constrain(
            format!("teams_{c}"),
            count,
            Sense::Le,
            m.max_rota_teams as f64,
        );
    }

    /// One variable per technology on rota `c`, paid once however many of
    /// its applications use it.
    fn add_technologies(
        &mut self,
        m: &Model,
        apps: &[usize],
        techs: &[&str],
        c: usize,
        weight: f64,
    ) {
        for tech in techs {
            let v = self
                .mip
                .binary(format!("tech_{}_{c}", sanitize(tech)), weight);
            for (i, &a) in apps.iter().enumerate() {
                if m.applications[a].technologies.iter().any(|t| t == tech) {
                    self.mip.constrain(
                        format!("uses_{a}_{c}_{}", v.0),
                        vec![(self.x[i][c], 1.0), (v, -1.0)],
                        Sense::Le,
                        0.0,
                    );
                }
            }
        }
    }

    /// Each of the `k` rotas' applications (sorted) in a solution.
    fn groups(&self, apps: &[usize], k: usize, values: &[f64]) -> Vec<Vec<usize>> {
        let mut groups = vec![Vec::new(); k];
        for (i, &a) in apps.iter().enumerate() {
            if let Some(c) = (0..k).find(|&c| values[self.x[i][c].0] > 0.5) {
                groups[c].push(a);
            }
        }
        for g in &mut groups {
            g.sort_unstable();
        }
        groups
    }
}
