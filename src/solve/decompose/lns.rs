//! Large neighbourhood search: re-solve one region of a layout exactly while
//! the rest stays put. A region is every item of a group of teams that may
//! join one domain block (a large block's teams are split into groups of at
//! most `REGION_ITEMS` items); the blocks they may join, with the rotas
//! already holding their items (or every rota of a block with few) held in
//! place, make a small instance that branch and bound solves in a fraction of
//! a second.

use std::time::Instant;

use super::instance::{Block, Choice, Instance, Item};
use super::local::Assignment;
use super::relax::Allowed;
use super::search::{search_with, SearchOptions};
use crate::model::Cover;
use crate::numbers::tolerance_at;

/// Nodes for one region's search: a count, not a time, so that the same
/// input gives the same layout on every machine (only `--time-limit` cuts).
const REGION_NODES: usize = 100;
/// Packing budget at a region's leaves: a region needs layouts, not proofs.
const REGION_PACK_BUDGET: u64 = 200_000;
/// Most items a region frees: larger blocks are split by team.
const REGION_ITEMS: usize = 300;
/// A touched block with at most this many rotas (twice and four times as
/// many for the larger regions) brings them all into the region; a larger one
/// only its rotas that hold a freed item.
const KEEP_ALL_BINS: usize = 16;

/// Improves `layout` region by region, until a pass finds nothing or the
/// deadline comes. Returns whether anything improved.
pub fn improve(
    inst: &Instance,
    layout: &mut Assignment,
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
    // Larger organisations go on with regions twice and four times as large,
    // searched twice and four times as long, once the smaller ones are spent.
    let levels = if inst.items.len() > LARGE { 3 } else { 1 };
    for level in 0..levels {
        let size = Size {
            items: REGION_ITEMS << level,
            nodes: REGION_NODES << level,
            keep_all_bins: KEEP_ALL_BINS << level,
        };
        any |= passes(inst, layout, &order, &size, deadline, debug);
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
    }
    any
}

/// Above this many items an organisation gets the larger regions too.
const LARGE: usize = 500;

/// How large regions are and how long they are searched.
struct Size {
    /// Most items freed.
    items: usize,
    /// Most nodes searched.
    nodes: usize,
    /// Touched blocks with at most this many rotas come in whole.
    keep_all_bins: usize,
}

/// Up to three passes over every region of the given size, until a pass
/// finds nothing.
fn passes(
    inst: &Instance,
    layout: &mut Assignment,
    order: &[usize],
    size: &Size,
    deadline: Option<Instant>,
    debug: bool,
) -> bool {
    let mut any = false;
    for _pass in 0..3 {
        let mut better = false;
        for &b in order {
            for teams in team_groups(inst, b, size.items) {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return any;
                }
                if improve_region(inst, layout, b, &teams, size, deadline, debug) {
                    better = true;
                    any = true;
                }
            }
        }
        if !better {
            break;
        }
    }
    any
}

/// The teams with items that may join block `b`, in groups of at most
/// `limit` items (all items of a team count). Teams that share their other
/// domain blocks come together, so that a group touches few blocks.
fn team_groups(inst: &Instance, b: usize, limit: usize) -> Vec<Vec<usize>> {
    let n_teams = inst.items.iter().map(|it| it.team + 1).max().unwrap_or(0);
    let mut size = vec![0usize; n_teams];
    let mut others: Vec<Vec<usize>> = vec![Vec::new(); n_teams];
    for it in &inst.items {
        size[it.team] += 1;
        others[it.team].extend(
            it.blocks
                .iter()
                .map(|x| x.0)
                .filter(|&x| x != b && inst.blocks[x].cover == Cover::DomainRota),
        );
    }
    for o in &mut others {
        o.sort_unstable();
        o.dedup();
    }
    let mut teams: Vec<usize> = inst.blocks[b]
        .items
        .iter()
        .map(|&i| inst.items[i].team)
        .collect();
    teams.sort_unstable();
    teams.dedup();
    teams.sort_by(|&x, &y| others[x].cmp(&others[y]).then(x.cmp(&y)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut count = 0;
    for t in teams {
        if groups.is_empty() || count + size[t] > limit {
            groups.push(Vec::new());
            count = 0;
        }
        groups.last_mut().expect("a group").push(t);
        count += size[t];
    }
    for g in &mut groups {
        g.sort_unstable(); // `improve_region` looks teams up by binary search
    }
    groups
}

fn improve_region(
    inst: &Instance,
    layout: &mut Assignment,
    b: usize,
    teams: &[usize],
    size: &Size,
    deadline: Option<Instant>,
    debug: bool,
) -> bool {
    // Free: every item of these teams.
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
    // The rotas of touched blocks that come into the region.
    let kept: Vec<Vec<bool>> = touched
        .iter()
        .map(|&x| {
            let bins = &layout.rotas[x];
            bins.iter()
                .map(|bin| bins.len() <= size.keep_all_bins || bin.items.iter().any(|&i| free[i]))
                .collect()
        })
        .collect();
    let mut on_kept = vec![false; inst.items.len()];
    for (s, &x) in touched.iter().enumerate() {
        for (bin, &keep) in layout.rotas[x].iter().zip(&kept[s]) {
            if keep {
                for &i in &bin.items {
                    on_kept[i] = true;
                }
            }
        }
    }
    // Items: the free ones and those held on the rotas that come in.
    let members: Vec<usize> = (0..inst.items.len())
        .filter(|&i| free[i] || on_kept[i])
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
    for (s, &x) in touched.iter().enumerate() {
        let mut p = Vec::new();
        for (bin, _) in layout.rotas[x].iter().zip(&kept[s]).filter(|(_, &k)| k) {
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
    let current = Assignment::from_packings(&sub, choice, packings);
    let before = current.cost(&sub);
    let limit = deadline.map(|d| d.saturating_duration_since(Instant::now()));
    let out = search_with(
        &sub,
        allowed,
        Some(current),
        &SearchOptions {
            time_limit: limit,
            progress: false,
            node_limit: Some(size.nodes),
            regions: None,
            pack_budget: REGION_PACK_BUDGET,
        },
    );
    if out.cost >= before - tolerance_at(before) {
        return false;
    }
    if debug {
        eprintln!(
            "  region {b} ({} s left): {} items, {:.2} -> {:.2}{}",
            deadline.map_or(-1.0, |d| d
                .saturating_duration_since(Instant::now())
                .as_secs_f64()),
            members.len(),
            before,
            out.cost,
            if out.optimal { " (optimal)" } else { "" }
        );
    }
    // Splice the region's layout back.
    for (k, &i) in members.iter().enumerate() {
        layout.choice[i] = match out.assignment.choice[k] {
            Choice::Block(s) => Choice::Block(touched[s]),
            Choice::None => Choice::None,
        };
    }
    let mut all: Vec<Vec<Vec<usize>>> = layout
        .rotas
        .iter()
        .map(|bins| bins.iter().map(|bin| bin.items.clone()).collect())
        .collect();
    for (s, &x) in touched.iter().enumerate() {
        let stay = layout.rotas[x]
            .iter()
            .zip(&kept[s])
            .filter(|(_, &k)| !k)
            .map(|(bin, _)| bin.items.clone());
        let new = out.assignment.rotas[s]
            .iter()
            .map(|bin| bin.items.iter().map(|&k| members[k]).collect());
        all[x] = stay.chain(new).collect();
    }
    *layout = Assignment::from_packings(inst, layout.choice.clone(), all);
    true
}
