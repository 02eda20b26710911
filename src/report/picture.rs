//! Where each rota and application sits in a picture of the layout, shared by
//! the HTML page (`report::html`) and the Graphviz output (`report::dot`).
//!
//! Product and architectural domains (the ones that may group a rota) are
//! nested regions, top-level domains first. Each staffed rota sits in the
//! finest such domain all its applications belong to; applications left
//! without out-of-hours cover are gathered, per finest domain, in one
//! "no cover" group. Anything outside every such domain sits at the top.
//! Regions holding nothing are left out. Everything is in a fixed order
//! (regions by domain id, rotas in plan order, applications in model order),
//! so the same plan always gives the same picture.

use std::collections::BTreeMap;

use crate::model::{Cover, Model};
use crate::plan::Plan;

/// A region of the picture: a domain, or the whole organisation at the root.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Index into `Model::domains`; `None` for the root.
    pub domain: Option<usize>,
    /// Sub-domains holding something, sorted by id.
    pub children: Vec<Region>,
    /// Rotas and "no cover" groups placed directly here.
    pub groups: Vec<Group>,
}

/// A box of applications: a staffed rota, or the applications of one region
/// left without out-of-hours cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Index into `Plan::rotas`; `None` for a "no cover" group.
    pub rota: Option<usize>,
    /// Application indices, in model order.
    pub apps: Vec<usize>,
}

/// The region tree of `plan` on `m`.
pub fn regions(m: &Model, plan: &Plan) -> Region {
    // Groups keyed by the domain they sit in (None: outside every domain).
    let mut placed: BTreeMap<Option<usize>, Vec<Group>> = BTreeMap::new();
    for (i, r) in plan.rotas.iter().enumerate() {
        let at = m.finest_common_domain(&r.apps).or(r.domain);
        placed.entry(at).or_default().push(Group {
            rota: Some(i),
            apps: r.apps.clone(),
        });
    }
    let mut uncovered: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (a, d) in plan.decisions.iter().enumerate() {
        if d.rota.is_none() || d.cover == Cover::None {
            uncovered
                .entry(m.finest_common_domain(&[a]))
                .or_default()
                .push(a);
        }
    }
    for (at, apps) in uncovered {
        placed
            .entry(at)
            .or_default()
            .push(Group { rota: None, apps });
    }
    // Every domain on the way from a placed domain up to its top level.
    let mut wanted = vec![false; m.domains.len()];
    for d in placed.keys().flatten() {
        let mut cur = Some(*d);
        while let Some(c) = cur {
            if wanted[c] {
                break;
            }
            wanted[c] = true;
            cur = m.domains[c].parent;
        }
    }
    let mut root = Region {
        domain: None,
        children: Vec::new(),
        groups: placed.remove(&None).unwrap_or_default(),
    };
    root.children = children(m, None, &wanted, &mut placed);
    root
}

fn children(
    m: &Model,
    parent: Option<usize>,
    wanted: &[bool],
    placed: &mut BTreeMap<Option<usize>, Vec<Group>>,
) -> Vec<Region> {
    let mut kids: Vec<usize> = (0..m.domains.len())
        .filter(|&d| wanted[d] && m.domains[d].parent == parent)
        .collect();
    kids.sort_by(|&x, &y| m.domains[x].id.cmp(&m.domains[y].id).then(x.cmp(&y)));
    kids.into_iter()
        .map(|d| Region {
            domain: Some(d),
            groups: placed.remove(&Some(d)).unwrap_or_default(),
            children: children(m, Some(d), wanted, placed),
        })
        .collect()
}

impl Region {
    /// Every group in the tree, depth first (own groups before children's).
    pub fn all_groups(&self) -> Vec<&Group> {
        let mut out: Vec<&Group> = self.groups.iter().collect();
        for c in &self.children {
            out.extend(c.all_groups());
        }
        out
    }
}
