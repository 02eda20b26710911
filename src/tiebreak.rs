//! Ties between layouts of equal cost: prefer domain rotas whose applications
//! share technology (SPEC §3), never at any extra cost.
//!
//! The regrouping keeps every application's cover and the number of rotas of
//! each domain, so standby and every application's cost stay exactly as they
//! were; it only re-deals a domain's applications between that domain's
//! rotas, minimising the number of distinct technologies per rota (equivalently
//! maximising the repeats: applications bring a fixed number of technologies).
//! It is a small exact program per domain with two or more rotas, solved to
//! optimality without a time limit so the answer is the same on every machine;
//! domains too large for that (`MAX_CELLS`) keep the solver's grouping.

use crate::formulation::sanitize;
use crate::mip::{Mip, Sense, VarId};
use crate::model::{Cover, Model};
use crate::solvers::{Backend, Limits, MipStatus};

/// Applications x rotas above which a domain is left as it is.
pub const MAX_CELLS: usize = 400;

/// A staffed rota: cover, team or domain index, applications.
pub type RawRota = (Cover, usize, Vec<usize>);

/// Regroups the domain rotas of each domain with two or more of them.
pub fn regroup(m: &Model, rotas: &mut [RawRota], backend: &dyn Backend) {
    let mut keys: Vec<usize> = rotas
        .iter()
        .filter(|r| r.0 == Cover::DomainRota)
        .map(|r| r.1)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let idx: Vec<usize> = (0..rotas.len())
            .filter(|&i| rotas[i].0 == Cover::DomainRota && rotas[i].1 == key)
            .collect();
        if idx.len() < 2 {
            continue;
        }
        let mut apps: Vec<usize> = idx.iter().flat_map(|&i| rotas[i].2.clone()).collect();
        apps.sort_unstable();
        if apps.len() * idx.len() > MAX_CELLS {
            continue;
        }
        let current: Vec<Vec<usize>> = idx.iter().map(|&i| rotas[i].2.clone()).collect();
        if let Some(groups) = best_grouping(m, key, &apps, &current, backend) {
            for (&i, g) in idx.iter().zip(groups) {
                rotas[i].2 = g;
            }
        }
    }
}

/// Distinct technologies summed over the groups.
fn spread(m: &Model, groups: &[Vec<usize>]) -> usize {
    groups
        .iter()
        .map(|g| {
            let mut t: Vec<&str> = g
                .iter()
                .flat_map(|&a| m.applications[a].technologies.iter().map(String::as_str))
                .collect();
            t.sort_unstable();
            t.dedup();
            t.len()
        })
        .sum()
}

#[allow(clippy::needless_range_loop)] // `c` indexes rotas across several tables
fn best_grouping(
    m: &Model,
    key: usize,
    apps: &[usize],
    current: &[Vec<usize>],
    backend: &dyn Backend,
) -> Option<Vec<Vec<usize>>> {
    let k = current.len();
    let mut techs: Vec<&str> = apps
        .iter()
        .flat_map(|&a| m.applications[a].technologies.iter().map(String::as_str))
        .collect();
    techs.sort_unstable();
    techs.dedup();
    if techs.is_empty() {
        return None;
    }
    let mut teams: Vec<usize> = apps.iter().map(|&a| m.applications[a].team).collect();
    teams.sort_unstable();
    teams.dedup();
    let label = sanitize(&m.domains[key].id);
    let mut mip = Mip::default();
    let mut x: Vec<Vec<VarId>> = Vec::new();
    for &a in apps {
        let row: Vec<VarId> = (0..k)
            .map(|c| mip.binary(format!("x_{a}_{label}_{c}"), 0.0))
            .collect();
        mip.constrain(
            format!("one_{a}"),
            row.iter().map(|&v| (v, 1.0)).collect(),
            Sense::Eq,
            1.0,
        );
        x.push(row);
    }
    // Rotas are interchangeable: the first application goes on the first.
    mip.constrain("first".into(), vec![(x[0][0], 1.0)], Sense::Eq, 1.0);
    for c in 0..k {
        let load: Vec<(VarId, f64)> = apps
            .iter()
            .enumerate()
            .map(|(i, &a)| (x[i][c], m.applications[a].load))
            .collect();
        mip.constrain(format!("load_{c}"), load, Sense::Le, m.max_rota_load);
        if m.max_rota_teams > 0 && teams.len() > m.max_rota_teams {
            let mut count = Vec::new();
            for &t in &teams {
                let u = mip.binary(format!("u_{t}_{c}"), 0.0);
                count.push((u, 1.0));
                for (i, &a) in apps.iter().enumerate() {
                    if m.applications[a].team == t {
                        mip.constrain(
                            format!("team_{a}_{c}"),
                            vec![(x[i][c], 1.0), (u, -1.0)],
                            Sense::Le,
                            0.0,
                        );
                    }
                }
            }
            mip.constrain(
                format!("teams_{c}"),
                count,
                Sense::Le,
                m.max_rota_teams as f64,
            );
        }
        for tech in &techs {
            let v = mip.binary(format!("tech_{}_{c}", sanitize(tech)), 1.0);
            for (i, &a) in apps.iter().enumerate() {
                if m.applications[a].technologies.iter().any(|t| t == tech) {
                    mip.constrain(
                        format!("uses_{a}_{c}_{}", v.0),
                        vec![(x[i][c], 1.0), (v, -1.0)],
                        Sense::Le,
                        0.0,
                    );
                }
            }
        }
    }
    let result = backend.solve(&mip, &Limits::default(), None).ok()?;
    if result.status != MipStatus::Optimal || mip.max_violation(&result.values) > 1e-6 {
        return None;
    }
    let mut groups = vec![Vec::new(); k];
    for (i, &a) in apps.iter().enumerate() {
        let c = (0..k).find(|&c| result.values[x[i][c].0] > 0.5)?;
        groups[c].push(a);
    }
    // Only move applications for a real gain, and never empty a rota.
    if groups.iter().any(Vec::is_empty) || spread(m, &groups) >= spread(m, current) {
        return None;
    }
    Some(groups)
}
