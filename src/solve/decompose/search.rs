//! Branch and bound over the items' options, bounded by the Lagrangian
//! relaxation (`relax`), with local search for layouts at every node.
//!
//! A node restricts some items' options. Its bound comes from subgradient
//! optimisation of the prices, started from its parent's. When the relaxation's
//! choices are consistent (every item taken once) and each block's items fit
//! on the rotas it counted, the node is solved exactly. Otherwise it branches
//! on one item: take this option, or never take it. Best bound first.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::instance::{Choice, Instance};
use super::local::{self, Assignment};
use super::pack::{self, Fit};
use super::relax::{self, is_allowed, state, Allowed, Evaluation, State};
use crate::numbers::tolerance_at;

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub time_limit: Option<Duration>,
    /// Progress on stderr (only when it is a terminal).
    pub progress: bool,
    /// Stop after this many nodes (the result is then not proven).
    pub node_limit: Option<usize>,
    /// Improves an early assignment by re-solving regions of it (the caller
    /// hands in `lns::improve`; a region's own search hands in none).
    pub regions: Option<RegionSearch>,
    /// Most placements the exact packing search may try at a leaf before the
    /// leaf stays open (a count, not a time: same result on every machine).
    pub pack_budget: u64,
}

/// Improves an assignment in place by re-solving regions of it, until the
/// deadline; says whether anything improved. The last argument traces on
/// stderr. A parameter rather than a call so that `lns`, which runs searches,
/// depends on `search` and not the other way round.
pub type RegionSearch = fn(&Instance, &mut Assignment, Option<Instant>, bool) -> bool;

/// The packing budget for proofs; region searches, which need no proof,
/// use less.
pub const PACK_BUDGET: u64 = 5_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub assignment: Assignment,
    pub cost: f64,
    /// Proven lower bound on the optimum.
    pub bound: f64,
    pub optimal: bool,
    pub nodes: usize,
}

struct Node {
    bound: f64,
    id: u64,
    /// (item, allowed mask) changes from the root.
    changes: Vec<(usize, u64)>,
    /// (block, least rotas) from branching.
    min_rotas: Vec<(usize, usize)>,
    y: Option<Vec<f64>>,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// The heap pops the lowest bound first, then the oldest node.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.id.cmp(&self.id))
    }
}

/// Starting prices: an item's cheapest block cost plus its share of a rota's
/// standby by load, but never above its cost with no cover.
fn initial_prices(inst: &Instance) -> Vec<f64> {
    inst.items
        .iter()
        .map(|it| {
            let share = it.load / inst.cap.max(1e-9);
            let via_block = it
                .blocks
                .iter()
                .map(|&(b, c)| c + share * inst.blocks[b].standby)
                .fold(f64::INFINITY, f64::min);
            match it.none {
                Some(n) => n.min(via_block),
                None => via_block,
            }
        })
        .collect()
}

struct Lagrange {
    value: f64,
    eval: Evaluation,
    y: Vec<f64>,
}

/// Subgradient optimisation of the prices from `y`, aiming at `ub`.
fn lagrange(
    inst: &Instance,
    allowed: &Allowed,
    min_rotas: &[usize],
    mut y: Vec<f64>,
    ub: f64,
    iterations: usize,
    deadline: Option<Instant>,
) -> Option<Lagrange> {
    let cap_y = |i: usize, v: f64, allowed: &Allowed| -> f64 {
        let it = &inst.items[i];
        let v = v.max(0.0);
        match it.none {
            Some(n) if is_allowed(inst, allowed, i, Choice::None) => v.min(n),
            _ => v,
        }
    };
    for (i, v) in y.iter_mut().enumerate() {
        *v = cap_y(i, *v, allowed);
    }
    let first = relax::evaluate(inst, allowed, min_rotas, &y)?;
    let mut best = Lagrange {
        value: first.value,
        eval: first.clone(),
        y: y.clone(),
    };
    let mut current = first;
    // Polyak steps towards the best layout's cost, halved after `patience`
    // steps without progress.
    let patience = 8;
    let min_step = 1e-4;
    let mut step = 1.0;
    let mut since = 0;
    // Best value at each step, to stop once progress has stalled: less than
    // `STALL` of the remaining gap in the last `WINDOW` steps. (A count of
    // steps, not a time, so the result is the same on every machine.)
    const WINDOW: usize = 25;
    const STALL: f64 = 0.01;
    let mut history = Vec::with_capacity(iterations + 1);
    for it in 0..iterations {
        history.push(best.value);
        if debug() && iterations > 100 && it % WINDOW == 0 {
            eprintln!("   step {it}: bound {:.2}, step size {step}", best.value);
        }
        if best.value >= ub - tolerance_at(ub) || step < min_step {
            break;
        }
        if ub.is_finite()
            && it >= WINDOW
            && best.value - history[it - WINDOW] < STALL * (ub - best.value)
        {
            break;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let norm: f64 = current.subgradient.iter().map(|g| g * g).sum();
        if norm == 0.0 {
            break;
        }
        let target = if ub.is_finite() {
            ub
        } else {
            current.value + 0.05 * current.value.abs() + 1.0
        };
        let t = step * (target - current.value).max(0.0) / norm;
        if t <= 0.0 {
            break;
        }
        let mut changed = vec![false; y.len()];
        for (i, (v, &g)) in y.iter_mut().zip(&current.subgradient).enumerate() {
            if g != 0.0 {
                let old = *v;
                *v = cap_y(i, *v + t * g, allowed);
                changed[i] = *v != old;
            }
        }
        current = relax::evaluate_from(inst, allowed, min_rotas, &y, Some((&current, &changed)))?;
        if current.value > best.value + tolerance_at(best.value) * 1e-3 {
            best = Lagrange {
                value: current.value,
                eval: current.clone(),
                y: y.clone(),
            };
            since = 0;
        } else {
            since += 1;
            if since >= patience {
                step /= 2.0;
                since = 0;
            }
        }
    }
    Some(best)
}

/// Is every item taken exactly once by the relaxation?
fn consistent(inst: &Instance, allowed: &Allowed, l: &Lagrange) -> bool {
    (0..inst.items.len()).all(|i| match state(inst, allowed, i) {
        State::Free => {
            let none_taken = inst.items[i]
                .none
                .is_some_and(|n| is_allowed(inst, allowed, i, Choice::None) && l.y[i] >= n);
            l.eval.taken[i] as usize + usize::from(none_taken) == 1
        }
        _ => true,
    })
}

/// The item to branch on and the option to try: an item taken twice or not
/// at all, the most valuable first.
fn branching(inst: &Instance, allowed: &Allowed, l: &Lagrange) -> Option<(usize, Choice)> {
    let mut best: Option<(f64, usize, Choice)> = None;
    for (i, it) in inst.items.iter().enumerate() {
        if state(inst, allowed, i) != State::Free {
            continue;
        }
        let none_taken = it
            .none
            .is_some_and(|n| is_allowed(inst, allowed, i, Choice::None) && l.y[i] >= n);
        let times = l.eval.taken[i] as usize + usize::from(none_taken);
        if times == 1 {
            continue;
        }
        let takers: Vec<usize> = l
            .eval
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, p)| p.taken.binary_search(&i).is_ok())
            .map(|(b, _)| b)
            .collect();
        let pool: Vec<usize> = if takers.is_empty() {
            it.blocks.iter().map(|x| x.0).collect()
        } else {
            takers
        };
        let option = pool
            .into_iter()
            .filter(|&b| is_allowed(inst, allowed, i, Choice::Block(b)))
            .filter_map(|b| it.cost(Choice::Block(b)).map(|c| (b, c)))
            .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)))
            .map(|(b, _)| Choice::Block(b))
            .or_else(|| is_allowed(inst, allowed, i, Choice::None).then_some(Choice::None));
        let Some(option) = option else { continue };
        let score = l.y[i] * it.load.max(1e-3);
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, i, option));
        }
    }
    best.map(|(_, i, c)| (i, c))
}

/// Packs each block's items on the rotas the relaxation counted; the layout
/// when all fit, else the first block that does not.
fn leaf_layout(inst: &Instance, l: &Lagrange, budget: u64) -> Result<Assignment, (usize, bool)> {
    let mut choice = vec![Choice::None; inst.items.len()];
    let mut packings = vec![Vec::new(); inst.blocks.len()];
    for (b, part) in l.eval.blocks.iter().enumerate() {
        if part.taken.is_empty() {
            continue;
        }
        let mut fit = pack::fit(inst, &inst.blocks[b], &part.taken, part.rotas, budget / 25);
        if fit == Fit::Unknown {
            fit = pack::fit(inst, &inst.blocks[b], &part.taken, part.rotas, budget);
        }
        match fit {
            Fit::Yes(p) => {
                for &i in &part.taken {
                    choice[i] = Choice::Block(b);
                }
                packings[b] = p;
            }
            Fit::No => return Err((b, true)),
            Fit::Unknown => return Err((b, false)),
        }
    }
    Ok(Assignment::from_packings(inst, choice, packings))
}

/// `ROTA_DEBUG=1` traces nodes and layouts on stderr (for development).
fn debug() -> bool {
    std::env::var_os("ROTA_DEBUG").is_some()
}

fn apply(root: &Allowed, changes: &[(usize, u64)]) -> Allowed {
    let mut a = root.clone();
    for &(i, mask) in changes {
        a[i] = mask;
    }
    a
}

struct Progress {
    on: bool,
    last: Instant,
    start: Instant,
}

impl Progress {
    fn show(&mut self, nodes: usize, open: usize, bound: f64, ub: f64, force: bool) {
        if !self.on || (!force && self.last.elapsed() < Duration::from_millis(500)) {
            return;
        }
        self.last = Instant::now();
        let gap = if ub.is_finite() && ub.abs() > 0.0 {
            format!("{:.4}%", 100.0 * ((ub - bound) / ub.abs()).max(0.0))
        } else {
            "-".to_string()
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r  {:>6.1}s  nodes {nodes:>7}  open {open:>6}  bound {bound:>14.2}  best {ub:>14.2}  gap {gap:>9} ",
            self.start.elapsed().as_secs_f64()
        );
        let _ = err.flush();
    }

    fn done(&self) {
        if self.on {
            eprintln!();
        }
    }
}

pub fn search(inst: &Instance, opts: &SearchOptions) -> SearchResult {
    search_with(inst, relax::all_allowed(inst), None, opts)
}

/// Branch and bound within `root_allowed`, from `initial` when given (a layout
/// that keeps to `root_allowed`).
pub fn search_with(
    inst: &Instance,
    root_allowed: Allowed,
    initial: Option<Assignment>,
    opts: &SearchOptions,
) -> SearchResult {
    let start = Instant::now();
    let deadline = opts.time_limit.map(|t| start + t);
    let mut progress = Progress {
        on: opts.progress && std::io::stderr().is_terminal(),
        last: start,
        start,
    };
    let y0 = initial_prices(inst);

    // A first layout: the relaxation's choices at the starting prices.
    let mut incumbent: Option<(f64, Assignment)> = None;
    let offer = |l: Assignment, incumbent: &mut Option<(f64, Assignment)>| {
        let c = l.cost(inst);
        if incumbent
            .as_ref()
            .is_none_or(|(best, _)| c < best - tolerance_at(*best))
        {
            debug_assert!(l.valid(inst));
            *incumbent = Some((c, l));
        }
    };
    if let Some(l) = initial {
        offer(l, &mut incumbent);
    }
    if let Some(e) = relax::evaluate(inst, &root_allowed, &vec![0; inst.blocks.len()], &y0) {
        let mut l = local::from_relaxation(inst, &root_allowed, &e, &y0);
        local::improve(inst, &root_allowed, &mut l, 20);
        offer(l, &mut incumbent);
    }

    let per_node = |root: bool| if root { 400 } else { 60 };
    let mut heap = BinaryHeap::new();
    heap.push(Node {
        bound: f64::NEG_INFINITY,
        id: 0,
        changes: Vec::new(),
        min_rotas: Vec::new(),
        y: Some(y0.clone()),
    });
    let mut next_id = 1;
    let mut nodes = 0;
    // Bounds of nodes given up on (packing undecided): they stay open.
    let mut unresolved = f64::INFINITY;
    let mut timed_out = false;
    let store_y = inst.items.len().max(1);

    while let Some(node) = heap.pop() {
        let ub = incumbent.as_ref().map_or(f64::INFINITY, |x| x.0);
        if node.bound >= ub - tolerance_at(ub) {
            continue;
        }
        if deadline.is_some_and(|d| Instant::now() >= d)
            || opts.node_limit.is_some_and(|n| nodes >= n)
        {
            heap.push(node);
            timed_out = true;
            break;
        }
        nodes += 1;
        let allowed = apply(&root_allowed, &node.changes);
        let mut min_rotas = vec![0; inst.blocks.len()];
        for &(b, lo) in &node.min_rotas {
            min_rotas[b] = min_rotas[b].max(lo);
        }
        let y = node.y.clone().unwrap_or_else(|| y0.clone());
        let Some(l) = lagrange(
            inst,
            &allowed,
            &min_rotas,
            y,
            ub,
            per_node(nodes == 1),
            deadline,
        ) else {
            continue; // infeasible node
        };
        let bound = l.value.max(node.bound);
        if debug() {
            eprintln!(
                "node {nodes} depth {} bound {:.2} ub {:.2} consistent {} t {:.2}s",
                node.changes.len(),
                l.value,
                ub,
                consistent(inst, &allowed, &l),
                start.elapsed().as_secs_f64()
            );
        }

        // A layout from this node's relaxation.
        let mut h = local::from_relaxation(inst, &allowed, &l.eval, &l.y);
        local::improve(inst, &allowed, &mut h, 10);
        // Small organisations are usually proven within a few dozen nodes;
        // larger ones need better layouts early.
        let region_node = if inst.items.len() > 500 { 1 } else { 40 };
        if let Some(regions) = opts.regions.filter(|_| nodes == region_node) {
            // Re-solve regions around each domain block, from the better layout.
            let ub = incumbent.as_ref().map_or(f64::INFINITY, |x| x.0);
            if ub < h.cost(inst) {
                if let Some((_, best)) = &incumbent {
                    h = best.clone();
                }
            }
            regions(inst, &mut h, deadline, debug());
        }
        if debug() {
            let raw = local::from_relaxation(inst, &allowed, &l.eval, &l.y);
            eprintln!("  heuristic {:.2} raw {:.2}", h.cost(inst), raw.cost(inst));
            let count = |lay: &Assignment, cover| -> usize {
                lay.rotas
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| inst.blocks[*b].cover == cover)
                    .map(|(_, v)| v.len())
                    .sum()
            };
            let rel = |cover| -> usize {
                l.eval
                    .blocks
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| inst.blocks[*b].cover == cover)
                    .map(|(_, p)| p.rotas)
                    .sum()
            };
            let itemcost = |lay: &Assignment| -> f64 {
                lay.choice
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| inst.items[i].cost(c).unwrap_or(0.0))
                    .sum()
            };
            eprintln!(
                "  team rotas h {} relax {}; domain rotas h {} relax {}; item cost h {:.0}",
                count(&h, crate::model::Cover::TeamRota),
                rel(crate::model::Cover::TeamRota),
                count(&h, crate::model::Cover::DomainRota),
                rel(crate::model::Cover::DomainRota),
                itemcost(&h)
            );
            for (b, part) in l.eval.blocks.iter().enumerate() {
                if raw.rotas[b].len() != part.rotas {
                    eprintln!(
                        "    block {b} relax rotas {} taken {} packed {} exact {}",
                        part.rotas,
                        part.taken.len(),
                        raw.rotas[b].len(),
                        part.exact
                    );
                    if std::env::var_os("ROTA_DEBUG_SETS").is_some() {
                        let v: Vec<(f64, usize)> = part
                            .taken
                            .iter()
                            .map(|&i| (inst.items[i].load, inst.items[i].team))
                            .collect();
                        eprintln!("    SET {} {:?}", inst.blocks[b].max_teams, v);
                    }
                }
            }
        }
        offer(h, &mut incumbent);
        if consistent(inst, &allowed, &l) {
            match leaf_layout(inst, &l, opts.pack_budget) {
                Ok(layout) => {
                    // Solved when the layout costs what the relaxation says
                    // (always, unless a large block's places were priced).
                    let cost = layout.cost(inst);
                    offer(layout, &mut incumbent);
                    if cost <= bound + tolerance_at(cost) {
                        continue;
                    }
                }
                Err((b, proven)) => {
                    let ub = incumbent.as_ref().map_or(f64::INFINITY, |x| x.0);
                    if bound >= ub - tolerance_at(ub) {
                        continue;
                    }
                    if !proven {
                        if debug() {
                            eprintln!(
                                "  unresolved packing in block {b} ({} items, {} rotas)",
                                l.eval.blocks[b].taken.len(),
                                l.eval.blocks[b].rotas
                            );
                        }
                        unresolved = unresolved.min(bound);
                        continue;
                    }
                    // Block `b`'s items do not fit on the rotas it counted:
                    // either one of them leaves the block (the first such, in
                    // turn), or all stay and the block staffs one rota more.
                    let part = &l.eval.blocks[b];
                    let mut free: Vec<usize> = part
                        .taken
                        .iter()
                        .copied()
                        .filter(|&i| state(inst, &allowed, i) == State::Free)
                        .collect();
                    free.sort_by(|&x, &y| {
                        inst.items[y]
                            .load
                            .total_cmp(&inst.items[x].load)
                            .then(x.cmp(&y))
                    });
                    let keep_y = heap.len().saturating_mul(store_y) < 8_000_000;
                    let mut changes = node.changes.clone();
                    for &i in &free {
                        let Some(k) = inst.items[i].option_of(Choice::Block(b)) else {
                            continue;
                        };
                        let bit = 1u64 << k;
                        let mut child = changes.clone();
                        child.retain(|x| x.0 != i);
                        child.push((i, allowed[i] & !bit));
                        if allowed[i] & !bit != 0 {
                            heap.push(Node {
                                bound,
                                id: next_id,
                                changes: child,
                                min_rotas: node.min_rotas.clone(),
                                y: keep_y.then(|| l.y.clone()),
                            });
                            next_id += 1;
                        }
                        changes.retain(|x| x.0 != i);
                        changes.push((i, bit));
                    }
                    let mut more = node.min_rotas.clone();
                    more.push((b, part.rotas + 1));
                    heap.push(Node {
                        bound,
                        id: next_id,
                        changes,
                        min_rotas: more,
                        y: keep_y.then(|| l.y.clone()),
                    });
                    next_id += 1;
                    continue;
                }
            }
        }
        let ub = incumbent.as_ref().map_or(f64::INFINITY, |x| x.0);
        if bound >= ub - tolerance_at(ub) {
            continue;
        }
        let Some((i, c)) = branching(inst, &allowed, &l) else {
            unresolved = unresolved.min(bound);
            continue;
        };
        let Some(k) = inst.items[i].option_of(c) else {
            unresolved = unresolved.min(bound);
            continue;
        };
        let bit = 1u64 << k;
        let keep_y = heap.len().saturating_mul(store_y) < 8_000_000;
        for mask in [bit, allowed[i] & !bit] {
            if mask == 0 {
                continue;
            }
            let mut changes = node.changes.clone();
            changes.retain(|x| x.0 != i);
            changes.push((i, mask));
            heap.push(Node {
                bound,
                id: next_id,
                changes,
                min_rotas: node.min_rotas.clone(),
                y: keep_y.then(|| l.y.clone()),
            });
            next_id += 1;
        }
        let open_bound = heap
            .peek()
            .map_or(bound, |n| n.bound.min(bound))
            .min(unresolved);
        progress.show(nodes, heap.len(), open_bound, ub, false);
    }

    let (cost, layout) = match incumbent {
        Some(x) => x,
        None => {
            // No layout yet (time ran out at once): every item at its cheapest
            // option, packed; always valid.
            let choice = (0..inst.items.len())
                .map(|i| {
                    let it = &inst.items[i];
                    (0..it.n_options())
                        .map(|k| it.choice(k))
                        .min_by(|x, y| {
                            it.cost(*x)
                                .unwrap_or(f64::INFINITY)
                                .total_cmp(&it.cost(*y).unwrap_or(f64::INFINITY))
                        })
                        .unwrap_or(Choice::None)
                })
                .collect();
            let l = Assignment::from_choices(inst, choice);
            (l.cost(inst), l)
        }
    };
    let open = heap
        .iter()
        .map(|n| n.bound)
        .fold(f64::INFINITY, f64::min)
        .min(unresolved);
    let optimal = !timed_out
        && unresolved.is_infinite()
        && (heap.is_empty() || open >= cost - tolerance_at(cost));
    // Whatever happened, no layout costs less than every item at its cheapest.
    let trivial = inst.fixed_cost
        + inst
            .items
            .iter()
            .map(|it| {
                (0..it.n_options())
                    .filter_map(|k| it.cost(it.choice(k)))
                    .fold(f64::INFINITY, f64::min)
            })
            .sum::<f64>();
    let bound = if optimal {
        cost
    } else {
        open.max(trivial).min(cost)
    };
    progress.show(nodes, heap.len(), bound, cost, true);
    progress.done();
    SearchResult {
        assignment: layout,
        cost,
        bound,
        optimal,
        nodes,
    }
}
