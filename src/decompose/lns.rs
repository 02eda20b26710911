//! Large neighbourhood search: re-solve one region of a layout exactly while
//! the rest stays put. A region is every item that may join one domain block,
//! with all items of their teams; the blocks they may join, with the items
//! already on them held in place, make a small instance that branch and bound
//! solves in a fraction of a second.

use std::time::Instant;

use super::instance::{Block, Choice, Instance, Item};
use super::local::Layout;
use super::relax::Allowed;
use super::search::{search_with, SearchOptions, TOLERANCE};
use crate::model::Cover;

/// Nodes for one region's search: a count, not a time, so that the same
/// input gives the same layout on every machine (only `--time-limit` cuts).
const REGION_NODES: usize = 100;

/// Improves `layout` region by region, until a pass finds nothing or the
/// deadline comes. Returns whether anything improved.
pub fn improve(
    inst: &Instance,
    layout: &mut Layout,
    deadline: Option<Instant>,
    debug: bool,
) -> bool {
    let mut order: Vec<usize> = (0..inst.blocks.len())
        .filter(|&b| inst.blocks[b].cover == Cover::DomainRota)
        .collect();
    order.sort_by(|&x, &y| {
        inst.blocks[y]
            .items
            .len()
            .cmp(&inst.blocks[x].items.len())
            .then(x.cmp(&y))
    });
    let mut any = false;
    for _pass in 0..3 {
        let mut better = false;
        for &b in &order {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return any;
            }
            if improve_region(inst, layout, b, deadline, debug) {
                better = true;
                any = true;
            }
        }
        if !better {
            break;
        }
    }
    any
}

fn improve_region(
    inst: &Instance,
    layout: &mut Layout,
    b: usize,
    deadline: Option<Instant>,
    debug: bool,
) -> bool {
    // Free: items that may join `b`, and every item of their teams.
    let mut teams: Vec<usize> = inst.blocks[b]
        .items
        .iter()
        .map(|&i| inst.items[i].team)
        .collect();
    teams.sort_unstable();
    teams.dedup();
    let mut free = vec![false; inst.items.len()];
    for (i, it) in inst.items.iter().enumerate() {
        if teams.binary_search(&it.team).is_ok() {
            free[i] = true;
        }
    }
    let mut touched: Vec<usize> = (0..inst.items.len())
        .filter(|&i| free[i])
        .flat_map(|i| inst.items[i].blocks.iter().map(|x| x.0))
        .collect();
    touched.sort_unstable();
    touched.dedup();
    let sub_of_block = |x: usize| touched.binary_search(&x).ok();
    // Items: the free ones and those held on the touched blocks.
    let members: Vec<usize> = (0..inst.items.len())
        .filter(|&i| {
            free[i] || matches!(layout.choice[i], Choice::Block(x) if sub_of_block(x).is_some())
        })
        .collect();
    let mut items = Vec::with_capacity(members.len());
    let mut allowed: Allowed = Vec::with_capacity(members.len());
    let mut blocks: Vec<Block> = touched
        .iter()
        .map(|&x| Block {
            items: Vec::new(),
            ..inst.blocks[x].clone()
        })
        .collect();
    for (k, &i) in members.iter().enumerate() {
        let it = &inst.items[i];
        let options: Vec<(usize, f64)> = it
            .blocks
            .iter()
            .filter_map(|&(x, c)| sub_of_block(x).map(|s| (s, c)))
            .collect();
        for &(s, _) in &options {
            blocks[s].items.push(k);
        }
        let sub = Item {
            blocks: options,
            ..it.clone()
        };
        let mask = if free[i] {
            let n = sub.n_options();
            if n >= 64 {
                u64::MAX
            } else {
                (1u64 << n) - 1
            }
        } else {
            let c = match layout.choice[i] {
                Choice::Block(x) => sub_of_block(x).map(Choice::Block),
                Choice::None => Some(Choice::None),
            };
            match c.and_then(|c| sub.option_of(c)) {
                Some(o) if o < 64 => 1u64 << o,
                _ => return false,
            }
        };
        allowed.push(mask);
        items.push(sub);
    }
    let sub = Instance {
        items,
        blocks,
        cap: inst.cap,
        cap_units: inst.cap_units,
        quantum: inst.quantum,
        fixed_none: Vec::new(),
        fixed_cost: 0.0,
    };
    // The current arrangement, in the region's terms.
    let index_of = |i: usize| members.binary_search(&i).ok();
    let choice: Vec<Choice> = members
        .iter()
        .map(|&i| match layout.choice[i] {
            Choice::Block(x) => sub_of_block(x).map_or(Choice::None, Choice::Block),
            Choice::None => Choice::None,
        })
        .collect();
    let mut packings = Vec::with_capacity(touched.len());
    for &x in &touched {
        let mut p = Vec::new();
        for bin in &layout.bins[x] {
            let Some(rota) = bin
                .items
                .iter()
                .map(|&i| index_of(i))
                .collect::<Option<Vec<usize>>>()
            else {
                return false;
            };
            p.push(rota);
        }
        packings.push(p);
    }
    let current = Layout::from_packings(&sub, choice, packings);
    let before = current.cost(&sub);
    let limit = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let out = search_with(
        &sub,
        allowed,
        Some(current),
        &SearchOptions {
            time_limit: limit,
            progress: false,
            node_limit: Some(REGION_NODES),
            regions: false,
        },
    );
    if out.cost >= before - TOLERANCE * before.abs().max(1.0) {
        return false;
    }
    if debug {
        eprintln!(
            "  region {b}: {} items, {:.2} -> {:.2}{}",
            members.len(),
            before,
            out.cost,
            if out.optimal { " (optimal)" } else { "" }
        );
    }
    // Splice the region's layout back.
    for (k, &i) in members.iter().enumerate() {
        layout.choice[i] = match out.layout.choice[k] {
            Choice::Block(s) => Choice::Block(touched[s]),
            Choice::None => Choice::None,
        };
    }
    let mut all: Vec<Vec<Vec<usize>>> = layout
        .bins
        .iter()
        .map(|bins| bins.iter().map(|bin| bin.items.clone()).collect())
        .collect();
    for (s, &x) in touched.iter().enumerate() {
        all[x] = out.layout.bins[s]
            .iter()
            .map(|bin| bin.items.iter().map(|&k| members[k]).collect())
            .collect();
    }
    *layout = Layout::from_packings(inst, layout.choice.clone(), all);
    true
}
