//! Branch and bound over the items' options, bounded by the Lagrangian
//! relaxation (`relax`), with local search for assignments at every node and
//! region search (handed in, `lns`) at one early node.
//!
//! A node restricts some items' options. Its bound comes from subgradient
//! optimisation of the prices, started from its parent's. When the relaxation's
//! choices are consistent (every item taken once) and each block's items fit
//! on the rotas it counted, the node is solved exactly. Otherwise it branches
//! on one item: take this option, or never take it. Best bound first.
//!
//! `ROTA_DEBUG=1` traces nodes and assignments on stderr (for development);
//! `ROTA_DEBUG_SETS=1` adds the items of blocks that packed badly.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::grid;
use super::instance::{Choice, Instance};
use super::local::{self, Assignment};
use super::pack::{self, Fit};
use super::relax::{self, is_allowed, state, Allowed, Relaxation, State};
use crate::deadline::Deadline;
use crate::model::Cover;
use crate::numbers::tolerance_at;

#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// When to stop with the best assignment found (also on Ctrl-C).
    pub deadline: Deadline,
    /// Progress on stderr (only when it is a terminal).
    pub progress: bool,
    /// Stop after this many nodes: a count, so the same input gives the same
    /// result on every machine (the result is then proven only if nothing
    /// was left open).
    pub node_limit: Option<u64>,
    /// Improves an early assignment by re-solving regions of it (the caller
    /// hands in `lns::improve`; a region's own search hands in none).
    pub regions: Option<RegionSearch>,
    /// Most placements the exact packing search may try at a leaf before the
    /// leaf stays open (a count, not a time: same result on every machine).
    pub pack_budget: u64,
    /// A leaf whose packing that budget leaves undecided gets the exact
    /// packing (`pack::fit_exact`), its budget growing until it decides or
    /// the limits pass: a search without limits never gives a leaf up.
    /// Region searches, which need no proof, give such leaves up.
    pub exact_packing: bool,
    /// Branch on blocks' rota counts when the relaxation mixes them
    /// (`branch_on_rotas`): it closes gaps for proofs, but a region search
    /// with a few nodes finds better assignments by branching on items alone.
    pub rota_branching: bool,
}

/// Improves an assignment in place by re-solving regions of it, until the
/// deadline; says whether anything improved. The last argument traces on
/// stderr. A parameter rather than a call so that `lns`, which runs searches,
/// depends on `search` and not the other way round.
pub type RegionSearch = fn(&Instance, &mut Assignment, Deadline, bool) -> bool;

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

/// Subgradient steps at the root, where the prices start cold.
const ROOT_ITERATIONS: usize = 400;
/// Subgradient steps at every other node, warm from the parent's prices.
const NODE_ITERATIONS: usize = 60;
/// Open nodes keep their prices while open nodes times items stays below
/// this (a memory cap); past it, children restart from the starting prices.
const KEPT_PRICES: usize = 8_000_000;

struct Node {
    bound: f64,
    id: u64,
    /// (item, allowed mask) changes from the root.
    changes: Vec<(usize, u64)>,
    /// (block, least rotas) from branching.
    min_rotas: Vec<(usize, usize)>,
    /// (block, most rotas) from branching on rota counts.
    max_rotas: Vec<(usize, usize)>,
    /// The parent's prices to start from; none: the starting prices.
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

/// `changes` with item `i` restricted to `mask` (replacing any earlier
/// restriction of it).
fn restrict(changes: &mut Vec<(usize, u64)>, i: usize, mask: u64) {
    changes.retain(|x| x.0 != i);
    changes.push((i, mask));
}

fn restricted(changes: &[(usize, u64)], i: usize, mask: u64) -> Vec<(usize, u64)> {
    let mut child = changes.to_vec();
    restrict(&mut child, i, mask);
    child
}

fn apply(root: &Allowed, changes: &[(usize, u64)]) -> Allowed {
    let mut a = root.clone();
    for &(i, mask) in changes {
        a[i] = mask;
    }
    a
}

/// Each block's least rotas from a node's branching (the largest asked).
fn least_rotas(inst: &Instance, min_rotas: &[(usize, usize)]) -> Vec<usize> {
    let mut least = vec![0; inst.blocks.len()];
    for &(b, lo) in min_rotas {
        least[b] = least[b].max(lo);
    }
    least
}

/// A node's (block, least rotas) and (block, most rotas) from branching.
type RotaCounts = (Vec<(usize, usize)>, Vec<(usize, usize)>);

/// Each block's most rotas from a node's branching (the smallest asked;
/// `usize::MAX`: no cap).
fn most_rotas(inst: &Instance, max_rotas: &[(usize, usize)]) -> Vec<usize> {
    let mut most = vec![usize::MAX; inst.blocks.len()];
    for &(b, hi) in max_rotas {
        most[b] = most[b].min(hi);
    }
    most
}

/// Branch and bound over every option of every item.
pub fn search(inst: &Instance, opts: &SearchOptions) -> SearchResult {
    search_with(inst, relax::all_allowed(inst), None, opts)
}

/// Branch and bound within `root_allowed`, from `initial` when given (an
/// assignment that keeps to `root_allowed`).
pub fn search_with(
    inst: &Instance,
    root_allowed: Allowed,
    initial: Option<Assignment>,
    opts: &SearchOptions,
) -> SearchResult {
    let mut search = Search::new(inst, root_allowed, opts);
    if search.trace.on {
        eprintln!("cost grid: 1/{:?}", search.grid);
    }
    if let Some(a) = initial {
        search.offer(a);
    }
    search.offer_first_assignment();
    search.push_child(
        f64::NEG_INFINITY,
        Vec::new(),
        (Vec::new(), Vec::new()),
        Some(search.y0.clone()),
    );
    while let Some(node) = search.heap.pop() {
        if search.beaten(node.bound) {
            continue;
        }
        if search.out_of_limits() {
            search.heap.push(node); // it stays open
            search.cut_short = true;
            break;
        }
        search.visit(node);
    }
    search.finish()
}

/// The best assignment found and its cost.
struct Incumbent {
    cost: f64,
    assignment: Assignment,
}

/// One branch and bound: the open nodes and the best assignment so far.
struct Search<'a> {
    inst: &'a Instance,
    opts: &'a SearchOptions,
    root_allowed: Allowed,
    deadline: Deadline,
    /// Starting prices, for the root and for nodes that keep none.
    y0: Vec<f64>,
    /// The grid of the instance's costs (`grid::of`): bounds are raised to it.
    grid: Option<f64>,
    incumbent: Option<Incumbent>,
    heap: BinaryHeap<Node>,
    next_id: u64,
    /// Nodes visited.
    nodes: usize,
    /// Least bound of the nodes given up on (packing undecided): they stay
    /// open.
    unresolved: f64,
    /// Stopped by the time or node limit.
    cut_short: bool,
    progress: Progress,
    trace: Trace,
}

/// What packing a consistent node's choices settles.
enum Leaf {
    /// Every block's items fit on the rotas it counted.
    Packed(Assignment),
    /// This block's items do not fit on its rotas.
    NoFit(usize),
    /// The packing budget ran out on this block before deciding.
    Undecided(usize),
}

impl<'a> Search<'a> {
    fn new(inst: &'a Instance, root_allowed: Allowed, opts: &'a SearchOptions) -> Search<'a> {
        let start = Instant::now();
        Search {
            inst,
            opts,
            root_allowed,
            deadline: opts.deadline,
            y0: initial_prices(inst),
            grid: grid::of(inst),
            incumbent: None,
            heap: BinaryHeap::new(),
            next_id: 0,
            nodes: 0,
            unresolved: f64::INFINITY,
            cut_short: false,
            progress: Progress::new(opts.progress, start),
            trace: Trace::from_env(start),
        }
    }

    /// The incumbent's cost; infinite before there is one.
    fn upper(&self) -> f64 {
        self.incumbent.as_ref().map_or(f64::INFINITY, |x| x.cost)
    }

    /// Keeps `a` when it is cheaper than the incumbent.
    fn offer(&mut self, a: Assignment) {
        let c = a.cost(self.inst);
        if self
            .incumbent
            .as_ref()
            .is_none_or(|best| c < best.cost - tolerance_at(best.cost))
        {
            debug_assert!(a.valid(self.inst));
            self.incumbent = Some(Incumbent {
                cost: c,
                assignment: a,
            });
        }
    }

    /// A first assignment: the relaxation's choices at the starting prices.
    fn offer_first_assignment(&mut self) {
        let (inst, allowed, y0) = (self.inst, &self.root_allowed, &self.y0);
        let none = vec![0; inst.blocks.len()];
        if let Some(e) = relax::evaluate(inst, allowed, &none, y0) {
            let mut a = local::from_relaxation(inst, allowed, &e, y0);
            local::improve(inst, allowed, &mut a, 20, self.deadline);
            self.offer(a);
        }
    }

    /// Queues a node (the ids keep equal bounds in the order they came).
    fn push_child(
        &mut self,
        bound: f64,
        changes: Vec<(usize, u64)>,
        (min_rotas, max_rotas): RotaCounts,
        y: Option<Vec<f64>>,
    ) {
        self.heap.push(Node {
            bound,
            id: self.next_id,
            changes,
            min_rotas,
            max_rotas,
            y,
        });
        self.next_id += 1;
    }

    /// Whether children queued now keep their parent's prices.
    fn keeps_prices(&self) -> bool {
        let per_node = self.inst.items.len().max(1);
        self.heap.len().saturating_mul(per_node) < KEPT_PRICES
    }

    /// Time or nodes have run out (whichever comes first).
    fn out_of_limits(&self) -> bool {
        self.deadline.passed()
            || self
                .opts
                .node_limit
                .is_some_and(|n| u64::try_from(self.nodes).unwrap_or(u64::MAX) >= n)
    }

    /// Bounds an open node the incumbent does not beat, offers its
    /// assignment, and closes it or queues its children.
    fn visit(&mut self, node: Node) {
        let ub = self.upper();
        self.nodes += 1;
        let allowed = apply(&self.root_allowed, &node.changes);
        let min_rotas = least_rotas(self.inst, &node.min_rotas);
        let max_rotas = most_rotas(self.inst, &node.max_rotas);
        let y = node.y.clone().unwrap_or_else(|| self.y0.clone());
        let iterations = if self.nodes == 1 {
            ROOT_ITERATIONS
        } else {
            NODE_ITERATIONS
        };
        let Some(l) = self.lagrange(&allowed, (&min_rotas, &max_rotas), y, ub, iterations) else {
            return; // infeasible node
        };
        let bound = grid::lift(self.grid, l.value).max(node.bound);
        let inst = self.inst;
        self.trace
            .node(self.nodes, node.changes.len(), l.value, ub, || {
                consistent(inst, &allowed, &l)
            });
        let a = self.node_assignment(&allowed, &l);
        self.offer(a);
        if consistent(inst, &allowed, &l) && self.settle(&node, &allowed, &l, bound) {
            return;
        }
        if self.branch_on_rotas(&node, &l, bound) {
            return;
        }
        self.branch(&node, &allowed, &l, bound);
    }

    /// Branches on a block's rota count when the relaxation's counts over the
    /// node's price steps average a fraction: at most its floor, or at least
    /// one more. Where a domain may be grouped by any ancestor, blocks are
    /// large and overlap, and the relaxation mixes, say, two rotas of a block
    /// with three; moving one item at a time leaves that mixture (and the
    /// bound) in place, capping the count does not. Whether it did so.
    fn branch_on_rotas(&mut self, node: &Node, l: &Lagrange, bound: f64) -> bool {
        if !self.opts.rota_branching || self.beaten(bound) || self.inst.cap_units == 0 {
            return false; // `weak_part` blocks ignore caps
        }
        let Some((b, avg)) = fractional_block(self.inst, l) else {
            return false;
        };
        let floor = avg.floor() as usize;
        let keep_y = self.keeps_prices();
        let mut capped = node.max_rotas.clone();
        capped.push((b, floor));
        self.push_child(
            bound,
            node.changes.clone(),
            (node.min_rotas.clone(), capped),
            keep_y.then(|| l.y.clone()),
        );
        let mut more = node.min_rotas.clone();
        more.push((b, floor + 1));
        self.push_child(
            bound,
            node.changes.clone(),
            (more, node.max_rotas.clone()),
            keep_y.then(|| l.y.clone()),
        );
        true
    }

    /// An assignment from a node's relaxation, improved by local search and,
    /// at the region node, by region search from the better of it and the
    /// incumbent.
    fn node_assignment(&self, allowed: &Allowed, l: &Lagrange) -> Assignment {
        let inst = self.inst;
        let mut a = local::from_relaxation(inst, allowed, &l.eval, &l.y);
        local::improve(inst, allowed, &mut a, 10, self.deadline);
        // Small organisations are usually proven within a few dozen nodes;
        // larger ones need better assignments early.
        let region_node = if inst.items.len() > 500 { 1 } else { 40 };
        if let Some(regions) = self.opts.regions.filter(|_| self.nodes == region_node) {
            if self.upper() < a.cost(inst) {
                if let Some(best) = &self.incumbent {
                    a = best.assignment.clone();
                }
            }
            regions(inst, &mut a, self.deadline, self.trace.on);
        }
        self.trace.assignment(inst, allowed, l, &a);
        a
    }

    /// Packs a consistent node's choices; whether that closes the node (else
    /// it branches on an item).
    fn settle(&mut self, node: &Node, allowed: &Allowed, l: &Lagrange, bound: f64) -> bool {
        let exact = self.opts.exact_packing.then_some(self.deadline);
        match leaf(self.inst, l, self.opts.pack_budget, exact, &self.trace) {
            Leaf::Packed(a) => {
                // Solved when the assignment costs what the relaxation says
                // (always, unless a large block's places were priced).
                let cost = a.cost(self.inst);
                self.offer(a);
                cost <= bound + tolerance_at(cost)
            }
            Leaf::NoFit(_) | Leaf::Undecided(_) if self.beaten(bound) => true,
            Leaf::Undecided(b) => {
                self.trace.unresolved(self.inst, b, l);
                self.unresolved = self.unresolved.min(bound);
                true
            }
            Leaf::NoFit(b) => {
                self.split_block(node, allowed, l, b, bound);
                true
            }
        }
    }

    /// The incumbent is as good as `bound` (within the tolerance).
    fn beaten(&self, bound: f64) -> bool {
        let ub = self.upper();
        bound >= ub - tolerance_at(ub)
    }

    /// Block `b`'s items do not fit on the rotas it counted: either one of
    /// them leaves the block (the first such, in turn, heaviest first), or
    /// all stay and the block staffs one rota more.
    fn split_block(&mut self, node: &Node, allowed: &Allowed, l: &Lagrange, b: usize, bound: f64) {
        let inst = self.inst;
        let part = &l.eval.blocks[b];
        let mut free: Vec<usize> = part
            .taken
            .iter()
            .copied()
            .filter(|&i| state(inst, allowed, i) == State::Free)
            .collect();
        free.sort_by(|&x, &y| {
            inst.items[y]
                .load
                .total_cmp(&inst.items[x].load)
                .then(x.cmp(&y))
        });
        let keep_y = self.keeps_prices();
        let mut changes = node.changes.clone();
        for &i in &free {
            let Some(k) = inst.items[i].option_of(Choice::Block(b)) else {
                continue;
            };
            let bit = 1u64 << k;
            let leaves = allowed[i] & !bit;
            if leaves != 0 {
                let child = restricted(&changes, i, leaves);
                self.push_child(
                    bound,
                    child,
                    (node.min_rotas.clone(), node.max_rotas.clone()),
                    keep_y.then(|| l.y.clone()),
                );
            }
            restrict(&mut changes, i, bit);
        }
        let mut more = node.min_rotas.clone();
        more.push((b, part.rotas + 1));
        self.push_child(
            bound,
            changes,
            (more, node.max_rotas.clone()),
            keep_y.then(|| l.y.clone()),
        );
    }

    /// Branches on one item: take the chosen option, or never take it.
    fn branch(&mut self, node: &Node, allowed: &Allowed, l: &Lagrange, bound: f64) {
        if self.beaten(bound) {
            return;
        }
        let inst = self.inst;
        let Some((i, k)) = branching(inst, allowed, l)
            .and_then(|(i, c)| inst.items[i].option_of(c).map(|k| (i, k)))
        else {
            self.unresolved = self.unresolved.min(bound);
            return;
        };
        let bit = 1u64 << k;
        let keep_y = self.keeps_prices();
        for mask in [bit, allowed[i] & !bit] {
            if mask != 0 {
                let child = restricted(&node.changes, i, mask);
                self.push_child(
                    bound,
                    child,
                    (node.min_rotas.clone(), node.max_rotas.clone()),
                    keep_y.then(|| l.y.clone()),
                );
            }
        }
        let open_bound = self
            .heap
            .peek()
            .map_or(bound, |n| n.bound.min(bound))
            .min(self.unresolved);
        let ub = self.upper();
        self.progress
            .show(self.nodes, self.heap.len(), open_bound, ub, false);
    }

    /// The best assignment and the proven bound: the least open bound, or
    /// its cost when nothing stays open.
    fn finish(mut self) -> SearchResult {
        let inst = self.inst;
        let Incumbent { cost, assignment } = self
            .incumbent
            .take()
            .unwrap_or_else(|| cheapest_options(inst));
        let open = self
            .heap
            .iter()
            .map(|n| n.bound)
            .fold(f64::INFINITY, f64::min)
            .min(self.unresolved);
        let optimal = !self.cut_short
            && self.unresolved.is_infinite()
            && (self.heap.is_empty() || open >= cost - tolerance_at(cost));
        let bound = if optimal {
            cost
        } else {
            open.max(trivial_bound(inst)).min(cost)
        };
        self.progress
            .show(self.nodes, self.heap.len(), bound, cost, true);
        self.progress.done();
        SearchResult {
            assignment,
            cost,
            bound,
            optimal,
            nodes: self.nodes,
        }
    }
}

/// With no assignment yet (time ran out at once): every item at its
/// cheapest option, packed; always valid.
fn cheapest_options(inst: &Instance) -> Incumbent {
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
    let assignment = Assignment::from_choices(inst, choice);
    Incumbent {
        cost: assignment.cost(inst),
        assignment,
    }
}

/// Whatever happened, no assignment costs less than every item at its
/// cheapest.
fn trivial_bound(inst: &Instance) -> f64 {
    inst.fixed_cost
        + inst
            .items
            .iter()
            .map(|it| {
                (0..it.n_options())
                    .filter_map(|k| it.cost(it.choice(k)))
                    .fold(f64::INFINITY, f64::min)
            })
            .sum::<f64>()
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

/// A node's best prices, with the relaxation's value and choices at them.
struct Lagrange {
    value: f64,
    eval: Relaxation,
    y: Vec<f64>,
    /// Per block, the rotas the relaxation staffed, averaged over the price
    /// steps (an estimate of the linear mixture the prices converge to).
    rotas_avg: Vec<f64>,
}

/// The least share of a rota by which an average count must be fractional
/// for `branch_on_rotas`.
const FRACTIONAL: f64 = 0.1;

/// The block whose average rota count is the most fractional, weighted by
/// its standby; none when every average is within `FRACTIONAL` of a whole
/// count.
fn fractional_block(inst: &Instance, l: &Lagrange) -> Option<(usize, f64)> {
    let mut best: Option<(f64, usize, f64)> = None;
    for (b, &avg) in l.rotas_avg.iter().enumerate() {
        let frac = avg - avg.floor();
        let off = frac.min(1.0 - frac);
        if off < FRACTIONAL {
            continue;
        }
        let score = off * inst.blocks[b].standby;
        if best.as_ref().is_none_or(|x| score > x.0) {
            best = Some((score, b, avg));
        }
    }
    best.map(|(_, b, avg)| (b, avg))
}

/// Item `i`'s price `v` within its bounds: never negative, and never above
/// its cost with no cover when that is allowed.
fn capped_price(inst: &Instance, allowed: &Allowed, i: usize, v: f64) -> f64 {
    let v = v.max(0.0);
    match inst.items[i].none {
        Some(n) if is_allowed(inst, allowed, i, Choice::None) => v.min(n),
        _ => v,
    }
}

/// Progress of the subgradient optimisation is judged over this many steps
/// (a count of steps, not a time, so the result is the same on every machine).
const WINDOW: usize = 25;
/// It has stalled when the last `WINDOW` steps closed less than this share of
/// the remaining gap.
const STALL: f64 = 0.01;

/// The Polyak step size's multiplier: halved after `PATIENCE` steps without
/// progress; optimisation stops below `MIN_STEP`.
struct StepSize {
    size: f64,
    since: usize,
}

const PATIENCE: usize = 8;
const MIN_STEP: f64 = 1e-4;

impl StepSize {
    fn new() -> StepSize {
        StepSize {
            size: 1.0,
            since: 0,
        }
    }

    fn progress(&mut self) {
        self.since = 0;
    }

    fn no_progress(&mut self) {
        self.since += 1;
        if self.since >= PATIENCE {
            self.size /= 2.0;
            self.since = 0;
        }
    }
}

impl Search<'_> {
    /// Subgradient optimisation of the prices from `y`, aiming at `ub`.
    fn lagrange(
        &self,
        allowed: &Allowed,
        (min_rotas, max_rotas): (&[usize], &[usize]),
        mut y: Vec<f64>,
        ub: f64,
        iterations: usize,
    ) -> Option<Lagrange> {
        let inst = self.inst;
        for (i, v) in y.iter_mut().enumerate() {
            *v = capped_price(inst, allowed, i, *v);
        }
        let first = relax::evaluate_capped(inst, allowed, min_rotas, max_rotas, &y, None)?;
        let mut rotas_sum: Vec<f64> = first.blocks.iter().map(|p| p.rotas as f64).collect();
        let mut steps = 1.0;
        let mut best = Lagrange {
            value: first.value,
            eval: first.clone(),
            y: y.clone(),
            rotas_avg: Vec::new(),
        };
        let mut current = first;
        let mut step = StepSize::new();
        // Best value at each step, to stop once progress has stalled.
        let mut history = Vec::with_capacity(iterations + 1);
        for it in 0..iterations {
            history.push(best.value);
            self.trace.step(it, iterations, best.value, step.size);
            // On the grid, a bound within a step of `ub` already closes the node.
            let closes = grid::lift(self.grid, best.value) >= ub - tolerance_at(ub);
            if closes || finished(best.value, ub, &step, &history) || self.deadline.passed() {
                break;
            }
            let Some(t) = step_length(&current, ub, &step) else {
                break;
            };
            let changed = move_prices(inst, allowed, &mut y, &current.subgradient, t);
            current = relax::evaluate_capped(
                inst,
                allowed,
                min_rotas,
                max_rotas,
                &y,
                Some((&current, &changed)),
            )?;
            for (sum, p) in rotas_sum.iter_mut().zip(&current.blocks) {
                *sum += p.rotas as f64;
            }
            steps += 1.0;
            if current.value > best.value + tolerance_at(best.value) * 1e-3 {
                best = Lagrange {
                    value: current.value,
                    eval: current.clone(),
                    y: y.clone(),
                    rotas_avg: Vec::new(),
                };
                step.progress();
            } else {
                step.no_progress();
            }
        }
        best.rotas_avg = rotas_sum.iter().map(|r| r / steps).collect();
        Some(best)
    }
}

/// The bound `best` reaches `ub`, the step size is spent, or progress over
/// the last `WINDOW` steps has stalled.
fn finished(best: f64, ub: f64, step: &StepSize, history: &[f64]) -> bool {
    let it = history.len() - 1;
    best >= ub - tolerance_at(ub)
        || step.size < MIN_STEP
        || (ub.is_finite() && it >= WINDOW && best - history[it - WINDOW] < STALL * (ub - best))
}

/// The Polyak step from `current` towards `ub` (or, with no assignment yet, a
/// little above `current`); none when the subgradient or the step vanishes.
fn step_length(current: &Relaxation, ub: f64, step: &StepSize) -> Option<f64> {
    let norm: f64 = current.subgradient.iter().map(|g| g * g).sum();
    if norm == 0.0 {
        return None;
    }
    let target = if ub.is_finite() {
        ub
    } else {
        current.value + 0.05 * current.value.abs() + 1.0
    };
    let t = step.size * (target - current.value).max(0.0) / norm;
    (t > 0.0).then_some(t)
}

/// Moves the prices `t` along the subgradient, within their bounds; which
/// prices changed.
fn move_prices(
    inst: &Instance,
    allowed: &Allowed,
    y: &mut [f64],
    subgradient: &[f64],
    t: f64,
) -> Vec<bool> {
    let mut changed = vec![false; y.len()];
    for (i, (v, &g)) in y.iter_mut().zip(subgradient).enumerate() {
        if g != 0.0 {
            let old = *v;
            *v = capped_price(inst, allowed, i, *v + t * g);
            changed[i] = *v != old;
        }
    }
    changed
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

/// Packs each block's items on the rotas the relaxation counted: the
/// assignment when all fit, else the first block that does not. With
/// `exact` (the search's deadline), a packing the budget leaves undecided
/// goes to `pack::fit_exact`, its budget growing fourfold each time, until
/// it decides or the deadline passes.
fn leaf(
    inst: &Instance,
    l: &Lagrange,
    budget: u64,
    exact: Option<Deadline>,
    trace: &Trace,
) -> Leaf {
    let mut choice = vec![Choice::None; inst.items.len()];
    let mut packings = vec![Vec::new(); inst.blocks.len()];
    for (b, part) in l.eval.blocks.iter().enumerate() {
        if part.taken.is_empty() {
            continue;
        }
        let mut fit = pack::fit(inst, &inst.blocks[b], &part.taken, part.rotas, budget / 25);
        if fit == Fit::Unknown && exact.is_none() {
            fit = pack::fit(inst, &inst.blocks[b], &part.taken, part.rotas, budget);
        }
        if let Some(deadline) = exact {
            let mut more = budget.max(1);
            let undecided = fit == Fit::Unknown;
            while fit == Fit::Unknown && !deadline.passed() {
                let start = Instant::now();
                fit = pack::fit_exact(inst, &inst.blocks[b], &part.taken, part.rotas, more);
                trace.exact_packing(inst, b, part, more, &fit, start);
                more = more.saturating_mul(4);
            }
            // Where the item search with the whole budget packs them too,
            // its packing: the layouts it found before the exact search
            // existed stay the same, byte for byte.
            if undecided && matches!(fit, Fit::Yes(_)) {
                let old = pack::fit(inst, &inst.blocks[b], &part.taken, part.rotas, budget);
                debug_assert!(old != Fit::No, "the exact packing fits where fit says no");
                if matches!(old, Fit::Yes(_)) {
                    fit = old;
                }
            }
        }
        match fit {
            Fit::Yes(p) => {
                for &i in &part.taken {
                    choice[i] = Choice::Block(b);
                }
                packings[b] = p;
            }
            Fit::No => return Leaf::NoFit(b),
            Fit::Unknown => return Leaf::Undecided(b),
        }
    }
    Leaf::Packed(Assignment::from_packings(inst, choice, packings))
}

/// Bound, best cost and gap on stderr, at most twice a second (when asked
/// for and stderr is a terminal).
struct Progress {
    on: bool,
    last: Instant,
    start: Instant,
}

impl Progress {
    fn new(asked: bool, start: Instant) -> Progress {
        Progress {
            on: asked && std::io::stderr().is_terminal(),
            last: start,
            start,
        }
    }

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

/// The development trace on stderr: with `ROTA_DEBUG` set, subgradient
/// progress at the root, each node's bound, and how its assignment compares
/// with its relaxation; with `ROTA_DEBUG_SETS` too, the items of each block
/// whose packing needs more rotas than the relaxation counted.
struct Trace {
    on: bool,
    start: Instant,
}

impl Trace {
    fn from_env(start: Instant) -> Trace {
        Trace {
            on: std::env::var_os("ROTA_DEBUG").is_some(),
            start,
        }
    }

    /// Subgradient step `it` of a long optimisation (the root's), every
    /// `WINDOW` steps.
    fn step(&self, it: usize, iterations: usize, bound: f64, step: f64) {
        if self.on && iterations > 100 && it.is_multiple_of(WINDOW) {
            eprintln!("   step {it}: bound {bound:.2}, step size {step}");
        }
    }

    fn node(
        &self,
        nodes: usize,
        depth: usize,
        bound: f64,
        ub: f64,
        consistent: impl FnOnce() -> bool,
    ) {
        if self.on {
            eprintln!(
                "node {nodes} depth {depth} bound {bound:.2} ub {ub:.2} consistent {} t {:.2}s",
                consistent(),
                self.start.elapsed().as_secs_f64()
            );
        }
    }

    /// A node's assignment `a` beside the relaxation's raw choices and its
    /// rota counts.
    fn assignment(&self, inst: &Instance, allowed: &Allowed, l: &Lagrange, a: &Assignment) {
        if !self.on {
            return;
        }
        let raw = local::from_relaxation(inst, allowed, &l.eval, &l.y);
        eprintln!("  heuristic {:.2} raw {:.2}", a.cost(inst), raw.cost(inst));
        let staffed = |cover| -> usize {
            a.rotas
                .iter()
                .enumerate()
                .filter(|(b, _)| inst.blocks[*b].cover == cover)
                .map(|(_, v)| v.len())
                .sum()
        };
        let counted = |cover| -> usize {
            l.eval
                .blocks
                .iter()
                .enumerate()
                .filter(|(b, _)| inst.blocks[*b].cover == cover)
                .map(|(_, p)| p.rotas)
                .sum()
        };
        let item_cost: f64 = a
            .choice
            .iter()
            .enumerate()
            .map(|(i, &c)| inst.items[i].cost(c).unwrap_or(0.0))
            .sum();
        eprintln!(
            "  team rotas h {} relax {}; domain rotas h {} relax {}; item cost h {:.0}",
            staffed(Cover::TeamRota),
            counted(Cover::TeamRota),
            staffed(Cover::DomainRota),
            counted(Cover::DomainRota),
            item_cost
        );
        self.misfits(inst, l, &raw);
    }

    /// The blocks where the relaxation's raw choices pack onto another
    /// number of rotas than it counted.
    fn misfits(&self, inst: &Instance, l: &Lagrange, raw: &Assignment) {
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

    /// One run of the exact packing at a leaf: its answer and time.
    fn exact_packing(
        &self,
        inst: &Instance,
        b: usize,
        part: &relax::BlockPart,
        budget: u64,
        fit: &Fit,
        start: Instant,
    ) {
        if self.on {
            let answer = match fit {
                Fit::Yes(_) => "fits",
                Fit::No => "does not fit",
                Fit::Unknown => "undecided",
            };
            eprintln!(
                "  exact packing of block {b} ({} items, {} rotas, budget {budget}): {answer} in {:.3}s",
                part.taken.len(),
                part.rotas,
                start.elapsed().as_secs_f64()
            );
            self.set(inst, b, part);
        }
    }

    /// With `ROTA_DEBUG_SETS`, a block's items as (load, team) and its
    /// capacity and team limit.
    fn set(&self, inst: &Instance, b: usize, part: &relax::BlockPart) {
        if std::env::var_os("ROTA_DEBUG_SETS").is_some() {
            let v: Vec<(f64, usize)> = part
                .taken
                .iter()
                .map(|&i| (inst.items[i].load, inst.items[i].team))
                .collect();
            eprintln!("    SET {} {} {:?}", inst.cap, inst.blocks[b].max_teams, v);
        }
    }

    fn unresolved(&self, inst: &Instance, b: usize, l: &Lagrange) {
        if self.on {
            eprintln!(
                "  unresolved packing in block {b} ({} items, {} rotas)",
                l.eval.blocks[b].taken.len(),
                l.eval.blocks[b].rotas
            );
            self.set(inst, b, &l.eval.blocks[b]);
        }
    }
}
