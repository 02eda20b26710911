//! The model seen as blocks and items: what the dedicated solver works on.
//!
//! An *item* is an application that may be worth covering; its *options* are
//! no cover (when some allowed target needs none) and the *blocks* it may join.
//! A block is every rota of one kind and key: the team rotas of one team, or
//! the domain rotas of one top-level product or architectural domain (any rota
//! grouped by a domain can be grouped by its top-level ancestor at the same
//! cost, see `formulation`). Each application's cost depends only on which
//! option it takes (`Model::best_cost`); only the packing of items onto rotas
//! (load, teams per domain rota) couples them.
//!
//! Blocks come from the organisation graph (`model::graph`): an item's team
//! node, and the top-level domain nodes above the domains it lists. The parts
//! the instance splits into are the components of items and blocks joined
//! by those links.

use crate::model::graph::{self, OrgGraph};
use crate::model::CoverCosts;
use crate::model::{Cover, Model};

/// One option of an item: no cover, or joining a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Choice {
    None,
    Block(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Application index in the model.
    pub app: usize,
    pub team: usize,
    pub load: f64,
    /// Load in whole units of `Instance::quantum`, rounded down (a relaxation
    /// when loads are off the grid; exact on it).
    pub units: u32,
    /// Cost with no cover, when allowed.
    pub none: Option<f64>,
    /// (block, cost in that block), blocks in increasing order.
    pub blocks: Vec<(usize, f64)>,
}

impl Item {
    /// Number of options: blocks, plus no cover when allowed. Option `k` is
    /// block `k` for `k < blocks.len()`, then no cover.
    pub fn n_options(&self) -> usize {
        self.blocks.len() + usize::from(self.none.is_some())
    }

    pub fn choice(&self, k: usize) -> Choice {
        if k < self.blocks.len() {
            Choice::Block(self.blocks[k].0)
        } else {
            Choice::None
        }
    }

    pub fn cost(&self, c: Choice) -> Option<f64> {
        match c {
            Choice::None => self.none,
            Choice::Block(b) => self
                .blocks
                .iter()
                .find(|(x, _)| *x == b)
                .map(|(_, cost)| *cost),
        }
    }

    pub fn option_of(&self, c: Choice) -> Option<usize> {
        match c {
            Choice::None => self.none.map(|_| self.blocks.len()),
            Choice::Block(b) => self.blocks.iter().position(|(x, _)| *x == b),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub cover: Cover,
    /// Team index (team rotas) or top-level domain index (domain rotas).
    pub key: usize,
    pub standby: f64,
    /// Most teams on one rota of this block; 0 = no limit.
    pub max_teams: usize,
    /// Items that may join, in increasing order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub items: Vec<Item>,
    pub blocks: Vec<Block>,
    pub cap: f64,
    /// Rota capacity in load units.
    pub cap_units: u32,
    /// Load units per unit of load.
    pub quantum: f64,
    /// Applications never worth covering: no cover, at this total cost.
    pub fixed_none: Vec<usize>,
    pub fixed_cost: f64,
}

/// Loads on a grid this fine are handled exactly.
const QUANTA: [f64; 7] = [1.0, 2.0, 4.0, 8.0, 10.0, 20.0, 100.0];
/// Capacity in units is kept near this for the dynamic programs.
const MAX_CAP_UNITS: f64 = 240.0;
/// A grid on which every load lies may give a rota up to this many units
/// (the programs' size grows with it, but stays exact).
const EXACT_CAP_UNITS: f64 = 1_000.0;

impl Instance {
    pub fn build(m: &Model) -> Instance {
        let cap = m.max_rota_load;
        let quantum = pick_quantum(m);
        let cap_units = (cap * quantum + 1e-9).floor().max(0.0) as u32;
        let mut items = Vec::new();
        let mut fixed_none = Vec::new();
        let mut fixed_cost = 0.0;
        let graph = OrgGraph::build(m);
        let mut blocks = Blocks::new(m);
        for (a, app) in m.applications.iter().enumerate() {
            let o = CoverCosts::of(m, a);
            if o.never_worth_covering() {
                fixed_none.push(a);
                fixed_cost += o.none.map_or(0.0, |c| c.total());
                continue;
            }
            let idx = items.len();
            let mut options = Vec::new();
            if let Some(c) = o.team {
                options.push((blocks.team(m, app.team), c.total()));
            }
            if let Some(c) = o.domain {
                for d in graph.top_rota_domains(m, a) {
                    options.push((blocks.domain(m, d), c.total()));
                }
            }
            options.sort_by_key(|o| o.0);
            for &(b, _) in &options {
                blocks.blocks[b].items.push(idx);
            }
            items.push(Item {
                app: a,
                team: app.team,
                load: app.load,
                units: (app.load * quantum + 1e-9).floor().max(0.0) as u32,
                none: o.none.map(|c| c.total()),
                blocks: options,
            });
        }
        Instance {
            items,
            blocks: blocks.blocks,
            cap,
            cap_units,
            quantum,
            fixed_none,
            fixed_cost,
        }
    }
}

/// The blocks met so far, numbered in the order items first reach them: the
/// graph's team nodes and top-level domain nodes, one block each.
struct Blocks {
    blocks: Vec<Block>,
    of_team: Vec<Option<usize>>,
    of_domain: Vec<Option<usize>>,
}

impl Blocks {
    fn new(m: &Model) -> Blocks {
        Blocks {
            blocks: Vec::new(),
            of_team: vec![None; m.teams.len()],
            of_domain: vec![None; m.domains.len()],
        }
    }

    /// The block of team `t`'s rotas.
    fn team(&mut self, m: &Model, t: usize) -> usize {
        *self.of_team[t].get_or_insert_with(|| {
            self.blocks.push(Block {
                cover: Cover::TeamRota,
                key: t,
                standby: m.team_rota.standby,
                max_teams: 0,
                items: Vec::new(),
            });
            self.blocks.len() - 1
        })
    }

    /// The block of the domain rotas grouped by top-level domain `d`.
    fn domain(&mut self, m: &Model, d: usize) -> usize {
        *self.of_domain[d].get_or_insert_with(|| {
            self.blocks.push(Block {
                cover: Cover::DomainRota,
                key: d,
                standby: m.domain_rota.standby,
                max_teams: m.max_rota_teams,
                items: Vec::new(),
            });
            self.blocks.len() - 1
        })
    }
}

/// The coarsest grid on which every load and the capacity lie; else the
/// coarsest on which every load lies (the capacity rounds down to it, still
/// exact: sums of loads on the grid fit exactly when they fit the rounded
/// capacity), allowing up to `EXACT_CAP_UNITS` per rota; if none does, a
/// grid of about `MAX_CAP_UNITS` per rota (loads then round down, which
/// keeps the bounds valid but weaker: with `max_rota_load = 2.49` and loads
/// 1.5 and 1, that grid put both on one rota, and the search hardly moved).
fn pick_quantum(m: &Model) -> f64 {
    let on_grid = |x: f64, q: f64| ((x * q) - (x * q).round()).abs() < 1e-9;
    for q in QUANTA {
        if m.max_rota_load * q > MAX_CAP_UNITS {
            break;
        }
        if on_grid(m.max_rota_load, q) && m.applications.iter().all(|a| on_grid(a.load, q)) {
            return q;
        }
    }
    for q in QUANTA {
        if m.max_rota_load * q > EXACT_CAP_UNITS {
            break;
        }
        if m.applications.iter().all(|a| on_grid(a.load, q)) {
            return q;
        }
    }
    if m.max_rota_load > 0.0 {
        MAX_CAP_UNITS / m.max_rota_load
    } else {
        1.0
    }
}

/// One independent part of an instance: items that share no block with any
/// item outside it, as an instance of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub inst: Instance,
    /// The part's item `k` is item `items[k]` of the whole.
    pub items: Vec<usize>,
    /// The part's block `k` is block `blocks[k]` of the whole.
    pub blocks: Vec<usize>,
}

impl Instance {
    /// Splits the instance into parts that no block joins, largest first
    /// (ties in item order). Applications fixed to no cover stay with the
    /// whole (`fixed_none`, `fixed_cost`); the parts have none.
    pub fn split(&self) -> Vec<Part> {
        // The items and blocks as one graph (ids: items, then blocks):
        // components come out in order of their first item.
        let n = self.items.len();
        let members = graph::components(n + self.blocks.len(), 0..n, |id, out| {
            if id < n {
                out.extend(self.items[id].blocks.iter().map(|&(b, _)| n + b));
            } else {
                out.extend(&self.blocks[id - n].items);
            }
        })
        .into_iter()
        .map(|ids| {
            let (items, blocks): (Vec<usize>, Vec<usize>) = ids.iter().partition(|&&id| id < n);
            (items, blocks.into_iter().map(|id| id - n).collect())
        });
        let mut parts: Vec<Part> = members
            .into_iter()
            .map(|(items, blocks)| self.part(items, blocks))
            .collect();
        parts.sort_by(|x, y| {
            y.items
                .len()
                .cmp(&x.items.len())
                .then(x.items.cmp(&y.items))
        });
        parts
    }

    fn part(&self, items: Vec<usize>, blocks: Vec<usize>) -> Part {
        let block_index = |b: usize| blocks.binary_search(&b).expect("a block of the part");
        let item_index = |i: usize| items.binary_search(&i).expect("an item of the part");
        let sub_items = items
            .iter()
            .map(|&i| {
                let it = &self.items[i];
                Item {
                    blocks: it
                        .blocks
                        .iter()
                        .map(|&(b, c)| (block_index(b), c))
                        .collect(),
                    ..it.clone()
                }
            })
            .collect();
        let sub_blocks = blocks
            .iter()
            .map(|&b| {
                let block = &self.blocks[b];
                Block {
                    items: block.items.iter().map(|&i| item_index(i)).collect(),
                    ..block.clone()
                }
            })
            .collect();
        Part {
            inst: Instance {
                items: sub_items,
                blocks: sub_blocks,
                cap: self.cap,
                cap_units: self.cap_units,
                quantum: self.quantum,
                fixed_none: Vec::new(),
                fixed_cost: 0.0,
            },
            items,
            blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts hold every item once and every block that has items once,
    /// and no item of a part may join a block of another part.
    #[test]
    fn parts_partition_items_and_blocks() {
        let mut several = 0;
        for (apps, seed) in [(40, 1), (120, 2), (300, 3)] {
            let m = Model::build(&crate::generate::generate(apps, seed)).unwrap();
            let inst = Instance::build(&m);
            let parts = inst.split();
            several += usize::from(parts.len() > 1);
            let mut item_seen = vec![0; inst.items.len()];
            let mut block_seen = vec![0; inst.blocks.len()];
            for p in &parts {
                for (k, &i) in p.items.iter().enumerate() {
                    item_seen[i] += 1;
                    let it = &inst.items[i];
                    let sub = &p.inst.items[k];
                    assert_eq!((sub.app, sub.none), (it.app, it.none));
                    let mapped: Vec<(usize, f64)> =
                        sub.blocks.iter().map(|&(s, c)| (p.blocks[s], c)).collect();
                    assert_eq!(mapped, it.blocks);
                }
                for (s, &b) in p.blocks.iter().enumerate() {
                    block_seen[b] += 1;
                    let items: Vec<usize> =
                        p.inst.blocks[s].items.iter().map(|&k| p.items[k]).collect();
                    assert_eq!(items, inst.blocks[b].items);
                }
            }
            assert!(item_seen.iter().all(|&n| n == 1));
            for (b, &n) in block_seen.iter().enumerate() {
                assert_eq!(n, usize::from(!inst.blocks[b].items.is_empty()));
            }
            // Largest first.
            assert!(parts
                .windows(2)
                .all(|w| w[0].items.len() >= w[1].items.len()));
        }
        assert!(several > 0, "every organisation was one part");
    }

    /// Blocks and parts against their definition on small organisations: an
    /// item may join its team's block when it can take team cover, and the
    /// block of each top-level product or architectural domain it belongs to
    /// when it can take domain cover; parts are what shared blocks reach,
    /// largest first, found here by brute force.
    #[test]
    fn blocks_and_parts_match_their_definition() {
        for seed in 0..30 {
            let m = Model::build(&crate::generate::generate(4 + 3 * seed as usize, seed)).unwrap();
            let inst = Instance::build(&m);
            for it in &inst.items {
                let o = CoverCosts::of(&m, it.app);
                let mut expected: Vec<(Cover, usize)> = Vec::new();
                if o.team.is_some() {
                    expected.push((Cover::TeamRota, it.team));
                }
                if o.domain.is_some() {
                    let app = &m.applications[it.app];
                    let tops = m
                        .rota_domains(app)
                        .filter(|&d| m.domains[d].parent.is_none());
                    expected.extend(tops.map(|d| (Cover::DomainRota, d)));
                }
                let mut got: Vec<(Cover, usize)> = it
                    .blocks
                    .iter()
                    .map(|&(b, _)| (inst.blocks[b].cover, inst.blocks[b].key))
                    .collect();
                got.sort();
                expected.sort();
                assert_eq!(got, expected, "seed {seed}");
            }
            let parts: Vec<Vec<usize>> = inst.split().into_iter().map(|p| p.items).collect();
            assert_eq!(parts, brute_force_parts(&inst), "seed {seed}");
        }
    }

    /// A capacity off the loads' grid rounds down to it (exact: the
    /// relaxation then packs load units just as rotas take loads); only
    /// loads on no grid fine enough round down themselves.
    #[test]
    fn the_load_grid_is_exact_whenever_the_loads_lie_on_one() {
        let mut m = Model::build(&crate::generate::generate(40, 1)).unwrap();
        let on_half = |inst: &Instance| {
            inst.items
                .iter()
                .all(|it| f64::from(it.units) == it.load * inst.quantum)
        };
        m.max_rota_load = 6.0;
        let inst = Instance::build(&m);
        assert_eq!((inst.quantum, inst.cap_units), (2.0, 12));
        assert!(on_half(&inst));
        // Greengate's case: 1.5 and 1 must not share a rota of 2.49.
        m.max_rota_load = 2.49;
        let inst = Instance::build(&m);
        assert_eq!((inst.quantum, inst.cap_units), (2.0, 4));
        assert!(on_half(&inst));
        m.applications[0].load = 2.49;
        let inst = Instance::build(&m);
        assert_eq!((inst.quantum, inst.cap_units), (100.0, 249));
        // Loads on no grid: about 240 units a rota, loads rounded down.
        m.applications[0].load = 1.0 / 3.0;
        let inst = Instance::build(&m);
        assert_eq!(inst.cap_units, 240);
        assert!(inst
            .items
            .iter()
            .all(|it| f64::from(it.units) <= it.load * inst.quantum));
    }

    fn brute_force_parts(inst: &Instance) -> Vec<Vec<usize>> {
        let blocks = |k: usize| inst.items[k].blocks.iter().map(|&(b, _)| b);
        let mut out = crate::model::graph::brute_force_reach(inst.items.len(), |i, j| {
            blocks(i).any(|b| blocks(j).any(|c| c == b))
        });
        out.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
        out
    }
}
